"""Which practice to offer when someone says "I have N minutes"."""

from __future__ import annotations

from collections.abc import Sequence

from stsdesk.core.catalog import Catalog
from stsdesk.core.exercise import Exercise


def suggest(catalog: Catalog, minutes: int, recent_ids: Sequence[str] = ()) -> Exercise | None:
    """A practice that fits ``minutes``, rotating so the same one is not offered every time.

    Exact-length practices come first, then the nearest shorter ones. Among those, the one
    practised least recently wins (never practised beats everything); at 3 minutes or less a
    discreet practice is preferred, since short breaks are usually taken at the desk.
    """
    candidates = catalog.for_minutes(minutes)
    if not candidates:
        return None
    best_length = max(e.length_for(minutes) or 0 for e in candidates)
    pool = [e for e in candidates if e.length_for(minutes) == best_length]
    if minutes <= 3 and any(e.discreet for e in pool):
        pool = [e for e in pool if e.discreet]
    last_seen = {exercise_id: i for i, exercise_id in enumerate(recent_ids)}
    return min(pool, key=lambda e: (-last_seen.get(e.id, len(recent_ids) + 1), e.id))
