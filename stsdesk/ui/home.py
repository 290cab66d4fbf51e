"""Home: a greeting, "How much time do you have?", today in one line, and support nearby."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from stsdesk.core.policy import Policy
from stsdesk.ui.context import Notice, Services
from stsdesk.ui.support import organization_badge
from stsdesk.ui.widgets import GRID, Page, card, label, plural

QUICK_MINUTES = (1, 3, 5, 10)


class HomePage(Page):
    """The first page: two clicks to a practice.

    Signals:
        minutes_chosen: the user asked for a practice of this many minutes.
        support_requested: the user wants the Support page.
    """

    minutes_chosen = Signal(int)
    support_requested = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(self._greeting(services), parent)
        self.services = services
        self.organization: QWidget | None = None
        self.body.addWidget(
            label(self.tr("Take a few minutes for yourself. Nothing here is ever shared."), "muted")
        )
        box, layout = card()
        layout.addWidget(label(self.tr("How much time do you have?"), "title"))
        row = QHBoxLayout()
        row.setSpacing(2 * GRID)
        self.minute_buttons: dict[int, QPushButton] = {}
        for minutes in QUICK_MINUTES:
            text = self.tr("1 minute") if minutes == 1 else self.tr("%n minutes", "", minutes)
            button = QPushButton(text)
            button.setProperty("role", "minutes")
            button.setAccessibleName(self.tr("Start a practice of %1").replace("%1", text))
            button.clicked.connect(lambda _c=False, m=minutes: self.minutes_chosen.emit(m))
            row.addWidget(button)
            self.minute_buttons[minutes] = button
        row.addStretch(1)
        layout.addLayout(row)
        self.body.addWidget(box)

        self.today = label("", "muted")
        self.today.setAccessibleName(self.tr("Today's practice"))
        self.body.addWidget(self.today)
        support = QPushButton(self.tr("Get support"))
        support.setProperty("role", "link")
        support.setAccessibleName(self.tr("Get support"))
        support.clicked.connect(self.support_requested)
        self.body.addWidget(support)
        self.finish()
        self.refresh()

    def add_notice(self, notice: Notice) -> QWidget:
        """Show a calm message at the top of Home (a recovered log, ignored settings)."""
        box, layout = card()
        box.setProperty("role", "banner")
        text = label(notice.text)
        layout.addWidget(text)
        if notice.actions:
            row = QHBoxLayout()
            for title, action in notice.actions:
                button = QPushButton(self.tr(title))
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
        follow_up = action()
        for button in box.findChildren(QPushButton):
            button.setVisible(False)
        text.setText(follow_up or text.text())

    def _greeting(self, services: Services) -> str:
        hour = services.now().hour
        if hour < 12:
            return self.tr("Good morning")
        if hour < 18:
            return self.tr("Good afternoon")
        return self.tr("Good evening")

    def refresh(self) -> None:
        """Recount today's practice from the log."""
        today = self.services.now().date()
        done = [r for r in self.services.practice_log.recent(100) if r.local_day == today]
        if not done:
            self.today.setText(self.tr("No practice yet today. Even one minute counts."))
            return
        minutes = round(sum(r.practiced_seconds for r in done) / 60)
        self.today.setText(
            plural(
                len(done),
                self.tr("Today: 1 practice, about %2 min."),
                self.tr("Today: %1 practices, about %2 min."),
            ).replace("%2", str(minutes))
        )
