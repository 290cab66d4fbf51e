"""Issue 10: a crash costs seconds, nothing kept in memory is dropped at quit, backups are fresh
enough that a damaged log loses at most one practice, and the restore message tells the truth."""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from stsdesk.core.errors import StoreError
from stsdesk.core.ports import MemoryPracticeLog
from stsdesk.infra.paths import AppPaths
from stsdesk.store import database, schema
from stsdesk.store.database import PENDING_FILE, PracticeStore
from stsdesk.store.recovery import OpenStatus, checkpoint_notice, open_log, pending_notice

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"
REPO = Path(__file__).resolve().parents[2]


def _limit_pages(store: PracticeStore) -> None:
    conn = store._db.conn  # the writer's connection: the page limit is per connection
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


# -- checkpoints of a running practice ----------------------------------------------------


def test_a_crash_keeps_the_running_practice_as_stopped_early(
    open_app_log, make_record, crash, clock
) -> None:
    store = open_app_log().store
    running = make_record(seconds=30, completed=False, title="Paced breathing")
    assert store.checkpoint(running)
    clock.advance(seconds=30)
    assert store.checkpoint(replace(running, practiced_seconds=245))  # replaces the first
    crash(store)

    result = open_app_log()

    kept = result.report.recovered_checkpoint
    assert kept is not None
    assert kept == result.store.recovered_checkpoint
    (record,) = result.store.records()
    assert (record.practiced_seconds, record.completed) == (245, False)
    assert kept.id == record.id
    assert checkpoint_notice(kept) == (
        "stsdesk closed unexpectedly during a practice; 4 minutes of Paced breathing were "
        "kept as stopped early."
    )
    result.store.close()
    again = open_app_log()  # said once: the checkpoint is gone
    assert again.report.recovered_checkpoint is None
    assert again.store.count() == 1


def test_finishing_or_discarding_clears_the_checkpoint(open_app_log, make_record, crash) -> None:
    store = open_app_log().store
    finished = make_record(seconds=180)
    store.checkpoint(replace(finished, practiced_seconds=90, completed=False))
    store.add(finished)
    assert store._db.execute("SELECT count(*) FROM in_progress").fetchone()[0] == 0
    store.checkpoint(make_record("2026-03-09T10:00:00+00:00", seconds=20, completed=False))
    assert store.discard_checkpoint()
    crash(store)
    result = open_app_log()
    assert result.report.recovered_checkpoint is None
    assert [r.completed for r in result.store.records()] == [True]


def test_a_live_practice_elsewhere_is_left_alone(make_record, paths) -> None:
    """``stsdesk stats`` while the app runs a practice must not turn it into a record."""
    store = open_log(paths).store  # the real clock, as both processes use
    store.checkpoint(make_record(seconds=30, completed=False))
    other = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from stsdesk.infra.paths import resolve_paths; "
            "from stsdesk.store.recovery import open_log; "
            "r = open_log(resolve_paths(sys.argv[1])); print(r.store.count()); r.store.close()",
            str(paths.data),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
        check=True,
    )
    assert other.stdout.strip() == "0"
    assert store._db.execute("SELECT count(*) FROM in_progress").fetchone()[0] == 1
    store.close()


def _process(code: str = "import time; time.sleep(120)") -> subprocess.Popen[bytes]:
    """Another process on this computer, standing for a running stsdesk."""
    return subprocess.Popen([sys.executable, "-c", code])


def test_a_practice_paused_for_hours_in_a_running_stsdesk_is_left_alone(
    open_app_log, make_record, clock
) -> None:
    """A pause of three hours (no checkpoint refresh while paused) is still the live app's."""
    app = _process()
    try:
        store = open_app_log().store
        store._owner = database._owner_id(app.pid)
        assert store.checkpoint(make_record(seconds=40, completed=False))
        clock.advance(hours=3)
        meanwhile = open_app_log()  # ``stsdesk stats`` in the middle of the pause
        assert meanwhile.report.recovered_checkpoint is None
        assert meanwhile.store.count() == 0
    finally:
        app.kill()
        app.wait()
    after = open_app_log()  # that stsdesk is gone now: its practice is kept as stopped early
    assert [(r.practiced_seconds, r.completed) for r in after.store.records()] == [(40, False)]


def test_a_reused_process_number_does_not_hold_a_checkpoint(
    open_app_log, make_record, clock
) -> None:
    other = _process()  # alive, with the crashed app's number but started at another time
    try:
        store = open_app_log().store
        store._owner = f"{platform.node()}:{other.pid}:1-0123456789ab"
        assert store.checkpoint(make_record(seconds=40, completed=False))
        clock.advance(minutes=5)
        assert open_app_log().store.count() == 1
    finally:
        other.kill()
        other.wait()


def test_finishing_a_practice_another_stsdesk_kept_as_stopped_early_saves_it_once(
    open_app_log, make_record, clock
) -> None:
    gone = _process("pass")
    gone.wait()
    app = open_app_log().store
    app._owner = database._owner_id(gone.pid)  # as if its owner could no longer be asked
    finished = make_record(seconds=180)
    assert app.checkpoint(replace(finished, practiced_seconds=60, completed=False))
    clock.advance(hours=2)
    assert open_app_log().store.count() == 1  # kept as stopped early meanwhile
    app.add(finished)
    assert [(r.practiced_seconds, r.completed) for r in app.records()] == [(180, True)]


