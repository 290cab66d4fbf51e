"""The private self-check over time: recorded ProQOL scores and a weekly check-in of our own.

**ProQOL, recorded, not reproduced.** The ProQOL is a validated measure whose terms forbid
changing or selling its items, which an open-source licence cannot promise; so stsdesk never
shows them. It links to ``PROQOL_URL`` and lets a person record the three subscale scores
they got there (each 10 to 50) with the date they took it, and bands them as published:
22 or less low, 23 to 41 moderate, 42 or more high.

**The weekly check-in** is ours: a few statements about the past week, answered on a simple
0 to 4 scale. It is a personal reflection, not a validated measure and not a diagnosis
(``CHECK_IN_NOTE`` says so wherever it is shown). Its score is the "strain" in the answers:
statements that describe something good count in reverse.

**Gentle support** is offered when the person's own check-in score reaches the threshold in
Settings (``SUPPORT_THRESHOLD_KEY``), or the latest ProQOL secondary traumatic stress score is
in the high band (``support_reasons``). It never blocks, alarms or sends anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

from stsdesk.core.errors import StsdeskError

PROQOL_URL = "https://proqol.org"
PROQOL_NOTE = (
    "The ProQOL (Professional Quality of Life) is a free, validated measure. Take it at "
    "proqol.org, then record your three scores here to see them over time."
)
PROQOL_MIN, PROQOL_MAX = 10, 50
LOW_MAX, HIGH_MIN = 22, 42  # the published bands: <= 22 low, 23 to 41 moderate, >= 42 high

CHECK_IN_NOTE = (
    "This weekly check-in is a personal reflection in our own words. It is not a validated "
    "measure and not a diagnosis."
)
SUPPORT_THRESHOLD_KEY = "journal.check_in_support_score"
CHECK_IN_EVERY_DAYS = 7
TREND_STEP = 3  # a change of at least this many points reads as lighter or heavier


class Band(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class Subscale(StrEnum):
    """The ProQOL's three subscales, by the keys the log and ``--json`` use."""

    COMPASSION_SATISFACTION = "compassion_satisfaction"
    BURNOUT = "burnout"
    SECONDARY_TRAUMATIC_STRESS = "secondary_traumatic_stress"

    @property
    def label(self) -> str:
        return _SUBSCALE_LABELS[self]


_SUBSCALE_LABELS = {
    Subscale.COMPASSION_SATISFACTION: "compassion satisfaction",
    Subscale.BURNOUT: "burnout",
    Subscale.SECONDARY_TRAUMATIC_STRESS: "secondary traumatic stress",
}


class SelfCheckError(StsdeskError):
    """An entry that cannot be kept as written; ``problems`` holds one sentence per field,
    keyed by the field (a ``Subscale`` value, ``"taken_on"`` or an item id)."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = MappingProxyType(dict(problems))
        super().__init__(" ".join(self.problems.values()))


def band(score: int) -> Band:
    """The published band of one subscale score."""
    if score <= LOW_MAX:
        return Band.LOW
    if score >= HIGH_MIN:
        return Band.HIGH
    return Band.MODERATE


@dataclass(frozen=True)
class ProqolEntry:
    """Three recorded subscale scores and the day the person took the ProQOL."""

    taken_on: date
    compassion_satisfaction: int
    burnout: int
    secondary_traumatic_stress: int
    id: int | None = None  # set by the store

    def score(self, subscale: Subscale) -> int:
        return int(getattr(self, subscale.value))

    def band(self, subscale: Subscale) -> Band:
        return band(self.score(subscale))


def _score_problem(subscale: Subscale, value: object) -> str | None:
    name = subscale.label.capitalize()
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{name} must be a whole number from {PROQOL_MIN} to {PROQOL_MAX}."
    if not PROQOL_MIN <= value <= PROQOL_MAX:
        return (
            f"{name} must be from {PROQOL_MIN} to {PROQOL_MAX} (each ProQOL subscale adds up "
            f"ten answers of 1 to 5); {value} is outside that range."
        )
    return None


def parse_score(text: str) -> int | str:
    """A score typed as text: the whole number, or the text unchanged (for the error)."""
    stripped = text.strip()
    return (
        int(stripped) if stripped.isascii() and stripped.isdigit() and len(stripped) < 4 else text
    )


def proqol_entry(
    compassion_satisfaction: object,
    burnout: object,
    secondary_traumatic_stress: object,
    taken_on: date,
    today: date,
) -> ProqolEntry:
    """A checked entry; raises ``SelfCheckError`` naming every problem, one sentence each.

    ``today`` is the person's current practice day: a date after it is refused.
    """
    values = {
        Subscale.COMPASSION_SATISFACTION: compassion_satisfaction,
        Subscale.BURNOUT: burnout,
        Subscale.SECONDARY_TRAUMATIC_STRESS: secondary_traumatic_stress,
    }
    problems: dict[str, str] = {}
    for subscale, value in values.items():
        problem = _score_problem(subscale, value)
        if problem:
            problems[subscale.value] = problem
    if not isinstance(taken_on, date) or isinstance(taken_on, datetime):
        problems["taken_on"] = "The date must be a day like 2026-03-14."
    elif taken_on > today:
        problems["taken_on"] = (
            f"The date {taken_on.isoformat()} is in the future; use the day you took the "
            f"ProQOL (today is {today.isoformat()})."
        )
    if problems:
        raise SelfCheckError(problems)
    return ProqolEntry(
        taken_on,
        int(compassion_satisfaction),  # type: ignore[call-overload]
        int(burnout),  # type: ignore[call-overload]
        int(secondary_traumatic_stress),  # type: ignore[call-overload]
    )


def parse_day(text: str) -> date:
    """A date typed as ``YYYY-MM-DD``; raises ``SelfCheckError`` with a plain sentence."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise SelfCheckError(
            {"taken_on": "The date must be a real day written like 2026-03-14."}
        ) from None


