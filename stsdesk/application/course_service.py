"""The course as the window uses it: the path of days, today's module, and finishing a day
through its practice, with one "changed" after every change of the path.

A day is finished by doing its practice: the Course page asks for ``practice_for`` (which
arms the service for that day) and the shell plays it through the one practice run path. When
the log announces a write, the service looks for that practice among the newest saved ones;
found, it finishes the day with the practice's id (``SelfCheckLog.finish_course_day``), so the
day counts in the Journal and in streaks like any practice. A day whose practice is not on
disk yet (a refused write kept in memory) waits armed until the log has it.

The rules of the path are the core's (``stsdesk.core.course``); the records are the store's,
handed over by the composition root as ``records`` (None while the log is only in memory).

Events:
    changed: emitted after every change of the path or of a day's answer, and whenever the
    practice log announces a write (delete-all, a new log).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from stsdesk.application.events import Event
from stsdesk.application.journal_service import JournalService
from stsdesk.application.selfcheck_service import (
    COURSE_KIND,
    NOT_SAVED,
    Reflection,
    SelfCheckService,
)
from stsdesk.core.course import (
    Course,
    CourseError,
    CourseLoad,
    CourseProgress,
    CourseView,
    DayState,
    course_folder_of,
    course_view,
    finish_day,
)
from stsdesk.core.errors import StoreError, StsdeskError

log = logging.getLogger(__name__)

BOUNDARY_KEY = "journal.day_boundary_hour"
LOOK_BACK = 10  # how many of the newest practices are searched for the day's practice
EARLY = timedelta(seconds=5)  # a practice stamped a moment before it was asked for still counts


def course_folder(packs: list[Path], builtin: Path) -> Path:
    """Where the course comes from: the last organization pack that ships one, else ours
    (the same choice as ``stsdesk course``)."""
    for pack in reversed(packs):
        folder = course_folder_of(Path(pack))
        if folder is not None:
            return folder
    return builtin


@dataclass(frozen=True)
class Armed:
    """The day whose practice was asked for, and when."""

    course_id: str
    day: int
    exercise_id: str
    since: datetime


class CourseService:
    """The course on offer and the person's place in it."""

    def __init__(
        self,
        load: Callable[[], CourseLoad],
        self_check: SelfCheckService,
        *,
        records: Callable[[], Any],
        journal: JournalService,
        settings: Any,
        now: Callable[[], datetime],
    ) -> None:
        self._load = load
        self._loaded: CourseLoad | None = None
        self._self_check = self_check
        self._records = records
        self._journal = journal
        self._settings = settings
        self._now = now
        self.armed: Armed | None = None
        self.problem = ""  # the last thing that could not be done, in one sentence
        self.changed: Event[None] = Event()
        journal.changed.connect(self._on_journal_changed)

    # --- the course --------------------------------------------------------------------

    @property
    def loaded(self) -> CourseLoad:
        if self._loaded is None:
            self._loaded = self._load()
            for problem in self._loaded.problems:
                log.warning("Course: %s", problem)
        return self._loaded

    @property
    def course(self) -> Course | None:
        return self.loaded.course

    @property
    def available(self) -> bool:
        """A course to show, and a log on disk to keep the person's place in it."""
        return self.course is not None and self._records() is not None

    def _boundary(self) -> int:
        return int(self._settings[BOUNDARY_KEY])

    def progress(self) -> CourseProgress | None:
        course, records = self.course, self._records()
        if course is None:
            return None
        return CourseProgress(course.id) if records is None else records.course_progress(course.id)

    def view(self) -> CourseView | None:
        """The path now (None when there is no course)."""
        course, progress = self.course, self.progress()
        if course is None or progress is None:
            return None
        return course_view(course, progress, self._now(), self._boundary())

    def answer(self, day: int) -> str:
        """The newest written answer to ``day``'s prompt, or ""."""
        course = self.course
        if course is None:
            return ""
        found: list[Reflection] = [
            r
            for r in self._self_check.reflections(COURSE_KIND)
            if r.course_id == course.id and r.course_day == day
        ]
        return found[-1].answer if found else ""

    # --- changes -------------------------------------------------------------------------

    def _write(self, work: Callable[[Any, Course], None]) -> None:
        course, records = self.course, self._records()
        if course is None:
            raise CourseError("No course can be shown: its files have problems.")
        if records is None:
            raise StoreError(NOT_SAVED)
        work(records, course)
        self.problem = ""
        self.changed.emit(None)

    def save_answer(self, day: int, answer: str) -> None:
        """Keep the private answer to ``day``'s prompt (a newer one replaces it on screen)."""
        course = self.course
        found = course.get(day) if course is not None else None
        if course is None or found is None:
            raise CourseError(f"Day {day} is not part of this course.")
        self._self_check.add_reflection(COURSE_KIND, found.prompt, answer, course.id, day)

    def practice_for(self, day: int) -> tuple[str, int]:
        """The practice (exercise id, minutes) of ``day``, which must be open today; arms the
        service so that saving that practice finishes the day. Raises ``CourseError``."""
        view = self.view()
        if view is None:
            raise CourseError("No course can be shown: its files have problems.")
        current = view.current
        if current is None or current.day.day != day or current.state is not DayState.TODAY:
            raise CourseError(f"Day {day} is not the one open today.")
        self.armed = Armed(view.course.id, day, current.day.practice, self._now())
        return current.day.practice, current.day.practice_minutes

    def start_over(self) -> None:
        self.armed = None
        self._write(lambda records, course: records.start_over(course.id, self._now()))

    def set_paused(self, paused: bool) -> None:
        if paused:
            self.armed = None
        self._write(lambda records, course: records.set_paused(course.id, paused, self._now()))

    def finish_with(self, day: int, practice_id: int | None) -> None:
        """Finish ``day`` now, linked to the practice saved for it. Raises ``CourseError``
        (not open today) or ``StoreError`` (not saved)."""

        def work(records: Any, course: Course) -> None:
            progress = records.course_progress(course.id)
            done = finish_day(course, progress, day, self._now(), self._boundary())
            records.finish_course_day(done, practice_id=practice_id)

        self._write(work)

    # --- the day's practice, saved -------------------------------------------------------

    def _on_journal_changed(self, _value: None) -> None:
        armed = self.armed
        if armed is not None and self._records() is not None:
            record_id = self._saved_practice(armed)
            if record_id is not None:
                self.armed = None
                try:
                    self.finish_with(armed.day, record_id)
                    return  # finish_with announced the change
                except (StsdeskError, OSError) as error:
                    log.warning("Course day %d not finished: %s", armed.day, error)
                    self.problem = str(error)
        self.changed.emit(None)

    def _saved_practice(self, armed: Armed) -> int | None:
        try:
            recent = self._journal.recent(LOOK_BACK)
        except (StsdeskError, OSError) as error:
            log.warning("Recent practices could not be read: %s", error)
            return None
        for record in recent:
            if (
                record.id is not None
                and record.exercise_id == armed.exercise_id
                and record.started_at >= armed.since - EARLY
            ):
                return record.id
        return None
