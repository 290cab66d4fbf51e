"""The gentle check-in before and after a practice: distress 0 to 10 and the zone, skippable."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from stsdesk.core.records import CheckIn, Zone
from stsdesk.ui.widgets import GRID, centered_card, label


class CheckInPanel(QWidget):
    """Enter confirms, S skips. Digits 0 to 9 pick a rating directly.

    Signals:
        answered: a ``CheckIn`` (empty when skipped).
        cancelled: the person stepped back (Escape, before a practice only).
    """

    answered = Signal(object)
    cancelled = Signal()

    def __init__(self, *, after: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.after = after
        layout = centered_card(self)
        self.heading = label(
            self.tr("How are you now?") if after else self.tr("Before you begin"), "title"
        )
        layout.addWidget(self.heading)
        layout.addWidget(
            label(
                self.tr(
                    "A quick check-in, only for you. It is not a test and not a diagnosis. "
                    "Skip it whenever you like."
                ),
                "muted",
            )
        )
        layout.addWidget(label(self.tr("How much distress do you feel, from 0 (none) to 10?")))
        row = QHBoxLayout()
        row.setSpacing(GRID // 2)
        self.ratings = QButtonGroup(self)
        for value in range(11):
            button = QPushButton(str(value))
            button.setCheckable(True)
            button.setProperty("role", "rating")
            button.setFixedWidth(5 * GRID + 4)
            button.setAccessibleName(self.tr("Distress %1 of 10").replace("%1", str(value)))
            self.ratings.addButton(button, value)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(label(self.tr("Which zone are you in?")))
        zones = QHBoxLayout()
        self.zones = QButtonGroup(self)
        self._zone_values: dict[int, Zone] = {}
        for index, (zone, text) in enumerate(
            (
                (Zone.HIGH, self.tr("High: wound up, on edge")),
                (Zone.RESILIENT, self.tr("Resilient: OK, able to cope")),
                (Zone.LOW, self.tr("Low: flat, numb, tired")),
            )
        ):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setAccessibleName(text)
            self.zones.addButton(button, index)
            self._zone_values[index] = zone
            zones.addWidget(button)
        zones.addStretch(1)
        layout.addLayout(zones)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("A note, if you like (only you will see it)"))
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setFixedHeight(10 * GRID)
        self.note.setTabChangesFocus(True)
        self.note.setVisible(after)
        layout.addWidget(self.note)
        buttons = QHBoxLayout()
        self.confirm = QPushButton(self.tr("Save") if after else self.tr("Begin"))
        self.confirm.setProperty("role", "primary")
        self.confirm.setDefault(True)
        self.confirm.setAccessibleName(self.confirm.text())
        self.confirm.clicked.connect(self._confirm)
        self.skip = QPushButton(self.tr("Skip (S)"))
        self.skip.setAccessibleName(self.tr("Skip the check-in"))
        self.skip.clicked.connect(self._skip)
        buttons.addWidget(self.confirm)
        buttons.addWidget(self.skip)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def reset(self) -> None:
        for group in (self.ratings, self.zones):
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        self.note.clear()
        self.confirm.setFocus()

    def result(self) -> CheckIn:
        rating = self.ratings.checkedId()
        zone = self.zones.checkedId()
        return CheckIn(
            distress=rating if rating >= 0 else None,
            zone=self._zone_values.get(zone),
            note=self.note.toPlainText().strip() if self.after else "",
        )

    def _confirm(self) -> None:
        self.answered.emit(self.result())

    def _skip(self) -> None:
        self.answered.emit(CheckIn(note=self.note.toPlainText().strip() if self.after else ""))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.note.hasFocus():
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._confirm()
        elif key == Qt.Key.Key_S:
            self._skip()
        elif key == Qt.Key.Key_Escape and not self.after:
            self.cancelled.emit()
        elif Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self.ratings.button(key - Qt.Key.Key_0).setChecked(True)
        else:
            super().keyPressEvent(event)
