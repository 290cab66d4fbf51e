"""The catalog: every usable exercise from every pack, loaded in order, and every problem.

A broken ``pack.toml`` is one problem and no exercises; a broken exercise file is exactly one
problem and every other exercise still loads. Parsing is ``stsdesk.core.pack_parse``; reading
files safely is ``stsdesk.core.pack_files``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from stsdesk.core.errors import ContentError
from stsdesk.core.exercise import FAMILIES, Exercise, Pack, fits, length_for
from stsdesk.core.pack_files import (
    AUDIO_EXTENSIONS,
    checked_pack_file,
    inside,
    read_toml,
    toml_files,
)
from stsdesk.core.pack_parse import load_clips, parse_exercise, parse_manifest

# Pack ids no organization pack may take (the built-in pack's own id clashes like any other).
RESERVED_PACK_IDS = frozenset({"core"})


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
        """Exercises that fit ``minutes``, the longest length played first (the length rule
        of ``stsdesk.core.exercise``: ``fits`` and ``length_for``).

        ``discreet`` keeps only discreet ones; ``no_audio`` drops those that need sound.
        """
        found = [
            e
            for e in self.exercises
            if fits(e, minutes)
            and (e.discreet or not discreet)
            and not (no_audio and e.needs_audio)
        ]
        found.sort(key=lambda e: -length_for(e, minutes))
        return tuple(found)


PackLoader = Callable[[Path], PackLoad]
"""root -> what the pack yields (``load_pack``, or a cache in front of it)."""


def load_pack(root: Path, *, check_clips: bool = False) -> PackLoad:
    """Load one pack. A broken ``pack.toml`` is one problem and no exercises; a broken
    exercise file is exactly one problem and every other exercise still loads.

    Narration clips are checked as paths only; their files are checked when a practice is
    prepared (``playable_clips``), or now with ``check_clips`` (``check_catalog`` does).
    """
    root = Path(root)
    manifest = root / "pack.toml"
    if not os.path.lexists(manifest):
        return PackLoad(None, (), [ContentError(str(manifest), "", "missing; a pack needs one")])
    try:
        pack = parse_manifest(read_toml(manifest, root), manifest)
    except ContentError as err:
        return PackLoad(None, (), [err])
    problems: list[ContentError] = []
    clips = load_clips(pack.root, problems, check_files=check_clips)
    pack = replace(pack, clips=MappingProxyType(clips))
    exercises = []
    for path in _exercise_files(root, problems):
        try:
            exercises.append(parse_exercise(read_toml(path, root), path, pack))
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


def load_catalog(roots: Iterable[Path], load: PackLoader = load_pack) -> Catalog:
    """Load packs in order. A pack whose id an earlier pack has (the built-in ``core``, say)
    is not loaded; an exercise id already taken by an earlier pack is a problem and skipped.

    ``load`` reads one pack (``load_pack``; the app puts a cache in front of it).
    """
    packs: list[Pack] = []
    exercises: dict[str, Exercise] = {}
    problems: list[ContentError] = []
    for root in roots:
        loaded = load(root)
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
    home = inside(builtin, builtin)

    def every_file(root: Path) -> PackLoad:
        return load_pack(root, check_clips=True)

    if home is None or any(inside(root, root) == home for root in roots):
        return load_catalog(roots, every_file)

    def theirs(path: Path | str) -> bool:
        return inside(Path(path), home) is not None

    full = load_catalog([builtin, *roots], every_file)
    return Catalog(
        tuple(p for p in full.packs if p.root != home),
        tuple(e for e in full.exercises if not theirs(e.source)),
        [err for err in full.problems if not theirs(err.file)],
    )


def pack_root(exercise: Exercise) -> Path:
    """The root of the pack ``exercise`` came from (its file is ``ROOT/exercises/ID.toml``)."""
    return exercise.source.parent.parent


def playable_clips(
    exercise: Exercise, clips: Iterable[Path]
) -> tuple[dict[Path, Path], list[ContentError]]:
    """The narration files of ``exercise`` a practice will play, checked now.

    Each path (as the catalogue holds it) maps to the real file: inside the exercise's pack
    (symbolic links followed), a regular file, not too large; the others are problems, and
    the practice shows those lines as captions only. Only stat is used.
    """
    root = inside(pack_root(exercise), pack_root(exercise))
    found: dict[Path, Path] = {}
    problems: list[ContentError] = []
    for path in dict.fromkeys(clips):
        if root is None or path.suffix.lower() not in AUDIO_EXTENSIONS:
            problems.append(ContentError(str(path), "", "is not a narration file of its pack"))
            continue
        try:
            found[path] = checked_pack_file(path, root, file=str(path))
        except ContentError as err:
            problems.append(err)
    return found, problems
