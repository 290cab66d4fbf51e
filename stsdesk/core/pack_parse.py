"""Parsing a content pack's manifest, narration manifest and exercise files into the model.

Each function takes already-read TOML data (``stsdesk.core.pack_files.read_toml``) and raises
a ``ContentError`` at the first problem; ``stsdesk.core.catalog`` turns those into one problem
per file, so one bad exercise never stops the good ones from loading.
"""

from __future__ import annotations

import os
import re
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType
from typing import Any

from stsdesk.core.errors import ContentError
from stsdesk.core.exercise import (
    FAMILIES,
    MAX_MINUTES,
    MIN_MINUTES,
    TAGS,
    Breathe,
    BreathPattern,
    Clip,
    Credit,
    Exercise,
    Pack,
    Step,
    Variant,
)
from stsdesk.core.fields import FieldReader, kind_of
from stsdesk.core.pack_files import (
    AUDIO_EXTENSIONS,
    IMAGE_EXTENSIONS,
    checked_pack_file,
    pack_path,
    quoted,
    read_toml,
    resolve_pack_path,
)
from stsdesk.core.timeline import compile_timeline

DEFAULT_PAUSE_AFTER_SAY = 1.5
TITLE_MAX, SUMMARY_MAX = 60, 120
# The label of a written practice's answer box (``answer_prompt``): one line.
ANSWER_PROMPT_MAX = 120
# A pack's name and a link have a ceiling too (other text: ``stsdesk.core.fields``).
NAME_MAX, URL_MAX = 80, 500
# The README sets no ceiling on these; ours keep the arithmetic finite (a 23-digit integer
# is valid TOML) while staying far above anything that could fit in the longest practice.
MAX_PAUSE = MAX_MINUTES * 60.0
MAX_WEIGHT = 1000.0
MAX_CYCLES = 1000
MAX_BREATH_PHASE = 15.0
MAX_CLIP_SECONDS = MAX_MINUTES * 60.0

_NOT_DISCREET = ("eyes-closed", "movement", "needs-audio")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

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
    "answer_prompt",
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


# --- the pack manifest and narration ---------------------------------------------------


def _parse_credits(reader: FieldReader) -> dict[str, Credit]:
    table = reader.raw("credits")
    if table is None:
        return {}
    if not isinstance(table, dict):
        reader.fail("credits", f"must be a table, not {kind_of(table)}")
    credits = {}
    for key, value in table.items():
        entry = FieldReader(value, reader.file, f"credits.{key}", _CREDIT_KEYS)
        credits[key] = Credit(
            key, entry.need_text("text"), entry.text("url", max_len=URL_MAX, one_line=True)
        )
    return credits


def parse_manifest(data: dict[str, Any], path: Path) -> Pack:
    top = FieldReader(data, str(path), "", _PACK_KEYS)
    top.raw("pack", required=True)
    pack = FieldReader(data["pack"], str(path), "pack", _PACK_TABLE_KEYS)
    pack_id = pack.identifier("id")
    name = pack.need_text("name", max_len=NAME_MAX, one_line=True)
    version = pack.need_text("version", one_line=True)
    language = pack.text("language", one_line=True) or "en"
    if not _LANGUAGE.fullmatch(language):
        pack.fail("language", f"{quoted(language)} is not a language code like 'en' or 'es'")
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


def _parse_clips(
    data: dict[str, Any], path: Path, root: Path, check_files: bool
) -> dict[str, Clip]:
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
        where = {"file": entry.file, "field": entry.name("file")}
        clip_path = pack_path(root, file_value, AUDIO_EXTENSIONS, under="narration", **where)
        if check_files:
            checked_pack_file(clip_path, root, value=file_value, **where)
        clips[text] = Clip(text, clip_path, seconds)
    return clips


def load_clips(
    root: Path, problems: list[ContentError], *, check_files: bool = False
) -> dict[str, Clip]:
    """Narration is optional: a broken manifest is one problem and the pack runs unnarrated.

    ``root`` is the pack's resolved root. Each clip's path is checked as text here; the file
    itself (inside the pack, a regular file) is checked when a practice is prepared
    (``stsdesk.core.catalog.playable_clips``), or here with ``check_files`` (``check-content``).
    """
    path = root / "narration" / "manifest.toml"
    if not os.path.lexists(path):
        return {}
    try:
        return _parse_clips(read_toml(path, root), path, root, check_files)
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
            reader.fail("lengths", f"must be whole minutes like [1, 3, 5], not {kind_of(value)}")
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
        reader.fail("tags", f"must be a list, not {kind_of(values)}")
    for value in values:
        if not isinstance(value, str) or value not in TAGS:
            shown = quoted(value) if isinstance(value, str) else kind_of(value)
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


def parse_exercise(data: dict[str, Any], path: Path, pack: Pack) -> Exercise:
    reader = FieldReader(data, str(path), "", _EXERCISE_KEYS)
    exercise_id = reader.identifier("id")
    if exercise_id != path.stem:
        reader.fail("id", f"{exercise_id!r} must match the file name {quoted(path.stem)}")
    title = reader.need_text("title", max_len=TITLE_MAX, one_line=True)
    family = reader.need_text("family")
    if family not in FAMILIES:
        reader.fail("family", f"{quoted(family)} is not one of: {', '.join(FAMILIES)}")
    summary = reader.need_text("summary", max_len=SUMMARY_MAX, one_line=True)
    modeled_on = reader.need_text("modeled_on")
    if modeled_on not in pack.credits:
        known = ", ".join(pack.credits) or "none"
        reader.fail("modeled_on", f"{quoted(modeled_on)} is not in pack.toml's credits ({known})")
    lengths = _lengths(reader)
    tags = _tags(reader)
    caution = reader.text("caution")
    answer_prompt = reader.text("answer_prompt", max_len=ANSWER_PROMPT_MAX, one_line=True)
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
        answer_prompt=answer_prompt,
    )
    _check_fit(exercise)
    return exercise
