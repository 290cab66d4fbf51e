"""Leave cleanly when the session ends: SIGTERM (logout, shutdown) and Ctrl+C quit the app.

Qt's event loop keeps Python from running signal handlers, so a slow timer gives the
interpreter a moment to notice; quitting then saves a practice in progress as stopped early.
"""

from __future__ import annotations

import signal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

WAKE_MS = 300


def quit_on_termination(app: QApplication) -> QTimer:
    """Install the handlers; returns the timer that lets them run (keep a reference)."""
    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda *_: app.quit())
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(WAKE_MS)
    return timer
