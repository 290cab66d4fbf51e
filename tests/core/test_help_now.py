"""Help me now opens the quickest eyes-open sensory reset, whatever the catalogue holds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from stsdesk.core.catalog import Catalog, load_catalog
from stsdesk.core.help_now import HELP_NOW_ID, help_now_practice, suits_a_hard_moment

BUILTIN = Path(__file__).resolve().parents[2] / "assets" / "packs" / "core"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([BUILTIN])


def _without(catalog: Catalog, *ids: str) -> Catalog:
    return Catalog(catalog.packs, tuple(e for e in catalog.exercises if e.id not in ids))


def test_the_builtin_pack_gives_the_quick_sensory_reset_at_one_minute(catalog) -> None:
    found = help_now_practice(catalog)
    assert found is not None
    exercise, minutes = found
    assert (exercise.id, minutes) == (HELP_NOW_ID, 1)
    assert suits_a_hard_moment(exercise)


def test_without_it_the_quickest_discreet_eyes_open_practice(catalog) -> None:
    exercise, minutes = help_now_practice(_without(catalog, HELP_NOW_ID))
    assert minutes == 1
    assert exercise.discreet
    assert suits_a_hard_moment(exercise)
    assert exercise.family == "resiliency"  # a resiliency skill before a stress one


def test_a_reset_changed_to_eyes_closed_is_not_offered(catalog) -> None:
    changed = [
        dataclasses.replace(e, tags=frozenset({"eyes-closed"})) if e.id == HELP_NOW_ID else e
        for e in catalog.exercises
    ]
    exercise, _ = help_now_practice(Catalog(catalog.packs, tuple(changed)))
    assert exercise.id != HELP_NOW_ID
    assert not exercise.eyes_closed


def test_nothing_suitable_gives_none(catalog) -> None:
    closed = [e for e in catalog.exercises if e.eyes_closed]
    assert help_now_practice(Catalog(catalog.packs, tuple(closed))) is None
