"""The practice log's schema and its migration ladder on ``PRAGMA user_version``.

Version N is reached by applying ``MIGRATIONS[N - 1]``. Each step runs in one transaction
together with the ``user_version`` change, so a failed step leaves the file exactly as it was.
A released step is never edited: a change is a new step (v2 might add a column with
``ALTER TABLE practices ADD COLUMN ...`` and list it in ``COLUMNS``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from sqlite_utils import Database

from stsdesk.core.errors import DatabaseTooNewError

Migration = Callable[[Database], None]

TABLE = "practices"

_V1_COLUMNS = frozenset(
    {
        "id",
        "exercise_id",
        "exercise_title",
        "family",
        "minutes_chosen",
        "started_at",
        "started_utc",
        "time_zone",
        "local_day",
        "practiced_seconds",
        "completed",
        "source",
        "distress_before",
        "distress_after",
        "zone_before",
        "zone_after",
        "note",
        "tags",
    }
)


def _v1_practices(db: Database) -> None:
    # The comments are kept in sqlite_master, so `sqlite3 practice-log.sqlite3 .schema` explains
    # the columns to anyone reading their own data.
    db.execute(
        """
        CREATE TABLE practices (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after a delete
            exercise_id TEXT NOT NULL,
            exercise_title TEXT NOT NULL,          -- the title at the time
            family TEXT NOT NULL DEFAULT '',       -- e.g. breathing, grounding
            minutes_chosen REAL NOT NULL CHECK (minutes_chosen >= 0),
            started_at TEXT NOT NULL,              -- local wall time with its UTC offset, ISO 8601
            started_utc TEXT NOT NULL,             -- the same instant in UTC: YYYY-MM-DDTHH:MM:SSZ
            time_zone TEXT NOT NULL DEFAULT '',    -- IANA name in effect, or '' (offset only)
            local_day TEXT NOT NULL,               -- YYYY-MM-DD, the local day, fixed when recorded
            practiced_seconds REAL NOT NULL CHECK (practiced_seconds >= 0),
            completed INTEGER NOT NULL CHECK (completed IN (0, 1)),  -- 0 = stopped early
            source TEXT NOT NULL CHECK (source IN ('guided', 'manual')),
            distress_before INTEGER CHECK (distress_before BETWEEN 0 AND 10),
            distress_after INTEGER CHECK (distress_after BETWEEN 0 AND 10),
            zone_before TEXT CHECK (zone_before IN ('high', 'resilient', 'low')),
            zone_after TEXT CHECK (zone_after IN ('high', 'resilient', 'low')),
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]'        -- JSON array of strings
        )
        """
    )
    # History in time order; and covering indexes so the statistics of a long history are
    # read from a few narrow indexes instead of the whole table (notes included).
    db.execute("CREATE INDEX practices_by_time ON practices (started_utc, id)")
    db.execute(
        "CREATE INDEX practices_by_day ON practices (local_day, started_at, practiced_seconds)"
    )
    db.execute(
        "CREATE INDEX practices_by_exercise "
        "ON practices (exercise_id, started_utc, id, distress_before, distress_after)"
    )
    db.execute("CREATE INDEX practices_by_family ON practices (family)")


MIGRATIONS: tuple[Migration, ...] = (_v1_practices,)

# The columns each version's ``practices`` table must have: the startup schema check.
COLUMNS: dict[int, frozenset[str]] = {1: _V1_COLUMNS}

CURRENT_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the file header (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def refuse_if_newer(version: int, known: int | None = None) -> None:
    """Raise ``DatabaseTooNewError`` when the file is from a newer stsdesk (than ``known``,
    by default this one)."""
    known = CURRENT_VERSION if known is None else known
    if version > known:
        raise DatabaseTooNewError(
            f"This practice log was written by a newer version of stsdesk (schema {version}; "
            f"this version knows up to {known}). It was left untouched: update stsdesk to open it."
        )


def problem(conn: sqlite3.Connection) -> str | None:
    """What is wrong with the schema of a file that passed ``quick_check``, or ``None``.

    Version 0 with no tables is a new file and fine; anything else must be a known version
    whose ``practices`` table has that version's columns.
    """
    version = user_version(conn)
    refuse_if_newer(version)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if version == 0:
        return "it holds tables but no schema version" if tables else None
    if TABLE not in tables:
        return f"schema version {version} but no {TABLE} table"
    columns = {row[1] for row in conn.execute(f"PRAGMA table_info({TABLE})")}
    missing = COLUMNS[version] - columns
    if missing:
        return f"the {TABLE} table lacks {', '.join(sorted(missing))}"
    return None


def migrate(
    db: Database,
    *,
    steps: Sequence[Migration] | None = None,
    before: Callable[[int], object] | None = None,
) -> int:
    """Bring the schema up to ``len(steps)`` (default ``MIGRATIONS``), one transaction per step;
    return the new version.

    ``before(current_version)`` runs first when an existing log (version >= 1) is about to be
    changed: the store takes its pre-migration backup there, and an exception from it stops
    the migration before anything is touched. A failing step rolls back completely; the steps
    before it stay applied, so the file is always at some whole version and the next start
    carries on from there.
    """
    steps = MIGRATIONS if steps is None else steps
    current = user_version(db.conn)
    refuse_if_newer(current, len(steps))
    if 0 < current < len(steps) and before is not None:
        before(current)
    for version, step in enumerate(steps[current:], start=current + 1):
        with db.atomic():
            step(db)
            db.execute(f"PRAGMA user_version = {version:d}")
    return len(steps)
