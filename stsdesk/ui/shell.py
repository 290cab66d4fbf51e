"""Assemble the main window from its pages and wire them to each other.

Pages refresh themselves from ``services.live`` (the log, the settings, the day); the shell
only routes requests (play this, show that page), never a refresh.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Slot

from stsdesk.core.errors import StsdeskError
from stsdesk.core.help_now import help_now_practice
from stsdesk.core.suggest import quick_choice
from stsdesk.ui.context import Services
from stsdesk.ui.course_page import CoursePage
from stsdesk.ui.home import HomePage
from stsdesk.ui.journal import JournalPage
from stsdesk.ui.main_window import MainWindow
from stsdesk.ui.pending import PendingSaves
from stsdesk.ui.player import PlayerPage
from stsdesk.ui.practices import PracticesPage
from stsdesk.ui.selfcheck_page import SelfCheckPage
from stsdesk.ui.settings_page import SettingsPage
from stsdesk.ui.support import LearnPage, SupportPage
from stsdesk.ui.theme import Theme

log = logging.getLogger(__name__)


class Shell:
    """The window and its pages, built once by the composition root."""

    def __init__(self, services: Services, theme: Theme) -> None:
        self.services = services
        self.window = MainWindow(services, theme)
        self.home = HomePage(services)
        self.practices = PracticesPage(services)
        self.journal = JournalPage(services, theme)
        self.support = SupportPage(services)
        self.learn = LearnPage(services)
        self.course = CoursePage(services, theme)
        self.self_check = SelfCheckPage(services, theme)
        self.settings = SettingsPage(services)
        self.player = PlayerPage(services, theme)
        self.window.add_page("home", MainWindow.tr("Home"), "home", self.home)
        self.window.add_page("practices", MainWindow.tr("Practices"), "practices", self.practices)
        self.window.add_page("journal", MainWindow.tr("Journal"), "journal", self.journal)
        self.window.add_page("learn", MainWindow.tr("Learn"), "learn", self.learn)
        self.window.add_page("course", MainWindow.tr("Course"), "learn", self.course)
        self.window.add_page("self_check", MainWindow.tr("Self-check"), "journal", self.self_check)
        self.window.add_page("support", MainWindow.tr("Support"), "support", self.support)
        self.window.add_page("settings", MainWindow.tr("Settings"), "settings", self.settings)
        self.window.add_page("player", MainWindow.tr("Player"), "play", self.player, in_nav=False)
        self.home.minutes_chosen.connect(self.quick_start)
        self.home.support_requested.connect(self.show_support)
        self.home.practice_chosen.connect(self.play)
        self.home.length_chosen.connect(self.offer_minutes)
        self.practices.start_requested.connect(self.play)
        self.course.practice_requested.connect(self.play)
        self.self_check.practice_requested.connect(self.play)
        self.self_check.support_requested.connect(self.show_support)
        self.player.closed.connect(lambda: self.window.show_page("home"))
        self.player.support_requested.connect(self.show_support)
        self.pending = PendingSaves(services, self.home, self.window)
        # Any write may have left practices pending (a refused disk): the watcher looks.
        services.live.journal_changed.connect(self.pending.check)
        self.player.immersive.connect(self.window.set_immersive)
        self.window.page_changed.connect(self._on_page_changed)

    @Slot(str, int, str)
    def play(self, exercise_id: str, minutes: int, variant_id: str = "") -> None:
        """Open the player on an exercise (from a card, Home, the tray or ``stsdesk play``)."""
        exercise = self.services.catalog.get(exercise_id)
        if exercise is None:
            return
        self.window.raise_window()
        length = exercise.length_for(minutes)
        self.window.show_page("player")
        self.player.begin(exercise, length, variant_id or None)

    @Slot(int)
    def quick_start(self, minutes: int) -> None:
        """Start a suitable practice for ``minutes`` at once (Home's buttons, the tray)."""
        try:
            recent = self.services.practice_log.recent(100)  # as many as Home reads
        except (StsdeskError, OSError) as error:
            log.warning("Recent practices could not be read: %s", error)
            recent = ()  # a suggestion without variety is still a practice
        suggestion = quick_choice(self.services.catalog, minutes, recent, self.services.now())
        if suggestion is None:
            self.offer_minutes(minutes)
        else:
            self.play(suggestion.id, minutes)

    def _on_page_changed(self, key: str) -> None:
        if key != "player":
            self.player.flush()

    @Slot(int)
    def offer_minutes(self, minutes: int) -> None:
        """Show the practices that offer ``minutes``, for the person to choose."""
        self.window.raise_window()
        self.practices.set_length(minutes)
        self.window.show_page("practices")

    @Slot()
    def show_support(self) -> None:
        self.window.raise_window()
        self.window.show_page("support")

    @Slot()
    def help_now(self) -> None:
        """Straight into the help-now practice (``core.help_now``): no check-in first, and
        Support one click away on its screen; Support itself when no practice suits."""
        found = help_now_practice(self.services.catalog)
        if found is None:
            self.show_support()
            return
        exercise, minutes = found
        self.window.raise_window()
        self.window.show_page("player")
        self.player.begin(exercise, minutes, None, help_now=True)
