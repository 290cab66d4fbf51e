"""The gentle check-in before and after a practice: distress 0 to 10 and the zone, skippable.

Before a practice, the answer can change the plan (``core.route``): at high distress the
help-now reset and Support are offered, in the Low zone activating practices; "continue with
my practice" is always the other choice, so nothing is ever blocked.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stsdesk.core.errors import StsdeskError
from stsdesk.core.exercise import Exercise
from stsdesk.core.records import CheckIn, Zone
from stsdesk.core.route import Detour, Offer, detour
from stsdesk.ui.context import Services
from stsdesk.ui.i18n import fmt
from stsdesk.ui.widgets import GRID, FlowLayout, centered_card, label, plain

log = logging.getLogger(__name__)


CHOSEN = " ✓"
"""Added to the label of the chosen rating and zone: the choice shows without colour."""


class CheckInPanel(QWidget):
    """Enter confirms, S skips, V (before a practice) switches the voice on or to silent
    (``voice``). Digits 0 to 9 pick a rating directly, and 1 then 0 picks 10
    (0 again picks 0). Within the row of ratings the focus follows the rating picked, so
    Space never chooses another one than the one shown. Tab reaches the chosen rating (or
    the first), arrows move within the row.

    Before a practice given a plan (``plan_route``), an answer that calls for it shows a
    gentle offer in place of the questions (``offer``); Escape there goes back to them.

    Signals:
        answered: a ``CheckIn`` (empty when skipped): go on with the practice chosen.
        cancelled: the person stepped back (Escape, before a practice only).
        switch_requested: exercise id, minutes and the ``CheckIn``: play this one instead.
        support_requested: the person chose the Support page from the offer.
    """

    answered = Signal(object)
    cancelled = Signal()
    switch_requested = Signal(str, int, object)
    support_requested = Signal()

    def __init__(self, *, after: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.after = after
        self._plan: tuple[Exercise, int, Services] | None = None
        self._answer = CheckIn()
        card_layout = centered_card(self)
        self.questions = QWidget()
        layout = QVBoxLayout(self.questions)
        layout.setContentsMargins(0, 0, 0, 0)
        card_layout.addWidget(self.questions)
        self.offer = QWidget()
        self.offer.setVisible(False)
        self.offer_layout = QVBoxLayout(self.offer)
        self.offer_layout.setContentsMargins(0, 0, 0, 0)
        self.offer_layout.setSpacing(GRID)
        card_layout.addWidget(self.offer)
        self.offer_buttons: list[QPushButton] = []
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
        row = FlowLayout(spacing=GRID // 2)  # at large text 10 goes onto a line of its own
        self.ratings = QButtonGroup(self)
        self._last_digit: int | None = None
        keys_tip = self.tr("Type 0 to 9 to choose; type 1 then 0 for 10.")
        for value in range(11):
            button = QPushButton(str(value))
            button.setCheckable(True)
            button.setProperty("role", "rating")
            button.setProperty("label", str(value))
            button.setMinimumWidth(5 * GRID + 4)  # "10 ✓" widens it
            button.setAccessibleName(fmt(self.tr("Distress %1 of 10"), value))
            button.setToolTip(keys_tip)
            self.ratings.addButton(button, value)
            row.addWidget(button)
        layout.addLayout(row)
        layout.addWidget(label(self.tr("Which zone are you in?")))
        zones = FlowLayout(spacing=GRID)  # one under the other when they do not fit
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
            button.setProperty("role", "choice")
            button.setProperty("label", text)
            button.setAccessibleName(text)
            self.zones.addButton(button, index)
            self._zone_values[index] = zone
            zones.addWidget(button)
        layout.addLayout(zones)
        for group in (self.ratings, self.zones):
            group.idToggled.connect(lambda i, on, g=group: self._mark(g.button(i), on))
        self.prompt = label("")  # a written practice's answer_prompt (``ask_for``)
        self.private = label(
            self.tr("What you write is private: it is kept in your journal with this practice."),
            "muted",
        )
        layout.addWidget(self.prompt)
        layout.addWidget(self.private)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        layout.addWidget(self.note)
        self.note.setVisible(after)  # once it has a parent (see the voice button below)
        self.ask_for(None)
        buttons = QHBoxLayout()
        self.confirm = QPushButton(self.tr("Save") if after else self.tr("Begin"))
        self.confirm.setProperty("role", "primary")
        self.confirm.setDefault(True)
        self.confirm.setAccessibleName(self.confirm.text())
        self.confirm.setToolTip(fmt(self.tr("%1 (Enter)"), self.confirm.text()))
        self.confirm.clicked.connect(self._confirm)
        self.skip = QPushButton(self.tr("Skip (S)"))
        self.skip.setAccessibleName(self.tr("Skip the check-in"))
        self.skip.setToolTip(self.tr("Skip the check-in (S)"))
        self.skip.clicked.connect(self._skip)
        buttons.addWidget(self.confirm)
        buttons.addWidget(self.skip)
        buttons.addStretch(1)
        # Before a practice: how it will sound, chosen before its first word (the player
        # keeps it in step with its own switch and the setting).
        self.voice = QPushButton(self.tr("Voice on"))
        self.voice.setCheckable(True)
        self.voice.setChecked(True)
        self.voice.setToolTip(self.tr("Voice on, or silent: captions only, no bells (V)"))
        self.voice.setAccessibleName(self.tr("Voice"))
        buttons.addWidget(self.voice)
        layout.addLayout(buttons)
        # Shown or hidden only once it has a parent: a parentless widget shown is a window of
        # its own, and hiding it deactivates the main window (the keyboard focus is lost).
        self.voice.setVisible(not after)

    def ask_for(self, prompt: str | None) -> None:
        """Label the note box with a written practice's prompt, or (None) ask for a note."""
        written = self.after and prompt is not None
        self.prompt.setText(prompt or "")
        self.prompt.setVisible(written)
        self.private.setVisible(written)
        if written:
            self.note.setPlaceholderText(self.tr("Write here, in your own words."))
            self.note.setAccessibleName(plain(prompt or ""))
        else:
            self.note.setPlaceholderText(self.tr("A note, if you like (only you will see it)"))
            self.note.setAccessibleName(self.tr("Note"))
        self.note.setFixedHeight((24 if written else 10) * GRID)

    def reset(self) -> None:
        self._close_offer()
        for group in (self.ratings, self.zones):
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        self._last_digit = None
        self.note.clear()
        self.confirm.setFocus()

    @staticmethod
    def _mark(button: QAbstractButton, chosen: bool) -> None:
        """The chosen button says so in words (a check mark), not only in its colours."""
        text = str(button.property("label"))
        button.setText(text + CHOSEN if chosen else text)

    def _pick_digit(self, digit: int) -> None:
        value = 10 if digit == 0 and self._last_digit == 1 else digit
        button = self.ratings.button(value)
        button.setChecked(True)
        focused = self.focusWidget()
        if isinstance(focused, QAbstractButton) and self.ratings.id(focused) >= 0:
            button.setFocus(Qt.FocusReason.OtherFocusReason)  # ring and check mark agree
        self._last_digit = None if value == 10 else digit

    def result(self) -> CheckIn:
        rating = self.ratings.checkedId()
        zone = self.zones.checkedId()
        return CheckIn(
            distress=rating if rating >= 0 else None,
            zone=self._zone_values.get(zone),
            note=self.note.toPlainText().strip() if self.after else "",
        )

    def plan_route(self, exercise: Exercise, minutes: int, services: Services) -> None:
        """The practice this check-in comes before: its answer may then offer another route."""
        self._plan = (exercise, minutes, services)

    def _confirm(self) -> None:
        answer = self.result()
        found = self._detour(answer)
        if found is None:
            self.answered.emit(answer)
        else:
            self._show_offer(answer, found)

    def _detour(self, answer: CheckIn) -> Detour | None:
        if self.after or self._plan is None:
            return None
        exercise, minutes, services = self._plan
        try:
            recent = [r.exercise_id for r in services.practice_log.recent(20)]
        except (StsdeskError, OSError) as error:
            log.warning("Recent practices could not be read for the offer: %s", error)
            recent = []
        return detour(answer, exercise, minutes, services.catalog, recent)

    # --- the offer -----------------------------------------------------------------------

    def _show_offer(self, answer: CheckIn, found: Detour) -> None:
        self._answer = answer
        self._clear_offer()
        add = self.offer_layout.addWidget
        if found.offer is Offer.HELP_NOW:
            add(label(self.tr("That sounds like a lot right now."), "title"))
            add(
                label(
                    self.tr(
                        "A short reset with your eyes open can help first, and support is "
                        "one click away. Or go on with your practice: it is your choice."
                    )
                )
            )
        else:
            add(label(self.tr("Something to wake the body up first?"), "title"))
            add(
                label(
                    self.tr(
                        "When you feel flat or tired, an eyes-open practice that grounds or "
                        "moves you often suits better than a long one with the eyes closed. "
                        "Or go on with your practice: it is your choice."
                    )
                )
            )
        for exercise, minutes in found.practices:
            text = fmt(self.tr("%1 · %2 min"), plain(exercise.title), minutes)
            button = self._offer_button(text, fmt(self.tr("Start %1 instead"), text))
            button.clicked.connect(
                lambda _c=False, e=exercise.id, m=minutes: self.switch_requested.emit(
                    e, m, self._answer
                )
            )
        if found.support:
            support = self._offer_button(self.tr("Open Support"), self.tr("Open the Support page"))
            support.clicked.connect(self.support_requested)
        self.continue_button = self._offer_button(
            self.tr("Continue with my practice"), self.tr("Continue with my practice")
        )
        self.continue_button.clicked.connect(lambda: self.answered.emit(self._answer))
        self.offer_buttons[0].setProperty("role", "primary")
        self.questions.setVisible(False)
        self.offer.setVisible(True)
        self.offer_buttons[0].setFocus()

    def _offer_button(self, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setAutoDefault(True)  # Enter presses the focused choice
        self.offer_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.offer_buttons.append(button)
        return button

    def _clear_offer(self) -> None:
        while self.offer_layout.count():
            item = self.offer_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.offer_buttons = []

    def _close_offer(self) -> None:
        self.offer.setVisible(False)
        self.questions.setVisible(True)

    @property
    def offering(self) -> bool:
        """Whether the offer is showing in place of the questions."""
        return not self.offer.isHidden()

    def _skip(self) -> None:
        self.answered.emit(CheckIn(note=self.note.toPlainText().strip() if self.after else ""))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.offering:
            if key == Qt.Key.Key_Escape:
                self._close_offer()
                self.confirm.setFocus()
            else:
                super().keyPressEvent(event)
        elif self.note.hasFocus():
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._confirm()
        elif key == Qt.Key.Key_S:
            self._skip()
        elif key == Qt.Key.Key_V and not self.after:
            self.voice.toggle()
        elif key == Qt.Key.Key_Escape and not self.after:
            self.cancelled.emit()
        elif Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self._pick_digit(key - Qt.Key.Key_0)
            return
        else:
            super().keyPressEvent(event)
        self._last_digit = None
