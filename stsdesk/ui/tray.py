"""The tray icon and its menu: open, quick practices, help now, reminders' switches, quit.

The menu is built without the icon, so it can be used (and tested) where the desktop has no
tray; the ``QSystemTrayIcon`` is made only when ``show`` is called where there is one.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QLocale, QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from stsdesk.core.errors import StsdeskError
from stsdesk.core.suggest import recent_choices
from stsdesk.ui.context import Services
from stsdesk.ui.i18n import fmt
from stsdesk.ui.icons import tray_icon
from stsdesk.ui.widgets import plain

log = logging.getLogger(__name__)

TRAY_MINUTES = (1, 3, 5)
FAVOURITES = 4
PAUSE_TODAY = 0
"""``pause_requested``'s value for "the rest of today"; other values are minutes."""
PAUSE_MINUTES = (30, 60, PAUSE_TODAY)


def clock(moment: datetime) -> str:
    """A wall time as the person's locale writes it, short (``14:50`` or ``2:50 PM``)."""
    local = moment.astimezone()
    return QLocale().toString(local.time(), QLocale.FormatType.ShortFormat)


class Tray(QObject):
    """The tray's menu, and its icon where the desktop has a tray.

    Nothing private ever appears in its tooltip, menu or messages: practice titles, never notes.

    Signals:
        open_requested: show the main window.
        minutes_chosen(int): start a practice of this many minutes.
        practice_chosen(str, int, str): start this exercise at this length (variant "").
        help_now_requested: straight into the help-now practice.
        journal_requested / support_requested / settings_requested: show that page.
        session_toggled: turn "In session" on (for the default length) or off.
        pause_requested(int): pause reminders for these minutes (``PAUSE_TODAY``: the day).
        resume_requested: reminders back on before the pause ends.
        quit_requested: leave stsdesk.
    """

    open_requested = Signal()
    minutes_chosen = Signal(int)
    practice_chosen = Signal(str, int, str)
    help_now_requested = Signal()
    journal_requested = Signal()
    support_requested = Signal()
    session_toggled = Signal()
    pause_requested = Signal(int)
    resume_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.icon: QSystemTrayIcon | None = None
        self.menu = QMenu()
        self.menu.setObjectName("tray menu")
        self.actions: dict[str, QAction] = {}
        self._add("open", self.tr("Open stsdesk"), self.open_requested.emit)
        self.menu.addSeparator()
        for minutes in TRAY_MINUTES:
            text = (
                self.tr("I have 1 minute")
                if minutes == 1
                else fmt(self.tr("I have %1 minutes"), minutes)
            )
            self._add(f"minutes-{minutes}", text, lambda m=minutes: self.minutes_chosen.emit(m))
        self.favourites = self.menu.addMenu(self.tr("Practice again"))
        self._add("help-now", self.tr("Help me now"), self.help_now_requested.emit)
        self.menu.addSeparator()
        self._add("journal", self.tr("Journal"), self.journal_requested.emit)
        self._add("support", self.tr("Get support"), self.support_requested.emit)
        self.menu.addSeparator()
        self._add("session", self.tr("In session…"), self.session_toggled.emit)
        self.actions["session"].setCheckable(True)
        self.pause_menu = self.menu.addMenu(self.tr("Pause reminders"))
        for minutes in PAUSE_MINUTES:
            text = {
                30: self.tr("For 30 minutes"),
                60: self.tr("For 1 hour"),
                PAUSE_TODAY: self.tr("For the rest of today"),
            }[minutes]
            self._add(
                f"pause-{minutes}",
                text,
                lambda m=minutes: self.pause_requested.emit(m),
                self.pause_menu,
            )
        self._add(
            "resume", self.tr("Resume reminders"), self.resume_requested.emit, self.pause_menu
        )
        self.actions["resume"].setVisible(False)
        self._add("settings", self.tr("Settings"), self.settings_requested.emit)
        self.menu.addSeparator()
        self._add("quit", self.tr("Quit stsdesk"), self.quit_requested.emit)
        self.menu.aboutToShow.connect(self.refresh_favourites)
        services.live.journal_changed.connect(self.refresh_favourites)
        self.set_reminders_on(bool(services.settings["reminders.enabled"]))
        self.refresh_favourites()

    def _add(self, key: str, text: str, slot, menu: QMenu | None = None) -> QAction:
        action = QAction(text, self.menu)
        action.setObjectName(key)
        # ``triggered`` carries ``checked``; the slots take nothing (a signal instance is not
        # callable, so the signal's ``emit`` is what is connected).
        action.triggered.connect(lambda _checked=False: slot())
        (menu or self.menu).addAction(action)
        self.actions[key] = action
        return action

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    # --- what the menu shows --------------------------------------------------------------

    @Slot()
    def refresh_favourites(self) -> None:
        """Up to four different recent practices, each one click from starting again."""
        self.favourites.clear()
        try:
            latest = self.services.practice_log.recent(100)
        except (StsdeskError, OSError) as error:
            log.warning("The tray could not read recent practices: %s", error)
            latest = []
        choices = recent_choices(latest, self.services.catalog, FAVOURITES)
        for exercise, minutes in choices:
            text = fmt(self.tr("%1 · %2 min"), plain(exercise.title), minutes)
            action = self.favourites.addAction(text)
            action.setObjectName(f"favourite-{exercise.id}")
            action.triggered.connect(
                lambda _c=False, e=exercise.id, m=minutes: self.practice_chosen.emit(e, m, "")
            )
        if not choices:
            empty = self.favourites.addAction(self.tr("Your recent practices will be here"))
            empty.setEnabled(False)

    def favourite_actions(self) -> list[QAction]:
        return [a for a in self.favourites.actions() if a.objectName().startswith("favourite-")]

    @Slot(object)
    def set_session(self, until: datetime | None) -> None:
        """Show the "In session" switch on (until when) or off."""
        action = self.actions["session"]
        action.setChecked(until is not None)
        action.setText(
            self.tr("In session…")
            if until is None
            else fmt(self.tr("In session until %1 (end now)"), clock(until))
        )

    @Slot(object)
    def set_paused(self, until: datetime | None) -> None:
        """Show reminders paused (until when) or not."""
        self.pause_menu.setTitle(
            self.tr("Pause reminders")
            if until is None
            else fmt(self.tr("Reminders paused until %1"), clock(until))
        )
        self.actions["resume"].setVisible(until is not None)

    @Slot(bool)
    def set_reminders_on(self, on: bool) -> None:
        """The session switch and the pause are there only when reminders are on."""
        self.pause_menu.menuAction().setVisible(on)
        self.actions["session"].setVisible(on)

    # --- the icon -------------------------------------------------------------------------

    def show(self) -> None:
        if self.icon is None:
            self.icon = QSystemTrayIcon(tray_icon(), self)
            self.icon.setToolTip(self.tr("stsdesk"))
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_activated)
        self.icon.show()

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()

    def dispose(self) -> None:
        """Take the icon away and free the menu (the tray setting was turned off)."""
        self.hide()
        self.menu.deleteLater()
        self.deleteLater()

    def tell(self, text: str) -> None:
        """A small message from the icon (never anything personal)."""
        if self.icon is not None and self.icon.isVisible():
            self.icon.showMessage(self.tr("stsdesk"), text, tray_icon(), 8000)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.open_requested.emit()
