"""When the sound device is open, seen from a fresh process (SDL reads its driver once).

    device_check.py practice DATA_DIR   a practice prepared, played to its end, released
    device_check.py window DATA_DIR     the app's window built, shown and left idle

Run with ``SDL_AUDIODRIVER=disk`` and ``SDL_DISKAUDIOFILE``: the disk driver creates that file
when the device opens and writes to it for as long as the stream exists. Prints one JSON
report. Waiting here polls with a deadline; the test itself never sleeps.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

IDLE_CLOSE_S = 0.5
OUTPUT = Path(os.environ["SDL_DISKAUDIOFILE"])


def size() -> int:
    return OUTPUT.stat().st_size if OUTPUT.exists() else -1


def until(condition, seconds: float = 10.0) -> float | None:
    """Seconds until ``condition()`` held, polling; None if it never did."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if condition():
            return time.monotonic() - start
        time.sleep(0.02)
    return None


def mixer_open() -> bool:
    import pygame.mixer

    return pygame.mixer.get_init() is not None


def practice(data: str) -> dict:
    from stsdesk.application.practice_run import PracticeRun
    from stsdesk.application.startup import start
    from stsdesk.audio.mixer import PygameAudio
    from stsdesk.core.ports import MemoryPracticeLog

    report: dict = {}
    audio = PygameAudio.open()
    audio.idle_close_s = IDLE_CLOSE_S
    report["pygame_at_open"] = "pygame" in sys.modules
    report["file_at_open"] = OUTPUT.exists()
    exercise = start(data).catalog.get("one-breath-pause")
    assert exercise is not None
    now = [0.0]

    def run() -> PracticeRun:
        return PracticeRun(
            exercise,
            exercise.lengths[0],
            journal=MemoryPracticeLog(),
            audio=audio,
            clock=lambda: now[0],
            wall_clock=lambda: datetime(2026, 3, 2, 9, tzinfo=UTC),
            zone_name=lambda: "UTC",
        )

    first = run()
    report["open_when_prepared"] = audio.device_open and mixer_open()
    report["clips_prepared"] = len(audio._clips)  # narration resolved at prepare
    report["stream_while_prepared"] = until(lambda: size() > 0, 5.0) is not None
    first.start()
    now[0] = first.timeline.total + 1.0
    report["state_at_end"] = first.poll().state.value
    first.finish()
    report["open_just_after_end"] = audio.device_open
    report["closed_after_s"] = until(lambda: not audio.device_open)
    report["mixer_after_idle"] = mixer_open()
    written = size()
    until(lambda: False, 0.3)
    report["stream_after_idle"] = size() != written
    second = run()  # a second practice opens the device again
    report["open_for_second"] = audio.device_open and mixer_open()
    second.stop()
    report["closed_after_stop_s"] = until(lambda: not audio.device_open)
    audio.close()
    return report


def window(data: str) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from stsdesk.app import build_window, open_audio, open_practice_log, start_core

    app = QApplication(sys.argv[:1])
    core = start_core(data)
    audio = open_audio()
    shown = build_window(core, open_practice_log(core), audio)
    shown.show()
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    report = {
        "pygame_imported": "pygame" in sys.modules,
        "device_open": audio.device_open,
        "stream_file": OUTPUT.exists(),
        "available": audio.available,
    }
    shown.window.close()
    return report


if __name__ == "__main__":
    mode, data = sys.argv[1], sys.argv[2]
    sys.stdout.write(json.dumps(practice(data) if mode == "practice" else window(data)) + "\n")
