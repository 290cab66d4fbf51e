"""The IANA name of the local time zone, so each practice can record where its day was."""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import available_timezones

_LOCALTIME = Path("/etc/localtime")


def local_zone_name() -> str:
    """``TZ`` if it names a zone, else the zone ``/etc/localtime`` points to, else ``""``.

    An empty name means only the UTC offset is known; records then keep just that offset.
    """
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and tz in available_timezones():
        return tz
    try:
        target = _LOCALTIME.resolve(strict=True)
    except OSError:
        return ""
    parts = target.parts
    if "zoneinfo" in parts:
        name = "/".join(parts[parts.index("zoneinfo") + 1 :])
        if name in available_timezones():
            return name
    return ""
