"""The Linux installer end to end (marked ``installer``; .ci/run runs it, as root).

Build the frozen bundle and the .deb with the example policy baked in, ``dpkg -i`` it, run the
installed command (``--version``, ``--smoke-test``, ``settings --json``, ``policy check``),
trace the smoke test's sockets, then ``dpkg -r`` and ``dpkg --purge`` and check nothing is left.
Skip locally with ``-m "not installer"``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from stsdesk import __version__

pytestmark = pytest.mark.installer

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "packaging" / "examples" / "policy.toml"
PACKAGE = "stsdesk"
POLICY = Path("/etc/xdg/stsdesk/policy.toml")
COMMAND = Path("/usr/bin/stsdesk")


def _why_not() -> str | None:
    if not sys.platform.startswith("linux"):
        return "the .deb is built and installed on Linux only"
    if os.geteuid() != 0:
        return "installing a .deb with dpkg -i needs root"
    for tool in ("dpkg-deb", "dpkg", "ldd", "objdump"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (.ci/run installs it)"
    if importlib.util.find_spec("PyInstaller") is None:
        return "PyInstaller is not installed (pip install -e '.[test]')"
    installed = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Status}", PACKAGE], capture_output=True, text=True
    )
    if "installed" in installed.stdout.split():
        return f"a {PACKAGE} package is already installed here; not replacing it"
    return None


if reason := _why_not():
    pytestmark = [pytest.mark.installer, pytest.mark.skip(reason=reason)]


def _run(command: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, **kwargs)


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """Build the .deb once for the module; the build time is printed and recorded."""
    out = tmp_path_factory.mktemp("packages")
    started = time.monotonic()
    build = [sys.executable, str(REPO / "packaging" / "build.py"), "--policy", str(EXAMPLE)]
    result = subprocess.run(
        [*build, "--deb", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    package = next(out.glob(f"{PACKAGE}_{__version__}_*.deb"))
    capture = pytestconfig.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        size = package.stat().st_size / 1e6
        sys.stdout.write(f"\ninstaller build: {seconds:.0f} s, {package.name} {size:.1f} MB\n")
    return package


@pytest.fixture(scope="module")
def installed(deb: Path) -> Iterator[Path]:
    """The package installed with dpkg -i; purged afterwards whatever happened."""
    result = subprocess.run(["dpkg", "-i", str(deb)], capture_output=True, text=True)
    try:
        assert result.returncode == 0, result.stdout + result.stderr
        yield deb
    finally:
        subprocess.run(["dpkg", "--purge", PACKAGE], capture_output=True)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A staff member's session without a display or sound card, in a fresh home."""
    home = tmp_path / "home"
    home.mkdir()
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "SDL_AUDIODRIVER": "dummy",
        "STSDESK_DATA_DIR": str(tmp_path / "data"),
    }


def test_the_package_installs_where_the_desktop_looks(installed: Path) -> None:
    assert COMMAND.is_symlink()
    assert os.readlink(COMMAND) == "/opt/stsdesk/stsdesk"
    assert Path("/usr/share/applications/org.stsdesk.stsdesk.desktop").is_file()
    assert Path("/usr/share/metainfo/org.stsdesk.stsdesk.metainfo.xml").is_file()
    for size in (16, 48, 256):
        assert Path(
            f"/usr/share/icons/hicolor/{size}x{size}/apps/org.stsdesk.stsdesk.png"
        ).is_file()
    assert POLICY.is_file()
    assert Path("/opt/stsdesk/packs/riverside-pack/pack.toml").is_file()
    conffiles = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Conffiles}", PACKAGE], capture_output=True, text=True
    ).stdout
    assert str(POLICY) in conffiles


def test_the_installed_command_reports_its_version(installed: Path, env: dict) -> None:
    result = _run([str(COMMAND), "--version"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"stsdesk {__version__}\n"


def test_the_installed_smoke_test_passes_quietly(installed: Path, env: dict) -> None:
    result = _run([str(COMMAND), "--smoke-test"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert re.match(r"stsdesk smoke test passed: \d+ practices, 2 pack\(s\), ", result.stdout)
    assert f"policy {POLICY}" in result.stdout
    assert result.stdout.count("\n") == 1


def test_the_baked_policy_is_in_effect(installed: Path, env: dict) -> None:
    result = _run([str(COMMAND), "settings", "--json"], env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    rows = {row["key"]: row for row in report["settings"]}
    assert rows["journal.hide_streaks"]["value"] is True
    assert rows["journal.hide_streaks"]["origin"] == "organization-locked"
    assert rows["practice.voice"]["origin"] == "organization"
    policy = report["policy"]
    assert policy["file"] == str(POLICY)
    assert policy["problems"] == []
    assert policy["organization"] == "Riverside Clinic"
    assert policy["support"]["crisis_line"] == "Call or text 988, day or night"
    assert policy["support"]["eap_phone"].startswith("1-800-555-0199")
    assert policy["logo"] == "/opt/stsdesk/organization/logo.svg"
    check = _run([str(COMMAND), "policy", "check", str(POLICY)], env)
    assert check.returncode == 0, check.stdout
    assert check.stdout.startswith(f"OK: {POLICY}: Riverside Clinic; 5 contacts")
    listing = json.loads(_run([str(COMMAND), "list", "--json"], env).stdout)
    assert "end-of-shift-check-out" in {row["id"] for row in listing}


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_the_installed_smoke_test_opens_no_internet_socket(
    installed: Path, env: dict, tmp_path: Path
) -> None:
    trace = tmp_path / "trace"
    command = ["strace", "-f", "-qq", "-e", "trace=socket", "-o", str(trace), str(COMMAND)]
    result = _run([*command, "--smoke-test"], env)
    assert result.returncode == 0, result.stderr
    calls = trace.read_text().splitlines()
    assert [call for call in calls if re.search(r"AF_INET6?\b", call)] == []


def test_the_installed_smoke_test_runs_without_a_network(installed: Path, env: dict) -> None:
    probe = shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], check=False)
    if not probe or probe.returncode != 0:
        pytest.skip("network namespaces are not available here (unshare -n)")
    result = _run(["unshare", "-n", str(COMMAND), "--smoke-test"], env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_removing_the_package_leaves_nothing_behind(installed: Path) -> None:
    removed = subprocess.run(["dpkg", "-r", PACKAGE], capture_output=True, text=True)
    assert removed.returncode == 0, removed.stderr
    assert not Path("/opt/stsdesk").exists()
    assert not COMMAND.exists()
    assert not Path("/usr/share/applications/org.stsdesk.stsdesk.desktop").exists()
    assert POLICY.exists()  # a conffile: kept by remove, so reinstalling keeps local edits
    purged = subprocess.run(["dpkg", "--purge", PACKAGE], capture_output=True, text=True)
    assert purged.returncode == 0, purged.stderr
    assert not POLICY.parent.exists()
