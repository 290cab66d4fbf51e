"""Which practice to offer when someone says "I have N minutes".

One rule, used by Home's time buttons (which say what they will start) and the tray's quick
starts alike (``quick_choice``):

1. **Fits the time.** Practices that offer exactly ``minutes`` come first, else those with the
   nearest shorter length (``Exercise.length_for``).
2. **At the desk.** At 3 minutes or less a discreet practice is preferred.
3. **The zone.** The zone given at the last check-in of the past ``ZONE_FRESH`` hours (if any):
   Low prefers eyes-open activating practices (grounding, movement, orienting; see
   ``core.route.is_activating``); High prefers eyes-open ones.
4. **No holds by default.** A practice whose default breathing holds the breath (box, 4-7-8)
   is offered only when nothing else fits.
5. **Variety from history.** The practice done least recently wins; one never practised
   beats every practised one.
6. **A gentle start.** Ties go to activating practices (a newcomer starts with grounding),
   then by title.

Steps 2 to 4 only narrow the choice when something is left; nothing here is ever alphabetical
by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from stsdesk.core.catalog import Catalog
from stsdesk.core.exercise import Exercise
from stsdesk.core.records import PracticeRecord, Zone
from stsdesk.core.route import is_activating

ZONE_FRESH = timedelta(hours=3)
"""How long the zone of the last check-in is taken as the zone now."""


def holds_breath(exercise: Exercise) -> bool:
    """Whether the practice's default breathing pattern holds the breath in or out."""
    if not exercise.variants:
        return False
    pattern = exercise.variants[0].pattern
    return pattern.hold_in > 0 or pattern.hold_out > 0


def _narrow(pool: list[Exercise], keep: list[Exercise]) -> list[Exercise]:
    return keep if keep else pool


def suggest(
    catalog: Catalog,
    minutes: int,
    recent_ids: Sequence[str] = (),
    zone: Zone | None = None,
) -> Exercise | None:
    """A practice that fits ``minutes`` under the module's rule; ``recent_ids`` newest first."""
    candidates = catalog.for_minutes(minutes)
    if not candidates:
        return None
    best_length = max(e.length_for(minutes) for e in candidates)
    pool = [e for e in candidates if e.length_for(minutes) == best_length]
    if minutes <= 3:
        pool = _narrow(pool, [e for e in pool if e.discreet])
    if zone is Zone.LOW:
        pool = _narrow(pool, [e for e in pool if is_activating(e)])
    elif zone is Zone.HIGH:
        pool = _narrow(pool, [e for e in pool if not e.eyes_closed])
    pool = _narrow(pool, [e for e in pool if not holds_breath(e)])
    first_seen: dict[str, int] = {}
    for index, exercise_id in enumerate(recent_ids):
        first_seen.setdefault(exercise_id, index)
    never = len(recent_ids) + 1
    return min(
        pool,
        key=lambda e: (
            -first_seen.get(e.id, never),
            not is_activating(e),
            e.title.casefold(),
            e.id,
        ),
    )


def recent_zone(records: Sequence[PracticeRecord], now: datetime) -> Zone | None:
    """The zone of the newest check-in within ``ZONE_FRESH`` of ``now`` (records newest first):
    the after answer, else the before one; None when none was given lately."""
    for record in records:
        if now - record.started_at > ZONE_FRESH:
            return None
        zone = record.zone_after or record.zone_before
        if zone is not None:
            return zone
    return None


def quick_choice(
    catalog: Catalog, minutes: int, records: Sequence[PracticeRecord], now: datetime
) -> Exercise | None:
    """What "I have ``minutes``" starts, from the latest records (newest first) at ``now``."""
    return suggest(
        catalog,
        minutes,
        [record.exercise_id for record in records],
        recent_zone(records, now),
    )


def recent_choices(
    records: Sequence[PracticeRecord], catalog: Catalog, limit: int = 4
) -> list[tuple[Exercise, int]]:
    """Up to ``limit`` different practices from ``records`` (newest first), each with the
    length to play them at again: what Home's "Practice again" and the tray's list offer."""
    choices: list[tuple[Exercise, int]] = []
    seen: set[str] = set()
    for record in records:
        exercise = catalog.get(record.exercise_id)
        if exercise is None or exercise.id in seen:
            continue
        seen.add(exercise.id)
        choices.append((exercise, exercise.length_for(round(record.minutes_chosen))))
        if len(choices) == limit:
            break
    return choices
