"""The running application's interface: theme, window, tray and requests from later starts.

The shell and Home are built into the window's frame (``ui.frame``, shown first by
``app.run_gui``). The tray, reminders, the desktop's signals, launch at login and the buddy
(``BetweenSessions``, and the modules behind it) are built once the shell has painted, or when
first asked for (``AppWindow.between``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from stsdesk.core.policy import Policy
from stsdesk.ui.a11y import LabelledBoxes
from stsdesk.ui.context import Services
from stsdesk.ui.frame import AfterFirstPaint
from stsdesk.ui.keys_help import KeyboardAccess
from stsdesk.ui.main_window import MainWindow
from stsdesk.ui.shell import Shell
from stsdesk.ui.theme import Palette, Theme, apply_theme, choose_palette, load_fonts

if TYPE_CHECKING:  # imported once the window has painted (or on first use)
    from stsdesk.ui.between_sessions import BetweenSessions
    from stsdesk.ui.tray import Tray

log = logging.getLogger(__name__)

THEME_KEYS = ("appearance.theme", "appearance.text_size")
AFTER_PAINT_AT_THE_LATEST_MS = 1000
"""What waits for the first paint is done this soon even if the window never paints."""


class AppWindow(QObject):
    """Owns the shell and keeps the look in step with settings and the desktop.

    ``policy`` is the organization's (its name, logo and contacts, and any problems with it).
    ``window`` is the frame ``app.run_gui`` has already shown, if any (``ui.main_window``).
    ``theme`` is the observable look every painted widget reads; it follows the
    ``appearance.*`` settings and, for ``system``, the desktop's colour scheme.
    """

    def __init__(
        self,
        services: Services,
        policy: Policy | None = None,
        window: MainWindow | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        policy = policy or Policy()
        self.font_family = load_fonts()
        self.theme = Theme(choose_palette(services.settings["appearance.theme"]), self)
        self._apply_theme()
        self.shell = Shell(services, self.theme, window)
        self.shell.window.fit_sidebar()
        self.window = self.shell.window
        # Enter presses a focused button; scroll areas are no tab stops (ui.keys_help).
        KeyboardAccess.install(self.window)
        # Combo boxes named for Linux screen readers too (ui.a11y).
        LabelledBoxes.install(self.window)
        # Pages are made when first shown, with this theme: it lives as long as the window.
        self.theme.setParent(self.window)
        # The day watcher lives and dies with the window; it is armed now, and again from
        # the wall clock whenever it fires or the window is shown.
        services.live.setParent(self.window)
        services.live.check_day()
        self.shell.home.show_organization(policy)
        self.shell.when_made("support", lambda page: page.show_organization(policy))
        self.shell.when_made("settings", lambda page: page.show_policy(policy))
        # The tray, reminders, help now, launch at login and the buddy (ui.between_sessions),
        # once the shell has painted (Home, or the player a request went to; the window's
        # frame may have painted long before).
        self._between: BetweenSessions | None = None
        self.after_paint = AfterFirstPaint(
            self.window.page_area, self._make_between, AFTER_PAINT_AT_THE_LATEST_MS
        )
        services.live.setting_changed.connect(self._on_setting_changed)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_scheme_changed)
        QApplication.instance().aboutToQuit.connect(self.shell.flush_player)
        for notice in services.notices:
            self.shell.home.add_notice(notice)

    def show(self) -> None:
        self.window.show()
        # The keyboard starts where the mouse would: Home's first time button.
        next(iter(self.shell.home.minute_buttons.values())).setFocus()

    def wait_for_log(self) -> None:
        """While the log is still being opened, Home says so where it counts today's
        practice (an empty stand-in would say there was none); its next refresh, when the
        log is taken, says what the log holds."""
        self.shell.home.today.setText(self.tr("Opening your journal…"))

    @property
    def settled(self) -> bool:
        """Whether what waits for the first paint (``between``) has been made."""
        return self.after_paint.done

    @property
    def between(self) -> BetweenSessions:
        """The tray, reminders and the rest of ``ui.between_sessions``: made after the first
        paint, or now if asked for before it."""
        self.after_paint.run()  # no longer waited for
        self._make_between()
        assert self._between is not None
        return self._between

    def _make_between(self) -> None:
        if self._between is None:
            from stsdesk.ui.between_sessions import BetweenSessions

            self._between = BetweenSessions(self.services, self.shell)

    @Slot(dict)
    def handle_request(self, request: dict[str, Any]) -> None:
        """Act on a request from a later start: raise the window, or go to a practice."""
        action = request.get("action")
        log.info("Hand-over request: %s", action)
        if action == "help-now":
            self.shell.help_now()
            return
        if action == "play":
            exercise = self.services.catalog.get(str(request.get("exercise", "")))
            if exercise is not None:
                minutes = request.get("minutes")
                if not isinstance(minutes, int) or isinstance(minutes, bool):
                    minutes = exercise.lengths[0]
                self.shell.play(exercise.id, minutes)
                return
        self.window.raise_window()

    @property
    def palette(self) -> Palette:
        return self.theme.palette

    def _apply_theme(self) -> None:
        settings = self.services.settings
        apply_theme(
            QApplication.instance(),
            self.theme.palette,
            self.font_family,
            settings["appearance.text_size"],
        )

    def _restyle(self, palette: Palette) -> None:
        """A new look for the running window: the style sheet, type size and a sidebar that
        fits it, then the palette every painted widget reads (they repaint on its signal)."""
        self.theme.set_palette(palette)
        self._apply_theme()
        self.shell.window.fit_sidebar()

    @Slot(str)
    def _on_setting_changed(self, key: str) -> None:
        if key in THEME_KEYS:
            self._restyle(choose_palette(self.services.settings["appearance.theme"]))

    @Slot()
    def _on_scheme_changed(self) -> None:
        if self.services.settings["appearance.theme"] == "system":
            self._restyle(choose_palette("system"))

    @property
    def tray(self) -> Tray | None:
        """The tray icon's menu, where the desktop has a tray (and the setting wants it)."""
        return self.between.tray
