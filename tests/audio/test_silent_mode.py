"""Silent means silent: with the voice switched off, nothing of a practice reaches the sound
card (no voice, no bells, no pacing tone), and the choice is there again at the next start.

Each run is a fresh ``stsdesk`` process on one data folder, with SDL's disk driver writing
the real mixed output to a file that the test reads back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from onsets import read_mono  # noqa: E402

EXERCISE = "paced-breathing"  # bells, narration and breaths for the pacing tone
QUIET = 32768 * 10 ** (-60 / 20)


def _play(tmp_path: Path, name: str, *options: str) -> tuple[dict, list[int]]:
    out = tmp_path / f"{name}.raw"
    env = {k: v for k, v in os.environ.items() if not k.startswith("STSDESK_")}
    env.update(SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(out), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [
            sys.executable,
            str(HERE / "play_silent.py"),
            str(tmp_path / "data"),
            EXERCISE,
            "1",
            *options,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["finished"], report
    assert report["audio_available"], report
    return report, list(read_mono(out))


def test_a_silent_practice_sounds_nothing_and_the_choice_is_kept(tmp_path: Path) -> None:
    # The usual practice first: its bells and voice are heard (so the listening works).
    report, heard = _play(tmp_path, "usual", "--pacing")
    assert report["switch_at_check_in"] == "Voice on"
    assert report["bells"] >= 2
    assert max(abs(s) for s in heard) > 32768 * 10 ** (-30 / 20)

    # V on the check-in, before the first word: silent, pacing tone and all.
    report, heard = _play(tmp_path, "silent", "--press-v")
    assert report["switch_at_check_in"] == "Voice on"
    assert report["switch_after_keys"] == "Silent"
    assert report["player_switch"] == "Silent"
    assert report["voice_setting"] is False
    assert len(heard) > 44100  # the device was open and writing the whole time
    assert max(abs(s) for s in heard) < QUIET, "something was heard in a silent practice"

    # The next start remembers it: silent from the check-in on, without touching anything.
    report, heard = _play(tmp_path, "next")
    assert report["switch_at_check_in"] == "Silent"
    assert report["player_switch"] == "Silent"
    assert max(abs(s) for s in heard) < QUIET, "the next practice was not silent"
    settings = (tmp_path / "data" / "config" / "settings.toml").read_text(encoding="utf-8")
    assert "voice = false" in settings
