"""The catalogue's packs, kept in the user's cache folder so a start need not parse them again.

A pack is taken from the cache only when nothing it was read from has changed: the key holds
the app's version, this cache's format, the files of the parser itself (size and mtime), the
pack's resolved root, and for every file the pack was read from (``pack.toml``, the narration
manifest, each exercise file and each step's media file) its path, size, mtime_ns, inode and
kind, and the list of exercise files (a file added or removed is a change). Anything else is
a miss, and a miss is a full load, with every check, that is then stored again.

Never trusted blindly:
- a pack that had any problem is never stored, so a hostile or broken pack is validated (and
  its problems reported) on every start;
- the cache is JSON decoded into the content model through a fixed list of types (no pickle,
  no code), and every path in it must lie inside the pack's root, or it is ignored;
- a cache file that is not a regular file of ours, is writable by others, is corrupt or does
  not decode is ignored (and replaced by the next full load);
- files and folders are created owner-only, written to a temporary name and renamed.
Narration clips are not in the key: their files are checked when a practice is prepared.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import tempfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import stsdesk
from stsdesk.core.catalog import PackLoad, load_pack
from stsdesk.core.errors import ContentError
from stsdesk.core.exercise import (
    Breathe,
    BreathPattern,
    Clip,
    Credit,
    Exercise,
    Pack,
    Step,
    Variant,
)
from stsdesk.core.pack_files import toml_files
from stsdesk.infra.paths import make_private_dir

log = logging.getLogger(__name__)

FORMAT = 1
MAX_CACHE_BYTES = 16 * 1024 * 1024
_MODEL = {
    cls.__name__: cls
    for cls in (Pack, Credit, Clip, Exercise, Variant, BreathPattern, Step, Breathe)
}
_CODE = ("catalog", "exercise", "fields", "pack_files", "pack_parse", "timeline", "toml_input")


class CacheMiss(Exception):
    """The cache cannot be used for this pack (why, for the debug log)."""


class PackCache:
    """A ``PackLoader`` (``stsdesk.core.catalog.load_catalog``'s ``load``) with a cache in
    ``folder``: ``load(root)`` gives what ``load_pack(root)`` would, read again only when a
    file changed. ``loaded`` lists the roots read in full (tests and the debug log)."""

    def __init__(self, folder: Path, load: Callable[[Path], PackLoad] = load_pack) -> None:
        self.folder = folder
        self._load = load
        self.loaded: list[Path] = []

    def __call__(self, root: Path) -> PackLoad:
        return self.load(root)

    def load(self, root: Path) -> PackLoad:
        root = Path(root)
        try:
            key = _pack_key(root)
        except (OSError, ValueError) as error:  # unreadable: the full load says why
            log.debug("Catalogue cache not used for %s: %s", root, error)
            return self._full(root, None)
        file = self._file(key["root"])
        try:
            return _decode_entry(_read_private(file), key)
        except CacheMiss as miss:
            log.debug("Catalogue cache miss for %s: %s", root, miss)
        return self._full(root, (file, key))

    def _full(self, root: Path, store: tuple[Path, dict[str, Any]] | None) -> PackLoad:
        loaded = self._load(root)
        self.loaded.append(root)
        if store is None or loaded.pack is None or loaded.problems:
            return loaded  # a pack with any problem is checked again on every start
        file, before = store
        try:
            key = _pack_key(root, loaded)  # the files as they were read, media included
            if {name: value for name, value in key.items() if name != "media"} != before:
                return loaded  # changed while it was being read: not stored
            entry = {
                "key": key,
                "pack": _encode(loaded.pack),
                "exercises": [_encode(exercise, loaded.pack) for exercise in loaded.exercises],
            }
            _write_private(file, entry)
        except (OSError, ValueError, TypeError) as error:
            log.info("The catalogue cache could not be written (%s); it is read in full", error)
        return loaded

    def _file(self, root: str) -> Path:
        # Two checksums, not a cryptographic hash: hashlib would load OpenSSL (3.5 MiB) into
        # every start for this, and a clash only means a miss (the entry's key names its root).
        data = root.encode("utf-8", "surrogateescape")
        return self.folder / f"pack-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.json"


# --- the key ---------------------------------------------------------------------------


def _file_key(path: Path) -> list[Any]:
    """What would show that ``path`` changed (or is now a link, or gone)."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return [str(path), None]
    try:
        info = os.stat(path) if stat.S_ISLNK(link.st_mode) else link
    except OSError:
        return [str(path), link.st_mode, None]
    return [str(path), link.st_mode, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino]


def _code_key() -> list[Any]:
    """The parser's own files: a changed parser (a new checkout, an upgrade) is a miss."""
    core = Path(stsdesk.__file__).parent / "core"
    return [_file_key(core / f"{name}.py")[2:] for name in _CODE]


def _pack_key(root: Path, loaded: PackLoad | None = None) -> dict[str, Any]:
    """The key of ``root`` as it is on disk now; with ``loaded``, its media files too (which
    only the load knows); without, the media files are taken from the stored entry."""
    resolved = root.resolve(strict=True)
    exercises = resolved / "exercises"
    try:
        listing = [path.name for path in toml_files(exercises, resolved)]
    except (ContentError, OSError):  # the full load words it
        listing = []
    files = [resolved / "pack.toml", resolved / "narration" / "manifest.toml", exercises]
    files += [exercises / name for name in listing]
    key: dict[str, Any] = {
        "format": FORMAT,
        "version": stsdesk.__version__,
        "code": _code_key(),
        "root": str(resolved),
        "given": str(root),  # exercise files are named under the root as given
        "listing": listing,
        "files": [_file_key(path) for path in files],
    }
    if loaded is not None:
        media = sorted({str(p) for e in loaded.exercises for p in _media(e)})
        key["media"] = [_file_key(Path(path)) for path in media]
    return key


def _media(exercise: Exercise) -> Iterable[Path]:
    for step in exercise.steps:
        if step.audio is not None:
            yield step.audio
        if step.image is not None:
            yield step.image


# --- reading and writing the file ------------------------------------------------------


def _read_private(file: Path) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(file, flags)
    except FileNotFoundError:
        raise CacheMiss("no entry yet") from None
    except OSError as error:
        raise CacheMiss(f"cannot be opened ({error.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise CacheMiss("not a regular file")
        if hasattr(os, "geteuid") and (
            info.st_uid != os.geteuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        ):
            raise CacheMiss("not owner-only")
        data = handle.read(MAX_CACHE_BYTES + 1)
    if len(data) > MAX_CACHE_BYTES:
        raise CacheMiss("too large")
    return data


def _write_private(file: Path, entry: dict[str, Any]) -> None:
    make_private_dir(file.parent)
    data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    fd, temporary = tempfile.mkstemp(prefix=".pack-", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp: owner-only already
            handle.write(data)
        os.replace(temporary, file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _decode_entry(data: bytes, key: dict[str, Any]) -> PackLoad:
    try:
        entry = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise CacheMiss(f"corrupt ({error})") from None
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), dict):
        raise CacheMiss("not an entry")
    stored = dict(entry["key"])
    media = stored.pop("media", None)
    if stored != key or not isinstance(media, list):
        raise CacheMiss("the pack or stsdesk changed")
    if [_file_key(Path(item[0])) for item in media if isinstance(item, list) and item] != media:
        raise CacheMiss("a media file changed")
    try:
        root = (key["root"], key["given"])
        pack = _decode(entry["pack"], root)
        if not isinstance(pack, Pack):
            raise CacheMiss("does not hold a pack")
        exercises = tuple(_decode(item, root, pack) for item in entry["exercises"])
    except (KeyError, TypeError, ValueError, RecursionError) as error:
        raise CacheMiss(f"does not decode ({error!r})") from None
    if not all(isinstance(e, Exercise) for e in exercises):
        raise CacheMiss("does not hold a pack")
    if pack.root != Path(key["root"]):
        raise CacheMiss("is another pack's")
    return PackLoad(pack, exercises, [])


# --- the content model as JSON ---------------------------------------------------------


def _encode(value: Any, pack: Pack | None = None) -> Any:
    """JSON for the content model. Within an exercise (``pack`` given), a step's clip and the
    exercise's credit are the pack's own objects, so they are stored as references."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Path):
        return {"p": str(value)}
    if isinstance(value, tuple):
        return {"t": [_encode(item, pack) for item in value]}
    if isinstance(value, frozenset):
        return {"s": sorted(value)}
    if isinstance(value, Mapping):
        return {"m": [[key, _encode(item, pack)] for key, item in value.items()]}
    if pack is not None and isinstance(value, Clip) and pack.clips.get(value.text) == value:
        return {"c": value.text}
    if pack is not None and isinstance(value, Credit) and pack.credits.get(value.key) == value:
        return {"k": value.key}
    name = type(value).__name__
    if is_dataclass(value) and _MODEL.get(name) is type(value):
        encoded = {f.name: _encode(getattr(value, f.name), pack) for f in fields(value)}
        return {"d": name, "f": encoded}
    raise TypeError(f"{name} cannot be cached")


_FIELDS = {name: frozenset(f.name for f in fields(cls)) for name, cls in _MODEL.items()}


def _decode(node: Any, root: tuple[str, ...], pack: Pack | None = None) -> Any:
    """The model from ``_encode``'s JSON; every path must be in one of ``root``'s spellings."""
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if not isinstance(node, dict) or len(node) not in (1, 2):
        raise ValueError("unexpected node")
    if "p" in node:
        return Path(_under(_text(node["p"]), root))
    if "t" in node:
        return tuple(_decode(item, root, pack) for item in _list(node["t"]))
    if "s" in node:
        return frozenset(_text(item) for item in _list(node["s"]))
    if "m" in node:
        return MappingProxyType({_text(k): _decode(v, root, pack) for k, v in _list(node["m"])})
    if "c" in node and pack is not None:
        return pack.clips[_text(node["c"])]
    if "k" in node and pack is not None:
        return pack.credits[_text(node["k"])]
    name = node.get("d")
    values = node.get("f")
    if not isinstance(name, str) or name not in _MODEL or not isinstance(values, dict):
        raise ValueError("unknown type")
    if values.keys() != _FIELDS[name]:
        raise ValueError(f"{name} has other fields now")
    # The model's frozen dataclasses have no checks in __init__ (no __post_init__): filling
    # the fields directly builds the same objects, several times faster.
    made = object.__new__(_MODEL[name])
    made.__dict__.update({key: _decode(value, root, pack) for key, value in values.items()})
    return made


def _under(path: str, roots: tuple[str, ...]) -> str:
    """``path`` if it is one of ``roots`` or below it, with no ``..`` (checked as text)."""
    inside = any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)
    if not inside or f"{os.sep}..{os.sep}" in f"{os.sep}{path}{os.sep}":
        raise ValueError("a path outside the pack")
    return path


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected text")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("expected a list")
    return value
