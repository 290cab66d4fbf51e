"""The first frame: the main window as the desktop first sees it, before any page exists.

``app.run_gui`` shows the window before the rest of stsdesk is imported: at its remembered
place and size, with the page and sidebar colours of the look it last had, and no text or
widget yet (the first text drawn loads the font database, which costs more than the rest of
this frame).
This module imports nothing but Qt, so that frame paints within a few milliseconds of a bare
Qt window; ``MainWindow.furnish`` fills it on the next turn of the event loop.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Slot
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPalette
from PySide6.QtWidgets import QWidget

LOOK_KEY = "window/look"
"""QSettings: the page colour, the sidebar colour and the sidebar's width, as last shown."""

Look = tuple[str, str, int]


def remember_look(look: Look) -> None:
    """Keep the look the window now has for the next start's first frame."""
    page, sidebar, width = look
    QSettings().setValue(LOOK_KEY, f"{page} {sidebar} {width}")


def remembered_look() -> Look | None:
    """The look the window last had, or None (the first start, or a value that is not one)."""
    value = QSettings().value(LOOK_KEY)
    parts = value.split() if isinstance(value, str) else []
    if len(parts) != 3 or not all(QColor.isValidColorName(part) for part in parts[:2]):
        return None
    page, sidebar, width = parts
    if not width.isdigit() or not 0 < int(width) < 2000:
        return None
    return page, sidebar, int(width)


def show_look(window: QWidget, look: Look) -> None:
    """Paint ``look`` as ``window``'s own background: the page colour with the sidebar's
    strip at its left, one gradient with a hard edge at the sidebar's width.

    Qt fills it (the window's palette), with no widget inside and no Python paint code:
    here a child widget costs ~40 ms more to the first paint, and a first
    ``QPainter.fillRect`` from Python ~17 ms (PySide6 makes the painter's enum types).
    """
    page, sidebar, width = look
    edge = QLinearGradient(width, 0, width + 1, 0)  # padded: the sidebar's colour before it
    edge.setColorAt(0, QColor(sidebar))
    edge.setColorAt(1, QColor(page))
    palette = window.palette()
    palette.setBrush(QPalette.ColorRole.Window, QBrush(edge))
    window.setPalette(palette)


def forget_look(window: QWidget) -> None:
    """Back to the palette every widget inherits (the theme's), once the shell is in."""
    window.setPalette(QPalette())  # nothing resolved: the window's own palette goes


class AfterFirstPaint(QObject):
    """Calls ``then()`` once, on the turn of the event loop after ``widget`` first paints
    (so that paint is not held up), or after ``latest_ms`` if it has not painted by then."""

    def __init__(self, widget: QObject, then: Callable[[], None], latest_ms: int) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        self._latest = QTimer(self)
        self._latest.setSingleShot(True)
        self._latest.timeout.connect(self.run)
        self._latest.start(latest_ms)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self.run)  # once this paint is done
        return False

    @property
    def done(self) -> bool:
        """Whether ``then`` has been called."""
        return self._then is None

    @Slot()
    def run(self) -> None:
        """Do it now (at most once)."""
        self._latest.stop()
        then, self._then = self._then, None
        if then is not None:
            then()
