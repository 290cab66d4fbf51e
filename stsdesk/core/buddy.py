"""The weekly summary a person may share with an accountability buddy; nothing is ever sent.

Pure: records and ``today`` in, numbers and plain text out. The last seven practice days
(today and the six before it) count; the favourite is the practice done most often in them
(the latest of equals); the streak is the current one, left out when streaks are hidden.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from stsdesk.core.days import practice_day
from stsdesk.core.records import PracticeRecord
from stsdesk.core.stats import StatsSettings, compute

WEEK_DAYS = 7


@dataclass(frozen=True)
class WeeklySummary:
    """``first``..``last``: the seven days counted; ``streak`` ``None`` when hidden."""

    first: date
    last: date
    days_practised: int
    minutes: int
    favourite: str | None
    streak: int | None


def weekly_summary(
    records: Iterable[PracticeRecord], today: date, settings: StatsSettings
) -> WeeklySummary:
    """The summary of the seven practice days ending ``today``."""
    records = list(records)
    first = today - timedelta(days=WEEK_DAYS - 1)
    boundary = settings.day_boundary_hour
    week = [r for r in records if first <= min(practice_day(r, boundary), today)]
    seconds = sum(r.practiced_seconds for r in week)
    counts = Counter(r.exercise_id for r in week)
    latest = {r.exercise_id: (i, r.exercise_title) for i, r in enumerate(week)}
    favourite = None
    if counts:
        best = max(counts, key=lambda e: (counts[e], latest[e][0]))
        favourite = latest[best][1]
    streak = None if settings.hide_streaks else compute(records, today, settings).current_streak
    return WeeklySummary(
        first=first,
        last=today,
        days_practised=len({min(practice_day(r, boundary), today) for r in week}),
        minutes=round(seconds / 60),
        favourite=favourite,
        streak=streak,
    )
