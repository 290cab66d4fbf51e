"""The exercise model: what a validated content pack holds, and the length rule.

Pure data; loading and validation live in ``stsdesk.core.catalog`` (through
``pack_files``, ``fields`` and ``pack_parse``). The format is specified in
``assets/README.md``.

The length rule, the one place it is written: an exercise *fits* ``N`` minutes when it
offers a length of at most ``N``; asked to play it for ``N`` minutes, the length played is
the longest offered length of at most ``N``, or its shortest when none is that short.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

MIN_MINUTES, MAX_MINUTES = 1, 20

FAMILIES: Mapping[str, str] = MappingProxyType(
    {
        "resiliency": "Resiliency skills",
        "compassion": "Compassion-focused practices",
        "self-compassion": "Self-compassion",
        "emotion": "Working with emotions",
        "stress": "Practical stress skills",
    }
)
TAGS: Mapping[str, str] = MappingProxyType(
    {
        "discreet": "Discreet",
        "needs-audio": "Needs audio",
        "eyes-closed": "Eyes closed",
        "movement": "Movement",
    }
)


@dataclass(frozen=True)
class BreathPattern:
    """Seconds of one breath: in, hold after in, out, hold after out."""

    inhale: float
    hold_in: float
    exhale: float
    hold_out: float

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold_in + self.exhale + self.hold_out

    def phases(self) -> tuple[float, float, float, float]:
        """The four durations in breathing order, as the pacer's phases expect them."""
        return (self.inhale, self.hold_in, self.exhale, self.hold_out)


@dataclass(frozen=True)
class Breathe:
    """A paced-breathing section; ``pattern`` is None when the chosen variant supplies it."""

    pattern: BreathPattern | None
    cycles: int | None
    share: float | None


@dataclass(frozen=True)
class Clip:
    """A narration recording of exactly ``text``, lasting ``seconds``."""

    text: str
    path: Path
    seconds: float


@dataclass(frozen=True)
class Step:
    """One line of the script. ``pause`` is already defaulted (1.5 s after ``say``, else 0).

    ``clip`` is the narration manifest's recording of ``say``, matched at load time so the
    timeline needs no access to the pack.
    """

    say: str | None = None
    show: str | None = None
    pause: float = 0.0
    weight: float = 0.0
    breathe: Breathe | None = None
    from_minutes: int | None = None
    bell: bool = False
    audio: Path | None = None
    image: Path | None = None
    clip: Clip | None = None


@dataclass(frozen=True)
class Variant:
    """A breathing pattern the user may choose; the first one of an exercise is the default."""

    id: str
    label: str
    pattern: BreathPattern


@dataclass(frozen=True)
class Credit:
    """The origin an exercise is modeled on, shown on its card."""

    key: str
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Pack:
    """A pack's manifest; ``root`` is resolved, so containment checks compare like with like."""

    id: str
    name: str
    version: str
    language: str
    description: str | None
    root: Path
    credits: Mapping[str, Credit]
    clips: Mapping[str, Clip]


@dataclass(frozen=True)
class Exercise:
    """A validated exercise: every offered length is known to fit its script."""

    id: str
    title: str
    family: str
    summary: str
    credit: Credit
    lengths: tuple[int, ...]
    tags: frozenset[str]
    caution: str | None
    variants: tuple[Variant, ...]
    steps: tuple[Step, ...]
    pack_id: str
    source: Path
    answer_prompt: str | None = None
    """Set for a written practice: the after check-in labels its note box with it."""

    @property
    def discreet(self) -> bool:
        return "discreet" in self.tags

    @property
    def needs_audio(self) -> bool:
        return "needs-audio" in self.tags

    @property
    def eyes_closed(self) -> bool:
        return "eyes-closed" in self.tags

    @property
    def movement(self) -> bool:
        return "movement" in self.tags

    def steps_for(self, minutes: int) -> tuple[Step, ...]:
        """The script at this length: steps with ``from_minutes`` above it are left out."""
        return tuple(s for s in self.steps if s.from_minutes is None or s.from_minutes <= minutes)

    def fits(self, minutes: int) -> bool:
        """Whether the exercise can be played in ``minutes``: it offers a length of at most it."""
        return fits(self, minutes)

    def length_for(self, minutes: int | float) -> int:
        """The length to play when ``minutes`` are asked for (see the module's length rule):
        the longest offered length of at most ``minutes``, else the shortest offered."""
        return length_for(self, minutes)


def fits(exercise: Exercise, minutes: int | float) -> bool:
    """The one "fits N minutes" rule: ``exercise`` offers a length of at most ``minutes``.

    Used by the Practices filter, the "I have N minutes" suggestion and the tray alike.
    """
    return bool(exercise.lengths) and exercise.lengths[0] <= minutes


def length_for(exercise: Exercise, minutes: int | float) -> int:
    """The one "which length to play" rule: the longest offered length of at most
    ``minutes``; when none is that short (or ``minutes`` is 0), the shortest offered.

    ``lengths`` are validated ascending and never empty, so this always has an answer.
    """
    fitting = [length for length in exercise.lengths if length <= minutes]
    return fitting[-1] if fitting else exercise.lengths[0]
