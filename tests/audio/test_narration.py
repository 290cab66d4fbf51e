"""The built-in pack's rendered narration: a current clip for every spoken line, each one mono
Ogg Vorbis at the voice's loudness and as long as the manifest says, every practice still fitting
every length it offers, and a render script that has nothing to do when nothing changed.

No text-to-speech engine is needed; ffmpeg measures loudness (the tests that use it skip
without it). Until the narration is rendered (python packaging/render_narration.py) there is
nothing to check, and the whole module skips.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from stsdesk.core.catalog import PackLoad, load_pack
from stsdesk.core.exercise import Exercise
from stsdesk.core.timeline import CueKind, compile_timeline

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "assets" / "packs" / "core"
NARRATION = PACK / "narration"
RENDER = REPO / "packaging" / "render_narration.py"
TARGET_LUFS = -18.0
LOUDNESS_TOLERANCE = 1.0
PEAK_LIMIT_DB = -1.5
SECONDS_TOLERANCE = 0.05
SAMPLE_SIZE = 20
MAX_WORDS_PER_MINUTE = 160.0  # CONTENT.md: calm, unhurried; faster lines are rendered slower
PAD_SECONDS = 0.25  # the silence the render script adds at each end of a clip

MANIFEST = NARRATION / "manifest.toml"

pytestmark = pytest.mark.skipif(
    not MANIFEST.is_file(), reason="narration not rendered yet: run packaging/render_narration.py"
)
ENTRIES = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["clips"] if MANIFEST.is_file() else []
CLIPS = {clip["file"]: clip for clip in ENTRIES}
# File names are hashes, so every n-th name is a spread of short and long lines, the same each run.
SAMPLE = sorted(CLIPS)[:: max(1, len(CLIPS) // SAMPLE_SIZE)][:SAMPLE_SIZE]
needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None, reason="ffmpeg decodes and measures the clips"
)


@pytest.fixture(scope="module")
def loaded() -> PackLoad:
    return load_pack(PACK)


def _variants(exercise: Exercise) -> list[str | None]:
    return [variant.id for variant in exercise.variants] or [None]


def _vorbis_format(data: bytes) -> tuple[int, int]:
    """Channels and sample rate, from the identification header on the first Ogg page."""
    assert data[:4] == b"OggS"
    packet = data[27 + data[26] :]  # after the page header and its segment table
    assert packet[:7] == b"\x01vorbis"
    return packet[11], int.from_bytes(packet[12:16], "little")


def _granule_seconds(data: bytes, rate: int) -> float:
    """The stream's length from the last page's granule position: its count of samples."""
    last = data.rindex(b"OggS")
    assert data[last + 5] & 0x04, "the stream has no end-of-stream page"
    return int.from_bytes(data[last + 6 : last + 14], "little") / rate


def _decode(name: str) -> tuple[float, float, float]:
    """Decode a clip fully with ffmpeg: its decoded seconds, loudness (LUFS), true peak (dBTP)."""
    path = NARRATION / name
    _, rate = _vorbis_format(path.read_bytes()[:512])
    result = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-xerror", "-i", str(path),
         "-af", "ebur128=peak=true", "-f", "s16le", "-"],
        capture_output=True, check=True,
    )  # fmt: skip
    log = result.stderr.decode()
    summary = log[log.rindex("Summary:") :]
    lufs = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    assert lufs is not None, summary
    assert peak is not None, summary
    return len(result.stdout) / 2 / rate, float(lufs.group(1)), float(peak.group(1))


def _problems(name: str) -> list[str]:
    seconds, lufs, peak = _decode(name)
    problems = []
    if abs(seconds - CLIPS[name]["seconds"]) > SECONDS_TOLERANCE:
        problems.append(f"decodes to {seconds:.3f} s, manifest says {CLIPS[name]['seconds']}")
    if abs(lufs - TARGET_LUFS) > LOUDNESS_TOLERANCE:
        problems.append(f"{lufs} LUFS")
    if peak >= PEAK_LIMIT_DB:
        problems.append(f"true peak {peak} dBTP")
    return [f"{name} ({CLIPS[name]['text'][:40]!r}): {problem}" for problem in problems]


def test_every_spoken_line_has_the_clip_of_its_current_text(loaded: PackLoad) -> None:
    assert loaded.problems == []
    assert len(loaded.exercises) == len(list((PACK / "exercises").glob("*.toml")))
    by_text = {clip["text"]: name for name, clip in CLIPS.items()}
    spoken = {step.say for exercise in loaded.exercises for step in exercise.steps if step.say}
    assert spoken - by_text.keys() == set(), "lines without a clip: re-render"
    assert by_text.keys() - spoken == set(), "clips for lines no exercise speaks: re-render"
    for exercise in loaded.exercises:
        for step in exercise.steps:
            if step.say:
                assert step.clip is not None
                assert step.clip.text == step.say
                assert step.clip.path.name == by_text[step.say]


def test_every_clip_is_spoken_under_160_words_a_minute() -> None:
    fast = []
    for clip in ENTRIES:
        speech = max(clip["seconds"] - 2 * PAD_SECONDS, 0.1)
        rate = len(clip["text"].split()) * 60.0 / speech
        if rate >= MAX_WORDS_PER_MINUTE:
            fast.append((round(rate), clip["text"]))
    assert sorted(fast) == []


def test_every_clip_is_mono_ogg_vorbis_as_long_as_the_manifest_says() -> None:
    on_disk = {path.name for path in NARRATION.glob("*.ogg")}
    assert on_disk == set(CLIPS), "clips missing, or left over from old renders"
    for name, clip in CLIPS.items():
        data = (NARRATION / name).read_bytes()
        channels, rate = _vorbis_format(data[:512])
        assert channels == 1, f"{name} is not mono"
        assert rate in (24000, 44100), f"{name}: {rate} Hz"
        seconds = _granule_seconds(data, rate)
        assert seconds == pytest.approx(clip["seconds"], abs=SECONDS_TOLERANCE), name


@needs_ffmpeg
@pytest.mark.parametrize("name", SAMPLE)
def test_a_sample_of_clips_decodes_at_the_voice_loudness(name: str) -> None:
    assert _problems(name) == []


@needs_ffmpeg
@pytest.mark.slow
def test_every_clip_decodes_at_the_voice_loudness() -> None:
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        problems = [problem for found in pool.map(_problems, sorted(CLIPS)) for problem in found]
    assert problems == []


def test_every_exercise_fits_every_length_with_its_clips(loaded: PackLoad) -> None:
    """The words last as long as their clips and each fits the step the timeline gives it;
    the silences make up the rest, to the second."""
    for exercise in loaded.exercises:
        for minutes in exercise.lengths:
            for variant in _variants(exercise):
                timeline = compile_timeline(exercise, minutes, variant_id=variant)
                assert timeline.total == minutes * 60
                ends = [*timeline.step_starts[1:], timeline.total]
                speech = [cue for cue in timeline.cues if cue.kind is CueKind.SPEECH]
                steps = exercise.steps_for(minutes)
                assert len(speech) == sum(1 for step in steps if step.say)
                for cue in speech:
                    clip = steps[cue.step].clip
                    assert clip is not None
                    assert cue.clip == clip.path
                    assert cue.duration == clip.seconds
                    assert cue.end <= ends[cue.step] + 1e-9, (exercise.id, minutes, cue.text)


# Imported in the render script's process, these fail: with nothing to render it needs no engine.
NO_ENGINE = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {'hibari', 'onnxruntime', 'numpy'}:
            raise ImportError(f'{name} is blocked: nothing to render, so no engine')
sys.meta_path.insert(0, Block())
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A copy of the built-in pack, narration and all, for the render script to look at."""
    return shutil.copytree(PACK, tmp_path / "core")


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
    }


