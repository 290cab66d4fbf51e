"""Content packs: the exercise model, and a loader that treats every pack as hostile input.

The format is specified in ``assets/README.md``. Packs come from organizations as well as
from us, so every file is checked before it is opened (inside the pack, a regular file, not
too large), decoded strictly, and every way the parser can fail becomes a ``ContentError``
naming the file and field. One bad exercise never stops the good ones from loading.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
import stat
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import pairwise
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, NoReturn

from stsdesk.core.errors import ContentError
from stsdesk.core.text import unsafe_characters
from stsdesk.core.timeline import compile_timeline
from stsdesk.core.toml_input import TomlProblem, parse_toml

MAX_TOML_BYTES = 256 * 1024
MAX_MEDIA_BYTES = 20 * 1024 * 1024
AUDIO_EXTENSIONS = frozenset({".ogg", ".wav"})
IMAGE_EXTENSIONS = frozenset({".png", ".svg"})
DEFAULT_PAUSE_AFTER_SAY = 1.5
MIN_MINUTES, MAX_MINUTES = 1, 20
TITLE_MAX, SUMMARY_MAX, ID_MAX = 60, 120, 64
# Every other text field has a ceiling too: one line, several lines, a pack's name, a link.
LINE_MAX, TEXT_MAX, NAME_MAX, URL_MAX = 200, 2000, 80, 500
# The README sets no ceiling on these; ours keep the arithmetic finite (a 23-digit integer
# is valid TOML) while staying far above anything that could fit in the longest practice.
MAX_PAUSE = MAX_MINUTES * 60.0
MAX_WEIGHT = 1000.0
MAX_CYCLES = 1000
MAX_BREATH_PHASE = 15.0
MAX_CLIP_SECONDS = MAX_MINUTES * 60.0

FAMILIES: Mapping[str, str] = MappingProxyType(
    {
        "resiliency": "Resiliency skills",
        "compassion": "Compassion-focused practices",
        "self-compassion": "Self-compassion",
        "emotion": "Working with emotions",
        "stress": "Practical stress skills",
    }
)
TAGS: Mapping[str, str] = MappingProxyType(
    {
        "discreet": "Discreet",
        "needs-audio": "Needs audio",
        "eyes-closed": "Eyes closed",
        "movement": "Movement",
    }
)
_NOT_DISCREET = ("eyes-closed", "movement", "needs-audio")
# Pack ids no organization pack may take (the built-in pack's own id clashes like any other).
RESERVED_PACK_IDS = frozenset({"core"})

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_DRIVE = re.compile(r"[A-Za-z]:")
# Control characters, line separators and bidirectional overrides ("Trojan Source").
_UNSAFE_CHARS = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)

_PACK_KEYS = ("pack", "credits")
_PACK_TABLE_KEYS = ("id", "name", "version", "language", "description")
_CREDIT_KEYS = ("text", "url")
_MANIFEST_KEYS = ("voice", "clips")
_VOICE_KEYS = ("engine", "voice", "speed")
_CLIP_KEYS = ("file", "text", "seconds")
_EXERCISE_KEYS = (
    "id",
    "title",
    "family",
    "summary",
    "modeled_on",
    "lengths",
    "tags",
    "caution",
    "variants",
    "steps",
)
_VARIANT_KEYS = ("id", "label", "pattern")
_STEP_KEYS = (
    "say",
    "show",
    "pause",
    "weight",
    "breathe",
    "from_minutes",
    "bell",
    "audio",
    "image",
)
_BREATHE_KEYS = ("pattern", "cycles", "share")


# --- the model -------------------------------------------------------------------------


@dataclass(frozen=True)
class BreathPattern:
    """Seconds of one breath: in, hold after in, out, hold after out."""

    inhale: float
    hold_in: float
    exhale: float
    hold_out: float

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold_in + self.exhale + self.hold_out

    def phases(self) -> tuple[float, float, float, float]:
        """The four durations in breathing order, as the pacer's phases expect them."""
        return (self.inhale, self.hold_in, self.exhale, self.hold_out)


@dataclass(frozen=True)
class Breathe:
    """A paced-breathing section; ``pattern`` is None when the chosen variant supplies it."""

    pattern: BreathPattern | None
    cycles: int | None
    share: float | None


