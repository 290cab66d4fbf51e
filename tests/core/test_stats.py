"""Streaks, consistency and the other numbers, with an explicit today (R13)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from stsdesk.core.days import stamp
from stsdesk.core.messages import Message
from stsdesk.core.records import PracticeRecord
from stsdesk.core.stats import (
    Change,
    Length,
    Stats,
    StatsSettings,
    Summary,
    WhatHelps,
    compute,
    from_summary,
    kind_messages,
    length_message,
)

DEFAULT = StatsSettings()


def practice(
    utc: str,
    zone: str = "America/Los_Angeles",
    *,
    exercise_id: str = "box",
    title: str = "Box breathing",
    family: str = "breathing",
    seconds: float = 300,
    before: int | None = None,
    after: int | None = None,
) -> PracticeRecord:
    """A practice that started at the UTC instant ``utc``, stamped in ``zone``."""
    started_at, local_day = stamp(datetime.fromisoformat(utc).replace(tzinfo=UTC), zone)
    return PracticeRecord(
        exercise_id=exercise_id,
        exercise_title=title,
        family=family,
        minutes_chosen=seconds / 60,
        started_at=started_at,
        time_zone=zone,
        local_day=local_day,
        practiced_seconds=seconds,
        completed=True,
        distress_before=before,
        distress_after=after,
    )


def on_days(*days: str, hour: int = 12) -> list[PracticeRecord]:
    """One practice at ``hour`` local time (UTC here) on each ISO day."""
    return [practice(f"{day}T{hour:02d}:00", "UTC") for day in days]


def days_from(first: str, count: int, *, skip: tuple[int, ...] = ()) -> list[str]:
    start = date.fromisoformat(first)
    return [(start + timedelta(days=n)).isoformat() for n in range(count) if n not in skip]


# R13, pinned from RELIABILITY.md §2.11: (practices as (UTC instant, zone), local days, streak).
SECTION_2_11 = {
    "around midnight": (
        [("2026-01-15T07:59", "America/Los_Angeles"), ("2026-01-15T08:01", "America/Los_Angeles")],
        ["2026-01-14", "2026-01-15"],
    ),
    "spring forward": (
        [("2026-03-08T06:00", "America/Los_Angeles"), ("2026-03-08T10:30", "America/Los_Angeles")],
        ["2026-03-07", "2026-03-08"],
    ),
    "first midnight in PDT": (
        [("2026-03-09T06:30", "America/Los_Angeles"), ("2026-03-09T07:30", "America/Los_Angeles")],
        ["2026-03-08", "2026-03-09"],
    ),
    "fall back, 01:30 twice": (
        [
            ("2026-11-01T06:30", "America/Los_Angeles"),
            ("2026-11-01T08:30", "America/Los_Angeles"),
            ("2026-11-01T09:30", "America/Los_Angeles"),
        ],
        ["2026-10-31", "2026-11-01"],
    ),
    "last midnight in PDT": (
        [("2026-11-01T06:30", "America/Los_Angeles"), ("2026-11-01T07:30", "America/Los_Angeles")],
        ["2026-10-31", "2026-11-01"],
    ),
    "New York, then Los Angeles": (
        [
            ("2026-06-11T03:30", "America/New_York"),
            ("2026-06-11T04:00", "America/Los_Angeles"),
            ("2026-06-11T15:00", "America/Los_Angeles"),
        ],
        ["2026-06-10", "2026-06-11"],
    ),
    "Tokyo, then Honolulu (the local date goes backwards)": (
        [
            ("2026-06-09T11:00", "Asia/Tokyo"),
            ("2026-06-10T23:00", "Asia/Tokyo"),
            ("2026-06-11T05:00", "Pacific/Honolulu"),
        ],
        ["2026-06-09", "2026-06-10", "2026-06-11"],
    ),
    "new year": (
        [("2027-01-01T07:59", "America/Los_Angeles"), ("2027-01-01T08:00", "America/Los_Angeles")],
        ["2026-12-31", "2027-01-01"],
    ),
    "leap day": (
        [
            ("2028-02-28T20:00", "America/Los_Angeles"),
            ("2028-02-29T20:00", "America/Los_Angeles"),
            ("2028-03-01T20:00", "America/Los_Angeles"),
        ],
        ["2028-02-28", "2028-02-29", "2028-03-01"],
    ),
}


@pytest.mark.parametrize(("practices", "days"), SECTION_2_11.values(), ids=SECTION_2_11.keys())
def test_streaks_across_midnight_dst_and_travel(practices, days) -> None:
    records = [practice(utc, zone) for utc, zone in practices]
    assert sorted({r.local_day.isoformat() for r in records}) == days
    today = date.fromisoformat(days[-1])
    stats = compute(records, today, DEFAULT)
    assert stats.current_streak == stats.longest_streak == len(days)
    assert stats.days_last_7 == len(days)
    # A day later, not yet practised: the streak is still alive.
    assert compute(records, today + timedelta(days=1), DEFAULT).current_streak == len(days)


def test_today_not_yet_practised_does_not_break_the_streak() -> None:
    records = on_days("2026-05-01", "2026-05-02", "2026-05-03")
    assert compute(records, date(2026, 5, 4), DEFAULT).current_streak == 3
    assert compute(records, date(2026, 5, 5), DEFAULT).current_streak == 0
    assert compute(records, date(2026, 5, 5), DEFAULT).longest_streak == 3


def test_a_missed_day_ends_a_run_and_the_longest_is_remembered() -> None:
    records = on_days(*days_from("2026-04-01", 10), *days_from("2026-04-13", 3))
    stats = compute(records, date(2026, 4, 15), DEFAULT)
    assert (stats.current_streak, stats.longest_streak) == (3, 10)


def test_the_day_boundary_keeps_a_night_shift_in_one_day() -> None:
    # 23:00 on 4 May and 01:30 on 6 May (UTC): with days starting at 04:00 the second
    # counts for 5 May, so the run is unbroken.
    records = [practice("2026-05-04T23:00", "UTC"), practice("2026-05-06T01:30", "UTC")]
    late = StatsSettings(day_boundary_hour=4)
    assert compute(records, date(2026, 5, 5), late).current_streak == 2
    assert compute(records, date(2026, 5, 6), DEFAULT).current_streak == 1
    assert list(compute(records, date(2026, 5, 5), late).calendar) == [
        date(2026, 5, 4),
        date(2026, 5, 5),
    ]


def test_rest_weekdays_neither_break_nor_extend_a_streak() -> None:
    # Rest on Saturday (6) and Sunday (7); 2026-05-08 is a Friday.
    rest = StatsSettings(rest_weekdays=frozenset({6, 7}))
    records = on_days("2026-05-07", "2026-05-08", "2026-05-11")  # Thu, Fri, Mon
    assert compute(records, date(2026, 5, 11), rest).current_streak == 3
    assert compute(records, date(2026, 5, 11), DEFAULT).current_streak == 1
    # Practising on a rest day still counts as a practice day.
    weekend = on_days("2026-05-08", "2026-05-09", "2026-05-11")
    assert compute(weekend, date(2026, 5, 11), rest).current_streak == 3


def test_vacations_neither_break_nor_extend_a_streak() -> None:
    away = StatsSettings(vacations=((date(2026, 7, 3), date(2026, 7, 19)),))
    records = on_days("2026-07-01", "2026-07-02", "2026-07-20")
    stats = compute(records, date(2026, 7, 21), away)
    assert (stats.current_streak, stats.longest_streak) == (3, 3)
    assert compute(records, date(2026, 7, 21), DEFAULT).current_streak == 1
    # Still away today: nothing is broken either.
    assert compute(records[:2], date(2026, 7, 10), away).current_streak == 2


def test_a_practice_stamped_in_the_future_counts_as_today() -> None:
    """After a clock was fixed: no crash, no broken streak, nothing hidden."""
    records = on_days("2026-05-01", "2026-05-02", "2026-05-09")
    stats = compute(records, date(2026, 5, 3), DEFAULT)
    assert stats.current_streak == 3
    assert stats.calendar[date(2026, 5, 3)] == 5
    assert stats.total_sessions == 3


def test_windows_totals_and_weeks() -> None:
    grounding = practice("2026-03-12T09:00", "UTC", seconds=90, family="grounding", exercise_id="g")
    records = [*on_days(*days_from("2026-02-01", 40)), grounding]
    stats = compute(records, date(2026, 3, 12), DEFAULT, weeks=3)
    assert stats.days_last_7 == 7
    assert stats.days_last_30 == 30
    assert stats.total_sessions == 41
    assert stats.total_minutes == 40 * 5 + 1.5
    assert stats.by_family == {"breathing": 40, "grounding": 1}
    # ISO weeks starting Mondays 23 Feb, 2 Mar and 9 Mar (today is Thursday 12 March).
    assert stats.minutes_per_week == (
        (date(2026, 2, 23), 35.0),
        (date(2026, 3, 2), 35.0),
        (date(2026, 3, 9), 5 * 4 + 1.5),
    )


def test_the_calendar_covers_the_last_365_days() -> None:
    records = on_days("2025-03-12", "2025-03-13", "2026-03-12")
    calendar = compute(records, date(2026, 3, 12), DEFAULT).calendar
    assert list(calendar) == [date(2025, 3, 13), date(2026, 3, 12)]


def test_what_helps_averages_the_change_per_exercise() -> None:
    records = [
        practice("2026-05-01T12:00", exercise_id="box", title="Box", before=7, after=4),
        practice("2026-05-02T12:00", exercise_id="box", title="Box breathing", before=6, after=4),
        practice("2026-05-03T12:00", exercise_id="box", before=5),  # not rated after
        practice("2026-05-03T13:00", exercise_id="ground", title="Grounding", before=3, after=3),
        practice("2026-05-04T12:00", exercise_id="walk", title="Walk"),
    ]
    stats = compute(records, date(2026, 5, 4), DEFAULT)
    assert stats.what_helps == (
        WhatHelps("box", "Box breathing", count=2, mean_change=-2.5),
        WhatHelps("ground", "Grounding", count=1, mean_change=0.0),
    )


def test_what_helps_shows_every_practice_ranked_by_how_much_evidence_there_is() -> None:
    lucky = [practice("2026-05-01T12:00", exercise_id="once", title="Once", before=8, after=2)]
    steady = [
        practice(f"2026-05-0{day}T13:00", exercise_id="six", title="Six", before=5, after=4)
        for day in range(1, 7)
    ]
    rose = [
        practice(f"2026-05-0{day}T14:00", exercise_id="up", title="Up", before=3, after=5)
        for day in (1, 2)
    ]
    helps = compute(lucky + steady + rose, date(2026, 5, 6), DEFAULT).what_helps
    assert [(item.title, item.count, item.change) for item in helps] == [
        ("Six", 6, Change.EASED),  # six runs rank above one, however good that one was
        ("Up", 2, Change.ROSE),  # distress rose: shown, not left out
        ("Once", 1, Change.EASED),
    ]


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (2, Message.of(Length.SECONDS, seconds=2)),  # a 2-second run is not "1 min"
        (0.2, Message.of(Length.SECONDS, seconds=0)),
        (59.4, Message.of(Length.SECONDS, seconds=59)),
        (59.6, Message.of(Length.MINUTES, minutes=1)),
        (300, Message.of(Length.MINUTES, minutes=5)),
    ],
)
def test_a_length_under_a_minute_is_given_in_seconds(seconds, said) -> None:
    assert length_message(seconds) == said


def test_consistency_waits_for_two_weeks_of_history() -> None:
    today = date(2026, 5, 5)
    assert compute([], today, DEFAULT).consistency is None
    assert compute(on_days("2026-05-05"), today, DEFAULT).consistency is None  # not 100/100
    assert compute(on_days(*days_from("2026-04-23", 13)), today, DEFAULT).consistency is None
    assert compute(on_days(*days_from("2026-04-22", 14)), today, DEFAULT).consistency == 100
    assert compute(on_days("2026-05-05"), today, DEFAULT).to_json()["consistency"] is None


def test_hidden_streaks_are_absent_everywhere() -> None:
    hidden = StatsSettings(hide_streaks=True)
    stats = compute(on_days(*days_from("2026-05-01", 5)), date(2026, 5, 5), hidden)
    assert (stats.current_streak, stats.longest_streak) == (None, None)
    assert "kind.in_a_row" not in [m.id for m in kind_messages(stats)]
    numbers = stats.to_json()
    assert numbers["current_streak"] is None
    assert numbers["longest_streak"] is None


def test_to_json_has_the_documented_keys() -> None:
    numbers = compute(on_days("2026-05-01"), date(2026, 5, 1), DEFAULT).to_json()
    for key in (
        "current_streak",
        "longest_streak",
        "days_last_7",
        "days_last_30",
        "total_sessions",
        "total_minutes",
        "by_family",
        "what_helps",
        "consistency",
        "minutes_per_week",
        "calendar",
    ):
        assert key in numbers
    assert numbers["calendar"] == {"2026-05-01": 5.0}


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (days_from("2026-04-08", 28), 100),  # every day
        (days_from("2026-04-08", 28, skip=(2, 9, 16, 23)), 100),  # one missed day a week
        (days_from("2026-04-08", 28, skip=(2, 3, 9, 10, 16, 17, 23, 24)), 83),  # two a week
        (days_from("2026-04-22", 14), 100),  # started two weeks ago, every day since
    ],
)
def test_consistency_forgives_one_missed_day_a_week(days, expected) -> None:
    assert compute(on_days(*days), date(2026, 5, 5), DEFAULT).consistency == expected


def test_consistency_rewards_spread_over_bunching() -> None:
    today = date(2026, 5, 5)
    history = on_days("2026-03-01")  # practice began well before the window
    spread = history + on_days(*days_from("2026-04-08", 28)[::2])  # 14 days, every other day
    bunched = history + on_days(*days_from("2026-04-08", 14))  # the same 14, then nothing
    spread_score = compute(spread, today, DEFAULT).consistency
    assert spread_score > compute(bunched, today, DEFAULT).consistency


def test_consistency_leaves_out_rest_days_and_vacations() -> None:
    weekdays_only = [d for d in days_from("2026-04-08", 28) if date.fromisoformat(d).weekday() < 5]
    rest = StatsSettings(rest_weekdays=frozenset({6, 7}))
    assert compute(on_days(*weekdays_only), date(2026, 5, 5), rest).consistency == 100
    away = StatsSettings(vacations=((date(2026, 4, 1), date(2026, 5, 5)),))
    assert compute(on_days("2026-03-01"), date(2026, 5, 5), away).consistency == 100


@pytest.mark.parametrize(
    ("days", "today", "said"),
    [
        ([], "2026-05-05", [("kind.empty", {})]),
        (["2026-05-01", "2026-05-03", "2026-05-04", "2026-05-05"], "2026-05-05",
         [("kind.last_7", {"days": 4}), ("kind.in_a_row", {"days": 3})]),
        (["2026-04-20", "2026-04-22", "2026-05-02"], "2026-05-05",
         [("kind.last_7", {"days": 1}), ("kind.last_30", {"days": 3})]),
        (["2026-03-01"], "2026-05-05", [("kind.welcome_back", {"practices": 1})]),
    ],
)  # fmt: skip
def test_kind_messages_encourage(days, today, said) -> None:
    messages = kind_messages(compute(on_days(*days), date.fromisoformat(today), DEFAULT))
    assert [(m.id, dict(m.args)) for m in messages] == said


def test_from_summary_of_nothing_is_all_zero() -> None:
    stats = from_summary(Summary(), date(2026, 5, 5), DEFAULT)
    assert isinstance(stats, Stats)
    assert (stats.current_streak, stats.longest_streak, stats.total_minutes) == (0, 0, 0)
    assert stats.calendar == {}


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"day_boundary_hour": 24}, "between 0 and 23"),
        ({"rest_weekdays": frozenset({0})}, "1 \\(Monday\\) to 7"),
        ({"vacations": ((date(2026, 5, 5), date(2026, 5, 1)),)}, "ends"),
    ],
)
def test_settings_are_checked(settings, problem) -> None:
    with pytest.raises(ValueError, match=problem):
        StatsSettings(**settings)


@pytest.mark.parametrize(
    ("clock", "boundary", "expected"),
    [
        ("00:20", 0, "hello"),  # not "Good morning" just after midnight
        ("04:59", 0, "hello"),
        ("05:00", 0, "morning"),
        ("11:59", 0, "morning"),
        ("12:00", 0, "afternoon"),
        ("18:00", 0, "evening"),
        ("00:20", 4, "evening"),  # a night shift: the day has not ended before 04:00
        ("03:59", 4, "evening"),
        ("04:00", 4, "hello"),
        ("07:00", 6, "morning"),
    ],
)
def test_the_greeting_follows_the_persons_day(clock: str, boundary: int, expected: str) -> None:
    from stsdesk.core.stats import greeting_for

    now = datetime.fromisoformat(f"2026-12-02T{clock}")
    assert greeting_for(now, boundary) == expected
