"""A crash in the middle of a practice costs at most seconds of it, and the person is told.

The real app runs a practice in a child process; once the practice has been checkpointed in
the log, the process is killed with SIGKILL (no handler, no clean-up). The next start finds the
practice stopped early with the time practised so far, and Home says so once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

DRIVER = Path(__file__).with_name("soak_driver.py")


def _checkpoint_seconds(database: Path) -> float | None:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute("SELECT practiced_seconds FROM in_progress").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else row[0]


@pytest.mark.slow
def test_a_killed_practice_is_kept_as_stopped_early(tmp_path: Path, make_app_window) -> None:
    data = tmp_path / "data"
    database = data / "practice-log.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, str(DRIVER), str(data), "300", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while (seconds := _checkpoint_seconds(database)) is None:
            assert child.poll() is None, "the app ended before it checkpointed the practice"
            assert time.monotonic() < deadline, "no checkpoint within two minutes"
            time.sleep(0.5)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert 29 <= seconds <= 45

    app_window = make_app_window(data)
    notices = [notice.text for notice in app_window.services.notices]
    assert any("closed unexpectedly" in text for text in notices), notices
    shown = [r for r in app_window.services.practice_log.recent(5) if r.source == "guided"]
    assert shown
    assert shown[0].exercise_id == "soothing-rhythm-breathing"
    assert not shown[0].completed
    assert shown[0].practiced_seconds == pytest.approx(seconds, abs=1)
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM in_progress").fetchone() == (0,)
