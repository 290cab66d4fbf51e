"""Reminders in the real window on a fake wall clock: one single-shot timer, the note, its
buttons, "In session", a practice resetting the interval, settings re-arming the timer."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from stsdesk.core.days import stamp
from stsdesk.core.records import PracticeRecord
from stsdesk.core.reminders import Reminder, ReminderKind
from stsdesk.ui.reminder_popup import ReminderPopup
from stsdesk.ui.reminders import LONGEST_WAIT_MS, SHORTEST_WAIT_MS

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = datetime(2030, 5, 15, 12, 0, tzinfo=BERLIN)  # after the real clock, always


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def at(self, hour: int, minute: int, second: int = 0) -> None:
        self.now = self.now.replace(hour=hour, minute=minute, second=second)


@pytest.fixture
def setup(make_app_window):
    assert WEDNESDAY.isoweekday() == 3
    app_window = make_app_window()
    services = app_window.services
    clock = Clock(WEDNESDAY)
    services.now = clock
    services.zone_name = lambda: "Europe/Berlin"
    services.settings.set("reminders.daily_times", ["12:30"])
    services.settings.set("reminders.enabled", True)
    reminders = app_window.between.reminders
    yield app_window, reminders, clock
    reminders.stop()
    if app_window.between.summary is not None:
        app_window.between.summary.close()


def _practice(ended: datetime) -> PracticeRecord:
    started, day = stamp(ended - timedelta(minutes=1), "Europe/Berlin")
    return PracticeRecord(
        exercise_id="one-breath-pause",
        exercise_title="One-breath pause",
        family="stress",
        minutes_chosen=1,
        started_at=started,
        time_zone="Europe/Berlin",
        local_day=day,
        practiced_seconds=60.0,
        completed=True,
    )


def test_one_timer_armed_from_the_wall_clock_and_fired_into_a_note(setup, qtbot) -> None:
    _app_window, reminders, clock = setup
    timer = reminders.timer
    assert timer.isSingleShot()
    assert timer.isActive()
    assert timer.interval() == LONGEST_WAIT_MS  # 30 minutes away: looks again in 15
    clock.at(12, 29, 50)
    timer.timeout.emit()  # early: nothing to show, armed again for the rest
    assert not reminders.popup.isVisible()
    assert timer.interval() == 10_000
    clock.at(12, 30)
    reminders.arm()
    assert timer.interval() == SHORTEST_WAIT_MS
    with qtbot.waitSignal(timer.timeout, timeout=5000):
        pass
    popup = reminders.popup
    assert popup.isVisible()
    assert popup.heading.text() == "A minute for yourself?"
    assert popup.start.text().startswith("Start: ")
    assert popup.start.text().endswith(" · 1 min")
    assert popup.snooze.text() == "Snooze 10 minutes"
    assert popup.skip.text() == "Skip"


def test_after_a_long_sleep_at_most_one_note(setup) -> None:
    app_window, reminders, clock = setup
    app_window.services.settings.set("reminders.daily_times", ["12:10", "12:20", "12:30"])
    clock.at(12, 45)  # the timer's wait was not counted while the machine slept
    reminders.wake()
    assert reminders.popup.isVisible()
    reminders.popup.skip.click()
    reminders.wake()
    assert not reminders.popup.isVisible()


def test_the_note_never_takes_the_keyboard(setup) -> None:
    _app_window, reminders, clock = setup
    focused = QApplication.focusWidget()
    clock.at(12, 30)
    reminders.wake()
    popup = reminders.popup
    flags = popup.windowFlags()
    for flag in (
        Qt.WindowType.Tool,
        Qt.WindowType.WindowDoesNotAcceptFocus,
        Qt.WindowType.WindowStaysOnTopHint,
    ):
        assert flags & flag
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert QApplication.focusWidget() is focused
    assert QApplication.activeWindow() is not popup
    for button in (popup.start, popup.snooze, popup.skip):
        assert button.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_snooze_brings_it_back_ten_minutes_later(setup) -> None:
    _app_window, reminders, clock = setup
    clock.at(12, 30)
    reminders.wake()
    reminders.popup.snooze.click()
    assert not reminders.popup.isVisible()
    clock.at(12, 39)
    reminders.wake()
    assert not reminders.popup.isVisible()
    clock.at(12, 40)
    reminders.wake()
    assert reminders.popup.isVisible()


def test_skip_dismisses_it(setup) -> None:
    _app_window, reminders, clock = setup
    clock.at(12, 30)
    reminders.wake()
    reminders.popup.skip.click()
    clock.at(12, 45)
    reminders.wake()
    assert not reminders.popup.isVisible()


def test_start_opens_the_suggested_practice(setup) -> None:
    app_window, reminders, clock = setup
    clock.at(12, 30)
    reminders.wake()
    offered = reminders.popup.start.text()
    reminders.popup.start.click()
    shell = app_window.shell
    assert shell.window.current_page == "player"
    assert offered == f"Start: {shell.player.exercise.title} · {shell.player.minutes} min"
    assert not shell.player.exercise.eyes_closed


def test_in_session_nothing_appears_and_one_gentle_offer_follows(setup) -> None:
    app_window, reminders, clock = setup
    clock.at(12, 20)
    reminders.toggle_session()  # 50 minutes: until 13:10
    assert app_window.between.session_button.text().startswith("In session until")
    clock.at(12, 30)
    reminders.wake()
    assert not reminders.popup.isVisible()
    clock.at(13, 10, 1)
    reminders.wake()  # the timer was armed for the session's end
    assert not reminders.in_session()
    assert reminders.popup.isVisible()
    assert reminders.popup.heading.text() == "Whenever you are ready"
    assert not app_window.between.session_button.isChecked()


def test_a_session_started_takes_the_note_away_until_it_ends(setup) -> None:
    _app_window, reminders, clock = setup
    clock.at(12, 30)
    reminders.wake()
    assert reminders.popup.isVisible()
    reminders.toggle_session()
    assert not reminders.popup.isVisible()
    reminders.toggle_session()  # ended early: the held reminder is offered once
    assert reminders.popup.isVisible()
    assert reminders.popup.reminder.gentle


def test_a_practice_done_answers_the_note_and_resets_the_interval(setup) -> None:
    app_window, reminders, clock = setup
    clock.at(12, 30)
    reminders.wake()
    assert reminders.popup.isVisible()
    clock.at(12, 33)
    app_window.services.practice_log.add(_practice(clock.now))
    assert not reminders.popup.isVisible()
    assert reminders.planner.plan.last_practice == clock.now


def test_settings_rearm_the_timer_and_off_stops_it(setup) -> None:
    app_window, reminders, clock = setup
    settings = app_window.services.settings
    clock.at(12, 25)
    reminders.arm()
    assert reminders.timer.interval() == 5 * 60 * 1000
    settings.set("reminders.daily_times", ["12:27"])
    assert reminders.timer.interval() == 2 * 60 * 1000
    settings.set("reminders.enabled", False)
    assert not reminders.timer.isActive()


def test_a_paused_note_stays_away_and_what_fell_due_is_dropped(setup) -> None:
    _app_window, reminders, clock = setup
    clock.at(12, 0)
    reminders.pause(60)
    clock.at(12, 30)
    reminders.wake()
    assert not reminders.popup.isVisible()
    clock.at(13, 0, 1)
    reminders.wake()
    assert reminders.paused_until is None
    assert not reminders.popup.isVisible()


def test_buddy_day_says_nothing_personal_and_opens_the_week(setup) -> None:
    app_window, reminders, clock = setup
    settings = app_window.services.settings
    settings.set("buddy.name", "Sam Private")
    settings.set("buddy.weekday", 3)
    clock.now = (WEDNESDAY + timedelta(days=7)).replace(hour=9)  # the next Wednesday
    reminders.wake()
    popup = reminders.popup
    assert popup.isVisible()
    assert popup.heading.text() == "Your weekly check-in day"
    shown = " ".join(w.text() for w in (popup.heading, popup.text, popup.start))
    assert "Sam" not in shown
    popup.start.click()
    summary = app_window.between.summary
    assert summary is not None
    assert summary.isVisible()


def test_popup_alone_words_each_kind(qtbot) -> None:
    popup = ReminderPopup()
    qtbot.addWidget(popup)
    at = datetime(2030, 5, 15, 12, 50, tzinfo=BERLIN)
    popup.offer(Reminder(at, ReminderKind.BETWEEN_CLIENTS), None)
    assert popup.heading.text() == "Between clients"
    assert popup.start.text() == "Choose a practice"
    popup.hide()


def test_a_full_screen_application_holds_the_note_until_it_ends(setup, monkeypatch) -> None:
    """Another application full screen (read from X11 where it can be known: see
    tests/infra/test_fullscreen.py) holds the note; when it ends, one gentle offer comes."""
    import stsdesk.ui.reminders as module

    _app_window, reminders, clock = setup
    presenting = [True]
    monkeypatch.setattr(module, "other_window_full_screen", lambda own: presenting[0])
    clock.at(12, 30)
    reminders.wake()
    assert not reminders.popup.isVisible()
    assert reminders.full_screen_timer.isActive()  # looks again in a minute
    clock.at(12, 31)
    reminders.full_screen_timer.timeout.emit()
    assert not reminders.popup.isVisible()  # still presenting
    presenting[0] = False
    clock.at(12, 52)
    reminders.full_screen_timer.timeout.emit()
    assert reminders.popup.isVisible()
    assert reminders.popup.reminder.gentle
    assert not reminders.full_screen_timer.isActive()
