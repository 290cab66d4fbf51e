"""The real command: installed from a wheel, single instance, and no display."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import sysconfig
import time
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STSDESK_")}
    env.update(extra)
    return env


@pytest.mark.slow
def test_installed_command_in_a_fresh_venv(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
    )
    wheel = next(wheels.glob("stsdesk-*.whl"))
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The fresh venv borrows the dependencies already installed for the tests (appended after
    # its own site-packages), but gets stsdesk itself only from the wheel.
    (Path(site) / "borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", site, str(wheel)],
        check=True,
    )
    entry = target / "bin" / "stsdesk"
    entry.write_text(f"#!{python}\nimport sys\nfrom stsdesk.cli import main\nsys.exit(main())\n")
    entry.chmod(0o755)
    env = _env(STSDESK_DATA_DIR=str(tmp_path / "data"))
    version = subprocess.run([entry, "--version"], capture_output=True, text=True, env=env)
    assert version.returncode == 0
    assert version.stdout.startswith("stsdesk ")
    where = subprocess.run(
        [python, "-c", "import stsdesk, sys; print(stsdesk.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert where.startswith(site)
    listing = subprocess.run(
        [entry, "list", "--json"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert listing.returncode == 0, listing.stderr
    assert len(json.loads(listing.stdout)) >= 30
    module = subprocess.run(
        [python, "-m", "stsdesk", "--version"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert module.stdout == version.stdout


def test_no_display_gives_one_clear_line(tmp_path: Path) -> None:
    env = _env(STSDESK_DATA_DIR=str(tmp_path / "data"))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "stsdesk"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "display" in lines[0]
    assert "Traceback" not in result.stderr


def _wait_for(path: Path, text: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(encoding="utf-8", errors="replace"):
            return
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared in {path}")


def test_second_start_hands_over_and_a_stale_lock_does_not_block(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = _env(QT_QPA_PLATFORM="offscreen")
    log_file = data / "logs" / "stsdesk.log"
    command = [sys.executable, "-m", "stsdesk", "--data-dir", str(data)]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(log_file, f"Main window shown (pid {first.pid})")
        second = subprocess.run(
            [*command, "play", "grounding-feet-and-seat", "--minutes", "3"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 0, second.stderr
        assert "handed over play" in log_file.read_text()
        _wait_for(log_file, "Hand-over request: play")
        assert first.poll() is None
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    third = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(log_file, f"Main window shown (pid {third.pid})")
    finally:
        third.send_signal(signal.SIGKILL)
        third.wait()


def test_logout_mid_practice_saves_it_as_stopped_early(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "config").mkdir(parents=True)
    (data / "config" / "settings.toml").write_text("[practice]\ncheck_ins = false\n")
    env = _env(QT_QPA_PLATFORM="offscreen", SDL_AUDIODRIVER="dummy")
    log_file = data / "logs" / "stsdesk.log"
    command = [sys.executable, "-m", "stsdesk", "--data-dir", str(data)]
    app = subprocess.Popen(
        [*command, "play", "one-breath-pause"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(log_file, f"Main window shown (pid {app.pid})")
        time.sleep(2)
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=20) == 0
    finally:
        if app.poll() is None:
            app.kill()
    assert "stsdesk closed" in log_file.read_text()
    stats = subprocess.run([*command, "stats", "--json"], env=env, capture_output=True, text=True)
    assert json.loads(stats.stdout)["total_sessions"] == 1
