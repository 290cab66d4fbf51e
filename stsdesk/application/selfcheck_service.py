"""The private self-check as the window uses it: ProQOL scores, the weekly check-in,
supervision notes and the gentle support offer, with one "changed" after every write.

No Qt and no SQLite here: the records live in the store's ``SelfCheckLog``, which the
composition root hands over through ``records`` (a function, so a new log that replaces a
damaged one is followed; it gives None while the practices are only kept in memory). The
rules (ranges, bands, the check-in's score, when to offer support) are the core's
(``stsdesk.core.selfcheck``); this service only reads the clock and the settings for them.

Events:
    changed: emitted once after every write here, and whenever the practice log announces
    a write (delete-all empties these records too; a new log replaces them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from stsdesk.application.events import Event
from stsdesk.application.journal_service import JournalService
from stsdesk.core.catalog import Catalog
from stsdesk.core.course import CourseProgress
from stsdesk.core.days import practice_day_at
from stsdesk.core.errors import StoreError
from stsdesk.core.selfcheck import (
    SUPPORT_THRESHOLD_KEY,
    ProqolEntry,
    SelfCheckError,
    SupportReason,
    WeeklyCheckIn,
    check_in,
    check_in_due,
    latest,
    parse_day,
    parse_score,
    proqol_entry,
    support_reasons,
)
from stsdesk.core.suggest import suggest

BOUNDARY_KEY = "journal.day_boundary_hour"
SUPPORT_PRACTICE = "grounding-feet-and-seat"  # a short grounding practice, as the CLI offers
SUPPORT_MINUTES = 3

NOT_SAVED = (
    "Your practice log is only kept in memory right now, so this cannot be saved. Nothing "
    "was changed."
)

# The kinds of written answers (``stsdesk.store.selfcheck_store.ReflectionKind`` values).
COURSE_KIND = "course"
SUPERVISION_BEFORE = "supervision-before"
SUPERVISION_AFTER = "supervision-after"


class Reflection(Protocol):
    """One written answer as the store keeps it (``selfcheck_store.Reflection``)."""

    @property
    def kind(self) -> str: ...
    @property
    def written_at(self) -> datetime: ...
    @property
    def prompt(self) -> str: ...
    @property
    def answer(self) -> str: ...
    @property
    def course_id(self) -> str | None: ...
    @property
    def course_day(self) -> int | None: ...


class SelfCheckRecords(Protocol):
    """What the store's ``SelfCheckLog`` offers (the application never imports the store)."""

    def add_proqol(self, entry: ProqolEntry, recorded_at: datetime) -> int: ...
    def proqol_entries(self) -> list[ProqolEntry]: ...
    def add_check_in(self, check_in: WeeklyCheckIn, recorded_at: datetime) -> int: ...
    def check_ins(self) -> list[WeeklyCheckIn]: ...
    def reflections(self, kind: Any = None) -> Sequence[Reflection]: ...
    def course_progress(self, course_id: str) -> CourseProgress: ...
    def start_course(self, course_id: str, now: datetime) -> None: ...
    def start_over(self, course_id: str, now: datetime) -> None: ...
    def set_paused(self, course_id: str, paused: bool, now: datetime) -> None: ...
    def finish_course_day(
        self,
        progress: CourseProgress,
        *,
        practice_id: int | None,
        prompt: str = "",
        answer: str = "",
    ) -> None: ...


RecordsSource = Callable[[], SelfCheckRecords | None]
NewReflection = Callable[..., int]
"""``(kind, written_at, local_day, prompt, answer, course_id=None, course_day=None) -> id``:
writes one reflection through the store (the composition root builds the store's record)."""


@dataclass(frozen=True)
class SupportOffer:
    """Why support is offered (never empty) and the short practice to suggest (or None)."""

    reasons: tuple[SupportReason, ...]
    practice: tuple[str, int] | None  # (exercise id, minutes)


