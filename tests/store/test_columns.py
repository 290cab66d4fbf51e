"""The columns of a practice are named once (``store.columns``): the tables on disk, the
store's reads and writes, and the export all agree with that one tuple."""

from __future__ import annotations

import importlib.util
import sqlite3
from dataclasses import replace

from stsdesk.store import columns, database, export
from stsdesk.store.database import PracticeStore


def test_the_tables_on_disk_have_exactly_the_named_columns(store: PracticeStore, paths) -> None:
    store.close()
    conn = sqlite3.connect(paths.database)
    try:
        practices = tuple(row[1] for row in conn.execute("PRAGMA table_info(practices)"))
        in_progress = tuple(row[1] for row in conn.execute("PRAGMA table_info(in_progress)"))
    finally:
        conn.close()
    assert practices == columns.PRACTICE_COLUMNS
    assert in_progress == ("owner", "updated_utc", *columns.PRACTICE_FIELDS)


def test_writes_reads_and_exports_use_the_one_list(make_record) -> None:
    record = make_record()
    assert tuple(database._row(record)) == columns.PRACTICE_FIELDS
    row = database._row(record)
    read_back = database._record((7, *(row[name] for name in columns.RECORD_COLUMNS[1:])))
    assert read_back == replace(record, id=7)  # _record reads RECORD_COLUMNS in their order
    assert tuple(next(export.rows([record]))) == export.COLUMNS == columns.EXPORT_COLUMNS
    assert set(export.COLUMNS) <= set(columns.PRACTICE_FIELDS)


def test_the_crash_test_writer_is_not_shipped() -> None:
    assert importlib.util.find_spec("stsdesk.store.writer") is None
