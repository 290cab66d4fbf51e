"""The route into a practice: what the before check-in answer gently offers instead.

Two rules, written once (CONTENT.md, "Safety and tone"):

- **Help now first at high distress.** A before-rating at or above the support threshold
  (``records.offers_support``) offers the quickest eyes-open sensory reset and the Support page,
  with "continue with my practice" as the other choice.
- **Activating skills first in the Low zone.** Someone "flat, numb, tired" who chose a practice
  with the eyes closed, or a long breathing practice, is offered eyes-open, activating practices
  (grounding, movement, orienting) of the same length.

An offer never blocks: the practice chosen is always one click away. Pure functions, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from stsdesk.core.catalog import Catalog
from stsdesk.core.exercise import Exercise
from stsdesk.core.help_now import HELP_NOW_ID, help_now_practice
from stsdesk.core.records import CheckIn, Zone, offers_support

__all__ = ["HELP_NOW_ID", "Detour", "Offer", "detour", "is_activating"]

ACTIVATING_IDS = frozenset(
    {
        "quick-sensory-reset",
        "five-senses",
        "grounding-at-the-desk",
        "grounding-feet-and-seat",
        "grounding-standing",
        "push-the-wall",
        "mindful-walking",
        "gesturing",
    }
)
"""Built-in practices that ground, orient or move (any eyes-open movement practice counts too)."""

LONG_BREATHING_MINUTES = 5
"""A breathing practice this long or longer is "long" for the Low-zone offer."""

MAX_ALTERNATIVES = 3


class Offer(StrEnum):
    """Which gentle offer the check-in answer calls for."""

    HELP_NOW = "help-now"
    ACTIVATING = "activating"


@dataclass(frozen=True)
class Detour:
    """What to offer before the practice chosen: practices (each with the minutes to play it),
    and whether the Support page is offered too. "Continue with my practice" is always offered."""

    offer: Offer
    practices: tuple[tuple[Exercise, int], ...]
    support: bool


def is_activating(exercise: Exercise) -> bool:
    """Eyes open, and grounding, orienting or moving (``ACTIVATING_IDS`` or tagged movement)."""
    if exercise.eyes_closed:
        return False
    return exercise.id in ACTIVATING_IDS or exercise.movement


def breath_paced(exercise: Exercise, minutes: int) -> bool:
    """Whether the practice at this length has a paced breathing section."""
    return any(step.breathe is not None for step in exercise.steps_for(minutes))


def settling_for_low_zone(exercise: Exercise, minutes: int) -> bool:
    """A practice the Low zone is offered something else before: eyes closed, or breathing
    for ``LONG_BREATHING_MINUTES`` or more; never an activating one."""
    if is_activating(exercise):
        return False
    return exercise.eyes_closed or (
        minutes >= LONG_BREATHING_MINUTES and breath_paced(exercise, minutes)
    )


def _by_recency(exercises: Iterable[Exercise], recent_ids: Sequence[str]) -> list[Exercise]:
    """Least recently practised first (never practised first of all), then by title."""
    first_seen: dict[str, int] = {}
    for index, exercise_id in enumerate(recent_ids):
        first_seen.setdefault(exercise_id, index)
    never = len(recent_ids) + 1
    return sorted(exercises, key=lambda e: (-first_seen.get(e.id, never), e.title.casefold(), e.id))


def detour(
    check_in: CheckIn,
    exercise: Exercise,
    minutes: int,
    catalog: Catalog,
    recent_ids: Sequence[str] = (),
) -> Detour | None:
    """What the before check-in answer offers before ``exercise`` at ``minutes``, or None.

    High distress comes first (support is offered even if the help-now practice is missing,
    and nothing when the practice chosen is the help-now one); then the Low zone, when the
    practice chosen settles rather than activates and an activating one fits ``minutes``.
    ``recent_ids`` (newest first) varies the activating practices offered.
    """
    if offers_support(check_in.distress):
        reset = help_now_practice(catalog)  # the one "Help me now" rule (core.help_now)
        if reset is not None and exercise.id == reset[0].id:
            return None
        return Detour(Offer.HELP_NOW, (reset,) if reset is not None else (), support=True)
    if check_in.zone is Zone.LOW and settling_for_low_zone(exercise, minutes):
        fitting = [e for e in catalog.exercises if is_activating(e) and e.fits(minutes)]
        chosen = _by_recency(fitting, recent_ids)[:MAX_ALTERNATIVES]
        if chosen:
            return Detour(
                Offer.ACTIVATING,
                tuple((e, e.length_for(minutes)) for e in chosen),
                support=False,
            )
    return None
