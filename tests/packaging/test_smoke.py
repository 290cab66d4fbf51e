"""``stsdesk --smoke-test`` from source, the way the frozen app runs it: with a policy, with
no display, touching nothing in HOME, saying one line, and opening no internet socket (R15).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "packaging" / "examples" / "policy.toml"


def bare_env(home: Path) -> dict[str, str]:
    """A login-like environment: a fresh HOME, no display, no stsdesk or Qt variables."""
    home.mkdir(exist_ok=True)
    return {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8"}


def smoke(home: Path, *extra: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    command = [*prefix, sys.executable, "-m", "stsdesk", *extra, "--smoke-test"]
    return subprocess.run(
        command, cwd=REPO, env=bare_env(home), capture_output=True, text=True, timeout=180
    )


def test_the_smoke_test_passes_from_source_with_a_policy(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = smoke(home, "--policy", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1
    assert re.search(r"stsdesk smoke test passed: \d\d practices, 2 pack\(s\)", result.stdout)
    assert f"policy {EXAMPLE}" in result.stdout
    assert "audio dummy, Qt platform offscreen" in result.stdout
    assert list(home.iterdir()) == []


def test_the_smoke_test_fails_on_a_policy_with_problems(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[locked]\npractice.voice = 1\n")
    result = smoke(tmp_path / "home", "--policy", str(policy))
    assert result.returncode == 1
    assert f"stsdesk smoke test: {policy}:2: locked.practice.voice" in result.stderr
    assert result.stdout == ""


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_the_smoke_test_opens_no_internet_socket(tmp_path: Path) -> None:
    trace = tmp_path / "trace"
    strace = ("strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace))
    result = smoke(tmp_path / "home", "--policy", str(EXAMPLE), prefix=strace)
    assert result.returncode == 0, result.stderr
    calls = trace.read_text().splitlines()
    internet = [call for call in calls if re.search(r"AF_INET6?\b", call)]
    assert internet == []


def test_the_smoke_test_fails_when_the_logo_cannot_be_drawn(tmp_path: Path) -> None:
    header = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10"  # passes the policy check
    (tmp_path / "logo.png").write_bytes(header + b" not really a picture")
    policy = tmp_path / "policy.toml"
    policy.write_text('[organization]\nname = "Acme"\nlogo = "logo.png"\n')
    result = smoke(tmp_path / "home", "--policy", str(policy))
    assert result.returncode == 1
    assert f"{tmp_path / 'logo.png'}: the organization's logo cannot be drawn" in result.stderr


def test_the_smoke_test_fails_when_a_narration_file_is_missing(tmp_path: Path) -> None:
    from tests.core.conftest import PackFactory

    packs = PackFactory(tmp_path / "packs")
    clips = [{"file": "a.ogg", "text": "Breathe with the circle.", "seconds": 2, "missing": True}]
    root = packs.create(exercises=(packs.exercise("smoke-calm"),), clips=clips)
    policy = tmp_path / "policy.toml"
    policy.write_text(f"[content]\npacks = [{str(root)!r}]\n")
    result = smoke(tmp_path / "home", "--policy", str(policy))
    assert result.returncode == 1
    assert f"{root / 'narration' / 'manifest.toml'}: clips[1].file: file not found" in (
        result.stderr
    )
    assert result.stdout == ""
