"""Observable state in the running window: the theme, the log, the settings and the day.

Nothing here calls a page's refresh: a change is made the way the person (or another part of
the app) makes it, and the test reads what the screen shows afterwards.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QComboBox

from stsdesk.core.days import stamp
from stsdesk.core.records import PracticeRecord
from stsdesk.ui.charts import empty_colours
from stsdesk.ui.state import LONGEST_WAIT_MS
from stsdesk.ui.theme import DARK, LIGHT, Palette

HERE = timezone(timedelta(hours=2))
EXERCISE = "grounding-feet-and-seat"


def _record(when: datetime, title: str = "Grounding: feet and seat") -> PracticeRecord:
    started, day = stamp(when, "")
    return PracticeRecord(
        exercise_id=EXERCISE,
        exercise_title=title,
        family="resiliency",
        minutes_chosen=3,
        started_at=started,
        time_zone="",
        local_day=day,
        practiced_seconds=180.0,
        completed=True,
    )


class WallClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _colour(image: QImage, x: int, y: int) -> str:
    return QColor(image.pixel(x, y)).name().upper()


def _opaque_colours(image: QImage) -> set[str]:
    return {
        QColor(image.pixel(x, y)).name().upper()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    }


def _painted(app) -> dict[str, object]:
    """Paint the pacer, both charts and a sidebar icon now, and read their colours."""
    shell = app.shell
    pacer = shell.player.view.pacer
    pacer_image = pacer.grab().toImage()
    calendar, weeks = shell.journal.calendar, shell.journal.weeks
    weeks_image = weeks.grab().toImage()
    last = len(weeks._weeks) - 1
    slot = weeks.width() / len(weeks._weeks)
    icon = shell.window.nav_button("home").icon().pixmap(QSize(24, 24)).toImage()
    return {
        "pacer": _colour(pacer_image, pacer.width() // 2, pacer.height() // 2),
        "calendar": _colour(calendar.grab().toImage(), *_centre(calendar._cell(calendar._first()))),
        "weeks": _colour(weeks_image, round(last * slot + slot / 2), weeks.height() // 2),
        "icon": _opaque_colours(icon),
    }


def _centre(rect) -> tuple[int, int]:
    return round(rect.center().x()), round(rect.center().y())


def _close(a: str, b: str) -> bool:
    """The same colour give or take the rounding of a gradient."""
    ca, cb = QColor(a), QColor(b)
    return (
        max(abs(ca.red() - cb.red()), abs(ca.green() - cb.green()), abs(ca.blue() - cb.blue())) <= 3
    )


def _assert_painted_in(app, palette: Palette) -> None:
    painted = _painted(app)
    assert _close(str(painted["pacer"]), palette.accent_soft), painted  # the circle's centre
    empty = empty_colours(palette)[0].name().upper()
    assert painted["calendar"] == empty, painted  # a day without practice
    assert painted["weeks"] == palette.accent.upper(), painted  # this week's bar
    assert painted["icon"] == {palette.text.upper()}, painted  # the Home icon's strokes


def test_switching_to_dark_repaints_every_widget_at_once(make_app_window, qtbot) -> None:
    app = make_app_window()
    app.services.practice_log.add(_record(datetime.now().astimezone()))
    app.window.show_page("journal")  # lays the charts out and reads the log
    _assert_painted_in(app, LIGHT)
    theme = app.shell.settings.controls["appearance.theme"]
    assert isinstance(theme, QComboBox)
    theme.setCurrentIndex(theme.findData("dark"))  # as the person does, with the app open
    assert app.theme.palette is DARK
    _assert_painted_in(app, DARK)


def test_a_write_from_anywhere_reaches_home_now_and_the_journal_when_shown(
    make_app_window,
) -> None:
    app = make_app_window()
    shell = app.shell
    assert shell.window.current_page == "home"
    assert shell.home.today.text() == "No practice yet today. Even one minute counts."
    # Written the way the tray, a reminder or the command line would: straight to the log.
    app.services.practice_log.add(_record(app.services.now()))
    assert shell.home.today.text() == "Today: 1 practice, about 3 min."
    assert shell.journal.kind.text() == ""  # hidden: nothing read yet
    app.window.show_page("journal")
    assert shell.journal.history.count() == 1
    app.services.practice_log.add(_record(app.services.now() - timedelta(minutes=5)))
    assert shell.journal.history.count() == 2  # shown: read at once


def test_home_counts_today_under_the_day_boundary_hour(make_app_window) -> None:
    app = make_app_window()
    app.services.settings.set("journal.day_boundary_hour", 4)
    app.services.now = WallClock(datetime(2026, 5, 5, 2, 0, tzinfo=HERE))
    # 23:00 the evening before: with days starting at 04:00 it is still "today" at 02:00.
    app.services.practice_log.add(_record(datetime(2026, 5, 4, 23, 0, tzinfo=HERE)))
    assert app.shell.home.today.text() == "Today: 1 practice, about 3 min."


def test_home_greets_a_night_shift_by_its_day_boundary(make_app_window) -> None:
    app = make_app_window()
    app.services.now = WallClock(datetime(2026, 12, 2, 0, 20, tzinfo=HERE))
    app.services.settings.set("journal.day_boundary_hour", 4)
    app.shell.home.refresh()
    assert app.shell.home.heading.text() == "Good evening"  # 00:20, the day ends at 04:00
    app.services.settings.set("journal.day_boundary_hour", 0)
    app.shell.home.refresh()
    assert app.shell.home.heading.text() == "Hello"
    app.services.now = WallClock(datetime(2026, 12, 2, 8, 0, tzinfo=HERE))
    app.shell.home.refresh()
    assert app.shell.home.heading.text() == "Good morning"


def test_the_day_rolls_over_while_the_app_stays_open(make_app_window, qtbot) -> None:
    app = make_app_window()
    live, home, journal = app.services.live, app.shell.home, app.shell.journal
    clock = WallClock(datetime(2026, 5, 4, 23, 59, tzinfo=HERE))
    app.services.now = clock
    live.check_day()  # the window is shown again (here: the clock was just replaced)
    assert live.day_timer.isActive()
    assert live.day_timer.interval() == 60_000  # one minute to midnight
    app.services.practice_log.add(_record(datetime(2026, 5, 4, 23, 30, tzinfo=HERE)))
    assert home.heading.text() == "Good evening"
    assert home.today.text() == "Today: 1 practice, about 3 min."

    clock.now = datetime(2026, 5, 5, 0, 0, 1, tzinfo=HERE)
    with qtbot.waitSignal(live.day_changed) as changed:
        live.day_timer.timeout.emit()  # the timer fires (it only asks the wall clock)
    assert changed.args == [clock.now.date()]
    assert home.heading.text() == "Hello"  # just after midnight: not "Good morning"
    assert home.today.text() == "No practice yet today. Even one minute counts."
    assert live.day_timer.interval() == LONGEST_WAIT_MS  # re-armed; a day away, checked often
    app.window.show_page("journal")
    assert journal.stats is not None
    assert journal.stats.today == clock.now.date()


def test_a_new_day_boundary_rearms_the_day_timer(make_app_window, qtbot) -> None:
    app = make_app_window()
    live = app.services.live
    app.services.now = WallClock(datetime(2026, 5, 5, 3, 58, tzinfo=HERE))
    live.check_day()
    assert live.day_timer.interval() == LONGEST_WAIT_MS
    with qtbot.waitSignal(live.day_changed) as changed:
        app.services.settings.set("journal.day_boundary_hour", 4)
    assert changed.args == [datetime(2026, 5, 4).date()]  # 03:58 now belongs to the day before
    assert live.day_timer.interval() == 2 * 60_000  # until 04:00


def test_the_players_voice_follows_the_setting(make_app_window, qtbot) -> None:
    app = make_app_window()
    app.services.settings.set("practice.check_ins", False)
    app.services.settings.set("practice.voice", True)
    card = app.shell.practices.cards[EXERCISE]
    qtbot.mouseClick(card.start, Qt.MouseButton.LeftButton)
    player = app.shell.player
    assert player.view.voice.text() == "Voice on"
    app.services.settings.set("practice.voice", False)  # e.g. from the tray or Settings
    assert player.view.voice.text() == "Silent"
    assert player.run is not None
    assert player.run.sound.voice is False
    player.stop()


def test_practices_show_every_practice_that_fits_and_preselect_its_length(
    make_app_window,
) -> None:
    page = make_app_window().shell.practices
    page.set_length(10)
    shorter = [c for c in page.cards.values() if c.exercise.lengths[-1] < 10]
    assert shorter  # practices whose longest length is under 10 minutes fit 10 minutes too
    for card in shorter:
        assert card.isVisibleTo(page)
        assert card.length.currentData() == card.exercise.lengths[-1]
    for card in page.cards.values():
        assert card.isVisibleTo(page) == card.exercise.fits(10)


@pytest.mark.parametrize("minutes", [7, 2])
def test_play_minutes_uses_the_length_rule(monkeypatch, tmp_path, capsys, minutes) -> None:
    import stsdesk.app
    from stsdesk.cli import main

    requests: list[dict] = []

    def run_gui(request=None, **_kwargs) -> int:
        requests.append(request)
        return 0

    monkeypatch.setattr(stsdesk.app, "run_gui", run_gui)
    status = main(["--data-dir", str(tmp_path), "play", EXERCISE, "--minutes", str(minutes)])
    assert status == 0, capsys.readouterr().err
    from stsdesk.application.startup import start

    exercise = start(str(tmp_path)).catalog.get(EXERCISE)
    assert exercise is not None
    assert minutes not in exercise.lengths  # the old exact check refused this
    assert requests == [
        {"action": "play", "exercise": EXERCISE, "minutes": exercise.length_for(minutes)}
    ]
