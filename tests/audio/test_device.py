"""The sound device is open only while a practice needs it (SDL's disk driver, real processes).

The disk driver creates its output file when the device opens and writes to it while the
stream exists, so "the file exists" and "the file grows" are what an audio server would see.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CHECK = Path(__file__).with_name("device_check.py")


def check(mode: str, tmp_path: Path) -> dict:
    output = tmp_path / "out.raw"
    env = {k: v for k, v in os.environ.items() if not k.startswith("STSDESK_")}
    env.update(SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(output), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, str(CHECK), mode, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_device_opens_for_a_practice_and_closes_a_little_after_it(tmp_path: Path) -> None:
    report = check("practice", tmp_path)
    assert report["pygame_at_open"] is False  # opening the port imports nothing
    assert report["file_at_open"] is False  # and opens no stream
    assert report["open_when_prepared"] is True
    assert report["clips_prepared"] > 0
    assert report["stream_while_prepared"] is True
    assert report["state_at_end"] == "finished"
    assert report["open_just_after_end"] is True  # the end bell rings out
    assert report["closed_after_s"] is not None
    assert report["mixer_after_idle"] is False
    assert report["stream_after_idle"] is False  # nothing more is written: no stream
    assert report["open_for_second"] is True
    assert report["closed_after_stop_s"] is not None


def test_an_idle_window_holds_no_audio_stream(tmp_path: Path) -> None:
    report = check("window", tmp_path)
    assert report == {
        "pygame_imported": False,
        "device_open": False,
        "stream_file": False,
        "available": True,
    }
