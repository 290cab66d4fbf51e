"""The tray icon: open, a quick practice, support, quit; only where the desktop has a tray."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from stsdesk.ui.icons import tray_icon

TRAY_MINUTES = (1, 3, 5)


class Tray(QObject):
    """Wraps QSystemTrayIcon. Nothing private ever appears in its tooltip or messages.

    Signals:
        open_requested: show the main window.
        minutes_chosen: start a practice of this many minutes.
        support_requested: show the Support page.
        quit_requested: leave stsdesk.
    """

    open_requested = Signal()
    minutes_chosen = Signal(int)
    support_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = QMenu()
        self.menu.addAction(self.tr("Open stsdesk"), self.open_requested)
        self.menu.addSeparator()
        for minutes in TRAY_MINUTES:
            text = (
                self.tr("A 1-minute practice")
                if minutes == 1
                else self.tr("A %n-minute practice", "", minutes)
            )
            action = QAction(text, self.menu)
            action.triggered.connect(lambda _c=False, m=minutes: self.minutes_chosen.emit(m))
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.tr("Get support"), self.support_requested)
        self.menu.addSeparator()
        self.menu.addAction(self.tr("Quit stsdesk"), self.quit_requested)
        self.icon = QSystemTrayIcon(tray_icon(), self)
        self.icon.setToolTip(self.tr("stsdesk"))
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.open_requested.emit()
