"""Domain rules written once in the core: the length rule, today under the day boundary, the
record of a practice (guided and manual), what statistics say, and the support rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stsdesk import cli_wording
from stsdesk.core.days import next_day_start, practice_day_at, practised_on
from stsdesk.core.exercise import Credit, Exercise, fits, length_for
from stsdesk.core.messages import Message
from stsdesk.core.practice import guided_record, manual_record
from stsdesk.core.records import HIGH_DISTRESS, CheckIn, PracticeRecord, Source, offers_support
from stsdesk.core.stats import Say, StatsSettings, compute, streak_message, today_message

LA = ZoneInfo("America/Los_Angeles")


def _exercise(*lengths: int) -> Exercise:
    return Exercise(
        id="box",
        title="Box breathing",
        family="stress",
        summary="",
        credit=Credit("crm", "CRM"),
        lengths=lengths,
        tags=frozenset(),
        caution=None,
        variants=(),
        steps=(),
        pack_id="core",
        source=Path("box.toml"),
    )


@pytest.mark.parametrize(
    ("minutes", "played", "fitting"),
    [(0, 3, False), (1, 3, False), (3, 3, True), (4, 3, True), (5, 5, True), (9, 5, True),
     (10, 10, True), (60, 10, True), (4.5, 3, True)],
)  # fmt: skip
def test_one_length_rule_longest_offered_not_above_else_the_shortest(minutes, played, fitting):
    exercise = _exercise(3, 5, 10)
    assert length_for(exercise, minutes) == exercise.length_for(minutes) == played
    assert fits(exercise, minutes) is exercise.fits(minutes) is fitting


def test_today_honours_the_day_boundary_and_the_next_day_starts_at_it():
    late = datetime(2026, 5, 5, 1, 30, tzinfo=LA)
    assert practice_day_at(late, 0) == date(2026, 5, 5)
    assert practice_day_at(late, 4) == date(2026, 5, 4)
    assert next_day_start(late, 4) == datetime(2026, 5, 5, 4, 0, tzinfo=LA)
    assert next_day_start(late, 0) == datetime(2026, 5, 6, 0, 0, tzinfo=LA)
    # Across the spring-forward night the next midnight has the new offset (PDT, -07:00).
    before_dst = datetime(2026, 3, 7, 23, 0, tzinfo=LA)
    start = next_day_start(before_dst, 0)
    assert start.utcoffset() == timedelta(hours=-8)  # 8 March 00:00 is still PST
    assert next_day_start(start, 0).utcoffset() == timedelta(hours=-7)


def _at(local: str, seconds: float = 180) -> PracticeRecord:
    started = datetime.fromisoformat(local)
    return manual_record(
        exercise_id="box", title="Box", family="", minutes=seconds / 60, started=started, zone=""
    )


def test_today_message_counts_the_practice_day_not_the_calendar_day():
    records = [_at("2026-05-04T22:00:00-07:00"), _at("2026-05-05T01:30:00-07:00", 600)]
    now = datetime(2026, 5, 5, 2, 0, tzinfo=timezone(timedelta(hours=-7)))
    # With days starting at 04:00, both belong to 4 May, which is still "today" at 02:00.
    today = practice_day_at(now, 4)
    assert practised_on(records, today, 4) == tuple(records)
    assert today_message(records, today, 4) == Message.of(Say.TODAY_DONE, practices=2, minutes=13)
    # At midnight's boundary, 5 May has the 01:30 practice only.
    assert today_message(records, practice_day_at(now, 0), 0).args["practices"] == 1
    assert today_message(records, date(2026, 5, 6), 0) == Message.of(Say.TODAY_NONE)


def test_today_under_a_minute_is_never_about_0_min():
    brief = [_at("2026-05-05T09:00:00-07:00", 20), _at("2026-05-05T09:05:00-07:00", 9)]
    today = date(2026, 5, 5)
    assert today_message(brief, today, 0) == Message.of(Say.TODAY_SHORT, practices=2)
    assert cli_wording.word(today_message(brief, today, 0)) == (
        "Today: 2 practices, under a minute."
    )
    longer = [*brief, _at("2026-05-05T09:09:00-07:00", 35)]
    assert today_message(longer, today, 0) == Message.of(Say.TODAY_DONE, practices=3, minutes=1)


def test_manual_record_is_completed_stamped_once_and_tidied():
    started = datetime(2026, 3, 8, 10, 30, tzinfo=UTC)
    record = manual_record(
        exercise_id="box",
        title="Box breathing",
        family="stress",
        minutes=4,
        started=started,
        zone="America/Los_Angeles",
        distress_before=7,
        note="  after the shift \n",
        tags=(" night ", "  "),
    )
    assert record.source is Source.MANUAL
    assert record.completed
    assert (record.minutes_chosen, record.practiced_seconds) == (4, 240.0)
    assert record.started_at.isoformat() == "2026-03-08T03:30:00-07:00"
    assert (record.local_day, record.time_zone) == (date(2026, 3, 8), "America/Los_Angeles")
    assert (record.note, record.tags) == ("after the shift", ("night",))
    unknown = manual_record(
        exercise_id="x", title="X", family="", minutes=1, started=started, zone="Nowhere/City"
    )
    assert unknown.time_zone == ""
    assert unknown.started_at.utcoffset() == timedelta(0)
    with pytest.raises(ValueError, match="negative"):
        manual_record(exercise_id="x", title="X", family="", minutes=-1, started=started, zone="")
    with pytest.raises(ValueError, match="aware"):
        manual_record(
            exercise_id="x", title="X", family="", minutes=1, started=datetime(2026, 1, 1), zone=""
        )


def test_guided_record_keeps_both_check_ins_and_rounds_the_time():
    record = guided_record(
        exercise_id="box",
        title="Box breathing",
        family="stress",
        minutes_chosen=3,
        started=datetime(2026, 1, 15, 8, 1, tzinfo=UTC),
        zone="America/Los_Angeles",
        practiced_seconds=95.04,
        completed=False,
        before=CheckIn(distress=9),
        after=CheckIn(distress=5, note="better"),
    )
    assert record.source is Source.GUIDED
    assert not record.completed
    assert record.practiced_seconds == 95.0
    assert (record.distress_before, record.distress_after, record.note) == (9, 5, "better")
    assert record.local_day == date(2026, 1, 15)
    assert record.high_distress


def test_one_support_rule():
    assert HIGH_DISTRESS == 8
    assert offers_support(HIGH_DISTRESS)
    assert offers_support(None, 10)
    assert not offers_support(HIGH_DISTRESS - 1, None)
    assert not offers_support()
    assert _at("2026-05-05T12:00:00+00:00").high_distress is False


def test_the_command_line_words_every_message_the_statistics_have():
    for say in Say:
        assert say in cli_wording.WORDING, say
    stats = compute([_at("2026-05-04T12:00:00+00:00"), _at("2026-05-05T12:00:00+00:00")],
                    date(2026, 5, 5), StatsSettings())  # fmt: skip
    streak = streak_message(stats)
    assert streak is not None
    assert cli_wording.word(streak) == "Current streak: 2 practice days (longest: 2)."
    hidden = compute([], date(2026, 5, 5), StatsSettings(hide_streaks=True))
    assert streak_message(hidden) is None
    samples = {"days": 3, "practices": 1, "minutes": 5, "current": 1, "longest": 4}
    for say in Say:
        text = cli_wording.word(Message(say, samples))
        assert text.endswith(".")
        assert "{" not in text
        for unkind in ("missed", "broke", "lost", "fail", "only", "should"):
            assert unkind not in text.lower()


def test_the_command_line_words_a_length_honestly():
    from stsdesk.core.stats import length_message

    assert cli_wording.word(length_message(1)) == "1 second"
    assert cli_wording.word(length_message(20)) == "20 seconds"
    assert cli_wording.word(length_message(60)) == "1 minute"
    assert cli_wording.word(length_message(600)) == "10 minutes"


def test_a_practice_of_your_own_gets_an_id_of_its_own():
    from stsdesk.core.practice import own_practice_id

    assert own_practice_id("A walk at lunch") == "own-a-walk-at-lunch"
    assert own_practice_id("  Tai chi!! ") == "own-tai-chi"
    assert own_practice_id("…") == "own-practice"
