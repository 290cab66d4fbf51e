"""The reminder: a small note in a corner of the screen that never takes the keyboard.

It is a tool window that stays on top, is shown without being activated and does not accept
focus, so typing in a session note or a video call goes on undisturbed. It says nothing
personal (no buddy's name, no journal): a client may be looking at the same screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontInfo, QGuiApplication
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from stsdesk.core.exercise import Exercise
from stsdesk.core.reminders import Reminder, ReminderKind
from stsdesk.ui.i18n import fmt
from stsdesk.ui.widgets import GRID, FlowLayout, label, plain

MARGIN = 3 * GRID


class ReminderPopup(QWidget):
    """Start (the suggested practice and its length), Snooze 10 minutes, Skip.

    Signals:
        start_requested / snooze_requested / skip_requested: the person's answer (the popup
            hides itself first).
    """

    start_requested = Signal()
    snooze_requested = Signal()
    skip_requested = Signal()

    def __init__(self) -> None:
        super().__init__(
            None,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setObjectName("reminder")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWindowTitle(self.tr("stsdesk reminder"))
        self.setAccessibleName(self.tr("stsdesk reminder"))
        self.reminder: Reminder | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2 * GRID, 2 * GRID, 2 * GRID, 2 * GRID)
        layout.setSpacing(GRID)
        self.heading = label("", "title")
        self.text = label("", "muted")
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        row = FlowLayout(spacing=GRID)  # one under the other when large text needs it
        self.start = self._button("", self.start_requested, primary=True)
        self.snooze = self._button(self.tr("Snooze 10 minutes"), self.snooze_requested)
        self.skip = self._button(self.tr("Skip"), self.skip_requested)
        for button in (self.start, self.snooze, self.skip):
            row.addWidget(button)
        layout.addLayout(row)

    def _button(self, text: str, signal, *, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click answers; keys stay elsewhere
        if primary:
            button.setProperty("role", "primary")

        def answer() -> None:
            self.hide()
            signal.emit()

        button.clicked.connect(answer)
        return button

    def offer(self, reminder: Reminder, suggestion: tuple[Exercise, int] | None) -> None:
        """Show ``reminder`` (replacing any on screen), offering ``suggestion`` to start."""
        self.reminder = reminder
        if reminder.kind is ReminderKind.BUDDY:
            self.heading.setText(self.tr("Your weekly check-in day"))
            self.text.setText(
                self.tr(
                    "A good day to reach out to your buddy. Your week's summary is ready to "
                    "copy, if you would like to share it."
                )
            )
            start = self.tr("See my week")
        else:
            if reminder.gentle:
                self.heading.setText(self.tr("Whenever you are ready"))
                self.text.setText(
                    self.tr("A practice waited while you were busy. It is here if you want it.")
                )
            elif reminder.kind is ReminderKind.BETWEEN_CLIENTS:
                self.heading.setText(self.tr("Between clients"))
                self.text.setText(self.tr("A short pause before the next one, eyes open."))
            else:
                self.heading.setText(self.tr("A minute for yourself?"))
                self.text.setText(self.tr("A short practice, eyes open, right at your desk."))
            if suggestion is None:
                start = self.tr("Choose a practice")
            else:
                exercise, minutes = suggestion
                start = fmt(self.tr("Start: %1 · %2 min"), plain(exercise.title), minutes)
        self.start.setText(start)
        self.start.setAccessibleName(start)
        self.ensurePolished()  # the style sheet's type sizes, before the size is taken
        # A line of about 24 ems (360 px at 15 px text), so larger text wraps less steeply.
        self.text.setMaximumWidth(24 * QFontInfo(self.text.font()).pixelSize())
        self.adjustSize()
        self._place()
        self.show()

    def _place(self) -> None:
        """In the bottom right corner of the screen's free area (above a bottom panel)."""
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        size = self.sizeHint()
        self.move(
            area.right() - size.width() - MARGIN + 1, area.bottom() - size.height() - MARGIN + 1
        )
