"""One hardened TOML reader for policies, settings, packs and Learn cards.

Every one of these files is hostile input. ``tomllib`` recurses on nested inline tables and
arrays, and takes time quadratic in the length of a dotted key (a 64 KiB policy holding one
32,000-part key takes half a minute); the nested tables it returns would make any recursive
walk of ours overflow. So, before parsing, a key or table header written with more than
``MAX_DEPTH`` parts is set aside (its line is parsed under a throw-away name that is removed
afterwards), and after parsing, anything nested deeper than ``MAX_DEPTH`` is cut off. Each
is one problem ("key nested too deeply"); the rest of the file is read as written.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass
from typing import Any

# Tables and lists inside one another. The deepest real file (a pack's step with a breathing
# pattern: steps[n].breathe.pattern) needs 4.
MAX_DEPTH = 16
# A dotted key this long anywhere (inside an inline table, say) refuses the whole file: no
# real file comes near it, and ``tomllib`` would take seconds to minutes over it.
MAX_KEY_PARTS = 1000

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_KEY = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_HEADER = re.compile(rf"[ \t]*\[\[?[ \t]*({_DOTTED})[ \t]*\]\]?")
_ASSIGN = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=")
_ANY_DOTTED = re.compile(_DOTTED)  # no lookahead: each match is found without backtracking
_EQUALS = re.compile(r"[ \t]*=")
_PART = re.compile(_KEY)
_BARE_PART = re.compile(_BARE)
_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


class TomlProblem(Exception):
    """A file that cannot be used at all: ``problem`` reads after the file name."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


@dataclass(frozen=True)
class TooDeep:
    """A key left out because it is nested too deeply; ``path`` holds its first parts."""

    path: tuple[str, ...]
    line: int | None

    @property
    def key(self) -> str:
        """The key as a person can read it: a few parts, escaped, then an ellipsis."""
        shown = ".".join(
            part if _BARE_PART.fullmatch(part) else json.dumps(part) for part in self.path[:4]
        )
        return shown + ("…" if len(self.path) > 4 else "")

    @property
    def problem(self) -> str:
        return f"key {self.key} is nested too deeply (more than {MAX_DEPTH} levels); left out"


def _unquote(part: str) -> str:
    if part.startswith('"'):
        try:
            return str(json.loads(part))
        except ValueError:
            return part[1:-1]
    if part.startswith("'"):
        return part[1:-1]
    return part


def key_parts(dotted: str) -> tuple[str, ...]:
    """The parts of a dotted key as written (``a."b.c".d`` gives ``a``, ``b.c``, ``d``)."""
    return tuple(_unquote(match.group()) for match in _PART.finditer(dotted))