# --- the weekly check-in -----------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """One statement of the weekly check-in; ``positive`` ones count in reverse."""

    id: str
    text: str
    positive: bool = False


STATEMENTS: tuple[Statement, ...] = (
    Statement("sleep", "I slept well enough to feel rested.", positive=True),
    Statement("intrusive", "Images or stories from work came back when I didn't want them to."),
    Statement("numb", "I felt numb, flat or shut off from my feelings."),
    Statement("on-edge", "I felt on edge, jumpy or quick to irritation."),
    Statement("switch-off", "I found it hard to switch off from work in my own time."),
    Statement("connection", "I felt connected to people who matter to me.", positive=True),
    Statement("satisfaction", "Helping others felt worthwhile to me.", positive=True),
)
BY_ID = {statement.id: statement for statement in STATEMENTS}

SCALE: tuple[tuple[int, str], ...] = (
    (0, "Not at all"),
    (1, "Rarely"),
    (2, "Sometimes"),
    (3, "Often"),
    (4, "Most of the time"),
)
SCALE_MAX = SCALE[-1][0]
SCORE_MAX = SCALE_MAX * len(STATEMENTS)  # 28
DEFAULT_SUPPORT_SCORE = 18  # the default of the Settings threshold (about two thirds)


@dataclass(frozen=True)
class WeeklyCheckIn:
    """One week's answers (statement id -> 0 to 4), on the practice day it was given."""

    day: date
    answers: Mapping[str, int]
    id: int | None = None  # set by the store

    @property
    def score(self) -> int:
        """The strain in the answers, 0 to ``SCORE_MAX``; unanswered statements count 0."""
        total = 0
        for statement in STATEMENTS:
            value = self.answers.get(statement.id)
            if value is None:
                continue
            total += SCALE_MAX - value if statement.positive else value
        return total


def check_in(answers: Mapping[str, object], day: date) -> WeeklyCheckIn:
    """Checked answers; raises ``SelfCheckError``. Every statement needs an answer."""
    problems: dict[str, str] = {}
    for key in answers:
        if key not in BY_ID:
            problems[str(key)] = f"{str(key)[:40]!r} is not one of the check-in statements."
    kept: dict[str, int] = {}
    for statement in STATEMENTS:
        value = answers.get(statement.id)
        if value is None:
            problems[statement.id] = f"Please answer: {statement.text}"
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SCALE_MAX:
            problems[statement.id] = f"Answers are from 0 to {SCALE_MAX}: {statement.text}"
        else:
            kept[statement.id] = value
    if problems:
        raise SelfCheckError(problems)
    return WeeklyCheckIn(day, MappingProxyType(kept))


def check_in_due(last: date | None, today: date) -> bool:
    """Whether to offer the weekly check-in: never given, or ``CHECK_IN_EVERY_DAYS`` ago."""
    return last is None or (today - last).days >= CHECK_IN_EVERY_DAYS


class Trend(StrEnum):
    TOO_FEW = "too-few"  # fewer than two check-ins
    LIGHTER = "lighter"  # less strain than before
    STEADY = "steady"
    HEAVIER = "heavier"


def check_in_trend(check_ins: Iterable[WeeklyCheckIn]) -> Trend:
    """The latest score against the mean of up to three before it (in day order)."""
    ordered = sorted(check_ins, key=lambda c: (c.day, c.id or 0))
    if len(ordered) < 2:
        return Trend.TOO_FEW
    latest = ordered[-1].score
    before = [c.score for c in ordered[-4:-1]]
    change = latest - sum(before) / len(before)
    if change <= -TREND_STEP:
        return Trend.LIGHTER
    if change >= TREND_STEP:
        return Trend.HEAVIER
    return Trend.STEADY


def series(check_ins: Iterable[WeeklyCheckIn]) -> list[tuple[date, int]]:
    """(day, score) in day order, for the Journal's trend."""
    return [(c.day, c.score) for c in sorted(check_ins, key=lambda c: (c.day, c.id or 0))]


def proqol_series(entries: Iterable[ProqolEntry]) -> dict[Subscale, list[tuple[date, int]]]:
    """Per subscale, (day taken, score) in day order, for the chart with the bands."""
    ordered = sorted(entries, key=lambda e: (e.taken_on, e.id or 0))
    return {s: [(e.taken_on, e.score(s)) for e in ordered] for s in Subscale}


# --- gentle support ----------------------------------------------------------------------


class SupportReason(StrEnum):
    CHECK_IN = "check-in"  # the person's own answers reached their threshold
    PROQOL_STS = "proqol-sts"  # the latest ProQOL secondary traumatic stress score is high


def latest(entries: Sequence[ProqolEntry]) -> ProqolEntry | None:
    return max(entries, key=lambda e: (e.taken_on, e.id or 0), default=None)


def support_reasons(
    *,
    check_in: WeeklyCheckIn | None,
    proqol: ProqolEntry | None,
    threshold: int,
) -> tuple[SupportReason, ...]:
    """Why to offer the Support page and a short practice now; empty means do not offer.

    The rule, the one place it is written: the check-in just given (or the latest one) scores
    ``threshold`` or more, or the latest ProQOL entry has a high secondary traumatic stress
    band. A ``threshold`` above ``SCORE_MAX`` never offers on the check-in.
    """
    reasons = []
    if check_in is not None and check_in.score >= threshold:
        reasons.append(SupportReason.CHECK_IN)
    if proqol is not None and proqol.band(Subscale.SECONDARY_TRAUMATIC_STRESS) is Band.HIGH:
        reasons.append(SupportReason.PROQOL_STS)
    return tuple(reasons)
