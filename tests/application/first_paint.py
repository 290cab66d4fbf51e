"""The app's start, as a person runs it, seen at its first painted window and a moment later.

    first_paint.py DATA_DIR

``QApplication`` is replaced (before the app imports it) by a subclass that watches for the
first paint of the main window. At that paint it notes which heavy modules are loaded and
whether the log file exists; then it waits (polling, up to 20 s) until the log has arrived,
collects the texts Home shows, quits, and prints one JSON report after the app has closed.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QTimer

HEAVY = ("sqlite_utils", "pygame", "stsdesk.store.database", "stsdesk.ui.practices")
DATA_DIR = sys.argv[1]
report: dict = {}


class _Watch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False
        self.deadline = 0.0

    def eventFilter(self, watched, event) -> bool:
        if (
            not self.painted
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QtWidgets.QMainWindow)
        ):
            self.painted = True
            report["loaded_at_paint"] = [name for name in HEAVY if name in sys.modules]
            report["log_journal_at_paint"] = self.journal_kind(watched)
            self.deadline = time.monotonic() + 20
            QTimer.singleShot(50, self.look)
        return False

    @staticmethod
    def journal_kind(window) -> str:
        return type(window.services.practice_log.journal).__name__

    def look(self) -> None:
        window = next(
            w
            for w in QtWidgets.QApplication.topLevelWidgets()
            if isinstance(w, QtWidgets.QMainWindow)
        )
        kind = self.journal_kind(window)
        texts = [label.text() for label in window.findChildren(QtWidgets.QLabel)]
        damaged = any("could not be read" in text for text in texts)
        if kind == "MemoryPracticeLog" and not damaged and time.monotonic() < self.deadline:
            QTimer.singleShot(50, self.look)
            return
        report["journal_after"] = kind
        report["home_texts"] = [text for text in texts if "log" in text.lower()]
        QtWidgets.QApplication.quit()


_original = QtWidgets.QApplication


class _WatchedApplication(_original):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._watch = _Watch()
        self.installEventFilter(self._watch)


QtWidgets.QApplication = _WatchedApplication

if __name__ == "__main__":
    from stsdesk.app import run_gui

    report["status"] = run_gui(DATA_DIR)
    sys.stdout.write(json.dumps(report) + "\n")
