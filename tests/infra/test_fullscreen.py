"""Another application full screen, read from a real X server (Xvfb).

The test plays the window manager's part: it creates a window, names it the active one on the
root window and sets its ``_NET_WM_STATE``, as a desktop does when a presentation goes full
screen.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest

from stsdesk.infra import fullscreen

pytestmark = pytest.mark.skipif(
    shutil.which("Xvfb") is None or fullscreen._xlib() is None, reason="needs Xvfb and libX11"
)

_PROP_MODE_REPLACE = 0


@pytest.fixture
def display(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    number = 90 + os.getpid() % 9
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "640x480x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    name = f":{number}"
    deadline = time.monotonic() + 20
    lib = fullscreen._xlib()
    while True:
        probe = lib.XOpenDisplay(name.encode())
        if probe:
            lib.XCloseDisplay(probe)
            break
        assert server.poll() is None, "Xvfb did not start"
        assert time.monotonic() < deadline, "Xvfb did not answer"
        time.sleep(0.05)
    monkeypatch.setenv("DISPLAY", name)
    yield name
    server.terminate()
    server.wait(timeout=10)


class Desktop:
    """Just enough of a window manager: one window, active or not, full screen or not."""

    def __init__(self, name: str) -> None:
        lib = self.lib = fullscreen._xlib()
        lib.XCreateSimpleWindow.restype = ctypes.c_ulong
        lib.XCreateSimpleWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong] + [ctypes.c_int] * 4
        lib.XCreateSimpleWindow.argtypes += [ctypes.c_uint, ctypes.c_ulong, ctypes.c_ulong]
        lib.XChangeProperty.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
            ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
        ]  # fmt: skip
        lib.XFlush.argtypes = [ctypes.c_void_p]
        lib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.display = lib.XOpenDisplay(name.encode())
        self.root = lib.XDefaultRootWindow(self.display)
        self.window = lib.XCreateSimpleWindow(self.display, self.root, 0, 0, 100, 100, 0, 0, 0)

    def _atom(self, name: bytes) -> int:
        return self.lib.XInternAtom(self.display, name, False)

    def _set(self, window: int, name: bytes, kind: int, values: list[int]) -> None:
        array = (ctypes.c_ulong * max(len(values), 1))(*values)
        self.lib.XChangeProperty(
            self.display, window, self._atom(name), kind, 32, _PROP_MODE_REPLACE,
            array, len(values),
        )  # fmt: skip
        self.lib.XSync(self.display, 0)

    def activate(self, window: int) -> None:
        self._set(self.root, b"_NET_ACTIVE_WINDOW", 33, [window])

    def full_screen(self, on: bool) -> None:
        states = [self._atom(b"_NET_WM_STATE_FULLSCREEN")] if on else []
        self._set(self.window, b"_NET_WM_STATE", 4, states)

    def close(self) -> None:
        self.lib.XCloseDisplay(self.display)


def test_a_full_screen_window_is_seen_and_its_end_too(display: str) -> None:
    desktop = Desktop(display)
    try:
        assert fullscreen.can_know()
        assert fullscreen.other_window_full_screen() is False  # nothing active yet
        desktop.activate(desktop.window)
        assert fullscreen.other_window_full_screen() is False
        desktop.full_screen(True)
        assert fullscreen.other_window_full_screen() is True
        # stsdesk's own window in full screen (a practice) does not hold its reminders.
        assert fullscreen.other_window_full_screen(frozenset({desktop.window})) is False
        desktop.full_screen(False)
        assert fullscreen.other_window_full_screen() is False
    finally:
        desktop.close()


def test_without_a_display_it_cannot_be_known(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    assert fullscreen.other_window_full_screen() is None
    assert not fullscreen.can_know()
