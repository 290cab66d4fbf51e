"""Home's time buttons say what they will start, start exactly that, and "change" opens the
Practices page at that length."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from stsdesk.core.days import stamp
from stsdesk.core.records import PracticeRecord, Zone
from stsdesk.core.suggest import quick_choice

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def _record(services, exercise_id: str, ago: timedelta, zone_after=None) -> PracticeRecord:
    exercise = services.catalog.get(exercise_id)
    started, day = stamp(NOW - ago, "")
    return PracticeRecord(
        exercise_id=exercise.id,
        exercise_title=exercise.title,
        family=exercise.family,
        minutes_chosen=exercise.lengths[0],
        started_at=started,
        time_zone="",
        local_day=day,
        practiced_seconds=60.0,
        completed=True,
        zone_after=zone_after,
    )


@pytest.fixture
def services(make_services):
    found = make_services()
    found.now = lambda: NOW
    return found


@pytest.fixture
def home(services, qtbot):
    from stsdesk.ui.home import HomePage

    page = HomePage(services)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    with qtbot.waitExposed(page):
        page.show()
    return page


def test_each_button_names_the_practice_it_starts(home) -> None:
    assert home.minute_buttons[1].text() == "1 minute: Grounding at the desk"
    assert home.minute_buttons[3].text().startswith("3 minutes: ")
    for minutes, button in home.minute_buttons.items():
        exercise_id, played = home.quick.choices[minutes]
        title = home.services.catalog.get(exercise_id).title
        assert button.text().endswith(title)
        assert title in button.accessibleName()
        assert played <= minutes
        link = home.quick.change_links[minutes]
        assert link.isVisibleTo(home)
        assert link.text() == "change"
        assert link.accessibleName()
        assert link.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_the_button_starts_what_it_said(home, qtbot) -> None:
    exercise_id, played = home.quick.choices[3]
    with qtbot.waitSignal(home.practice_chosen, timeout=1000) as signal:
        qtbot.mouseClick(home.minute_buttons[3], Qt.MouseButton.LeftButton)
    assert signal.args == [exercise_id, played, ""]


def test_change_asks_for_the_practices_of_that_length(home, qtbot) -> None:
    with qtbot.waitSignal(home.length_chosen, timeout=1000) as signal:
        home.quick.change_links[5].click()
    assert signal.args == [5]


def test_the_buttons_follow_history_and_zone(home, services) -> None:
    first = home.quick.choices[1][0]
    services.practice_log.add(_record(services, first, timedelta(minutes=5), Zone.LOW))
    second_id = home.quick.choices[1][0]
    assert second_id != first  # the page re-chose when the log changed
    assert home.minute_buttons[1].text() == "1 minute: " + services.catalog.get(second_id).title
    records = services.practice_log.recent(100)
    assert quick_choice(services.catalog, 1, records, NOW).id == second_id


def test_the_window_starts_the_named_practice_and_change_filters(make_app_window, qtbot) -> None:
    app = make_app_window()
    shell = app.shell
    text = shell.home.minute_buttons[3].text()
    qtbot.mouseClick(shell.home.minute_buttons[3], Qt.MouseButton.LeftButton)
    assert shell.window.current_page == "player"
    assert text == "3 minutes: " + shell.player.exercise.title
    shell.player.before.cancelled.emit()
    assert shell.window.current_page == "home"
    shell.home.quick.change_links[10].click()
    assert shell.window.current_page == "practices"
    visible = [c.exercise for c in shell.practices.cards.values() if c.isVisibleTo(shell.practices)]
    assert visible
    assert all(e.fits(10) for e in visible)


def test_the_tray_and_home_agree(make_app_window) -> None:
    shell = make_app_window().shell
    started: list[tuple] = []
    shell.play = lambda *args: started.append(args)
    shell.quick_start(5)
    assert started[0][0] == shell.home.quick.choices[5][0]