def test_delete_all_removes_the_checkpoint_too(store, make_record) -> None:
    store.checkpoint(make_record(completed=False, note="private"))
    store.delete_all()
    assert store._db.execute("SELECT count(*) FROM in_progress").fetchone()[0] == 0


def test_a_checkpoint_the_disk_refuses_returns_false(store, make_record) -> None:
    store._db.conn.execute("PRAGMA query_only = ON")
    assert store.checkpoint(make_record(completed=False)) is False
    assert store.discard_checkpoint() is False
    store._db.conn.execute("PRAGMA query_only = OFF")


def test_the_memory_log_accepts_checkpoints(make_record) -> None:
    memory = MemoryPracticeLog()
    assert memory.checkpoint(make_record(completed=False)) is True
    assert memory.discard_checkpoint() is True
    assert memory.count() == 0


@pytest.mark.parametrize("version", [1, 2])
def test_older_logs_gain_the_checkpoint_table(version, paths, open_app_log, make_record, crash):
    (paths.database).write_bytes((FIXTURES / f"v{version}.sqlite3").read_bytes())
    store = open_app_log().store
    assert schema.user_version(store._db.conn) == schema.CURRENT_VERSION >= 3
    assert store.checkpoint(make_record(seconds=61, completed=False))
    crash(store)
    result = open_app_log()
    assert result.report.recovered_checkpoint is not None
    assert result.store.count() == 6


# -- pending practices survive a quit -----------------------------------------------------


def test_pending_practices_survive_a_quit(open_app_log, make_record, paths) -> None:
    store = open_app_log().store
    store.add(make_record(note="saved"))
    _limit_pages(store)
    with pytest.raises(StoreError):
        store.add(make_record("2026-03-09T08:00:00+00:00", note="kept " + "x" * 9000))
    assert len(store.pending) == 1
    store.close()
    kept = paths.data / PENDING_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert json.loads(kept.read_text())["practices"][0]["note"].startswith("kept")

    result = open_app_log()

    assert result.report.imported_pending == result.store.imported_pending == 1
    assert [r.note[:5] for r in result.store.records()] == ["saved", "kept "]
    assert result.store.pending == ()
    assert not kept.exists()
    assert pending_notice(1) == (
        "1 practice that could not be saved last time was added to your log."
    )


def test_pending_practices_fall_back_to_the_state_folder(
    open_app_log, make_record, paths: AppPaths, monkeypatch
) -> None:
    store = open_app_log().store
    _limit_pages(store)
    with pytest.raises(StoreError):
        store.add(make_record(note="x" * 9000))
    real_write = __import__("stsdesk.store.database", fromlist=["_write_pending"])._write_pending

    def refuse_data_folder(path: Path, records):
        if path.parent == paths.data:
            raise OSError(30, "Read-only file system")
        return real_write(path, records)

    monkeypatch.setattr("stsdesk.store.database._write_pending", refuse_data_folder)
    store.close()
    assert (paths.state / PENDING_FILE).exists()
    monkeypatch.undo()
    result = open_app_log()
    assert result.report.imported_pending == 1
    assert result.store.count() == 1
    assert not (paths.state / PENDING_FILE).exists()


def test_pending_import_never_doubles_a_practice(open_app_log, make_record, paths) -> None:
    store = open_app_log().store
    record = make_record(note="once")
    store.add(record)
    store.close()
    payload = {
        "format": 1,
        "practices": [__import__("stsdesk.store.database").store.database._row(record)],
    }
    (paths.data / PENDING_FILE).write_text(json.dumps(payload))
    result = open_app_log()
    assert result.report.imported_pending == 0
    assert result.store.count() == 1


def test_a_later_add_saves_what_was_pending(store, make_record) -> None:
    _limit_pages(store)
    with pytest.raises(StoreError):
        store.add(make_record(note="y" * 9000))
    store._db.conn.execute("PRAGMA max_page_count = 1000000")
    store.add(make_record("2026-03-09T08:00:00+00:00", note="next"))
    assert [r.note[:1] for r in store.records()] == ["y", "n"]


# -- backups paused after a restore stay visible -----------------------------------------


def test_paused_backups_are_reported_after_a_restart(open_app_log, make_record, paths) -> None:
    store = open_app_log().store
    store.add(make_record())
    store.close()
    paths.database.write_text("damaged")
    restored = open_app_log()
    assert restored.report.status is OpenStatus.RESTORED
    restored.store.close()

    later = open_app_log()

    assert later.report.status is OpenStatus.OK
    assert later.report.backups_paused is True
    assert later.store.backups_paused is True
    later.store.resume_backups()
    later.store.close()
    assert open_app_log().report.backups_paused is False


# -- a read-only log becomes writable again ---------------------------------------------

