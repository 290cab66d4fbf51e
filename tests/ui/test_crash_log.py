"""A fatal error (here a real SIGSEGV) is written down, reaches stsdesk.log, and Home says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO


def _wait_for(path: Path, text: str, child: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not (path.is_file() and text in path.read_text(errors="replace")):
        assert child.poll() is None, "stsdesk ended early"
        assert time.monotonic() < deadline, f"{text!r} never appeared in {path}"
        time.sleep(0.2)


def test_a_segfault_is_logged_and_told_at_the_next_start(tmp_path: Path, make_app_window) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-m", "stsdesk", "--data-dir", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    log_file = data / "logs" / "stsdesk.log"
    try:
        _wait_for(log_file, "Main window shown", child)
        child.send_signal(signal.SIGSEGV)
        assert child.wait(timeout=30) != 0
    finally:
        if child.poll() is None:
            child.kill()
    assert "Fatal Python error" in (data / "logs" / "fatal-errors.log").read_text()

    app_window = make_app_window(data)
    notices = [notice.text for notice in app_window.services.notices]
    assert any("closed unexpectedly" in text for text in notices), notices
    logged = log_file.read_text()
    assert "ended with a fatal error" in logged
    assert "Segmentation fault" in logged
    assert (data / "logs" / "fatal-errors.log").stat().st_size == 0  # told once
