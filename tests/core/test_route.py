"""The check-in answer changes the plan: exactly when an offer appears, and what it offers."""

from __future__ import annotations

import pytest

from stsdesk.core.catalog import load_catalog
from stsdesk.core.records import HIGH_DISTRESS, CheckIn, Zone
from stsdesk.core.route import HELP_NOW_ID, Offer, detour, is_activating, settling_for_low_zone
from stsdesk.infra.resources import builtin_pack


@pytest.fixture(scope="module")
def catalog():
    return load_catalog([builtin_pack()])


def _detour(catalog, check_in: CheckIn, exercise_id: str, minutes: int, recent=()):
    return detour(check_in, catalog.get(exercise_id), minutes, catalog, recent)


@pytest.mark.parametrize("distress", [HIGH_DISTRESS, 9, 10])
def test_high_distress_offers_help_now_and_support(catalog, distress: int) -> None:
    found = _detour(catalog, CheckIn(distress=distress), "body-scan", 10)
    assert found is not None
    assert found.offer is Offer.HELP_NOW
    assert found.support
    assert [(e.id, m) for e, m in found.practices] == [(HELP_NOW_ID, 1)]


@pytest.mark.parametrize("distress", [None, 0, 5, HIGH_DISTRESS - 1])
def test_below_the_threshold_nothing_is_offered(catalog, distress) -> None:
    assert _detour(catalog, CheckIn(distress=distress), "body-scan", 10) is None
    assert _detour(catalog, CheckIn(distress=distress, zone=Zone.HIGH), "safe-place", 5) is None


def test_high_distress_wins_over_the_low_zone(catalog) -> None:
    found = _detour(catalog, CheckIn(distress=9, zone=Zone.LOW), "body-scan", 10)
    assert found.offer is Offer.HELP_NOW


def test_choosing_the_help_now_practice_offers_nothing_more(catalog) -> None:
    assert _detour(catalog, CheckIn(distress=10), HELP_NOW_ID, 1) is None


def test_the_offer_follows_the_one_help_now_rule(catalog) -> None:
    """Without the quick sensory reset, core.help_now's stand-in is offered (as Help me now
    starts); with no practice that suits a hard moment, Support alone."""
    from stsdesk.core.catalog import Catalog
    from stsdesk.core.help_now import help_now_practice, suits_a_hard_moment

    smaller = Catalog(catalog.packs, tuple(e for e in catalog.exercises if e.id != HELP_NOW_ID), [])
    found = detour(CheckIn(distress=9), smaller.get("body-scan"), 10, smaller)
    assert found.practices == (help_now_practice(smaller),)
    assert found.support
    body_scan = catalog.get("body-scan")
    none_fit = Catalog(
        catalog.packs, tuple(e for e in catalog.exercises if not suits_a_hard_moment(e)), []
    )
    found = detour(CheckIn(distress=9), body_scan, 10, none_fit)
    assert found is not None
    assert found.support
    assert found.practices == ()


@pytest.mark.parametrize(
    ("exercise_id", "minutes"),
    [("body-scan", 10), ("safe-place", 5), ("affectionate-breathing", 10), ("paced-breathing", 5)],
)
def test_low_zone_before_eyes_closed_or_long_breathing_offers_activating(
    catalog, exercise_id: str, minutes: int
) -> None:
    found = _detour(catalog, CheckIn(zone=Zone.LOW), exercise_id, minutes)
    assert found is not None
    assert found.offer is Offer.ACTIVATING
    assert not found.support
    assert 1 <= len(found.practices) <= 3
    for exercise, length in found.practices:
        assert is_activating(exercise)
        assert not exercise.eyes_closed
        assert length == exercise.length_for(minutes)
        assert length <= minutes


@pytest.mark.parametrize(
    ("exercise_id", "minutes"),
    [("grounding-feet-and-seat", 3), ("paced-breathing", 1), ("five-senses", 3)],
)
def test_low_zone_before_an_activating_or_short_practice_offers_nothing(
    catalog, exercise_id: str, minutes: int
) -> None:
    assert _detour(catalog, CheckIn(zone=Zone.LOW), exercise_id, minutes) is None


@pytest.mark.parametrize("zone", [None, Zone.RESILIENT, Zone.HIGH])
def test_other_zones_go_straight_to_the_practice(catalog, zone) -> None:
    assert _detour(catalog, CheckIn(zone=zone, distress=3), "body-scan", 10) is None


def test_low_zone_offers_vary_with_history(catalog) -> None:
    first = _detour(catalog, CheckIn(zone=Zone.LOW), "body-scan", 10)
    done = [e.id for e, _ in first.practices]
    again = _detour(catalog, CheckIn(zone=Zone.LOW), "body-scan", 10, recent=done)
    assert {e.id for e, _ in again.practices}.isdisjoint(done)


def test_the_classification_of_the_built_in_pack(catalog) -> None:
    assert is_activating(catalog.get("grounding-at-the-desk"))
    assert is_activating(catalog.get("push-the-wall"))
    assert not is_activating(catalog.get("body-scan"))
    assert not is_activating(catalog.get("paced-breathing"))
    assert settling_for_low_zone(catalog.get("body-scan"), 5)
    assert not settling_for_low_zone(catalog.get("soothing-rhythm-breathing"), 3)
    assert settling_for_low_zone(catalog.get("soothing-rhythm-breathing"), 5)
