"""Compile an exercise at a chosen length into timed cues: the words are fixed, silences stretch.

This is the timing model of ``assets/README.md``: a 3-second start bell, each spoken line
(its narration clip's length, or an estimate), each minimum pause and each fixed breathing
section are fixed time; ``share`` breathing sections take their share of what is left in
whole breaths; the rest is spread over weighted pauses (or added to the last pause). So a
practice lasts exactly the chosen length, and one that cannot is a ``ContentError``.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from stsdesk.core.errors import ContentError
from stsdesk.core.exercise import BreathPattern, Exercise, Step
from stsdesk.core.pacer import PHASES

WORDS_PER_MINUTE = 140
START_BELL_SECONDS = 3.0
SPEECH_PADDING_SECONDS = 0.4
_EPSILON = 1e-9


class CueKind(StrEnum):
    """What a cue asks the player to do."""

    BELL = "bell"  # text: "start", "step" or "end"
    SPEECH = "speech"  # text: the caption, every spoken word
    SHOW = "show"  # text: on-screen words for a pause
    BREATH = "breath"  # phase: "in", "hold", "out" or "rest"
    IMAGE = "image"  # clip: the illustration for the step
    END = "end"


@dataclass(frozen=True)
class Cue:
    """Something that starts ``at`` seconds into the practice and lasts ``duration``.

    ``clip`` is the media file the cue plays or shows (narration, or a step's image);
    ``step`` is the index into ``Timeline.step_starts`` (-1 for the start and end).
    """

    at: float
    kind: CueKind
    duration: float
    text: str = ""
    clip: Path | None = None
    phase: str | None = None
    step: int = -1

    @property
    def end(self) -> float:
        return self.at + self.duration


@dataclass(frozen=True)
class Timeline:
    """An exercise compiled at one length; the player asks it "what now?" by elapsed time."""

    exercise_id: str
    minutes: int
    total: float
    cues: tuple[Cue, ...]
    step_starts: tuple[float, ...]

    @cached_property
    def _captions(self) -> tuple[Cue, ...]:
        return tuple(c for c in self.cues if c.kind in (CueKind.SPEECH, CueKind.SHOW))

    @cached_property
    def _breaths(self) -> tuple[Cue, ...]:
        return tuple(c for c in self.cues if c.kind is CueKind.BREATH)

    @cached_property
    def _breath_starts(self) -> tuple[float, ...]:
        return tuple(c.at for c in self._breaths)

    def step_at(self, t: float) -> int:
        """Index of the step playing at ``t``; -1 during the start bell and after the end."""
        if t >= self.total:
            return -1
        return bisect_right(self.step_starts, t) - 1

    def caption_at(self, t: float) -> str:
        """The caption to show at ``t``: the step's latest spoken or shown words so far."""
        step = self.step_at(t)
        text = ""
        for cue in self._captions:
            if cue.at > t:
                break
            if cue.step == step:
                text = cue.text
        return text

    def breath_at(self, t: float) -> tuple[Cue | None, float]:
        """The breathing phase at ``t`` and how far through it (0..1), or ``(None, 0.0)``."""
        index = bisect_right(self._breath_starts, t) - 1
        if index < 0:
            return None, 0.0
        cue = self._breaths[index]
        if t >= cue.end:
            return None, 0.0
        return cue, (t - cue.at) / cue.duration

    def next_step_start(self, t: float) -> float:
        """Where skipping from ``t`` lands: the next step's start, or the end."""
        index = bisect_right(self.step_starts, t + _EPSILON)
        return self.step_starts[index] if index < len(self.step_starts) else self.total


def speech_seconds(step: Step, wpm: float = WORDS_PER_MINUTE) -> float:
    """How long ``say`` lasts: its narration clip's length, or an estimate until one exists."""
    if not step.say:
        return 0.0
    if step.clip is not None:
        return step.clip.seconds
    return len(step.say.split()) / wpm * 60.0 + SPEECH_PADDING_SECONDS


@dataclass
class _Plan:
    """One step's share of the time while the length is being worked out."""

    step: Step
    speech: float
    pause: float
    pattern: BreathPattern | None
    cycles: int

    @property
    def duration(self) -> float:
        breath = self.cycles * self.pattern.cycle_seconds if self.pattern else 0.0
        return self.speech + self.pause + breath


def _default_pattern(exercise: Exercise, variant_id: str | None) -> BreathPattern | None:
    if variant_id is None:
        return exercise.variants[0].pattern if exercise.variants else None
    for variant in exercise.variants:
        if variant.id == variant_id:
            return variant.pattern
    raise ContentError(str(exercise.source), "variants", f"there is no variant {variant_id!r}")


def _plan(exercise: Exercise, step: Step, default: BreathPattern | None, wpm: float) -> _Plan:
    pattern = None
    if step.breathe is not None:
        pattern = step.breathe.pattern or default
        if pattern is None:
            raise ContentError(str(exercise.source), "steps", "a breathing step has no pattern")
    cycles = (step.breathe.cycles or 0) if step.breathe else 0
    return _Plan(step, speech_seconds(step, wpm), step.pause, pattern, cycles)


def _fill(plans: list[_Plan], spare: float) -> None:
    """Hand out the spare time: whole breaths to ``share`` sections, the rest to pauses."""
    left = spare
    for plan in plans:
        share = plan.step.breathe.share if plan.step.breathe else None
        if share is not None and plan.pattern is not None:
            plan.cycles = math.floor(share * spare / plan.pattern.cycle_seconds + _EPSILON)
            left -= plan.cycles * plan.pattern.cycle_seconds
    weights = sum(p.step.weight for p in plans)
    if weights > 0:
        for plan in plans:
            plan.pause += left * plan.step.weight / weights
    else:
        plans[-1].pause += left


def _step_cues(index: int, plan: _Plan, at: float) -> list[Cue]:
    step = plan.step
    cues = []
    if step.bell:
        cues.append(Cue(at, CueKind.BELL, 0.0, "step", step=index))
    if step.image is not None:
        cues.append(Cue(at, CueKind.IMAGE, plan.duration, clip=step.image, step=index))
    if step.say:
        clip = step.audio or (step.clip.path if step.clip else None)
        cues.append(Cue(at, CueKind.SPEECH, plan.speech, step.say, clip=clip, step=index))
    at += plan.speech
    if plan.pattern is not None:
        for _ in range(plan.cycles):
            for phase, seconds in zip(PHASES, plan.pattern.phases(), strict=True):
                if seconds > 0:
                    cues.append(Cue(at, CueKind.BREATH, seconds, phase=phase, step=index))
                    at += seconds
    if step.show:
        cues.append(Cue(at, CueKind.SHOW, plan.pause, step.show, step=index))
    return cues


def compile_timeline(
    exercise: Exercise,
    minutes: int,
    *,
    variant_id: str | None = None,
    wpm: float = WORDS_PER_MINUTE,
) -> Timeline:
    """Lay the exercise out over exactly ``minutes`` (see the module docstring).

    Within a step the order is: words, breathing, then the pause (with any ``show`` text),
    so stretched silence follows the breathing instead of delaying it. A step ``bell``
    rings as the step begins and takes no time of its own.
    Raises ``ContentError`` (field ``lengths``) with the seconds needed if it cannot fit.
    """
    source = str(exercise.source)
    steps = exercise.steps_for(minutes)
    if not steps:
        raise ContentError(source, "lengths", f"no step is included at {minutes} min")
    default = _default_pattern(exercise, variant_id)
    plans = [_plan(exercise, step, default, wpm) for step in steps]
    total = minutes * 60.0
    needed = START_BELL_SECONDS + sum(p.duration for p in plans)
    if needed > total + _EPSILON:
        with_variant = f" with variant {variant_id!r}" if variant_id else ""
        raise ContentError(
            source,
            "lengths",
            f"{minutes} min does not fit{with_variant}: the script needs at least "
            f"{math.ceil(needed - _EPSILON)} seconds",
        )
    _fill(plans, max(total - needed, 0.0))
    cues = [Cue(0.0, CueKind.BELL, START_BELL_SECONDS, "start")]
    starts = []
    at = START_BELL_SECONDS
    for index, plan in enumerate(plans):
        starts.append(at)
        cues.extend(_step_cues(index, plan, at))
        at += plan.duration
    cues += [Cue(total, CueKind.BELL, 0.0, "end"), Cue(total, CueKind.END, 0.0)]
    cues.sort(key=lambda cue: cue.at)
    return Timeline(exercise.id, minutes, total, tuple(cues), tuple(starts))
