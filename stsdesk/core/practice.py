"""Building the record a practice leaves behind: the one place a ``PracticeRecord`` is made.

A guided practice (the player, through ``Session.record``) and a manual entry (the Journal's
"Add a practice" dialog and ``stsdesk log add``) are both stamped once, here, with the local
day they belong to (``core.days.stamp_here``: an unknown zone falls back to the instant's own
UTC offset rather than losing the practice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from stsdesk.core.days import stamp_here
from stsdesk.core.records import CheckIn, PracticeRecord, Source

COMPLETED_SHARE = 0.8
"""A guided practice counts as completed when at least this share of its planned length was
actually practised; time skipped over, like time before a stop, is not practice."""


def counts_as_completed(
    *, reached_end: bool, practiced_seconds: float, planned_seconds: float
) -> bool:
    """Whether a guided practice was completed: it ran to its end *and* at least
    ``COMPLETED_SHARE`` of ``planned_seconds`` was practised. Skipping through every step
    reaches the end without being completed."""
    if not reached_end:
        return False
    return practiced_seconds >= COMPLETED_SHARE * planned_seconds - 1e-6


def guided_record(
    *,
    exercise_id: str,
    title: str,
    family: str,
    minutes_chosen: float,
    started: datetime,
    zone: str,
    practiced_seconds: float,
    completed: bool,
    before: CheckIn,
    after: CheckIn,
) -> PracticeRecord:
    """A practice played in the app, as it happened: ``practiced_seconds`` rounded to 0.1 s,
    the ratings and zones of both check-ins, the after check-in's note."""
    started_at, day, zone = stamp_here(started, zone)
    return PracticeRecord(
        exercise_id=exercise_id,
        exercise_title=title,
        family=family,
        minutes_chosen=minutes_chosen,
        started_at=started_at,
        time_zone=zone,
        local_day=day,
        practiced_seconds=round(practiced_seconds, 1),
        completed=completed,
        source=Source.GUIDED,
        distress_before=before.distress,
        distress_after=after.distress,
        zone_before=before.zone,
        zone_after=after.zone,
        note=after.note,
    )


def manual_record(
    *,
    exercise_id: str,
    title: str,
    family: str,
    minutes: float,
    started: datetime,
    zone: str,
    distress_before: int | None = None,
    distress_after: int | None = None,
    note: str = "",
    tags: Iterable[str] = (),
) -> PracticeRecord:
    """A practice done away from the computer: completed, ``minutes`` long (chosen and
    practised), started at the aware instant ``started`` in the IANA ``zone`` ("" when only
    its offset is known). The note is stripped; blank tags are dropped, the rest stripped.

    Raises ``ValueError`` for a naive ``started`` or a negative ``minutes``.
    """
    if minutes < 0:
        raise ValueError("a practice cannot last a negative number of minutes")
    started_at, day, zone = stamp_here(started, zone)
    return PracticeRecord(
        exercise_id=exercise_id,
        exercise_title=title,
        family=family,
        minutes_chosen=minutes,
        started_at=started_at,
        time_zone=zone,
        local_day=day,
        practiced_seconds=minutes * 60.0,
        completed=True,
        source=Source.MANUAL,
        distress_before=distress_before,
        distress_after=distress_after,
        note=note.strip(),
        tags=tuple(tag.strip() for tag in tags if tag.strip()),
    )


def own_practice_id(name: str) -> str:
    """The exercise id of a practice of the person's own, logged by name ("Something else…"):
    ``own-`` and the name in lower case with every run of other characters made one hyphen
    ("A walk at lunch" is ``own-a-walk-at-lunch``); never the id of a practice on offer."""
    slug = re.sub(r"[^0-9a-z]+", "-", name.casefold()).strip("-")
    return f"own-{slug or 'practice'}"
