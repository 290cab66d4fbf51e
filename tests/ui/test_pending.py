"""A practice the disk refused is shown as kept on Home, retried by itself, and saved."""

from __future__ import annotations

from PySide6.QtCore import Qt

from stsdesk.core.session import State
from tests.fakes import FakeClock

EXERCISE = "grounding-feet-and-seat"


def _refuse_writes(store) -> None:
    """The log's connection refuses writes, as on a disk that went read-only."""
    store._db.conn.execute("PRAGMA query_only = ON")


def _banner_texts(home) -> list[str]:
    from stsdesk.ui.widgets import PlainLabel

    return [w.text() for w in home.findChildren(PlainLabel) if w.isVisible()]


def _practise_and_stop(app_window, clock, qtbot) -> None:
    shell = app_window.shell
    app_window.services.settings.set("practice.check_ins", False)
    card = shell.practices.cards[EXERCISE]
    qtbot.mouseClick(card.start, Qt.MouseButton.LeftButton)
    assert shell.player.session.state is State.RUNNING
    clock.now += 20  # before the first checkpoint
    shell.player.tick()
    shell.player.stop()


def test_a_refused_practice_is_kept_shown_and_saved_when_the_disk_frees(
    make_app_window, qtbot
) -> None:
    app_window = make_app_window()
    clock = FakeClock()
    app_window.services.monotonic = clock
    store = app_window.services.practice_log.journal
    shell = app_window.shell
    _refuse_writes(store)
    _practise_and_stop(app_window, clock, qtbot)
    assert len(store.pending) == 1
    assert store.count() == 0
    qtbot.mouseClick(shell.player.home, Qt.MouseButton.LeftButton)
    assert any("could not be saved yet" in t for t in _banner_texts(shell.home))
    assert shell.pending.timer.isActive()

    shell.pending.retry_quietly()  # the minute's retry, while the disk still refuses
    assert len(store.pending) == 1
    assert any("could not be saved yet" in t for t in _banner_texts(shell.home))

    store._db.conn.execute("PRAGMA query_only = OFF")  # writable again
    with qtbot.waitSignal(shell.pending.saved):
        shell.pending.retry_quietly()
    assert store.count() == 1
    assert not shell.pending.timer.isActive()
    qtbot.waitUntil(lambda: not any("could not be saved" in t for t in _banner_texts(shell.home)))
