"""Reading a content pack's files as hostile input: contained, checked, decoded, parsed.

Every file is checked before it is opened (inside the pack, a regular file, not too large),
decoded strictly, and parsed through the one hardened TOML reader
(``stsdesk.core.toml_input``); every way this can fail becomes a ``ContentError`` naming
the file and field. Used by the pack parser and by Learn cards.
"""

from __future__ import annotations

import codecs
import re
import stat
from collections.abc import Collection
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn

from stsdesk.core.errors import ContentError
from stsdesk.core.toml_input import TomlProblem, parse_toml

MAX_TOML_BYTES = 256 * 1024
MAX_MEDIA_BYTES = 20 * 1024 * 1024
AUDIO_EXTENSIONS = frozenset({".ogg", ".wav"})
IMAGE_EXTENSIONS = frozenset({".png", ".svg"})

_DRIVE = re.compile(r"[A-Za-z]:")
# Control characters, line separators and bidirectional overrides ("Trojan Source").
UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def quoted(value: str, limit: int = 40) -> str:
    """A hostile string, shortened and escaped, fit to appear inside a message."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def inside(path: Path, root: Path) -> Path | None:
    """``path`` resolved, if it stays within ``root`` (symbolic links followed); else None."""
    try:
        resolved = path.resolve()
        return resolved if resolved.is_relative_to(root.resolve()) else None
    except (OSError, RuntimeError, ValueError):
        return None


def _checked_file(resolved: Path, name: str, field_name: str, limit: int) -> None:
    """Stat before opening: only regular files (a FIFO would block) within the size limit."""
    try:
        info = resolved.stat()
    except FileNotFoundError:
        raise ContentError(name, field_name, "file not found") from None
    except (OSError, ValueError) as err:
        raise ContentError(name, field_name, f"cannot be read ({_os_reason(err)})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ContentError(name, field_name, "is not a regular file")
    if info.st_size > limit:
        raise ContentError(name, field_name, f"is larger than the limit of {_size(limit)}")


def _size(limit: int) -> str:
    return f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit // 2**10} KiB"


def _os_reason(err: BaseException) -> str:
    return getattr(err, "strerror", None) or type(err).__name__


def _read_bytes(path: Path, root: Path) -> bytes:
    name = str(path)
    resolved = inside(path, root)
    if resolved is None:
        raise ContentError(name, "", "points outside the pack (symbolic link?); not read")
    _checked_file(resolved, name, "", MAX_TOML_BYTES)
    try:
        with resolved.open("rb") as handle:
            data = handle.read(MAX_TOML_BYTES + 1)
    except OSError as err:
        raise ContentError(name, "", f"cannot be read ({_os_reason(err)})") from None
    if len(data) > MAX_TOML_BYTES:
        raise ContentError(name, "", f"is larger than the limit of {_size(MAX_TOML_BYTES)}")
    return data


def _decode(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        raise ContentError(name, "", "starts with a byte-order mark; save it as UTF-8 without BOM")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ContentError(name, "", "is UTF-16 text; save it as UTF-8 without BOM")
    if b"\x00" in data:
        raise ContentError(name, "", "contains NUL bytes (UTF-16?); save it as UTF-8 without BOM")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ContentError(
            name, "", f"is not valid UTF-8 (line {line}); save it as UTF-8 without BOM"
        ) from None


def read_toml(path: Path, root: Path) -> dict[str, Any]:
    """Parse one pack file; every way a hostile file can fail becomes a ``ContentError``.

    Read through the one hardened reader (``stsdesk.core.toml_input``): deep nesting never
    recurses, and a key nested too deeply makes this file one problem. Nothing outside
    ``root`` is ever opened.
    """
    name = str(path)
    text = _decode(_read_bytes(path, root), name)
    try:
        data, deep = parse_toml(text)
    except TomlProblem as err:
        where = f" (line {err.line})" if err.line and "line" not in err.problem else ""
        raise ContentError(name, "", f"{err.problem}{where}") from None
    if deep:
        line = f" (line {deep[0].line})" if deep[0].line else ""
        raise ContentError(name, deep[0].key, f"is nested too deeply to read{line}")
    return data


def toml_files(folder: Path, root: Path) -> list[Path]:
    """The ``*.toml`` files of a pack folder, sorted; hidden names (editor litter) ignored."""
    if inside(folder, root) is None:
        raise ContentError(str(folder), "", "points outside the pack (symbolic link?)")
    try:
        names = sorted(p.name for p in folder.iterdir())
    except FileNotFoundError:
        raise ContentError(str(folder), "", "folder not found") from None
    except OSError as err:
        raise ContentError(str(folder), "", f"cannot be listed ({_os_reason(err)})") from None
    return [folder / n for n in names if n.endswith(".toml") and not n.startswith(".")]


def pack_path(
    root: Path,
    value: str,
    extensions: Collection[str],
    *,
    file: str = "",
    field: str = "",
    under: str = "",
) -> Path:
    """A pack-relative path from a pack file, checked as text only: ``root / under / value``.

    Refuses anything that could reach outside the pack on any platform (``..``, absolute
    paths, drives, UNC, backslashes, NUL) and anything but the allowed media types. Nothing
    is read from the disk: ``checked_pack_file`` then follows symbolic links and stats it.
    ``under`` is the folder the path is relative to (``narration`` for clips).
    """

    def refuse(problem: str) -> NoReturn:
        raise ContentError(file, field, problem)

    if not value:
        refuse("is an empty path")
    if "\x00" in value:
        refuse("contains a NUL character")
    if "\\" in value:
        refuse("contains a backslash; use forward slashes")
    if value.startswith("/") or _DRIVE.match(value):
        refuse(f"{quoted(value)} is absolute; use a path relative to the pack")
    if ".." in PurePosixPath(value).parts:
        refuse("'..' is not allowed in a pack path")
    suffix = PurePosixPath(value).suffix.lower()
    if suffix not in extensions:
        allowed = " or ".join(sorted(extensions))
        refuse(f"must end in {allowed}, not {quoted(suffix or value)}")
    return root / under / value


def checked_pack_file(
    path: Path, root: Path, *, value: str = "", file: str = "", field: str = ""
) -> Path:
    """``path`` (from ``pack_path``) resolved, if it is a regular media file inside ``root``.

    Symbolic links are followed and must stay inside the pack; only stat is used, the file
    is not opened. ``value`` is the path as the pack wrote it, for the message.
    """
    resolved = inside(path, root)
    if resolved is None:
        shown = quoted(value or path.name)
        raise ContentError(file, field, f"{shown} resolves outside the pack (symbolic link?)")
    _checked_file(resolved, file, field, MAX_MEDIA_BYTES)
    return resolved


def resolve_pack_path(
    root: Path,
    value: str,
    extensions: Collection[str],
    *,
    file: str = "",
    field: str = "",
    under: str = "",
) -> Path:
    """Turn a pack-relative path from a pack file into a real file inside the pack.

    ``pack_path`` (the text checks) then ``checked_pack_file`` (links followed, stat).
    """
    path = pack_path(root, value, extensions, file=file, field=field, under=under)
    return checked_pack_file(path, root, value=value, file=file, field=field)


def format_problem(err: ContentError) -> str:
    """One printable line: file names and quoted values come from the pack, so control and
    bidirectional characters are escaped before they reach a terminal or a dialog.
    """
    return UNSAFE_CHARS.sub(lambda m: f"\\u{ord(m.group()):04x}", str(err))
