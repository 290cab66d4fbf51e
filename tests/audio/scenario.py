"""Play one scripted scenario through ``PygameAudio`` in a fresh process, and report as JSON.

A fresh process because SDL reads its driver settings (``SDL_AUDIODRIVER``,
``SDL_DISKAUDIOFILE``) once, when the mixer opens. The scenario (JSON in ``argv[1]``) names the
sounds to prepare and the calls to make at given seconds, ticking like the player's poll timer
in between; each call can leave a mark: how many frames the disk driver had written by then.

``scenario.py decode SOURCE TARGET [SOURCE TARGET...]`` instead decodes each source with pygame
as mono 16-bit at 44.1 kHz into a raw target file: the assets' tests read the samples the app
would play, without ffmpeg.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame.mixer

from stsdesk.audio.mixer import FREQUENCY, PygameAudio

TICK_SECONDS = 1 / 60
FRAME_BYTES = 4  # 16-bit stereo
SOUND_GROUPS = ("voice", "bells", "ambience")


class _Remember(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} {record.name}: {record.getMessage()}")


def _frames_written() -> int:
    output = os.environ.get("SDL_DISKAUDIOFILE")
    return os.path.getsize(output) // FRAME_BYTES if output and os.path.exists(output) else 0


def run(spec: dict[str, Any]) -> dict[str, Any]:
    remember = _Remember()
    logger = logging.getLogger("stsdesk")
    logger.addHandler(remember)
    logger.setLevel(logging.INFO)
    audio = PygameAudio.open(spec.get("driver"))
    skipped = audio.prepare(  # the device opens here, as when a practice is prepared
        **{group: {k: Path(v) for k, v in spec.get(group, {}).items()} for group in SOUND_GROUPS}
    )
    mixer_format = pygame.mixer.get_init() if audio.available else None
    marks: dict[str, int] = {}
    start = time.monotonic()
    for action in sorted(spec.get("actions", []), key=lambda a: a["at"]):
        while (now := time.monotonic()) - start < action["at"]:
            audio.tick(now)
            time.sleep(TICK_SECONDS)
        if "mark" in action:
            marks[action["mark"]] = _frames_written()
        if "do" in action:
            getattr(audio, action["do"])(*action.get("args", []))
    available = audio.available
    audio.close()
    return {
        "available": available,
        "format": mixer_format,
        "skipped": [str(path) for path in skipped],
        "marks": marks,
        "log": remember.lines,
    }


def decode(pairs: list[str]) -> None:
    pygame.mixer.init(FREQUENCY, -16, 1)
    assert pygame.mixer.get_init() == (FREQUENCY, -16, 1), pygame.mixer.get_init()
    for source, target in zip(pairs[::2], pairs[1::2], strict=True):
        Path(target).write_bytes(pygame.mixer.Sound(source).get_raw())
    pygame.mixer.quit()


if __name__ == "__main__":
    if sys.argv[1] == "decode":
        decode(sys.argv[2:])
    else:
        sys.stdout.write(json.dumps(run(json.loads(sys.argv[1]))) + "\n")
