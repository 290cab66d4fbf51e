"""The Practices page does what was chosen: the wheel scrolls past a length picker without
changing it, and the Length filter sets every card's picker (Start then plays that length)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from stsdesk.ui.practices import LENGTH_FILTERS


@pytest.fixture
def page(make_services, qtbot):
    from stsdesk.ui.practices import PracticesPage

    page = PracticesPage(make_services())
    qtbot.addWidget(page)
    page.resize(1000, 600)  # far shorter than the cards: the page scrolls
    with qtbot.waitExposed(page):
        page.show()
    return page


def _wheel_down(widget) -> QWheelEvent:
    """One notch of the mouse wheel, down, over the middle of ``widget`` (returned: whether
    the widget accepted it; an ignored wheel goes on to the scroll area around it)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event


def test_the_wheel_over_a_picker_scrolls_the_page_and_leaves_the_length(page, qtbot) -> None:
    card = page.cards["grounding-feet-and-seat"]  # 1, 3 and 5 minutes
    page.ensureWidgetVisible(card)
    assert card.length.currentText() == "3 min"  # the usual length
    event = _wheel_down(card.length)
    assert card.length.currentText() == "3 min"
    assert not event.isAccepted()  # so Qt hands it on to the page, which scrolls
    assert not card.length.hasFocus()
    at = page.verticalScrollBar().value()
    _wheel_down(page.viewport())
    assert page.verticalScrollBar().value() > at


def test_the_wheel_changes_a_picker_that_has_the_focus(page, qtbot) -> None:
    card = page.cards["grounding-feet-and-seat"]
    page.ensureWidgetVisible(card)
    card.length.setFocus()
    qtbot.waitUntil(card.length.hasFocus)
    _wheel_down(card.length)
    assert card.length.currentText() == "5 min"


def test_the_wheel_never_takes_the_focus_to_a_picker(page) -> None:
    card = page.cards["grounding-feet-and-seat"]
    assert card.length.focusPolicy() == Qt.FocusPolicy.StrongFocus  # Tab and click only
    assert page.length.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_the_length_filter_sets_the_cards_pickers_and_start_plays_it(page, qtbot) -> None:
    card = page.cards["grounding-feet-and-seat"]
    assert card.length.currentData() == 3
    page.length.setCurrentIndex(page.length.findData(1))
    assert card.length.currentText() == "1 min"
    with qtbot.waitSignal(page.start_requested) as started:
        qtbot.mouseClick(card.start, Qt.MouseButton.LeftButton)
    assert started.args == ["grounding-feet-and-seat", 1, ""]
    page.length.setCurrentIndex(page.length.findData(0))  # any length: the usual one again
    assert card.length.currentText() == "3 min"


def test_a_two_minute_filter_for_the_practices_that_offer_two(page) -> None:
    assert 2 in LENGTH_FILTERS
    page.length.setCurrentIndex(page.length.findData(2))
    assert page.length.currentText() == "2 min"
    assert page.cards["five-senses"].length.currentText() == "2 min"  # 2, 3 or 5
    assert page.cards["grounding-feet-and-seat"].length.currentText() == "1 min"  # 1, 3 or 5
    assert page.cards["grounding-feet-and-seat"].isVisibleTo(page)
    assert not page.cards["breath-holds"].isVisibleTo(page)  # 3 or 5 only
    offered = {m for card in page.cards.values() for m in card.exercise.lengths}
    assert 2 in offered


def test_set_length_from_home_sets_the_pickers(page) -> None:
    page.set_length(1)
    assert page.length.currentText() == "1 min"
    assert page.cards["grounding-feet-and-seat"].length.currentData() == 1


def test_the_discreet_filter_promises_only_what_practices_keep(page) -> None:
    # How a practice sounds is the voice switch's (remembered) choice, not the filter's.
    assert page.discreet.text() == "Discreet (eyes open, at your desk)"
    assert "silent" not in page.discreet.text()
