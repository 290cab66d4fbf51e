"""The tray that stays, on a real X server (Xvfb) with a real tray host (trayer)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("trayer")), reason="needs Xvfb and trayer"
)


@pytest.fixture
def desktop() -> Iterator[str]:
    """A display with a system tray on it (trayer owns the tray selection)."""
    name = f":{80 + os.getpid() % 9}"
    server = subprocess.Popen(
        ["Xvfb", name, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {**os.environ, "DISPLAY": name}
    deadline = time.monotonic() + 20
    while subprocess.run(["xdpyinfo"], env=env, capture_output=True).returncode != 0:
        assert server.poll() is None, "Xvfb did not start"
        assert time.monotonic() < deadline, "Xvfb did not answer"
        time.sleep(0.1)
    tray = subprocess.Popen(
        ["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "200"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)  # trayer takes the tray selection
    yield name
    for process in (tray, server):
        process.terminate()
        process.wait(timeout=10)


def test_closing_the_window_keeps_stsdesk_in_the_tray_and_quit_quits(
    desktop: str, tmp_path: Path
) -> None:
    env = {**os.environ, "DISPLAY": desktop, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("tray_driver.py")), str(tmp_path / "d")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {
        "tray_available": True,
        "icon_visible": True,
        "running_after_close": True,
        "window_hidden": True,
        "exit": 0,
    }
