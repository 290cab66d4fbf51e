"""The store says *why* as well as what: ``StoreError.reason`` for the fronts to word or act on."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from stsdesk.core.errors import StoreError, StoreReason
from stsdesk.store import export
from stsdesk.store.errors import reason, reason_of


def test_a_full_disk_is_a_reason_as_well_as_a_sentence(store, make_record) -> None:
    conn = store._db.conn  # the writer's connection: the page limit is per connection
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 3}")
    raised = None
    for index in range(100):  # a few pages' worth of notes fill the limit
        try:
            store.add(make_record(note=f"filling {index} " + "x" * 3000))
        except StoreError as error:
            raised = error
            break
    assert raised is not None
    assert raised.reason is StoreReason.DISK_FULL
    assert "disk is full" in str(raised)


def test_an_export_into_a_missing_folder_carries_its_reason(tmp_path, make_record) -> None:
    with pytest.raises(StoreError) as raised:
        export.export_file([make_record()], export.ExportFormat.CSV, tmp_path / "no" / "x.csv")
    assert raised.value.reason is StoreReason.OTHER
    assert "could not be written" in str(raised.value)


@pytest.mark.parametrize(
    ("error", "why", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), StoreReason.DISK_FULL, "disk is full"),
        (OSError(errno.EROFS, "Read-only file system"), StoreReason.READ_ONLY, "read-only"),
        (OSError(errno.EACCES, "Permission denied"), StoreReason.PERMISSION, "permission"),
        (OSError(errno.ENOENT, "No such file or directory"), StoreReason.OTHER, "no such file"),
    ],
)
def test_each_reason_has_its_words(error, why, words) -> None:
    assert reason_of(error) is why
    assert words in reason(error)


def test_sqlite_damage_and_busy_are_told_apart() -> None:
    damaged = sqlite3.DatabaseError("file is not a database")
    damaged.sqlite_errorname = "SQLITE_NOTADB"
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorname = "SQLITE_BUSY"
    assert (reason_of(damaged), reason_of(busy)) == (StoreReason.DAMAGED, StoreReason.BUSY)
