"""One start for ``startup.py``: stsdesk or a bare PySide6 window, ended at its first paint.

    python startup_child.py stsdesk DATA_DIR SETTLE_SECONDS
    python startup_child.py bare - SETTLE_SECONDS

Both are measured the same way: ``QApplication`` is replaced before anything imports it by a
subclass that filters events, and the first paint of a top-level ``QMainWindow`` is the end
point. Once that paint pass is done (the next turn of the event loop) the child prints one
line, ``painted MONOTONIC_NS RSS_KIB CPU_MS``: the clock the parent read before spawning it,
the peak RSS so far and the CPU time used so far (user and system). It then lets the event
loop run ``SETTLE_SECONDS`` more (so work deferred until after the paint is counted in the
peak RSS the parent reads from ``wait4``) and quits.
"""

from __future__ import annotations

import resource
import sys
import time

from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QTimer

MODE, DATA_DIR, SETTLE = sys.argv[1], sys.argv[2], float(sys.argv[3])


class _FirstPaint(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched, event) -> bool:
        if (
            not self.seen
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QtWidgets.QMainWindow)
        ):
            self.seen = True
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        now = time.monotonic_ns()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu_ms = (usage.ru_utime + usage.ru_stime) * 1000
        sys.stdout.write(f"painted {now} {usage.ru_maxrss} {cpu_ms:.1f}\n")
        sys.stdout.flush()
        QTimer.singleShot(int(SETTLE * 1000), QtWidgets.QApplication.quit)


_original = QtWidgets.QApplication


class _MeasuredApplication(_original):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._first_paint = _FirstPaint()
        self.installEventFilter(self._first_paint)


QtWidgets.QApplication = _MeasuredApplication


def bare() -> int:
    app = QtWidgets.QApplication(sys.argv[:1])
    window = QtWidgets.QMainWindow()
    window.resize(1040, 720)  # stsdesk's first size
    window.show()
    return app.exec()


def stsdesk() -> int:
    from stsdesk.app import run_gui  # what ``stsdesk`` with no command runs

    return run_gui(DATA_DIR)


if __name__ == "__main__":
    sys.exit(bare() if MODE == "bare" else stsdesk())
