"""Launch at login, the way each system documents it; turning it off removes what was written.

- Linux and other XDG desktops: ``$XDG_CONFIG_HOME/autostart/stsdesk.desktop`` (default
  ``~/.config``), a Desktop Entry as the XDG Autostart specification describes.
- Windows: the value ``stsdesk`` under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``
  (REG_SZ), the command line with the program quoted.
- macOS: ``~/Library/LaunchAgents/org.stsdesk.stsdesk.plist``, a LaunchAgent with
  ``ProgramArguments`` and ``RunAtLoad``.

``command`` is the program and its arguments as a list (``[sys.executable, "-m", "stsdesk"]``
from a checkout, ``[path to stsdesk.exe]`` when frozen). The builders are pure functions, so
each form is tested on any system.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

APP_ID = "stsdesk"
DESKTOP_FILE = "stsdesk.desktop"
LAUNCH_AGENT_LABEL = "org.stsdesk.stsdesk"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"

# Characters the Desktop Entry "Exec" key requires quoting for (XDG spec, "The Exec key").
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


# --- the documented forms (pure) --------------------------------------------------------------


def _exec_argument(argument: str) -> str:
    if not argument or _EXEC_RESERVED & set(argument) or "%" in argument:
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
        argument = f'"{escaped}"'
    return argument.replace("%", "%%")


def desktop_entry(command: Sequence[str]) -> str:
    """The text of the XDG autostart entry that runs ``command``."""
    exec_line = " ".join(_exec_argument(a) for a in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=stsdesk\n"
        "Comment=Short guided resiliency practices; waits in the tray\n"
        f"Exec={exec_line}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def run_value(command: Sequence[str]) -> str:
    """The Run key's REG_SZ value: a Windows command line (``subprocess.list2cmdline`` quotes
    each argument as the C runtime parses it back; a program path with spaces is quoted)."""
    return subprocess.list2cmdline(list(command))


def launch_agent(command: Sequence[str]) -> bytes:
    """The LaunchAgent property list (XML) that runs ``command`` at login."""
    return plistlib.dumps(
        {
            "Label": LAUNCH_AGENT_LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    )


# --- where they go ----------------------------------------------------------------------------


def desktop_entry_path() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(config) if os.path.isabs(config) else Path.home() / ".config"
    return base / "autostart" / DESKTOP_FILE


def launch_agent_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


class Autostart:
    """Launch at login for one system (``platform``: ``sys.platform`` by default)."""

    def __init__(self, platform: str | None = None) -> None:
        self.platform = platform or sys.platform

    def enable(self, command: Sequence[str]) -> None:
        """Start ``command`` at login; replaces an earlier entry. ``OSError`` if refused."""
        if not command:
            raise ValueError("no command to start")
        if self.platform == "win32":
            _set_run_value(run_value(command))
        elif self.platform == "darwin":
            _write(launch_agent_path(), launch_agent(command))
        else:
            _write(desktop_entry_path(), desktop_entry(command).encode("utf-8"))

    def disable(self) -> None:
        """Stop starting at login: the entry is removed (nothing to do if there is none)."""
        if self.platform == "win32":
            _delete_run_value()
        else:
            path = launch_agent_path() if self.platform == "darwin" else desktop_entry_path()
            path.unlink(missing_ok=True)

    def is_enabled(self) -> bool:
        if self.platform == "win32":
            return _get_run_value() is not None
        path = launch_agent_path() if self.platform == "darwin" else desktop_entry_path()
        return path.is_file()


def enable(command: Sequence[str]) -> None:
    Autostart().enable(command)


def disable() -> None:
    Autostart().disable()


def is_enabled() -> bool:
    return Autostart().is_enabled()


def default_command() -> list[str]:
    """How this installation is started: the frozen program, or this Python with ``-m``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "stsdesk"]


# --- the Windows registry (only imported there) -----------------------------------------------


def _set_run_value(value: str) -> None:  # pragma: no cover - Windows only
    if sys.platform != "win32":  # as importing it elsewhere would; mypy checks it for win32
        raise ModuleNotFoundError("No module named 'winreg'", name="winreg")
    import winreg

    with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
        winreg.SetValueEx(key, APP_ID, 0, winreg.REG_SZ, value)


def _delete_run_value() -> None:  # pragma: no cover - Windows only
    if sys.platform != "win32":  # as importing it elsewhere would; mypy checks it for win32
        raise ModuleNotFoundError("No module named 'winreg'", name="winreg")
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.DeleteValue(key, APP_ID)
    except FileNotFoundError:
        pass


def _get_run_value() -> str | None:  # pragma: no cover - Windows only
    if sys.platform != "win32":  # as importing it elsewhere would; mypy checks it for win32
        raise ModuleNotFoundError("No module named 'winreg'", name="winreg")
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            value, _kind = winreg.QueryValueEx(key, APP_ID)
    except FileNotFoundError:
        return None
    return str(value)
