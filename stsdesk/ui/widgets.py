"""Small building blocks shared by the pages: headings, cards, flowing rows, calm failures.

Text from a policy, a pack or the log is hostile input. Every label here shows its text
literally (never as HTML: Qt's default guesses, and markup can exhaust memory or crash it)
and without control or bidi-override characters. Buttons, list items, combo items and window
titles are plain in Qt already; pass untrusted text for them through ``plain``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLayout,
    QLayoutItem,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from stsdesk.core.errors import StsdeskError
from stsdesk.core.text import visible

GRID = 8
FAILURE = "failure"


def plain(text: str) -> str:
    """Untrusted text for one line (a title on a button, in a list or a window title)."""
    return visible(text, single_line=True)


class PlainLabel(QLabel):
    """A label that always shows its text literally, without control or bidi characters."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(visible(text))


def label(text: str, role: str = "", *, wrap: bool = True, selectable: bool = False) -> QLabel:
    """A plain-text label with a type role from the style sheet (display, title, muted, small)."""
    widget = PlainLabel(text)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def failure_text(error: BaseException, what: str) -> str:
    """One sentence for a failed operation.

    A ``StsdeskError`` carries its own words; otherwise ``what`` (translated by the caller,
    e.g. "Your settings could not be saved") and the system's short reason.
    """
    if isinstance(error, StsdeskError):
        return visible(str(error))
    reason = error.strerror if isinstance(error, OSError) and error.strerror else ""
    return f"{what} ({reason})." if reason else f"{what}."


def show_failure(
    parent: QWidget, text: str, retry: Callable[[], object] | None = None
) -> QMessageBox:
    """Tell the person calmly that something failed, with a Retry button if ``retry`` is given.

    The box belongs to ``parent`` (so it lives until it is answered, then deletes itself) and
    replaces any failure that page is still showing, so repeated failures never pile up.
    """
    for old in parent.findChildren(QMessageBox, FAILURE):
        old.setObjectName("")
        old.close()
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QApplication.translate("widgets", "stsdesk"),
        "",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName(FAILURE)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(visible(text))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if retry is not None:
        retry_button = QMessageBox.StandardButton.Retry
        box.setDefaultButton(box.addButton(retry_button))
        box.buttonClicked.connect(
            lambda button: box.standardButton(button) == retry_button and retry()
        )
    box.open()
    return box


def card(parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A soft card with comfortable padding, and its layout."""
    frame = QFrame(parent)
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(3 * GRID, 2 * GRID, 3 * GRID, 2 * GRID)
    layout.setSpacing(GRID)
    return frame, layout


def centered_card(host: QWidget) -> QVBoxLayout:
    """A reading-width card in the middle of ``host``, a little above centre; its layout."""
    outer = QVBoxLayout(host)
    outer.setContentsMargins(5 * GRID, 4 * GRID, 5 * GRID, 4 * GRID)
    box, layout = card()
    box.setMaximumWidth(90 * GRID)
    outer.addStretch(1)
    outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
    outer.addStretch(2)
    return layout


class Page(QScrollArea):
    """A scrolling page with wide margins; subclasses fill ``self.body``."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        inner.setObjectName("page")
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(5 * GRID, 4 * GRID, 5 * GRID, 4 * GRID)
        self.body.setSpacing(2 * GRID)
        self.heading = label(title, "display")
        self.heading.setAccessibleName(title)
        self.body.addWidget(self.heading)
        self.setWidget(inner)
        self.setAccessibleName(title)

        self._stale = False

    def finish(self) -> None:
        """Push the content to the top."""
        self.body.addStretch(1)

    def refresh(self) -> None:
        """Re-read what the page shows; pages that show shared state override this."""

    def refresh_when_shown(self) -> None:
        """The page's slot for a change it shows: refresh now if it is on screen, otherwise
        mark it stale and refresh when it is next shown (a hidden page reads nothing)."""
        if self.isVisible():
            self._stale = False
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)


class FlowLayout(QLayout):
    """Lays children out in rows that wrap, so cards reflow with the window and the text size."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 2 * GRID) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place items in rows; items in a row share the row's height, so cards line up."""
        rows: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = rect.x()
        for item in self._items:
            widget = item.widget()
            if widget is not None and not widget.isVisibleTo(self.parentWidget()):
                continue
            hint = item.sizeHint()
            if widget is not None and widget.hasHeightForWidth():
                hint = QSize(hint.width(), widget.heightForWidth(hint.width()))
            if x + hint.width() > rect.right() + 1 and rows[-1]:
                rows.append([])
                x = rect.x()
            rows[-1].append((item, hint))
            x += hint.width() + self._spacing
        y = rect.y()
        for row in rows:
            if not row:
                continue
            height = max(hint.height() for _, hint in row)
            x = rect.x()
            for item, hint in row:
                if move:
                    item.setGeometry(QRect(QPoint(x, y), QSize(hint.width(), height)))
                x += hint.width() + self._spacing
            y += height + self._spacing
        return max(y - self._spacing - rect.y(), 0)
