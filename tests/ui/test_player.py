"""The player with a fake clock: captions at their offsets, keys, and the record written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from stsdesk.core.records import Zone
from stsdesk.core.session import State
from stsdesk.core.timeline import CueKind

EXERCISE = "grounding-feet-and-seat"


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(make_app_window, clock):
    app_window = make_app_window()
    app_window.services.monotonic = clock
    return app_window


def _start(app, qtbot, minutes: int = 1):
    shell = app.shell
    card = shell.practices.cards[EXERCISE]
    card.length.setCurrentIndex(card.length.findData(minutes))
    qtbot.mouseClick(card.start, Qt.MouseButton.LeftButton)
    assert shell.window.current_page == "player"
    return shell.player


def test_captions_follow_the_timeline(app, clock, qtbot) -> None:
    player = _start(app, qtbot)
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


def test_space_pauses_and_resumes_at_the_same_point(app, clock, qtbot) -> None:
    app.services.settings.set("practice.check_ins", False)
    player = _start(app, qtbot)
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


def test_escape_stops_early_and_the_record_says_so(app, clock, qtbot) -> None:
    player = _start(app, qtbot)
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


def test_a_finished_practice_is_recorded_as_completed(app, clock, qtbot) -> None:
    player = _start(app, qtbot)
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


def test_skip_moves_to_the_next_step(app, clock, qtbot) -> None:
    app.services.settings.set("practice.check_ins", False)
    player = _start(app, qtbot)
    clock.advance(4)
    player.tick()
    qtbot.keyClick(player.view, Qt.Key.Key_N)
    starts = player.session.timeline.step_starts
    assert player.session.position == pytest.approx(starts[1], abs=0.01)


def test_voice_toggle_and_high_distress_offers_support(app, clock, qtbot) -> None:
    player = _start(app, qtbot)
    qtbot.keyClick(player.before, Qt.Key.Key_9)
    qtbot.keyClick(player.before, Qt.Key.Key_Return)
    assert player.view.voice.text() == "Voice on"
    qtbot.keyClick(player.view, Qt.Key.Key_V)
    assert player.view.voice.text() == "Voice off"
    qtbot.keyClick(player.view, Qt.Key.Key_Escape)
    qtbot.keyClick(player.after, Qt.Key.Key_S)
    assert player.done_support.isVisibleTo(player)


def test_leaving_the_player_mid_practice_still_saves_it(app, clock, qtbot) -> None:
    app.services.settings.set("practice.check_ins", False)
    player = _start(app, qtbot)
    clock.advance(15)
    player.tick()
    app.window.show_page("journal" if "journal" in app.window._pages else "home")
    (record,) = app.services.practice_log.records()
    assert record.completed is False
    assert record.practiced_seconds == pytest.approx(15, abs=0.1)
    assert not player.timer.isActive()
