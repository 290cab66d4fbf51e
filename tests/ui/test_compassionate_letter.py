"""A written practice: after the compassionate letter, the note box asks for the letter, says
it is private, and the letter typed there is the record's note."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

LETTER = "Dear Sam,\nThat intake was hard, and you stayed kind. Rest tonight.\nWith care, me"


@pytest.fixture
def player(make_services, qtbot):
    from stsdesk.ui.player import PlayerPage
    from stsdesk.ui.theme import Theme

    page = PlayerPage(make_services(), Theme())
    qtbot.addWidget(page)
    page.resize(900, 700)
    with qtbot.waitExposed(page):
        page.show()
    return page


def _finish(player, qtbot, exercise_id: str, minutes: int) -> None:
    services = player.services
    player.begin(services.catalog.get(exercise_id), minutes)
    if player.stack.currentWidget() is player.before:
        qtbot.keyClick(player.before, Qt.Key.Key_S)
    services.monotonic.advance(minutes * 60 + 1)
    qtbot.waitUntil(lambda: player.stack.currentWidget() is player.after, timeout=2000)


def test_the_letter_typed_after_the_practice_is_saved_as_its_note(player, qtbot) -> None:
    _finish(player, qtbot, "compassionate-letter", 5)
    after = player.after
    prompt = player.services.catalog.get("compassionate-letter").answer_prompt

    assert after.prompt.isVisible()
    assert after.prompt.text() == prompt
    assert after.private.isVisible()
    assert "private" in after.private.text()
    assert "journal" in after.private.text()
    assert after.note.accessibleName() == prompt
    assert after.note.hasFocus()

    qtbot.keyClicks(after.note, "Dear Sam,")  # typing in the box never triggers a key
    after.note.setPlainText(LETTER)
    qtbot.mouseClick(after.confirm, Qt.MouseButton.LeftButton)

    (record,) = player.services.practice_log.records()
    assert record.exercise_id == "compassionate-letter"
    assert record.completed is True
    assert record.note == LETTER.strip()


def test_the_letter_box_opens_even_with_check_ins_off(player, qtbot) -> None:
    player.services.settings.set("practice.check_ins", False)
    _finish(player, qtbot, "compassionate-letter", 5)
    assert player.after.prompt.isVisible()
    player.after.note.setPlainText(LETTER)
    qtbot.mouseClick(player.after.confirm, Qt.MouseButton.LeftButton)
    (record,) = player.services.practice_log.records()
    assert record.note == LETTER.strip()


def test_a_letter_left_unsaved_is_kept_when_the_player_is_left(player, qtbot) -> None:
    _finish(player, qtbot, "compassionate-letter", 5)
    player.after.note.setPlainText(LETTER)
    player.flush()  # leaving the page or quitting at the letter box
    (record,) = player.services.practice_log.records()
    assert record.note == LETTER.strip()


def test_other_practices_keep_the_plain_note_box(player, qtbot) -> None:
    _finish(player, qtbot, "compassionate-letter", 5)
    qtbot.keyClick(player.after, Qt.Key.Key_S)
    _finish(player, qtbot, "grounding-feet-and-seat", 1)
    after = player.after
    assert not after.prompt.isVisible()
    assert not after.private.isVisible()
    assert after.note.isVisible()
    assert after.note.accessibleName() == "Note"
    assert after.confirm.hasFocus()
