"""The self-check: ProQOL ranges, bands and error messages; the weekly check-in's scoring,
trend and labels; and the support rule, offered exactly when it says and never otherwise."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from stsdesk.core import selfcheck
from stsdesk.core.selfcheck import (
    CHECK_IN_NOTE,
    DEFAULT_SUPPORT_SCORE,
    SCORE_MAX,
    STATEMENTS,
    SUPPORT_THRESHOLD_KEY,
    Band,
    ProqolEntry,
    SelfCheckError,
    Subscale,
    SupportReason,
    Trend,
    WeeklyCheckIn,
    band,
    check_in,
    check_in_due,
    check_in_trend,
    latest,
    parse_day,
    parse_score,
    proqol_entry,
    proqol_series,
    support_reasons,
)
from stsdesk.core.settings import BY_KEY, Settings

TODAY = date(2026, 3, 14)


@pytest.mark.parametrize(
    ("score", "expected"),
    [(10, Band.LOW), (22, Band.LOW), (23, Band.MODERATE), (41, Band.MODERATE), (42, Band.HIGH)],
)
def test_the_published_bands(score: int, expected: Band) -> None:
    assert band(score) is expected
    assert band(50) is Band.HIGH


def test_a_good_entry_and_its_bands() -> None:
    entry = proqol_entry(40, 22, 42, TODAY, TODAY)
    assert entry == ProqolEntry(TODAY, 40, 22, 42)
    assert entry.band(Subscale.COMPASSION_SATISFACTION) is Band.MODERATE
    assert entry.band(Subscale.BURNOUT) is Band.LOW
    assert entry.band(Subscale.SECONDARY_TRAUMATIC_STRESS) is Band.HIGH
    assert proqol_entry(10, 50, 10, TODAY - timedelta(days=400), TODAY).burnout == 50


@pytest.mark.parametrize(
    ("scores", "field", "message"),
    [
        ((9, 20, 20), "compassion_satisfaction", "Compassion satisfaction must be from 10 to 50"),
        ((20, 51, 20), "burnout", "Burnout must be from 10 to 50"),
        ((20, 20, 0), "secondary_traumatic_stress", "Secondary traumatic stress must be from 10"),
        ((20, 20, "x"), "secondary_traumatic_stress", "must be a whole number from 10 to 50"),
        ((20, True, 20), "burnout", "must be a whole number"),
        ((20.5, 20, 20), "compassion_satisfaction", "must be a whole number"),
    ],
)
def test_scores_out_of_range_are_refused_with_a_clear_sentence(
    scores: tuple, field: str, message: str
) -> None:
    with pytest.raises(SelfCheckError) as caught:
        proqol_entry(*scores, TODAY, TODAY)
    assert list(caught.value.problems) == [field]
    assert message in caught.value.problems[field]
    assert str(caught.value).endswith(".")


def test_a_date_in_the_future_is_refused() -> None:
    with pytest.raises(SelfCheckError) as caught:
        proqol_entry(30, 30, 30, TODAY + timedelta(days=1), TODAY)
    assert str(caught.value) == (
        "The date 2026-03-15 is in the future; use the day you took the ProQOL "
        "(today is 2026-03-14)."
    )
    with pytest.raises(SelfCheckError, match="must be a day"):
        proqol_entry(30, 30, 30, datetime(2026, 3, 1), TODAY)


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(SelfCheckError) as caught:
        proqol_entry(5, 60, 30, TODAY + timedelta(days=3), TODAY)
    assert list(caught.value.problems) == ["compassion_satisfaction", "burnout", "taken_on"]


def test_typed_scores_and_dates() -> None:
    assert parse_score(" 42 ") == 42
    assert parse_score("4e1") == "4e1"
    assert parse_score("-3") == "-3"
    assert parse_score("99999999999999999999") == "99999999999999999999"
    assert parse_day("2026-03-01") == date(2026, 3, 1)
    for bad in ("2026-02-30", "20260301", "yesterday", "2026-3-1"):
        with pytest.raises(SelfCheckError, match="real day written like 2026-03-14"):
            parse_day(bad)


def test_the_latest_entry_and_the_series() -> None:
    older = ProqolEntry(date(2026, 1, 5), 30, 30, 44, id=1)
    newer = ProqolEntry(date(2026, 2, 5), 32, 28, 30, id=2)
    assert latest([newer, older]) == newer
    assert latest([]) is None
    chart = proqol_series([newer, older])
    assert chart[Subscale.SECONDARY_TRAUMATIC_STRESS] == [
        (older.taken_on, 44),
        (newer.taken_on, 30),
    ]


def test_the_proqol_is_linked_never_reproduced() -> None:
    assert selfcheck.PROQOL_URL == "https://proqol.org"
    # No statement of ours may read like a ProQOL item: ours are few, and all about the week.
    assert 5 <= len(STATEMENTS) <= 8
    assert len({s.id for s in STATEMENTS}) == len(STATEMENTS)


# --- the weekly check-in -----------------------------------------------------------------


def answers(value: int, positive: int | None = None) -> dict[str, int]:
    return {s.id: (value if positive is None or not s.positive else positive) for s in STATEMENTS}


def test_the_check_in_is_labelled_as_a_reflection() -> None:
    assert "not a validated measure" in CHECK_IN_NOTE
    assert "not a diagnosis" in CHECK_IN_NOTE
    themes = " ".join(s.text.lower() for s in STATEMENTS)
    for theme in ("slept", "images", "numb", "on edge", "connected", "helping"):
        assert theme in themes


def test_scoring_counts_good_statements_in_reverse() -> None:
    assert check_in(answers(0, positive=4), TODAY).score == 0
    assert check_in(answers(4, positive=0), TODAY).score == SCORE_MAX == 28
    assert check_in(answers(2), TODAY).score == 14
    one = answers(0, positive=4) | {"intrusive": 3, "sleep": 1}
    assert check_in(one, TODAY).score == 6


def test_a_check_in_needs_every_answer_in_range() -> None:
    with pytest.raises(SelfCheckError) as caught:
        check_in(answers(2) | {"numb": 5, "bogus": 1, "sleep": None}, TODAY)
    problems = caught.value.problems
    assert set(problems) == {"bogus", "numb", "sleep"}
    assert problems["numb"].startswith("Answers are from 0 to 4")
    assert problems["sleep"] == "Please answer: I slept well enough to feel rested."


def test_the_trend() -> None:
    def week(n: int, score_value: int) -> WeeklyCheckIn:
        return check_in(answers(score_value, positive=4 - score_value), TODAY + timedelta(weeks=n))

    assert check_in_trend([]) is Trend.TOO_FEW
    assert check_in_trend([week(0, 2)]) is Trend.TOO_FEW
    assert check_in_trend([week(0, 3), week(1, 1)]) is Trend.LIGHTER
    assert check_in_trend([week(1, 3), week(0, 1)]) is Trend.HEAVIER
    assert check_in_trend([week(0, 2), week(1, 2), week(2, 2)]) is Trend.STEADY
    assert selfcheck.series([week(1, 1), week(0, 2)]) == [(TODAY, 14), (TODAY + timedelta(7), 7)]


def test_the_check_in_is_offered_weekly() -> None:
    assert check_in_due(None, TODAY)
    assert not check_in_due(TODAY - timedelta(days=6), TODAY)
    assert check_in_due(TODAY - timedelta(days=7), TODAY)


# --- gentle support ----------------------------------------------------------------------


def test_the_threshold_is_a_setting() -> None:
    setting = BY_KEY[SUPPORT_THRESHOLD_KEY]
    assert setting.default == DEFAULT_SUPPORT_SCORE
    assert (setting.minimum, setting.maximum) == (1, SCORE_MAX)
    assert Settings({SUPPORT_THRESHOLD_KEY: 10})[SUPPORT_THRESHOLD_KEY] == 10
    with pytest.raises(ValueError, match="from 1 to 28"):
        setting.validate(29)


def test_support_is_offered_exactly_when_the_rule_says() -> None:
    low_sts = ProqolEntry(TODAY, 30, 30, 41)
    high_sts = ProqolEntry(TODAY, 30, 30, 42)
    high_burnout = ProqolEntry(TODAY, 10, 50, 10)
    for score_value in range(SCORE_MAX + 1):
        # Build answers with exactly this strain score.
        values = {s.id: 0 if not s.positive else 4 for s in STATEMENTS}
        left = score_value
        for s in STATEMENTS:
            step = min(4, left)
            values[s.id] = 4 - step if s.positive else step
            left -= step
        given = check_in(values, TODAY)
        assert given.score == score_value
        for threshold in (1, 10, 18, 28):
            expected = (SupportReason.CHECK_IN,) if score_value >= threshold else ()
            assert support_reasons(check_in=given, proqol=None, threshold=threshold) == expected
            assert support_reasons(check_in=given, proqol=low_sts, threshold=threshold) == expected
            assert (
                support_reasons(check_in=given, proqol=high_burnout, threshold=threshold)
                == expected
            )
            assert support_reasons(check_in=given, proqol=high_sts, threshold=threshold) == (
                *expected,
                SupportReason.PROQOL_STS,
            )
    assert support_reasons(check_in=None, proqol=None, threshold=1) == ()
    assert support_reasons(check_in=None, proqol=high_sts, threshold=1) == (
        SupportReason.PROQOL_STS,
    )


def test_no_wording_alarms_or_diagnoses() -> None:
    texts = [CHECK_IN_NOTE, selfcheck.PROQOL_NOTE] + [s.text for s in STATEMENTS]
    alarming = re.compile(r"\b(danger|warning|disorder|diagnos(ed|is of)|urgent|alert)\b", re.I)
    assert not [t for t in texts if alarming.search(t)]
