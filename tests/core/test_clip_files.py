"""Narration files are checked when a practice is prepared, not when the catalogue loads.

Loading checks each clip's path as text (no ``..``, no absolute path, an audio type); the file
itself (inside the pack with links followed, a regular file) is checked by ``playable_clips``
for the clips one practice plays, and by ``check-content`` (``check_catalog``) for all.
"""

from __future__ import annotations

from pathlib import Path

from stsdesk.core.catalog import check_catalog, load_pack, playable_clips
from stsdesk.core.timeline import CueKind, compile_timeline

LINES = ("Sit comfortably and let your shoulders drop.", "Breathe with the circle.")


def narrated(packs, tmp_path: Path, *, missing: bool = False, escape: bool = False) -> Path:
    clips = [
        {"file": "a.ogg", "text": LINES[0], "seconds": 2, "missing": missing},
        {"file": "b.ogg", "text": LINES[1], "seconds": 2, "missing": escape},
    ]
    root = packs.create(exercises=(packs.exercise(),), clips=clips)
    if escape:
        (tmp_path / "secret.ogg").write_bytes(b"OggS")
        (root / "narration" / "b.ogg").symlink_to(tmp_path / "secret.ogg")
    return root


def speech(root: Path):
    loaded = load_pack(root)
    (exercise,) = loaded.exercises
    timeline = compile_timeline(exercise, 3)
    clips = [c.clip for c in timeline.cues if c.kind is CueKind.SPEECH and c.clip is not None]
    return loaded, exercise, clips


def test_clips_resolve_at_prepare_to_the_real_files(packs, tmp_path: Path) -> None:
    loaded, exercise, clips = speech(narrated(packs, tmp_path))
    assert loaded.problems == []
    found, problems = playable_clips(exercise, clips)
    assert problems == []
    assert {real.name for real in found.values()} == {"a.ogg", "b.ogg"}
    assert all(real.is_file() for real in found.values())


def test_a_missing_or_escaping_clip_loads_but_is_refused_at_prepare_and_by_check_content(
    packs, tmp_path: Path
) -> None:
    root = narrated(packs, tmp_path, missing=True, escape=True)
    loaded, exercise, clips = speech(root)
    assert loaded.problems == []  # the catalogue itself reads no audio file
    assert len(clips) == 2
    found, problems = playable_clips(exercise, clips)
    assert found == {}
    words = sorted(problem.problem for problem in problems)
    assert words == ["'b.ogg' resolves outside the pack (symbolic link?)", "file not found"]
    checked = check_catalog([root], root)
    assert [problem.field for problem in checked.problems] == ["clips[1].file"]
    assert "not found" in checked.problems[0].problem
