"""The week's summary for an accountability buddy: copied as text or saved as an image.

stsdesk never sends it anywhere: the person copies or saves it and shares it their own way.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QWidget,
)

from stsdesk.core.buddy import WeeklySummary, weekly_summary
from stsdesk.core.errors import StsdeskError
from stsdesk.core.stats import StatsSettings
from stsdesk.ui.context import Services
from stsdesk.ui.i18n import day_text, fmt
from stsdesk.ui.widgets import GRID, card, dialog_layout, failure_text, label, plain

log = logging.getLogger(__name__)


class WeeklySummaryDialog(QDialog):
    """A small non-modal dialog with the summary, Copy as text, Save as image, Close."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Your week"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = dialog_layout(self)  # scrolls when large text needs more than the screen
        layout.setContentsMargins(3 * GRID, 3 * GRID, 3 * GRID, 3 * GRID)
        self.sheet, sheet_layout = card()
        self.heading = label("", "title")
        self.body = label("")
        self.body.setAccessibleName(self.tr("Your week's summary"))
        sheet_layout.addWidget(self.heading)
        sheet_layout.addWidget(self.body)
        layout.addWidget(self.sheet)
        self.status = label("", "small")
        layout.addWidget(self.status)
        layout.addWidget(
            label(self.tr("stsdesk never sends this; share it your own way, if you like."), "muted")
        )
        row = QHBoxLayout()
        self.copy = QPushButton(self.tr("Copy as text"))
        self.copy.clicked.connect(self.copy_text)
        self.save = QPushButton(self.tr("Save as image…"))
        self.save.clicked.connect(self._choose_image)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        for button in (self.copy, self.save, close):
            button.setAccessibleName(button.text())
            row.addWidget(button)
        layout.addLayout(row)
        self.summary: WeeklySummary | None = None
        self.refresh()

    def refresh(self) -> None:
        services = self.services
        try:
            records = services.practice_log.records()
        except (StsdeskError, OSError) as error:
            log.warning("The weekly summary could not read the log: %s", error)
            self.summary = None
            self.heading.setText(self.tr("Your week"))
            self.body.setText(failure_text(error, self.tr("Your practice log could not be read")))
            self.copy.setEnabled(False)
            self.save.setEnabled(False)
            return
        settings = StatsSettings.from_settings(services.settings.current)
        self.summary = weekly_summary(records, services.live.today(), settings)
        self.heading.setText(self._heading(self.summary))
        self.body.setText(self._lines(self.summary))

    def _heading(self, summary: WeeklySummary) -> str:
        return fmt(
            self.tr("My practice, %1 to %2"), day_text(summary.first), day_text(summary.last)
        )

    def _lines(self, summary: WeeklySummary) -> str:
        lines = [
            self.tr("Practiced on %n day(s) of 7", "", summary.days_practised),
            self.tr("%n minute(s) in all", "", summary.minutes),
        ]
        if summary.favourite:
            lines.append(fmt(self.tr("Favorite practice: %1"), plain(summary.favourite)))
        if summary.streak:
            lines.append(self.tr("Current streak: %n day(s)", "", summary.streak))
        return "\n".join(lines)

    def text(self) -> str:
        """The summary as plain text, as Copy puts it on the clipboard."""
        return f"{self.heading.text()}\n{self.body.text()}\n"

    def copy_text(self) -> None:
        QApplication.clipboard().setText(self.text())
        self.status.setText(self.tr("Copied. Paste it wherever you share it."))

    def save_image(self, path: Path) -> bool:
        """Save the summary card as a PNG image at ``path``; whether it worked."""
        if self.sheet.grab().save(str(path), "PNG"):
            self.status.setText(fmt(self.tr("Saved as %1."), plain(path.name)))
            return True
        self.status.setText(self.tr("The image could not be saved there; try another folder."))
        return False

    def _choose_image(self) -> None:
        start = str(Path.home() / self.tr("my-week.png"))
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save your week as an image"), start, self.tr("PNG image (*.png)")
        )
        if path:
            self.save_image(Path(path))
