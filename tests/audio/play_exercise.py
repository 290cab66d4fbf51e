"""Play an exercise through the real player page and pygame's mixer, for timing checks.

Run in a fresh process with ``SDL_AUDIODRIVER=disk`` and ``SDL_DISKAUDIOFILE`` set: SDL writes
the mixed output to that file as it plays, in real time. Every audible cue (bells and speech)
is replaced by a short tone burst, so each cue's onset can be found in the samples; the
exercise's timeline can be compressed by ``--scale`` (same cues, shorter gaps) to keep a run
short. Prints a JSON report: the expected onset of every cue in seconds from the start, and
pairs of (seconds, frames written) that measure the disk driver's own pace.

    play_exercise.py EXERCISE_ID MINUTES [--scale 0.1] [--cpu] [--baseline | --idle]

``--baseline`` plays the same bursts from a plain sleep-until loop instead of the player (what
the driver alone achieves); ``--idle`` shows the window without a practice, for CPU figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import struct
import sys
import tempfile
import threading
import time
import wave
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from stsdesk.app import build_window, open_audio, open_practice_log, start_core
from stsdesk.core.records import CheckIn
from stsdesk.core.session import Session
from stsdesk.core.timeline import CueKind, Timeline

BURST_SECONDS = 0.08
RATE = 44100


def write_burst(path: Path, frequency: float) -> Path:
    """A short tone with a 2 ms attack, loud enough to find in the mix."""
    frames = int(BURST_SECONDS * RATE)
    samples = []
    for i in range(frames):
        envelope = min(1.0, i / (0.002 * RATE), (frames - i) / (0.004 * RATE))
        samples.append(int(16000 * envelope * math.sin(2 * math.pi * frequency * i / RATE)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{frames}h", *samples))
    return path


def audible(timeline: Timeline, scale: float, media: Path) -> tuple[Timeline, dict[str, Path]]:
    """The timeline compressed by ``scale`` with a burst for every bell and spoken line."""
    cues, voices = [], {}
    for index, cue in enumerate(timeline.cues):
        cue = replace(cue, at=cue.at * scale, duration=cue.duration * scale)
        if cue.kind is CueKind.SPEECH:
            clip = media / f"speech-{index}.wav"
            voices[str(clip)] = write_burst(clip, 660.0)
            cue = replace(cue, clip=clip)
        cues.append(cue)
    starts = tuple(s * scale for s in timeline.step_starts)
    return Timeline(
        timeline.exercise_id, timeline.minutes, timeline.total * scale, tuple(cues), starts
    ), voices


def _sleep_loop(timeline: Timeline, audio: object) -> None:
    """Play each burst by sleeping until its time: the reference the player is compared with."""
    start = time.monotonic()
    for cue in timeline.cues:
        while (wait := cue.at - (time.monotonic() - start)) > 0:
            time.sleep(min(wait, 0.005))
        if cue.kind is CueKind.SPEECH and cue.clip is not None:
            audio.play_voice(str(cue.clip))
        elif cue.kind is CueKind.BELL:
            audio.play_bell(cue.text)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("exercise")
    parser.add_argument("minutes", type=int)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--cpu", action="store_true", help="also measure CPU while running")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--baseline", action="store_true", help="a sleep loop, not the player")
    mode.add_argument("--idle", action="store_true", help="no practice: the idle window's CPU")
    args = parser.parse_args()
    media = Path(tempfile.mkdtemp(prefix="stsdesk-timing-"))
    app = QApplication(sys.argv[:1])
    core = start_core(str(media / "data"))
    window = build_window(core, open_practice_log(core), open_audio())
    services = window.services
    player = window.shell.player
    exercise = core.catalog.get(args.exercise)
    assert exercise is not None, args.exercise
    window.show()
    player.begin(exercise, args.minutes)  # waits at the before check-in
    bells = {
        name: write_burst(media / f"bell-{name}.wav", 880.0) for name in ("start", "step", "end")
    }
    timeline, voices = audible(player.session.timeline, args.scale, media)
    services.audio.prepare(voices, bells, {})
    player.run.timeline = timeline  # the scaled script, in place of the real one
    player.run.session = Session(timeline, services.monotonic)
    expected = [c.at for c in timeline.cues if c.kind in (CueKind.SPEECH, CueKind.BELL)]
    output = Path(os.environ.get("SDL_DISKAUDIOFILE", os.devnull))
    # Where the output stands as the practice starts: the first cue's own lateness is measured
    # from here (the device opened when the practice was prepared, moments ago).
    start_frames = output.stat().st_size // 4 if output.is_file() else 0
    cpu_start, wall_start = time.process_time(), time.monotonic()
    if args.baseline:
        # In a thread, so the event loop keeps sampling the driver's pace meanwhile.
        threading.Thread(target=_sleep_loop, args=(timeline, services.audio), daemon=True).start()
    elif not args.idle:
        player.before.answered.emit(CheckIn())  # "Skip": the practice starts
    pace: list[tuple[float, int]] = []
    finished: list[bool] = []

    def watch() -> None:
        # How many frames the disk driver has written by now: its pace is steady but not
        # exactly real time (it sleeps whole milliseconds), so the reader calibrates with this.
        if output.exists():
            pace.append((time.monotonic() - wall_start, output.stat().st_size // 4))
        over = time.monotonic() - wall_start > timeline.total + 0.5
        if player.stack.currentWidget() is player.after or (over and (args.idle or args.baseline)):
            finished.append(True)
            app.quit()

    done = QTimer()
    done.timeout.connect(watch)
    done.start(50)
    QTimer.singleShot(int((timeline.total + 30) * 1000), app.quit)
    app.exec()
    cpu = (time.process_time() - cpu_start) / (time.monotonic() - wall_start)
    time.sleep(0.4)  # let the last burst reach the file
    audio_available = services.audio.available
    notice = player.view.notice.text() if not player.view.notice.isHidden() else ""
    services.audio.close()
    report = {
        "expected": expected,
        "total": timeline.total,
        "cues": len(timeline.cues),
        "pace": pace,
        "start_frames": start_frames,
        "audio_available": audio_available,
        "notice": notice,
        "finished": bool(finished),
    }
    if args.cpu:
        report["cpu_fraction"] = cpu
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
