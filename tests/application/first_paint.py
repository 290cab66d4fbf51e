"""The app's start, as a person runs it (the ``stsdesk`` command's entry point), seen at its
first frame, at Home's first paint and a moment later.

    first_paint.py DATA_DIR

``QApplication`` is replaced (before the app imports it) by a subclass that watches paints.
At the first paint of the main window (its frame) it notes which modules are loaded, whether
the shell is in yet, and the colours the frame shows where the sidebar and the page will be.
At Home's first paint it notes the heavy modules and the log in use; then it waits (polling,
up to 20 s) until the log has arrived, collects the texts Home shows, quits, and prints one
JSON report after the app has closed.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QTimer, Slot

HEAVY = ("sqlite_utils", "pygame", "stsdesk.store.database", "stsdesk.ui.practices")
"""Not loaded when Home first paints."""
OWN = (
    "stsdesk.cli",
    "stsdesk.application.startup",
    "stsdesk.core.catalog",
    "stsdesk.core.policy",
    "stsdesk.ui.theme",
    "stsdesk.ui.shell",
    "stsdesk.ui.home",
)
"""stsdesk's own start: not loaded when the frame first paints (nor anything in HEAVY)."""
DATA_DIR = sys.argv[1]
report: dict = {}


def _home_of(widget) -> QtWidgets.QWidget | None:
    while isinstance(widget, QtWidgets.QWidget):
        if type(widget).__name__ == "HomePage":
            return widget
        widget = widget.parentWidget()
    return None


class _Watch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.frame = None
        self.home_seen = False
        self.deadline = 0.0

    def eventFilter(self, watched, event) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        if self.frame is None and isinstance(watched, QtWidgets.QMainWindow):
            self.frame = watched
            report["loaded_at_frame"] = [name for name in HEAVY + OWN if name in sys.modules]
            QTimer.singleShot(0, self, self.look_at_frame)  # posted: before the rest of the start
        if not self.home_seen and _home_of(watched) is not None:
            self.home_seen = True
            report["loaded_at_home"] = [name for name in HEAVY if name in sys.modules]
            report["log_journal_at_home"] = self.journal_kind(self.frame)
            self.deadline = time.monotonic() + 20
            QTimer.singleShot(50, self.look)
        return False

    @Slot()
    def look_at_frame(self) -> None:
        window = self.frame
        report["furnished_at_frame"] = window.furnished
        image = window.grab().toImage()
        report["frame_sidebar"] = image.pixelColor(10, image.height() // 2).name()
        report["frame_page"] = image.pixelColor(image.width() - 10, image.height() // 2).name()

    @staticmethod
    def journal_kind(window) -> str:
        return type(window.services.practice_log.journal).__name__

    def look(self) -> None:
        window = self.frame
        kind = self.journal_kind(window)
        texts = [label.text() for label in window.findChildren(QtWidgets.QLabel)]
        damaged = any("could not be read" in text for text in texts)
        if kind == "MemoryPracticeLog" and not damaged and time.monotonic() < self.deadline:
            QTimer.singleShot(50, self.look)
            return
        report["journal_after"] = kind
        report["home_texts"] = [text for text in texts if "log" in text.lower()]
        report["palette_after"] = window.palette().window().color().name()
        image = window.grab().toImage()
        report["sidebar_after"] = image.pixelColor(4, image.height() - 4).name()
        QtWidgets.QApplication.quit()


_original = QtWidgets.QApplication


class _WatchedApplication(_original):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._watch = _Watch()
        self.installEventFilter(self._watch)


QtWidgets.QApplication = _WatchedApplication

if __name__ == "__main__":
    from stsdesk.launch import main  # the ``stsdesk`` command's entry point

    report["status"] = main(["--data-dir", DATA_DIR])
    sys.stdout.write(json.dumps(report) + "\n")
