"""The Course page with real widgets offscreen, on a real log: the path of days after
finishing days through the day's practice (a fake wall clock), a missed day that waits,
pause and start over, and the private answer kept across a restart."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from stsdesk.core.course import DayState

BERLIN = ZoneInfo("Europe/Berlin")


class WallClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def opened(make_app_window):
    """Open the real window; each one's sound device is closed at the end."""
    windows = []

    def open_window(data_dir: Path, clock: WallClock):
        app_window, page = _open(make_app_window, data_dir, clock)
        windows.append(app_window)
        return app_window, page

    yield open_window
    for app_window in windows:
        app_window.services.audio.close()


def _open(make_app_window, data_dir: Path, clock: WallClock):
    app_window = make_app_window(data_dir)
    services = app_window.services
    services.now = clock
    services.settings.set("practice.check_ins", False)  # straight into the practice
    services.live.check_day()
    app_window.window.show_page("course")
    return app_window, app_window.shell.course


def _rows(page) -> list[str]:
    return [page.path.item(i).text() for i in range(page.path.count())]


def _do_todays_practice(qtbot, shell) -> None:
    page = shell.course
    assert page.play.isVisible()
    assert page.play.isEnabled()
    qtbot.mouseClick(page.play, Qt.MouseButton.LeftButton)
    assert shell.player.run is not None
    assert shell.player.run.exercise.id == page.course.armed.exercise_id
    shell.player.stop()  # ended early still counts as practice
    shell.window.show_page("course")


def test_the_path_after_finishing_days_through_their_practice(
    qtbot, opened, tmp_path: Path
) -> None:
    clock = WallClock(datetime(2026, 3, 9, 9, 0, tzinfo=BERLIN))
    app_window, page = opened(tmp_path / "data", clock)
    shell = app_window.shell
    rows = _rows(page)
    assert len(rows) == 14
    assert rows[0].startswith("▶ Day 1:")
    assert rows[0].endswith("(today)")
    assert all(row.endswith("(later)") for row in rows[1:])
    assert page.path.item(0).font().bold()
    assert not page.path.item(1).font().bold()
    assert "is ready whenever you are" in page.status.text()
    assert page.progress.text() == "0 of 14 days done"
    assert page.reading.isVisible()
    assert "Welcome." in page.reading.text()

    _do_todays_practice(qtbot, shell)
    rows = _rows(page)
    assert rows[0].startswith("✓ Day 1:")
    assert rows[0].endswith("(done)")
    assert rows[1].startswith("○ Day 2:")
    assert rows[1].endswith("(next)")
    assert page.progress.text() == "1 of 14 days done"
    assert page.status.text().startswith("Today's module is done. Day 2 opens on")
    assert not page.play.isVisible()  # day 1 is done; nothing more to start today
    # The day's practice is in the log and linked to the day, so it counts in streaks.
    journal = app_window.services.practice_log
    assert journal.count() == 1
    summary = journal.summary(0)
    assert summary is not None
    db = sqlite3.connect(app_window.services.paths.database)
    linked = db.execute("SELECT day, practice_id FROM course_days").fetchall()
    db.close()
    assert linked == [(1, journal.recent(1)[0].id)]

    clock.advance(days=1)  # a new local day: day 2 opens by itself
    app_window.services.live.check_day()
    assert _rows(page)[1].endswith("(today)")
    assert page.path.item(1).font().bold()
    assert not page.path.item(0).font().bold()
    _do_todays_practice(qtbot, shell)

    clock.advance(days=8)  # a missed week: day 3 simply waits, nothing is lost
    app_window.services.live.check_day()
    rows = _rows(page)
    assert [r.rsplit("(", 1)[1] for r in rows[:4]] == ["done)", "done)", "today)", "later)"]
    status = page.status.text()
    assert status == "Day 3, Resources that steady you, is ready whenever you are."
    for word in ("missed", "behind", "lost your", "streak"):
        assert word not in status.lower()


def test_pause_and_start_over(qtbot, opened, tmp_path: Path) -> None:
    clock = WallClock(datetime(2026, 3, 9, 9, 0, tzinfo=BERLIN))
    app_window, page = opened(tmp_path / "data", clock)
    _do_todays_practice(qtbot, app_window.shell)
    clock.advance(days=1)
    app_window.services.live.check_day()
    qtbot.mouseClick(page.pause, Qt.MouseButton.LeftButton)
    assert page.pause.text() == "Resume the course"
    assert "paused" in page.status.text()
    assert _rows(page)[1].endswith("(next)")
    assert not page.play.isVisible()
    qtbot.mouseClick(page.pause, Qt.MouseButton.LeftButton)
    assert _rows(page)[1].endswith("(today)")

    qtbot.mouseClick(page.start_over, Qt.MouseButton.LeftButton)
    assert page.confirm.isVisible()  # asked in place, never a blocking dialog
    qtbot.mouseClick(page.confirm_no, Qt.MouseButton.LeftButton)
    assert page.progress.text() == "1 of 14 days done"
    qtbot.mouseClick(page.start_over, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.confirm_yes, Qt.MouseButton.LeftButton)
    assert page.progress.text() == "0 of 14 days done"
    assert _rows(page)[0].endswith("(today)")
    assert app_window.services.practice_log.count() == 1  # the practice itself stays


def test_the_reflection_is_saved_and_shown_after_a_restart(qtbot, opened, tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = WallClock(datetime(2026, 3, 9, 9, 0, tzinfo=BERLIN))
    app_window, page = opened(data, clock)
    assert page.prompt.text().startswith("Where in your body")
    qtbot.mouseClick(page.save_answer, Qt.MouseButton.LeftButton)
    assert page.answer_message.text() == "Write a few words first; nothing was saved."
    page.answer.setFocus()
    qtbot.keyClicks(page.answer, "My shoulders, tight like a coat hanger.")
    qtbot.mouseClick(page.save_answer, Qt.MouseButton.LeftButton)
    assert page.answer_message.text() == "Saved in your journal. Only you can see it."
    _do_todays_practice(qtbot, app_window.shell)  # a refresh keeps the answer shown
    assert page.answer.toPlainText() == "My shoulders, tight like a coat hanger."
    app_window.window.close()
    app_window.services.practice_log.close()
    app_window.services.audio.close()

    app_window, page = opened(data, clock)
    assert page.selected_day().day.day == 1
    assert page.selected_day().state is DayState.DONE
    assert page.answer.toPlainText() == "My shoulders, tight like a coat hanger."
    page.path.setCurrentRow(1)  # day 2 waits for tomorrow: no question to answer yet
    assert not page.answer.isVisible()
    assert "opens tomorrow" in page.module_state.text()
