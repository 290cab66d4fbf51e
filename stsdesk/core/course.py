"""A course: one short module a day (a reading, a practice from the library, one private
question), loaded from a content folder as hostile input, and the rules that unlock its days.

The format is documented in ``assets/README.md`` ("Courses"). A course folder holds
``course.toml`` and ``days/*.toml``; the built-in course is ``assets/packs/course``, and an
organization ships its own as the ``course/`` folder of one of its packs. A broken day file
is exactly one problem and every other day still loads.

Unlocking is pure and takes the local wall time ``now`` (aware) and the day-boundary hour:
the first day not yet done is open (``today``) when no day was finished on the current
practice day, and otherwise waits for the next practice day (``waiting``); every later day is
``locked``. A missed day simply waits: nothing is lost and nothing is ever counted against
the person. Each finished day keeps the local wall time it was finished at (with the UTC
offset then in effect, as ``core.days.stamp`` makes it), so travel and DST never move it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from pathlib import Path
from typing import Any

from stsdesk.core.catalog import Catalog
from stsdesk.core.days import practice_day_at
from stsdesk.core.errors import ContentError, StsdeskError
from stsdesk.core.fields import FieldReader
from stsdesk.core.pack_files import quoted, read_toml, toml_files

MAX_DAYS = 60
TITLE_MAX, SUMMARY_MAX, CREDIT_MAX = 60, 200, 300
READING_MAX, PROMPT_MAX = 3000, 300

COURSE_FILE = "course.toml"
DAYS_FOLDER = "days"
PACK_COURSE_FOLDER = "course"  # inside an organization's pack

_TOP_KEYS = ("course",)
_COURSE_KEYS = ("id", "title", "summary", "credit")
_DAY_KEYS = ("day", "title", "reading", "practice", "practice_minutes", "prompt")


class DayState(StrEnum):
    """Where one day of a course stands for the person today."""

    DONE = "done"
    TODAY = "today"  # open now: the next day to do
    WAITING = "waiting"  # the next day to do, but it opens on a later practice day
    LOCKED = "locked"  # comes after the next day


class CourseError(StsdeskError):
    """A course action that cannot be done as asked (a day that is not open, say)."""


@dataclass(frozen=True)
class CourseDay:
    day: int
    title: str
    reading: str
    practice: str  # an exercise id in the catalogue
    practice_minutes: int  # one of that exercise's lengths
    prompt: str
    source: Path

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The reading split at blank lines, each paragraph re-flowed onto one line."""
        blocks = self.reading.replace("\r\n", "\n").split("\n\n")
        return tuple(" ".join(block.split()) for block in blocks if block.strip())


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    summary: str
    credit: str
    days: tuple[CourseDay, ...]  # in day order; numbers are unique (gaps are problems)
    root: Path

    def get(self, day: int) -> CourseDay | None:
        return next((d for d in self.days if d.day == day), None)


@dataclass(frozen=True)
class CourseLoad:
    """What a course folder yielded: the course (None if unusable) and every problem."""

    course: Course | None
    problems: list[ContentError] = field(default_factory=list)


# --- loading -----------------------------------------------------------------------------


def is_course_folder(path: Path) -> bool:
    """Whether ``path`` is a course folder (it holds ``course.toml``)."""
    return os.path.lexists(Path(path) / COURSE_FILE)


def course_folder_of(pack_root: Path) -> Path | None:
    """The course shipped inside a pack (``<pack>/course/``), if it has one."""
    folder = Path(pack_root) / PACK_COURSE_FOLDER
    return folder if is_course_folder(folder) else None


def _parse_manifest(data: dict[str, Any], path: Path) -> tuple[str, str, str, str]:
    top = FieldReader(data, str(path), "", _TOP_KEYS)
    top.raw("course", required=True)
    reader = FieldReader(data["course"], str(path), "course", _COURSE_KEYS)
    return (
        reader.identifier("id"),
        reader.need_text("title", max_len=TITLE_MAX, one_line=True),
        reader.need_text("summary", max_len=SUMMARY_MAX, one_line=True),
        reader.need_text("credit", max_len=CREDIT_MAX, one_line=True),
    )


def _file_number(path: Path) -> int | None:
    """The day a file's name claims (``03.toml`` claims 3), or None."""
    stem = path.stem
    return int(stem) if stem.isascii() and stem.isdigit() and len(stem) <= 3 else None


