"""The schema's v4 step: the self-check, reflections and course progress tables.

Kept apart from ``selfcheck_store`` so ``schema`` can import it without importing the store.
What each table holds is described in ``stsdesk.store.selfcheck_store``.
"""

from __future__ import annotations

from sqlite_utils import Database

TABLES = ("course_days", "course_runs", "reflections", "weekly_check_ins", "proqol_entries")
"""The v4 tables, in an order safe to empty (``course_days`` refers to ``course_runs``)."""


def create_tables(db: Database) -> None:
    """The schema's v4 step: the tables above, with the checks the core's rules make."""
    db.execute(
        """
        CREATE TABLE proqol_entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            taken_on TEXT NOT NULL,                 -- YYYY-MM-DD: the day the ProQOL was taken
            compassion_satisfaction INTEGER NOT NULL
                CHECK (compassion_satisfaction BETWEEN 10 AND 50),
            burnout INTEGER NOT NULL CHECK (burnout BETWEEN 10 AND 50),
            secondary_traumatic_stress INTEGER NOT NULL
                CHECK (secondary_traumatic_stress BETWEEN 10 AND 50),
            recorded_at TEXT NOT NULL               -- local wall time with its UTC offset
        )
        """
    )
    db.execute(
        """
        CREATE TABLE weekly_check_ins (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            local_day TEXT NOT NULL,                -- YYYY-MM-DD, the practice day it was given
            recorded_at TEXT NOT NULL,              -- local wall time with its UTC offset
            answers TEXT NOT NULL,                  -- JSON object: statement id -> 0 to 4
            score INTEGER NOT NULL CHECK (score >= 0)  -- the strain in the answers, as scored then
        )
        """
    )
    db.execute(
        """
        CREATE TABLE reflections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL
                CHECK (kind IN ('course', 'supervision-before', 'supervision-after')),
            written_at TEXT NOT NULL,               -- local wall time with its UTC offset
            local_day TEXT NOT NULL,                -- YYYY-MM-DD
            prompt TEXT NOT NULL DEFAULT '',        -- the question answered, as shown then
            answer TEXT NOT NULL,
            course_id TEXT,                         -- for kind 'course'
            course_day INTEGER
        )
        """
    )
    db.execute("CREATE INDEX reflections_by_time ON reflections (written_at, id)")
    db.execute(
        """
        CREATE TABLE course_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            course_id TEXT NOT NULL,
            started_at TEXT NOT NULL,               -- local wall time with its UTC offset
            paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
            ended_at TEXT                           -- set when the person started over
        )
        """
    )
    db.execute(
        """
        CREATE TABLE course_days (
            run_id INTEGER NOT NULL REFERENCES course_runs (id) ON DELETE CASCADE,
            day INTEGER NOT NULL CHECK (day >= 1),
            finished_at TEXT NOT NULL,              -- local wall time with its UTC offset
            practice_id INTEGER REFERENCES practices (id) ON DELETE SET NULL,
            PRIMARY KEY (run_id, day)
        ) WITHOUT ROWID
        """
    )
