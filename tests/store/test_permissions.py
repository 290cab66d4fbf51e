"""R16: under the common umask 022 every file the store writes is 0600, every folder 0700."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stsdesk.store import export
from stsdesk.store.recovery import OpenStatus, start_fresh

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


@pytest.fixture(autouse=True)
def _umask_022() -> Iterator[None]:
    """The umask most desktops start with: without care, SQLite's files come out 0644."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _modes(root: Path) -> dict[str, str]:
    found = {}
    for path in [root, *root.rglob("*")]:
        found[str(path.relative_to(root))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def _not_private(root: Path) -> dict[str, str]:
    return {
        name: mode
        for name, mode in _modes(root).items()
        if mode != ("0o700" if (root / name).is_dir() else "0o600")
    }


def test_every_file_and_folder_is_owner_only(
    paths, open_app_log, make_record, clock, tmp_path
) -> None:
    store = open_app_log().store  # first run
    assert store is not None
    store.add(make_record(note="first"))  # a practice, and the daily backup
    clock.advance(hours=2)
    store.backup_now()
    store.wait_for_backups()
    exported = tmp_path / "exports" / "log.csv"
    exported.parent.mkdir()
    export.export_file(store.records(), export.ExportFormat.CSV, exported)
    assert oct(stat.S_IMODE(exported.stat().st_mode)) == "0o600"
    wal = Path(f"{paths.database}-wal")
    assert wal.exists()
    assert _not_private(paths.data) == {}  # with the live -wal and -shm
    store.close()

    paths.database.write_text("damaged")  # restore and quarantine
    restored = open_app_log()
    assert restored.report.status is OpenStatus.RESTORED
    assert restored.store is not None
    restored.store.close()
    paths.database.write_text("damaged again")
    for backup in paths.backups.iterdir():
        backup.write_text("no good")
    assert open_app_log().store is None
    fresh = start_fresh(paths, clock=clock)  # a new log, the damaged one kept aside
    assert fresh.store is not None
    fresh.store.add(make_record())
    assert _not_private(paths.data) == {}
    fresh.store.close()
    assert len(list(paths.quarantine.iterdir())) == 2


def test_an_existing_world_readable_log_is_tightened(paths, open_app_log, make_record) -> None:
    store = open_app_log().store
    assert store is not None
    store.add(make_record())
    store.close()
    os.chmod(paths.database, 0o644)
    reopened = open_app_log().store
    assert reopened is not None
    assert oct(stat.S_IMODE(paths.database.stat().st_mode)) == "0o600"
