"""Builders for throwaway content packs, so core tests never depend on the built-in library.

Tests cannot import each other (importlib import mode), so the helpers are offered as the
``packs`` fixture.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from stsdesk.core.catalog import PackLoad, load_pack
from stsdesk.core.errors import ContentError
from stsdesk.core.exercise import Exercise

CREDITS = {
    "stress": {"text": "Based on widely taught stress-management skills."},
    "crm": {"text": "Modeled on the Community Resiliency Model.", "url": "https://example.org"},
}

GOOD_EXERCISE: dict[str, Any] = {
    "id": "calm-breath",
    "title": "Calm breath",
    "family": "stress",
    "summary": "A few slow breaths with the circle.",
    "modeled_on": "stress",
    "lengths": [1, 3, 5],
    "steps": [
        {"say": "Sit comfortably and let your shoulders drop.", "pause": 2, "weight": 1},
        {"say": "Breathe with the circle.", "breathe": {"pattern": [4, 0, 6, 0], "share": 0.5}},
        {"say": "Notice how you feel now.", "pause": 2},
    ],
}


def _toml_string(text: str) -> str:
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def toml_value(value: Any) -> str:
    """One TOML value, written inline (tables as inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{_toml_string(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def toml_dumps(data: dict[str, Any]) -> str:
    """A minimal TOML writer (the project has no TOML-writing dependency, and needs none)."""
    return "".join(f"{_toml_string(key)} = {toml_value(value)}\n" for key, value in data.items())


class PackFactory:
    """Writes packs under a temporary directory and loads them."""

    toml = staticmethod(toml_dumps)

    def __init__(self, base: Path) -> None:
        self.base = base
        self._made = 0

    @staticmethod
    def exercise(exercise_id: str = "calm-breath", **fields: Any) -> dict[str, Any]:
        """A valid exercise as a dict; keyword fields replace (or, as None, remove) fields."""
        data = copy.deepcopy(GOOD_EXERCISE) | {"id": exercise_id}
        for key, value in fields.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return data

    def create(
        self,
        name: str = "",
        *,
        pack_id: str | None = None,
        credits: dict[str, Any] | None = None,
        exercises: tuple[dict[str, Any], ...] = (),
        clips: list[dict[str, Any]] | None = None,
    ) -> Path:
        """A pack directory with a manifest, the given exercises and optional narration."""
        self._made += 1
        name = name or f"pack-{self._made}"
        root = self.base / name
        (root / "exercises").mkdir(parents=True)
        manifest = {
            "pack": {"id": pack_id or name, "name": f"Pack {name}", "version": "1.0"},
            "credits": CREDITS if credits is None else credits,
        }
        (root / "pack.toml").write_text(toml_dumps(manifest), encoding="utf-8")
        for data in exercises:
            self.write(root, data)
        if clips is not None:
            self.narrate(root, clips)
        return root

    def write(self, root: Path, data: dict[str, Any] | str | bytes, name: str = "") -> Path:
        """Write one exercise file (a dict, raw text or raw bytes), named after its id."""
        if not name:
            assert isinstance(data, dict), "name raw exercise files explicitly"
            name = str(data["id"])
        path = root / "exercises" / f"{name}.toml"
        if isinstance(data, dict):
            data = toml_dumps(data)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path

    def narrate(self, root: Path, clips: list[dict[str, Any]]) -> None:
        """A narration manifest; each clip's file is created unless it is marked missing."""
        folder = root / "narration"
        folder.mkdir(exist_ok=True)
        entries = []
        for clip in clips:
            entry = {k: v for k, v in clip.items() if k != "missing"}
            if not clip.get("missing"):
                (folder / entry["file"]).write_bytes(b"OggS")
            entries.append(entry)
        manifest = {"voice": {"engine": "test", "voice": "plain", "speed": 1.0}, "clips": entries}
        (folder / "manifest.toml").write_text(toml_dumps(manifest), encoding="utf-8")

    def load(self, root: Path) -> PackLoad:
        return load_pack(root)

    def load_one(self, data: dict[str, Any], **pack_options: Any) -> Exercise:
        """Load a pack holding only this exercise, insisting it is valid."""
        loaded = load_pack(self.create(exercises=(data,), **pack_options))
        assert loaded.problems == [], loaded.problems
        (exercise,) = loaded.exercises
        return exercise

    def lone_problem(
        self, bad: dict[str, Any] | str | bytes, name: str = "bad", **pack_options: Any
    ) -> ContentError:
        """Load the good exercise beside one bad file: the good one must load, and the bad
        file must give exactly one problem, which is returned.
        """
        root = self.create(exercises=(self.exercise(),), **pack_options)
        self.write(root, bad, name)
        loaded = load_pack(root)
        assert [e.id for e in loaded.exercises] == ["calm-breath"], loaded.problems
        assert len(loaded.problems) == 1, loaded.problems
        (problem,) = loaded.problems
        assert Path(problem.file).name == f"{name}.toml"
        return problem


@pytest.fixture
def packs(tmp_path: Path) -> PackFactory:
    return PackFactory(tmp_path)
