"""The practice log's schema and its migration ladder on ``PRAGMA user_version``.

Version N is reached by applying ``MIGRATIONS[N - 1]``. Each step runs in one transaction
together with the ``user_version`` change, so a failed step leaves the file exactly as it was.
A released step is never edited: a change is a new step (v2 added trigger-kept totals, v3 the
``in_progress`` checkpoint table; a later one might add a column with ``ALTER TABLE practices
ADD COLUMN ...`` and list it in ``COLUMNS``, and add it to ``in_progress`` too).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from sqlite_utils import Database

from stsdesk.core.errors import DatabaseTooNewError
from stsdesk.store.columns import PRACTICE_COLUMNS
from stsdesk.store.selfcheck_schema import TABLES as SELF_CHECK_TABLES
from stsdesk.store.selfcheck_schema import create_tables as _v4_self_check

Migration = Callable[[Database], None]

TABLE = "practices"

# Versions 1 to 3 have exactly today's columns. A version that adds one lists its own set
# (``_V1_COLUMNS | {"new"}``) and adds the column to ``columns.PRACTICE_FIELDS``.
_V1_COLUMNS = frozenset(PRACTICE_COLUMNS)


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


_PLUS = "+"
_MINUS = "-"


def _totals_change(row: str, sign: str) -> str:
    """SQL adding (``+``) or removing (``-``) one practice (``NEW``/``OLD``) to the totals."""
    rated = f"({row}.distress_before IS NOT NULL AND {row}.distress_after IS NOT NULL)"
    change = f"coalesce({row}.distress_after - {row}.distress_before, 0)"
    return f"""
        INSERT INTO day_totals (local_day, sessions, seconds)
            VALUES ({row}.local_day, {sign}1, {sign}{row}.practiced_seconds)
            ON CONFLICT (local_day) DO UPDATE SET
                sessions = sessions + excluded.sessions, seconds = seconds + excluded.seconds;
        INSERT INTO exercise_totals (exercise_id, sessions, rated, change_sum)
            VALUES ({row}.exercise_id, {sign}1, {sign}{rated}, {sign}{change})
            ON CONFLICT (exercise_id) DO UPDATE SET
                sessions = sessions + excluded.sessions, rated = rated + excluded.rated,
                change_sum = change_sum + excluded.change_sum;
        INSERT INTO family_totals (family, sessions) VALUES ({row}.family, {sign}1)
            ON CONFLICT (family) DO UPDATE SET sessions = sessions + excluded.sessions;
    """


_DROP_EMPTY = """
        DELETE FROM day_totals WHERE sessions <= 0;
        DELETE FROM exercise_totals WHERE sessions <= 0;
        DELETE FROM family_totals WHERE sessions <= 0;
"""


def _v2_totals(db: Database) -> None:
    """Running totals kept by triggers, so statistics over decades read a few thousand rows.

    ``day_totals`` is per stamped local day: the default midnight day boundary. A later day
    boundary (night shifts) is summed from the practices themselves.
    """
    db.execute(
        "CREATE TABLE day_totals (local_day TEXT PRIMARY KEY, sessions INTEGER NOT NULL, "
        "seconds REAL NOT NULL) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE exercise_totals (exercise_id TEXT PRIMARY KEY, sessions INTEGER NOT NULL, "
        "rated INTEGER NOT NULL, change_sum REAL NOT NULL) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE family_totals (family TEXT PRIMARY KEY, sessions INTEGER NOT NULL) "
        "WITHOUT ROWID"
    )
    db.execute(
        f"CREATE TRIGGER totals_insert AFTER INSERT ON practices BEGIN "
        f"{_totals_change('NEW', _PLUS)} END"
    )
    db.execute(
        f"CREATE TRIGGER totals_delete AFTER DELETE ON practices BEGIN "
        f"{_totals_change('OLD', _MINUS)} {_DROP_EMPTY} END"
    )
    db.execute(
        "CREATE TRIGGER totals_update AFTER UPDATE OF local_day, started_at, practiced_seconds, "
        "exercise_id, family, distress_before, distress_after ON practices BEGIN "
        f"{_totals_change('OLD', _MINUS)} {_totals_change('NEW', _PLUS)} {_DROP_EMPTY} END"
    )
    db.execute(
        "INSERT INTO day_totals SELECT local_day, count(*), total(practiced_seconds) "
        "FROM practices GROUP BY 1"
    )
    db.execute(
        "INSERT INTO exercise_totals SELECT exercise_id, count(*), "
        "count(distress_after - distress_before), total(distress_after - distress_before) "
        "FROM practices GROUP BY 1"
    )
    db.execute("INSERT INTO family_totals SELECT family, count(*) FROM practices GROUP BY 1")


def _v3_in_progress(db: Database) -> None:
    """A checkpoint of each running practice, so a crash costs seconds, not the practice.

    One row per running stsdesk (``owner``), upserted every few seconds while a practice runs,
    deleted in the transaction that saves the finished practice. At the next start a row whose
    owner is gone becomes a stopped-early practice. Same columns as ``practices``, no id.
    """
    db.execute(
        """
        CREATE TABLE in_progress (
            owner TEXT PRIMARY KEY,                -- host:pid:token of the stsdesk running it
            updated_utc TEXT NOT NULL,             -- last checkpoint: YYYY-MM-DDTHH:MM:SSZ
            exercise_id TEXT NOT NULL,
            exercise_title TEXT NOT NULL,
            family TEXT NOT NULL DEFAULT '',
            minutes_chosen REAL NOT NULL,
            started_at TEXT NOT NULL,
            started_utc TEXT NOT NULL,
            time_zone TEXT NOT NULL DEFAULT '',
            local_day TEXT NOT NULL,
            practiced_seconds REAL NOT NULL,       -- practised so far
            completed INTEGER NOT NULL,
            source TEXT NOT NULL,
            distress_before INTEGER,
            distress_after INTEGER,
            zone_before TEXT,
            zone_after TEXT,
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]'
        ) WITHOUT ROWID
        """
    )


# v4: the self-check, reflections and course progress (``stsdesk.store.selfcheck_schema``).
MIGRATIONS: tuple[Migration, ...] = (_v1_practices, _v2_totals, _v3_in_progress, _v4_self_check)

# The columns each version's ``practices`` table must have: the startup schema check.
COLUMNS: dict[int, frozenset[str]] = {v: _V1_COLUMNS for v in (1, 2, 3, 4)}

# The tables each version must have besides ``practices``.
TOTALS = ("day_totals", "exercise_totals", "family_totals")
IN_PROGRESS = "in_progress"
EXTRA_TABLES: dict[int, frozenset[str]] = {
    1: frozenset(),
    2: frozenset(TOTALS),
    3: frozenset({*TOTALS, IN_PROGRESS}),
    4: frozenset({*TOTALS, IN_PROGRESS, *SELF_CHECK_TABLES}),
}

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
    absent = EXTRA_TABLES.get(version, frozenset()) - tables
    if absent:
        return f"schema version {version} but no {', '.join(sorted(absent))} table"
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
