"""Assemble the main window from its pages and wire them to each other.

Pages refresh themselves from ``services.live`` (the log, the settings, the day); the shell
only routes requests (play this, show that page), never a refresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, Slot

from stsdesk.core.errors import StsdeskError
from stsdesk.core.help_now import help_now_practice
from stsdesk.core.suggest import quick_choice
from stsdesk.ui.context import Services
from stsdesk.ui.main_window import MainWindow
from stsdesk.ui.pending import PendingSaves
from stsdesk.ui.theme import Theme

if TYPE_CHECKING:
    from stsdesk.ui.course_page import CoursePage
    from stsdesk.ui.home import HomePage
    from stsdesk.ui.journal import JournalPage
    from stsdesk.ui.player import PlayerPage
    from stsdesk.ui.practices import PracticesPage
    from stsdesk.ui.selfcheck_page import SelfCheckPage
    from stsdesk.ui.settings_page import SettingsPage
    from stsdesk.ui.support import LearnPage, SupportPage

log = logging.getLogger(__name__)

PAGES = (
    ("home", lambda: QCoreApplication.translate("MainWindow", "Home"), "home", True),
    ("practices", lambda: QCoreApplication.translate("MainWindow", "Practices"), "practices", True),
    ("journal", lambda: QCoreApplication.translate("MainWindow", "Journal"), "journal", True),
    ("learn", lambda: QCoreApplication.translate("MainWindow", "Learn"), "learn", True),
    ("course", lambda: QCoreApplication.translate("MainWindow", "Course"), "learn", True),
    ("self_check", lambda: QCoreApplication.translate("MainWindow", "Self-check"), "journal", True),
    ("support", lambda: QCoreApplication.translate("MainWindow", "Support"), "support", True),
    ("settings", lambda: QCoreApplication.translate("MainWindow", "Settings"), "settings", True),
    ("player", lambda: QCoreApplication.translate("MainWindow", "Player"), "play", False),
)
"""Key, sidebar title, icon and whether the sidebar lists it, in order (Ctrl+1...)."""


class Shell:
    """The window and its pages, built once by the composition root."""

    def __init__(self, services: Services, theme: Theme, window: MainWindow | None = None) -> None:
        """``window`` is a frame already shown (``app.run_gui``), else a new one."""
        self.services = services
        self.theme = theme
        self.window = MainWindow() if window is None else window
        self.window.furnish(services, theme)
        self._then: dict[str, list[Callable[[Any], None]]] = {}
        for key, title, icon_name, in_nav in PAGES:
            self.window.add_page(key, title(), icon_name, partial(self._make, key), in_nav=in_nav)
        self.pending = PendingSaves(services, self.home, self.window)
        # Any write may have left practices pending (a refused disk): the watcher looks.
        services.live.journal_changed.connect(self.pending.check)
        self.window.page_changed.connect(self._on_page_changed)

    # --- the pages, each made the first time it is shown or asked for --------------------

    def _make(self, key: str) -> Any:
        """Make page ``key`` (its module is imported only now) and wire it to the shell."""
        services, theme = self.services, self.theme
        page: Any
        if key == "home":
            from stsdesk.ui.home import HomePage

            page = HomePage(services)
            page.minutes_chosen.connect(self.quick_start)
            page.support_requested.connect(self.show_support)
            page.practice_chosen.connect(self.play)
            page.length_chosen.connect(self.offer_minutes)
        elif key == "practices":
            from stsdesk.ui.practices import PracticesPage

            page = PracticesPage(services)
            page.start_requested.connect(self.play)
        elif key == "journal":
            from stsdesk.ui.journal import JournalPage

            page = JournalPage(services, theme)
        elif key in ("learn", "support"):
            from stsdesk.ui.support import LearnPage, SupportPage

            page = LearnPage(services) if key == "learn" else SupportPage(services)
        elif key == "course":
            from stsdesk.ui.course_page import CoursePage

            page = CoursePage(services, theme)
            page.practice_requested.connect(self.play)
        elif key == "self_check":
            from stsdesk.ui.selfcheck_page import SelfCheckPage

            page = SelfCheckPage(services, theme)
            page.practice_requested.connect(self.play)
            page.support_requested.connect(self.show_support)
        elif key == "settings":
            from stsdesk.ui.settings_page import SettingsPage

            page = SettingsPage(services)
        else:
            from stsdesk.ui.player import PlayerPage

            page = PlayerPage(services, theme)
            page.closed.connect(lambda: self.window.show_page("home"))
            page.support_requested.connect(self.show_support)
            page.immersive.connect(self.window.set_immersive)
        for then in self._then.pop(key, []):
            then(page)
        return page

    def when_made(self, key: str, then: Callable[[Any], None]) -> None:
        """Call ``then(page)`` once page ``key`` exists: now if it does, else when it is made."""
        if self.window.has_page(key):
            then(self.window.page(key))
        else:
            self._then.setdefault(key, []).append(then)

    def flush_player(self) -> None:
        """Save an unanswered practice (leaving, quitting), if the player was ever opened."""
        if self.window.has_page("player"):
            self.player.flush()

    @property
    def home(self) -> HomePage:
        return cast("HomePage", self.window.page("home"))

    @property
    def practices(self) -> PracticesPage:
        return cast("PracticesPage", self.window.page("practices"))

    @property
    def journal(self) -> JournalPage:
        return cast("JournalPage", self.window.page("journal"))

    @property
    def learn(self) -> LearnPage:
        return cast("LearnPage", self.window.page("learn"))

    @property
    def course(self) -> CoursePage:
        return cast("CoursePage", self.window.page("course"))

    @property
    def self_check(self) -> SelfCheckPage:
        return cast("SelfCheckPage", self.window.page("self_check"))

    @property
    def support(self) -> SupportPage:
        return cast("SupportPage", self.window.page("support"))

    @property
    def settings(self) -> SettingsPage:
        return cast("SettingsPage", self.window.page("settings"))

    @property
    def player(self) -> PlayerPage:
        return cast("PlayerPage", self.window.page("player"))

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
            self.flush_player()

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
