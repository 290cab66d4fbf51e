"""Home's "I have N minutes" picks something that fits, and rotates."""

from __future__ import annotations

from pathlib import Path

import pytest

from stsdesk.core.catalog import load_catalog
from stsdesk.core.suggest import suggest

BUILTIN = Path(__file__).resolve().parents[2] / "assets" / "packs" / "core"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog([BUILTIN])


@pytest.mark.parametrize("minutes", [1, 3, 5, 10])
def test_suggestion_fits_the_time(catalog, minutes: int) -> None:
    exercise = suggest(catalog, minutes)
    assert exercise is not None
    assert minutes in exercise.lengths
    if minutes <= 3:
        assert exercise.discreet


def test_suggestions_rotate_away_from_recent_practice(catalog) -> None:
    first = suggest(catalog, 3)
    second = suggest(catalog, 3, recent_ids=[first.id])
    assert second is not None
    assert second.id != first.id


def test_nothing_fits_gives_none(catalog) -> None:
    assert suggest(catalog, 0) is None
