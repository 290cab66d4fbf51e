"""The ReminderPlanner on a fake clock: snooze, skip, sessions, flags, practices, rules."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from stsdesk.application.reminders import ReminderPlanner, last_practice_time
from stsdesk.core.catalog import load_catalog
from stsdesk.core.ports import MemoryPracticeLog
from stsdesk.core.practice import manual_record
from stsdesk.core.reminders import HoldReason, ReminderKind, Rules, hold
from stsdesk.core.settings import Settings
from stsdesk.infra.resources import builtin_pack

NY = ZoneInfo("America/New_York")


def rules(**values: object) -> Rules:
    user = {"reminders.enabled": True, **{k.replace("__", "."): v for k, v in values.items()}}
    return Rules.from_settings(Settings(user), NY)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NY)


def test_fire_snooze_and_skip() -> None:
    planner = ReminderPlanner(rules(), at(2, 8))  # daily at 12:30 on weekdays
    changes: list[None] = []
    planner.changed.connect(changes.append)
    assert planner.next_wake(at(2, 8)) == at(2, 12, 30)
    assert planner.fire(at(2, 12, 29)) is None  # the timer fired early: nothing yet
    reminder = planner.fire(at(2, 12, 30))
    assert reminder is not None
    assert reminder.kind is ReminderKind.DAILY
    assert planner.showing == reminder
    planner.snooze(at(2, 12, 31))
    assert planner.showing is None
    assert planner.next_wake(at(2, 12, 31)) == at(2, 12, 41)
    assert planner.fire(at(2, 12, 41)) == reminder
    planner.skip(at(2, 12, 42))
    assert planner.showing is None
    assert planner.next_wake(at(2, 12, 42)) == at(3, 12, 30)
    assert len(changes) == 2


def test_in_session_holds_and_ends_by_itself_with_one_offer() -> None:
    planner = ReminderPlanner(rules(reminders__between_clients_minute=50), at(2, 9, 0))
    changes: list[None] = []
    planner.changed.connect(changes.append)
    until = planner.start_session(at(2, 9, 10))  # 50 minutes by default
    assert until == at(2, 10, 0)
    assert planner.in_session(at(2, 9, 30))
    assert planner.next_wake(at(2, 9, 10)) == at(2, 9, 50)
    assert planner.fire(at(2, 9, 50)) is None  # held
    assert planner.next_wake(at(2, 9, 50)) == at(2, 10, 0)
    offer = planner.fire(at(2, 10, 0))
    assert offer is not None
    assert offer.gentle
    assert offer.kind is ReminderKind.BETWEEN_CLIENTS
    assert not planner.in_session(at(2, 10, 0))
    assert planner.session_until is None
    assert len(changes) == 2  # started, and ended by itself


def test_a_reminder_on_screen_waits_for_the_session() -> None:
    planner = ReminderPlanner(rules(), at(2, 12, 0))
    assert planner.fire(at(2, 12, 30)) is not None
    planner.start_session(at(2, 12, 31), minutes=30)
    assert planner.showing is None
    assert planner.fire(at(2, 12, 45)) is None
    planner.end_session(at(2, 12, 50))
    assert planner.next_wake(at(2, 12, 50)) == at(2, 12, 50)
    offer = planner.fire(at(2, 12, 50))
    assert offer is not None
    assert offer.gentle
    assert planner.fire(at(2, 12, 51)) is None


@pytest.mark.parametrize("kind", [HoldReason.DO_NOT_DISTURB, HoldReason.FULL_SCREEN])
def test_external_flags_hold_and_release_one_offer(kind: HoldReason) -> None:
    planner = ReminderPlanner(rules(reminders__between_clients_minute=50), at(2, 9, 0))
    planner.set_external_hold(kind, True)
    assert planner.external_hold(kind)
    assert planner.hold(at(2, 9, 0)).reasons == (kind,)
    for hour in (9, 10, 11):
        assert planner.fire(at(2, hour, 50)) is None
    planner.set_external_hold(kind, False)
    assert planner.next_wake(at(2, 12, 5)) == at(2, 12, 5)
    offer = planner.fire(at(2, 12, 5))
    assert offer is not None
    assert offer.gentle
    assert planner.fire(at(2, 12, 6)) is None
    with pytest.raises(ValueError, match="not a flag"):
        planner.set_external_hold(HoldReason.SESSION, True)


def test_a_practice_resets_the_interval_and_answers_a_held_reminder() -> None:
    planner = ReminderPlanner(
        rules(reminders__every_minutes=60, reminders__daily_times=[]), at(2, 9)
    )
    assert planner.next_wake(at(2, 9)) == at(2, 10)
    planner.practice_done(at(2, 9, 40))
    assert planner.next_wake(at(2, 9, 40)) == at(2, 10, 40)
    planner.start_session(at(2, 10, 30))
    assert planner.fire(at(2, 10, 40)) is None  # held
    planner.practice_done(at(2, 11, 5))  # done meanwhile: nothing to offer afterwards
    assert planner.fire(at(2, 11, 20)) is None
    assert planner.next_wake(at(2, 11, 20)) == at(2, 12, 5)


def test_rules_changed_while_a_reminder_is_pending() -> None:
    planner = ReminderPlanner(rules(reminders__between_clients_minute=50), at(2, 9))
    planner.set_external_hold(HoldReason.DO_NOT_DISTURB, True)
    assert planner.fire(at(2, 9, 50)) is None
    assert planner.plan.pending is not None
    # Between-clients turned off and a daily time moved earlier: the held one is dropped and
    # the new earlier time is not fired late.
    planner.set_rules(rules(reminders__daily_times=["10:00"]), at(2, 10, 30))
    assert planner.plan.pending is None
    planner.set_external_hold(HoldReason.DO_NOT_DISTURB, False)
    assert planner.fire(at(2, 10, 30)) is None
    assert planner.next_wake(at(2, 10, 30)) == at(3, 10, 0)
    # A held daily reminder survives a change of its time; turning reminders off drops all.
    planner.set_external_hold(HoldReason.DO_NOT_DISTURB, True)
    assert planner.fire(at(3, 10, 0)) is None
    planner.set_rules(rules(reminders__daily_times=["15:00"]), at(3, 10, 5))
    assert planner.plan.pending is not None
    planner.set_rules(Rules.from_settings(Settings(), NY), at(3, 10, 6))
    planner.set_external_hold(HoldReason.DO_NOT_DISTURB, False)
    assert planner.next_wake(at(3, 10, 6)) is None
    assert planner.fire(at(3, 10, 6)) is None


def test_last_practice_comes_from_the_log() -> None:
    journal = MemoryPracticeLog()
    assert last_practice_time(journal) is None
    record = manual_record(
        exercise_id="x",
        title="X",
        family="grounding",
        minutes=3,
        started=at(2, 9).astimezone(UTC),
        zone="America/New_York",
    )
    journal.add(record)
    end = last_practice_time(journal)
    assert end == record.started_at + timedelta(seconds=record.practiced_seconds)


def test_the_suggestion_from_the_built_in_catalogue() -> None:
    catalog = load_catalog([builtin_pack()])
    planner = ReminderPlanner(rules(), at(2, 9), exercises=catalog.exercises)
    found = planner.suggestion()
    assert found is not None
    exercise, minutes = found
    assert minutes == 1
    assert not exercise.eyes_closed
    assert exercise.discreet
    assert planner.suggestion(minutes=0) is None


def _soak(days: int, seed: int) -> None:
    """A planner on a fake clock for ``days``: sessions, flags, sleeps, snoozes, practices."""
    r = rules(
        reminders__between_clients_minute=50,
        reminders__daily_times=["08:15", "12:30"],
        buddy__weekday=3,
    )
    rng = random.Random(seed)
    now = at(1, 0, month=1)
    end = now + timedelta(days=days)
    planner = ReminderPlanner(r, now)
    shown: list[datetime] = []
    due_times: list[datetime] = []
    while now < end:
        wake = planner.next_wake(now)
        assert wake is not None
        assert wake >= now
        # Sometimes the machine sleeps past the wake; timers fire up to a minute late.
        if rng.random() < 0.03:
            wake += timedelta(hours=rng.choice([1, 3, 14]))
        now = min(wake + timedelta(seconds=rng.randint(0, 60)), end)
        if rng.random() < 0.3:
            planner.set_external_hold(HoldReason.DO_NOT_DISTURB, False)
        held = planner.hold(now)
        reminder = planner.fire(now)
        if reminder is None:
            continue
        assert held is None or held.reasons == (HoldReason.SESSION,)  # a session just ended
        assert hold(now, r, planner._holds) is None
        assert reminder.at <= now
        if shown:
            assert now - shown[-1] >= timedelta(minutes=10) or reminder.gentle
        shown.append(now)
        due_times.append(reminder.at)
        action = rng.random()
        if action < 0.2:
            planner.snooze(now)
        elif action < 0.3:
            planner.practice_done(now + timedelta(minutes=3))
            planner.skip(now)
        elif action < 0.5:
            planner.start_session(now)
        elif action < 0.55:
            planner.set_external_hold(HoldReason.DO_NOT_DISTURB, True)
        else:
            planner.skip(now)
    per_day: dict[object, set[datetime]] = {}
    for due in due_times:
        per_day.setdefault(due.astimezone(NY).date(), set()).add(due)
    # Beyond snoozes coming back: 8 between clients, 2 daily times and the buddy, at most.
    assert max(len(due) for due in per_day.values()) <= 11
    assert len(shown) >= days * 0.5


def test_a_day_of_reminders_on_a_fake_clock() -> None:
    _soak(days=2, seed=1)


@pytest.mark.slow
def test_a_year_of_reminders_on_a_fake_clock() -> None:
    _soak(days=366, seed=2026)