def _key_rows(lines: list[str]) -> list[tuple[int, re.Match[str], bool]]:
    """``(line index, match, is a header)`` for each header or key at the start of a line.

    Reads line by line, skipping the inside of multi-line strings. It is a locator, not a
    parser: on text it does not understand it finds less, and it never raises.
    """
    rows: list[tuple[int, re.Match[str], bool]] = []
    open_quote = ""
    for index, line in enumerate(lines):
        if open_quote:
            if line.count(open_quote) % 2:
                open_quote = ""
            continue
        header = _HEADER.match(line)
        if header:
            rows.append((index, header, True))
            continue
        assign = _ASSIGN.match(line)
        if not assign:
            continue
        rows.append((index, assign, False))
        rest = line[assign.end() :]
        for quote in ('"""', "'''"):
            if rest.count(quote) % 2:
                open_quote = quote
                break
    return rows


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Map each table header and key in TOML ``text`` to its first line (1-based).

    ``tomllib`` keeps no positions, so the text is read line by line (see ``_key_rows``).
    Paths are kept to ``MAX_DEPTH + 1`` parts, so a hostile key costs no more than a real one.
    """
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for index, match, is_header in _key_rows(text.split("\n")):
        parts = key_parts(match.group(1))
        if is_header:
            table = parts
            path = table
        else:
            path = table + parts
        for size in range(1, min(len(path), MAX_DEPTH + 1) + 1):
            found.setdefault(path[:size], index + 1)
    return found


def _set_aside(text: str, token: str) -> tuple[str, list[TooDeep]]:
    """``text`` with each over-deep key at the start of a line renamed to ``token`` + line."""
    lines = text.split("\n")
    deep: list[TooDeep] = []
    table: tuple[str, ...] = ()
    for index, match, is_header in _key_rows(lines):
        parts = key_parts(match.group(1))
        path = parts if is_header else table + parts
        if is_header:
            table = parts
        if len(path) <= MAX_DEPTH:
            continue
        if is_header:
            table = (token,)  # the keys below belong to the table left out
        if is_header or table != (token,):  # inside a table left out, one problem is enough
            deep.append(TooDeep(path[: MAX_DEPTH + 1], index + 1))
        line = lines[index]
        lines[index] = f'{line[: match.start(1)]}"{token}{index}"{line[match.end(1) :]}'
    return "\n".join(lines), deep


def _too_long_key(text: str) -> int | None:
    """The line of a dotted key with more than ``MAX_KEY_PARTS`` parts anywhere, if any."""
    for match in _ANY_DOTTED.finditer(text):
        dotted = match.group()
        if (
            dotted.count(".") >= MAX_KEY_PARTS
            and _EQUALS.match(text, match.end())
            and len(key_parts(dotted)) > MAX_KEY_PARTS
        ):
            return text.count("\n", 0, match.start()) + 1
    return None


def _prune(data: dict[str, Any], token: str) -> list[tuple[str, ...]]:
    """Remove the set-aside keys and everything nested deeper than ``MAX_DEPTH``, in place.

    Iterative, never recursive. Tables left empty by a cut are removed too, so a long
    dotted key leaves no stub behind to be reported a second time. Returns the cut paths.
    """
    cut: list[tuple[str, ...]] = []
    parents: dict[int, tuple[Any, Any]] = {}  # id(container) -> (parent, key in the parent)
    emptied: list[Any] = []
    stack: list[tuple[Any, tuple[str, ...], int]] = [(data, (), 0)]
    while stack:
        container, path, depth = stack.pop()
        entries = list(container.items() if isinstance(container, dict) else enumerate(container))
        kept: list[Any] = []
        cut_here = False
        for key, value in entries:
            if isinstance(key, str) and key.startswith(token):
                del container[key]
                continue
            nested = isinstance(value, (dict, list))
            if nested and depth + 1 > MAX_DEPTH:
                cut.append((*path, str(key)))
                cut_here = True
                if isinstance(container, dict):
                    del container[key]
                continue
            kept.append(value)
            if nested:
                parents[id(value)] = (container, key)
                stack.append((value, (*path, str(key)), depth + 1))
        if len(kept) < len(entries) and isinstance(container, list):
            container[:] = kept
        if cut_here and not container:
            emptied.append(container)
    for container in emptied:
        while not container and id(container) in parents:
            parent, key = parents.pop(id(container))
            if isinstance(parent, dict):
                del parent[key]
            else:
                parent[:] = [item for item in parent if item is not container]
            container = parent
    return cut


def parse_toml(text: str) -> tuple[dict[str, Any], tuple[TooDeep, ...]]:
    """Parse TOML ``text``: the data, and the keys left out for being nested too deeply.

    Raises ``TomlProblem`` when the file cannot be used at all; nothing else escapes.
    """
    # What secrets.token_hex does, without importing it (it loads OpenSSL, 3.5 MiB).
    token = f"stsdesk-too-deep-{os.urandom(8).hex()}-"
    prepared, deep = _set_aside(text, token)
    line = _too_long_key(prepared)
    if line is not None:
        raise TomlProblem(f"has a key nested too deeply (more than {MAX_KEY_PARTS} parts)", line)
    try:
        data = tomllib.loads(prepared)
    except tomllib.TOMLDecodeError as error:
        message = getattr(error, "msg", None) or str(error)
        line = getattr(error, "lineno", None)
        if line is None:  # Python before 3.14 keeps the line only in the message
            found = _AT_LINE.search(str(error))
            line = int(found.group(1)) if found else None
        raise TomlProblem(f"is not valid TOML ({message})", line) from None
    except RecursionError:
        raise TomlProblem("is nested too deeply") from None
    except Exception as error:  # the parser on hostile input: no failure may escape
        raise TomlProblem(f"cannot be parsed ({type(error).__name__})") from None
    cut = _prune(data, token)
    lines = key_lines(text) if cut else {}
    for path in cut:
        found_line = next(
            (lines[path[:size]] for size in range(len(path), 0, -1) if path[:size] in lines),
            None,
        )
        deep.append(TooDeep(path, found_line))
    return data, tuple(deep)
