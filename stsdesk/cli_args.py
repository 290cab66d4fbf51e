"""What a person types on the command line, checked in one place.

Each check returns the value to use or raises ``UsageError`` with one sentence naming the
option and what it accepts. ``stsdesk.cli`` prints it and exits with status 2, as argparse does
for its own usage errors; status 1 is for a well-formed command that could not be done.

Numbers are ASCII digits only: Python's ``int`` and ``float`` also read ``٣`` (Arabic-Indic
three) and ``²`` would pass ``str.isdigit``, and a person who typed either did not mean 3.
Text arrives from ``sys.argv`` with ``surrogateescape``, so bytes that are not UTF-8 show up as
lone surrogates, which SQLite, JSON and the terminal cannot take: they are refused.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from stsdesk.core.errors import StsdeskError
from stsdesk.infra.timezone import local_zone_name

EXIT_USAGE = 2
"""Exit status for unusable input (as argparse uses); other failures exit with 1."""

MAX_MINUTES = 240
"""The longest practice ``log add`` records: four hours."""

EARLIEST_DAY = date(1970, 1, 1)
"""The earliest day ``log add --at`` accepts."""

_WHOLE = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_ISO_LIKE = re.compile(r"[0-9:.+\-TZtz ]+")


class UsageError(StsdeskError):
    """Input on the command line that cannot be used as given (exit status 2)."""


def text(value: str, option: str) -> str:
    """``value`` itself, if it is valid Unicode text (not undecodable bytes)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            f"{option} contains bytes that are not UTF-8 text; "
            "type it again or check the encoding of the terminal or script."
        ) from None
    return value


def rating(value: str | None, option: str) -> int | None:
    """A distress rating, a whole number from 0 to 10 (``None`` when the option is absent)."""
    if value is None:
        return None
    digits = text(value, option).strip()
    if not _WHOLE.fullmatch(digits) or not 0 <= int(digits) <= 10:
        raise UsageError(f"{option} must be a whole number from 0 (none) to 10, not {value!r}.")
    return int(digits)


def minutes(value: str, option: str = "--minutes") -> float:
    """A practice length in minutes: above 0 and at most ``MAX_MINUTES``, e.g. ``5`` or ``2.5``."""
    number = text(value, option).strip()
    if not _DECIMAL.fullmatch(number) or not 0 < float(number) <= MAX_MINUTES:
        raise UsageError(
            f"{option} must be a number of minutes above 0 and at most {MAX_MINUTES}, "
            f"not {value!r}."
        )
    return float(number)


def whole_minutes(value: str | None, option: str = "--minutes") -> int | None:
    """A length in whole minutes, as ``play`` takes (``None`` when the option is absent)."""
    if value is None:
        return None
    number = text(value, option).strip()
    if not _WHOLE.fullmatch(number) or not 0 < int(number) <= MAX_MINUTES:
        raise UsageError(f"{option} must be a whole number of minutes, not {value!r}.")
    return int(number)


def moment(value: str, now: datetime, option: str = "--at") -> tuple[datetime, str]:
    """A start time from 1970 up to ``now`` (aware, UTC) and the zone name to record with it.

    With an offset (``2026-03-08T07:30-08:00``) that local time, zone ``""``; without one, a
    time in the current time zone, with its name ("" where the system has none).
    """
    written = text(value, option).strip()
    example = "2026-03-08T07:30 or 2026-03-08T07:30-08:00"
    try:
        if not _ISO_LIKE.fullmatch(written):
            raise ValueError(written)
        parsed = datetime.fromisoformat(written)
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date and time like {example}.") from None
    # Range first, on the wall time: converting year 1 or 9999 to UTC can overflow.
    if parsed.date() < EARLIEST_DAY:
        raise UsageError(f"{option} {written} is before 1970; give the time the practice started.")
    future = f"{option} {written} is in the future; give the time the practice started."
    if parsed.year > now.year + 1:
        raise UsageError(future)
    if parsed.tzinfo is not None:
        located, zone = parsed, ""
    else:
        zone = local_zone_name()
        # fold=0: an ambiguous time in the autumn is read as the first (daylight) occurrence.
        located = parsed.replace(tzinfo=ZoneInfo(zone)) if zone else parsed.astimezone()
    if located > now + timedelta(minutes=1):
        raise UsageError(future)
    return located, zone
