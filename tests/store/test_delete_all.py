"""R17: delete-all leaves no trace of a note in any file under the data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from stsdesk.store import export
from stsdesk.store.recovery import quarantine

CANARY = "canary-7f3a9c-do-not-keep"


def _files_containing(root: Path, needle: bytes) -> list[str]:
    return [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and needle in path.read_bytes()
    ]


def test_delete_all_leaves_no_trace(paths, open_app_log, make_record, clock, tmp_path) -> None:
    store = open_app_log().store
    assert store is not None
    for index in range(300):
        store.add(make_record(note=f"{CANARY} {index} " + "x" * 300, tags=(CANARY,)))
    clock.advance(hours=2)
    store.backup_now()
    export.export_file(store.records(), export.ExportFormat.JSON, tmp_path / "export.json")
    # An earlier damaged copy kept in quarantine holds the notes too.
    spare = paths.data / "spare.sqlite3"
    shutil.copyfile(store.backups.entries()[0].path, spare)
    quarantine(spare, paths.quarantine, clock())
    for index in range(300, 320):  # recent changes still sitting in the WAL
        store.add(make_record(note=f"{CANARY} {index}"))
    needle = CANARY.encode()
    assert len(_files_containing(paths.data, needle)) >= 4

    message = store.delete_all()

    assert _files_containing(paths.data, needle) == []
    assert "Exports you saved elsewhere" in message
    assert store.records() == []
    assert Path(f"{paths.database}-wal").stat().st_size == 0
    assert store.backups.entries() == []
    assert list(paths.quarantine.iterdir()) == []
    assert needle in (tmp_path / "export.json").read_bytes()  # the user's own copy is theirs
    store.add(make_record(note="a fresh start"))
    assert [r.note for r in store.records()] == ["a fresh start"]
    store.close()
    assert _files_containing(paths.data, needle) == []
