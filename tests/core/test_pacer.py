"""The breathing shape: eased, continuous from phase to phase, labelled in words."""

from __future__ import annotations

import itertools

import pytest

from stsdesk.core.pacer import PHASES, level, phase_label


def test_the_shape_fills_on_the_in_breath_and_empties_on_the_out_breath():
    assert level("in", 0.0) == 0.0
    assert level("in", 0.5) == pytest.approx(0.5)
    assert level("in", 1.0) == 1.0
    assert level("out", 0.0) == 1.0
    assert level("out", 1.0) == pytest.approx(0.0)
    assert level("hold", 0.3) == 1.0
    assert level("rest", 0.7) == 0.0


def test_the_ease_is_gentle_at_both_ends_and_never_goes_backwards():
    steps = [n / 100 for n in range(101)]
    filling = [level("in", p) for p in steps]
    assert all(a <= b for a, b in itertools.pairwise(filling))
    assert filling[1] - filling[0] < 0.001  # starts slowly
    assert filling[51] - filling[50] > 0.015  # fastest mid-breath
    assert [level("out", p) for p in steps] == pytest.approx([1 - v for v in filling])


@pytest.mark.parametrize(("phase", "after"), [("in", "hold"), ("hold", "out"), ("out", "rest")])
def test_phases_join_without_a_jump(phase, after):
    assert level(phase, 1.0) == pytest.approx(level(after, 0.0))


def test_progress_outside_zero_to_one_is_clamped():
    assert level("in", -0.5) == 0.0
    assert level("in", 1.5) == 1.0


def test_phase_labels_are_words():
    assert [phase_label(p) for p in PHASES] == ["Breathe in", "Hold", "Breathe out", "Rest"]


@pytest.mark.parametrize("call", [lambda: level("sigh", 0.5), lambda: phase_label("sigh")])
def test_an_unknown_phase_is_a_programming_error(call):
    with pytest.raises(ValueError, match="sigh"):
        call()
