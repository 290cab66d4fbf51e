"""The player with a fake clock: captions at their offsets, keys, and the record written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from stsdesk.core.records import Zone
from stsdesk.core.session import State
from stsdesk.core.timeline import CueKind

EXERCISE = "grounding-feet-and-seat"


@pytest.fixture
def services(make_services):
    return make_services()


@pytest.fixture
def clock(services):
    return services.monotonic


@pytest.fixture
def player(services, qtbot):
    """The player page alone, on an in-memory log with a recording audio fake."""
    from stsdesk.ui.player import PlayerPage
    from stsdesk.ui.theme import Theme

    page = PlayerPage(services, Theme())
    qtbot.addWidget(page)
    page.resize(900, 700)
    with qtbot.waitExposed(page):
        page.show()
    return page


@pytest.fixture
def app(services, player):
    """What the tests read back: the page's services (the log, the settings)."""

    class App:
        pass

    found = App()
    found.services = services
    return found


def _start(app, qtbot, player, minutes: int = 1):
    player.begin(app.services.catalog.get(EXERCISE), minutes)
    return player


def test_captions_follow_the_timeline(app, clock, qtbot, player) -> None:
    player = _start(app, qtbot, player)
    assert player.stack.currentWidget() is player.before
    qtbot.keyClick(player.before, Qt.Key.Key_5)
    qtbot.keyClick(player.before, Qt.Key.Key_Return)
    assert player.stack.currentWidget() is player.view
    assert player.timer.isActive()
    speech = [c for c in player.session.timeline.cues if c.kind is CueKind.SPEECH]
    for cue in speech[:3]:
        clock.advance(cue.at - player.session.position + 0.01)
        qtbot.waitUntil(lambda cue=cue: player.view.caption.text() == cue.text, timeout=2000)
    assert "left" in player.view.remaining.text()


def test_space_pauses_and_resumes_at_the_same_point(app, clock, qtbot, player) -> None:
    app.services.settings.set("practice.check_ins", False)
    player = _start(app, qtbot, player)
    clock.advance(10)
    player.tick()
    qtbot.keyClick(player.view, Qt.Key.Key_Space)
    assert player.session.state is State.PAUSED
    assert not player.timer.isActive()
    clock.advance(300)
    player.tick()
    assert player.session.position == pytest.approx(10, abs=0.01)
    qtbot.keyClick(player.view, Qt.Key.Key_Space)
    assert player.session.state is State.RUNNING
    clock.advance(2)
    player.tick()
    assert player.session.position == pytest.approx(12, abs=0.01)


def test_escape_stops_early_and_the_record_says_so(app, clock, qtbot, player) -> None:
    player = _start(app, qtbot, player)
    qtbot.keyClick(player.before, Qt.Key.Key_7)
    player.before.zones.button(0).click()
    qtbot.keyClick(player.before, Qt.Key.Key_Return)
    clock.advance(20)
    player.tick()
    qtbot.keyClick(player.view, Qt.Key.Key_Escape)
    assert player.stack.currentWidget() is player.after
    assert not player.timer.isActive()
    qtbot.keyClick(player.after, Qt.Key.Key_3)
    player.after.note.setPlainText("after the Monday intake")
    qtbot.keyClick(player.after, Qt.Key.Key_Return)
    records = app.services.practice_log.records()
    assert len(records) == 1
    record = records[0]
    assert record.exercise_id == EXERCISE
    assert record.completed is False
    assert record.practiced_seconds == pytest.approx(20, abs=0.1)
    assert record.distress_before == 7
    assert record.zone_before is Zone.HIGH
    assert record.distress_after == 3
    assert record.note == "after the Monday intake"
    assert record.minutes_chosen == 1
    assert player.stack.currentWidget() is player.done
    assert "Saved" in player.done_text.text()


def test_a_finished_practice_is_recorded_as_completed(app, clock, qtbot, player) -> None:
    player = _start(app, qtbot, player)
    qtbot.keyClick(player.before, Qt.Key.Key_S)
    clock.advance(61)
    qtbot.waitUntil(lambda: player.stack.currentWidget() is player.after, timeout=2000)
    assert not player.timer.isActive()
    qtbot.keyClick(player.after, Qt.Key.Key_S)
    (record,) = app.services.practice_log.records()
    assert record.completed is True
    assert record.practiced_seconds == pytest.approx(60, abs=0.1)
    assert record.distress_before is None
    assert record.distress_after is None


def test_skip_moves_to_the_next_step(app, clock, qtbot, player) -> None:
    app.services.settings.set("practice.check_ins", False)
    player = _start(app, qtbot, player)
    clock.advance(4)
    player.tick()
    qtbot.keyClick(player.view, Qt.Key.Key_N)
    starts = player.session.timeline.step_starts
    assert player.session.position == pytest.approx(starts[1], abs=0.01)


def test_voice_toggle_and_high_distress_offers_support(app, clock, qtbot, player) -> None:
    player = _start(app, qtbot, player)
    qtbot.keyClick(player.before, Qt.Key.Key_9)
    qtbot.keyClick(player.before, Qt.Key.Key_Return)
    player.before.continue_button.click()  # past the help-now offer (tests/ui/test_route.py)
    assert player.view.voice.text() == "Voice on"
    qtbot.keyClick(player.view, Qt.Key.Key_V)
    assert player.view.voice.text() == "Silent"
    qtbot.keyClick(player.view, Qt.Key.Key_Escape)
    qtbot.keyClick(player.after, Qt.Key.Key_S)
    assert player.done_support.isVisibleTo(player)


def test_leaving_the_player_mid_practice_still_saves_it(make_app_window, qtbot) -> None:
    """The window's wiring: any other page saves a running practice as stopped early."""
    from tests.fakes import FakeClock

    window = make_app_window()
    clock = FakeClock()
    window.services.monotonic = clock
    window.services.settings.set("practice.check_ins", False)
    player = window.shell.player
    window.shell.play(EXERCISE, 1)
    clock.advance(15)
    player.tick()
    window.window.show_page("home")
    (record,) = window.services.practice_log.records()
    assert record.completed is False
    assert record.practiced_seconds == pytest.approx(15, abs=0.1)
    assert not player.timer.isActive()


def test_with_the_voice_off_no_word_is_heard_but_captions_go_on(app, clock, qtbot, player) -> None:
    app.services.settings.set("practice.check_ins", False)
    player = _start(app, qtbot, player, minutes=3)
    qtbot.keyClick(player.view, Qt.Key.Key_V)  # voice off before the first line
    audio = app.services.audio
    speech = [c for c in player.session.timeline.cues if c.kind is CueKind.SPEECH]
    for cue in speech[:4]:
        clock.advance(cue.at - player.session.position + 0.01)
        player.tick()
        assert player.view.caption.text() == cue.text
    assert not [sound for sound in audio.heard if sound[0] == "voice"]
    qtbot.keyClick(player.view, Qt.Key.Key_V)  # and back on: the next line is heard
    cue = speech[4]
    clock.advance(cue.at - player.session.position + 0.01)
    player.tick()
    assert audio.heard[-1] == ("voice", str(cue.clip))
