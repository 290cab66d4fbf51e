"""The tray's every item, closing to the tray, help now, and the Settings note (offscreen).

``QSystemTrayIcon`` does not exist offscreen, so the menu is built and its actions triggered
directly; the icon itself is checked under Xvfb in tests/e2e.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from stsdesk.core.days import stamp
from stsdesk.core.help_now import HELP_NOW_ID
from stsdesk.core.records import PracticeRecord
from stsdesk.ui.icons import tray_icon
from stsdesk.ui.tray import Tray


def _record(exercise_id: str = "grounding-feet-and-seat", minutes: int = 3) -> PracticeRecord:
    started, day = stamp(datetime.now().astimezone() - timedelta(hours=1), "")
    return PracticeRecord(
        exercise_id=exercise_id,
        exercise_title="Grounding: feet and seat",
        family="resiliency",
        minutes_chosen=minutes,
        started_at=started,
        time_zone="",
        local_day=day,
        practiced_seconds=minutes * 60.0,
        completed=True,
    )


@pytest.fixture
def app_and_tray(make_app_window):
    app_window = make_app_window()
    app_window.services.settings.set("reminders.enabled", True)
    tray = app_window.between.make_tray()
    yield app_window, tray
    app_window.between.reminders.stop()
    tray.menu.deleteLater()


def _trigger(tray: Tray, key: str) -> None:
    tray.actions[key].trigger()


def test_open_brings_the_hidden_window_back(app_and_tray) -> None:
    app_window, tray = app_and_tray
    app_window.window.hide()
    _trigger(tray, "open")
    assert app_window.window.isVisible()


@pytest.mark.parametrize("minutes", [1, 3, 5])
def test_i_have_n_minutes_starts_a_fitting_practice(app_and_tray, minutes: int) -> None:
    app_window, tray = app_and_tray
    assert tray.actions[f"minutes-{minutes}"].text().startswith("I have")
    _trigger(tray, f"minutes-{minutes}")
    shell = app_window.shell
    assert shell.window.current_page == "player"
    assert shell.player.exercise.fits(minutes)


def test_a_favourite_starts_that_practice_again(app_and_tray) -> None:
    app_window, tray = app_and_tray
    app_window.services.practice_log.add(_record())
    favourites = tray.favourite_actions()  # refreshed when the log was written
    assert [a.text() for a in favourites] == ["Grounding: feet and seat · 3 min"]
    favourites[0].trigger()
    player = app_window.shell.player
    assert (player.exercise.id, player.minutes) == ("grounding-feet-and-seat", 3)


def test_no_favourites_yet_says_so(app_and_tray) -> None:
    _app_window, tray = app_and_tray
    assert tray.favourite_actions() == []
    (empty,) = tray.favourites.actions()
    assert not empty.isEnabled()


def test_help_me_now_goes_straight_into_the_reset_with_support_at_hand(app_and_tray) -> None:
    app_window, tray = app_and_tray
    assert app_window.services.settings["practice.check_ins"]  # and still no check-in
    _trigger(tray, "help-now")
    shell = app_window.shell
    player = shell.player
    assert shell.window.current_page == "player"
    assert (player.exercise.id, player.minutes) == (HELP_NOW_ID, 1)
    assert player.stack.currentWidget() is player.view
    assert player.session is not None
    assert player.view.support.isVisible()
    player.view.support.click()
    assert shell.window.current_page == "support"


def test_an_ordinary_practice_has_no_support_link_while_it_plays(app_and_tray) -> None:
    app_window, tray = app_and_tray
    _trigger(tray, "help-now")
    player = app_window.shell.player
    app_window.shell.play("grounding-feet-and-seat", 3)  # asks before ending the reset
    end = next(b for b in player.end_question.buttons() if b.text() == "End it and start")
    end.click()
    assert player.exercise.id == "grounding-feet-and-seat"
    assert not player.view.support.isVisibleTo(player)


@pytest.mark.parametrize(
    ("key", "page"), [("journal", "journal"), ("support", "support"), ("settings", "settings")]
)
def test_page_items_show_their_page(app_and_tray, key: str, page: str) -> None:
    app_window, tray = app_and_tray
    app_window.window.hide()
    _trigger(tray, key)
    assert app_window.window.isVisible()
    assert app_window.window.current_page == page


def test_in_session_holds_reminders_and_ends_by_itself(app_and_tray) -> None:
    app_window, tray = app_and_tray
    reminders = app_window.between.reminders
    _trigger(tray, "session")
    assert reminders.in_session()
    until = reminders.planner.session_until
    minutes = app_window.services.settings["reminders.in_session_minutes"]
    assert until - datetime.now().astimezone() <= timedelta(minutes=minutes)
    assert tray.actions["session"].isChecked()
    assert tray.actions["session"].text().startswith("In session until")
    assert app_window.between.session_button.isChecked()
    _trigger(tray, "session")
    assert not reminders.in_session()
    assert tray.actions["session"].text() == "In session…"


@pytest.mark.parametrize("key", ["pause-30", "pause-60", "pause-0"])
def test_pause_reminders_and_resume(app_and_tray, key: str) -> None:
    app_window, tray = app_and_tray
    reminders = app_window.between.reminders
    now = datetime.now().astimezone()
    _trigger(tray, key)
    assert reminders.paused_until is not None
    wanted = {"pause-30": timedelta(minutes=30), "pause-60": timedelta(hours=1)}.get(key)
    if wanted is not None:
        assert abs(reminders.paused_until - now - wanted) < timedelta(seconds=5)
    else:
        assert reminders.paused_until.date() > now.date() or reminders.paused_until.hour == 0
    assert tray.pause_menu.title().startswith("Reminders paused until")
    assert tray.actions["resume"].isVisible()
    _trigger(tray, "resume")
    assert reminders.paused_until is None
    assert tray.pause_menu.title() == "Pause reminders"


def test_reminder_switches_are_hidden_while_reminders_are_off(app_and_tray) -> None:
    app_window, tray = app_and_tray
    app_window.services.settings.set("reminders.enabled", False)
    assert not tray.actions["session"].isVisible()
    assert not tray.pause_menu.menuAction().isVisible()
    assert not app_window.between.session_button.isVisibleTo(app_window.shell.home)


def test_quit_quits(app_and_tray, monkeypatch) -> None:
    _app_window, tray = app_and_tray
    calls = []
    monkeypatch.setattr(QApplication, "quit", lambda: calls.append("quit"))
    _trigger(tray, "quit")
    assert calls == ["quit"]


def test_every_item_is_wired(app_and_tray) -> None:
    """No item is left without a receiver (the old menu's Open, Support and Quit did nothing)."""
    _app_window, tray = app_and_tray
    for key, action in tray.actions.items():
        assert action.receivers("2triggered(bool)") >= 1, key


def test_home_has_help_me_now(make_app_window) -> None:
    app_window = make_app_window()
    home = app_window.shell.home
    assert home.help_now.text() == "Help me now"
    assert home.help_now.accessibleName()
    home.help_now.click()
    assert app_window.shell.player.exercise.id == HELP_NOW_ID


def test_help_now_handed_over_from_a_later_start(make_app_window) -> None:
    app_window = make_app_window()
    app_window.handle_request({"action": "help-now"})
    assert app_window.shell.player.exercise.id == HELP_NOW_ID


def test_without_a_tray_closing_quits_and_settings_says_so(make_app_window) -> None:
    app_window = make_app_window()
    assert app_window.tray is None
    assert QApplication.quitOnLastWindowClosed()
    notes = [line.text() for line in app_window.between.notes.lines]
    assert any("only while the stsdesk window is open" in text for text in notes)
    assert any("full screen cannot be detected" in text for text in notes)


def test_with_a_tray_closing_keeps_stsdesk_and_says_so_once(make_app_window, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(Tray, "available", staticmethod(lambda: True))
    monkeypatch.setattr(Tray, "show", lambda self: None)
    monkeypatch.setattr(Tray, "tell", lambda self, text: told.append(text))
    app_window = make_app_window()
    assert app_window.tray is not None
    assert not QApplication.quitOnLastWindowClosed()
    notes = [line.text() for line in app_window.between.notes.lines]
    assert any("waits in the tray" in text for text in notes)
    app_window.window.close()
    assert not app_window.window.isVisible()
    assert len(told) == 1
    assert "in the tray" in told[0]
    app_window.tray.actions["open"].trigger()
    assert app_window.window.isVisible()
    app_window.window.close()
    assert len(told) == 1  # said once, the first time only
    app_window.services.settings.set("system.tray_icon", False)
    assert app_window.tray is None
    assert QApplication.quitOnLastWindowClosed()


@pytest.mark.parametrize("panel", ["#FFFFFF", "#E8E8E8", "#2B2B2B", "#000000"])
def test_the_icon_stands_out_at_16_px_on_light_and_dark_panels(qtbot, panel: str) -> None:
    """Most of the icon's pixels differ clearly from the panel behind it."""
    pixmap = tray_icon().pixmap(16, 16)
    image = QImage(16, 16, QImage.Format.Format_RGB32)
    image.fill(panel)
    painter = QPainter(image)
    painter.drawPixmap(0, 0, pixmap)
    painter.end()
    background = QImage(1, 1, QImage.Format.Format_RGB32)
    background.fill(panel)
    base = background.pixelColor(0, 0).lightnessF()
    distinct = sum(
        abs(image.pixelColor(x, y).lightnessF() - base) > 0.3 for x in range(16) for y in range(16)
    )
    assert distinct >= 0.4 * 16 * 16 * 3.14 / 4, distinct  # ~40 % of the disc
