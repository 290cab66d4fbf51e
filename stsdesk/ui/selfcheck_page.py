"""The private self-check: recorded ProQOL scores on a chart, our own weekly check-in,
supervision notes, and a gentle offer of support when things look heavy.

The ProQOL itself is never shown here (its terms forbid changing its items): the page links
to proqol.org, opened in the browser only when the person clicks, and records the three
scores they got there. Everything else is written and checked by
``application.selfcheck_service`` and ``core.selfcheck``; nothing is ever sent anywhere.

``SelfCheckSummary`` is the Journal's card: the check-in's trend and the supervision notes.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QLocale, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stsdesk.application.selfcheck_service import (
    SUPERVISION_AFTER,
    SUPERVISION_BEFORE,
    SelfCheckService,
    SupportOffer,
)
from stsdesk.core.errors import StsdeskError
from stsdesk.core.selfcheck import (
    PROQOL_URL,
    SCALE,
    SCORE_MAX,
    STATEMENTS,
    SelfCheckError,
    Subscale,
    SupportReason,
    Trend,
    check_in_trend,
    series,
)
from stsdesk.ui.context import Services
from stsdesk.ui.i18n import fmt
from stsdesk.ui.proqol_chart import ProqolChart, qdate
from stsdesk.ui.theme import Theme
from stsdesk.ui.widgets import GRID, Form, Page, card, failure_text, label, plain

log = logging.getLogger(__name__)

SUPPORT_KEY = "journal.check_in_support_score"
PROQOL_FIELDS = (
    Subscale.COMPASSION_SATISFACTION,
    Subscale.BURNOUT,
    Subscale.SECONDARY_TRAUMATIC_STRESS,
)


def _listen(widget: QWidget, service: SelfCheckService, slot) -> None:
    """Call ``slot`` on the service's changes while ``widget`` lives."""

    def changed(_value: None) -> None:
        slot()

    service.changed.connect(changed)
    widget.destroyed.connect(lambda: service.changed.disconnect(changed))


