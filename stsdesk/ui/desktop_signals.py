"""What the desktop says about the person's moment: do-not-disturb, and waking from sleep.

Read where the desktop publishes it, over D-Bus (``PySide6.QtDBus``, part of
PySide6-Essentials), without polling: one read at start, then change signals.

- KDE Plasma: the ``Inhibited`` property of ``org.freedesktop.Notifications`` (its
  do-not-disturb), followed through ``PropertiesChanged``.
- GNOME: ``org.gnome.desktop.notifications show-banners`` (off means do-not-disturb), read
  through the desktop portal's Settings interface (``org.freedesktop.portal.Settings``), which
  publishes the ``org.gnome.desktop.*`` settings and announces changes with
  ``SettingChanged``.
- Waking from sleep: logind's ``PrepareForSleep(false)`` on the system bus.

Another application full screen is read on X11 (``infra.fullscreen``, when a reminder is
due); Wayland does not tell other applications at all. ``describe`` says what this desktop
provides. Nothing of it is
recorded; a desktop without these services simply provides nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusMessage,
    QDBusPendingCallWatcher,
    QDBusVariant,
)

from stsdesk.infra import fullscreen

log = logging.getLogger(__name__)

CALL_TIMEOUT_MS = 3000

NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
PROPERTIES = "org.freedesktop.DBus.Properties"
PORTAL = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_SETTINGS = "org.freedesktop.portal.Settings"
GNOME_NOTIFICATIONS = "org.gnome.desktop.notifications"
SHOW_BANNERS = "show-banners"
LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_MANAGER = "org.freedesktop.login1.Manager"

KDE = "kde"
GNOME = "gnome"
WAKE = "wake"


def _slot(signature: str) -> Any:
    """A receiver's slot as ``QDBusConnection.connect`` takes it (a ``SLOT`` string; the
    stubs say bytes, which PySide6 refuses at run time)."""
    return SLOT(signature)


def _plain(value: Any) -> Any:
    """A D-Bus variant (nested as the portal's ``Read`` nests them) as its Python value."""
    while isinstance(value, QDBusVariant):
        value = value.variant()
    return value


class DesktopSignals(QObject):
    """Do-not-disturb and wake-ups, from whichever of the sources this desktop has.

    ``session`` and ``system`` are the buses (the user's by default; tests pass a private one).

    Signals:
        do_not_disturb_changed(bool): the desktop's do-not-disturb turned on or off.
        resumed: the machine woke from sleep.
        provided_changed: a source answered (``provided`` grew).
    """

    do_not_disturb_changed = Signal(bool)
    resumed = Signal()
    provided_changed = Signal()

    def __init__(
        self,
        session: QDBusConnection | None = None,
        system: QDBusConnection | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session if session is not None else QDBusConnection.sessionBus()
        self._system = system if system is not None else QDBusConnection.systemBus()
        self._quiet: dict[str, bool] = {}  # source -> whether it says do-not-disturb
        self.provided: set[str] = set()
        self._watchers: set[QDBusPendingCallWatcher] = set()

    @property
    def do_not_disturb(self) -> bool:
        return any(self._quiet.values())

    @property
    def waiting(self) -> bool:
        """Whether a read is still waiting for its answer."""
        return bool(self._watchers)

    def start(self) -> None:
        """Subscribe to the change signals and read the current state (answers come later)."""
        session = self._session
        if session.isConnected():
            session.connect(
                NOTIFICATIONS,
                NOTIFICATIONS_PATH,
                PROPERTIES,
                "PropertiesChanged",
                self,
                _slot("_on_notifications_changed()"),
            )
            session.connect(
                PORTAL,
                PORTAL_PATH,
                PORTAL_SETTINGS,
                "SettingChanged",
                self,
                _slot("_on_portal_changed()"),
            )
            self._read_kde()
            self._read_gnome()
        if self._system.isConnected():
            ok = self._system.connect(
                LOGIND,
                LOGIND_PATH,
                LOGIND_MANAGER,
                "PrepareForSleep",
                self,
                _slot("_on_prepare_for_sleep(bool)"),
            )
            if ok:
                self.provided.add(WAKE)

    # --- reading --------------------------------------------------------------------------

    def _call(self, service: str, path: str, interface: str, method: str, args, done) -> None:
        message = QDBusMessage.createMethodCall(service, path, interface, method)
        message.setArguments(args)
        watcher = QDBusPendingCallWatcher(self._session.asyncCall(message, CALL_TIMEOUT_MS), self)
        self._watchers.add(watcher)

        def finished(w: QDBusPendingCallWatcher) -> None:
            self._watchers.discard(w)
            reply = w.reply()
            w.deleteLater()
            if reply.type() == QDBusMessage.MessageType.ErrorMessage:
                log.debug("%s.%s: %s", interface, method, reply.errorName())
                return
            arguments = reply.arguments()
            if arguments:
                done(_plain(arguments[0]))

        watcher.finished.connect(finished)

    def _read_kde(self) -> None:
        self._call(
            NOTIFICATIONS,
            NOTIFICATIONS_PATH,
            PROPERTIES,
            "Get",
            [NOTIFICATIONS, "Inhibited"],
            lambda value: self._set(KDE, bool(value)),
        )

    def _read_gnome(self) -> None:
        # ``Read`` is in every version of the portal (``ReadOne`` only in recent ones).
        self._call(
            PORTAL,
            PORTAL_PATH,
            PORTAL_SETTINGS,
            "Read",
            [GNOME_NOTIFICATIONS, SHOW_BANNERS],
            lambda value: self._set(GNOME, value is False),
        )

    def _set(self, source: str, quiet: bool) -> None:
        before = self.do_not_disturb
        if source not in self.provided:
            self.provided.add(source)
            self.provided_changed.emit()
        self._quiet[source] = quiet
        if self.do_not_disturb != before:
            log.info("Do-not-disturb is %s", "on" if self.do_not_disturb else "off")
            self.do_not_disturb_changed.emit(self.do_not_disturb)

    # --- change signals (read again: the arguments' shapes differ between desktops) -------

    @Slot()
    def _on_notifications_changed(self) -> None:
        self._read_kde()

    @Slot()
    def _on_portal_changed(self) -> None:
        self._read_gnome()

    @Slot(bool)
    def _on_prepare_for_sleep(self, going: bool) -> None:
        if not going:
            log.info("The machine woke from sleep")
            self.resumed.emit()

    def describe(self) -> list[str]:
        """What this desktop tells stsdesk, in sentences for Settings."""
        lines = []
        if self.provided & {KDE, GNOME}:
            lines.append(self.tr("The desktop's do-not-disturb holds reminders while it is on."))
        else:
            lines.append(
                self.tr(
                    "This desktop does not say when do-not-disturb is on; during calls, use "
                    '"In session".'
                )
            )
        if fullscreen.can_know():
            lines.append(
                self.tr(
                    "While another application is full screen (a presentation, a video call), "
                    "reminders wait and come once afterwards."
                )
            )
        else:
            lines.append(
                self.tr(
                    "Another application in full screen cannot be detected here, so a reminder "
                    'may appear over a presentation; use "In session" then.'
                )
            )
        return lines
