"""PracticeStore on real SQLite files: settings, round trips, ordering, changes, summaries."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path

import pytest

from stsdesk.core import stats
from stsdesk.core.errors import StoreError
from stsdesk.core.records import Source, Zone
from stsdesk.store import database as database_module
from stsdesk.store.database import PracticeStore
from stsdesk.store.recovery import OpenStatus

REPO = Path(__file__).resolve().parents[2]


def test_every_connection_setting_is_applied(store: PracticeStore) -> None:
    conn = store._db.conn  # the store's one connection, the only writer
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_a_record_reads_back_exactly(store, make_record) -> None:
    record = make_record(
        "2026-11-01T08:30:00+00:00",  # 01:30 PDT, the first of two 01:30s that night
        before=7,
        after=3,
        zone_before=Zone.HIGH,
        zone_after=Zone.RESILIENT,
        source=Source.MANUAL,
        completed=False,
        seconds=95.5,
        note='Line one, "quoted"\nline two: café ☕ 東京',
        tags=("heavy exposure day", "court"),
    )
    record_id = store.add(record)
    (saved,) = store.records()
    assert saved.id == record_id
    assert saved == record.__class__(**{**record.__dict__, "id": record_id})
    assert saved.started_at.isoformat() == "2026-11-01T01:30:00-07:00"
    assert saved.local_day == date(2026, 11, 1)


def test_add_is_committed_before_it_returns(store, make_record, raw_rows) -> None:
    record_id = store.add(make_record(note="visible to another connection"))
    rows = raw_rows(store.path)  # a separate connection sees only committed data
    assert [row[0] for row in rows] == [record_id]


def test_records_are_ordered_by_instant_not_by_local_text(store, make_record) -> None:
    honolulu = make_record("2026-06-11T05:00:00+00:00", zone="Pacific/Honolulu")  # 06-10 19:00
    tokyo = make_record("2026-06-10T23:00:00+00:00", zone="Asia/Tokyo")  # 06-11 08:00
    store.add(honolulu)
    store.add(tokyo)
    assert [r.time_zone for r in store.records()] == ["Asia/Tokyo", "Pacific/Honolulu"]
    assert [r.time_zone for r in store.recent(1)] == ["Pacific/Honolulu"]
    assert [r.time_zone for r in store.recent(1, offset=1)] == ["Asia/Tokyo"]
    assert store.count() == 2
    assert store.latest_day() == date(2026, 6, 11)


def test_an_empty_log(store) -> None:
    assert store.records() == []
    assert store.count() == 0
    assert store.latest_day() is None
    assert store.summary() == stats.Summary()


def test_note_edit_and_delete(store, make_record) -> None:
    first = store.add(make_record(note="first"))
    second = store.add(make_record(note="second"))
    store.update_note(first, "edited")
    store.delete(second)
    assert [(r.id, r.note) for r in store.records()] == [(first, "edited")]
    with pytest.raises(StoreError, match="no longer in your log"):
        store.update_note(second, "gone")
    with pytest.raises(StoreError, match="no longer in your log"):
        store.delete(second)


def test_ids_are_never_reused(store, make_record) -> None:
    first = store.add(make_record())
    store.delete(first)
    assert store.add(make_record()) == first + 1


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"local_day": date(2026, 1, 1)}, "local_day"),
        ({"distress_after": 11}, "distress_after"),
        ({"practiced_seconds": -1.0}, "negative"),
    ],
)
def test_a_record_breaking_the_conventions_is_refused(store, make_record, change, problem) -> None:
    record = make_record()
    bad = record.__class__(**{**record.__dict__, **change})
    with pytest.raises(ValueError, match=problem):
        store.add(bad)
    assert store.pending == ()
    assert store.count() == 0


@pytest.mark.parametrize("boundary", [0, 4])
def test_summary_in_sql_equals_summary_of_records(store, make_record, boundary) -> None:
    examples = [
        ("2026-03-07T06:00:00+00:00", "America/Los_Angeles", "box", "Box", 7, 4),
        ("2026-03-08T10:30:00+00:00", "America/Los_Angeles", "box", "Box breathing", 6, None),
        ("2026-03-09T09:10:00+00:00", "America/Los_Angeles", "box", "Box breathing", 5, 2),
        ("2026-06-10T23:00:00+00:00", "Asia/Tokyo", "ground", "Grounding", None, 3),
        ("2026-06-11T05:00:00+00:00", "Pacific/Honolulu", "ground", "Grounding", 8, 8),
        ("2026-06-12T11:15:00+00:00", "UTC", "walk", "A walk", 9, 2),
    ]
    for index, (at, zone, exercise, title, before, after) in enumerate(examples):
        family = "" if exercise == "walk" else "calm"
        store.add(
            make_record(
                at,
                zone=zone,
                exercise_id=exercise,
                title=title,
                family=family,
                seconds=60 * (index + 1),
                before=before,
                after=after,
            )
        )
    from_sql = store.summary(boundary)
    assert from_sql == stats.summarise(store.records(), boundary)
    assert from_sql.exercises["box"].title == "Box breathing"  # the latest title
    settings = stats.StatsSettings(day_boundary_hour=boundary)
    today = date(2026, 6, 12)
    assert stats.from_summary(from_sql, today, settings) == stats.compute(
        store.records(), today, settings
    )
    # The totals follow every change: a note edit, a deletion, a rating corrected by hand.
    first, last = store.records()[0], store.records()[-1]
    store.update_note(first.id, "edited")
    store.delete(last.id)
    store._db.execute("UPDATE practices SET distress_after = 1 WHERE id = ?", [first.id])
    assert store.summary(boundary) == stats.summarise(store.records(), boundary)
    assert "walk" not in store.summary(boundary).exercises


def _count(path: Path) -> int:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM practices").fetchone()[0])
    finally:
        conn.close()


def test_a_change_takes_the_hourly_backup_off_the_callers_thread(
    store, make_record, clock, monkeypatch
) -> None:
    assert store.backups is not None
    threads: list[str] = []
    create = store.backups.create
    monkeypatch.setattr(
        store.backups,
        "create",
        lambda *a, **k: threads.append(threading.current_thread().name) or create(*a, **k),
    )
    store.add(make_record())
    store.wait_for_backups()
    assert len(store.backups.entries()) == 1
    clock.advance(minutes=59)
    store.update_note(store.records()[0].id or 0, "same hour")
    store.wait_for_backups()
    assert len(store.backups.entries()) == 1
    clock.advance(minutes=2)
    store.add(make_record())
    store.wait_for_backups()
    entries = store.backups.entries()
    assert [e.taken_at for e in entries] == [clock()]  # thinning: the newest of the day
    assert threads == ["stsdesk-backups", "stsdesk-backups"]
    assert _count(entries[0].path) == 2


def test_close_backs_up_changes_since_the_last_backup(
    paths, open_app_log, make_record, clock
) -> None:
    store = open_app_log().store
    store.add(make_record())
    store.wait_for_backups()
    clock.advance(minutes=10)
    store.add(make_record(note="after the backup"))
    store.wait_for_backups()
    assert len(store.backups.entries()) == 1  # not due yet
    store.close()
    newest = store.backups.entries()[0]
    assert newest.taken_at == clock()
    assert _count(newest.path) == 2
    reopened = open_app_log().store
    reopened.close()  # nothing changed: no new backup
    assert len(store.backups.entries()) == 1


def test_a_failed_backup_never_fails_the_save(store, make_record, paths, caplog) -> None:
    shutil.rmtree(paths.backups, ignore_errors=True)
    paths.backups.write_text("a file where the backup folder should be")
    with caplog.at_level(logging.WARNING, logger="stsdesk.store"):
        record_id = store.add(make_record(note="kept"))
        store.wait_for_backups()
    assert [r.id for r in store.records()] == [record_id]
    assert "Automatic backup failed" in caplog.text
    assert "kept" not in caplog.text  # no user content in the log


def test_reopening_keeps_everything(paths, make_record, open_app_log) -> None:
    first = open_app_log().store
    assert first is not None
    first.add(make_record(note="durable"))
    first.close()
    second = open_app_log()
    assert second.report.status is OpenStatus.OK
    assert second.store is not None
    assert [r.note for r in second.store.records()] == ["durable"]


_READ_ONLY_PROBE = """
import json, sys
from pathlib import Path
from stsdesk.core.errors import StoreError
from stsdesk.core.records import PracticeRecord
from stsdesk.infra.paths import resolve_paths
from stsdesk.store.recovery import open_log

