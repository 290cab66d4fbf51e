"""The check-in answer changes the plan, on the real player page: when the offer shows, and
that each of its choices does what it says."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from stsdesk.core.records import Zone
from stsdesk.core.route import HELP_NOW_ID
from stsdesk.core.session import State


@pytest.fixture
def services(make_services):
    return make_services()


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


def _begin(player, exercise_id: str, minutes: int):
    player.begin(player.services.catalog.get(exercise_id), minutes)
    assert player.stack.currentWidget() is player.before
    return player.before


def _answer(qtbot, before, distress: int | None = None, zone: Zone | None = None) -> None:
    if distress is not None:
        before.ratings.button(distress).click()
    if zone is not None:
        index = {Zone.HIGH: 0, Zone.RESILIENT: 1, Zone.LOW: 2}[zone]
        before.zones.button(index).click()
    qtbot.keyClick(before, Qt.Key.Key_Return)


def _texts(before) -> list[str]:
    return [button.text() for button in before.offer_buttons]


@pytest.mark.parametrize("distress", [8, 9, 10])
def test_high_distress_offers_help_now_support_or_continue(qtbot, player, distress) -> None:
    before = _begin(player, "body-scan", 10)
    _answer(qtbot, before, distress)
    assert player.stack.currentWidget() is before
    assert before.offering
    assert before.offer.isVisible()
    assert not before.questions.isVisible()
    assert _texts(before) == [
        "Quick sensory reset · 1 min",
        "Open Support",
        "Continue with my practice",
    ]
    shown = [w.text() for w in before.offer.findChildren(type(before.heading))]
    assert "That sounds like a lot right now." in shown
    assert player.session.state is State.READY  # nothing started behind the offer


@pytest.mark.parametrize(("distress", "zone"), [(7, None), (0, Zone.HIGH), (None, None)])
def test_no_offer_below_the_threshold(qtbot, player, distress, zone) -> None:
    before = _begin(player, "body-scan", 10)
    _answer(qtbot, before, distress, zone)
    assert not before.offering
    assert player.stack.currentWidget() is player.view
    assert player.session.state is State.RUNNING
    assert player.session.timeline.exercise_id == "body-scan"


def test_skipping_the_check_in_never_offers(qtbot, player) -> None:
    before = _begin(player, "body-scan", 10)
    before.ratings.button(10).click()
    qtbot.keyClick(before, Qt.Key.Key_S)
    assert player.stack.currentWidget() is player.view


def test_the_help_now_practice_itself_goes_straight_on(qtbot, player) -> None:
    before = _begin(player, HELP_NOW_ID, 1)
    _answer(qtbot, before, 10)
    assert player.stack.currentWidget() is player.view


def test_taking_the_reset_starts_it_with_the_same_answer(qtbot, player) -> None:
    before = _begin(player, "body-scan", 10)
    _answer(qtbot, before, 9, Zone.HIGH)
    assert before.offer_buttons[0].hasFocus()
    qtbot.keyClick(before.offer_buttons[0], Qt.Key.Key_Return)  # Enter takes the focused choice
    assert player.stack.currentWidget() is player.view
    assert player.session.timeline.exercise_id == HELP_NOW_ID
    assert player.session.timeline.minutes == 1
    assert "Quick sensory reset" in player.view.title.text()
    player.stop()
    qtbot.keyClick(player.after, Qt.Key.Key_S)
    (record,) = player.services.practice_log.records()
    assert record.exercise_id == HELP_NOW_ID
    assert record.distress_before == 9
    assert record.zone_before is Zone.HIGH


def test_open_support_asks_for_the_support_page(qtbot, player) -> None:
    before = _begin(player, "body-scan", 10)
    _answer(qtbot, before, 8)
    released = player.services.audio.released
    with qtbot.waitSignal(player.support_requested, timeout=1000):
        before.offer_buttons[1].click()
    assert player.services.audio.released == released + 1  # the unstarted practice lets go
    assert player.session.state is State.READY
    assert not player.services.practice_log.records()


def test_continue_starts_the_practice_chosen(qtbot, player) -> None:
    before = _begin(player, "body-scan", 10)
    _answer(qtbot, before, 9)
    before.continue_button.click()
    assert player.stack.currentWidget() is player.view
    assert player.session.timeline.exercise_id == "body-scan"
    player.stop()
    qtbot.keyClick(player.after, Qt.Key.Key_S)
    (record,) = player.services.practice_log.records()
    assert record.distress_before == 9


def test_escape_goes_back_to_the_questions(qtbot, player) -> None:
    before = _begin(player, "body-scan", 10)
    _answer(qtbot, before, 9)
    qtbot.keyClick(before.continue_button, Qt.Key.Key_Escape)
    assert not before.offering
    assert before.questions.isVisible()
    assert player.stack.currentWidget() is before
    before.ratings.button(4).click()
    qtbot.keyClick(before, Qt.Key.Key_Return)
    assert player.session.timeline.exercise_id == "body-scan"


def test_low_zone_offers_activating_practices_before_a_body_scan(qtbot, player) -> None:
    before = _begin(player, "body-scan", 10)
    _answer(qtbot, before, 3, Zone.LOW)
    assert before.offering
    texts = _texts(before)
    assert texts[-1] == "Continue with my practice"
    assert "Open Support" not in texts
    assert 2 <= len(texts) <= 4
    catalog = player.services.catalog
    offered = [catalog.get(e) for e, _m in _offered_ids(before)]
    assert all(not e.eyes_closed for e in offered)
    before.offer_buttons[0].click()
    assert player.session.timeline.exercise_id == offered[0].id
    assert player.session.state is State.RUNNING


def _offered_ids(before):
    catalog = before._plan[2].catalog
    by_title = {f"{e.title} · {m} min": (e.id, m) for e in catalog.exercises for m in e.lengths}
    return [by_title[t] for t in _texts(before)[:-1]]


def test_low_zone_before_grounding_goes_straight_on(qtbot, player) -> None:
    before = _begin(player, "grounding-feet-and-seat", 3)
    _answer(qtbot, before, 3, Zone.LOW)
    assert player.stack.currentWidget() is player.view


def test_a_new_practice_opens_on_the_questions_again(qtbot, player) -> None:
    before = _begin(player, "body-scan", 10)
    _answer(qtbot, before, 9)
    assert before.offering
    _begin(player, "safe-place", 5)
    assert not before.offering
    assert before.questions.isVisible()
