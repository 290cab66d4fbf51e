"""`stsdesk help-now` and `stsdesk --show` hand their request to the running stsdesk (real
processes; the running instance is this test, holding the single-instance lock)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stsdesk.ui.instance import InstanceGuard


@pytest.mark.parametrize(
    ("arguments", "request_sent"),
    [(["help-now"], {"action": "help-now"}), (["--show"], {"action": "raise"})],
)
def test_the_request_reaches_the_running_instance(
    tmp_path: Path, arguments: list[str], request_sent: dict
) -> None:
    data = tmp_path / "data"
    guard = InstanceGuard(data / "state")
    assert guard.acquire()
    try:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        command = [sys.executable, "-m", "stsdesk", "--data-dir", str(data)]
        if arguments[0].startswith("--"):
            command = [*command[:3], *arguments, *command[3:]]
        else:
            command = [*command, *arguments]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        (left,) = (data / "state" / "requests").glob("*.json")
        assert json.loads(left.read_text(encoding="utf-8")) == request_sent
    finally:
        guard.release()


def test_help_now_is_in_the_command_s_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stsdesk", "--help"], capture_output=True, text=True, timeout=60
    )
    assert "help-now" in done.stdout
    assert "--show" in done.stdout
