"""One start for ``startup.py``: stsdesk, a bare PySide6 window or that window with the
sidebar's widgets, ended at its first paint.

    python startup_child.py stsdesk DATA_DIR SETTLE_SECONDS
    python startup_child.py bare - SETTLE_SECONDS
    python startup_child.py sidebar - SETTLE_SECONDS

All three are measured the same way: when ``PySide6.QtWidgets`` is first imported (by the program,
when it would be: an import hook, so nothing is imported earlier than in a real start), its
``QApplication`` is replaced by a subclass that filters events, and the first paint in a
top-level ``QMainWindow`` (the window or a widget in it) is the end point. Once that paint
pass is done the child prints one line, ``painted MONOTONIC_NS RSS_KIB CPU_MS``: the clock the
parent read before spawning it, the peak RSS so far and the CPU time used so far (user and
system). The line is written by a
posted call (``QTimer.singleShot(0, receiver, slot)``), queued from the application's event
filter, which sees the paint before any of the program's own filters: it runs ahead of
whatever the program defers to "after the first paint" the same way, so none of that work is
counted. (A zero timer without a receiver would run after those posted calls.)

A second line, ``ready ...`` with the same fields, marks the window as a person can use it:
for stsdesk the first paint inside Home (``HomePage``), for the two plain windows their first
paint. From there the child lets the event loop run ``SETTLE_SECONDS`` more (so work deferred until
after the paint is counted in the peak RSS the parent reads from ``wait4``) and quits.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import resource
import sys
import time

MODE, DATA_DIR, SETTLE = sys.argv[1], sys.argv[2], float(sys.argv[3])


def _measure(qt_widgets) -> None:
    """Put the measuring ``QApplication`` into ``PySide6.QtWidgets`` as it is imported."""
    from PySide6.QtCore import QEvent, QObject, QTimer, Slot

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False
            self.ready = MODE != "stsdesk"  # a plain window is ready when it has painted

        def eventFilter(self, watched, event) -> bool:
            if event.type() != QEvent.Type.Paint:
                return False
            if not self.seen and self.in_main_window(watched):
                self.seen = True
                QTimer.singleShot(0, self, self.painted)
            if not self.ready and self.in_home(watched):
                self.ready = True
                QTimer.singleShot(0, self, self.home_painted)
            return False

        @staticmethod
        def in_main_window(widget) -> bool:
            """Whether ``widget`` is (in) a top-level ``QMainWindow``: a window whose content
            fills itself (``autoFillBackground``) paints only that content."""
            return isinstance(widget, qt_widgets.QWidget) and isinstance(
                widget.window(), qt_widgets.QMainWindow
            )

        @staticmethod
        def in_home(widget) -> bool:
            """Whether ``widget`` is part of stsdesk's Home page (a scroll area: what paints
            is inside it)."""
            while isinstance(widget, qt_widgets.QWidget):
                if type(widget).__name__ == "HomePage":
                    return True
                widget = widget.parentWidget()
            return False

        @staticmethod
        def mark(name: str) -> None:
            now = time.monotonic_ns()
            usage = resource.getrusage(resource.RUSAGE_SELF)
            cpu_ms = (usage.ru_utime + usage.ru_stime) * 1000
            sys.stdout.write(f"{name} {now} {usage.ru_maxrss} {cpu_ms:.1f}\n")
            sys.stdout.flush()

        @Slot()
        def painted(self) -> None:
            self.mark("painted")
            if self.ready:
                self.home_painted()

        @Slot()
        def home_painted(self) -> None:
            self.mark("ready")
            QTimer.singleShot(int(SETTLE * 1000), qt_widgets.QApplication.quit)

    class MeasuredApplication(qt_widgets.QApplication):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._first_paint = FirstPaint()
            self.installEventFilter(self._first_paint)

    qt_widgets.QApplication = MeasuredApplication


class _WhenQtWidgetsLoads(importlib.abc.MetaPathFinder):
    """An import hook, so the child imports PySide6 exactly when the program would."""

    def find_spec(self, name, path, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        assert spec is not None
        assert spec.loader is not None
        run = spec.loader.exec_module

        def exec_module(module) -> None:
            run(module)
            _measure(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


sys.meta_path.insert(0, _WhenQtWidgetsLoads())


SIDEBAR_TITLES = [
    "Home",
    "Practices",
    "Journal",
    "Learn",
    "Course",
    "Self-check",
    "Support",
    "Settings",
]


def _plain(fill=None) -> int:
    """A plain PySide6 main window at stsdesk's first size, with what ``fill`` puts in it."""
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication(sys.argv[:1])
    window = QtWidgets.QMainWindow()
    if fill is not None:
        window.setCentralWidget(fill(QtWidgets))
    window.resize(1040, 720)  # stsdesk's first size
    window.show()
    return app.exec()


def bare() -> int:
    return _plain()


def _sidebar_widgets(qt_widgets):
    """The widgets any first frame of stsdesk shows: its name, a button for each page
    (``SIDEBAR_TITLES``: those of ``ui.shell.PAGES``, written out so no stsdesk module is
    imported), About, and a line where the page goes."""
    root = qt_widgets.QWidget()
    row = qt_widgets.QHBoxLayout(root)
    nav = qt_widgets.QVBoxLayout()
    nav.addWidget(qt_widgets.QLabel("stsdesk"))
    for title in SIDEBAR_TITLES:
        button = qt_widgets.QPushButton(title)
        button.setCheckable(True)
        nav.addWidget(button)
    nav.addStretch(1)
    nav.addWidget(qt_widgets.QPushButton("About stsdesk"))
    row.addLayout(nav)
    row.addWidget(qt_widgets.QLabel("Good morning."), 1)
    return root


def sidebar() -> int:
    """Plain Qt, no stsdesk code, theme, fonts or icons: what a first frame costs before any
    of stsdesk's own work."""
    return _plain(_sidebar_widgets)


def stsdesk() -> int:
    from stsdesk.launch import main  # the ``stsdesk`` command's entry point

    return main(["--data-dir", DATA_DIR])


if __name__ == "__main__":
    sys.exit({"bare": bare, "sidebar": sidebar, "stsdesk": stsdesk}[MODE]())