def _render(pack: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the render script on ``pack`` in a process where the engine cannot be imported."""
    blocker = pack.parent / "no-engine"
    blocker.mkdir(exist_ok=True)
    (blocker / "sitecustomize.py").write_text(NO_ENGINE)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), str(REPO)])}
    return subprocess.run(
        [sys.executable, str(RENDER), str(pack), *args], capture_output=True, text=True, env=env
    )


def test_the_render_script_writes_nothing_when_the_text_is_unchanged(pack: Path) -> None:
    before = _snapshot(pack)
    check = _render(pack, "--check")
    assert check.returncode == 0, f"narration is stale; run {RENDER}: {check.stdout}{check.stderr}"
    rerun = _render(pack)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "up to date" in rerun.stdout
    assert _snapshot(pack) == before


def test_an_edited_line_is_reported_stale_and_loses_its_clip(pack: Path) -> None:
    exercise = pack / "exercises" / "body-scan.toml"
    source = exercise.read_text(encoding="utf-8")
    line = re.search(r'^say = "(.+)"$', source, re.MULTILINE)
    assert line is not None
    exercise.write_text(source.replace(line.group(0), f'say = "{line.group(1)} Slowly."', 1))
    before = _snapshot(pack)
    check = _render(pack, "--check")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "(1 to render" in check.stdout
    assert _snapshot(pack) == before
    edited = next(e for e in load_pack(pack).exercises if e.id == "body-scan")
    assert all(step.clip is None for step in edited.steps if step.say and "Slowly." in step.say)
