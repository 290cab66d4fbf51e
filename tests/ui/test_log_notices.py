"""What the app says on Home about the log, and that its actions keep every practice."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from stsdesk.core.days import stamp
from stsdesk.core.records import PracticeRecord
from stsdesk.store.backup import Backups


def _record(hour: int, title: str = "Grounding: feet and seat") -> PracticeRecord:
    started, day = stamp(datetime(2026, 11, 30, hour, tzinfo=UTC), "UTC")
    return PracticeRecord(
        exercise_id="grounding-feet-and-seat",
        exercise_title=title,
        family="grounding",
        minutes_chosen=3,
        started_at=started,
        time_zone="UTC",
        local_day=day,
        practiced_seconds=180,
        completed=True,
    )


def _notice(app_window, words: str):
    found = [n for n in app_window.services.notices if words in n.text]
    assert found, [n.text for n in app_window.services.notices]
    return found[0]


def test_paused_backups_are_offered_again_after_a_restart(make_app_window, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = make_app_window(data)
    first.services.practice_log.add(_record(8))
    Backups(data / "backups").pause()  # as a restore leaves them
    first.services.practice_log.close()
    first.window.close()

    again = make_app_window(data)
    notice = _notice(again, "backups are still paused")
    title, action = notice.actions[0]
    assert "Resume" in title
    assert "on again" in action()
    assert not Backups(data / "backups").paused


def test_a_new_log_keeps_the_practices_done_meanwhile(make_app_window, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "practice-log.sqlite3").write_bytes(b"this is not a database" * 500)
    app_window = make_app_window(data)
    notice = _notice(app_window, "could not be read")
    app_window.services.practice_log.add(_record(9, "Done while the log was damaged"))
    start_new = dict(notice.actions)["Start a new log, keeping the damaged file aside"]
    said = start_new()
    assert "1 practice done meanwhile" in said
    with sqlite3.connect(data / "practice-log.sqlite3") as conn:
        titles = [row[0] for row in conn.execute("SELECT exercise_title FROM practices")]
    assert titles == ["Done while the log was damaged"]
    assert any((data / "quarantine").rglob("practice-log.sqlite3"))


def _page_of(path: Path, marker: bytes) -> int:
    data = path.read_bytes()
    return data.index(marker) // int.from_bytes(data[16:18], "big")


def _overwrite_page(path: Path, page: int) -> None:
    size = int.from_bytes(path.read_bytes()[16:18], "big")
    with open(path, "r+b") as handle:
        handle.seek(page * size)
        handle.write(bytes([0xA5]) * size)


def test_a_damaged_log_comes_back_whole_and_home_says_how(make_app_window, tmp_path: Path):
    """Six practices, the backup after the fourth, damage that spares the newest rows."""
    data = tmp_path / "data"
    first = make_app_window(data)
    store = first.services.practice_log.journal
    for hour in range(1, 7):
        record = _record(hour, f"Practice {hour}")
        note = f"practice-{hour}-marker " + "n" * 3000  # a page of its own
        store.add(PracticeRecord(**{**record.__dict__, "note": note}))
        if hour == 4:
            store.wait_for_backups()
            store.backup_now()
    store.wait_for_backups()
    store._worker.close()  # end as a crash would: no backup at close
    store._db.close()
    store._closed = True
    first.window.close()
    database = data / "practice-log.sqlite3"
    _overwrite_page(database, _page_of(database, b"practice-2-marker"))

    again = make_app_window(data)
    notice = _notice(again, "read 2 newer practices back from the damaged file")
    assert "Practice 6" in notice.text
    assert again.services.practice_log.count() == 6
