"""R3, R3b, R5: damaged logs at start are moved aside whole and the newest good backup restored;
without one the damaged file is kept and the user chooses; a stale WAL is never replayed."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from stsdesk.infra.paths import AppPaths
from stsdesk.store.backup import Backups
from stsdesk.store.database import PracticeStore
from stsdesk.store.recovery import OpenStatus, start_fresh

BACKED_UP = 40
AFTER_BACKUP = 15


def _truncate(fraction: float) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with open(path, "r+b") as handle:
            handle.truncate(int(path.stat().st_size * fraction))

    return damage


def _cut_unaligned(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size - 1234)


def _zero_header(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.write(bytes(100))


def _zero_length(path: Path) -> None:
    path.write_bytes(b"")


def _garbage_text(path: Path) -> None:
    path.write_text("These are my notes, not a database.\n" * 200)


def _random_page(path: Path) -> None:
    """Overwrite one b-tree page of the practices table in the middle of the file."""
    conn = sqlite3.connect(path)
    try:
        pages = [
            row[0]
            for row in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'practices' AND pagetype = 'leaf'"
            )
        ]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    page = sorted(pages)[len(pages) // 2]
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * page_size)
        handle.write(random.Random(7).randbytes(page_size))


DAMAGE = {
    "truncated-50%": _truncate(0.5),
    "truncated-99%": _truncate(0.99),
    "truncated-unaligned": _cut_unaligned,
    "zeroed-header": _zero_header,
    "zero-length": _zero_length,
    "garbage-text": _garbage_text,
    "random-page": _random_page,
}


@pytest.fixture
def log_with_backup(open_app_log, make_record, clock, crash) -> Callable[[], date]:
    """A crashed log with BACKED_UP records in its newest backup and AFTER_BACKUP more since.

    Returns the latest local day the backup holds.
    """

    def build() -> date:
        store = open_app_log().store
        assert store is not None
        for index in range(BACKED_UP + AFTER_BACKUP):
            if index == BACKED_UP:
                clock.advance(days=2)
                store.backup_now()
            clock.advance(hours=5 if index < BACKED_UP else 0.05)  # no hourly backup after it
            store.add(make_record(clock(), note=f"note {index} " + "x" * 1500))
        last_backed_up = store.records()[BACKED_UP - 1].local_day
        crash(store)  # a normal close would back up the rest
        return last_backed_up

    return build


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _only_quarantine(paths: AppPaths) -> Path:
    (folder,) = paths.quarantine.iterdir()
    return folder


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_log_is_quarantined_and_the_newest_good_backup_restored(
    damage, paths, log_with_backup, open_app_log, integrity
) -> None:
    last_backed_up = log_with_backup()
    damage(paths.database)
    damaged = _sha256(paths.database)

    result = open_app_log()

    report = result.report
    assert report.status is OpenStatus.RESTORED
    assert result.store is not None
    assert 0 <= report.salvaged <= AFTER_BACKUP
    assert result.store.count() == BACKED_UP + report.salvaged
    notes = [r.note.split(" x")[0] for r in result.store.records()]
    assert notes == [f"note {index}" for index in range(BACKED_UP + report.salvaged)]
    assert report.data_until == result.store.latest_day()
    assert report.data_until >= last_backed_up
    newest = result.store.records()[-1]
    assert report.newest == newest
    assert report.backups_paused
    assert result.store.backups_paused
    folder = _only_quarantine(paths)
    assert report.quarantined == folder
    assert _sha256(folder / paths.database.name) == damaged
    assert sorted(p.name for p in folder.iterdir()) == sorted(  # no salvage scratch left
        p.name for p in folder.iterdir() if not p.name.startswith("salvage-")
    )
    when = f"{newest.started_at.day} {newest.started_at:%B %Y}, {newest.started_at:%H:%M}"
    for expected in ("damaged", "backup", f"now reaches {when}: Box breathing", "paused"):
        assert expected in report.message
    assert f"The damaged file is kept in {folder}." in report.message
    result.store.close()
    assert integrity(paths.database) == "ok"


def test_stale_wal_is_quarantined_not_replayed(
    paths, open_app_log, make_record, clock, integrity
) -> None:
    """R5: the WAL beside a damaged file belongs to it; left in place it would be replayed."""
    store = open_app_log().store
    assert store is not None
    for _ in range(BACKED_UP):
        store.add(make_record(note="in the backup " + "x" * 1500))
    clock.advance(days=2)
    store.backup_now()
    store.close()

    # A second writer adds rows that stay in the WAL (no checkpoint), then the file is damaged.
    writer = sqlite3.connect(paths.database)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.executemany(
        "INSERT INTO practices (exercise_id, exercise_title, minutes_chosen, started_at, "
        "started_utc, local_day, practiced_seconds, completed, source, note) VALUES "
        "('x', 'x', 1, '2026-03-10T09:00:00-07:00', '2026-03-10T16:00:00Z', '2026-03-10', "
        "60, 1, 'guided', 'only in the stale wal')",
        [()] * 200,
    )
    writer.commit()
    stale_wal = Path(f"{paths.database}-wal").read_bytes()
    writer.close()
    _truncate(0.5)(paths.database)
    Path(f"{paths.database}-wal").write_bytes(stale_wal)

    # Control: copying the backup over the file while the WAL stays beside it replays the WAL.
    control = paths.data.parent / "control"
    control.mkdir()
    newest = Backups(paths.backups).entries()[0]
    shutil.copyfile(newest.path, control / "log.sqlite3")
    shutil.copyfile(f"{paths.database}-wal", control / "log.sqlite3-wal")
    naive = sqlite3.connect(control / "log.sqlite3")
    assert naive.execute("SELECT count(*) FROM practices").fetchone()[0] != BACKED_UP
    naive.close()

    result = open_app_log()

    assert result.report.status is OpenStatus.RESTORED
    assert result.store is not None
    # The WAL's practices are the damaged file's own, and salvage may read them back (the 200
    # rows share one start and exercise: one practice), but never by replaying the WAL.
    assert result.store.count() == BACKED_UP + result.report.salvaged
    folder = _only_quarantine(paths)
    assert (folder / f"{paths.database.name}-wal").read_bytes() == stale_wal
    result.store.close()
    assert integrity(paths.database) == "ok"


@pytest.mark.parametrize("damage", [_garbage_text, _zero_header, _truncate(0.5)])
def test_without_a_good_backup_the_damaged_file_is_kept_and_the_user_chooses(
    damage, paths, open_app_log, make_record, clock
) -> None:
    store = open_app_log().store
    assert store is not None
    store.add(make_record(note="precious"))  # the first change also takes a backup...
    store.close()
    for backup in Backups(paths.backups).entries():
        _truncate(0.3)(backup.path)  # ...which is damaged too
    damage(paths.database)
    damaged = _sha256(paths.database)

    result = open_app_log()

    assert result.store is None
    assert result.report.status is OpenStatus.NEEDS_CHOICE
    assert "start a new log" in result.report.message
    assert _sha256(paths.database) == damaged  # never touched, never replaced
    assert not paths.quarantine.exists()

    fresh = start_fresh(paths, clock=clock)

    assert fresh.report.status is OpenStatus.CREATED
    assert fresh.store is not None
    assert fresh.store.count() == 0
    folder = _only_quarantine(paths)
    assert _sha256(folder / paths.database.name) == damaged
    assert str(folder) in fresh.report.message
    fresh.store.close()


def test_zero_length_file_without_backups_is_a_first_start(paths, open_app_log) -> None:
    paths.database.write_bytes(b"")
    result = open_app_log()
    assert result.report.status is OpenStatus.CREATED
    assert result.store is not None
    assert result.store.count() == 0


def test_a_missing_log_with_backups_is_restored(paths, log_with_backup, open_app_log) -> None:
    log_with_backup()
    paths.database.unlink()
    result = open_app_log()
    assert result.report.status is OpenStatus.RESTORED
    assert "missing" in result.report.message
    assert result.report.quarantined is None
    assert result.store is not None
    assert result.store.count() == BACKED_UP


def test_a_healthy_log_is_left_alone(paths, log_with_backup, open_app_log) -> None:
    log_with_backup()
    result = open_app_log()
    assert result.report.status is OpenStatus.OK
    assert result.report.message == ""
    assert result.store is not None
    assert result.store.count() == BACKED_UP + AFTER_BACKUP
    assert not paths.quarantine.exists()


def test_backups_stay_paused_after_a_restore_until_the_user_confirms(
    paths, log_with_backup, open_app_log, make_record, clock
) -> None:
    log_with_backup()
    _garbage_text(paths.database)
    store = open_app_log().store
    assert isinstance(store, PracticeStore)
    before = [b.path.name for b in store.backups.entries()]
    clock.advance(days=3)
    store.add(make_record(clock()))
    assert [b.path.name for b in store.backups.entries()] == before

    store.resume_backups()
    store.wait_for_backups()

    assert not store.backups_paused
    assert store.backups.entries()[0].taken_at == clock()


def test_quarantine_takes_every_sidecar(paths, log_with_backup, open_app_log) -> None:
    log_with_backup()
    stale_wal = b"stale wal"
    Path(f"{paths.database}-wal").write_bytes(stale_wal)
    Path(f"{paths.database}-shm").write_bytes(b"stale shm")
    _zero_header(paths.database)
    result = open_app_log()
    assert result.report.status is OpenStatus.RESTORED
    folder = _only_quarantine(paths)
    assert sorted(p.name for p in folder.iterdir()) == [
        paths.database.name + suffix for suffix in ("", "-shm", "-wal")
    ]
    assert (folder / f"{paths.database.name}-wal").read_bytes() == stale_wal  # as found


def test_a_report_skips_the_full_check_but_never_reads_a_broken_file(paths, make_record) -> None:
    from stsdesk.core.errors import StoreError
    from stsdesk.store.recovery import open_for_report, open_log

    store = open_log(paths).store
    store.add(make_record("2026-06-12T11:15:00+00:00"))
    store.close()
    with open_for_report(paths) as reading:
        assert reading.count() == 1
    paths.database.write_bytes(b"not a database at all" * 200)
    for sidecar in paths.data.glob("practice-log.sqlite3-*"):
        sidecar.unlink()
    for backup in paths.backups.glob("*"):
        backup.unlink()
    with pytest.raises(StoreError, match="Start the app"):
        open_for_report(paths)
    assert paths.database.read_bytes().startswith(b"not a database")
