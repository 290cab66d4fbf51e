"""Play a practice through the real window, player and mixer, with its real bells and voice.

Run in a fresh process with ``SDL_AUDIODRIVER=disk`` and ``SDL_DISKAUDIOFILE`` set: SDL writes
the mixed output to that file in real time, so the test can listen to what came out. The
practice's timeline is compressed by ``--scale`` (the same cues, closer together).

    play_silent.py DATA_DIR EXERCISE_ID MINUTES [--scale 0.05] [--pacing] [--press-v]

``--pacing`` turns the audible pacing tone on first; ``--press-v`` presses V on the check-in
before the practice begins (the voice switch). Prints a JSON report of what the person saw.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from stsdesk.app import build_window, open_audio, open_practice_log, start_core
from stsdesk.core.session import Session
from stsdesk.core.timeline import Timeline


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("exercise")
    parser.add_argument("minutes", type=int)
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--pacing", action="store_true")
    parser.add_argument("--press-v", action="store_true")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    core = start_core(args.data_dir)
    window = build_window(core, open_practice_log(core), open_audio())
    services = window.services
    if args.pacing:
        services.settings.set("practice.audible_pacing", "tone")
    player = window.shell.player
    window.show()
    window.shell.play(args.exercise, args.minutes)  # waits at the before check-in
    report: dict[str, object] = {"switch_at_check_in": player.before.voice.text()}
    run = player.run
    assert run is not None
    scaled = tuple(
        replace(c, at=c.at * args.scale, duration=c.duration * args.scale)
        for c in run.timeline.cues
    )
    timeline = run.timeline
    run.timeline = Timeline(
        timeline.exercise_id,
        timeline.minutes,
        timeline.total * args.scale,
        scaled,
        tuple(s * args.scale for s in timeline.step_starts),
    )
    run.session = Session(run.timeline, services.monotonic)
    if args.press_v:
        QTest.keyClick(player.before, Qt.Key.Key_V)
    report["switch_after_keys"] = player.before.voice.text()
    QTest.keyClick(player.before, Qt.Key.Key_S)  # skip the check-in: the practice starts
    report["player_switch"] = player.view.voice.text()
    finished: list[bool] = []

    def watch() -> None:
        if player.stack.currentWidget() is player.after:
            finished.append(True)
            app.quit()

    done = QTimer()
    done.timeout.connect(watch)
    done.start(50)
    QTimer.singleShot(int((run.timeline.total + 30) * 1000), app.quit)
    app.exec()
    time.sleep(1.0)  # whatever still rings reaches the file
    report["finished"] = bool(finished)
    report["audio_available"] = services.audio.available
    report["voice_setting"] = services.settings["practice.voice"]
    report["bells"] = sum(1 for c in run.timeline.cues if c.kind.name == "BELL")
    services.audio.close()
    player.flush()
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
