"""Which practice "Help me now" opens: one rule, the same from Home, the tray and the command line.

Someone who asks for help now is in a hard moment, perhaps with a client still in the room:
the practice must be short, done with eyes open, silent-capable (captions are enough) and
still (no standing up or walking). The built-in pack's "Quick sensory reset" was written for
exactly this, so it is the one when it is offered; an organization that removed it (or a
catalogue without it) gets the quickest practice that keeps to the same conditions, a
discreet one first, a resiliency one next, then by id so the answer never changes by chance.
"""

from __future__ import annotations

from stsdesk.core.catalog import Catalog
from stsdesk.core.exercise import Exercise

HELP_NOW_ID = "quick-sensory-reset"
"""The practice written for a hard moment: water, colours, sounds and textures, eyes open."""


def suits_a_hard_moment(exercise: Exercise) -> bool:
    """Eyes open, no sound needed, no movement, and at least one length offered."""
    return bool(exercise.lengths) and not (
        exercise.eyes_closed or exercise.needs_audio or exercise.movement
    )


def help_now_practice(catalog: Catalog) -> tuple[Exercise, int] | None:
    """The practice and length "Help me now" starts at once (no check-in first): the quick
    sensory reset at its shortest length when the catalogue offers it and it suits a hard
    moment, else the quickest practice that does; ``None`` when none does."""
    preferred = catalog.get(HELP_NOW_ID)
    if preferred is not None and suits_a_hard_moment(preferred):
        return preferred, preferred.lengths[0]
    pool = [e for e in catalog.exercises if suits_a_hard_moment(e)]
    if not pool:
        return None
    best = min(pool, key=lambda e: (e.lengths[0], not e.discreet, e.family != "resiliency", e.id))
    return best, best.lengths[0]
