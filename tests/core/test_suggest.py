"""Home's "I have N minutes" picks something that fits, and rotates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from stsdesk.core.catalog import load_catalog
from stsdesk.core.records import PracticeRecord, Zone
from stsdesk.core.route import is_activating
from stsdesk.core.suggest import holds_breath, quick_choice, recent_zone, suggest

BUILTIN = Path(__file__).resolve().parents[2] / "assets" / "packs" / "core"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog([BUILTIN])


@pytest.mark.parametrize("minutes", [1, 3, 5, 10])
def test_suggestion_fits_the_time(catalog, minutes: int) -> None:
    exercise = suggest(catalog, minutes)
    assert exercise is not None
    assert minutes in exercise.lengths
    if minutes <= 3:
        assert exercise.discreet


def test_suggestions_rotate_away_from_recent_practice(catalog) -> None:
    first = suggest(catalog, 3)
    second = suggest(catalog, 3, recent_ids=[first.id])
    assert second is not None
    assert second.id != first.id


def test_nothing_fits_gives_none(catalog) -> None:
    assert suggest(catalog, 0) is None


# --- the documented rule (module docstring of stsdesk.core.suggest) ----------------------------

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def _record(exercise_id: str, ago: timedelta, zone_after=None, zone_before=None):
    started = NOW - ago
    return PracticeRecord(
        exercise_id=exercise_id,
        exercise_title=exercise_id,
        family="stress",
        minutes_chosen=3,
        started_at=started,
        time_zone="UTC",
        local_day=started.date(),
        practiced_seconds=180,
        completed=True,
        zone_before=zone_before,
        zone_after=zone_after,
    )


@pytest.mark.parametrize("minutes", [1, 3, 5, 10])
def test_a_newcomer_starts_with_an_activating_practice(catalog, minutes: int) -> None:
    exercise = suggest(catalog, minutes)
    assert is_activating(exercise)
    assert not holds_breath(exercise)


def test_the_one_minute_button_does_not_start_breathing_for_a_newcomer(catalog) -> None:
    assert suggest(catalog, 1).id == "grounding-at-the-desk"


def test_not_by_alphabetical_id(catalog) -> None:
    # "between-clients-reset" is first by id among the 1-minute discreet practices.
    assert suggest(catalog, 1).id != min(
        e.id for e in catalog.for_minutes(1) if e.discreet and e.length_for(1) == 1
    )


def test_low_zone_prefers_activating_even_after_practising_them(catalog) -> None:
    activating = [e.id for e in catalog.for_minutes(3) if is_activating(e) and e.discreet]
    pick = suggest(catalog, 3, recent_ids=activating, zone=Zone.LOW)
    assert is_activating(pick)
    plain = suggest(catalog, 3, recent_ids=activating)
    assert not is_activating(plain)  # without the zone, variety wins


def test_high_zone_prefers_eyes_open(catalog) -> None:
    eyes_open = [e.id for e in catalog.for_minutes(10) if not e.eyes_closed]
    assert suggest(catalog, 10, recent_ids=eyes_open).eyes_closed
    assert not suggest(catalog, 10, recent_ids=eyes_open, zone=Zone.HIGH).eyes_closed


def test_breath_holds_are_never_the_quick_choice_while_others_fit(catalog) -> None:
    everything_else = [e.id for e in catalog.exercises if not holds_breath(e)]
    for minutes in (3, 5):
        assert not holds_breath(suggest(catalog, minutes, recent_ids=everything_else))


def test_the_newest_occurrence_counts_for_rotation(catalog) -> None:
    # Done just now and also long ago: it is recent, so it is not offered again.
    first = suggest(catalog, 1)
    others = [e.id for e in catalog.for_minutes(1) if e.id != first.id]
    second = suggest(catalog, 1, recent_ids=[first.id, *others, first.id])
    assert second.id != first.id


def test_recent_zone_is_the_last_check_in_of_the_past_hours() -> None:
    records = [
        _record("a", timedelta(minutes=10)),
        _record("b", timedelta(hours=1), zone_before=Zone.HIGH, zone_after=Zone.LOW),
    ]
    assert recent_zone(records, NOW) is Zone.LOW
    assert recent_zone([_record("b", timedelta(hours=1), zone_before=Zone.HIGH)], NOW) is Zone.HIGH
    assert recent_zone([_record("c", timedelta(hours=4), zone_after=Zone.LOW)], NOW) is None
    assert recent_zone([], NOW) is None


def test_quick_choice_uses_zone_and_history(catalog) -> None:
    first = quick_choice(catalog, 1, [], NOW)
    assert first == suggest(catalog, 1)
    records = [_record(first.id, timedelta(minutes=5), zone_after=Zone.LOW)]
    second = quick_choice(catalog, 1, records, NOW)
    assert second.id != first.id
    assert is_activating(second)


def test_recent_choices_are_distinct_newest_first_at_an_offered_length(catalog) -> None:
    from dataclasses import replace

    from stsdesk.core.suggest import recent_choices

    ids = [e.id for e in catalog.exercises][:3]

    def done(exercise_id: str, minutes: int) -> PracticeRecord:
        return replace(_record(exercise_id, timedelta(hours=1)), minutes_chosen=minutes)

    records = [done(ids[0], 3), done(ids[1], 1), done(ids[0], 5), done("gone", 3), done(ids[2], 9)]
    choices = recent_choices(records, catalog, limit=2)
    assert [(e.id, m) for e, m in choices] == [
        (ids[0], catalog.get(ids[0]).length_for(3)),
        (ids[1], catalog.get(ids[1]).length_for(1)),
    ]