def parse_day(data: dict[str, Any], path: Path, catalog: Catalog) -> CourseDay:
    """One day file; raises a ``ContentError`` at its first problem."""
    reader = FieldReader(data, str(path), "", _DAY_KEYS)
    day = reader.integer("day", 1, MAX_DAYS, required=True)
    assert day is not None  # required=True has refused a missing one
    if _file_number(path) != day:
        reader.fail("day", f"{day} must match the file name {quoted(path.name)} (e.g. 03.toml)")
    title = reader.need_text("title", max_len=TITLE_MAX, one_line=True)
    reading = reader.need_text("reading", max_len=READING_MAX)
    practice = reader.identifier("practice")
    exercise = catalog.get(practice)
    if exercise is None:
        reader.fail("practice", f"{quoted(practice)} is not a practice in the library")
    minutes = reader.integer("practice_minutes", 1, 60, required=True)
    assert minutes is not None  # required=True has refused a missing one
    if minutes not in exercise.lengths:
        offered = ", ".join(str(m) for m in exercise.lengths)
        reader.fail("practice_minutes", f"{practice!r} is offered at {offered} minutes")
    prompt = reader.need_text("prompt", max_len=PROMPT_MAX)
    return CourseDay(day, title, reading, practice, minutes, prompt, path)


def load_course(folder: Path, catalog: Catalog) -> CourseLoad:
    """Load the course in ``folder``, checking each day's practice against ``catalog``.

    A broken ``course.toml`` is one problem and no course; a broken day file is one problem
    and the other days load; a day number no file has is one problem for the folder.
    """
    folder = Path(folder)
    manifest = folder / COURSE_FILE
    if not os.path.lexists(manifest):
        return CourseLoad(None, [ContentError(str(manifest), "", "missing; a course needs one")])
    try:
        course_id, title, summary, credit = _parse_manifest(read_toml(manifest, folder), manifest)
    except ContentError as err:
        return CourseLoad(None, [err])
    problems: list[ContentError] = []
    days_folder = folder / DAYS_FOLDER
    try:
        files = toml_files(days_folder, folder)
    except ContentError as err:
        return CourseLoad(None, [err])
    if len(files) > MAX_DAYS:
        problems.append(
            ContentError(
                str(days_folder),
                "",
                f"has {len(files)} day files; at most {MAX_DAYS} are read (the rest are left out)",
            )
        )
        files = files[:MAX_DAYS]
    days: dict[int, CourseDay] = {}
    claimed: set[int] = set()
    for path in files:
        number = _file_number(path)
        if number is not None:
            claimed.add(number)
        try:
            day = parse_day(read_toml(path, folder), path, catalog)
        except ContentError as err:
            problems.append(err)
            continue
        first = days.get(day.day)
        if first is not None:
            problems.append(
                ContentError(
                    str(path),
                    "day",
                    f"day {day.day} is already {first.source.name} (this one is not loaded)",
                )
            )
            continue
        days[day.day] = day
    if not days:
        problems.append(ContentError(str(days_folder), "", "has no usable day files"))
        return CourseLoad(None, problems)
    missing = [n for n in range(1, max(claimed | set(days)) + 1) if n not in claimed]
    if missing:
        shown = ", ".join(str(n) for n in missing[:10]) + ("…" if len(missing) > 10 else "")
        problem = f"has no file for day {shown}; days must run 1, 2, 3…"
        problems.append(ContentError(str(days_folder), "", problem))
    ordered = tuple(days[n] for n in sorted(days))
    course = Course(course_id, title, summary, credit, ordered, folder.resolve())
    return CourseLoad(course, problems)


def check_courses(paths: Iterable[Path], catalog: Catalog) -> tuple[int, list[ContentError]]:
    """For ``stsdesk check-content``: every course among ``paths`` (a course folder, or a pack
    with a ``course/`` folder), checked against ``catalog``. Returns (days loaded, problems).
    """
    loaded, problems = 0, []
    for path in paths:
        folder = Path(path) if is_course_folder(Path(path)) else course_folder_of(Path(path))
        if folder is None:
            continue
        result = load_course(folder, catalog)
        loaded += len(result.course.days) if result.course else 0
        problems.extend(result.problems)
    return loaded, problems


# --- progress ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """One finished day: ``finished_at`` is local wall time with its fixed UTC offset."""

    day: int
    finished_at: datetime

    def practice_day(self, boundary_hour: int) -> date:
        return practice_day_at(self.finished_at, boundary_hour)


@dataclass(frozen=True)
class CourseProgress:
    """Where one person is in one course (``course_id``); started over means a fresh one.

    ``started_at`` is None until the course is started (or its first day finished).
    """

    course_id: str
    started_at: datetime | None = None
    completions: tuple[Completion, ...] = ()
    paused: bool = False

    @property
    def done_days(self) -> frozenset[int]:
        return frozenset(c.day for c in self.completions)


@dataclass(frozen=True)
class DayView:
    day: CourseDay
    state: DayState
    finished_at: datetime | None = None


