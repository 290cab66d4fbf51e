"""Minutes of painting in the real app: the process stays alive and the practice is saved.

The abort this guards against (``none_dealloc`` after 104 to 108 s of paced breathing) only
showed after minutes of frames, so only a test that paints for minutes can catch it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PRACTICE_S = 190.0  # more than three minutes of pacer animation
SCROLL_S = 45.0


@pytest.mark.slow
def test_a_long_breathing_practice_and_journal_scroll_survive(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    driver = Path(__file__).with_name("soak_driver.py")
    done = subprocess.run(
        [sys.executable, str(driver), str(data), str(PRACTICE_S), str(SCROLL_S)],
        capture_output=True,
        text=True,
        env=env,
        timeout=PRACTICE_S + SCROLL_S + 120,
    )
    assert done.returncode == 0, f"the app died (exit {done.returncode}):\n{done.stderr[-3000:]}"
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    # About 60 frames a second were asked for; a loaded CI machine paints fewer, never few.
    assert figures["pacer_frames"] > 10 * PRACTICE_S
    assert figures["scroll_steps"] > 5 * SCROLL_S
    with sqlite3.connect(data / "practice-log.sqlite3") as conn:
        rows = conn.execute(
            "SELECT practiced_seconds, completed FROM practices"
            " WHERE exercise_id = 'soothing-rhythm-breathing' AND source = 'guided'"
            " ORDER BY id DESC LIMIT 1"
        ).fetchall()
    assert rows, "the practice was not saved"
    seconds, completed = rows[0]
    assert completed == 0
    assert PRACTICE_S - 10 <= seconds <= PRACTICE_S + 30