@dataclass(frozen=True)
class Clip:
    """A narration recording of exactly ``text``, lasting ``seconds``."""

    text: str
    path: Path
    seconds: float


@dataclass(frozen=True)
class Step:
    """One line of the script. ``pause`` is already defaulted (1.5 s after ``say``, else 0).

    ``clip`` is the narration manifest's recording of ``say``, matched at load time so the
    timeline needs no access to the pack.
    """

    say: str | None = None
    show: str | None = None
    pause: float = 0.0
    weight: float = 0.0
    breathe: Breathe | None = None
    from_minutes: int | None = None
    bell: bool = False
    audio: Path | None = None
    image: Path | None = None
    clip: Clip | None = None


@dataclass(frozen=True)
class Variant:
    """A breathing pattern the user may choose; the first one of an exercise is the default."""

    id: str
    label: str
    pattern: BreathPattern


@dataclass(frozen=True)
class Credit:
    """The origin an exercise is modeled on, shown on its card."""

    key: str
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Pack:
    """A pack's manifest; ``root`` is resolved, so containment checks compare like with like."""

    id: str
    name: str
    version: str
    language: str
    description: str | None
    root: Path
    credits: Mapping[str, Credit]
    clips: Mapping[str, Clip]


@dataclass(frozen=True)
class Exercise:
    """A validated exercise: every offered length is known to fit its script."""

    id: str
    title: str
    family: str
    summary: str
    credit: Credit
    lengths: tuple[int, ...]
    tags: frozenset[str]
    caution: str | None
    variants: tuple[Variant, ...]
    steps: tuple[Step, ...]
    pack_id: str
    source: Path

    @property
    def discreet(self) -> bool:
        return "discreet" in self.tags

    @property
    def needs_audio(self) -> bool:
        return "needs-audio" in self.tags

    @property
    def eyes_closed(self) -> bool:
        return "eyes-closed" in self.tags

    @property
    def movement(self) -> bool:
        return "movement" in self.tags

    def steps_for(self, minutes: int) -> tuple[Step, ...]:
        """The script at this length: steps with ``from_minutes`` above it are left out."""
        return tuple(s for s in self.steps if s.from_minutes is None or s.from_minutes <= minutes)

    def length_for(self, minutes: int) -> int | None:
        """The longest offered length that fits in ``minutes``, or None if none does."""
        fitting = [length for length in self.lengths if length <= minutes]
        return fitting[-1] if fitting else None


@dataclass(frozen=True)
class PackLoad:
    """What one pack yielded: its manifest (None if unusable), good exercises, problems."""

    pack: Pack | None
    exercises: tuple[Exercise, ...]
    problems: list[ContentError] = field(default_factory=list)


@dataclass(frozen=True)
class Catalog:
    """Every usable exercise from every pack, and every problem met on the way."""

    packs: tuple[Pack, ...]
    exercises: tuple[Exercise, ...]
    problems: list[ContentError] = field(default_factory=list)

    @cached_property
    def _by_id(self) -> dict[str, Exercise]:
        return {exercise.id: exercise for exercise in self.exercises}

    def get(self, exercise_id: str) -> Exercise | None:
        return self._by_id.get(exercise_id)

    def by_family(self) -> dict[str, tuple[Exercise, ...]]:
        """Exercises grouped in ``FAMILIES`` order, by title within a family; no empty groups."""
        groups = {
            family: tuple(
                sorted(
                    (e for e in self.exercises if e.family == family),
                    key=lambda e: e.title.casefold(),
                )
            )
            for family in FAMILIES
        }
        return {family: group for family, group in groups.items() if group}

    def for_minutes(
        self, minutes: int, *, discreet: bool = False, no_audio: bool = False
    ) -> tuple[Exercise, ...]:
        """Exercises playable in ``minutes``, closest length first (see ``length_for``).

        ``discreet`` keeps only discreet ones; ``no_audio`` drops those that need sound.
        """
        found = [
            e
            for e in self.exercises
            if e.length_for(minutes) is not None
            and (e.discreet or not discreet)
            and not (no_audio and e.needs_audio)
        ]
        found.sort(key=lambda e: -(e.length_for(minutes) or 0))
        return tuple(found)


# --- reading files safely --------------------------------------------------------------