@dataclass(frozen=True)
class CourseView:
    """The path of days as the Course page and ``stsdesk course`` show it.

    ``current`` is the next day to do (``today`` or ``waiting``), None when all are done.
    ``opens_at`` is when a waiting day opens (in ``now``'s tzinfo), else None; while the
    course is paused the next day waits with no time set.
    """

    course: Course
    days: tuple[DayView, ...]
    current: DayView | None
    opens_at: datetime | None
    paused: bool
    started: bool

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def done_count(self) -> int:
        return sum(1 for d in self.days if d.state is DayState.DONE)


def _last_done_day(progress: CourseProgress, course: Course, boundary_hour: int) -> date | None:
    known = {d.day for d in course.days}
    days = [c.practice_day(boundary_hour) for c in progress.completions if c.day in known]
    return max(days, default=None)


def course_view(
    course: Course, progress: CourseProgress, now: datetime, boundary_hour: int
) -> CourseView:
    """Each day's state at local wall time ``now`` (aware) under ``boundary_hour``.

    Days are taken in order; the first not done is the current one. It is ``today`` when no
    day of this course was finished on the current practice day (or on a later one: after
    flying west the clock can read an earlier day than the last finish; the day waits until
    the calendar catches up), and when the course is not paused; otherwise ``waiting``.
    """
    if now.utcoffset() is None:
        raise ValueError("now needs a UTC offset (an aware datetime)")
    if progress.course_id != course.id:
        progress = CourseProgress(course.id)
    finished = {c.day: c.finished_at for c in progress.completions}
    last = _last_done_day(progress, course, boundary_hour)
    today = practice_day_at(now, boundary_hour)
    opens_day = None if last is None or last < today else last + timedelta(days=1)
    views: list[DayView] = []
    current: DayView | None = None
    for day in course.days:
        if day.day in finished:
            views.append(DayView(day, DayState.DONE, finished[day.day]))
            continue
        if current is None:
            waits = progress.paused or opens_day is not None
            current = DayView(day, DayState.WAITING if waits else DayState.TODAY)
            views.append(current)
            continue
        views.append(DayView(day, DayState.LOCKED))
    opens_at = None
    if current is not None and opens_day is not None and not progress.paused:
        opens_at = datetime.combine(opens_day, time(boundary_hour), tzinfo=now.tzinfo)
    return CourseView(
        course,
        tuple(views),
        current,
        opens_at,
        progress.paused,
        progress.started_at is not None or bool(finished),
    )


def start(progress: CourseProgress, now: datetime) -> CourseProgress:
    """Start the course (kept as it is if already started)."""
    if progress.started_at is not None:
        return progress
    return replace(progress, started_at=now)


def finish_day(
    course: Course, progress: CourseProgress, day: int, now: datetime, boundary_hour: int
) -> CourseProgress:
    """Mark ``day`` done at local wall time ``now``; only the day open today can be finished.

    Raises ``CourseError`` with a calm sentence otherwise (done already, not open yet).
    """
    view = course_view(course, progress, now, boundary_hour)
    current = view.current
    if current is None or current.day.day != day:
        if day in progress.done_days:
            raise CourseError(f"Day {day} is already done; your answers are kept.")
        raise CourseError(f"Day {day} is not open yet; each day opens on the day after the last.")
    if current.state is not DayState.TODAY:
        if progress.paused:
            raise CourseError("The course is paused; resume it to go on with the next day.")
        raise CourseError(f"Day {day} opens on the next day; today's module is done.")
    if progress.course_id != course.id:
        progress = CourseProgress(course.id)
    offset = now.utcoffset()
    assert offset is not None  # course_view has refused a naive ``now``
    stamped = now.replace(tzinfo=timezone(offset))  # kept as then, whatever the zone does later
    return replace(
        start(progress, stamped),
        completions=(*progress.completions, Completion(day, stamped)),
    )


def start_over(progress: CourseProgress, now: datetime) -> CourseProgress:
    """A fresh run of the same course from day 1, started ``now`` and not paused.

    What was written and practised before stays in the log; only the path begins again.
    """
    return CourseProgress(progress.course_id, started_at=now)


def pause(progress: CourseProgress) -> CourseProgress:
    return replace(progress, paused=True)


def resume(progress: CourseProgress) -> CourseProgress:
    return replace(progress, paused=False)


def view_rows(view: CourseView) -> list[dict[str, Any]]:
    """The path for ``stsdesk course --json``: each day with its state and content."""
    return [
        {
            "day": d.day.day,
            "title": d.day.title,
            "state": str(d.state),
            "reading": d.day.reading,
            "practice": d.day.practice,
            "practice_minutes": d.day.practice_minutes,
            "prompt": d.day.prompt,
        }
        for d in view.days
    ]
