"""The user's settings file: a small TOML file in the user config directory."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from stsdesk.core.errors import SettingsError
from stsdesk.core.settings import SCHEMA, flatten, validate_values
from stsdesk.core.toml_input import TomlProblem, TooDeep, parse_toml

log = logging.getLogger(__name__)

MAX_BYTES = 64 * 1024


def read_toml_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The text of a small TOML file, turning every way it can be unreadable into a
    ``SettingsError`` (too large, a byte-order mark, not UTF-8).
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SettingsError(str(path), f"file is too large ({size} bytes; at most {max_bytes})")
        raw = path.read_bytes()
    except OSError as error:
        raise SettingsError(str(path), f"cannot be read ({error.strerror})") from error
    if len(raw) > max_bytes:  # grew between the stat and the read
        raise SettingsError(str(path), f"file is too large (more than {max_bytes} bytes)")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SettingsError(
            str(path), "starts with a byte-order mark; save it as UTF-8 without BOM", line=1
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SettingsError(str(path), "is not UTF-8 text", line=line) from error


def read_toml(path: Path, max_bytes: int = MAX_BYTES) -> tuple[dict[str, Any], tuple[TooDeep, ...]]:
    """Parse a small TOML file: its data and the keys left out for being nested too deeply.

    Every way the file can be unusable as a whole is a ``SettingsError``.
    """
    try:
        return parse_toml(read_toml_text(path, max_bytes))
    except TomlProblem as error:
        raise SettingsError(str(path), error.problem, line=error.line) from None


def load_user_settings(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The user's valid values and a description of anything ignored. A missing file is empty."""
    if not path.exists():
        return {}, []
    try:
        data, deep = read_toml(path)
    except SettingsError as error:
        return {}, [str(error)]
    values, problems = validate_values(flatten(data))
    problems = [str(SettingsError(str(path), d.problem, line=d.line)) for d in deep] + problems
    for problem in problems:
        log.warning("Ignoring a setting in %s: %s", path, problem)
    return values, problems


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def save_user_settings(path: Path, values: Mapping[str, Any]) -> None:
    """Write the user's values atomically, owner-only, grouped by section in schema order."""
    lines = [
        "# stsdesk settings. Edit in the app (Settings) or here; unknown keys are ignored.",
        "",
    ]
    section = None
    for setting in SCHEMA:
        if setting.key not in values:
            continue
        head, name = setting.key.split(".", 1)
        if head != section:
            if section is not None:
                lines.append("")
            lines.append(f"[{head}]")
            section = head
        lines.append(f"{name} = {_toml_value(values[setting.key])}")
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
