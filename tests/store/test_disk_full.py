"""R6: a full disk never loses a practice: it is kept, explained, and saved on retry."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from stsdesk.core.errors import StoreError
from stsdesk.store import export


def _limit_pages(store, extra: int) -> None:
    conn = store._db.conn  # the writer's connection: the page limit is per connection
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + extra}")


def test_a_full_disk_keeps_the_practice_and_retry_saves_it(
    store, make_record, integrity, raw_rows
) -> None:
    store.add(make_record(note="before"))
    _limit_pages(store, 3)
    saved = 1
    raised = None
    for index in range(100):  # a few pages' worth of notes fill the limit
        try:
            store.add(make_record(note=f"filling {index} " + "x" * 3000))
        except StoreError as exc:
            raised = exc
            break
        saved += 1
    assert raised is not None
    message = str(raised)
    assert "disk is full" in message
    assert "kept" in message
    assert isinstance(raised.__cause__, sqlite3.OperationalError)
    assert raised.__cause__.sqlite_errorname == "SQLITE_FULL"
    (kept,) = store.pending
    assert store.count() == saved  # the failed transaction left nothing behind
    assert not store._db.conn.in_transaction
    assert integrity(store.path) == "ok"

    with pytest.raises(StoreError, match="These 2 practices"):
        store.add(make_record(note="while still full"))
    assert len(store.pending) == 2

    store._db.conn.execute("PRAGMA max_page_count = 1000000")  # space freed
    ids = store.retry_pending()

    assert len(ids) == 2
    assert store.pending == ()
    notes = [row[16] for row in raw_rows(store.path)]
    assert notes[-2:] == [kept.note, "while still full"]
    assert integrity(store.path) == "ok"


def test_the_next_save_flushes_the_kept_practices_first(store, make_record) -> None:
    _limit_pages(store, 0)
    with pytest.raises(StoreError):
        store.add(make_record(note="kept " + "x" * 8000))
    store._db.conn.execute("PRAGMA max_page_count = 1000000")
    newest = store.add(make_record(note="next"))
    assert [r.note[:4] for r in store.records()] == ["kept", "next"]
    assert store.records()[-1].id == newest
    assert store.pending == ()


def test_an_export_on_a_full_disk_explains_and_leaves_no_partial_file(
    store, make_record, tmp_path, monkeypatch
) -> None:
    store.add(make_record(note="x"))

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("stsdesk.store.export.os.fsync", full)
    target = tmp_path / "export.csv"
    with pytest.raises(StoreError, match="disk is full"):
        export.export_file(store.records(), export.ExportFormat.CSV, target)
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]
