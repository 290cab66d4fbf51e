"""Translation helpers: arguments placed safely into translated sentences.

Qt's ``QString.arg`` is not available in PySide6, and chained ``str.replace("%1", …)`` lets one
argument corrupt the next (a practice titled "%2" would swallow the second argument). ``fmt``
fills ``%1`` … ``%9`` in a single pass, so what an argument contains is never read again.
"""

from __future__ import annotations

import re

_PLACE = re.compile(r"%([1-9])")


def fmt(template: str, *args: object) -> str:
    """``template`` with ``%1``, ``%2``… replaced by ``args``, in one pass."""

    def place(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(args[index]) if index < len(args) else match.group(0)

    return _PLACE.sub(place, template)
