"""Stamping a practice with its local day, and the day-boundary hour (R13)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from stsdesk.core.days import practice_day, practice_day_at, stamp
from stsdesk.core.records import PracticeRecord


@pytest.fixture(params=["America/Los_Angeles", "Pacific/Honolulu", "Asia/Tokyo", "UTC"])
def process_tz(request: pytest.FixtureRequest) -> Iterator[str]:
    """Whatever zone the computer is in, stamping depends only on the zone it is given."""
    previous = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if previous is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = previous
    time.tzset()


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.usefixtures("process_tz")
@pytest.mark.parametrize(
    ("instant", "zone", "local"),
    [
        ("2026-01-15T07:59", "America/Los_Angeles", "2026-01-14T23:59:00-08:00"),
        ("2026-01-15T08:01", "America/Los_Angeles", "2026-01-15T00:01:00-08:00"),
        # Spring forward: 02:00 PST becomes 03:00 PDT.
        ("2026-03-08T06:00", "America/Los_Angeles", "2026-03-07T22:00:00-08:00"),
        ("2026-03-08T10:30", "America/Los_Angeles", "2026-03-08T03:30:00-07:00"),
        # Fall back: 01:30 happens twice, with two offsets.
        ("2026-11-01T08:30", "America/Los_Angeles", "2026-11-01T01:30:00-07:00"),
        ("2026-11-01T09:30", "America/Los_Angeles", "2026-11-01T01:30:00-08:00"),
        ("2026-06-10T23:00", "Asia/Tokyo", "2026-06-11T08:00:00+09:00"),
        ("2026-06-11T05:00", "Pacific/Honolulu", "2026-06-10T19:00:00-10:00"),
        ("2027-01-01T07:59", "America/Los_Angeles", "2026-12-31T23:59:00-08:00"),
    ],
)
def test_stamp_gives_local_wall_time_with_its_offset(instant, zone, local) -> None:
    started_at, local_day = stamp(_utc(instant), zone)
    assert started_at.isoformat() == local
    assert local_day == date.fromisoformat(local[:10])
    assert started_at == _utc(instant)  # the same instant


def test_stamp_stores_a_fixed_offset_that_reads_back_equal() -> None:
    started_at, _ = stamp(_utc("2026-03-08T10:30"), "America/Los_Angeles")
    assert isinstance(started_at.tzinfo, timezone)
    again = datetime.fromisoformat(started_at.isoformat())
    assert again == started_at
    assert again.utcoffset() == started_at.utcoffset()


def test_stamp_without_a_zone_name_keeps_the_offset_given() -> None:
    written = datetime.fromisoformat("2026-06-10T23:30:00-04:00")
    started_at, local_day = stamp(written, "")
    assert started_at.isoformat() == "2026-06-10T23:30:00-04:00"
    assert local_day == date(2026, 6, 10)


def test_a_nonexistent_local_time_is_moved_forward() -> None:
    typed = datetime(2026, 3, 8, 2, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    started_at, _ = stamp(typed, "America/Los_Angeles")
    assert started_at.isoformat() == "2026-03-08T03:30:00-07:00"


@pytest.mark.parametrize(
    ("instant", "zone", "problem"),
    [
        (datetime(2026, 1, 1, 12), "UTC", "aware"),
        (datetime(2026, 1, 1, 12, tzinfo=UTC), "Mars/Olympus_Mons", "unknown time zone"),
        (datetime(2026, 1, 1, 12, tzinfo=UTC), "../../etc/passwd", "unknown time zone"),
    ],
)
def test_stamp_refuses_what_it_cannot_place(instant, zone, problem) -> None:
    with pytest.raises(ValueError, match=problem):
        stamp(instant, zone)


def _record(local: str) -> PracticeRecord:
    started_at = datetime.fromisoformat(local)
    return PracticeRecord(
        exercise_id="box",
        exercise_title="Box",
        family="breathing",
        minutes_chosen=3,
        started_at=started_at,
        time_zone="",
        local_day=started_at.date(),
        practiced_seconds=180,
        completed=True,
    )


@pytest.mark.parametrize(
    ("local", "boundary", "day"),
    [
        ("2026-05-05T01:30:00-07:00", 0, "2026-05-05"),
        ("2026-05-05T01:30:00-07:00", 4, "2026-05-04"),  # a night shift: still yesterday
        ("2026-05-05T03:59:00-07:00", 4, "2026-05-04"),
        ("2026-05-05T04:00:00-07:00", 4, "2026-05-05"),
        ("2026-05-05T23:59:00-07:00", 4, "2026-05-05"),
        ("2026-03-01T02:00:00+09:00", 3, "2026-02-28"),
    ],
)
def test_practice_day_honours_the_boundary_hour(local, boundary, day) -> None:
    assert practice_day(_record(local), boundary) == date.fromisoformat(day)
    assert practice_day_at(datetime.fromisoformat(local), boundary) == date.fromisoformat(day)
