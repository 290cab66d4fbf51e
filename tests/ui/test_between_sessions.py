"""Launch at login from Settings (a temporary XDG config folder), and the buddy's weekly summary."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from stsdesk.core.days import stamp
from stsdesk.core.records import PracticeRecord
from stsdesk.ui.buddy import WeeklySummaryDialog


def _record(days_ago: int, minutes: int = 3, exercise: str = "five-senses") -> PracticeRecord:
    started, day = stamp(datetime.now().astimezone() - timedelta(days=days_ago, minutes=10), "")
    return PracticeRecord(
        exercise_id=exercise,
        exercise_title="Five senses" if exercise == "five-senses" else "Box breathing",
        family="resiliency",
        minutes_chosen=minutes,
        started_at=started,
        time_zone="",
        local_day=day,
        practiced_seconds=minutes * 60.0,
        completed=True,
    )


def test_launch_at_login_writes_and_removes_the_autostart_entry(
    make_app_window, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    entry = tmp_path / "config" / "autostart" / "stsdesk.desktop"
    app_window = make_app_window()
    box = app_window.shell.settings.controls["system.launch_at_login"]
    assert not entry.exists()  # off by default
    box.setChecked(True)
    text = entry.read_text(encoding="utf-8")
    assert "[Desktop Entry]" in text
    assert "-m stsdesk" in text
    box.setChecked(False)
    assert not entry.exists()


def test_launch_at_login_that_cannot_be_written_says_so_and_stays_off(
    make_app_window, tmp_path, monkeypatch
) -> None:
    (tmp_path / "config").write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    shown: list[str] = []
    monkeypatch.setattr(
        "stsdesk.ui.between_sessions.show_failure", lambda parent, text: shown.append(text)
    )
    app_window = make_app_window()
    app_window.services.settings.set("system.launch_at_login", True)
    assert len(shown) == 1
    assert shown[0].startswith("stsdesk could not be set to start when you log in")
    assert app_window.services.settings["system.launch_at_login"] is False


def test_weekly_summary_copies_as_text_and_saves_as_an_image(make_app_window, qtbot, tmp_path):
    app_window = make_app_window()
    log = app_window.services.practice_log
    for days_ago, exercise in ((9, "box"), (2, "five-senses"), (1, "five-senses"), (0, "box")):
        log.add(_record(days_ago, exercise=exercise))
    dialog = app_window.between.show_summary()
    assert isinstance(dialog, WeeklySummaryDialog)
    assert dialog.isVisible()
    text = dialog.text()
    assert text.startswith("My practice, ")
    heading = text.splitlines()[0]
    assert re.search(r"[^\W\d]{3,}", heading.removeprefix("My practice, ")), heading  # a month
    assert not re.search(r"\b\d{1,2} \d{1,2} \d{4}\b", heading), heading  # never "2 12 2026"
    assert "Practiced on 3 days of 7" in text
    assert "9 minutes in all" in text
    assert "Favorite practice: Five senses" in text
    assert "Current streak: 3 days" in text
    dialog.copy.click()
    assert QApplication.clipboard().text() == text
    image = tmp_path / "week.png"
    assert dialog.save_image(image)
    assert not QImage(str(image)).isNull()
    app_window.services.settings.set("journal.hide_streaks", True)
    dialog.refresh()
    assert "streak" not in dialog.text()
    dialog.close()


def test_weekly_summary_of_an_empty_week(make_app_window) -> None:
    app_window = make_app_window()
    dialog = app_window.between.show_summary()
    assert "Practiced on 0 days of 7" in dialog.text()
    assert "Favourite" not in dialog.text()
    dialog.close()
