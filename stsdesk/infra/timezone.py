"""The IANA name of the local time zone, so each practice can record where its day was."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from zoneinfo import available_timezones

_LOCALTIME = Path("/etc/localtime")


@cache
def _known() -> frozenset[str]:
    return frozenset(available_timezones())


def local_zone_name() -> str:
    """``TZ`` if it names a zone; with no ``TZ``, the zone ``/etc/localtime`` points to.

    ``""`` means only the UTC offset is known (``TZ`` holds a POSIX rule or a path, or the
    system does not say); records then keep just that offset, which the C library computes.
    """
    if "TZ" in os.environ:
        tz = os.environ["TZ"].lstrip(":")
        return tz if tz in _known() else ""
    try:
        target = _LOCALTIME.resolve(strict=True)
    except OSError:
        return ""
    parts = target.parts
    if "zoneinfo" in parts:
        name = "/".join(parts[parts.index("zoneinfo") + 1 :])
        if name in _known():
            return name
    return ""
