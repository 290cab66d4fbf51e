"""What the command line prints: untrusted text made safe for a terminal, counts in words.

Titles, notes and tags come from packs, policies and the log, which are hostile input: text
output passes them through ``visible`` (no escapes, controls or bidi overrides). JSON output
keeps the exact text, with those characters written as ``\\uXXXX`` escapes, so it parses back
to the same strings and still cannot drive the terminal it is printed on.
"""

from __future__ import annotations

import json
import re

from stsdesk.core.text import visible

# What json.dumps(ensure_ascii=False) leaves raw but a terminal acts on: DEL, C1 controls, bidi
# marks, embeddings, overrides and isolates, and the Unicode line and paragraph separators.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """``text`` as one line a terminal shows literally."""
    return visible(text, single_line=True)


def count(number: float, noun: str) -> str:
    """``1 practice``, ``3 practices``, ``2.5 minutes``."""
    return f"{number:g} {noun}" if number == 1 else f"{number:g} {noun}s"


def json_text(value: object) -> str:
    """``value`` as indented JSON (UTF-8 text) with terminal-active characters escaped."""
    dumped = json.dumps(value, indent=2, ensure_ascii=False)
    return _RAW_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)
