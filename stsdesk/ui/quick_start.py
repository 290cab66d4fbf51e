"""Home's time buttons: each says what it will start ("3 minutes: Grounding at the desk"),
chosen by the one rule of ``core.suggest.quick_choice`` (the zone and the history), with a
"change" link that opens the Practices page at that length."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from stsdesk.core.catalog import Catalog
from stsdesk.core.records import PracticeRecord
from stsdesk.core.suggest import quick_choice
from stsdesk.ui.i18n import fmt
from stsdesk.ui.widgets import GRID, FlowLayout, WrapButton, label, plain

QUICK_MINUTES = (1, 3, 5, 10)


class QuickStarts(QWidget):
    """One button per length, naming the practice it starts, and a "change" link beside it.

    Signals:
        practice_chosen: exercise id, minutes and variant ("") the button named.
        length_chosen: the person wants to choose among the practices of this many minutes
            ("change", or a button for which no practice fits).
    """

    practice_chosen = Signal(str, int, str)
    length_chosen = Signal(int)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.buttons: dict[int, QPushButton] = {}
        self.change_links: dict[int, QPushButton] = {}
        self._dots: dict[int, QLabel] = {}
        self.choices: dict[int, tuple[str, int] | None] = {}
        flow = FlowLayout(self, spacing=2 * GRID)
        for minutes in QUICK_MINUTES:
            item = QWidget()
            row = QHBoxLayout(item)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(GRID)
            button = WrapButton(self._length_text(minutes))  # its words wrap at large text
            button.setProperty("role", "minutes")
            button.clicked.connect(lambda _c=False, m=minutes: self._start(m))
            row.addWidget(button)
            dot = label("·", "muted", wrap=False)
            row.addWidget(dot)
            change = QPushButton(self.tr("change"))
            change.setProperty("role", "link")
            change.setAccessibleName(
                fmt(self.tr("Choose another practice of %1"), self._length_text(minutes))
            )
            change.clicked.connect(lambda _c=False, m=minutes: self.length_chosen.emit(m))
            row.addWidget(change)
            flow.addWidget(item)
            self.buttons[minutes] = button
            self.change_links[minutes] = change
            self._dots[minutes] = dot
            self.choices[minutes] = None

    def _length_text(self, minutes: int) -> str:
        return self.tr("%n minute(s)", "", minutes)

    def show_choices(self, records: Sequence[PracticeRecord], now: datetime) -> None:
        """Name what each button starts, from the latest records (newest first) at ``now``."""
        for minutes, button in self.buttons.items():
            exercise = quick_choice(self.catalog, minutes, records, now)
            length = self._length_text(minutes)
            change = self.change_links[minutes]
            if exercise is None:
                self.choices[minutes] = None
                button.setText(length)
                button.setAccessibleName(fmt(self.tr("Choose a practice of %1"), length))
            else:
                played = exercise.length_for(minutes)
                self.choices[minutes] = (exercise.id, played)
                text = fmt(self.tr("%1: %2"), length, plain(exercise.title))
                button.setText(text)
                button.setAccessibleName(
                    fmt(self.tr("Start %1, %2"), plain(exercise.title), length)
                )
            change.setVisible(exercise is not None)
            self._dots[minutes].setVisible(exercise is not None)

    def _start(self, minutes: int) -> None:
        choice = self.choices.get(minutes)
        if choice is None:
            self.length_chosen.emit(minutes)
        else:
            self.practice_chosen.emit(choice[0], choice[1], "")
