"""Which day a practice belongs to: the local calendar day, stamped once; optionally a later start.

A practice keeps the local wall time with the UTC offset in effect when it happened, so the day
it counts for never moves when the person later travels or the clocks change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
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


def practice_day_at(local: datetime, boundary_hour: int) -> date:
    """The practice day of local wall time ``local`` when days start at ``boundary_hour``.

    With a boundary of 4, 01:30 on 5 May still counts for 4 May (night and on-call shifts).
    """
    if boundary_hour and local.hour < boundary_hour:
        return local.date() - _ONE_DAY
    return local.date()


def practice_day(record: PracticeRecord, boundary_hour: int) -> date:
    """The day ``record`` counts for: its stamped local day, moved back one day before the boundary.

    Boundary 0 (midnight) returns ``record.local_day`` as stamped.
    """
    if boundary_hour and record.started_at.hour < boundary_hour:
        return record.local_day - _ONE_DAY
    return record.local_day
