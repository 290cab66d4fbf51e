"""The catalogue cache: used only while nothing it was read from has changed; never trusted.

Real packs on disk (a copy of the built-in one), a real cache folder; each "start" is a new
``PackCache`` over the same folder, as each process makes one.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from stsdesk.application.startup import start
from stsdesk.core.catalog import Catalog, load_catalog
from stsdesk.infra.catalog_cache import PackCache
from stsdesk.infra.resources import builtin_pack

EXERCISE = "one-breath-pause"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A copy of the built-in pack's text files (the narration's audio is not read at load)."""
    source, root = builtin_pack(), tmp_path / "packs" / "copy"
    shutil.copytree(source / "exercises", root / "exercises")
    (root / "narration").mkdir()
    shutil.copy2(source / "narration" / "manifest.toml", root / "narration")
    text = (source / "pack.toml").read_text(encoding="utf-8")
    (root / "pack.toml").write_text(text.replace('id = "core"', 'id = "copy"'), encoding="utf-8")
    return root


def start_once(cache: Path, *roots: Path) -> tuple[Catalog, list[Path]]:
    loader = PackCache(cache)
    return load_catalog(list(roots), loader), loader.loaded


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("pack-*.json")) if cache.is_dir() else []


def test_a_second_start_reads_the_cache_and_gets_exactly_the_same_catalogue(
    pack: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache" / "catalogue"
    first, read = start_once(cache, pack)
    assert read == [pack]
    assert first.problems == []
    assert first.get(EXERCISE) is not None
    (entry,) = entries(cache)
    if os.name == "posix":
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600
        assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    second, read = start_once(cache, pack)
    assert read == []
    assert second == load_catalog([pack])


def test_touching_changing_adding_or_removing_a_file_reads_the_pack_again(
    pack: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    start_once(cache, pack)
    exercise = pack / "exercises" / f"{EXERCISE}.toml"
    info = exercise.stat()
    os.utime(exercise, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))  # touched only
    assert start_once(cache, pack)[1] == [pack]
    assert start_once(cache, pack)[1] == []
    text = exercise.read_text(encoding="utf-8")
    old_title = next(line for line in text.splitlines() if line.startswith("title"))
    exercise.write_text(text.replace(old_title, 'title = "A changed title"'), encoding="utf-8")
    catalog, read = start_once(cache, pack)
    assert read == [pack]
    assert catalog.get(EXERCISE).title == "A changed title"
    shutil.copy(exercise, pack / "exercises" / "a-new-one.toml")  # its id does not match: a problem
    catalog, read = start_once(cache, pack)
    assert read == [pack]
    assert [Path(p.file).name for p in catalog.problems] == ["a-new-one.toml"]
    (pack / "exercises" / "a-new-one.toml").unlink()
    exercise.unlink()
    catalog, read = start_once(cache, pack)
    assert read == [pack]
    assert catalog.get(EXERCISE) is None
    assert catalog.problems == []
    manifest = pack / "narration" / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert start_once(cache, pack)[1] == [pack]


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\x00\xff not json at all",
        b'{"key": {}, "pack": null, "exercises": []}',
        b"[1, 2, 3]",
        "truncated",
        "outside",
        "foreign type",
    ],
)
def test_a_damaged_or_forged_cache_is_ignored_and_written_anew(
    pack: Path, tmp_path: Path, damage: bytes | str
) -> None:
    cache = tmp_path / "cache"
    start_once(cache, pack)
    (entry,) = entries(cache)
    data = entry.read_bytes()
    if damage == "truncated":
        damage = data[: len(data) // 2]
    elif damage == "outside":  # every path must stay inside the pack, whatever the file says
        damage = data.replace(b'"p":"' + str(pack).encode(), b'"p":"/etc', 1)
    elif damage == "foreign type":
        forged = json.loads(data)
        forged["pack"]["d"] = "Path"
        damage = json.dumps(forged).encode()
    entry.write_bytes(damage)
    catalog, read = start_once(cache, pack)
    assert read == [pack]  # read in full
    assert catalog == load_catalog([pack])
    assert start_once(cache, pack)[1] == []  # and the cache is good again


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_cache_file_others_can_write_is_not_used(pack: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    start_once(cache, pack)
    (entry,) = entries(cache)
    entry.chmod(0o666)
    assert start_once(cache, pack)[1] == [pack]


def test_a_hostile_pack_is_reported_on_every_start_and_never_cached(
    pack: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    exercise = pack / "exercises" / f"{EXERCISE}.toml"
    text = exercise.read_text(encoding="utf-8")
    exercise.write_text(text + '\n"\u202eevil" = 1\n', encoding="utf-8")
    for _ in range(3):
        catalog, read = start_once(cache, pack)
        assert read == [pack]
        (problem,) = catalog.problems
        assert Path(problem.file).name == f"{EXERCISE}.toml"
        assert catalog.get(EXERCISE) is None
    assert entries(cache) == []
    exercise.write_text(text, encoding="utf-8")  # mended: cached from now on
    assert start_once(cache, pack)[1] == [pack]
    assert start_once(cache, pack)[1] == []


def test_the_start_up_context_keeps_the_catalogue_cache_in_the_data_folders_cache(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    first = start(data).catalog
    assert first.get(EXERCISE) is not None
    assert len(entries(data / "cache" / "catalogue")) == 1
    assert start(data).catalog == first