result = open_log(resolve_paths(sys.argv[1]))
store = result.store
records = store.records()
try:
    store.add(records[0].__class__(**{**records[0].__dict__, "id": None}))
    error = ""
except StoreError as exc:
    error = str(exc)
print(json.dumps({"status": result.report.status, "message": result.report.message,
                  "count": len(records), "pending": len(store.pending), "error": error}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_log_opens_for_reading(make_record, what) -> None:
    """R7: history visible, saving refused with an explanation and the record kept, no crash.

    Root ignores permission bits, so as root the probe runs as ``nobody`` (via setpriv).
    """
    as_root = os.geteuid() == 0
    if as_root and shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root's privileges")
    root = Path(tempfile.mkdtemp(prefix="stsdesk-ro-"))
    try:
        data = root / "data"
        data.mkdir()
        store = PracticeStore.open(data / "practice-log.sqlite3")
        store.add(make_record(note="readable"))
        store.close()
        os.chmod(root, 0o755)
        if what == "file":
            os.chmod(data / "practice-log.sqlite3", 0o444)
            os.chmod(data, 0o777)  # the folder stays writable: -wal/-shm can be made
        else:
            os.chmod(data / "practice-log.sqlite3", 0o644)
            os.chmod(data, 0o555)
        command = [sys.executable, "-c", _READ_ONLY_PROBE, str(data)]
        if as_root:
            command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        outcome = json.loads(done.stdout)
        assert outcome["status"] == OpenStatus.READ_ONLY
        assert "read-only" in outcome["message"]
        assert outcome["count"] == 1
        assert outcome["pending"] == 1
        assert "could not be saved yet because the practice log is read-only" in outcome["error"]
    finally:
        os.chmod(root / "data", 0o700)
        shutil.rmtree(root)


def test_a_log_that_turns_read_only_keeps_the_practice_until_retry(store, make_record) -> None:
    conn = store._db.conn
    conn.execute("PRAGMA query_only = ON")  # writes now fail with SQLITE_READONLY
    with pytest.raises(StoreError, match="read-only") as raised:
        store.add(make_record(note="waiting"))
    assert "kept" in str(raised.value)
    assert len(store.pending) == 1
    conn.execute("PRAGMA query_only = OFF")
    saved = store.retry_pending()
    assert [r.id for r in store.records()] == saved
    assert store.pending == ()


def test_a_log_opened_read_only_reopens_once_writable(store, make_record, monkeypatch) -> None:
    """As after starting from a read-only folder that the user then fixed."""
    writable = database_module._open_database
    monkeypatch.setattr(database_module, "_open_database", lambda path: (writable(path)[0], True))
    store.read_only = True
    with pytest.raises(StoreError, match="read-only"):
        store.add(make_record(note="waiting"))
    assert len(store.pending) == 1
    monkeypatch.setattr(database_module, "_open_database", writable)
    saved = store.retry_pending()
    assert store.read_only is False
    assert [r.id for r in store.records()] == saved


def test_the_schema_explains_itself_to_sqlite_tools(store, make_record) -> None:
    store.add(make_record())
    conn = sqlite3.connect(store.path)
    try:
        (table_sql,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'practices'"
        ).fetchone()
    finally:
        conn.close()
    assert "local wall time with its UTC offset" in table_sql  # the schema explains itself
