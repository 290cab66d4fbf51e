"""Reading what can still be read from a damaged practice log, row by row.

When a damaged log is replaced by its newest backup, the practices recorded after that backup
are often still in the damaged file: damage usually hits a few pages, not all of them. This
reads a copy of the file (the quarantined original is never touched) one practice at a time by
id, so a damaged page costs only the rows on it. Only ids above the backup's newest are read:
ids are never reused (AUTOINCREMENT), so those are exactly the practices the backup lacks.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# How many ids past the backup to try when the damaged file no longer says how many it had.
SEARCH_WIDTH = 10_000
# At most this many ids are tried in all: reading by id costs microseconds each.
MAX_IDS = 200_000

# A row as sqlite3 returns it: its values are whatever the columns hold.
Row = tuple[Any, ...]


def salvage_rows(damaged: Path, columns: str, after_id: int) -> list[Row]:
    """The ``practices`` rows (``columns``) with an id above ``after_id`` that can still be
    read from ``damaged`` (and its ``-wal`` beside it), oldest id first. Never raises for
    damage: what cannot be read is skipped and logged."""
    try:
        with _readable_copy(damaged) as conn:
            return list(_rows(conn, columns, after_id))
    except (sqlite3.Error, OSError):
        log.warning("Nothing could be salvaged from %s", damaged, exc_info=True)
        return []


@contextlib.contextmanager
def _readable_copy(damaged: Path) -> Iterator[sqlite3.Connection]:
    """A connection to a private copy of the damaged file and its WAL (reading a WAL file
    writes its ``-shm`` index, and the evidence must stay exactly as found)."""
    with tempfile.TemporaryDirectory(prefix="salvage-", dir=damaged.parent) as scratch:
        copy = Path(scratch) / damaged.name
        shutil.copyfile(damaged, copy)
        wal = Path(f"{damaged}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{copy}-wal"))
        conn = sqlite3.connect(copy)
        try:
            conn.execute("PRAGMA query_only = ON")
            yield conn
        finally:
            conn.close()


def _rows(conn: sqlite3.Connection, columns: str, after_id: int) -> Iterator[Row]:
    query = f"SELECT {columns} FROM practices WHERE id = ?"
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # no schema: give up (raises)
    last = min(_last_id(conn, after_id), after_id + MAX_IDS)
    skipped = 0
    for row_id in range(after_id + 1, last + 1):
        try:
            row = conn.execute(query, (row_id,)).fetchone()
        except sqlite3.Error:
            skipped += 1
            continue
        if row is not None:
            yield row
    if skipped:
        log.warning("Salvage skipped %d unreadable ids of the damaged log", skipped)


def _last_id(conn: sqlite3.Connection, after_id: int) -> int:
    """The highest id the damaged file knows of, from whichever record of it still reads."""
    found = []
    for query in (
        "SELECT seq FROM sqlite_sequence WHERE name = 'practices'",
        "SELECT max(id) FROM practices",
    ):
        try:
            value = conn.execute(query).fetchone()
        except sqlite3.Error:
            continue
        if value and isinstance(value[0], int):
            found.append(value[0])
    return max(found) if found else after_id + SEARCH_WIDTH
