"""A real exercise through the real player and mixer: sound where the timeline says, silence
between, and a practice that still runs when there is no sound device at all."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from onsets import RATE, frames_per_second, match, onsets, read_mono  # noqa: E402

SCALE = 0.1  # a 1-minute practice in 6 seconds, with every one of its cues


def _play(tmp_path: Path, driver: str) -> tuple[dict, Path]:
    out = tmp_path / "out.raw"
    env = {k: v for k, v in os.environ.items() if not k.startswith("STSDESK_")}
    env.update(SDL_AUDIODRIVER=driver, SDL_DISKAUDIOFILE=str(out), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [
            sys.executable,
            str(HERE / "play_exercise.py"),
            "grounding-feet-and-seat",
            "1",
            "--scale",
            str(SCALE),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1]), out


def test_cues_sound_on_time_and_silence_lies_between(tmp_path: Path) -> None:
    report, out = _play(tmp_path, "disk")
    assert report["finished"]
    assert report["audio_available"]
    samples = read_mono(out)
    heard = onsets(samples)
    fps = frames_per_second(report["pace"])
    found = [t * RATE / fps for t in heard]
    errors = match(report["expected"], found)
    # One sound per cue, each where the timeline puts it. The tolerance allows for a busy CI
    # machine, where the disk driver's thread can stall; the benchmark measures the real error.
    assert len(found) == len(errors), (found, report["expected"])
    assert max(abs(e) for e in errors) < 0.25, errors
    # Between the sounds, silence: each burst lasts 80 ms.
    quiet = 32768 * 10 ** (-40 / 20)
    assert max(abs(s) for s in samples[: int(heard[0] * RATE) - 64]) < quiet
    for a, b in itertools.pairwise(heard):
        assert max(abs(s) for s in samples[int((a + 0.12) * RATE) : int((b - 0.01) * RATE)]) < quiet


def test_no_sound_device_still_runs_the_practice_and_says_so(tmp_path: Path) -> None:
    report, out = _play(tmp_path, "nonexistent")
    assert report["finished"]
    assert report["audio_available"] is False
    assert "Sound is off" in report["notice"]
    assert not out.exists()


@pytest.mark.parametrize("driver", ["dummy"])
def test_dummy_driver_plays_without_output(tmp_path: Path, driver: str) -> None:
    report, _ = _play(tmp_path, driver)
    assert report["finished"]
    assert report["audio_available"]
