"""R10 (RELIABILITY.md §3): fuzzing the pack loader.

Only ``ContentError`` may ever come out of loading, good content beside bad still loads, and a
resolved pack path always lies inside the pack. Each property reuses one pack and rewrites a
single file per example, which is why the function-scoped fixture health check is silenced.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stsdesk.core.catalog import load_pack
from stsdesk.core.errors import ContentError
from stsdesk.core.pack_files import AUDIO_EXTENSIONS, resolve_pack_path
from stsdesk.core.timeline import compile_timeline

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

EXERCISE_KEYS = ["id", "title", "family", "summary", "modeled_on", "lengths", "tags"]
EXERCISE_KEYS += ["caution", "variants", "steps"]
STEP_KEYS = ["say", "show", "pause", "weight", "breathe", "from_minutes", "bell", "audio", "image"]
BREATHE_KEYS = ["pattern", "cycles", "share"]
NEAR_MISSES = ["", "fuzz", "stress", "discreet", "eyes-closed", "narration/a.ogg", "../a.ogg"]

TOML_TEXT = st.text(alphabet="[]{}=\"'.,#-_+:\n \tabcdeinrstuy0123456789\\", max_size=300)
SCALARS = (
    st.booleans()
    | st.integers(min_value=-(10**25), max_value=10**25)
    | st.floats()
    | st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=20)
    | st.sampled_from(NEAR_MISSES)
)
KEYS = st.sampled_from(EXERCISE_KEYS + STEP_KEYS + BREATHE_KEYS) | st.text(max_size=6)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)
NUMBERS = st.integers(min_value=-2, max_value=20) | st.floats(min_value=-1, max_value=20)
BREATHE = st.fixed_dictionaries(
    {},
    optional={
        "pattern": st.lists(NUMBERS, min_size=3, max_size=5),
        "cycles": NUMBERS | VALUES,
        "share": st.floats(min_value=-0.5, max_value=1.5) | VALUES,
    },
)
STEP = st.dictionaries(st.sampled_from(STEP_KEYS) | KEYS, VALUES | BREATHE | NUMBERS, max_size=5)
EXERCISE_CHANGES = st.dictionaries(
    st.sampled_from(EXERCISE_KEYS) | KEYS,
    VALUES | st.lists(STEP, max_size=4) | st.lists(NUMBERS, max_size=4),
    max_size=4,
)
PATH_PARTS = ["..", ".", "", "narration", "real.ogg", "evil.ogg", "link", "a.ogg", "C:", "c:x.ogg"]
PATH_PARTS += ["~", "\\", "\x00", "//server", "x.exe", "%2e%2e", "real.OGG", "\u202e"]
SEGMENTS = st.sampled_from(PATH_PARTS) | st.text(max_size=6)
PATHS = st.text(max_size=40) | st.lists(SEGMENTS, max_size=6).map("/".join)


def _only_the_fuzzed_file_failed(loaded, name: str) -> None:
    ids = [e.id for e in loaded.exercises]
    assert "calm-breath" in ids
    assert all(Path(p.file).name == f"{name}.toml" for p in loaded.problems), loaded.problems
    assert len(loaded.problems) + ids.count(name) == 1


@pytest.fixture
def pack_root(packs) -> Path:
    root = packs.create(exercises=(packs.exercise(),))
    outside = packs.base / "outside"
    outside.mkdir()
    (outside / "a.ogg").write_bytes(b"secret")
    narration = root / "narration"
    narration.mkdir()
    (narration / "real.ogg").write_bytes(b"OggS")
    (narration / "evil.ogg").symlink_to(outside / "a.ogg")
    (root / "link").symlink_to(outside, target_is_directory=True)
    return root


@FUZZ
@given(data=st.binary(max_size=2000) | TOML_TEXT.map(str.encode))
def test_random_bytes_as_an_exercise_file(packs, pack_root, data):
    packs.write(pack_root, data, "fuzz")
    _only_the_fuzzed_file_failed(load_pack(pack_root), "fuzz")


@FUZZ
@given(changes=EXERCISE_CHANGES)
def test_random_structures_as_an_exercise(packs, pack_root, changes):
    packs.write(pack_root, packs.exercise("fuzz") | changes, "fuzz")
    loaded = load_pack(pack_root)
    _only_the_fuzzed_file_failed(loaded, "fuzz")
    for exercise in loaded.exercises:  # whatever validates must also compile, exactly
        for minutes in exercise.lengths:
            for variant in exercise.variants or (None,):
                timeline = compile_timeline(exercise, minutes, variant_id=variant and variant.id)
                assert timeline.cues[-1].at == minutes * 60


@FUZZ
@given(data=st.binary(max_size=500) | TOML_TEXT.map(str.encode))
def test_random_bytes_as_a_pack_manifest(pack_root, data):
    (pack_root / "pack.toml").write_bytes(data)
    loaded = load_pack(pack_root)
    assert loaded.pack is None
    assert loaded.exercises == ()
    assert len(loaded.problems) == 1


@FUZZ
@given(data=st.binary(max_size=500) | TOML_TEXT.map(str.encode))
def test_random_bytes_as_a_narration_manifest(pack_root, data):
    (pack_root / "narration" / "manifest.toml").write_bytes(data)
    loaded = load_pack(pack_root)
    assert [e.id for e in loaded.exercises] == ["calm-breath"]
    assert len(loaded.problems) <= 1


@FUZZ
@given(value=PATHS, under=st.sampled_from(["", "narration"]))
@example(value="narration/real.ogg", under="")
@example(value="./narration//real.ogg", under="")
@example(value="real.ogg", under="narration")
@example(value="link/a.ogg", under="")
@example(value="narration/evil.ogg", under="")
@example(value="../link/a.ogg", under="narration")
def test_random_paths_resolve_inside_the_pack_or_not_at_all(pack_root, value, under):
    try:
        resolved = resolve_pack_path(pack_root, value, AUDIO_EXTENSIONS, under=under)
    except ContentError:
        return
    assert resolved.is_relative_to(pack_root.resolve())
    assert resolved.is_file()
    assert resolved.suffix.lower() in AUDIO_EXTENSIONS
