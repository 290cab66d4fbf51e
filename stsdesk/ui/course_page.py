"""The Course page: the path of days, today's module, its practice and a private question.

All the rules live in ``application.course_service`` and ``core.course``; the page paints the
path it is given and forwards what the person asks for. A missed day simply waits: the page
says the next day is ready whenever the person is, and never counts anything against them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QDate, QLocale, Qt, QTime, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from stsdesk.core.course import CourseView, DayState, DayView
from stsdesk.core.errors import StsdeskError
from stsdesk.ui.context import Services
from stsdesk.ui.i18n import fmt
from stsdesk.ui.theme import Theme
from stsdesk.ui.widgets import GRID, Page, card, failure_text, label, plain

log = logging.getLogger(__name__)

BOUNDARY_KEY = "journal.day_boundary_hour"
DAY_ROLE = Qt.ItemDataRole.UserRole


class CoursePage(Page):
    """Refreshes itself from the course service, the day and the day-boundary setting.

    Signals:
        practice_requested(str, int): play this exercise at these minutes (the day's practice).
    """

    practice_requested = Signal(str, int)

    def __init__(self, services: Services, theme: Theme, parent: QWidget | None = None):
        super().__init__(self.tr("Course"), parent)
        assert services.course is not None  # Services always has one
        self.services = services
        self.course = services.course
        self._theme = theme
        self.view: CourseView | None = None
        self._selected: int | None = None
        self._answer_day: int | None = None

        box, layout = card()
        self.title = label("", "title")
        self.summary = label("", "muted")
        self.progress = label("", "strong")
        self.status = label("")
        self.status.setAccessibleName(self.tr("Where you are in the course"))
        for widget in (self.title, self.summary, self.progress, self.status):
            layout.addWidget(widget)
        row = QHBoxLayout()
        self.pause = QPushButton(self.tr("Pause the course"))
        self.pause.clicked.connect(self._toggle_pause)
        self.start_over = QPushButton(self.tr("Start over…"))
        self.start_over.clicked.connect(self._ask_start_over)
        row.addWidget(self.pause)
        row.addWidget(self.start_over)
        row.addStretch(1)
        layout.addLayout(row)
        self.confirm = QWidget()
        confirm_row = QHBoxLayout(self.confirm)
        confirm_row.setContentsMargins(0, 0, 0, 0)
        self.confirm_text = label(
            self.tr(
                "Start again from day 1? Everything you wrote and practiced stays in your journal."
            )
        )
        self.confirm_yes = QPushButton(self.tr("Start over"))
        self.confirm_yes.clicked.connect(self._start_over)
        self.confirm_no = QPushButton(self.tr("Keep my place"))
        self.confirm_no.clicked.connect(lambda: self.confirm.setVisible(False))
        confirm_row.addWidget(self.confirm_text, 1)
        confirm_row.addWidget(self.confirm_yes)
        confirm_row.addWidget(self.confirm_no)
        self.confirm.setVisible(False)
        layout.addWidget(self.confirm)
        self.message = label("", "muted")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.header = box
        self.body.addWidget(box)

        box, layout = card()
        layout.addWidget(label(self.tr("The days"), "title"))
        self.path = QListWidget()
        self.path.setAccessibleName(self.tr("The days of the course"))
        self.path.setMinimumHeight(36 * GRID)
        self.path.setWordWrap(True)
        self.path.currentItemChanged.connect(self._on_day_chosen)
        layout.addWidget(self.path)
        self.path_box = box
        self.body.addWidget(box)

        box, layout = card()
        self.module_title = label("", "title")
        self.module_state = label("", "muted")
        self.reading = label("", selectable=True)
        self.reading.setAccessibleName(self.tr("Today's reading"))
        self.practice_line = label("", "strong")
        self.play = QPushButton(self.tr("Start today's practice"))
        self.play.setProperty("role", "primary")
        self.play.clicked.connect(self._play)
        self.prompt = label("", "strong")
        self.answer = QPlainTextEdit()
        self.answer.setTabChangesFocus(True)
        self.answer.setAccessibleName(self.tr("Your answer (private)"))
        self.answer.setPlaceholderText(self.tr("Only you can see this. A few words are enough."))
        self.answer.setMinimumHeight(12 * GRID)
        self.save_answer = QPushButton(self.tr("Save my answer"))
        self.save_answer.clicked.connect(self._save_answer)
        self.answer_message = label("", "small")
        for widget in (self.module_title, self.module_state, self.reading, self.practice_line):
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.play)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.prompt)
        layout.addWidget(self.answer)
        row = QHBoxLayout()
        row.addWidget(self.save_answer)
        row.addWidget(self.answer_message, 1)
        layout.addLayout(row)
        self.module = box
        self.body.addWidget(box)
        self.finish()

        self._stale = True  # read when first shown, not while the app starts
        self.course.changed.connect(self._on_course_changed)
        self.destroyed.connect(lambda: self.course.changed.disconnect(self._on_course_changed))
        live = services.live
        live.day_changed.connect(self._on_day_changed)
        live.setting_changed.connect(self._on_setting_changed)
        theme.changed.connect(self._paint_path)

    # --- reading -------------------------------------------------------------------------

    def _on_course_changed(self, _value: None) -> None:
        self.refresh_when_shown()

    @Slot(object)
    def _on_day_changed(self, _day: object) -> None:
        self._selected = None  # a new day: show the module that is open now
        self.refresh_when_shown()

    @Slot(str)
    def _on_setting_changed(self, key: str) -> None:
        if key == BOUNDARY_KEY:
            self.refresh_when_shown()

    def refresh(self) -> None:
        try:
            view = self.course.view() if self.course.available else None
        except (StsdeskError, OSError) as error:
            log.warning("The course could not be read: %s", error)
            self._stale = True
            self._unavailable(failure_text(error, self.tr("Your course could not be read")))
            return
        if view is None:
            self._unavailable(
                self.tr(
                    "The course needs your practice log on this computer, which cannot be "
                    "used right now. Your practices are still kept."
                )
                if self.course.course is not None
                else self.tr("No course can be shown: its files have problems.")
            )
            return
        self.view = view
        for widget in (self.path_box, self.module, self.pause, self.start_over):
            widget.setVisible(True)
        course = view.course
        self.title.setText(course.title)
        self.summary.setText(course.summary)
        self.progress.setText(fmt(self.tr("%1 of %2 days done"), view.done_count, len(view.days)))
        self.status.setText(self._status_text(view))
        self.pause.setText(
            self.tr("Resume the course") if view.paused else self.tr("Pause the course")
        )
        self.pause.setEnabled(not view.finished)
        problem = self.course.problem
        self.message.setVisible(bool(problem))
        self.message.setText(problem)
        if self._selected is None or course.get(self._selected) is None:
            self._selected = self._first_shown(view)
        self._fill_path(view)

    @staticmethod
    def _first_shown(view: CourseView) -> int:
        """The day to show first: the one open today; once today's is done, that one (its
        answer may still be written); when all are done, the last."""
        current = view.current
        done = [d.day.day for d in view.days if d.state is DayState.DONE]
        if current is None:
            return view.days[-1].day.day
        if current.state is DayState.WAITING and view.opens_at is not None and done:
            return max(done)
        return current.day.day

    def _unavailable(self, text: str) -> None:
        self.view = None
        self.title.setText(self.tr("Course"))
        self.summary.setText("")
        self.progress.setText("")
        self.status.setText(text)
        for widget in (self.path_box, self.module, self.pause, self.start_over, self.confirm):
            widget.setVisible(False)

    def _status_text(self, view: CourseView) -> str:
        current = view.current
        if current is None:
            return self.tr(
                "You have finished the course. Everything you wrote stays in your journal, "
                "and you can start again whenever you like."
            )
        if view.paused:
            return self.tr(
                "The course is paused. Nothing is lost; resume it whenever you are ready."
            )
        if current.state is DayState.TODAY:
            return fmt(
                self.tr("Day %1, %2, is ready whenever you are."),
                current.day.day,
                current.day.title,
            )
        opens = view.opens_at
        if opens is None:
            return fmt(self.tr("Day %1 waits for you."), current.day.day)
        day = QDate(opens.year, opens.month, opens.day)
        when = QLocale().toString(day, QLocale.FormatType.LongFormat)
        if opens.hour:  # a day boundary for night shifts: say the hour too
            hour = QLocale().toString(QTime(opens.hour, 0), QLocale.FormatType.ShortFormat)
            when = fmt(self.tr("%1 at %2"), when, hour)
        return fmt(self.tr("Today's module is done. Day %1 opens on %2."), current.day.day, when)

    def state_word(self, state: DayState) -> str:
        return {
            DayState.DONE: self.tr("done"),
            DayState.TODAY: self.tr("today"),
            DayState.WAITING: self.tr("next"),
            DayState.LOCKED: self.tr("later"),
        }[state]

    def item_text(self, day: DayView) -> str:
        """One row of the path: the mark and the state in words, never colour alone."""
        mark = {
            DayState.DONE: "✓",
            DayState.TODAY: "▶",
            DayState.WAITING: "○",
            DayState.LOCKED: "·",
        }[day.state]
        return fmt(
            self.tr("%1 Day %2: %3 (%4)"),
            mark,
            day.day.day,
            plain(day.day.title),
            self.state_word(day.state),
        )

    def _fill_path(self, view: CourseView) -> None:
        self.path.blockSignals(True)
        self.path.clear()
        for day in view.days:
            item = QListWidgetItem(self.item_text(day))
            item.setData(DAY_ROLE, day.day.day)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, self.item_text(day))
            self.path.addItem(item)
            if day.day.day == self._selected:
                self.path.setCurrentItem(item)
        self.path.blockSignals(False)
        self._paint_path()
        self._show_module()

    @Slot()
    def _paint_path(self) -> None:
        """Today's module stands out (bold, the accent's soft colour from the theme now)."""
        view = self.view
        if view is None:
            return
        soft = QBrush(QColor(self._theme.palette.accent_soft))
        for row, day in enumerate(view.days):
            item = self.path.item(row)
            if item is None:
                continue
            current = view.current is not None and day.day.day == view.current.day.day
            font = QFont(self.path.font())
            font.setBold(current)
            item.setFont(font)
            item.setBackground(soft if current else QBrush())

    def selected_day(self) -> DayView | None:
        view = self.view
        if view is None:
            return None
        return next((d for d in view.days if d.day.day == self._selected), None)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_day_chosen(self, item: QListWidgetItem | None, _old: object) -> None:
        if item is not None:
            self._selected = int(item.data(DAY_ROLE))
            self._show_module()

    def _show_module(self) -> None:
        day = self.selected_day()
        view = self.view
        if day is None or view is None:
            self.module.setVisible(False)
            return
        self.module.setVisible(True)
        content = day.day
        self.module_title.setText(fmt(self.tr("Day %1: %2"), content.day, content.title))
        is_current = view.current is not None and view.current.day.day == content.day
        open_now = is_current and day.state is DayState.TODAY
        readable = day.state is not DayState.LOCKED
        self.module_state.setText(self._module_state(day, view))
        self.reading.setVisible(readable)
        self.reading.setText("\n\n".join(content.paragraphs) if readable else "")
        exercise = self.services.catalog.get(content.practice)
        name = exercise.title if exercise is not None else content.practice
        self.practice_line.setVisible(readable)
        self.practice_line.setText(
            fmt(self.tr("The practice: %1, %2 min"), name, content.practice_minutes)
        )
        self.play.setVisible(open_now)
        self.play.setEnabled(open_now and exercise is not None)
        writable = day.state in (DayState.DONE, DayState.TODAY)
        for widget in (self.prompt, self.answer, self.save_answer, self.answer_message):
            widget.setVisible(writable)
        self.prompt.setText(content.prompt)
        if self._answer_day != content.day or not self.answer.document().isModified():
            self._answer_day = content.day
            try:
                saved = self.course.answer(content.day)
            except (StsdeskError, OSError) as error:
                log.warning("The answer could not be read: %s", error)
                saved = ""
            self.answer.setPlainText(saved)
            self.answer.document().setModified(False)
            self.answer_message.setText(
                self.tr("Saved in your journal. Only you can see it.") if saved else ""
            )

    def _module_state(self, day: DayView, view: CourseView) -> str:
        if day.state is DayState.DONE:
            return self.tr("Done. You can read it again, and add to your answer.")
        if day.state is DayState.TODAY:
            return self.tr("Open today. About 5 to 10 minutes: a reading, a practice, a question.")
        if day.state is DayState.WAITING:
            if view.paused:
                return self.tr("Waiting while the course is paused.")
            return self.tr("This day opens tomorrow. Nothing is lost by waiting.")
        return self.tr("This day opens after the days before it.")

    # --- actions -------------------------------------------------------------------------

    @Slot()
    def _play(self) -> None:
        day = self.selected_day()
        if day is None:
            return
        try:
            exercise_id, minutes = self.course.practice_for(day.day.day)
        except StsdeskError as error:
            self._say(str(error))
            return
        self.practice_requested.emit(exercise_id, minutes)

    @Slot()
    def _save_answer(self) -> None:
        day = self.selected_day()
        text = self.answer.toPlainText()
        if day is None:
            return
        if not text.strip():
            self.answer_message.setText(self.tr("Write a few words first; nothing was saved."))
            return
        try:
            self.course.save_answer(day.day.day, text)
        except (StsdeskError, OSError) as error:
            self.answer_message.setText(
                failure_text(error, self.tr("Your answer could not be saved"))
            )
            return
        self.answer.document().setModified(False)
        self.answer_message.setText(self.tr("Saved in your journal. Only you can see it."))

    @Slot()
    def _toggle_pause(self) -> None:
        view = self.view
        if view is None:
            return
        self._run(lambda: self.course.set_paused(not view.paused))

    @Slot()
    def _ask_start_over(self) -> None:
        self.confirm.setVisible(True)
        self.confirm_no.setFocus()

    @Slot()
    def _start_over(self) -> None:
        self.confirm.setVisible(False)
        self._selected = None
        self._run(self.course.start_over)

    def _run(self, action) -> None:
        try:
            action()
        except (StsdeskError, OSError) as error:
            self._say(failure_text(error, self.tr("The course could not be changed")))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)
