"""The window paints first; the log (and sqlite-utils), pygame and the other pages come after.

Real processes (``first_paint.py`` runs the app as ``stsdesk`` does, offscreen, SDL's dummy
driver) on real data folders.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
    report = first_paint(tmp_path / "data")
    assert report["status"] == 0
    assert report["loaded_at_paint"] == []
    assert report["log_journal_at_paint"] == "MemoryPracticeLog"  # the stand-in
    assert report["journal_after"] == "PracticeStore"  # then the log on disk
    assert (tmp_path / "data" / "practice-log.sqlite3").is_file()


def test_a_damaged_log_still_gets_its_notice_after_the_first_paint(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "practice-log.sqlite3").write_bytes(b"this is not a database " * 200)
    report = first_paint(data)
    assert report["loaded_at_paint"] == []
    assert any("could not be read" in text for text in report["home_texts"]), report
    assert report["journal_after"] == "MemoryPracticeLog"  # untouched until the person chooses
    assert (data / "practice-log.sqlite3").read_bytes().startswith(b"this is not")
