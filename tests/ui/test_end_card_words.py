"""The end card tells the truth: skipping through is not completing, seconds are seconds."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from stsdesk.core.session import State

EXERCISE = "grounding-feet-and-seat"


@pytest.fixture
def player(make_services, qtbot):
    from stsdesk.ui.player import PlayerPage
    from stsdesk.ui.theme import Theme

    services = make_services()
    services.settings.set("practice.check_ins", False)
    page = PlayerPage(services, Theme())
    qtbot.addWidget(page)
    page.resize(900, 700)
    with qtbot.waitExposed(page):
        page.show()
    return page


def test_skipping_through_every_step_is_not_well_done(player, qtbot) -> None:
    clock = player.services.monotonic
    player.begin(player.services.catalog.get(EXERCISE), 1)
    clock.advance(2)
    player.tick()
    for _step in range(20):
        if player.stack.currentWidget() is player.done:
            break
        assert player.session.state is State.RUNNING
        qtbot.keyClick(player.view, Qt.Key.Key_N)  # skip to the next step
        player.tick()
    assert player.stack.currentWidget() is player.done
    (record,) = player.services.practice_log.records()
    assert record.completed is False
    assert player.done_title.text() == "You practiced part of it, and that's fine."
    assert player.done_text.text() == "Saved to your journal: 2 s of practice."


def test_a_practice_played_through_is_well_done_in_minutes(player, qtbot) -> None:
    clock = player.services.monotonic
    player.begin(player.services.catalog.get(EXERCISE), 1)
    clock.advance(61)
    qtbot.waitUntil(lambda: player.stack.currentWidget() is player.done, timeout=2000)
    assert player.done_title.text() == "Well done."
    assert player.done_text.text() == "Saved to your journal: 1 min of practice."
