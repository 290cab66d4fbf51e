"""Keyboard use everywhere: Enter and Space press the focused button, scroll areas are no tab
stops, and F1 opens a dialog that lists every key (``KeysHelpDialog``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QPushButton,
    QScrollArea,
    QWidget,
)

from stsdesk.ui.widgets import GRID, dialog_layout, label

ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

# Buttons whose Enter belongs to the form around them (the check-in's ratings and zones:
# Enter there saves the whole answer).
FORM_ROLES = ("rating", "choice")


def keys() -> list[tuple[str, str]]:
    """Every key stsdesk answers to, and what it does, for the help and the tooltips."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("KeysHelp", text)

    return [
        (tr("Tab, Shift+Tab"), tr("Move to the next or previous control, the sidebar too")),
        (tr("Enter, Space"), tr("Press the button that has the focus")),
        (
            tr("Ctrl+1 to Ctrl+8"),
            tr("Open a page of the sidebar, from the top (not during a practice)"),
        ),
        (tr("F1"), tr("Show these keys")),
        (tr("0 to 9; 1 then 0"), tr("Check-in: choose a rating; 1 then 0 chooses 10")),
        (tr("S"), tr("Check-in: skip it")),
        (tr("Space"), tr("Practice: pause or go on")),
        (tr("N, Right"), tr("Practice: the next step")),
        (tr("V"), tr("Practice and check-in: voice on, or silent")),
        (tr("F11"), tr("Practice: full screen on or off")),
        (tr("Esc"), tr("Practice: leave full screen, then stop; check-in: go back")),
    ]


class KeysHelpDialog(QDialog):
    """A plain table of keys; Escape or Close shuts it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard keys"))
        self.setAccessibleName(self.tr("Keyboard keys"))
        layout = dialog_layout(self)  # scrolls when large text needs more than the screen
        layout.setContentsMargins(3 * GRID, 3 * GRID, 3 * GRID, 3 * GRID)
        layout.addWidget(label(self.tr("Keyboard keys"), "title"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(3 * GRID)
        self.rows: list[tuple[str, str]] = keys()
        for row, (key, what) in enumerate(self.rows):
            grid.addWidget(label(key, "strong", wrap=False), row, 0)
            grid.addWidget(label(what), row, 1)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        close.setAccessibleName(self.tr("Close"))
        layout.addWidget(buttons)


class KeyboardAccess(QObject):
    """Installed once on the application (``install``): Enter presses a focused push button
    as Space does (except inside the check-in's rows, where Enter saves the answer), and a
    scroll area is never a tab stop of its own (its contents are)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, QScrollArea):
            watched.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        elif (
            kind == QEvent.Type.KeyPress
            and isinstance(watched, QPushButton)
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and watched.hasFocus()
            and watched.isEnabled()
            and watched.property("role") not in FORM_ROLES
        ):
            watched.click()
            return True
        return False

    @classmethod
    def install(cls, owner: QObject) -> KeyboardAccess:
        """Watch the whole application for as long as ``owner`` (the main window) lives."""
        access = cls(owner)
        for area in owner.findChildren(QScrollArea):  # made (and polished) before now
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(access)
        return access
