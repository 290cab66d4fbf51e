"""The real app read through AT-SPI, as Orca reads it on Linux: a private session bus,
at-spi2-core's accessibility bus and registry, an X server (Xvfb), the app with accessibility
on, and the objects read over D-Bus (``atspi_reader.py``)."""

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

LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
NEEDED = ("Xvfb", "xdpyinfo", "dbus-run-session", "busctl", "gdbus")

pytestmark = pytest.mark.skipif(
    not (all(shutil.which(tool) for tool in NEEDED) and Path(LAUNCHER).exists()),
    reason="needs Xvfb, dbus-run-session, busctl, gdbus and at-spi2-core",
)


@pytest.fixture
def display() -> Iterator[str]:
    name = f":{90 + os.getpid() % 9}"
    server = subprocess.Popen(
        ["Xvfb", name, "-screen", "0", "1440x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {**os.environ, "DISPLAY": name}
    deadline = time.monotonic() + 20
    while subprocess.run(["xdpyinfo"], env=env, capture_output=True).returncode != 0:
        assert server.poll() is None, "Xvfb did not start"
        assert time.monotonic() < deadline, "Xvfb did not answer"
        time.sleep(0.1)
    yield name
    server.terminate()
    server.wait(timeout=10)


def test_a_screen_reader_finds_the_time_buttons_the_pacer_and_named_boxes(
    display: str, tmp_path: Path
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(REPO),
        "SDL_AUDIODRIVER": "dummy",
        # The accessibility bus's socket and every cache go here, never to the real home.
        "XDG_RUNTIME_DIR": str(runtime),
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "share"),
    }
    env.pop("QT_LINUX_ACCESSIBILITY_ALWAYS_ON", None)  # the reader turns it on for the app
    reader = Path(__file__).with_name("atspi_reader.py")
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, str(reader), str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # Home, as read aloud: each time button says what it starts, nothing is nameless.
    starts = [name for name in seen["home_buttons"] if name.startswith("Start ")]
    assert any(name.endswith(", 1 minute") for name in starts), seen["home_buttons"]
    assert any(name.endswith(", 3 minutes") for name in starts), seen["home_buttons"]
    assert "Get support" in seen["home_buttons"]
    assert seen["nameless"] == []
    # The practice handed over by `stsdesk play`: the pacer names its phase ...
    assert any(name.startswith("Breathing guide: Breathe") for name in seen["pacer"]), seen
    assert "grows as you breathe in" in seen["pacer_description"]
    # ... and a combo box, whose AT-SPI name is its value, is labelled by what it is for.
    assert {"name": "No background sound", "labelled_by": ["Background sound"]} in seen["combos"], (
        seen["combos"]
    )
