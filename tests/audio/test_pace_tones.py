"""The soft pacing tones the mixer makes (``play_bell("pace-in")``), on SDL's disk driver in a
real child process: soft (peak about -20 dBFS), short, and faded at both ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys
from array import array
from stsdesk.audio.mixer import PygameAudio, PACE_TONES
audio = PygameAudio.open("disk")
audio.prepare({}, {}, {})
found = {}
for name in PACE_TONES:
    sound = audio._bells[name]
    samples = array("h", sound.get_raw())
    peak = max(abs(s) for s in samples) / 32767
    found[name] = {
        "seconds": sound.get_length(),
        "peak": peak,
        "first": abs(samples[0]) / 32767,
        "last": abs(samples[-1]) / 32767,
    }
audio.play_bell("pace-in")
audio.close()
print(json.dumps(found))
"""


def test_pacing_tones_are_soft_short_and_faded(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STSDESK_")}
    env.update(SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(tmp_path / "out.raw"))
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(found) == {"pace-in", "pace-out"}
    for tone in found.values():
        assert 0.3 <= tone["seconds"] <= 0.4
        assert 0.05 <= tone["peak"] <= 0.1  # at most -20 dBFS, under the voice
        assert tone["first"] < 0.001
        assert tone["last"] < 0.001
