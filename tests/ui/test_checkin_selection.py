"""The check-in shows what is chosen in words (a check mark) and by keyboard saves exactly
what it shows; digits reach 10."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from stsdesk.ui.checkin import CheckInPanel


@pytest.fixture
def panel(qtbot):
    def make(after: bool) -> CheckInPanel:
        shown = CheckInPanel(after=after)
        qtbot.addWidget(shown)
        shown.show()
        qtbot.waitExposed(shown)
        shown.activateWindow()
        shown.reset()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is shown.confirm)
        return shown

    return make


def shown_as_chosen(group) -> list[str]:
    """The labels that carry the check mark, as a person reads them."""
    return [b.text() for b in group.buttons() if b.isVisible() and "✓" in b.text()]


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def test_a_clicked_rating_and_zone_are_marked_in_words(panel, qtbot) -> None:
    checkin = panel(after=False)
    assert shown_as_chosen(checkin.ratings) == []
    qtbot.mouseClick(checkin.ratings.button(4), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(checkin.zones.button(1), Qt.MouseButton.LeftButton)
    assert shown_as_chosen(checkin.ratings) == ["4 ✓"]
    assert shown_as_chosen(checkin.zones) == ["Resilient: OK, able to cope ✓"]
    qtbot.mouseClick(checkin.ratings.button(6), Qt.MouseButton.LeftButton)
    assert shown_as_chosen(checkin.ratings) == ["6 ✓"]
    checkin.reset()
    assert shown_as_chosen(checkin.ratings) == []
    assert shown_as_chosen(checkin.zones) == []


@pytest.mark.parametrize("after", [False, True], ids=["before", "after"])
def test_seven_shift_tab_space_saves_what_is_shown(panel, qtbot, after: bool) -> None:
    checkin = panel(after=after)
    saved = []
    checkin.answered.connect(saved.append)
    key(qtbot, Qt.Key.Key_7)
    assert shown_as_chosen(checkin.ratings) == ["7 ✓"]
    key(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    key(qtbot, Qt.Key.Key_Space)
    qtbot.mouseClick(checkin.confirm, Qt.MouseButton.LeftButton)
    assert len(saved) == 1
    shown = shown_as_chosen(checkin.ratings)
    assert len(shown) == 1, "exactly one rating shows as chosen"
    assert f"{saved[0].distress} ✓" == shown[0]


def test_arrows_move_the_choice_and_enter_saves_it(panel, qtbot) -> None:
    checkin = panel(after=True)
    saved = []
    checkin.answered.connect(saved.append)
    checkin.ratings.button(0).setFocus()
    key(qtbot, Qt.Key.Key_3)
    key(qtbot, Qt.Key.Key_Right)
    focused = QApplication.focusWidget()
    key(qtbot, Qt.Key.Key_Space)
    assert shown_as_chosen(checkin.ratings) == [focused.text()]
    key(qtbot, Qt.Key.Key_Return)
    assert f"{saved[0].distress} ✓" == shown_as_chosen(checkin.ratings)[0]


def test_in_the_row_a_digit_moves_the_focus_with_the_choice(panel, qtbot) -> None:
    """Tab into the row lands on "0"; typing 7 there must not leave Space to choose 0."""
    checkin = panel(after=True)
    saved = []
    checkin.answered.connect(saved.append)
    checkin.ratings.button(0).setFocus()
    key(qtbot, Qt.Key.Key_7)
    assert QApplication.focusWidget() is checkin.ratings.button(7)
    key(qtbot, Qt.Key.Key_Space)
    assert shown_as_chosen(checkin.ratings) == ["7 ✓"]
    key(qtbot, Qt.Key.Key_Return)
    assert saved[0].distress == 7


def test_digits_reach_ten(panel, qtbot) -> None:
    checkin = panel(after=False)
    saved = []
    checkin.answered.connect(saved.append)
    assert "1 then 0" in checkin.ratings.button(0).toolTip()
    key(qtbot, Qt.Key.Key_1)
    assert shown_as_chosen(checkin.ratings) == ["1 ✓"]
    key(qtbot, Qt.Key.Key_0)
    assert shown_as_chosen(checkin.ratings) == ["10 ✓"]
    key(qtbot, Qt.Key.Key_0)
    assert shown_as_chosen(checkin.ratings) == ["0 ✓"]
    key(qtbot, Qt.Key.Key_1)
    key(qtbot, Qt.Key.Key_0)
    key(qtbot, Qt.Key.Key_Return)
    assert saved[0].distress == 10
