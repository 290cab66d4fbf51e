"""What one practice leaves behind: the record shared by the player, the store and stats."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Zone(StrEnum):
    """Where a person feels they are, in resilient-zone terms; never judged."""

    HIGH = "high"
    RESILIENT = "resilient"
    LOW = "low"


class Source(StrEnum):
    """How a practice came to be logged."""

    GUIDED = "guided"
    MANUAL = "manual"


HIGH_DISTRESS = 8
"""A rating at or above this gently offers support after a practice (``offers_support``)."""


def offers_support(*ratings: int | None) -> bool:
    """The support rule, the one place it is written: any distress rating (0 to 10) given at or
    above ``HIGH_DISTRESS`` gently offers support; ratings not given (None) never do."""
    return any(r is not None and r >= HIGH_DISTRESS for r in ratings)


@dataclass(frozen=True)
class CheckIn:
    """What the person chose to share before or after a practice; every part is optional."""

    distress: int | None = None
    zone: Zone | None = None
    note: str = ""


@dataclass(frozen=True)
class PracticeRecord:
    """One practice, as the user did it.

    ``started_at`` is an aware datetime in the UTC offset in effect where and when the practice
    started (e.g. ``2026-03-08T03:30:00-07:00``): the exact instant and the local wall time in
    one value. ``time_zone`` is the IANA name then in effect, or "" when only the offset is
    known (a manual entry written with an offset). ``local_day`` is ``started_at.date()``,
    fixed when the practice is recorded so that travel and DST never reshuffle history;
    ``core.days.stamp`` makes both from a UTC instant and a zone. ``practiced_seconds`` is what
    actually happened, ``minutes_chosen`` the length picked; ``id`` is set by the store.
    """

    exercise_id: str
    exercise_title: str
    family: str
    minutes_chosen: float
    started_at: datetime
    time_zone: str
    local_day: date
    practiced_seconds: float
    completed: bool
    source: Source = Source.GUIDED
    distress_before: int | None = None
    distress_after: int | None = None
    zone_before: Zone | None = None
    zone_after: Zone | None = None
    note: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    id: int | None = None

    @property
    def high_distress(self) -> bool:
        """Either rating was high enough to offer support (``offers_support``)."""
        return offers_support(self.distress_before, self.distress_after)
