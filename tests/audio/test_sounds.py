"""The synthesised bells and ambience: what the manifest says, decodable, loud enough and no more,
seamless loops, and a build script that is deterministic and idle when nothing changed."""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import re
import shutil
import subprocess
import sys
import tomllib
from array import array
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
SOUNDS = REPO / "assets" / "sounds"
MAKE_SOUNDS = REPO / "packaging" / "make_sounds.py"
SCENARIO = Path(__file__).with_name("scenario.py")
RATE = 44100
TARGET_LUFS = {"bell": -20.0, "ambience": -30.0}
# The step bell rings mid-practice, over and between the voice: 4 to 6 dB under the others.
STEP_BELL_BELOW = (4.0, 6.0)
PEAK_LIMIT_DB = -1.5
MIN_OCEAN_LOOP_SECONDS = 60.0

MANIFEST = tomllib.loads((SOUNDS / "manifest.toml").read_text(encoding="utf-8"))
ENTRIES = {entry["file"]: entry for entry in MANIFEST["sounds"]}
LOOPS = [name for name, entry in ENTRIES.items() if entry["kind"] == "ambience"]


def _make_sounds() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sounds", MAKE_SOUNDS)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it executes
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.fixture(scope="module")
def decoded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, array]:
    """Every sound decoded by pygame, as the app decodes it: mono 16-bit samples."""
    out = tmp_path_factory.mktemp("decoded")
    pairs = [str(part) for name in ENTRIES for part in (SOUNDS / name, out / f"{name}.raw")]
    env = {**os.environ, "SDL_AUDIODRIVER": "dummy", "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, str(SCENARIO), "decode", *pairs], cwd=REPO, env=env, check=True)
    samples = {}
    for name in ENTRIES:
        samples[name] = array("h")
        samples[name].frombytes((out / f"{name}.raw").read_bytes())
    return samples


def test_the_manifest_lists_every_sound_and_matches_the_files() -> None:
    bells = {f"bell-{name}.ogg" for name in ("start", "step", "end")}
    beds = {f"ambience-{name}.ogg" for name in ("rain", "ocean", "warm")}
    assert set(ENTRIES) == bells | beds
    for name, entry in ENTRIES.items():
        assert entry["kind"] == ("bell" if name in bells else "ambience")
        assert entry["sha256"] == hashlib.sha256((SOUNDS / name).read_bytes()).hexdigest()
        assert abs(entry["lufs"] - entry["target_lufs"]) <= 1.0
        if name != "bell-step.ogg":
            assert entry["target_lufs"] == TARGET_LUFS[entry["kind"]]
    assert sum((SOUNDS / name).stat().st_size for name in ENTRIES) < 2_000_000


@pytest.mark.parametrize("name", ENTRIES)
def test_each_sound_is_mono_ogg_vorbis_at_44_1_khz(name: str) -> None:
    head = (SOUNDS / name).read_bytes()[:512]
    assert head[:4] == b"OggS"
    packet = head[27 + head[26] :]  # after the first page's header and segment table
    assert packet[:7] == b"\x01vorbis"
    assert packet[11] == 1, "not mono"
    assert int.from_bytes(packet[12:16], "little") == RATE


@pytest.mark.parametrize("name", ENTRIES)
def test_each_sound_decodes_to_its_length_with_peak_headroom(
    name: str, decoded: dict[str, array]
) -> None:
    samples = decoded[name]
    assert len(samples) / RATE == pytest.approx(ENTRIES[name]["seconds"], abs=0.01)
    assert max(map(abs, samples)) <= 32768 * 10 ** (PEAK_LIMIT_DB / 20)


@pytest.mark.skipif(
    shutil.which("ffmpeg") is None, reason="ffmpeg measures loudness (.ci/run installs it)"
)
@pytest.mark.parametrize("name", ENTRIES)
def test_each_sound_is_at_its_target_loudness_and_true_peak(name: str) -> None:
    report = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(SOUNDS / name), "-af",
         "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    summary = report[report.rindex("Summary:") :]
    lufs = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    true_peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
    assert lufs == pytest.approx(ENTRIES[name]["target_lufs"], abs=1.0)
    assert true_peak < PEAK_LIMIT_DB


def _loudness(name: str) -> tuple[float, float]:
    """Integrated loudness and the loudest momentary (400 ms) loudness, by ffmpeg's meter."""
    report = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(SOUNDS / name), "-af", "ebur128",
         "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    summary = report[report.rindex("Summary:") :]
    momentary = [
        float(m) for m in re.findall(r"M:\s*(-?[\d.]+)", report[: len(report) - len(summary)])
    ]
    return float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1)), max(momentary)


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg measures loudness")
def test_the_step_bell_rings_4_to_6_db_under_the_start_and_end_bells() -> None:
    """Its attack was louder than the voice; it is a reminder between steps, not an alarm."""
    low, high = STEP_BELL_BELOW
    step, step_attack = _loudness("bell-step.ogg")
    for other in ("bell-start.ogg", "bell-end.ogg"):
        lufs, _ = _loudness(other)
        assert low - 0.5 <= lufs - step <= high + 0.5, other
    assert low <= TARGET_LUFS["bell"] - ENTRIES["bell-step.ogg"]["target_lufs"] <= high
    assert step_attack < -16.0  # was -12.4, louder than most of the voice's loudest moments


