"""Untrusted text made safe to show: no terminal controls, no bidi overrides.

Titles, notes, contacts and credits come from packs, policies and the log, which are hostile
input. Shown raw, an ANSI escape rewrites a terminal and a right-to-left override reverses a
title on screen. Every place that shows such text passes it through ``visible`` first.
"""

from __future__ import annotations

import re

# C0 and C1 controls except tab and newline; DEL; the bidi embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069) and the implicit marks that can reorder neighbouring text.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# An ANSI/VT escape sequence (CSI ... final byte, or OSC ... BEL/ST), removed whole.
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def visible(text: str, *, single_line: bool = False) -> str:
    """``text`` without escape sequences, control characters or bidi overrides.

    With ``single_line`` newlines and tabs become spaces too (titles, table cells).
    """
    cleaned = _UNSAFE.sub("", _ESCAPE.sub("", text))
    if single_line:
        cleaned = " ".join(cleaned.split())
    return cleaned


def unsafe_characters(text: str) -> list[str]:
    """The code points that ``visible`` would remove, as ``U+XXXX`` (for validators)."""
    found = {f"U+{ord(ch):04X}" for ch in text if _UNSAFE.match(ch) or ch == "\x1b"}
    return sorted(found)
