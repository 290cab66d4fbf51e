"""Typed reading of one TOML table from a content pack: the first problem names file and field.

Shared by the pack parser (``stsdesk.core.pack_parse``) and Learn cards (``stsdesk.core.learn``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any, NoReturn

from stsdesk.core.errors import ContentError
from stsdesk.core.pack_files import UNSAFE_CHARS, quoted
from stsdesk.core.text import unsafe_characters

ID_MAX = 64
# Every text field has a ceiling: one line, several lines.
LINE_MAX, TEXT_MAX = 200, 2000

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_KINDS = {
    bool: "true/false",
    int: "a whole number",
    float: "a number",
    str: "text",
    list: "a list",
    dict: "a table",
}


def kind_of(value: object) -> str:
    """How a TOML value's type reads to a person (the rest are dates and times)."""
    return _KINDS.get(type(value), "a date or time")


class FieldReader:
    """Typed reads from one TOML table; the first problem raises, naming file and field.

    Unknown keys are refused up front, so a typo never silently does nothing.
    """

    def __init__(self, data: object, file: str, where: str, allowed: Iterable[str]) -> None:
        self.file = file
        self.where = where
        if not isinstance(data, dict):
            raise ContentError(file, where, f"must be a table, not {kind_of(data)}")
        self.data: dict[str, Any] = data
        allowed = tuple(allowed)
        for key in data:
            if key not in allowed:
                guess = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {guess[0]!r}?" if guess else ""
                self.fail(key, f"unknown field{hint}", quote_key=True)

    def name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key: str, problem: str, *, quote_key: bool = False) -> NoReturn:
        shown = quoted(key) if quote_key and (UNSAFE_CHARS.search(key) or len(key) > 40) else key
        raise ContentError(self.file, self.name(shown), problem)

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str, *, required: bool = False) -> Any:
        if key not in self.data:
            if required:
                self.fail(key, "is required but missing")
            return None
        return self.data[key]

    def text(self, key: str, *, max_len: int | None = None, one_line: bool = False) -> str | None:
        """An optional text field: None when absent, never empty when present."""
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(key, f"must be text in quotes, not {kind_of(value)}")
        if not value.strip():
            self.fail(key, "must not be empty")
        if one_line and len(value.splitlines()) > 1:
            self.fail(key, "must be a single line")
        limit = max_len if max_len is not None else LINE_MAX if one_line else TEXT_MAX
        if len(value) > limit:
            self.fail(key, f"is {len(value)} characters long; at most {limit} allowed")
        found = unsafe_characters(value)
        if not one_line:
            found = [code for code in found if code != "U+000D"]  # Windows line ends
        if "U+0000" in found:
            self.fail(key, "contains a NUL character")
        if found:
            self.fail(
                key,
                "contains control, terminal escape or bidirectional-override characters "
                f"({', '.join(found)}); remove them",
            )
        return value

    def need_text(self, key: str, *, max_len: int | None = None, one_line: bool = False) -> str:
        """A required text field."""
        self.raw(key, required=True)
        value = self.text(key, max_len=max_len, one_line=one_line)
        assert value is not None  # raw() has already refused a missing key
        return value

    def identifier(self, key: str) -> str:
        value = self.need_text(key)
        if len(value) > ID_MAX or not _ID.fullmatch(value):
            self.fail(
                key,
                f"{quoted(value)} must be lower-case letters, digits and single hyphens "
                f"(at most {ID_MAX} characters)",
            )
        return value

    def integer(self, key: str, low: int, high: int, *, required: bool = False) -> int | None:
        value = self.raw(key, required=required)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(key, f"must be a whole number, not {kind_of(value)}")
        if not low <= value <= high:
            self.fail(key, f"must be from {low} to {high}")
        return value

    def number(
        self, key: str, low: float, high: float, *, above_low: bool = False, unit: str = ""
    ) -> float | None:
        """An optional number (bool excluded), in range; NaN and infinities are refused."""
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            self.fail(key, f"must be a number, not {kind_of(value)}")
        # Chained comparisons also reject NaN and infinities, and never overflow on huge ints.
        in_range = low < value <= high if above_low else low <= value <= high
        if not in_range:
            bound = f"more than {low:g}" if above_low else f"from {low:g}"
            self.fail(key, f"must be {bound} to {high:g}{unit}")
        return float(value)

    def flag(self, key: str) -> bool:
        value = self.raw(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(key, f"must be true or false, not {kind_of(value)}")
        return value

    def items(self, key: str, *, required: bool = False) -> list[Any] | None:
        """A non-empty array (of anything; callers check the elements)."""
        value = self.raw(key, required=required)
        if value is None:
            return None
        if not isinstance(value, list):
            self.fail(key, f"must be a list, not {kind_of(value)}")
        if not value:
            self.fail(key, "must not be an empty list")
        return value

    def tables(
        self, key: str, allowed: Iterable[str], *, required: bool = False
    ) -> list[FieldReader]:
        """An array of tables (``[[key]]``), each read with its own 1-based position."""
        values = self.items(key, required=required) or []
        return [
            FieldReader(value, self.file, f"{self.name(key)}[{n}]", allowed)
            for n, value in enumerate(values, start=1)
        ]
