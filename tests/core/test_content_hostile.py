"""R9 (RELIABILITY.md §3): hostile content packs.

One good exercise beside one bad file per case: the good exercise loads, the bad file gives
exactly one problem naming the file and the field, no exception escapes, and no file outside
the pack root is ever opened (watched with an audit hook on the ``open`` event).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from stsdesk.core.catalog import load_pack

Writer = Callable[[object, Path, str], None]


class _OpenWatch:
    """Records every path opened while active. Audit hooks cannot be removed, so the hook
    is installed once per process and stays idle outside ``watch_opens``.
    """

    def __init__(self) -> None:
        self.installed = False
        self.paths: list[str] | None = None

    def __call__(self, event: str, args: tuple[object, ...]) -> None:
        if event == "open" and self.paths is not None:
            target = args[0]
            if isinstance(target, (str, bytes, os.PathLike)):
                self.paths.append(os.fsdecode(target))


_WATCH = _OpenWatch()


@contextmanager
def watch_opens() -> Iterator[list[str]]:
    if not _WATCH.installed:
        sys.addaudithook(_WATCH)
        _WATCH.installed = True
    _WATCH.paths = opened = []
    try:
        yield opened
    finally:
        _WATCH.paths = None


def _raw(make: Callable[[bytes], bytes]) -> Writer:
    """A bad file made by mangling the bytes of a valid exercise with the right id."""

    def write(packs, root: Path, name: str) -> None:
        valid = packs.toml(packs.exercise(name, title="Calm café")).encode("utf-8")
        packs.write(root, make(valid), name)

    return write


def _fields(**fields: object) -> Writer:
    def write(packs, root: Path, name: str) -> None:
        packs.write(root, packs.exercise(name, **fields), name)

    return write


def _step(**step: object) -> Writer:
    return _fields(steps=[{"say": "Hello there.", "pause": 2} | step])


def _linked_exercise(packs, root: Path, name: str) -> None:
    secret = root.parent / "outside" / f"{name}.toml"
    secret.write_text(packs.toml(packs.exercise(name)), encoding="utf-8")
    (root / "exercises" / f"{name}.toml").symlink_to(secret)


def _fifo(packs, root: Path, name: str) -> None:
    os.mkfifo(root / "exercises" / f"{name}.toml")


def _folder(packs, root: Path, name: str) -> None:
    (root / "exercises" / f"{name}.toml").mkdir()


DEEP_ARRAYS = b"x = " + b"[" * 1000 + b"]" * 1000 + b"\n"
DEEP_TABLES = b"x = " + b"{a = " * 1000 + b"1" + b"}" * 1000 + b"\n"
PADDING = b"# " + b"z" * (300 * 1024) + b"\n"
LONG_HOLD = {"pattern": [4, 60, 6, 0], "cycles": 2}
MANY_BREATHS = {"pattern": [4, 0, 6, 0], "cycles": 40}

# name: (how the bad file is made, field named in the problem, words in the problem)
CASES: dict[str, tuple[Writer, str, str]] = {
    "bad TOML": (_raw(lambda b: b + b'summary = "unclosed\n'), "", "line"),
    "duplicate key": (_raw(lambda b: b + b'title = "Again"\n'), "", "not valid TOML"),
    "NUL byte": (_raw(lambda b: b + b"\x00\n"), "", "NUL bytes"),
    "BOM": (_raw(lambda b: b"\xef\xbb\xbf" + b), "", "byte-order mark; save it as UTF-8"),
    "Latin-1": (_raw(lambda b: b.decode().encode("latin-1")), "", "not valid UTF-8 (line 2)"),
    "UTF-16": (_raw(lambda b: b.decode().encode("utf-16")), "", "UTF-16"),
    "UTF-16 without BOM": (_raw(lambda b: b.decode().encode("utf-16-le")), "", "UTF-16?"),
    "1000-deep arrays": (_raw(lambda b: b + DEEP_ARRAYS), "", "nested too deeply"),
    "1000-deep tables": (_raw(lambda b: b + DEEP_TABLES), "", "nested too deeply"),
    "oversized": (_raw(lambda b: b + PADDING), "", "256 KiB"),
    "unknown key": (_fields(titel="Oops"), "titel", "unknown field"),
    "missing key": (_fields(summary=None), "summary", "required"),
    "wrong type": (_fields(title=["Calm"]), "title", "text"),
    "date for text": (_raw(lambda b: b + b"caution = 2024-05-01\n"), "caution", "text"),
    "bool for int": (_fields(lengths=[True]), "lengths", "true/false"),
    "huge int": (_step(pause=10**30), "steps[1].pause", "from 0"),
    "NaN": (_raw(lambda b: b.replace(b"= 2,", b"= nan,", 1)), "steps[1].pause", "from 0"),
    "out of range": (_step(breathe=LONG_HOLD), "steps[1].breathe.pattern", "0 to 15"),
    "does not fit": (_step(breathe=MANY_BREATHS), "lengths", "seconds"),
    "missing audio": (_step(audio="narration/missing.ogg"), "steps[1].audio", "not found"),
    "dotdot": (_step(audio="../../etc/passwd"), "steps[1].audio", "'..'"),
    "dotdot inside": (_step(audio="narration/../../x.ogg"), "steps[1].audio", "'..'"),
    "absolute": (_step(audio="/etc/passwd"), "steps[1].audio", "absolute"),
    "drive slash": (_step(audio="C:/x.ogg"), "steps[1].audio", "absolute"),
    "drive relative": (_step(audio="c:x.ogg"), "steps[1].audio", "absolute"),
    "drive backslash": (_step(audio="C:\\x.ogg"), "steps[1].audio", "backslash"),
    "UNC": (_step(audio="\\\\server\\share\\a.ogg"), "steps[1].audio", "backslash"),
    "UNC forward": (_step(audio="//server/share/a.ogg"), "steps[1].audio", "absolute"),
    "symlink escape": (_step(audio="narration/evil.ogg"), "steps[1].audio", "outside the pack"),
    "exe": (_step(audio="narration/box.exe"), "steps[1].audio", ".ogg or .wav"),
    "empty path": (_step(audio=""), "steps[1].audio", "empty"),
    "NUL in path": (_step(audio="narration/a\x00.ogg"), "steps[1].audio", "NUL"),
    "image escape": (_step(image="../outside/secret.png"), "steps[1].image", "'..'"),
    "image type": (_step(image="narration/real.ogg"), "steps[1].image", ".png or .svg"),
    "linked exercise": (_linked_exercise, "", "outside the pack"),
    "folder named like a file": (_folder, "", "not a regular file"),
}  # fmt: skip
if hasattr(os, "mkfifo"):
    CASES["FIFO"] = (_fifo, "", "not a regular file")


def _pack(packs) -> Path:
    """A pack with the good exercise, some real media and a secret just outside it."""
    root = packs.create("hostile", exercises=(packs.exercise(),))
    outside = root.parent / "outside"
    outside.mkdir()
    (outside / "secret.ogg").write_bytes(b"secret")
    (outside / "secret.png").write_bytes(b"secret")
    narration = root / "narration"
    narration.mkdir()
    (narration / "real.ogg").write_bytes(b"OggS")
    (narration / "box.exe").write_bytes(b"MZ")
    (narration / "evil.ogg").symlink_to(outside / "secret.ogg")
    return root


@pytest.mark.parametrize(("write", "field", "words"), CASES.values(), ids=CASES.keys())
def test_one_bad_file_is_exactly_one_problem(packs, write, field, words):
    root = _pack(packs)
    write(packs, root, "bad")

    loaded = load_pack(root)

    assert [e.id for e in loaded.exercises] == ["calm-breath"]
    assert len(loaded.problems) == 1, loaded.problems
    (problem,) = loaded.problems
    assert problem.file == str(root / "exercises" / "bad.toml")
    assert problem.field == field
    assert words in problem.problem


def test_all_bad_files_together_open_nothing_outside_the_pack(packs):
    root = _pack(packs)
    names = [f"bad-{n}" for n in range(len(CASES))]
    for name, (write, _, _) in zip(names, CASES.values(), strict=True):
        write(packs, root, name)
    load_pack(root)  # warm up: lazy imports must not count as opened pack files

    with watch_opens() as opened:
        loaded = load_pack(root)

    assert [e.id for e in loaded.exercises] == ["calm-breath"]
    assert sorted(Path(p.file).stem for p in loaded.problems) == sorted(names)
    assert opened, "the audit hook saw nothing; the check would be vacuous"
    inside = root.resolve()
    escaped = [p for p in opened if not Path(p).resolve().is_relative_to(inside)]
    assert escaped == []
    assert not any("secret" in p or "outside" in p for p in opened)
