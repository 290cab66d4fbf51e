"""Launch at login: the XDG autostart entry written and removed; the Windows and macOS forms."""

from __future__ import annotations

import configparser
import plistlib
from pathlib import Path

import pytest

from stsdesk.infra import autostart
from stsdesk.infra.autostart import Autostart, desktop_entry, launch_agent, run_value


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return config


def test_linux_enable_writes_an_autostart_entry_and_disable_removes_it(xdg: Path) -> None:
    linux = Autostart("linux")
    assert not linux.is_enabled()
    linux.enable(["/opt/stsdesk/bin/stsdesk"])
    entry = xdg / "autostart" / "stsdesk.desktop"
    assert entry.is_file()
    assert linux.is_enabled()
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read(entry, encoding="utf-8")
    section = parsed["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"] == "/opt/stsdesk/bin/stsdesk"
    assert section["Name"] == "stsdesk"
    linux.disable()
    assert not entry.exists()
    assert not linux.is_enabled()
    linux.disable()  # nothing left to remove: no error


def test_module_functions_use_this_system(xdg: Path) -> None:
    autostart.enable(["/usr/bin/stsdesk"])
    assert autostart.is_enabled()
    assert (xdg / "autostart" / "stsdesk.desktop").is_file()
    autostart.disable()
    assert not autostart.is_enabled()


def test_without_xdg_config_home_it_goes_under_the_home_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    Autostart("linux").enable(["stsdesk"])
    assert (tmp_path / ".config" / "autostart" / "stsdesk.desktop").is_file()


def test_exec_quotes_arguments_as_the_desktop_entry_spec_says() -> None:
    text = desktop_entry(["/home/a b/.venv/bin/python", "-m", "stsdesk", "100%"])
    (exec_line,) = [line for line in text.splitlines() if line.startswith("Exec=")]
    assert exec_line == 'Exec="/home/a b/.venv/bin/python" -m stsdesk "100%%"'


def test_the_run_key_value_is_a_windows_command_line() -> None:
    assert run_value([r"C:\Program Files\stsdesk\stsdesk.exe"]) == (
        r'"C:\Program Files\stsdesk\stsdesk.exe"'
    )
    assert run_value([r"C:\stsdesk\stsdesk.exe", "--tray"]) == r"C:\stsdesk\stsdesk.exe --tray"
    assert autostart.RUN_KEY == r"Software\Microsoft\Windows\CurrentVersion\Run"


def test_the_launch_agent_is_a_documented_plist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    mac = Autostart("darwin")
    mac.enable(["/Applications/stsdesk.app/Contents/MacOS/stsdesk"])
    path = tmp_path / "Library" / "LaunchAgents" / "org.stsdesk.stsdesk.plist"
    assert mac.is_enabled()
    data = plistlib.loads(path.read_bytes())
    assert data == {
        "Label": "org.stsdesk.stsdesk",
        "ProgramArguments": ["/Applications/stsdesk.app/Contents/MacOS/stsdesk"],
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }
    assert path.read_bytes() == launch_agent(["/Applications/stsdesk.app/Contents/MacOS/stsdesk"])
    assert b"<!DOCTYPE plist" in path.read_bytes()
    mac.disable()
    assert not path.exists()


def test_an_empty_command_is_refused(xdg: Path) -> None:
    with pytest.raises(ValueError, match="no command"):
        Autostart("linux").enable([])
