"""Between sessions: the tray that stays, help in one tap, reminders, launch at login, buddy.

``AppWindow`` builds one ``BetweenSessions`` after the shell and hands it the shell; this
module does the wiring, so the shared files keep a few lines each.

Where the desktop has a tray (and the ``system.tray_icon`` setting is on), closing the window
leaves stsdesk running there, said once, the first time; Quit quits. Without one, closing the
window quits, and Settings says reminders need the window open.
"""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import QEvent, QObject, QSettings, Slot
from PySide6.QtWidgets import QApplication

from stsdesk.core.errors import StsdeskError
from stsdesk.infra import autostart
from stsdesk.ui.buddy import WeeklySummaryDialog
from stsdesk.ui.context import Services
from stsdesk.ui.desktop_signals import DesktopSignals
from stsdesk.ui.reminders import ReminderNotes, Reminders, SessionButton
from stsdesk.ui.shell import Shell
from stsdesk.ui.tray import Tray
from stsdesk.ui.widgets import failure_text, show_failure

log = logging.getLogger(__name__)

CLOSE_EXPLAINED = "tray/close_explained"
"""QSettings key: the person has been told once that closing leaves stsdesk in the tray."""

LOGIN_KEY = "system.launch_at_login"


class BetweenSessions(QObject):
    """Owns the tray, the reminders and the desktop's signals for one window."""

    def __init__(self, services: Services, shell: Shell) -> None:
        super().__init__(shell.window)
        self.services = services
        self.shell = shell
        self.window = shell.window
        self.tray: Tray | None = None
        self.summary: WeeklySummaryDialog | None = None
        self.close_message = ""
        self._reverting = False
        self.reminders = Reminders(services, self.window)
        self.desktop = DesktopSignals(parent=self.window)
        self.notes = ReminderNotes()
        shell.when_made("settings", self._add_notes)

        reminders = self.reminders
        reminders.start_requested.connect(lambda e, m: shell.play(e, m))
        reminders.choose_requested.connect(lambda: shell.offer_minutes(5))
        reminders.buddy_requested.connect(self.show_summary)
        self.desktop.do_not_disturb_changed.connect(reminders.set_do_not_disturb)
        self.desktop.resumed.connect(reminders.wake)
        self.desktop.provided_changed.connect(self._show_notes)
        self.desktop.start()

        home = shell.home
        home.help_now_requested.connect(shell.help_now)
        self.session_button = SessionButton(reminders)
        home.body.insertWidget(home.body.indexOf(home.help_now) + 1, self.session_button)

        self.window.installEventFilter(self)
        services.live.setting_changed.connect(self._on_setting_changed)
        self.update_tray()
        self._sync_launch_at_login()

    def _add_notes(self, settings) -> None:
        """The reminders' notes on the Settings page, above its last row."""
        settings.body.insertWidget(max(settings.body.count() - 1, 0), self.notes)

    # --- the tray -------------------------------------------------------------------------

    def update_tray(self) -> None:
        """Show the tray icon where there is a tray and the setting wants it; else none."""
        wanted = bool(self.services.settings["system.tray_icon"]) and Tray.available()
        if wanted and self.tray is None:
            self.tray = self.make_tray()
            self.tray.show()
        elif not wanted and self.tray is not None:
            self.tray.dispose()
            self.tray = None
        QApplication.setQuitOnLastWindowClosed(self.tray is None)
        self._show_notes()

    def make_tray(self) -> Tray:
        """The tray's menu, every item wired (the icon itself is made by ``Tray.show``)."""
        shell, reminders = self.shell, self.reminders
        tray = Tray(self.services, self)
        tray.open_requested.connect(self.window.raise_window)
        tray.minutes_chosen.connect(shell.quick_start)
        tray.practice_chosen.connect(shell.play)
        tray.help_now_requested.connect(shell.help_now)
        tray.journal_requested.connect(lambda: self._show_page("journal"))
        tray.support_requested.connect(shell.show_support)
        tray.session_toggled.connect(reminders.toggle_session)
        tray.pause_requested.connect(reminders.pause)
        tray.resume_requested.connect(reminders.resume)
        tray.settings_requested.connect(lambda: self._show_page("settings"))
        tray.quit_requested.connect(lambda: QApplication.quit())
        tray.set_session(reminders.planner.session_until if reminders.in_session() else None)
        tray.set_paused(reminders.paused_until)
        reminders.session_changed.connect(tray.set_session)
        reminders.paused_changed.connect(tray.set_paused)
        reminders.enabled_changed.connect(tray.set_reminders_on)
        return tray

    def _show_page(self, key: str) -> None:
        self.window.raise_window()
        self.window.show_page(key)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and self.tray:
            self.shell.flush_player()  # a practice does not go on playing in a hidden window
            self._explain_close_once()
        return False

    def _explain_close_once(self) -> None:
        settings = QSettings()
        if settings.value(CLOSE_EXPLAINED, False, type=bool):
            return
        settings.setValue(CLOSE_EXPLAINED, True)
        self.close_message = self.tr(
            "stsdesk is still here, in the tray, so reminders can appear. "
            "To leave it, choose Quit stsdesk in the tray's menu."
        )
        assert self.tray is not None
        self.tray.tell(self.close_message)

    # --- what changed ---------------------------------------------------------------------

    @Slot()
    def _show_notes(self) -> None:
        self.notes.show_lines(self.desktop.describe(), tray=self.tray is not None)

    @Slot(str)
    def _on_setting_changed(self, key: str) -> None:
        if key == "system.tray_icon":
            self.update_tray()
        elif key == LOGIN_KEY:
            self._apply_launch_at_login()

    # --- launch at login ------------------------------------------------------------------

    def _sync_launch_at_login(self) -> None:
        """At start: an organization's default of on writes the entry if it is missing."""
        if self.services.settings[LOGIN_KEY] and not autostart.is_enabled():
            self._apply_launch_at_login()

    def _apply_launch_at_login(self) -> None:
        if self._reverting:
            return
        on = bool(self.services.settings[LOGIN_KEY])
        try:
            if on:
                autostart.enable(autostart.default_command())
            else:
                autostart.disable()
        except OSError as error:
            log.warning("Launch at login could not be %s: %s", "set" if on else "removed", error)
            what = (
                self.tr("stsdesk could not be set to start when you log in")
                if on
                else self.tr("stsdesk could not stop starting when you log in")
            )
            show_failure(self.shell.settings, failure_text(error, what))
            self._reverting = True  # the switch shows what is in effect; nothing to undo
            try:
                with contextlib.suppress(OSError, StsdeskError, ValueError):
                    self.services.settings.set(LOGIN_KEY, not on)
            finally:
                self._reverting = False
            return
        log.info("Launch at login %s", "on" if on else "off")

    # --- the buddy ------------------------------------------------------------------------

    @Slot()
    def show_summary(self) -> WeeklySummaryDialog:
        """The week's summary for the buddy (one dialog; shown again if already open)."""
        if self.summary is None:
            self.summary = WeeklySummaryDialog(self.services, self.window)
            self.summary.destroyed.connect(self._forget_summary)
        else:
            self.summary.refresh()
        self.window.raise_window()
        self.summary.show()
        self.summary.raise_()
        return self.summary

    @Slot()
    def _forget_summary(self) -> None:
        self.summary = None