_READ_ONLY_THEN_FIXED = """
import json, os, sys
from pathlib import Path
from stsdesk.core.errors import StoreError
from stsdesk.infra.paths import resolve_paths
from stsdesk.store.recovery import open_log

data = Path(sys.argv[1])
result = open_log(resolve_paths(data))
store = result.store
record = store.records()[0]
try:
    store.add(record.__class__(**{**record.__dict__, "id": None, "note": "while read-only"}))
except StoreError:
    pass
os.chmod(data / "practice-log.sqlite3", 0o600)  # the user fixes the log, not its -shm
saved = store.retry_pending()
print(json.dumps({"status": result.report.status, "saved": len(saved),
                  "read_only": store.read_only, "count": store.count()}))
store.close()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_log_with_a_stale_shm_is_writable_once_fixed(make_record) -> None:
    """Root ignores permission bits, so as root the probe runs as ``nobody`` (setpriv)."""
    as_root = os.geteuid() == 0
    if as_root and shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root's privileges")
    root = Path(tempfile.mkdtemp(prefix="stsdesk-shm-"))
    try:
        _read_only_then_fixed(root, make_record, as_root)
    finally:
        shutil.rmtree(root)


def _read_only_then_fixed(tmp_path: Path, make_record, as_root: bool) -> None:
    data = tmp_path / "data"
    data.mkdir()
    log_file = data / "practice-log.sqlite3"
    store = PracticeStore.open(log_file)
    store.add(make_record(note="readable"))
    reader = sqlite3.connect(log_file)  # keeps the -shm after the store closes
    reader.execute("SELECT count(*) FROM practices").fetchone()
    store.close()
    reader.close()
    shm = Path(f"{log_file}-shm")
    if not shm.exists():
        shm.write_bytes(bytes(32768))
    for path in (log_file, shm):
        os.chmod(path, 0o400)
    os.chmod(tmp_path, 0o755)
    os.chmod(data, 0o700)
    command = [sys.executable, "-c", _READ_ONLY_THEN_FIXED, str(data)]
    if as_root:
        for path in (data, log_file, shm, *data.iterdir()):
            os.chown(path, 65534, 65534)
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome == {"status": "read_only", "saved": 1, "read_only": False, "count": 2}


# -- the damaged-log scenario the issue measured -------------------------------------------

# Six practices in one day (UTC): hourly backups are taken after the first and the fourth, so
# the fifth and sixth are only in the live file when it is damaged.
_TIMES = ("08:00", "08:20", "08:40", "12:00", "12:15", "12:30")


def _marker(index: int) -> bytes:
    return f"practice-{index}-marker".encode()


def _page_of(path: Path, index: int) -> int:
    """The page of the file holding practice ``index`` (found by its note's marker)."""
    data = path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    return data.index(_marker(index)) // page_size


def _overwrite_pages(path: Path, pages: list[int]) -> None:
    page_size = int.from_bytes(path.read_bytes()[16:18], "big")
    with open(path, "r+b") as handle:
        for page in pages:
            handle.seek(page * page_size)
            handle.write(bytes([0xA5]) * page_size)


@pytest.fixture
def a_day_of_practice(open_app_log, make_record, clock, crash, paths) -> Path:
    """Six practices logged as the app logs them, backups as it takes them, then a crash."""
    store = open_app_log().store
    for index, at in enumerate(_TIMES, start=1):
        hour, minute = map(int, at.split(":"))
        clock.now = clock.now.replace(hour=hour, minute=minute)
        # About 3 KB of note: each practice fills a page of its own.
        note = _marker(index).decode() + " " + "n" * 3000
        store.add(make_record(clock(), note=note, title=f"Practice {index}"))
        store.wait_for_backups()
    assert len(store.backups.entries()) == 1  # the newest of the day: after the fourth
    crash(store)
    return paths.database


def _notes(store: PracticeStore) -> list[int]:
    return [int(r.note.split("-")[1]) for r in store.records()]


def test_damage_in_the_middle_loses_at_most_one_practice(a_day_of_practice, open_app_log):
    log_file = a_day_of_practice
    _overwrite_pages(log_file, [_page_of(log_file, 3), _page_of(log_file, 5)])

    result = open_app_log()

    assert result.report.status is OpenStatus.RESTORED
    assert result.report.salvaged == 1  # the sixth; the fifth was on a damaged page
    assert _notes(result.store) == [1, 2, 3, 4, 6]
    assert "read 1 newer practice back from the damaged file" in result.report.message
    assert "Your log now reaches 10 March 2026, 05:30: Practice 6;" in result.report.message


def test_damage_that_leaves_the_newest_rows_readable_loses_none(a_day_of_practice, open_app_log):
    log_file = a_day_of_practice
    _overwrite_pages(log_file, [_page_of(log_file, 2), _page_of(log_file, 3)])

    result = open_app_log()

    assert result.report.status is OpenStatus.RESTORED
    assert result.report.salvaged == 2
    assert _notes(result.store) == [1, 2, 3, 4, 5, 6]
    assert result.report.newest.exercise_title == "Practice 6"
    assert "read 2 newer practices back" in result.report.message
