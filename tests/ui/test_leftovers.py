"""The UI tests' guard: a test that leaves a timer running or a window open fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

LEAKY = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget


def test_closes_what_it_opened(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    QTimer(window).start(10)  # closed and deleted by qtbot: fine


def test_leaves_a_window_open(qtbot):
    label = QLabel("still here")
    label.show()
    test_leaves_a_window_open.kept = label


def test_leaves_a_timer_running_in_a_hidden_widget(qtbot):
    widget = QWidget()
    clock = QTimer(widget)
    clock.setObjectName("clock")
    clock.start(1000)
    test_leaves_a_timer_running_in_a_hidden_widget.kept = widget


def test_after_a_leak_the_next_test_starts_clean(qtbot):
    pass
"""


def test_a_left_timer_or_window_fails_the_test_that_left_it(tmp_path: Path) -> None:
    shutil.copy(Path(__file__).with_name("conftest.py"), tmp_path / "conftest.py")
    (tmp_path / "test_leaky.py").write_text(LEAKY)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "qt_api=pyside6"],
        cwd=tmp_path,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "2 errors" in result.stdout, result.stdout
    assert "4 passed" in result.stdout, result.stdout
    assert "left behind a visible window QLabel" in result.stdout
    assert "left behind a running QTimer 'clock' of QWidget (1000 ms)" in result.stdout
