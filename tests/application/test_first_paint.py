"""The window paints first, as a frame in the look it last had; then stsdesk's start and Home;
the log (and sqlite-utils), pygame and the other pages after that.

Real processes (``first_paint.py`` runs the app as ``stsdesk`` does, offscreen, SDL's dummy
driver) on real data folders.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile

from stsdesk.infra.settings_file import save_user_settings
from stsdesk.ui.theme import DARK, LIGHT

SCRIPT = Path(__file__).with_name("first_paint.py")


def first_paint(data: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STSDESK_")}
    env.update(QT_QPA_PLATFORM="offscreen", SDL_AUDIODRIVER="dummy")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_window_paints_before_the_log_pygame_and_other_pages_are_loaded(
    tmp_path: Path,
) -> None:
    # The very first start takes the desktop's look from the theme; every later one has its
    # look remembered and loads none of stsdesk's own start before its frame paints.
    assert first_paint(tmp_path / "data")["loaded_at_frame"] == ["stsdesk.ui.theme"]
    report = first_paint(tmp_path / "data")
    assert report["status"] == 0
    assert report["loaded_at_frame"] == []
    assert report["furnished_at_frame"] is False  # the shell is not in yet
    # Home: still neither the log nor pygame nor the other pages.
    assert report["loaded_at_home"] == []
    assert report["log_journal_at_home"] == "MemoryPracticeLog"  # the stand-in
    assert report["journal_after"] == "PracticeStore"  # then the log on disk
    assert (tmp_path / "data" / "practice-log.sqlite3").is_file()


def test_the_first_frame_has_the_look_the_window_last_had(tmp_path: Path) -> None:
    """The first start has nothing remembered: the desktop's look (light, offscreen). The
    window then takes the person's dark theme and remembers it; the next frame is dark, and
    the shell's own palette replaces the frame's once it is in."""
    data = tmp_path / "data"
    save_user_settings(data / "config" / "settings.toml", {"appearance.theme": "dark"})
    first = first_paint(data)
    assert (first["frame_sidebar"], first["frame_page"]) == (
        LIGHT.sidebar.lower(),
        LIGHT.window.lower(),
    )
    assert first["palette_after"] == DARK.window.lower()
    assert first["sidebar_after"] == DARK.sidebar.lower()  # the shell's sidebar, in its colour
    second = first_paint(data)
    assert (second["frame_sidebar"], second["frame_page"]) == (
        DARK.sidebar.lower(),
        DARK.window.lower(),
    )
    assert second["palette_after"] == DARK.window.lower()


def test_a_damaged_log_still_gets_its_notice_after_the_first_paint(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "practice-log.sqlite3").write_bytes(b"this is not a database " * 200)
    report = first_paint(data)
    assert report["loaded_at_home"] == []
    assert any("could not be read" in text for text in report["home_texts"]), report
    assert report["journal_after"] == "MemoryPracticeLog"  # untouched until the person chooses
    assert (data / "practice-log.sqlite3").read_bytes().startswith(b"this is not")


FAILING_START = """
import sys
import stsdesk.app
from stsdesk.cli import main


def start_core(*args, **kwargs):
    raise RuntimeError("a bug in the start")


stsdesk.app.start_core = start_core  # what the window's start calls once the frame painted
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def test_a_failure_after_the_frame_has_painted_is_one_calm_sentence(tmp_path: Path) -> None:
    """The frame is up when the rest of the start fails: the window goes, and the person gets
    the sentence any failed start gets, with the details in the log file, never a traceback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STSDESK_")}
    env.update(QT_QPA_PLATFORM="offscreen", SDL_AUDIODRIVER="dummy")
    data = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-c", FAILING_START, str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    log_file = data / "logs" / "stsdesk.log"
    assert result.stderr == (
        "stsdesk: Something unexpected went wrong and the command stopped "
        f"(the details are in {log_file}).\n"
    )
    logged = log_file.read_text(encoding="utf-8")
    assert "The start failed after the window was shown" in logged
    assert logged.count("Unexpected RuntimeError; traceback:") == 1  # once, where and what
    assert _lock_is_free(data)  # released: the next start is not refused


def _lock_is_free(data: Path) -> bool:
    lock = QLockFile(str(data / "state" / "stsdesk.lock"))
    free = lock.tryLock(0)
    lock.unlock()
    return free
