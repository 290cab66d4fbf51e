"""The shipped library (assets/packs/core) loads cleanly and fits every length it offers."""

from __future__ import annotations

from pathlib import Path

import pytest

from stsdesk.core.catalog import load_pack
from stsdesk.core.pack_files import format_problem
from stsdesk.core.timeline import compile_timeline

CORE_PACK = Path(__file__).resolve().parents[2] / "assets" / "packs" / "core"
MIN_EXERCISES = 30


@pytest.fixture(scope="module")
def core():
    return load_pack(CORE_PACK)


def test_the_core_pack_loads_without_problems(core):
    assert [format_problem(p) for p in core.problems] == []
    assert core.pack is not None
    assert len(core.exercises) >= MIN_EXERCISES


def test_every_exercise_compiles_at_every_length_within_two_percent(core):
    assert core.exercises, "no exercises loaded"
    for exercise in core.exercises:
        for minutes in exercise.lengths:
            for variant in exercise.variants or (None,):
                timeline = compile_timeline(exercise, minutes, variant_id=variant and variant.id)
                assert abs(timeline.cues[-1].at - minutes * 60) <= 0.02 * minutes * 60
                assert max(c.end for c in timeline.cues) <= minutes * 60 * 1.02
