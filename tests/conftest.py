"""Test-wide guards: no real home directory, no network, offscreen Qt, no modal dialogs."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import pytest

# Before anything imports Qt or reads a platform directory: a private home for the session.
_HOME = Path(tempfile.mkdtemp(prefix="stsdesk-test-home-"))
for _name, _sub in (
    ("HOME", ""),
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_STATE_HOME", ".local/state"),
    ("XDG_CACHE_HOME", ".cache"),
    ("XDG_RUNTIME_DIR", "runtime"),
):
    os.environ[_name] = str(_HOME / _sub) if _sub else str(_HOME)
(_HOME / "runtime").mkdir(mode=0o700, exist_ok=True)
# No organization policy installed on this machine may reach the tests.
os.environ["XDG_CONFIG_DIRS"] = str(_HOME / "etc-xdg")
os.environ.pop("STSDESK_DATA_DIR", None)
os.environ.pop("STSDESK_POLICY", None)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to reach another machine fails the test (local sockets stay allowed)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"stsdesk tried to open a network connection to {address!r}")
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory used through STSDESK_DATA_DIR."""
    directory = tmp_path / "data"
    monkeypatch.setenv("STSDESK_DATA_DIR", str(directory))
    return directory
