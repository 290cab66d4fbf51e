"""The Journal's history: one row per practice, its note set apart beneath it, its tags shown.

Each row is a small group of plain labels (what and when; how long and how it felt; the note;
the tags) with its own "Note…" and "Delete…" buttons, so every practice is reachable by Tab
and a note can never be mistaken for a wrapped line of the row above. Rows are updated in
place when the same practices are shown again (a note edited, a setting changed), so the page
keeps its scroll position and the focused button stays where it was.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from stsdesk.core.records import PracticeRecord, Source
from stsdesk.core.stats import length_message
from stsdesk.core.text import visible
from stsdesk.ui import i18n
from stsdesk.ui.widgets import GRID, label, plain
from stsdesk.ui.wording import word

WHEN_FORMAT = "ddd d MMM yyyy, HH:mm"


def when_text(record: PracticeRecord) -> str:
    """The wall time where and when it happened (its own offset), not converted to here."""
    wall = record.started_at
    moment = QDateTime(QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute))
    return QLocale().toString(moment, WHEN_FORMAT)


class HistoryRow(QFrame):
    """One practice in the history.

    Signals:
        note_requested(object): the "Note…" button was pressed for ``record``.
        delete_requested(object): the "Delete…" button was pressed for ``record``.
    """

    note_requested = Signal(object)
    delete_requested = Signal(object)

    def __init__(self, record: PracticeRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, GRID, 0, GRID)
        layout.setSpacing(GRID // 2)
        self.heading = label("", "strong")
        self.details = label("", "muted")
        self.note = label("", "small")
        self.note.setStyleSheet("font-style: italic;")
        self.note.setContentsMargins(2 * GRID, 0, 0, 0)  # set apart beneath its practice
        self.tags = label("", "small")
        self.tags.setContentsMargins(2 * GRID, 0, 0, 0)
        for widget in (self.heading, self.details, self.note, self.tags):
            layout.addWidget(widget)
        buttons = QHBoxLayout()
        self.note_button = QPushButton()
        self.note_button.clicked.connect(lambda: self.note_requested.emit(self.record))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self.record))
        buttons.addWidget(self.note_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.set_record(record)

    def set_record(self, record: PracticeRecord) -> None:
        """Show ``record`` (the same practice, perhaps with a new note) in place."""
        self.record = record
        title = plain(record.exercise_title)
        when = when_text(record)
        self.heading.setText(i18n.fmt(self.tr("%1 · %2"), when, title))
        parts = [word(length_message(record.practiced_seconds))]
        if record.source is Source.MANUAL:
            parts.append(self.tr("logged by hand"))
        elif not record.completed:
            parts.append(self.tr("partly done"))
        if record.distress_before is not None or record.distress_after is not None:
            before = "–" if record.distress_before is None else str(record.distress_before)
            after = "–" if record.distress_after is None else str(record.distress_after)
            parts.append(i18n.fmt(self.tr("distress %1 → %2"), before, after))
        self.details.setText(" · ".join(parts))
        note = visible(record.note).strip()
        self.note.setVisible(bool(note))
        self.note.setText(i18n.fmt(self.tr("Note: %1"), note) if note else "")
        tags = [plain(tag) for tag in record.tags if tag.strip()]
        self.tags.setVisible(bool(tags))
        self.tags.setText(i18n.fmt(self.tr("Tags: %1"), ", ".join(tags)) if tags else "")
        self.note_button.setText(self.tr("Edit note…") if note else self.tr("Add a note…"))
        self.note_button.setAccessibleName(i18n.fmt(self.tr("Note for %1, %2"), title, when))
        self.delete_button.setAccessibleName(i18n.fmt(self.tr("Delete %1, %2"), title, when))

    def text(self) -> str:
        """Everything the row shows, line by line (what a person reads)."""
        shown = [self.heading, self.details, self.note, self.tags]
        return "\n".join(w.text() for w in shown if not w.isHidden() and w.text())


class HistoryList(QWidget):
    """The rows of the history, newest first.

    Signals:
        note_requested(object), delete_requested(object): a row's button, with its record.
    """

    note_requested = Signal(object)
    delete_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(GRID)  # rows apart by space, calmer than rules
        self._rows: list[HistoryRow] = []
        self._current: int | None = None

    def count(self) -> int:
        return len(self._rows)

    def row(self, index: int) -> HistoryRow:
        return self._rows[index]

    item = row  # the list widget's names, for callers written against it

    def setCurrentRow(self, index: int) -> None:  # QListWidget's name
        """Make row ``index`` the one the Journal's actions apply to, and focus its note."""
        self._current = index
        self._rows[index].note_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def current(self) -> PracticeRecord | None:
        """The practice of the row last made current or focused, if it is still shown."""
        focused = next((r for r in self._rows if r.isAncestorOf(self.focusWidget())), None)
        if focused is not None:
            return focused.record
        if self._current is not None and self._current < len(self._rows):
            return self._rows[self._current].record
        return None

    def row_for(self, record_id: int | None) -> HistoryRow | None:
        return next((r for r in self._rows if r.record.id == record_id), None)

    def set_records(self, records: Sequence[PracticeRecord]) -> None:
        """Show ``records``; rows already showing the same practices are updated in place,
        so nothing moves and focus stays on the button that had it."""
        if [r.id for r in records] == [row.record.id for row in self._rows]:
            for row, record in zip(self._rows, records, strict=True):
                row.set_record(record)
            return
        for row in self._rows[len(records) :]:
            self._layout.removeWidget(row)
            row.deleteLater()
        del self._rows[len(records) :]
        for index, record in enumerate(records):
            if index < len(self._rows):
                self._rows[index].set_record(record)
                continue
            row = HistoryRow(record)
            row.note_requested.connect(self.note_requested)
            row.delete_requested.connect(self.delete_requested)
            self._rows.append(row)
            self._layout.addWidget(row)
