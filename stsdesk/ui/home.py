"""Home: a greeting, "How much time do you have?", today in one line, and support nearby."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from stsdesk.core.errors import StsdeskError
from stsdesk.core.policy import Policy
from stsdesk.core.records import PracticeRecord
from stsdesk.core.stats import Greeting, greeting_for, today_message
from stsdesk.core.suggest import recent_choices
from stsdesk.ui.context import Notice, Services
from stsdesk.ui.i18n import fmt
from stsdesk.ui.quick_start import QuickStarts
from stsdesk.ui.state import BOUNDARY_KEY
from stsdesk.ui.support import organization_badge
from stsdesk.ui.widgets import (
    GRID,
    FlowLayout,
    Page,
    WrapButton,
    card,
    failure_text,
    label,
    plain,
)
from stsdesk.ui.wording import word

log = logging.getLogger(__name__)


class HomePage(Page):
    """The first page: two clicks to a practice.

    It refreshes itself when the log is written, the practice day rolls over or the
    day-boundary hour changes (when next shown, if hidden).

    Signals:
        minutes_chosen: the user asked for a practice of this many minutes.
        support_requested: the user wants the Support page.
        practice_chosen: exercise id, minutes and variant ("") of a recent practice to repeat,
            or of the practice a time button names.
        length_chosen: the person wants to choose among the practices of this many minutes.
        help_now_requested: "Help me now" was pressed.
    """

    minutes_chosen = Signal(int)
    support_requested = Signal()
    practice_chosen = Signal(str, int, str)
    length_chosen = Signal(int)
    help_now_requested = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(self._greeting(services), parent)
        self.services = services
        self.organization: QWidget | None = None
        self.body.addWidget(
            label(self.tr("Take a few minutes for yourself. Nothing here is ever shared."), "muted")
        )
        box, layout = card()
        layout.addWidget(label(self.tr("How much time do you have?"), "title"))
        # Each time button names what it starts (ui.quick_start; the rule is core.suggest).
        self.quick = QuickStarts(services.catalog)
        self.quick.practice_chosen.connect(self.practice_chosen)
        self.quick.length_chosen.connect(self.length_chosen)
        self.minute_buttons: dict[int, QPushButton] = self.quick.buttons
        layout.addWidget(self.quick)
        self.body.addWidget(box)

        self.recent_box, recent_layout = card()
        recent_layout.addWidget(label(self.tr("Practice again"), "title"))
        recent_host = QWidget()
        self.recent_row = FlowLayout(recent_host, spacing=GRID)
        recent_layout.addWidget(recent_host)
        self.recent_buttons: list[QPushButton] = []
        self.body.addWidget(self.recent_box)

        self.today = label("", "muted")
        self.today.setAccessibleName(self.tr("Today's practice"))
        self.body.addWidget(self.today)
        support = QPushButton(self.tr("Get support"))
        support.setProperty("role", "link")
        support.setAccessibleName(self.tr("Get support"))
        support.clicked.connect(self.support_requested)
        self.body.addWidget(support)
        # Help me now: straight into the quickest eyes-open reset (core.help_now), no check-in.
        self.help_now = QPushButton(self.tr("Help me now"))
        self.help_now.setProperty("role", "link")
        self.help_now.setAccessibleName(self.tr("Help me now: a short reset, eyes open"))
        self.help_now.clicked.connect(self.help_now_requested)
        self.body.addWidget(self.help_now)
        self.finish()
        self.refresh()
        live = services.live
        live.journal_changed.connect(self.refresh_when_shown)
        live.day_changed.connect(self.refresh_when_shown)
        live.setting_changed.connect(self._on_setting_changed)

    @Slot(str)
    def _on_setting_changed(self, key: str) -> None:
        if key == BOUNDARY_KEY:
            self.refresh_when_shown()

    def add_notice(self, notice: Notice) -> QWidget:
        """Show a calm message at the top of Home (a recovered log, ignored settings)."""
        box, layout = card()
        box.setProperty("role", "banner")
        text = label(notice.text)
        layout.addWidget(text)
        if notice.actions:
            row = QHBoxLayout()
            for title, action in notice.actions:
                button = QPushButton(title)  # translated where the notice was made
                button.clicked.connect(lambda _c=False, a=action: self._act(box, text, a))
                row.addWidget(button)
            row.addStretch(1)
            layout.addLayout(row)
        self.body.insertWidget(1, box)
        return box

    def show_organization(self, policy: Policy) -> None:
        """Name the organization that set stsdesk up, small, at the foot of the page."""
        self.organization = organization_badge(policy, self.tr("Provided by %1"), 3 * GRID)
        if self.organization is not None:
            self.body.addWidget(self.organization)

    def _act(self, box: QWidget, text: QLabel, action: Callable[[], str]) -> None:
        try:
            follow_up = action()
        except (StsdeskError, OSError) as error:
            log.warning("A notice's action failed: %s", error)
            text.setText(
                failure_text(error, self.tr("That did not work"))
                + " "
                + self.tr("Nothing else was changed; you can try again.")
            )
            return
        for button in box.findChildren(QPushButton):
            button.setVisible(False)
        text.setText(follow_up or text.text())

    def _show_recent(self, latest: Sequence[PracticeRecord]) -> None:
        """Up to four different recent practices, each one click from starting again."""
        while self.recent_row.count():
            item = self.recent_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.recent_buttons = []
        for exercise, minutes in recent_choices(latest, self.services.catalog):
            text = fmt(self.tr("%1 · %n min", "", minutes), plain(exercise.title))
            button = WrapButton(text)  # a long title wraps at large text
            button.setAccessibleName(fmt(self.tr("Start %1 again"), text))
            button.clicked.connect(
                lambda _c=False, e=exercise.id, m=minutes: self.practice_chosen.emit(e, m, "")
            )
            self.recent_row.addWidget(button)
            self.recent_buttons.append(button)
        self.recent_box.setVisible(bool(self.recent_buttons))

    def _greeting(self, services: Services) -> str:
        """By the person's day (core.stats.greeting_for): after midnight on a night shift,
        before the day-boundary hour, it is still evening."""
        greeting = greeting_for(services.now(), services.live.boundary_hour)
        return {
            Greeting.MORNING: self.tr("Good morning"),
            Greeting.AFTERNOON: self.tr("Good afternoon"),
            Greeting.EVENING: self.tr("Good evening"),
            Greeting.HELLO: self.tr("Hello"),
        }[greeting]

    def refresh(self) -> None:
        """Greet for the hour, recount today's practice (the practice day under the
        day-boundary hour) and list recent practices from the log."""
        greeting = self._greeting(self.services)
        self.heading.setText(greeting)
        self.heading.setAccessibleName(greeting)
        live = self.services.live
        today, boundary = live.today(), live.boundary_hour
        try:
            latest = self.services.practice_log.recent(100)
        except (StsdeskError, OSError) as error:
            log.warning("Home could not read the practice log: %s", error)
            self._show_recent(())
            self.quick.show_choices((), self.services.now())
            self.today.setText(failure_text(error, self.tr("Your practice log could not be read")))
            return
        self._show_recent(latest)
        self.quick.show_choices(latest, self.services.now())
        self.today.setText(word(today_message(latest, today, boundary)))
