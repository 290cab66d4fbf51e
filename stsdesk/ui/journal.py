"""Journal: your consistency in kind words, a year of days, what helps you, and your history."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from stsdesk.core.catalog import Catalog
from stsdesk.core.days import practice_day_at
from stsdesk.core.errors import StsdeskError
from stsdesk.core.practice import manual_record, own_practice_id
from stsdesk.core.records import PracticeRecord
from stsdesk.core.stats import (
    Change,
    Stats,
    StatsSettings,
    WhatHelps,
    from_summary,
    kind_headline,
    length_message,
    streak_message,
)
from stsdesk.core.suggest import suggest
from stsdesk.ui import i18n
from stsdesk.ui.charts import CalendarHeatmap, WeekBars
from stsdesk.ui.context import Services
from stsdesk.ui.journal_history import HistoryList, when_text
from stsdesk.ui.selfcheck_page import SelfCheckSummary
from stsdesk.ui.theme import Theme
from stsdesk.ui.widgets import (
    GRID,
    FlowLayout,
    Page,
    WrapButton,
    card,
    failure_text,
    label,
    plain,
    show_failure,
)
from stsdesk.ui.wording import word

log = logging.getLogger(__name__)

HISTORY_PAGE = 50


class JournalPage(Page):
    """Reads from the practice log only when shown or changed; never on a timer.

    It refreshes itself when the log is written (here or anywhere), the practice day rolls
    over or a ``journal.*`` setting changes; while hidden it only notes that it must.
    """

    def __init__(self, services: Services, theme: Theme, parent: QWidget | None = None):
        super().__init__(self.tr("Journal"), parent)
        self.services = services
        self.stats: Stats | None = None
        self._shown = HISTORY_PAGE

        box, layout = card()
        self.kind = label("", "title")
        self.kind.setAccessibleName(self.tr("Your practice"))
        self.streak = label("", "muted")
        self.consistency = label("", "muted")
        self.regularity = label("", "small")  # consistency, explained where it is shown
        layout.addWidget(self.kind)
        layout.addWidget(self.streak)
        layout.addWidget(self.consistency)
        layout.addWidget(self.regularity)
        self.add_manual = WrapButton(self.tr("Log a practice done away from the computer"))
        self.add_manual.clicked.connect(self.open_manual_entry)
        row = QHBoxLayout()
        row.addWidget(self.add_manual)
        row.addStretch(1)
        layout.addLayout(row)
        self.body.addWidget(box)

        box, layout = card()
        layout.addWidget(label(self.tr("Your year"), "title"))
        self.calendar = CalendarHeatmap(theme)
        layout.addWidget(self.calendar)
        self.month = label("", "small")
        layout.addWidget(self.month)
        self.body.addWidget(box)

        box, layout = card()
        layout.addWidget(label(self.tr("Minutes per week"), "title"))
        self.weeks = WeekBars(theme)
        layout.addWidget(self.weeks)
        self.body.addWidget(box)

        box, layout = card()
        layout.addWidget(label(self.tr("What helps you"), "title"))
        layout.addWidget(
            label(
                self.tr(
                    "How your distress changed from before to after, for every practice you "
                    "rated both times, the most often rated first. It is your own impression, "
                    "not a measure: a practice rated once or twice says little yet."
                ),
                "small",
            )
        )
        self.helps = QVBoxLayout()
        layout.addLayout(self.helps)
        self.body.addWidget(box)

        box, layout = card()
        layout.addWidget(label(self.tr("History"), "title"))
        self.history = HistoryList()  # one row per practice, each with its own buttons
        self.history.setAccessibleName(self.tr("Practice history"))
        self.history.note_requested.connect(self.open_note_editor)
        self.history.delete_requested.connect(self.confirm_delete)
        layout.addWidget(self.history)
        self.empty_history = label(self.tr("Your practices will be listed here."), "muted")
        layout.addWidget(self.empty_history)
        row = QHBoxLayout()
        self.more = QPushButton(self.tr("Show more"))
        self.more.clicked.connect(self._show_more)
        row.addWidget(self.more)
        row.addStretch(1)
        layout.addLayout(row)
        self.body.addWidget(box)

        self.self_check = SelfCheckSummary(services)  # the check-in's trend, supervision notes
        self.body.addWidget(self.self_check)

        box, layout = card()
        layout.addWidget(label(self.tr("Your data"), "title"))
        layout.addWidget(
            label(
                i18n.fmt(
                    self.tr(
                        "Your log is a file on this computer (%1). Nothing is ever sent anywhere. "
                        "An export is a copy you choose to make; it is not encrypted."
                    ),
                    services.paths.data,
                ),
                "small",
                selectable=True,
            )
        )
        buttons = FlowLayout(spacing=GRID)  # the buttons wrap at large text
        self.export_csv = QPushButton(self.tr("Export as CSV…"))
        self.export_csv.clicked.connect(lambda: self.choose_export("csv"))
        self.export_json = QPushButton(self.tr("Export as JSON…"))
        self.export_json.clicked.connect(lambda: self.choose_export("json"))
        self.delete_all = QPushButton(self.tr("Delete all my data…"))
        self.delete_all.clicked.connect(self.confirm_delete_all)
        for button in (self.export_csv, self.export_json, self.delete_all):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.message = label("", "muted")
        layout.addWidget(self.message)
        self.body.addWidget(box)
        self.finish()
        self._focus_note_of: int | None = None  # the row whose note was just edited
        # Read the log when the page is first shown, not while the app is starting.
        self._stale = True
        live = services.live
        live.journal_changed.connect(self.refresh_when_shown)
        live.day_changed.connect(self.refresh_when_shown)
        live.setting_changed.connect(self._on_setting_changed)

    @Slot(str)
    def _on_setting_changed(self, key: str) -> None:
        if key.startswith("journal."):
            self.refresh_when_shown()

    # --- reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the numbers from the log's summary and reload the visible history; a log
        that cannot be read is tried again when the page is next shown."""
        self._stale = not self._read(self._reload)

    def _reload(self) -> None:
        journal = self.services.practice_log
        settings = StatsSettings.from_settings(self.services.settings.current)
        boundary = settings.day_boundary_hour
        today = practice_day_at(self.services.now(), boundary)
        self.stats = from_summary(journal.summary(boundary), today, settings)
        self._show_stats(self.stats)
        self._load_rows()

    def _read(self, read: Callable[[], None]) -> bool:
        """Run a read of the log; if it fails, say so on the page (it is read again when shown)."""
        try:
            read()
        except (StsdeskError, OSError) as error:
            log.warning("The journal could not be read: %s", error)
            self.kind.setText(
                failure_text(error, self.tr("Your practice log could not be read"))
                + " "
                + self.tr("stsdesk tries again when you next open this page.")
            )
            return False
        return True

    def _show_stats(self, stats: Stats) -> None:
        self.kind.setText(word(kind_headline(stats)))
        streak = streak_message(stats)
        self.streak.setVisible(streak is not None)
        if streak is not None:
            self.streak.setText(word(streak))
        self.consistency.setText(
            i18n.fmt(
                self.tr("%1 of the last 30 days · %2, %3 in all"),
                stats.days_last_30,
                self.tr("%n practice(s)", "", stats.total_sessions),
                word(length_message(stats.total_minutes * 60)),
            )
        )
        # Consistency only once there are two weeks of history (one practice is not "100").
        self.regularity.setVisible(stats.consistency is not None)
        if stats.consistency is not None:
            explained = i18n.fmt(
                self.tr(
                    "Consistency %1/100: how regularly you practiced over the last four "
                    "weeks. One missed day a week costs nothing; rest days and vacations "
                    "are left out."
                ),
                stats.consistency,
            )
            self.regularity.setText(explained)
            self.regularity.setToolTip(explained)
        self.calendar.set_days(stats.calendar, stats.today)
        this_month = sum(
            1 for d in stats.calendar if (d.year, d.month) == (stats.today.year, stats.today.month)
        )
        self.month.setText(self.tr("This month: %n day(s) with practice.", "", this_month))
        self.weeks.set_weeks(stats.minutes_per_week)
        while self.helps.count():
            item = self.helps.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if not stats.what_helps:
            self.helps.addWidget(
                label(self.tr("Rate how you feel before and after to see this."), "muted")
            )
        for entry in stats.what_helps:  # every one, eased or not, the best evidenced first
            self.helps.addWidget(label(self._change_text(entry)))

    def _change_text(self, entry: WhatHelps) -> str:
        evidence = self.tr("from %n rated practice(s)", "", entry.count)
        size = f"{abs(entry.mean_change):.1f}"
        if entry.change is Change.EASED:
            words = i18n.fmt(self.tr("distress eased by %1 on average"), size)
        elif entry.change is Change.ROSE:
            words = i18n.fmt(self.tr("distress rose by %1 on average"), size)
        else:
            words = self.tr("about the same before and after")
        return i18n.fmt(self.tr("%1: %2, %3"), plain(entry.title), words, evidence)

    def _load_history(self) -> None:
        self._read(self._load_rows)

    def _load_rows(self) -> None:
        journal = self.services.practice_log
        scroll = self.verticalScrollBar()
        at = scroll.value()
        self.history.set_records(journal.recent(self._shown))
        self.empty_history.setVisible(self.history.count() == 0)
        self.more.setVisible(journal.count() > self._shown)
        scroll.setValue(at)  # a refresh never moves the page
        row = self.history.row_for(self._focus_note_of)
        self._focus_note_of = None
        if row is not None:  # back on the note button of the practice just edited
            row.note_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_more(self) -> None:
        self._shown += HISTORY_PAGE
        self._load_history()

    # --- changing ------------------------------------------------------------------------

    def _apply(
        self,
        action: Callable[[], object],
        done: str | Callable[[object], str],
        *,
        retry: bool = True,
    ) -> bool:
        """Change the log and say ``done`` (or ``done(result)``); on failure say why, calmly,
        with Retry if it helps."""
        try:
            result = action()
        except (StsdeskError, OSError) as error:
            log.warning("A journal change failed: %s", error)
            self.message.setText("")
            show_failure(
                self,
                failure_text(error, self.tr("Your practice log could not be changed")),
                (lambda: self._apply(action, done)) if retry else None,
            )
            return False
        # The log announced the change; this page (and every other) refreshed from it.
        self.message.setText(done(result) if callable(done) else done)
        return True

    def selected(self) -> PracticeRecord | None:
        """The practice of the history row in focus (or last made current)."""
        return self.history.current()

    @Slot(object)
    def open_note_editor(self, record: PracticeRecord | None = None) -> None:
        """Edit the note of ``record`` (by default the row in focus)."""
        record = record or self.selected()
        if record is None or record.id is None:
            return
        dialog = NoteDialog(record, self)
        record_id = record.id

        def save() -> None:
            self._focus_note_of = record_id
            self._apply(
                lambda: self.services.practice_log.update_note(record_id, dialog.text()),
                self.tr("Note saved."),
            )
            self._refocus_note(record_id)

        dialog.accepted.connect(save)
        dialog.rejected.connect(lambda: self._refocus_note(record_id))
        dialog.open()

    def _refocus_note(self, record_id: int) -> None:
        self._focus_note_of = None
        row = self.history.row_for(record_id)
        if row is not None:
            row.note_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(object)
    def confirm_delete(self, record: PracticeRecord | None = None) -> None:
        """Ask before deleting ``record`` (by default the row in focus)."""
        record = record or self.selected()
        if record is None or record.id is None:
            return
        record_id = record.id
        box = QMessageBox(
            QMessageBox.Icon.NoIcon,  # no stock icons: the words say it calmly
            self.tr("Delete this practice?"),
            "",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            i18n.fmt(
                self.tr("Delete %1 from your journal? This cannot be undone."),
                plain(record.exercise_title),
            )
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(
            lambda: self._apply(
                lambda: self.services.practice_log.delete(record_id), self.tr("Deleted.")
            )
        )
        box.open()

    def confirm_delete_all(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.NoIcon,  # no stock icons: the words say it calmly
            self.tr("Delete all your data?"),
            self.tr(
                "This removes every practice, note and rating from this computer, including "
                "the automatic backups. It cannot be undone."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete everything"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(self.delete_everything)
        box.open()

    def delete_everything(self) -> None:
        self._apply(lambda: self.services.practice_log.delete_all(), str)

    def choose_export(self, fmt: str) -> None:
        dialog = QFileDialog(self, self.tr("Export your journal"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(fmt)
        dialog.selectFile(f"stsdesk-journal.{fmt}")
        dialog.setNameFilter(i18n.fmt(self.tr("%1 files (*.%2)"), fmt.upper(), fmt))
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path), fmt))
        dialog.open()

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the export and say where it went (only you can read the file)."""
        try:
            count = self.services.export(fmt, path)
        except (StsdeskError, OSError) as error:
            log.warning("The export failed: %s", error)
            self.message.setText("")
            show_failure(
                self,
                failure_text(
                    error, i18n.fmt(self.tr("The export could not be written to %1"), path)
                ),
                lambda: self.export_to(path, fmt),
            )
            return
        self.message.setText(
            i18n.fmt(
                self.tr("Exported %n practice(s) to %1. Only you can read this file.", "", count),
                path,
            )
        )

    def open_manual_entry(self) -> None:
        recent = [r.exercise_id for r in self.services.practice_log.recent(20)]
        dialog = ManualEntryDialog(
            self.services.catalog, self.services.now(), self, recent_ids=recent
        )
        dialog.accepted.connect(lambda: self.add_manual_record(dialog.record(self.services)))
        dialog.open()

    def add_manual_record(self, record: PracticeRecord) -> None:
        # No Retry: a practice that cannot be written is kept by the log, which says so.
        self._apply(
            lambda: self.services.practice_log.add(record),
            self.tr("Practice logged."),
            retry=False,
        )


class NoteDialog(QDialog):
    """Edit the note of one practice; the dialog says which practice it is (title, when)."""

    def __init__(self, record: PracticeRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title, when = plain(record.exercise_title), when_text(record)
        self.setWindowTitle(i18n.fmt(self.tr("Note: %1"), title))
        layout = QVBoxLayout(self)
        self.about = label(i18n.fmt(self.tr("Your note on %1, %2"), title, when), "strong")
        layout.addWidget(self.about)
        self.editor = QPlainTextEdit(record.note)
        self.editor.setAccessibleName(i18n.fmt(self.tr("Note on %1, %2"), title, when))
        self.editor.setTabChangesFocus(True)
        layout.addWidget(self.editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.editor.toPlainText().strip()


class ManualEntryDialog(QDialog):
    """Log a practice done away from the computer: what, how long, when, and how it felt."""

    def __init__(
        self,
        catalog: Catalog,
        now: datetime,
        parent: QWidget | None = None,
        *,
        recent_ids: Sequence[str] = (),
    ) -> None:
        """``recent_ids``: the practices in the log, newest first; the newest one still on
        offer is chosen at first (else the one Home would offer for 5 minutes)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Log a practice"))
        form = QFormLayout(self)
        self.exercise = QComboBox()
        for exercise in sorted(catalog.exercises, key=lambda e: e.title.casefold()):
            self.exercise.addItem(plain(exercise.title), exercise)
        self.exercise.addItem(self.tr("Something else…"), None)  # a practice of your own
        self.exercise.setAccessibleName(self.tr("Practice"))
        first = next((e for e in map(catalog.get, recent_ids) if e is not None), None)
        first = first or suggest(catalog, 5)
        if first is not None:
            self.exercise.setCurrentIndex(self.exercise.findData(first))
        self.own_name = QLineEdit()
        self.own_name.setAccessibleName(self.tr("Name of the practice"))
        self.own_name.setPlaceholderText(self.tr("For example: a walk at lunch"))
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 120)
        self.minutes.setValue(5)
        self.minutes.setAccessibleName(self.tr("Minutes"))
        self.minutes.setButtonSymbols(QSpinBox.ButtonSymbols.UpDownArrows)
        self.when = QDateTimeEdit(QDateTime(now))
        self.when.setCalendarPopup(True)
        locale = QLocale()  # the person's own way of writing a date and a time
        self.when.setDisplayFormat(
            locale.dateFormat(QLocale.FormatType.LongFormat)
            + ", "
            + locale.timeFormat(QLocale.FormatType.ShortFormat)
        )
        self.when.setAccessibleName(self.tr("When"))
        self.before = self._rating(self.tr("Distress before"))
        self.after = self._rating(self.tr("Distress after"))
        self.note = QPlainTextEdit()
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(10 * GRID)
        form.addRow(self.tr("Practice"), self.exercise)
        form.addRow(self.tr("Its name"), self.own_name)
        self._own_row = form.rowCount() - 1
        self._form = form
        form.addRow(self.tr("Minutes"), self.minutes)
        form.addRow(self.tr("When"), self.when)
        form.addRow(self.tr("Distress before"), self.before)
        form.addRow(self.tr("Distress after"), self.after)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._save = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.exercise.currentIndexChanged.connect(self._show_own_name)
        self.own_name.textChanged.connect(self._show_own_name)
        self._show_own_name()

    def _show_own_name(self) -> None:
        """The name box only for "Something else…", and Save only once it has a name."""
        own = self.exercise.currentData() is None
        self._form.setRowVisible(self._own_row, own)
        self._save.setEnabled(not own or bool(self.own_name.text().strip()))

    def _rating(self, name: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(-1, 10)
        box.setSpecialValueText(self.tr("not rated"))
        box.setValue(-1)
        box.setAccessibleName(name)
        box.setButtonSymbols(QSpinBox.ButtonSymbols.UpDownArrows)
        return box

    def record(self, services: Services) -> PracticeRecord:
        exercise = self.exercise.currentData()
        instant = self.when.dateTime().toPython().astimezone()
        if exercise is None:  # "Something else…": a practice of the person's own
            name = self.own_name.text().strip()
            exercise_id, title, family = own_practice_id(name), name, ""
        else:
            exercise_id, title, family = exercise.id, exercise.title, exercise.family
        return manual_record(
            exercise_id=exercise_id,
            title=title,
            family=family,
            minutes=self.minutes.value(),
            started=instant,
            zone=services.zone_name(),
            distress_before=None if self.before.value() < 0 else self.before.value(),
            distress_after=None if self.after.value() < 0 else self.after.value(),
            note=self.note.toPlainText(),
        )