def _quote(value: str, limit: int = 40) -> str:
    """A hostile string, shortened and escaped, fit to appear inside a message."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def _inside(path: Path, root: Path) -> Path | None:
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
    resolved = _inside(path, root)
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
    if _inside(folder, root) is None:
        raise ContentError(str(folder), "", "points outside the pack (symbolic link?)")
    try:
        names = sorted(p.name for p in folder.iterdir())
    except FileNotFoundError:
        raise ContentError(str(folder), "", "folder not found") from None
    except OSError as err:
        raise ContentError(str(folder), "", f"cannot be listed ({_os_reason(err)})") from None
    return [folder / n for n in names if n.endswith(".toml") and not n.startswith(".")]


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

    Refuses anything that could reach outside the pack on any platform (``..``, absolute
    paths, drives, UNC, backslashes, NUL, symbolic links out) and anything but the allowed
    media types. Only stat is used; the file is not opened. ``under`` is the folder the path
    is relative to (``narration`` for clips).
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
        refuse(f"{_quote(value)} is absolute; use a path relative to the pack")
    if ".." in PurePosixPath(value).parts:
        refuse("'..' is not allowed in a pack path")
    suffix = PurePosixPath(value).suffix.lower()
    if suffix not in extensions:
        allowed = " or ".join(sorted(extensions))
        refuse(f"must end in {allowed}, not {_quote(suffix or value)}")
    resolved = _inside(root / under / value, root)
    if resolved is None:
        refuse(f"{_quote(value)} resolves outside the pack (symbolic link?)")
    _checked_file(resolved, file, field, MAX_MEDIA_BYTES)
    return resolved


# --- typed reading of TOML tables ------------------------------------------------------


_KINDS = {
    bool: "true/false",
    int: "a whole number",
    float: "a number",
    str: "text",
    list: "a list",
    dict: "a table",
}


def _kind(value: object) -> str:
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
            raise ContentError(file, where, f"must be a table, not {_kind(data)}")
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
        shown = _quote(key) if quote_key and (_UNSAFE_CHARS.search(key) or len(key) > 40) else key
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
            self.fail(key, f"must be text in quotes, not {_kind(value)}")
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
                f"{_quote(value)} must be lower-case letters, digits and single hyphens "
                f"(at most {ID_MAX} characters)",
            )
        return value

    def integer(self, key: str, low: int, high: int, *, required: bool = False) -> int | None:
        value = self.raw(key, required=required)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(key, f"must be a whole number, not {_kind(value)}")
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
            self.fail(key, f"must be a number, not {_kind(value)}")
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
            self.fail(key, f"must be true or false, not {_kind(value)}")
        return value

    def items(self, key: str, *, required: bool = False) -> list[Any] | None:
        """A non-empty array (of anything; callers check the elements)."""
        value = self.raw(key, required=required)
        if value is None:
            return None
        if not isinstance(value, list):
            self.fail(key, f"must be a list, not {_kind(value)}")
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


# --- the pack manifest and narration ---------------------------------------------------


def _parse_credits(reader: FieldReader) -> dict[str, Credit]:
    table = reader.raw("credits")
    if table is None:
        return {}
    if not isinstance(table, dict):
        reader.fail("credits", f"must be a table, not {_kind(table)}")
    credits = {}
    for key, value in table.items():
        entry = FieldReader(value, reader.file, f"credits.{key}", _CREDIT_KEYS)
        credits[key] = Credit(
            key, entry.need_text("text"), entry.text("url", max_len=URL_MAX, one_line=True)
        )
    return credits


def _parse_manifest(data: dict[str, Any], path: Path) -> Pack:
    top = FieldReader(data, str(path), "", _PACK_KEYS)
    top.raw("pack", required=True)
    pack = FieldReader(data["pack"], str(path), "pack", _PACK_TABLE_KEYS)
    pack_id = pack.identifier("id")
    name = pack.need_text("name", max_len=NAME_MAX, one_line=True)
    version = pack.need_text("version", one_line=True)
    language = pack.text("language", one_line=True) or "en"
    if not _LANGUAGE.fullmatch(language):
        pack.fail("language", f"{_quote(language)} is not a language code like 'en' or 'es'")
    return Pack(
        id=pack_id,
        name=name,
        version=version,
        language=language,
        description=pack.text("description"),
        root=path.parent.resolve(),
        credits=MappingProxyType(_parse_credits(top)),
        clips=MappingProxyType({}),
    )


def _parse_clips(data: dict[str, Any], path: Path, root: Path) -> dict[str, Clip]:
    top = FieldReader(data, str(path), "", _MANIFEST_KEYS)
    if top.has("voice"):
        voice = FieldReader(data["voice"], str(path), "voice", _VOICE_KEYS)
        voice.text("engine")
        voice.text("voice")
        voice.number("speed", 0.0, 10.0, above_low=True)
    clips: dict[str, Clip] = {}
    for entry in top.tables("clips", _CLIP_KEYS):
        file_value = entry.need_text("file")
        text = entry.need_text("text")
        entry.raw("seconds", required=True)
        seconds = entry.number("seconds", 0.0, MAX_CLIP_SECONDS, above_low=True, unit=" seconds")
        seconds = seconds or 0.0
        if text in clips:
            entry.fail("text", "already has a clip earlier in the manifest")
        clip_path = resolve_pack_path(
            root,
            file_value,
            AUDIO_EXTENSIONS,
            file=entry.file,
            field=entry.name("file"),
            under="narration",
        )
        clips[text] = Clip(text, clip_path, seconds)
    return clips


def _load_clips(root: Path, problems: list[ContentError]) -> dict[str, Clip]:
    """Narration is optional: a broken manifest is one problem and the pack runs unnarrated."""
    path = root / "narration" / "manifest.toml"
    if not os.path.lexists(path):
        return {}
    try:
        return _parse_clips(read_toml(path, root), path, root)
    except ContentError as err:
        problems.append(err)
        return {}


# --- exercises -------------------------------------------------------------------------


def _pattern(reader: FieldReader, key: str, *, required: bool = False) -> BreathPattern | None:
    values = reader.raw(key, required=required)
    if values is None:
        return None
    shape = "must be four numbers of seconds: [in, hold, out, hold]"
    if not isinstance(values, list) or len(values) != 4:
        reader.fail(key, shape)
    for value in values:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            reader.fail(key, shape)
        if not 0 <= value <= MAX_BREATH_PHASE:
            reader.fail(key, f"each number must be from 0 to {MAX_BREATH_PHASE:g} seconds")
    pattern = BreathPattern(*(float(v) for v in values))
    if pattern.inhale < 1 or pattern.exhale < 1:
        reader.fail(key, "in and out must each last at least 1 second")
    return pattern


def _lengths(reader: FieldReader) -> tuple[int, ...]:
    values = reader.items("lengths", required=True) or []
    for value in values:
        if not isinstance(value, int) or isinstance(value, bool):
            reader.fail("lengths", f"must be whole minutes like [1, 3, 5], not {_kind(value)}")
        if not MIN_MINUTES <= value <= MAX_MINUTES:
            reader.fail("lengths", f"each length must be from {MIN_MINUTES} to {MAX_MINUTES}")
    if any(a >= b for a, b in pairwise(values)):
        reader.fail("lengths", "must be in ascending order without repeats")
    return tuple(values)


def _tags(reader: FieldReader) -> frozenset[str]:
    values = reader.raw("tags")
    if values is None:
        return frozenset()
    if not isinstance(values, list):
        reader.fail("tags", f"must be a list, not {_kind(values)}")
    for value in values:
        if not isinstance(value, str) or value not in TAGS:
            shown = _quote(value) if isinstance(value, str) else _kind(value)
            reader.fail("tags", f"{shown} is not one of: {', '.join(TAGS)}")
    tags = frozenset(values)
    clash = [tag for tag in _NOT_DISCREET if tag in tags]
    if "discreet" in tags and clash:
        reader.fail("tags", f"'discreet' cannot be combined with {clash[0]!r}")
    return tags


def _variants(reader: FieldReader) -> tuple[Variant, ...]:
    variants: list[Variant] = []
    for entry in reader.tables("variants", _VARIANT_KEYS):
        variant_id = entry.identifier("id")
        if any(v.id == variant_id for v in variants):
            entry.fail("id", f"{variant_id!r} is used by an earlier variant")
        label = entry.need_text("label", one_line=True)
        pattern = _pattern(entry, "pattern", required=True)
        assert pattern is not None  # required=True has refused a missing one
        variants.append(Variant(variant_id, label, pattern))
    return tuple(variants)


def _breathe(step: FieldReader, has_variants: bool) -> Breathe | None:
    if not step.has("breathe"):
        return None
    reader = FieldReader(step.data["breathe"], step.file, step.name("breathe"), _BREATHE_KEYS)
    pattern = _pattern(reader, "pattern")
    if pattern is None and not has_variants:
        reader.fail("pattern", "is required because the exercise has no variants")
    cycles = reader.integer("cycles", 1, MAX_CYCLES)
    share = reader.number("share", 0.0, 1.0)
    if (cycles is None) == (share is None):
        raise ContentError(reader.file, reader.where, "needs exactly one of 'cycles' or 'share'")
    return Breathe(pattern, cycles, share)


def _media(step: FieldReader, key: str, pack: Pack, extensions: frozenset[str]) -> Path | None:
    value = step.text(key)
    if value is None:
        return None
    return resolve_pack_path(pack.root, value, extensions, file=step.file, field=step.name(key))


def _step(reader: FieldReader, pack: Pack, has_variants: bool) -> Step:
    if not any(reader.has(key) for key in ("say", "show", "pause", "breathe")):
        raise ContentError(
            reader.file, reader.where, "needs at least one of 'say', 'show', 'pause' or 'breathe'"
        )
    say = reader.text("say")
    pause = reader.number("pause", 0.0, MAX_PAUSE, unit=" seconds")
    audio = _media(reader, "audio", pack, AUDIO_EXTENSIONS)
    if audio is not None and say is None:
        reader.fail("audio", "is a recording of 'say', so the step needs 'say'")
    return Step(
        say=say,
        show=reader.text("show"),
        pause=(DEFAULT_PAUSE_AFTER_SAY if say else 0.0) if pause is None else pause,
        weight=reader.number("weight", 0.0, MAX_WEIGHT) or 0.0,
        breathe=_breathe(reader, has_variants),
        from_minutes=reader.integer("from_minutes", MIN_MINUTES, MAX_MINUTES),
        bell=reader.flag("bell"),
        audio=audio,
        image=_media(reader, "image", pack, IMAGE_EXTENSIONS),
        clip=pack.clips.get(say) if say else None,
    )


def _steps(reader: FieldReader, pack: Pack, has_variants: bool) -> tuple[Step, ...]:
    steps = tuple(
        _step(entry, pack, has_variants)
        for entry in reader.tables("steps", _STEP_KEYS, required=True)
    )
    shares = sum(s.breathe.share or 0.0 for s in steps if s.breathe)
    if shares > 1.0 + 1e-9:
        reader.fail("steps", f"the breathing shares add up to {shares:g}; at most 1 is allowed")
    return steps


def _check_fit(exercise: Exercise) -> None:
    """Compile every offered length with every variant; the timeline names what is missing."""
    for minutes in exercise.lengths:
        for variant in exercise.variants or (None,):
            compile_timeline(exercise, minutes, variant_id=variant.id if variant else None)


def _parse_exercise(data: dict[str, Any], path: Path, pack: Pack) -> Exercise:
    reader = FieldReader(data, str(path), "", _EXERCISE_KEYS)
    exercise_id = reader.identifier("id")
    if exercise_id != path.stem:
        reader.fail("id", f"{exercise_id!r} must match the file name {_quote(path.stem)}")
    title = reader.need_text("title", max_len=TITLE_MAX, one_line=True)
    family = reader.need_text("family")
    if family not in FAMILIES:
        reader.fail("family", f"{_quote(family)} is not one of: {', '.join(FAMILIES)}")
    summary = reader.need_text("summary", max_len=SUMMARY_MAX, one_line=True)
    modeled_on = reader.need_text("modeled_on")
    if modeled_on not in pack.credits:
        known = ", ".join(pack.credits) or "none"
        reader.fail("modeled_on", f"{_quote(modeled_on)} is not in pack.toml's credits ({known})")
    lengths = _lengths(reader)
    tags = _tags(reader)
    caution = reader.text("caution")
    variants = _variants(reader)
    exercise = Exercise(
        id=exercise_id,
        title=title,
        family=family,
        summary=summary,
        credit=pack.credits[modeled_on],
        lengths=lengths,
        tags=tags,
        caution=caution,
        variants=variants,
        steps=_steps(reader, pack, bool(variants)),
        pack_id=pack.id,
        source=path,
    )
    _check_fit(exercise)
    return exercise


# --- loading ---------------------------------------------------------------------------


def load_pack(root: Path) -> PackLoad:
    """Load one pack. A broken ``pack.toml`` is one problem and no exercises; a broken
    exercise file is exactly one problem and every other exercise still loads.
    """
    root = Path(root)
    manifest = root / "pack.toml"
    if not os.path.lexists(manifest):
        return PackLoad(None, (), [ContentError(str(manifest), "", "missing; a pack needs one")])
    try:
        pack = _parse_manifest(read_toml(manifest, root), manifest)
    except ContentError as err:
        return PackLoad(None, (), [err])
    problems: list[ContentError] = []
    pack = replace(pack, clips=MappingProxyType(_load_clips(root, problems)))
    exercises = []
    for path in _exercise_files(root, problems):
        try:
            exercises.append(_parse_exercise(read_toml(path, root), path, pack))
        except ContentError as err:
            problems.append(err)
    return PackLoad(pack, tuple(exercises), problems)


def _exercise_files(root: Path, problems: list[ContentError]) -> list[Path]:
    folder = root / "exercises"
    try:
        files = toml_files(folder, root)
    except ContentError as err:
        problems.append(err)
        return []
    if not files:
        problems.append(ContentError(str(folder), "", "has no exercise files"))
    return files


def _pack_id_clash(pack: Pack, earlier: Iterable[Pack]) -> str:
    """Why ``pack`` cannot join the packs loaded before it, or "" if it can."""
    own = "give this pack an id of its own (it is not loaded)"
    if pack.id in RESERVED_PACK_IDS:
        return f"{pack.id!r} is reserved for stsdesk's built-in pack; {own}"
    first = next((p for p in earlier if p.id == pack.id), None)
    if first is not None:
        return f"{pack.id!r} is already the id of the pack in {first.root}; {own}"
    return ""


def load_catalog(roots: Iterable[Path]) -> Catalog:
    """Load packs in order. A pack whose id an earlier pack has (the built-in ``core``, say)
    is not loaded; an exercise id already taken by an earlier pack is a problem and skipped.
    """
    packs: list[Pack] = []
    exercises: dict[str, Exercise] = {}
    problems: list[ContentError] = []
    for root in roots:
        loaded = load_pack(root)
        if loaded.pack is not None:
            clash = _pack_id_clash(loaded.pack, packs)
            if clash:
                problems.append(ContentError(str(Path(root) / "pack.toml"), "pack.id", clash))
                continue
            packs.append(loaded.pack)
        problems.extend(loaded.problems)
        for exercise in loaded.exercises:
            first = exercises.get(exercise.id)
            if first is None:
                exercises[exercise.id] = exercise
                continue
            problems.append(
                ContentError(
                    str(exercise.source),
                    "id",
                    f"{exercise.id!r} is already used by {first.source} (this one is not loaded)",
                )
            )
    return Catalog(tuple(packs), tuple(exercises.values()), problems)


def check_catalog(roots: Iterable[Path], builtin: Path) -> Catalog:
    """What the app makes of ``roots`` loaded after the ``builtin`` pack, as it always is:
    only the packs, exercises and problems of ``roots`` (for ``stsdesk check-content``).

    A clash with the built-in pack's ids is reported exactly as the app refuses it; the
    built-in pack named among ``roots`` is checked in its own place, not against itself.
    """
    roots = [Path(root) for root in roots]
    home = _inside(builtin, builtin)
    if home is None or any(_inside(root, root) == home for root in roots):
        return load_catalog(roots)

    def theirs(path: Path | str) -> bool:
        return _inside(Path(path), home) is not None

    full = load_catalog([builtin, *roots])
    return Catalog(
        tuple(p for p in full.packs if p.root != home),
        tuple(e for e in full.exercises if not theirs(e.source)),
        [err for err in full.problems if not theirs(err.file)],
    )


def format_problem(err: ContentError) -> str:
    """One printable line: file names and quoted values come from the pack, so control and
    bidirectional characters are escaped before they reach a terminal or a dialog.
    """
    return _UNSAFE_CHARS.sub(lambda m: f"\\u{ord(m.group()):04x}", str(err))
