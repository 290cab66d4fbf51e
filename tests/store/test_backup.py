"""R4: backups are checked single files, taken hourly after a change, and thinned predictably."""

from __future__ import annotations

import errno
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from stsdesk.core.errors import StoreError
from stsdesk.store.backup import Backups, backups_to_keep, check_file
from stsdesk.store.database import PracticeStore

TODAY = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # a Tuesday


def _days(*iso: str) -> list[date]:
    return [date.fromisoformat(text) for text in iso]


def test_thinning_keeps_7_daily_4_weekly_6_monthly() -> None:
    stamps = [TODAY - timedelta(days=n) for n in range(400)]
    kept = sorted((stamp.date() for stamp in backups_to_keep(stamps)), reverse=True)
    assert kept == _days(
        *("2026-03-10", "2026-03-09", "2026-03-08", "2026-03-07"),
        *("2026-03-06", "2026-03-05", "2026-03-04"),
        # then the newest of each earlier ISO week...
        *("2026-03-01", "2026-02-22", "2026-02-15", "2026-02-08"),
        # ...then of each earlier month
        *("2026-01-31", "2025-12-31", "2025-11-30", "2025-10-31", "2025-09-30", "2025-08-31"),
    )


def test_thinning_after_every_daily_backup_keeps_a_six_month_tail() -> None:
    kept: set[datetime] = set()
    for n in range(399, -1, -1):  # a backup a day for 400 days, thinned each time
        kept = backups_to_keep({*kept, TODAY - timedelta(days=n)})
    days = sorted((stamp.date() for stamp in kept), reverse=True)
    assert len(days) == 17
    assert days[:7] == [TODAY.date() - timedelta(days=n) for n in range(7)]
    assert (TODAY.date() - days[-1]).days > 180


def test_thinning_counts_days_with_backups_not_calendar_days() -> None:
    """After a long break the last good copies survive."""
    old = [TODAY - timedelta(days=300 + n) for n in range(5)]
    assert backups_to_keep([*old, TODAY]) == {*old, TODAY}


def test_thinning_keeps_the_newest_backup_of_a_day() -> None:
    morning, evening = TODAY.replace(hour=8), TODAY.replace(hour=20)
    assert backups_to_keep([morning, evening]) == {evening}


def test_thinning_without_daily_copies_starts_with_the_newest_week_and_month() -> None:
    """No daily tier: the newest backup opens the weekly tier (it used to raise)."""
    stamps = [TODAY - timedelta(days=n) for n in range(60)]
    assert backups_to_keep(stamps, daily=0, weekly=1, monthly=0) == {TODAY}
    assert backups_to_keep(stamps, daily=0, weekly=0, monthly=2) == {
        TODAY,
        datetime(2026, 2, 28, 12, 0, tzinfo=UTC),
    }


@pytest.fixture
def source(tmp_path, make_record) -> Iterator[sqlite3.Connection]:
    """The connection of a log with a few practices and no automatic backups of its own."""
    store = PracticeStore.open(tmp_path / "log.sqlite3")
    for _ in range(30):
        store.add(make_record(note="n" * 500))
    yield store._db.conn
    store.close()


def test_a_backup_is_a_checked_private_single_file(store, make_record, paths, clock) -> None:
    for _ in range(5):
        store.add(make_record(note="backed up"))
    clock.advance(hours=1)
    path = store.backup_now()

    assert path.parent == paths.backups
    assert check_file(path) is None
    assert path.stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM practices").fetchone()[0] == 5
    finally:
        conn.close()
    assert sorted(p.name for p in paths.backups.iterdir()) == sorted(
        b.path.name for b in Backups(paths.backups).entries()
    )  # no temporary files or sidecars left beside the backups


def test_backups_taken_while_a_writer_commits_each_hold_a_prefix(store, make_record, clock) -> None:
    assert store.backups is not None
    stop = threading.Event()
    written: list[int] = []

    def write() -> None:
        while not stop.is_set():
            written.append(store.add(make_record(note="concurrent")))

    writer = threading.Thread(target=write)
    writer.start()
    try:
        for _ in range(5):
            clock.advance(hours=25)
            store.backup_now()
    finally:
        stop.set()
        writer.join()
    assert written
    backups = store.backups.entries()
    assert len(backups) >= 5
    for backup in backups:
        assert check_file(backup.path) is None
        conn = sqlite3.connect(f"{backup.path.as_uri()}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            ids = [row[0] for row in conn.execute("SELECT id FROM practices ORDER BY id")]
        finally:
            conn.close()
        assert ids == written[: len(ids)]


def test_maybe_backup_waits_an_hour_and_respects_a_pause(tmp_path, source) -> None:
    backups = Backups(tmp_path / "backups")
    assert backups.maybe_backup(source, TODAY) is not None
    assert backups.maybe_backup(source, TODAY + timedelta(minutes=59)) is None
    assert backups.maybe_backup(source, TODAY + timedelta(minutes=61)) is not None
    backups.pause()
    assert backups.maybe_backup(source, TODAY + timedelta(days=2)) is None
    backups.resume()
    assert backups.maybe_backup(source, TODAY + timedelta(days=2)) is not None
    # A clock that was set far ahead once must not stop backups for good.
    backups.create(source, TODAY + timedelta(days=400))
    assert backups.maybe_backup(source, TODAY + timedelta(days=3)) is not None


def test_newest_good_skips_damaged_backups(tmp_path, source) -> None:
    backups = Backups(tmp_path / "backups")
    older = backups.create(source, TODAY - timedelta(days=1))
    newer = backups.create(source, TODAY)
    with open(newer, "r+b") as handle:
        handle.truncate(newer.stat().st_size // 2)
    good = backups.newest_good()
    assert good is not None
    assert good.path == older


def test_a_backup_that_cannot_be_written_leaves_nothing(tmp_path, source, monkeypatch) -> None:
    backups = Backups(tmp_path / "backups")

    def full(path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("stsdesk.store.backup.fsync_file", full)
    with pytest.raises(StoreError, match="disk is full"):
        backups.create(source, TODAY)
    assert list((tmp_path / "backups").iterdir()) == []


def test_unrelated_files_in_the_backup_folder_are_ignored(tmp_path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "backup-20260310T120000Z.sqlite3").write_bytes(b"")
    assert [b.taken_at for b in Backups(folder).entries()] == [TODAY]