class SelfCheckPage(Page):
    """Refreshes itself from the self-check service and the day.

    Signals:
        support_requested: show the Support page.
        practice_requested(str, int): play this short practice.
    """

    support_requested = Signal()
    practice_requested = Signal(str, int)

    def __init__(self, services: Services, theme: Theme, parent: QWidget | None = None):
        super().__init__(self.tr("Self-check"), parent)
        assert services.self_check is not None  # Services always has one
        self.services = services
        self.service = services.self_check
        self._dismissed = False
        self.body.addWidget(
            label(
                self.tr(
                    "A private look at how you are doing over time. Everything here stays on "
                    "this computer, in your journal, and nothing is ever sent anywhere."
                ),
                "muted",
            )
        )
        self.unavailable = label("", "muted")
        self.unavailable.setVisible(False)
        self.body.addWidget(self.unavailable)
        self._build_offer()
        self._build_proqol(theme)
        self._build_check_in()
        self._build_supervision()
        self.finish()
        self._stale = True
        _listen(self, self.service, self.refresh_when_shown)
        services.live.day_changed.connect(self.refresh_when_shown)
        services.live.setting_changed.connect(self._on_setting_changed)

    # --- building ------------------------------------------------------------------------

    def _build_offer(self) -> None:
        box, layout = card()
        box.setProperty("role", "banner")
        self.offer_text = label("")
        self.offer_text.setAccessibleName(self.tr("Support is here"))
        layout.addWidget(self.offer_text)
        row = QHBoxLayout()
        self.offer_support = QPushButton(self.tr("See who you can talk to"))
        self.offer_support.clicked.connect(self.support_requested)
        self.offer_practice = QPushButton("")
        self.offer_practice.clicked.connect(self._play_offered)
        self.offer_later = QPushButton(self.tr("Not now"))
        self.offer_later.clicked.connect(self._dismiss_offer)
        for button in (self.offer_support, self.offer_practice, self.offer_later):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        box.setVisible(False)
        self.offer = box
        self._offered: SupportOffer | None = None
        self.body.addWidget(box)

    def _build_proqol(self, theme: Theme) -> None:
        box, layout = card()
        layout.addWidget(label(self.tr("Your ProQOL scores"), "title"))
        layout.addWidget(
            label(
                self.tr(
                    "The ProQOL (Professional Quality of Life) is a free, validated measure. "
                    "Take it at proqol.org, then record your three scores here to see them "
                    "over time. stsdesk does not show its questions."
                )
            )
        )
        row = QHBoxLayout()
        self.open_proqol = QPushButton(self.tr("Open proqol.org in your browser"))
        self.open_proqol.setProperty("role", "link")
        self.open_proqol.setToolTip(PROQOL_URL)
        self.open_proqol.clicked.connect(self._open_proqol)
        row.addWidget(self.open_proqol)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        self.scores: dict[Subscale, QLineEdit] = {}
        self.score_errors: dict[str, QLabel] = {}
        names = {
            Subscale.COMPASSION_SATISFACTION: self.tr("Compassion satisfaction"),
            Subscale.BURNOUT: self.tr("Burnout"),
            Subscale.SECONDARY_TRAUMATIC_STRESS: self.tr("Secondary traumatic stress"),
        }
        for subscale in PROQOL_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr("10 to 50"))
            edit.setAccessibleName(names[subscale])
            edit.setMaxLength(8)
            edit.returnPressed.connect(self._save_proqol)
            self.scores[subscale] = edit
            form.addRow(names[subscale], self._with_error(edit, subscale.value))
        self.taken_on = QLineEdit()
        self.taken_on.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.taken_on.setAccessibleName(self.tr("The day you took it"))
        self.taken_on.setMaxLength(10)
        self.taken_on.returnPressed.connect(self._save_proqol)
        form.addRow(self.tr("The day you took it"), self._with_error(self.taken_on, "taken_on"))
        layout.addLayout(form)
        row = QHBoxLayout()
        self.save_proqol = QPushButton(self.tr("Save my scores"))
        self.save_proqol.setProperty("role", "primary")
        self.save_proqol.clicked.connect(self._save_proqol)
        self.proqol_message = label("", "small")
        row.addWidget(self.save_proqol)
        row.addWidget(self.proqol_message, 1)
        layout.addLayout(row)
        self.chart = ProqolChart(theme)
        layout.addWidget(self.chart)
        self.chart_words = label("", "small", selectable=True)
        layout.addWidget(self.chart_words)
        self.body.addWidget(box)

    def _with_error(self, edit: QWidget, key: str) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(GRID // 2)
        column.addWidget(edit)
        error = label("", "small")
        error.setVisible(False)
        column.addWidget(error)
        self.score_errors[key] = error
        return holder

    def _build_check_in(self) -> None:
        box, layout = card()
        layout.addWidget(label(self.tr("Your weekly check-in"), "title"))
        self.check_in_note = label(
            self.tr(
                "A personal reflection in our own words, for you alone. It is not a validated "
                "measure and not a diagnosis."
            ),
            "muted",
        )
        layout.addWidget(self.check_in_note)
        self.check_in_due = label("", "small")
        layout.addWidget(self.check_in_due)
        layout.addWidget(label(self.tr("Over the past week…"), "strong"))
        form = Form()  # the statements wrap beside their answers
        self.answers: dict[str, QComboBox] = {}
        self.answer_errors: dict[str, QLabel] = {}
        texts = self.statement_texts()
        scale = self.scale_words()
        for statement in STATEMENTS:
            combo = QComboBox()
            combo.setAccessibleName(texts.get(statement.id, statement.text))
            for value, _word in SCALE:
                combo.addItem(scale.get(value, str(value)), value)
            combo.setPlaceholderText(self.tr("Choose an answer"))
            combo.setCurrentIndex(-1)
            self.answers[statement.id] = combo
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(combo)
            error = label("", "small")
            error.setVisible(False)
            column.addWidget(error)
            self.answer_errors[statement.id] = error
            form.addRow(label(texts.get(statement.id, statement.text)), holder)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.save_check_in = QPushButton(self.tr("Save this week's check-in"))
        self.save_check_in.clicked.connect(self._save_check_in)
        self.check_in_message = label("", "small")
        row.addWidget(self.save_check_in)
        row.addWidget(self.check_in_message, 1)
        layout.addLayout(row)
        self.body.addWidget(box)

    def _build_supervision(self) -> None:
        box, layout = card()
        layout.addWidget(label(self.tr("Supervision notes"), "title"))
        layout.addWidget(
            label(
                self.tr(
                    "Optional, and private: a few words to prepare for supervision, or to "
                    "reflect after it. They are kept in your journal."
                ),
                "muted",
            )
        )
        self.note_kind = QComboBox()
        self.note_kind.setAccessibleName(self.tr("Before or after supervision"))
        self.note_kind.addItem(self.tr("Before supervision"), SUPERVISION_BEFORE)
        self.note_kind.addItem(self.tr("After supervision"), SUPERVISION_AFTER)
        layout.addWidget(self.note_kind)
        self.note_edits: list[tuple[str, QPlainTextEdit]] = []
        for prompt in self.supervision_prompts():
            layout.addWidget(label(prompt, "strong"))
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setAccessibleName(prompt)
            edit.setMinimumHeight(8 * GRID)
            layout.addWidget(edit)
            self.note_edits.append((prompt, edit))
        row = QHBoxLayout()
        self.save_notes = QPushButton(self.tr("Keep these notes"))
        self.save_notes.clicked.connect(self._save_notes)
        self.notes_message = label("", "small")
        row.addWidget(self.save_notes)
        row.addWidget(self.notes_message, 1)
        layout.addLayout(row)
        self.body.addWidget(box)

    # --- words ---------------------------------------------------------------------------

    def statement_texts(self) -> dict[str, str]:
        return {
            "sleep": self.tr("I slept well enough to feel rested."),
            "intrusive": self.tr(
                "Images or stories from work came back when I didn't want them to."
            ),
            "numb": self.tr("I felt numb, flat or shut off from my feelings."),
            "on-edge": self.tr("I felt on edge, jumpy or quick to irritation."),
            "switch-off": self.tr("I found it hard to switch off from work in my own time."),
            "connection": self.tr("I felt connected to people who matter to me."),
            "satisfaction": self.tr("Helping others felt worthwhile to me."),
        }

    def scale_words(self) -> dict[int, str]:
        return {
            0: self.tr("Not at all"),
            1: self.tr("Rarely"),
            2: self.tr("Sometimes"),
            3: self.tr("Often"),
            4: self.tr("Most of the time"),
        }

    def supervision_prompts(self) -> tuple[str, str]:
        return (self.tr("What stayed with me this week"), self.tr("What I need"))

    # --- reading -------------------------------------------------------------------------

    @Slot(str)
    def _on_setting_changed(self, key: str) -> None:
        if key in (SUPPORT_KEY, "journal.day_boundary_hour"):
            self.refresh_when_shown()

    def refresh(self) -> None:
        service = self.service
        available = service.available
        self.unavailable.setVisible(not available)
        self.unavailable.setText(
            self.tr(
                "Your practice log cannot be used right now, so nothing here can be kept. "
                "Your practices are still kept until stsdesk closes."
            )
        )
        for button in (self.save_proqol, self.save_check_in, self.save_notes):
            button.setEnabled(available)
        if not self.taken_on.text():
            self.taken_on.setText(service.today().isoformat())
        try:
            entries = service.proqol_entries()
            check_ins = service.check_ins()
            offer = service.support_offer()
        except (StsdeskError, OSError) as error:
            log.warning("The self-check could not be read: %s", error)
            self._stale = True
            self.unavailable.setVisible(True)
            self.unavailable.setText(
                failure_text(error, self.tr("Your self-check could not be read"))
            )
            return
        self.chart.set_entries(entries)
        self.chart_words.setText(self.chart.description())
        last = max((c.day for c in check_ins), default=None)
        if last is None:
            self.check_in_due.setText(self.tr("You have not done a check-in yet."))
        elif service.check_in_due():
            self.check_in_due.setText(
                fmt(self.tr("Your last check-in was on %1. A new one is welcome."), _day(last))
            )
        else:
            self.check_in_due.setText(
                fmt(self.tr("Your last check-in was on %1. The next is due in a week."), _day(last))
            )
        self._show_offer(offer)

    def _show_offer(self, offer: SupportOffer | None) -> None:
        self._offered = offer
        if offer is None or self._dismissed:
            self.offer.setVisible(False)
            return
        if SupportReason.CHECK_IN in offer.reasons:
            text = self.tr(
                "Your check-in this week reached the level you chose for a little extra care. "
                "You don't have to carry it alone: support is here when you want it, and a "
                "short practice can help now."
            )
        else:
            text = self.tr(
                "Your latest secondary traumatic stress score is in the high band. You don't "
                "have to carry that alone: support is here when you want it, and a short "
                "practice can help now."
            )
        self.offer_text.setText(text)
        practice = offer.practice
        self.offer_practice.setVisible(practice is not None)
        if practice is not None:
            exercise = self.services.catalog.get(practice[0])
            name = exercise.title if exercise is not None else practice[0]
            self.offer_practice.setText(
                fmt(self.tr("A short practice: %1, %2 min"), plain(name), practice[1])
            )
        self.offer.setVisible(True)

    # --- actions -------------------------------------------------------------------------

    @Slot()
    def _open_proqol(self) -> None:
        QDesktopServices.openUrl(QUrl(PROQOL_URL))

    @Slot()
    def _dismiss_offer(self) -> None:
        self._dismissed = True
        self.offer.setVisible(False)

    @Slot()
    def _play_offered(self) -> None:
        if self._offered is not None and self._offered.practice is not None:
            exercise_id, minutes = self._offered.practice
            self.practice_requested.emit(exercise_id, minutes)

    def _show_errors(self, errors: dict[str, QLabel], problems: dict[str, str]) -> None:
        """Each field's sentence under it (and in its accessible description)."""
        for key, widget in errors.items():
            text = problems.get(key, "")
            widget.setText(text)
            widget.setVisible(bool(text))
        if errors is self.score_errors:
            for subscale, edit in self.scores.items():
                edit.setAccessibleDescription(problems.get(subscale.value, ""))
            self.taken_on.setAccessibleDescription(problems.get("taken_on", ""))

    @Slot()
    def _save_proqol(self) -> None:
        try:
            cs, bo, sts = (self.scores[s].text() for s in PROQOL_FIELDS)
            entry = self.service.add_proqol(cs, bo, sts, self.taken_on.text().strip())
        except SelfCheckError as error:
            self._show_errors(self.score_errors, dict(error.problems))
            self.proqol_message.setText(
                self.tr("Nothing was saved; please check the fields above.")
            )
            first = next(iter(error.problems))
            target = self.taken_on if first == "taken_on" else self.scores.get(Subscale(first))
            if target is not None:
                target.setFocus()
            return
        except (StsdeskError, OSError) as error:
            self.proqol_message.setText(
                failure_text(error, self.tr("Your scores could not be saved"))
            )
            return
        self._show_errors(self.score_errors, {})
        for edit in self.scores.values():
            edit.clear()
        self._dismissed = False
        self.proqol_message.setText(fmt(self.tr("Saved your scores for %1."), _day(entry.taken_on)))
        self.refresh()

    @Slot()
    def _save_check_in(self) -> None:
        answers = {
            statement_id: combo.currentData()
            for statement_id, combo in self.answers.items()
            if combo.currentIndex() >= 0
        }
        try:
            given = self.service.add_check_in(answers)
        except SelfCheckError as error:
            texts = self.statement_texts()
            problems = {
                key: fmt(self.tr("Please choose an answer for: %1"), texts.get(key, key))
                for key in error.problems
            }
            self._show_errors(self.answer_errors, problems)
            self.check_in_message.setText(self.tr("Nothing was saved yet."))
            return
        except (StsdeskError, OSError) as error:
            self.check_in_message.setText(
                failure_text(error, self.tr("Your check-in could not be saved"))
            )
            return
        self._show_errors(self.answer_errors, {})
        for combo in self.answers.values():
            combo.setCurrentIndex(-1)
        self._dismissed = False
        self.check_in_message.setText(
            fmt(self.tr("Saved. This week's score: %1 of %2."), given.score, SCORE_MAX)
        )
        self.refresh()

    @Slot()
    def _save_notes(self) -> None:
        kind = str(self.note_kind.currentData())
        written = [(prompt, edit) for prompt, edit in self.note_edits if edit.toPlainText().strip()]
        if not written:
            self.notes_message.setText(self.tr("Write a few words first; nothing was saved."))
            return
        try:
            for prompt, edit in written:
                self.service.add_supervision_note(kind, prompt, edit.toPlainText())
                edit.clear()
        except (StsdeskError, OSError) as error:
            self.notes_message.setText(failure_text(error, self.tr("Your notes could not be kept")))
            return
        self.notes_message.setText(self.tr("Kept in your journal, on this computer only."))


def _day(day: date) -> str:
    return QLocale().toString(qdate(day), QLocale.FormatType.LongFormat)


class SelfCheckSummary(QFrame):
    """The Journal's card: the weekly check-in's trend and the supervision notes."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert services.self_check is not None
        self.service = services.self_check
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * GRID, 2 * GRID, 3 * GRID, 2 * GRID)
        layout.setSpacing(GRID)
        layout.addWidget(label(self.tr("Your weekly check-in"), "title"))
        layout.addWidget(
            label(
                self.tr(
                    "A personal reflection, not a validated measure and not a diagnosis. "
                    "Higher scores mean the week weighed more."
                ),
                "small",
            )
        )
        self.trend = label("")
        self.trend.setAccessibleName(self.tr("Your check-in trend"))
        layout.addWidget(self.trend)
        self.weeks = label("", "small", selectable=True)
        layout.addWidget(self.weeks)
        layout.addWidget(label(self.tr("Supervision notes"), "title"))
        self.notes = QListWidget()
        self.notes.setAccessibleName(self.tr("Your supervision notes"))
        self.notes.setWordWrap(True)
        self.notes.setMinimumHeight(12 * GRID)
        layout.addWidget(self.notes)
        self.no_notes = label(self.tr("No supervision notes yet."), "muted")
        layout.addWidget(self.no_notes)
        self._stale = True  # read when the Journal is first shown
        _listen(self, self.service, self._on_changed)

    def _on_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def trend_text(self, trend: Trend) -> str:
        return {
            Trend.TOO_FEW: self.tr("After two check-ins, the trend shows here."),
            Trend.LIGHTER: self.tr("Your latest week felt lighter than the ones before."),
            Trend.STEADY: self.tr("Your latest week was about the same as the ones before."),
            Trend.HEAVIER: self.tr(
                "Your latest week weighed more than the ones before. Be gentle with yourself."
            ),
        }[trend]

    def refresh(self) -> None:
        try:
            check_ins = self.service.check_ins()
            notes = self.service.supervision_notes()
        except (StsdeskError, OSError) as error:
            log.warning("The self-check could not be read: %s", error)
            self._stale = True
            return
        self._stale = False
        self.trend.setText(self.trend_text(check_in_trend(check_ins)))
        points = series(check_ins)[-8:]
        self.weeks.setText(
            "; ".join(
                fmt(self.tr("%1: %2 of %3"), _day(day), score, SCORE_MAX) for day, score in points
            )
        )
        self.notes.clear()
        kinds = {
            SUPERVISION_BEFORE: self.tr("Before supervision"),
            SUPERVISION_AFTER: self.tr("After supervision"),
        }
        for note in reversed(notes[-50:]):
            self.notes.addItem(
                fmt(
                    self.tr("%1 · %2 · %3: %4"),
                    _day(note.written_at.date()),
                    kinds.get(str(note.kind), ""),
                    plain(note.prompt),
                    plain(note.answer),
                )
            )
        self.notes.setVisible(bool(notes))
        self.no_notes.setVisible(not notes)
