"""The player keeps what was chosen: silent means captions only (no voice, bells, tones or
background sound), the voice switch is on the check-in and remembered, Escape leaves full
screen before it ends anything, and a new start asks before ending a running practice."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from stsdesk.core.session import State
from stsdesk.core.timeline import CueKind
from tests.fakes import FakeClock

EXERCISE = "paced-breathing"  # bells, narration and breaths


@pytest.fixture
def services(make_services):
    return make_services(practice__audible_pacing="tone", practice__ambience="rain")


@pytest.fixture
def player(services, qtbot):
    from stsdesk.ui.player import PlayerPage
    from stsdesk.ui.theme import Theme

    page = PlayerPage(services, Theme())
    qtbot.addWidget(page)
    page.resize(900, 700)
    with qtbot.waitExposed(page):
        page.show()
    return page


def _run_to_the_end(player, clock) -> set[str]:
    """Play on to the end; the captions shown on the way."""
    shown = set()
    while player.run.state is State.RUNNING:
        clock.advance(0.5)
        player.tick()
        shown.add(player.view.caption.text())
    return shown - {""}


def test_silent_from_the_check_in_before_the_first_word(services, player, qtbot) -> None:
    audio, clock = services.audio, services.monotonic
    player.begin(services.catalog.get(EXERCISE), 1)
    switch = player.before.voice
    assert switch.isVisibleTo(player.before)
    assert switch.text() == "Voice on"
    qtbot.keyClick(player.before, Qt.Key.Key_V)
    assert switch.text() == "Silent"
    assert not switch.isChecked()
    qtbot.keyClick(player.before, Qt.Key.Key_S)  # the practice begins
    assert player.view.voice.text() == "Silent"
    assert not player.view.ambience.isEnabled()  # nothing to hear, nothing to set
    captions = _run_to_the_end(player, clock)
    assert player.stack.currentWidget() is player.after
    assert audio.heard == []  # no voice, no bell, no pacing tone, no rain
    spoken = {c.text for c in player.run.timeline.cues if c.kind is CueKind.SPEECH}
    assert captions == spoken  # every word shown
    assert services.settings["practice.voice"] is False
    settings_file = Path(services.paths.settings_file)
    assert "voice = false" in settings_file.read_text(encoding="utf-8")


def test_the_players_switch_is_remembered_for_the_next_practice(services, player, qtbot):
    services.settings.set("practice.check_ins", False)
    exercise = services.catalog.get(EXERCISE)
    player.begin(exercise, 1)
    qtbot.keyClick(player.view, Qt.Key.Key_V)  # silent, mid-practice
    assert player.view.voice.text() == "Silent"
    player.stop()
    services.settings.set("practice.check_ins", True)
    player.begin(exercise, 1)
    assert player.before.voice.text() == "Silent"  # before the next practice says a word
    qtbot.keyClick(player.before, Qt.Key.Key_S)
    assert player.run.sound.voice is False
    services.audio.heard.clear()
    _run_to_the_end(player, services.monotonic)
    assert services.audio.heard == []


def test_voice_back_on_brings_the_bells_and_the_background_back(services, player, qtbot):
    services.settings.set("practice.voice", False)
    services.settings.set("practice.check_ins", False)
    audio, clock = services.audio, services.monotonic
    player.begin(services.catalog.get(EXERCISE), 1)
    clock.advance(5)
    player.tick()
    assert audio.heard == []
    qtbot.keyClick(player.view, Qt.Key.Key_V)
    assert player.view.voice.text() == "Voice on"
    assert ("ambience", "rain") in audio.heard
    assert services.settings["practice.voice"] is True
    _run_to_the_end(player, clock)
    assert ("bell", "end") in audio.heard
    assert any(name.startswith("pace-") for kind, name in audio.heard if kind == "bell")


def test_silent_plays_no_bell_even_where_the_timeline_has_them(services, player) -> None:
    services.settings.set("practice.voice", False)
    services.settings.set("practice.check_ins", False)
    player.begin(services.catalog.get(EXERCISE), 1)
    assert [c for c in player.run.timeline.cues if c.kind is CueKind.BELL]
    _run_to_the_end(player, services.monotonic)
    assert not [call for call in services.audio.calls if call[0] == "play_bell"]


def test_escape_leaves_full_screen_first_then_stops(services, player, qtbot) -> None:
    services.settings.set("practice.check_ins", False)
    player.begin(services.catalog.get(EXERCISE), 1)
    qtbot.keyClick(player.view, Qt.Key.Key_F11)
    qtbot.waitUntil(player.window().isFullScreen)
    qtbot.keyClick(player.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not player.window().isFullScreen())
    assert player.run.state is State.RUNNING  # still practising
    assert player.stack.currentWidget() is player.view
    qtbot.keyClick(player.view, Qt.Key.Key_Escape)  # outside full screen: it stops
    assert player.stack.currentWidget() is player.done
    assert not player.timer.isActive()
    (record,) = services.practice_log.records()
    assert record.completed is False


# --- asking before ending a running practice -------------------------------------------------


@pytest.fixture
def window(make_app_window):
    window = make_app_window()
    window.services.monotonic = FakeClock()
    window.services.settings.set("practice.check_ins", False)
    return window


def _question_shown(player) -> bool:
    box = player.end_question
    return box is not None and box.isVisible()


def test_stsdesk_play_during_a_practice_asks_and_keeps_it_by_default(
    window, qtbot, tmp_path: Path
) -> None:
    from stsdesk.ui.instance import InstanceGuard

    guard = InstanceGuard(tmp_path / "state")
    assert guard.acquire()
    guard.request.connect(window.handle_request)
    guard.listen()
    player = window.shell.player
    window.shell.play("grounding-feet-and-seat", 1)
    running = player.run
    window.services.monotonic.advance(12)
    player.tick()

    later = InstanceGuard(tmp_path / "state")  # what `stsdesk play five-senses` leaves
    later.hand_over({"action": "play", "exercise": "five-senses", "minutes": 2})
    qtbot.waitUntil(lambda: _question_shown(player), timeout=5000)
    box = player.end_question
    assert box.text() == "End the practice you are in?"
    assert "Grounding" in box.informativeText()  # the one running
    assert "Five senses" in box.informativeText()  # the one asked for
    assert box.defaultButton().text() == "Keep practicing"
    assert box.escapeButton() is box.defaultButton()
    assert player.run is running  # nothing ended yet
    assert running.state is State.RUNNING
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # the calm default: keep practising
    assert not box.isVisible()
    assert player.run is running
    assert running.active
    assert window.services.practice_log.records() == []
    player.stop()
    guard.release()


def test_ending_for_the_new_start_saves_the_practice_so_far(window, qtbot) -> None:
    player = window.shell.player
    window.shell.play("grounding-feet-and-seat", 1)
    first = player.run
    window.services.monotonic.advance(20)
    player.tick()
    window.shell.quick_start(3)  # Home's or the tray's time button, mid-practice
    assert _question_shown(player)
    end = next(b for b in player.end_question.buttons() if b.text() == "End it and start")
    qtbot.mouseClick(end, Qt.MouseButton.LeftButton)
    (record,) = window.services.practice_log.records()
    assert record.exercise_id == "grounding-feet-and-seat"
    assert record.completed is False
    assert record.practiced_seconds == pytest.approx(20, abs=0.1)
    assert first.ended
    assert player.run is not first
    assert player.run.active  # the new one is under way
    assert player.run.minutes <= 3
    assert player.stack.currentWidget() is player.view
    player.stop()


def test_a_paused_practice_is_asked_about_too(window, qtbot) -> None:
    player = window.shell.player
    window.shell.play("grounding-feet-and-seat", 1)
    player.toggle_pause()
    window.shell.help_now()
    assert _question_shown(player)
    keep = player.end_question.defaultButton()
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert player.run.state is State.PAUSED
    assert player.run.exercise.id == "grounding-feet-and-seat"
    player.stop()


def test_the_sidebar_keys_rest_while_a_practice_runs(window, qtbot) -> None:
    """The sidebar is hidden during a practice; Ctrl+2 must not leave it behind the person's
    back (it used to end it as stopped early)."""
    player, main = window.shell.player, window.window
    window.shell.play("grounding-feet-and-seat", 1)
    running = player.run
    qtbot.keyClick(main, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert main.current_page == "player"
    assert running.active
    assert window.services.practice_log.records() == []
    player.stop()
    qtbot.keyClick(main, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # after: they work
    assert main.current_page == "practices"
