"""Assemble the main window from its pages and wire them to each other."""

from __future__ import annotations

from PySide6.QtCore import Slot

from stsdesk.core.suggest import suggest
from stsdesk.ui.context import Services
from stsdesk.ui.home import HomePage
from stsdesk.ui.main_window import MainWindow
from stsdesk.ui.practices import PracticesPage
from stsdesk.ui.settings_page import SettingsPage
from stsdesk.ui.support import LearnPage, SupportPage
from stsdesk.ui.theme import Palette


class Shell:
    """The window and its pages, built once by the composition root."""

    def __init__(self, services: Services, palette: Palette) -> None:
        self.services = services
        self.window = MainWindow(services, palette)
        tr = self.window.tr
        self.home = HomePage(services)
        self.practices = PracticesPage(services)
        self.support = SupportPage(services)
        self.learn = LearnPage(services)
        self.settings = SettingsPage(services)
        self.window.add_page("home", tr("Home"), "home", self.home)
        self.window.add_page("practices", tr("Practices"), "practices", self.practices)
        self.window.add_page("learn", tr("Learn"), "learn", self.learn)
        self.window.add_page("support", tr("Support"), "support", self.support)
        self.window.add_page("settings", tr("Settings"), "settings", self.settings)
        self.home.minutes_chosen.connect(self.offer_minutes)
        self.home.support_requested.connect(self.show_support)

    @Slot(int)
    def offer_minutes(self, minutes: int) -> None:
        """Show the practices that fit ``minutes`` and put the suggested one in focus."""
        self.window.raise_window()
        self.practices.set_length(minutes)
        self.window.show_page("practices")
        recent = [r.exercise_id for r in reversed(self.services.practice_log.records())]
        suggestion = suggest(self.services.catalog, minutes, recent)
        if suggestion is not None:
            self.practices.focus_exercise(suggestion.id)

    def show_exercise(self, exercise_id: str, minutes: int | None = None) -> None:
        """Bring one exercise into view (from ``stsdesk play`` or a quick start)."""
        self.window.raise_window()
        self.practices.set_length(minutes or 0)
        self.window.show_page("practices")
        self.practices.focus_exercise(exercise_id)

    @Slot()
    def show_support(self) -> None:
        self.window.raise_window()
        self.window.show_page("support")
