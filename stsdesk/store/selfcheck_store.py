"""The private self-check, reflections and course progress in the practice log (schema v4).

Tables beside ``practices``, created by ``selfcheck_schema.create_tables`` (schema v4):

- ``proqol_entries``: ProQOL subscale scores the person recorded, with the day they took it.
- ``weekly_check_ins``: the answers to our own weekly check-in (a JSON object) and its score.
- ``reflections``: private written answers: a course day's prompt (``kind = 'course'``, with
  ``course_id`` and ``course_day``) or supervision notes (``supervision-before`` to prepare,
  ``supervision-after`` to reflect).
- ``course_runs`` and ``course_days``: one run per start (or start over) of a course, and the
  days finished in it. A run that was started over has ``ended_at`` set; the newest run of a
  course without ``ended_at`` is the current one.

**Finishing a course day counts as practice.** The day's practice is recorded in
``practices`` like any other (the player saves it: ``source`` 'guided', or 'manual' for a
practice done away from the computer), so the Journal, ``stats`` and streaks count it with no
special case. ``finish_course_day`` links that practice (``course_days.practice_id``) and
keeps the day's written answer, in one transaction.

Every text is kept exactly as written; every time is local wall time with its UTC offset (ISO
8601), and each row keeps the local day it belongs to, as practices do. ``SelfCheckLog``
works on an open ``PracticeStore`` (its connection, lock, read-only state and backups), so
these writes take the same backups and refusals as practices; ``PracticeStore.delete_all``
empties these tables too (``selfcheck_schema.TABLES``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlite_utils import Database

from stsdesk.core.course import Completion, CourseProgress
from stsdesk.core.errors import StoreError
from stsdesk.core.selfcheck import ProqolEntry, WeeklyCheckIn
from stsdesk.store.database import PracticeStore
from stsdesk.store.errors import reason, reason_of

T = TypeVar("T")

ANSWER_MAX = 20_000  # characters of one written answer; far above a reflection's length


class ReflectionKind(StrEnum):
    COURSE = "course"
    SUPERVISION_BEFORE = "supervision-before"  # preparing for supervision
    SUPERVISION_AFTER = "supervision-after"  # reflecting after it


@dataclass(frozen=True)
class Reflection:
    kind: ReflectionKind
    written_at: datetime
    local_day: date
    prompt: str
    answer: str
    course_id: str | None = None
    course_day: int | None = None
    id: int | None = None


def _aware(moment: datetime, what: str) -> str:
    if moment.utcoffset() is None:
        raise ValueError(f"{what} needs a UTC offset (an aware datetime)")
    return moment.isoformat()


class SelfCheckLog:
    """The v4 records of one open ``PracticeStore``: read and written in its transactions."""

    def __init__(self, store: PracticeStore) -> None:
        self._store = store

    # -- plumbing ---------------------------------------------------------------------------

    def _write(self, what: str, work: Callable[[Database], T]) -> T:
        store = self._store
        with store._lock:
            store._require_writable(f"{what} was not saved")
            try:
                with store._db.atomic():
                    result = work(store._db)
            except sqlite3.Error as exc:
                raise StoreError(
                    f"{what} could not be saved: {reason(exc)}. Nothing was changed.",
                    reason=reason_of(exc),
                ) from exc
        store._after_change()
        return result

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        return self._store._read(sql, params)

    # -- ProQOL -----------------------------------------------------------------------------

    def add_proqol(self, entry: ProqolEntry, recorded_at: datetime) -> int:
        """Save one checked entry (``core.selfcheck.proqol_entry``); return its id."""
        row = (
            entry.taken_on.isoformat(),
            entry.compassion_satisfaction,
            entry.burnout,
            entry.secondary_traumatic_stress,
            _aware(recorded_at, "recorded_at"),
        )
        return self._write(
            "The ProQOL scores",
            lambda db: int(
                db.execute(
                    "INSERT INTO proqol_entries (taken_on, compassion_satisfaction, burnout, "
                    "secondary_traumatic_stress, recorded_at) VALUES (?, ?, ?, ?, ?)",
                    row,
                ).lastrowid
                or 0
            ),
        )

    def proqol_entries(self) -> list[ProqolEntry]:
        """Every entry, by the day taken (then as recorded)."""
        rows = self._read(
            "SELECT id, taken_on, compassion_satisfaction, burnout, secondary_traumatic_stress "
            "FROM proqol_entries ORDER BY taken_on, id"
        )
        return [
            ProqolEntry(date.fromisoformat(taken), int(cs), int(bo), int(sts), id=int(row_id))
            for row_id, taken, cs, bo, sts in rows
        ]

    def delete_proqol(self, entry_id: int) -> None:
        def work(db: Database) -> None:
            if not db.execute("DELETE FROM proqol_entries WHERE id = ?", (entry_id,)).rowcount:
                raise StoreError("That ProQOL entry is no longer in your log.")

        self._write("The change", work)

    # -- weekly check-ins -------------------------------------------------------------------

    def add_check_in(self, check_in: WeeklyCheckIn, recorded_at: datetime) -> int:
        row = (
            check_in.day.isoformat(),
            _aware(recorded_at, "recorded_at"),
            json.dumps(dict(check_in.answers), ensure_ascii=False, sort_keys=True),
            check_in.score,
        )
        return self._write(
            "The check-in",
            lambda db: int(
                db.execute(
                    "INSERT INTO weekly_check_ins (local_day, recorded_at, answers, score) "
                    "VALUES (?, ?, ?, ?)",
                    row,
                ).lastrowid
                or 0
            ),
        )

    def check_ins(self) -> list[WeeklyCheckIn]:
        rows = self._read(
            "SELECT id, local_day, answers FROM weekly_check_ins ORDER BY local_day, id"
        )
        found = []
        for row_id, day, answers in rows:
            values = json.loads(answers)
            kept = {str(k): int(v) for k, v in values.items()} if isinstance(values, dict) else {}
            found.append(WeeklyCheckIn(date.fromisoformat(day), kept, id=int(row_id)))
        return found

    # -- reflections ------------------------------------------------------------------------

    def add_reflection(self, reflection: Reflection) -> int:
        if len(reflection.answer) > ANSWER_MAX:
            raise StoreError(
                f"That answer is longer than {ANSWER_MAX:,} characters; nothing was saved."
            )
        return self._write("The reflection", lambda db: _insert_reflection(db, reflection))

    def reflections(self, kind: ReflectionKind | None = None) -> list[Reflection]:
        """Reflections oldest first (all, or of one ``kind``)."""
        sql = (
            "SELECT id, kind, written_at, local_day, prompt, answer, course_id, course_day "
            "FROM reflections"
        )
        params: tuple[object, ...] = ()
        if kind is not None:
            sql += " WHERE kind = ?"
            params = (str(kind),)
        rows = self._read(sql + " ORDER BY written_at, id", params)
        return [
            Reflection(
                ReflectionKind(kind_text),
                datetime.fromisoformat(written),
                date.fromisoformat(day),
                prompt,
                answer,
                course_id,
                None if course_day is None else int(course_day),
                id=int(row_id),
            )
            for row_id, kind_text, written, day, prompt, answer, course_id, course_day in rows
        ]

    def delete_reflection(self, reflection_id: int) -> None:
        def work(db: Database) -> None:
            if not db.execute("DELETE FROM reflections WHERE id = ?", (reflection_id,)).rowcount:
                raise StoreError("That reflection is no longer in your log.")

        self._write("The change", work)

    # -- course progress --------------------------------------------------------------------

    def _current_run(self, course_id: str) -> tuple[int, str, bool] | None:
        rows = self._read(
            "SELECT id, started_at, paused FROM course_runs WHERE course_id = ? "
            "AND ended_at IS NULL ORDER BY id DESC LIMIT 1",
            (course_id,),
        )
        return (int(rows[0][0]), str(rows[0][1]), bool(rows[0][2])) if rows else None

    def course_progress(self, course_id: str) -> CourseProgress:
        """Where the person is in ``course_id`` (a fresh, unstarted progress if nowhere)."""
        run = self._current_run(course_id)
        if run is None:
            return CourseProgress(course_id)
        run_id, started, paused = run
        rows = self._read(
            "SELECT day, finished_at FROM course_days WHERE run_id = ? ORDER BY finished_at, day",
            (run_id,),
        )
        completions = tuple(Completion(int(d), datetime.fromisoformat(f)) for d, f in rows)
        return CourseProgress(course_id, datetime.fromisoformat(started), completions, paused)

    def start_course(self, course_id: str, now: datetime) -> None:
        """Start ``course_id`` if it has no current run (nothing changes if it has)."""
        started = _aware(now, "now")

        def work(db: Database) -> None:
            if self._current_run(course_id) is None:
                db.execute(
                    "INSERT INTO course_runs (course_id, started_at) VALUES (?, ?)",
                    (course_id, started),
                )

        self._write("The course", work)

    def start_over(self, course_id: str, now: datetime) -> None:
        """End the current run (kept, with its days) and start a new one from day 1."""
        moment = _aware(now, "now")

        def work(db: Database) -> None:
            db.execute(
                "UPDATE course_runs SET ended_at = ? WHERE course_id = ? AND ended_at IS NULL",
                (moment, course_id),
            )
            db.execute(
                "INSERT INTO course_runs (course_id, started_at) VALUES (?, ?)",
                (course_id, moment),
            )

        self._write("Starting over", work)

    def set_paused(self, course_id: str, paused: bool, now: datetime) -> None:
        """Pause or resume the course (a course not yet started is started, paused)."""
        moment = _aware(now, "now")

        def work(db: Database) -> None:
            if self._current_run(course_id) is None:
                db.execute(
                    "INSERT INTO course_runs (course_id, started_at) VALUES (?, ?)",
                    (course_id, moment),
                )
            db.execute(
                "UPDATE course_runs SET paused = ? WHERE course_id = ? AND ended_at IS NULL",
                (int(paused), course_id),
            )

        self._write("The course", work)

    def finish_course_day(
        self,
        progress: CourseProgress,
        *,
        practice_id: int | None,
        prompt: str = "",
        answer: str = "",
    ) -> None:
        """Keep the newest completion of ``progress`` (from ``core.course.finish_day``), linked
        to the practice saved for it (``practice_id``, which counts in streaks), and the day's
        written answer if there is one, in one transaction.
        """
        if not progress.completions:
            raise ValueError("progress has no finished day to save")
        done = progress.completions[-1]
        finished = _aware(done.finished_at, "finished_at")
        if len(answer) > ANSWER_MAX:
            raise StoreError(
                f"That answer is longer than {ANSWER_MAX:,} characters; nothing was saved."
            )

        def work(db: Database) -> None:
            run = self._current_run(progress.course_id)
            if run is None:
                started = progress.started_at or done.finished_at
                run_id = int(
                    db.execute(
                        "INSERT INTO course_runs (course_id, started_at) VALUES (?, ?)",
                        (progress.course_id, _aware(started, "started_at")),
                    ).lastrowid
                    or 0
                )
            else:
                run_id = run[0]
            if (
                practice_id is not None
                and not db.execute(
                    "SELECT 1 FROM practices WHERE id = ?", (practice_id,)
                ).fetchone()
            ):
                raise StoreError("The practice for this day is no longer in your log.")
            db.execute(
                "INSERT OR REPLACE INTO course_days (run_id, day, finished_at, practice_id) "
                "VALUES (?, ?, ?, ?)",
                (run_id, done.day, finished, practice_id),
            )
            if answer.strip():
                _insert_reflection(
                    db,
                    Reflection(
                        ReflectionKind.COURSE,
                        done.finished_at,
                        done.finished_at.date(),
                        prompt,
                        answer,
                        progress.course_id,
                        done.day,
                    ),
                )

        self._write("The finished day", work)

    # -- export -----------------------------------------------------------------------------

    def export_section(self) -> dict[str, list[dict[str, Any]]]:
        """Everything here as JSON-ready lists (the export's ``self_check`` section)."""
        section: dict[str, list[dict[str, Any]]] = {}
        section["proqol"] = [
            {
                "taken_on": e.taken_on.isoformat(),
                "compassion_satisfaction": e.compassion_satisfaction,
                "burnout": e.burnout,
                "secondary_traumatic_stress": e.secondary_traumatic_stress,
            }
            for e in self.proqol_entries()
        ]
        section["weekly_check_ins"] = [
            {"local_day": c.day.isoformat(), "score": c.score, "answers": dict(c.answers)}
            for c in self.check_ins()
        ]
        section["reflections"] = [
            {
                "kind": str(r.kind),
                "written_at": r.written_at.isoformat(),
                "local_day": r.local_day.isoformat(),
                "prompt": r.prompt,
                "answer": r.answer,
                "course_id": r.course_id,
                "course_day": r.course_day,
            }
            for r in self.reflections()
        ]
        rows = self._read(
            "SELECT r.course_id, r.started_at, r.ended_at, r.paused, d.day, d.finished_at, "
            "d.practice_id FROM course_runs r LEFT JOIN course_days d ON d.run_id = r.id "
            "ORDER BY r.id, d.day"
        )
        section["course_days"] = [
            {
                "course_id": course_id,
                "run_started_at": started,
                "run_ended_at": ended,
                "paused": bool(paused),
                "day": day,
                "finished_at": finished,
                "practice_id": practice,
            }
            for course_id, started, ended, paused, day, finished, practice in rows
        ]
        return section


def _insert_reflection(db: Database, reflection: Reflection) -> int:
    values: Mapping[str, object] = {
        "kind": str(reflection.kind),
        "written_at": _aware(reflection.written_at, "written_at"),
        "local_day": reflection.local_day.isoformat(),
        "prompt": reflection.prompt,
        "answer": reflection.answer,
        "course_id": reflection.course_id,
        "course_day": reflection.course_day,
    }
    cursor = db.execute(
        "INSERT INTO reflections (kind, written_at, local_day, prompt, answer, course_id, "
        "course_day) VALUES (:kind, :written_at, :local_day, :prompt, :answer, :course_id, "
        ":course_day)",
        dict(values),
    )
    return int(cursor.lastrowid or 0)
