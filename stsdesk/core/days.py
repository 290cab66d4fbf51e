"""Which day a practice belongs to: the local calendar day, stamped once; optionally a later start.

A practice keeps the local wall time with the UTC offset in effect when it happened, so the day
it counts for never moves when the person later travels or the clocks change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from stsdesk.core.records import PracticeRecord

_ONE_DAY = timedelta(days=1)


def stamp(instant: datetime, zone: str) -> tuple[datetime, date]:
    """Localise an aware ``instant`` in the IANA ``zone`` for storing with a practice.

    Returns the instant as wall time with a *fixed* UTC offset (the one in effect there and
    then, e.g. ``2026-03-08T03:30:00-07:00``) and that wall time's calendar day. A fixed offset
    rather than the zone itself, so what is stored reads back equal and a later time-zone
    database update cannot move history. With ``zone == ""`` (only an offset is known, as for a
    manual entry written with one) the instant's own offset is kept.

    Raises ``ValueError`` for a naive instant or an unknown zone.
    """
    offset = instant.utcoffset()
    if offset is None:
        raise ValueError("the instant needs a UTC offset (an aware datetime)")
    if zone:
        try:
            tz = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {zone!r}") from exc
        # Through UTC: astimezone() to the instant's own ZoneInfo would return it unchanged,
        # keeping a wall time that does not exist (02:30 as the clocks spring forward).
        local = instant.astimezone(UTC).astimezone(tz)
        offset = local.utcoffset()
        assert offset is not None  # a ZoneInfo always yields an offset for an aware datetime
    else:
        local = instant
    fixed = local.replace(tzinfo=timezone(offset))
    return fixed, fixed.date()


def stamp_here(instant: datetime, zone: str) -> tuple[datetime, date, str]:
    """``stamp`` for a practice done here: an unknown ``zone`` falls back to the instant's own
    offset (recorded with zone ``""``) rather than losing the practice. Returns the zone used.
    """
    try:
        return (*stamp(instant, zone), zone)
    except ValueError:
        return (*stamp(instant, ""), "")


def _day_under(day: date, hour: int, boundary_hour: int) -> date:
    """The day-boundary rule, the one place it is written: before ``boundary_hour`` (0 to 23)
    a wall time still belongs to the day before."""
    return day - _ONE_DAY if boundary_hour and hour < boundary_hour else day


def practice_day_at(local: datetime, boundary_hour: int) -> date:
    """The practice day of local wall time ``local`` when days start at ``boundary_hour``.

    With a boundary of 4, 01:30 on 5 May still counts for 4 May (night and on-call shifts).
    This is "today" for every screen and command: pass the local wall time now.
    """
    return _day_under(local.date(), local.hour, boundary_hour)


def practice_day(record: PracticeRecord, boundary_hour: int) -> date:
    """The day ``record`` counts for: its stamped local day, moved back one day before the boundary.

    Boundary 0 (midnight) returns ``record.local_day`` as stamped.
    """
    return _day_under(record.local_day, record.started_at.hour, boundary_hour)


def practised_on(
    records: Iterable[PracticeRecord], day: date, boundary_hour: int
) -> tuple[PracticeRecord, ...]:
    """The records that count for practice ``day`` (e.g. today: ``practice_day_at(now, h)``)."""
    return tuple(r for r in records if practice_day(r, boundary_hour) == day)


def next_day_start(local: datetime, boundary_hour: int) -> datetime:
    """When the practice day after the one ``local`` belongs to begins, in ``local``'s tzinfo.

    For the one single-shot timer that says "the day changed": arm it for this instant, and
    again from the time it fires. Aware ``local`` gives an aware answer (with a ``ZoneInfo``
    the offset of that day, so a DST change in between is honoured).
    """
    day = practice_day_at(local, boundary_hour) + _ONE_DAY
    return datetime.combine(day, time(boundary_hour), tzinfo=local.tzinfo)
