"""How exactly the player keeps time, measured from the sound it really makes.

A 10-minute and a 5-minute body scan are played through the real player page (offscreen) and
pygame's mixer into SDL's disk driver, compressed ten times (every cue kept, gaps shortened),
with each bell and spoken line replaced by a short tone burst. Each burst's onset is found in
the samples; its time after the first onset is compared with the same interval in the
timeline (the driver's start-up latency varies, its pace is calibrated). The baseline plays the
same bursts from a plain sleep-until loop, so the figures say what the player adds.

Also the player's CPU use while the pacer animates (a breathing practice), against the same
window sitting idle.

    python tests/benchmarks/player_timing.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
AUDIO_TESTS = HERE.parent / "audio"
sys.path.insert(0, str(AUDIO_TESTS))
from onsets import RATE, frames_per_second, match, onsets, read_mono  # noqa: E402

SCALE = 0.1


def run(exercise: str, minutes: int, *flags: str) -> dict:
    out = Path(tempfile.mkdtemp()) / "out.raw"
    env = dict(
        os.environ, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(out), QT_QPA_PLATFORM="offscreen"
    )
    env.pop("STSDESK_DATA_DIR", None)
    result = subprocess.run(
        [
            sys.executable,
            str(AUDIO_TESTS / "play_exercise.py"),
            exercise,
            str(minutes),
            "--scale",
            str(SCALE),
            *flags,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if "--idle" not in flags:
        fps = frames_per_second(report["pace"])
        found = [t * RATE / fps for t in onsets(read_mono(out))]
        report["errors_ms"] = [e * 1000 for e in match(report["expected"], found)]
        # The first cue against the moment the practice started (frames written by then).
        started = report.get("start_frames", 0) / fps
        report["first_ms"] = (found[0] - started - report["expected"][0]) * 1000
    return report


def summary(errors: list[float]) -> tuple[float, float, float]:
    absolute = [abs(e) for e in errors[1:]]
    return statistics.median(absolute), max(absolute), errors[-1]


def main() -> None:
    print(
        f"Cue onsets, timeline compressed x{1 / SCALE:g} (ms; drift = error of the last cue; "
        "first = the first cue's lateness after the start, output buffering included)"
    )
    print(f"{'run':<34}{'cues':>6}{'median':>9}{'worst':>9}{'drift':>9}{'first':>9}")
    worst = {}
    for minutes in (5, 10):
        for label, flags in (("baseline (sleep loop)", ("--baseline",)), ("player", ())):
            report = run("body-scan", minutes, *flags)
            med, top, drift = summary(report["errors_ms"])
            worst[(minutes, label)] = top
            name = f"body scan {minutes} min, {label}"
            cues, first = len(report["errors_ms"]), report["first_ms"]
            print(f"{name:<34}{cues:>6}{med:>9.1f}{top:>9.1f}{drift:>9.1f}{first:>9.1f}")
    for minutes in (5, 10):
        ratio = worst[(minutes, "player")] / max(worst[(minutes, "baseline (sleep loop)")], 0.1)
        print(f"worst error, player / baseline, {minutes} min: {ratio:.2f}")
    idle = run("paced-breathing", 3, "--idle", "--cpu")["cpu_fraction"]
    busy = run("paced-breathing", 3, "--cpu")["cpu_fraction"]
    print(
        f"CPU, one core: idle window {idle * 100:.1f} %, pacer animating {busy * 100:.1f} % "
        f"(ratio {busy / max(idle, 1e-6):.1f}); target under 15 %"
    )


if __name__ == "__main__":
    main()