def test_the_ocean_does_not_repeat_every_few_waves(decoded: dict[str, array]) -> None:
    """The bed loops, so its length is its period: long enough to hold many waves, and inside
    it the swell does not repeat (its level correlates with itself at no lag)."""
    x = decoded["ambience-ocean.ogg"]
    assert len(x) / RATE >= MIN_OCEAN_LOOP_SECONDS
    window = RATE // 4
    db = [
        10 * math.log10(sum(v * v for v in x[i : i + window]) / window + 1e-9)
        for i in range(0, len(x) - window + 1, window)
    ]
    mean = sum(db) / len(db)
    d = [v - mean for v in db]
    energy = sum(v * v for v in d)
    n = len(d)
    lags = range(4 * 4, n - 4 * 4)  # 4 s to the loop length less 4 s, round the loop
    best = max(sum(d[i] * d[(i + lag) % n] for i in range(n)) / energy for lag in lags)
    assert best < 0.5, f"the swell repeats (correlation {best:.2f})"
    assert max(db) - min(db) >= 8.0, "the waves must still swell"


def test_the_ocean_waves_are_irregular_and_wrap_round_the_loop() -> None:
    import random

    envelope = _make_sounds().waves(90.0, random.Random(22))
    assert abs(envelope[0] - envelope[-1]) <= max(abs(b - a) for a, b in pairwise(envelope))
    crests = [
        k
        for k in range(1, len(envelope) - 1)
        if envelope[k - 1] < envelope[k] >= envelope[k + 1] and envelope[k] > 0.3
    ]
    gaps = {round((b - a) / 100) for a, b in pairwise(crests)}
    assert len(crests) >= 6
    assert len(gaps) >= 3, f"crests come at regular intervals: {gaps}"


@pytest.mark.parametrize("name", LOOPS)
def test_ambience_loops_have_no_seam(name: str, decoded: dict[str, array]) -> None:
    """Played on a loop, the last sample is followed by the first: that step must look like
    any other step in the sound, and so must the level across it."""
    x = decoded[name]
    steps = sorted(abs(b - a) for a, b in pairwise(x))
    seam = abs(x[0] - x[-1])
    assert seam <= 1.5 * steps[int(0.999 * len(steps))], f"seam jump {seam}"
    window = RATE // 4
    levels = [sum(v * v for v in x[i : i + window]) for i in range(0, len(x), window)]
    db = [10 * math.log10(level / window + 1e-9) for level in levels]
    level_steps = [abs(b - a) for a, b in pairwise(db)]
    assert abs(db[0] - db[-1]) <= max(level_steps)


def test_the_build_script_writes_nothing_when_the_sounds_are_up_to_date(tmp_path: Path) -> None:
    copy = shutil.copytree(SOUNDS, tmp_path / "sounds")
    before = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in copy.iterdir()}
    command = [sys.executable, str(MAKE_SOUNDS), "--out", str(copy)]
    check = subprocess.run([*command, "--check"], capture_output=True, text=True)
    assert check.returncode == 0, f"assets/sounds is stale; run {MAKE_SOUNDS}: {check.stdout}"
    rerun = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "up to date" in rerun.stdout
    after = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in copy.iterdir()}
    assert after == before


def test_the_bells_render_identically_to_the_shipped_ones() -> None:
    """The synthesis is deterministic: today's render is byte for byte the one that was encoded.
    (The ambience beds are the same code with more samples; rendering them here is slow.)"""
    make_sounds = _make_sounds()
    for name, entry in ENTRIES.items():
        if entry["kind"] == "bell":
            wav = make_sounds.render(name.removesuffix(".ogg"))
            assert hashlib.sha256(wav).hexdigest() == entry["wav_sha256"], name
