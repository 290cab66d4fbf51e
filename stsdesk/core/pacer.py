"""Breathing maths for the pacer: how full the breathing shape is, and what to call a phase.

The widget only paints ``level``; easing lives here so that the shape never jumps (UI.md:
slow and purposeful motion) and so it can be tested without a screen.
"""

from __future__ import annotations

import math

PHASES = ("in", "hold", "out", "rest")
"""Breath phases in order; they match ``BreathPattern``'s four durations."""

_LABELS = {"in": "Breathe in", "hold": "Hold", "out": "Breathe out", "rest": "Rest"}


def _ease(progress: float) -> float:
    """Sine ease-in-out: starts and ends gently, like a breath."""
    return (1.0 - math.cos(math.pi * min(max(progress, 0.0), 1.0))) / 2.0


def level(phase: str, progress: float) -> float:
    """Fullness 0..1 of the breathing shape at ``progress`` (0..1) through ``phase``."""
    if phase == "in":
        return _ease(progress)
    if phase == "out":
        return 1.0 - _ease(progress)
    if phase == "hold":
        return 1.0
    if phase == "rest":
        return 0.0
    raise ValueError(f"unknown breath phase {phase!r}")


def phase_label(phase: str) -> str:
    """The words shown with the shape (so the pacer never relies on motion alone)."""
    try:
        return _LABELS[phase]
    except KeyError:
        raise ValueError(f"unknown breath phase {phase!r}") from None
