"""core.reminders: the next reminder from the wall clock, across DST, sleep and holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import cast
from zoneinfo import ZoneInfo

import pytest

from stsdesk.core.exercise import Exercise
from stsdesk.core.reminders import (
    MISSED_KEEP,
    HoldReason,
    Holds,
    Plan,
    Reminder,
    ReminderKind,
    Rules,
    due_after_hold,
    hold,
    next_scheduled,
    next_wake,
    step,
    suggested_practice,
    upcoming,
)
from stsdesk.core.settings import BY_KEY, Settings, format_value, parse_value, validate_values

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
DAILY, BETWEEN, INTERVAL, BUDDY = (
    ReminderKind.DAILY,
    ReminderKind.BETWEEN_CLIENTS,
    ReminderKind.INTERVAL,
    ReminderKind.BUDDY,
)


def rules(zone=NY, **values: object) -> Rules:
    user = {"reminders.enabled": True, **{k.replace("__", "."): v for k, v in values.items()}}
    return Rules.from_settings(Settings(user), zone)


def local(zone, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=zone)


def times(found, zone=NY) -> list[tuple[str, str]]:
    return [(at.astimezone(zone).isoformat(timespec="minutes"), str(r.kind)) for at, r in found]


# --- the schedule -----------------------------------------------------------------------------


def test_off_by_default_and_nothing_when_disabled() -> None:
    off = Rules.from_settings(Settings(), NY)
    assert not off.enabled
    now = local(NY, 2026, 3, 2, 8, 0)
    assert next_scheduled(now, off) is None
    assert next_wake(now, off, Plan(now), Holds()) is None
    assert upcoming(now, off, 5) == []


def test_a_working_day_of_reminders() -> None:
    r = rules(reminders__between_clients_minute=50)
    found = upcoming(local(NY, 2026, 3, 2, 8, 0), r, 9)  # a Monday
    assert times(found) == [
        ("2026-03-02T09:50-05:00", "between-clients"),
        ("2026-03-02T10:50-05:00", "between-clients"),
        ("2026-03-02T11:50-05:00", "between-clients"),
        ("2026-03-02T12:30-05:00", "daily"),
        ("2026-03-02T12:50-05:00", "between-clients"),
        ("2026-03-02T13:50-05:00", "between-clients"),
        ("2026-03-02T14:50-05:00", "between-clients"),
        ("2026-03-02T15:50-05:00", "between-clients"),
        ("2026-03-02T16:50-05:00", "between-clients"),
    ]


def test_weekends_are_skipped_and_the_buddy_day_is_its_own() -> None:
    r = rules(reminders__daily_times=["10:00"], buddy__weekday=6)  # Saturday
    found = upcoming(local(NY, 2026, 3, 6, 11, 0), r, 3)  # a Friday, after 10:00
    assert times(found) == [
        ("2026-03-07T09:00-05:00", "buddy"),  # Saturday: the buddy, at the start of work
        ("2026-03-09T10:00-04:00", "daily"),  # Monday (after the spring change)
        ("2026-03-10T10:00-04:00", "daily"),
    ]


def test_a_buddy_reminder_wins_over_one_at_the_same_time() -> None:
    r = rules(reminders__daily_times=["09:00"], buddy__weekday=1)
    (first,) = upcoming(local(NY, 2026, 3, 2, 8, 0), r, 1)
    assert first[1].kind is BUDDY


def test_interval_counts_from_work_start_a_reminder_and_a_practice() -> None:
    r = rules(reminders__daily_times=[], reminders__every_minutes=90)
    start = local(NY, 2026, 3, 2, 8, 0)
    assert times(upcoming(start, r, 3)) == [
        ("2026-03-02T10:30-05:00", "interval"),
        ("2026-03-02T12:00-05:00", "interval"),
        ("2026-03-02T13:30-05:00", "interval"),
    ]
    practice = local(NY, 2026, 3, 2, 11, 10)
    after = next_scheduled(local(NY, 2026, 3, 2, 11, 15), r, last_practice=practice)
    assert after == Reminder(local(NY, 2026, 3, 2, 12, 40).astimezone(UTC), INTERVAL)
    # The last one fits before 17:00; then the next working day.
    late = next_scheduled(
        local(NY, 2026, 3, 2, 16, 0), r, last_practice=local(NY, 2026, 3, 2, 15, 45)
    )
    assert late is not None
    assert late.at.astimezone(NY) == local(NY, 2026, 3, 3, 10, 30)


def test_a_practice_just_before_makes_a_reminder_moot() -> None:
    r = rules(reminders__between_clients_minute=50)
    found = next_scheduled(
        local(NY, 2026, 3, 2, 10, 0), r, last_practice=local(NY, 2026, 3, 2, 10, 40)
    )
    assert found is not None
    assert found.at.astimezone(NY) == local(NY, 2026, 3, 2, 11, 50)


# --- DST --------------------------------------------------------------------------------------


def test_spring_forward_new_york_a_missing_time_happens_an_hour_later_once() -> None:
    r = rules(reminders__daily_times=["02:30"], reminders__weekdays=[7], reminders__quiet_hours="")
    (found,) = upcoming(local(NY, 2026, 3, 7, 12, 0), r, 1)
    assert found[0].astimezone(NY).isoformat() == "2026-03-08T03:30:00-04:00"


def test_spring_forward_between_clients_no_duplicate_in_the_gap() -> None:
    r = rules(
        reminders__daily_times=[],
        reminders__between_clients_minute=50,
        reminders__working_hours="00:00-06:00",
        reminders__weekdays=[7],
        reminders__quiet_hours="",
    )
    found = upcoming(local(NY, 2026, 3, 8, 0, 0), r, 6)
    assert [a for a, _ in times(found)] == [
        "2026-03-08T00:50-05:00",
        "2026-03-08T01:50-05:00",
        "2026-03-08T03:50-04:00",  # 02:50 does not exist; 03:50 once
        "2026-03-08T04:50-04:00",
        "2026-03-08T05:50-04:00",
        "2026-03-15T00:50-04:00",
    ]


def test_fall_back_new_york_a_repeated_time_happens_once() -> None:
    r = rules(reminders__daily_times=["01:30"], reminders__weekdays=[7], reminders__quiet_hours="")
    found = upcoming(local(NY, 2026, 10, 31, 12, 0), r, 2)
    assert [a for a, _ in times(found)] == ["2026-11-01T01:30-04:00", "2026-11-08T01:30-05:00"]


def test_fall_back_interval_is_real_elapsed_time() -> None:
    r = rules(
        reminders__daily_times=[],
        reminders__every_minutes=60,
        reminders__working_hours="00:00-04:00",
        reminders__weekdays=[7],
        reminders__quiet_hours="",
    )
    found = upcoming(local(NY, 2026, 11, 1, 0, 0), r, 4)
    # 00:00 EDT + 1 h steps: 01:00 EDT, 01:00 EST (the hour repeats), 02:00 EST, 03:00 EST.
    assert [a for a, _ in times(found)] == [
        "2026-11-01T01:00-04:00",
        "2026-11-01T01:00-05:00",
        "2026-11-01T02:00-05:00",
        "2026-11-01T03:00-05:00",
    ]


@pytest.mark.parametrize(
    ("day", "offset"), [(date(2026, 3, 27), "+01:00"), (date(2026, 3, 30), "+02:00")]
)
def test_berlin_daily_time_keeps_the_wall_clock(day: date, offset: str) -> None:
    r = rules(BERLIN, reminders__daily_times=["12:30"])
    (found,) = upcoming(datetime.combine(day, time(8), tzinfo=BERLIN), r, 1)
    assert found[0].astimezone(BERLIN).isoformat() == f"{day.isoformat()}T12:30:00{offset}"


def test_berlin_quiet_hours_over_the_autumn_change() -> None:
    r = rules(
        BERLIN,
        reminders__daily_times=["23:00"],
        reminders__weekdays=[6],
        reminders__quiet_hours="22:00-07:00",
    )
    # Saturday 24 October 2026 23:00 is quiet; the night is 25 hours long (clocks go back).
    found = upcoming(datetime(2026, 10, 24, 20, 0, tzinfo=BERLIN), r, 1)
    (at, reminder) = found[0]
    assert at.astimezone(BERLIN).isoformat() == "2026-10-25T07:00:00+01:00"
    assert reminder.gentle
    assert reminder.kind is DAILY
    assert at - reminder.at == timedelta(hours=9)


# --- holds, sleep and absence -----------------------------------------------------------------


def test_quiet_hours_over_midnight_hold_and_then_offer_once() -> None:
    r = rules(reminders__daily_times=["22:30", "23:30"], reminders__quiet_hours="22:00-07:00")
    evening = local(NY, 2026, 3, 3, 21, 0)
    plan, holds = Plan(evening), Holds()
    shown = []
    wake = next_wake(evening, r, plan, holds)
    while wake is not None and wake < local(NY, 2026, 3, 4, 9, 0):
        assert hold(wake, r, holds) is None or step(wake, r, plan, holds)[0] is None
        reminder, plan = step(wake, r, plan, holds)
        if reminder:
            shown.append((wake.astimezone(NY), reminder))
        wake = next_wake(wake, r, plan, holds)
    assert [(at.isoformat(), rem.kind, rem.gentle) for at, rem in shown] == [
        ("2026-03-04T07:00:00-05:00", DAILY, True),
    ]
    assert shown[0][1].at.astimezone(NY) == local(NY, 2026, 3, 3, 23, 30)


def test_quiet_hours_that_span_midnight_cover_both_sides() -> None:
    r = rules(reminders__quiet_hours="22:00-07:00")
    assert hold(local(NY, 2026, 3, 3, 23, 59), r, Holds()).reasons == (HoldReason.QUIET_HOURS,)
    early = hold(local(NY, 2026, 3, 4, 6, 59), r, Holds())
    assert early is not None
    assert early.until == local(NY, 2026, 3, 4, 7, 0)
    assert hold(local(NY, 2026, 3, 4, 7, 0), r, Holds()) is None
    assert hold(local(NY, 2026, 3, 3, 21, 59), r, Holds()) is None


def test_laptop_asleep_over_a_reminder_shows_it_once_on_waking() -> None:
    r = rules(reminders__between_clients_minute=50)
    plan = Plan(local(NY, 2026, 3, 2, 12, 0))  # lid closed at 12:00, opened at 13:20
    woke = local(NY, 2026, 3, 2, 13, 20)
    assert next_wake(woke, r, plan, Holds()) == woke.astimezone(UTC)
    reminder, plan = step(woke, r, plan, Holds())
    assert reminder is not None
    assert reminder.kind is BETWEEN
    assert reminder.at.astimezone(NY) == local(NY, 2026, 3, 2, 12, 50)
    again, plan = step(woke + timedelta(seconds=1), r, plan, Holds())
    assert again is None
    assert next_wake(woke, r, plan, Holds()) == local(NY, 2026, 3, 2, 13, 50)


def test_after_a_long_absence_at_most_one_and_never_a_stale_one() -> None:
    r = rules(reminders__between_clients_minute=50, reminders__every_minutes=30)
    plan = Plan(local(NY, 2026, 1, 5, 9, 0))
    back = local(NY, 2026, 2, 16, 11, 0)  # six weeks later, a Monday morning
    reminder, plan = step(back, r, plan, Holds())
    assert reminder is not None
    assert back - reminder.at <= MISSED_KEEP
    assert step(back, r, plan, Holds())[0] is None
    # Back on a Monday at 08:00: the last missed ones were on Friday, long ago.
    plan = Plan(local(NY, 2026, 1, 5, 9, 0))
    assert step(local(NY, 2026, 2, 16, 8, 0), r, plan, Holds())[0] is None


def test_missed_between_clients_is_not_shown_after_work() -> None:
    r = rules(reminders__daily_times=[], reminders__between_clients_minute=50)
    plan = Plan(local(NY, 2026, 3, 2, 16, 0))
    assert step(local(NY, 2026, 3, 2, 17, 30), r, plan, Holds())[0] is None


def test_due_after_hold_is_one_gentle_offer() -> None:
    at = [local(NY, 2026, 3, 2, h, 50).astimezone(UTC) for h in (10, 11, 12)]
    held = [Reminder(a, BETWEEN) for a in at] + [Reminder(at[0], BUDDY)]
    offer = due_after_hold(held, local(NY, 2026, 3, 2, 13, 0))
    assert offer == Reminder(at[0], BUDDY, gentle=True)
    offer = due_after_hold(held[:3], local(NY, 2026, 3, 2, 13, 0))
    assert offer == Reminder(at[2], BETWEEN, gentle=True)
    practised = local(NY, 2026, 3, 2, 12, 55)
    assert due_after_hold(held[:3], local(NY, 2026, 3, 2, 13, 0), practised) is None
    assert due_after_hold([], local(NY, 2026, 3, 2, 13, 0)) is None


def test_a_session_holds_everything_then_one_offer_when_it_ends() -> None:
    r = rules(reminders__between_clients_minute=50, reminders__every_minutes=20)
    start = local(NY, 2026, 3, 2, 9, 55)
    holds = Holds(session_until=local(NY, 2026, 3, 2, 12, 0))
    plan, shown = Plan(start), []
    wake = next_wake(start, r, plan, holds)
    while wake is not None and wake < local(NY, 2026, 3, 2, 12, 0):
        reminder, plan = step(wake, r, plan, holds)
        shown.append(reminder)
        wake = next_wake(wake, r, plan, holds)
    assert len(shown) > 4
    assert set(shown) == {None}
    assert plan.pending is not None
    assert wake == local(NY, 2026, 3, 2, 12, 0)  # the wake at the session's end
    holds = Holds()
    assert next_wake(wake, r, plan, holds) == wake
    reminder, plan = step(wake, r, plan, holds)
    assert reminder is not None
    assert reminder.gentle
    assert step(wake, r, plan, holds)[0] is None


@pytest.mark.parametrize("flag", ["do_not_disturb", "full_screen"])
def test_an_external_flag_holds_with_no_wake_for_its_end(flag: str) -> None:
    r = rules(reminders__daily_times=["12:30"])
    holds = Holds(**{flag: True})
    noon = local(NY, 2026, 3, 2, 12, 30)
    reminder, plan = step(noon, r, Plan(noon - timedelta(minutes=1)), holds)
    assert reminder is None
    assert plan.pending is not None
    assert hold(noon, r, holds).until is None
    # Only tomorrow's daily time to wake for; the flag's end is told by the UI.
    assert next_wake(noon, r, plan, holds) == local(NY, 2026, 3, 3, 12, 30)
    assert next_wake(noon, r, plan, Holds()) == noon.astimezone(UTC)


def test_a_snoozed_reminder_comes_back_once() -> None:
    r = rules(reminders__daily_times=["12:30"])
    noon = local(NY, 2026, 3, 2, 12, 30)
    reminder, plan = step(noon, r, Plan(noon - timedelta(minutes=1)), Holds())
    assert reminder is not None
    plan = Plan(
        noon, last_reminder=noon, snoozed=reminder, snoozed_until=noon + timedelta(minutes=10)
    )
    wake = next_wake(noon, r, plan, Holds())
    assert wake == noon + timedelta(minutes=10)
    early, plan = step(wake - timedelta(seconds=5), r, plan, Holds())  # a timer firing early
    assert early is None
    assert plan.snoozed is not None
    again, plan = step(wake, r, plan, Holds())
    assert again == reminder
    assert plan.snoozed is None


def test_times_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_scheduled(datetime(2026, 3, 2, 9, 0), rules())


# --- the suggestion ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Practice:
    """Just what the suggestion reads of an ``Exercise``."""

    id: str
    lengths: tuple[int, ...]
    tags: frozenset[str] = frozenset()
    discreet = property(lambda self: "discreet" in self.tags)
    eyes_closed = property(lambda self: "eyes-closed" in self.tags)
    needs_audio = property(lambda self: "needs-audio" in self.tags)
    movement = property(lambda self: "movement" in self.tags)


def _exercise(exercise_id: str, lengths: tuple[int, ...], *tags: str) -> Exercise:
    return cast(Exercise, _Practice(exercise_id, lengths, frozenset(tags)))


def test_the_suggestion_is_the_shortest_eyes_open_practice() -> None:
    pool = [
        _exercise("body-scan", (1, 5), "eyes-closed"),
        _exercise("walk", (1,), "movement"),
        _exercise("grounding", (2, 3), "discreet"),
        _exercise("breath", (1, 3), "discreet"),
        _exercise("pause", (1,)),
    ]
    assert [(e.id, m) for e, m in [suggested_practice(pool)]] == [("breath", 1)]
    recent = suggested_practice([*pool, _exercise("another", (1,), "discreet")], None, ["breath"])
    assert recent is not None
    assert recent[0].id == "another"
    assert suggested_practice(pool[:1]) is None


# --- the settings keys --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("reminders.daily_times", ["15:00", "08:05", "15:00"], ("08:05", "15:00")),
        ("reminders.daily_times", [], ()),
        ("reminders.working_hours", " 22:00-06:00 ", "22:00-06:00"),
        ("reminders.quiet_hours", "", ""),
        ("reminders.between_clients_minute", -1, -1),
        ("reminders.every_minutes", 0, 0),
        ("buddy.weekday", 7, 7),
        ("buddy.name", "Sam Okafor", "Sam Okafor"),
    ],
)
def test_reminder_settings_accept(key: str, value: object, expected: object) -> None:
    good, problems = validate_values({key: value})
    assert problems == []
    assert good == {key: expected}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("reminders.daily_times", ["7:5"]),
        ("reminders.daily_times", "12:30"),
        ("reminders.daily_times", [f"{h:02}:00" for h in range(13)]),
        ("reminders.working_hours", "09:00-09:00"),
        ("reminders.working_hours", "09:00"),
        ("reminders.quiet_hours", 22),
        ("reminders.between_clients_minute", 60),
        ("reminders.every_minutes", 10),
        ("reminders.weekdays", [0, 1]),
        ("reminders.in_session_minutes", 1),
        ("buddy.weekday", 8),
        ("buddy.name", "Sam\nOkafor"),
        ("buddy.name", "x" * 61),
    ],
)
def test_reminder_settings_refuse_with_one_reason(key: str, value: object) -> None:
    good, problems = validate_values({key: value})
    assert good == {}
    (problem,) = problems
    assert problem.startswith(f"{key}: ")


def test_typed_values_read_back_as_written() -> None:
    for key, text in [
        ("reminders.daily_times", "08:30,12:30"),
        ("reminders.weekdays", "1,2,3"),
        ("reminders.enabled", "true"),
        ("reminders.every_minutes", "90"),
        ("reminders.quiet_hours", "21:00-07:00"),
    ]:
        setting = BY_KEY[key]
        assert format_value(setting, parse_value(setting, text)) == text