class SelfCheckService:
    """ProQOL entries, weekly check-ins and supervision notes of the log in use."""

    def __init__(
        self,
        records: RecordsSource,
        *,
        journal: JournalService,
        settings: Any,
        now: Callable[[], datetime],
        add_reflection: NewReflection | None = None,
        catalog: Catalog | None = None,
    ) -> None:
        self._records = records
        self._settings = settings
        self._now = now
        self._add_reflection = add_reflection
        self._catalog = catalog
        self.changed: Event[None] = Event()
        journal.changed.connect(self._on_journal_changed)

    def _on_journal_changed(self, _value: None) -> None:
        self.changed.emit(None)

    # --- where and when ----------------------------------------------------------------

    @property
    def available(self) -> bool:
        """Whether the log on disk is open (in memory, nothing here can be kept)."""
        return self._records() is not None

    def _log(self) -> SelfCheckRecords:
        records = self._records()
        if records is None:
            raise StoreError(NOT_SAVED)
        return records

    def now(self) -> datetime:
        return self._now()

    def today(self) -> date:
        """The practice day now, under the day-boundary hour."""
        return practice_day_at(self._now(), int(self._settings[BOUNDARY_KEY]))

    @property
    def threshold(self) -> int:
        return int(self._settings[SUPPORT_THRESHOLD_KEY])

    # --- ProQOL --------------------------------------------------------------------------

    def proqol_entries(self) -> list[ProqolEntry]:
        records = self._records()
        return [] if records is None else records.proqol_entries()

    def add_proqol(
        self,
        compassion_satisfaction: str,
        burnout: str,
        secondary_traumatic_stress: str,
        taken_on: date | str,
    ) -> ProqolEntry:
        """Check and save three scores as typed, taken on ``taken_on`` (a date, or text like
        ``2026-03-14``). Raises ``SelfCheckError`` (one sentence per field) or ``StoreError``.
        """
        today = self.today()
        date_problem: dict[str, str] = {}
        try:
            day = parse_day(taken_on) if isinstance(taken_on, str) else taken_on
        except SelfCheckError as error:  # the scores are still checked: every problem at once
            date_problem, day = dict(error.problems), today
        try:
            entry = proqol_entry(
                parse_score(compassion_satisfaction),
                parse_score(burnout),
                parse_score(secondary_traumatic_stress),
                day,
                today,
            )
        except SelfCheckError as error:
            raise SelfCheckError({**error.problems, **date_problem}) from None
        if date_problem:
            raise SelfCheckError(date_problem)
        self._log().add_proqol(entry, self._now())
        self.changed.emit(None)
        return entry

    # --- the weekly check-in -------------------------------------------------------------

    def check_ins(self) -> list[WeeklyCheckIn]:
        records = self._records()
        return [] if records is None else records.check_ins()

    def add_check_in(self, answers: Mapping[str, object]) -> WeeklyCheckIn:
        """Check and save this week's answers. Raises ``SelfCheckError`` or ``StoreError``."""
        given = check_in(answers, self.today())
        self._log().add_check_in(given, self._now())
        self.changed.emit(None)
        return given

    def check_in_due(self) -> bool:
        last = max((c.day for c in self.check_ins()), default=None)
        return check_in_due(last, self.today())

    # --- gentle support -----------------------------------------------------------------

    def support_offer(self) -> SupportOffer | None:
        """The offer for now, or None: the latest check-in reaching the person's own
        threshold, or the latest ProQOL entry in the high secondary traumatic stress band
        (``core.selfcheck.support_reasons``, the one place the rule is written)."""
        check_ins = self.check_ins()
        newest = max(check_ins, key=lambda c: (c.day, c.id or 0), default=None)
        reasons = support_reasons(
            check_in=newest, proqol=latest(self.proqol_entries()), threshold=self.threshold
        )
        if not reasons:
            return None
        return SupportOffer(reasons, self._short_practice())

    def _short_practice(self) -> tuple[str, int] | None:
        catalog = self._catalog
        if catalog is None:
            return None
        exercise = catalog.get(SUPPORT_PRACTICE)
        if exercise is not None:
            return exercise.id, exercise.length_for(SUPPORT_MINUTES)
        found = suggest(catalog, SUPPORT_MINUTES, [])
        return None if found is None else (found.id, found.length_for(SUPPORT_MINUTES))

    # --- supervision notes ---------------------------------------------------------------

    def supervision_notes(self) -> list[Reflection]:
        """Notes before and after supervision, oldest first."""
        records = self._records()
        if records is None:
            return []
        return [
            r
            for r in records.reflections()
            if str(r.kind) in (SUPERVISION_BEFORE, SUPERVISION_AFTER)
        ]

    def add_supervision_note(self, kind: str, prompt: str, answer: str) -> None:
        """Keep one private note (``SUPERVISION_BEFORE`` or ``SUPERVISION_AFTER``)."""
        if kind not in (SUPERVISION_BEFORE, SUPERVISION_AFTER):
            raise ValueError(f"not a kind of supervision note: {kind!r}")
        self.add_reflection(kind, prompt, answer)

    def add_reflection(
        self,
        kind: str,
        prompt: str,
        answer: str,
        course_id: str | None = None,
        course_day: int | None = None,
    ) -> None:
        """Write one reflection now; raises ``StoreError`` when it cannot be kept."""
        self._log()
        if self._add_reflection is None:
            raise StoreError(NOT_SAVED)
        now = self._now()
        self._add_reflection(
            kind, now, self.today(), prompt, answer, course_id=course_id, course_day=course_day
        )
        self.changed.emit(None)

    def reflections(self, kind: str | None = None) -> list[Reflection]:
        records = self._records()
        if records is None:
            return []
        return [r for r in records.reflections() if kind is None or str(r.kind) == kind]
