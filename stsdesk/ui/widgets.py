"""Small building blocks shared by the pages: headings, cards, flowing rows, calm failures.

Text from a policy, a pack or the log is hostile input. Every label here shows its text
literally (never as HTML: Qt's default guesses, and markup can exhaust memory or crash it)
and without control or bidi-override characters. Buttons, list items, combo items and window
titles are plain in Qt already; pass untrusted text for them through ``plain``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontInfo, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
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
        QMessageBox.Icon.NoIcon,  # no stock icons: the words say it calmly
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


def card(parent: QWidget | None = None, *, reading: bool = False) -> tuple[QFrame, QVBoxLayout]:
    """A soft card with comfortable padding, and its layout; ``reading`` keeps it no wider
    than a comfortable line at any text size (``ReadingCard``)."""
    frame = ReadingCard(parent) if reading else QFrame(parent)
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(3 * GRID, 2 * GRID, 3 * GRID, 2 * GRID)
    layout.setSpacing(GRID)
    return frame, layout


READING_EMS = 48
"""A reading card is at most this many times the type size wide (720 px at 15 px)."""


class ReadingCard(QFrame):
    """A card no wider than a comfortable line of reading, at any text size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self._fit()

    def _fit(self) -> None:
        self.setMaximumWidth(READING_EMS * QFontInfo(self.font()).pixelSize())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit()
        super().changeEvent(event)


def scrolling(host: QWidget) -> QVBoxLayout:
    """Fill ``host`` with a frameless scroll area and return the layout of what it scrolls:
    content that fits shows as it is, content taller than the window (large text, a small
    screen) scrolls instead of being squeezed."""
    outer = QVBoxLayout(host)
    outer.setContentsMargins(0, 0, 0, 0)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    inner = QWidget()
    inner.setObjectName("page")
    area.setWidget(inner)
    outer.addWidget(area)
    return QVBoxLayout(inner)


class _FitOnShow(QObject):
    """Opens a window tall enough for its wrapped text at the width it opens with (Qt sizes
    a window by one-line hints), as far as the screen allows; the rest scrolls."""

    def __init__(self, window: QWidget, content: QWidget) -> None:
        super().__init__(window)
        self._content = content
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            self._fit(watched)
        return False

    def _fit(self, window: QWidget) -> None:
        layout = self._content.layout()
        if layout is None:
            return
        screen = window.screen().availableGeometry()
        holder = self._content.parentWidget()
        chrome = window.height() - (holder.height() if holder is not None else 0)  # frames
        width = min(max(window.width(), layout.totalMinimumSize().width()), screen.width())
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else 0
        height = min(max(window.height(), height + max(chrome, 0)), screen.height() * 9 // 10)
        if (width, height) != (window.width(), window.height()):
            window.resize(width, height)


def dialog_layout(dialog: QWidget) -> QVBoxLayout:
    """The layout of a dialog's content, which scrolls when the screen is too small for it
    (large text), and opens tall enough for its wrapped text when the screen allows."""
    layout = scrolling(dialog)
    content = layout.parentWidget()
    assert content is not None
    _FitOnShow(dialog, content)
    return layout


def centered_card(host: QWidget) -> QVBoxLayout:
    """A reading-width card in the middle of ``host``, a little above centre; its layout.

    The card takes the width it may (no alignment flag: a wrapping label would then be given
    its one-line size hint, not the height its width needs) and scrolls when it is taller
    than ``host``.
    """
    outer = scrolling(host)
    outer.setContentsMargins(5 * GRID, 4 * GRID, 5 * GRID, 4 * GRID)
    box = ReadingCard()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(3 * GRID, 2 * GRID, 3 * GRID, 2 * GRID)
    layout.setSpacing(GRID)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(box, 100)
    row.addStretch(1)
    outer.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return layout


class _ArrangedLayout(QLayout):
    """A layout whose height follows its width: ``_arrange`` places the items in ``rect`` (or
    only measures, with ``move=False``) and returns the height used."""

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        raise NotImplementedError

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)


class Form(_ArrangedLayout):
    """Words beside their controls, like ``QFormLayout``, except that wrapped words get the
    height their width needs (``QFormLayout`` gives them one line's, and they then run into
    the next row), and that when the words would be squeezed too narrow (large text, a
    narrow window) each control goes under its words instead of anything being cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[QLayoutItem, QLayoutItem | None, bool]] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.column_gap = 3 * GRID
        self.row_gap = GRID

    def setVerticalSpacing(self, spacing: int) -> None:
        self.row_gap = spacing

    def addRow(
        self, words: QWidget | str, field: QWidget | None = None, *, left: bool = False
    ) -> None:
        """A row: ``words`` (a widget, or text for a label) and ``field``; ``words`` alone
        spans the row. ``left`` keeps the field at its own width, at the left."""
        shown = label(words) if isinstance(words, str) else words
        self.addChildWidget(shown)
        field_item = None
        if field is not None:
            self.addChildWidget(field)
            field_item = QWidgetItem(field)
        self._rows.append((QWidgetItem(shown), field_item, left))
        self.invalidate()

    # QLayout's bookkeeping: words and fields, row by row.
    def _items(self) -> list[QLayoutItem]:
        return [i for words, field, _ in self._rows for i in (words, field) if i is not None]

    def addItem(self, item: QLayoutItem) -> None:  # only through addRow
        self._rows.append((item, None, False))
        self.invalidate()

    def count(self) -> int:
        return len(self._items())

    def itemAt(self, index: int) -> QLayoutItem | None:
        items = self._items()
        return items[index] if 0 <= index < len(items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        items = self._items()
        if not 0 <= index < len(items):
            return None
        item = items[index]
        rows: list[tuple[QLayoutItem, QLayoutItem | None, bool]] = []
        for words, field, left in self._rows:
            if words is item:
                if field is not None:
                    rows.append((field, None, left))
            else:
                rows.append((words, None if field is item else field, left))
        self._rows = rows
        self.invalidate()
        return item

    def _shown(self) -> list[tuple[QLayoutItem, QLayoutItem | None, bool]]:
        return [row for row in self._rows if not row[0].isEmpty()]

    def _field_column(self) -> int:
        return max((f.sizeHint().width() for _, f, _ in self._shown() if f is not None), default=0)

    def minimumSize(self) -> QSize:
        width = 0
        for words, field, _ in self._shown():
            width = max(width, words.minimumSize().width())
            if field is not None:
                width = max(width, field.minimumSize().width())
        return QSize(width, 0)

    def sizeHint(self) -> QSize:
        words = max((w.sizeHint().width() for w, _, _ in self._shown()), default=0)
        field = self._field_column()
        return QSize(
            words + (self.column_gap + field if field else 0),
            self.heightForWidth(words + self.column_gap + field),
        )

    @staticmethod
    def _height(item: QLayoutItem, width: int) -> int:
        return item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        rows = self._shown()
        field_column = min(self._field_column(), rect.width())
        words_column = rect.width() - field_column - self.column_gap
        narrowest = max((w.minimumSize().width() for w, _, _ in rows), default=0)
        beside = words_column >= max(narrowest, rect.width() // 3)
        y = rect.y()
        for words, field, left in rows:
            if field is None or not beside:
                height = self._height(words, rect.width())
                if move:
                    words.setGeometry(QRect(rect.x(), y, rect.width(), height))
                y += height
                if field is not None:
                    y += GRID // 2
                    width = min(field.sizeHint().width(), rect.width()) if left else rect.width()
                    width = max(width, field.minimumSize().width())
                    height = self._height(field, width)
                    if move:
                        field.setGeometry(QRect(rect.x(), y, width, height))
                    y += height
            else:
                words_height = self._height(words, words_column)
                width = min(field.sizeHint().width(), field_column) if left else field_column
                field_height = self._height(field, width)
                height = max(words_height, field_height)
                if move:
                    words.setGeometry(QRect(rect.x(), y, words_column, words_height))
                    x = rect.x() + words_column + self.column_gap
                    field.setGeometry(QRect(x, y, width, field_height))
                y += height
            y += self.row_gap
        return max(y - self.row_gap - rect.y(), 0)


def flow_row(*widgets: QWidget, spacing: int = GRID) -> FlowLayout:
    """Buttons side by side that move to the next line when the row is too narrow for them."""
    row = FlowLayout(spacing=spacing)
    for widget in widgets:
        row.addWidget(widget)
    return row


class WrapButton(QPushButton):
    """A push button whose words go onto more lines when it is given less than one line's
    width (a long link, a practice's title at 200 % text); ``text()`` stays the one line."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _chrome(self) -> int:
        """The width the style adds around the words (padding, border, icon)."""
        return max(
            super().sizeHint().width() - self.fontMetrics().horizontalAdvance(self.text()), 0
        )

    def _lines(self, width: int) -> list[str]:
        """The words broken into lines no wider than ``width`` (a long word keeps its line)."""
        metrics = self.fontMetrics()
        lines: list[str] = []
        for paragraph in self.text().split("\n"):
            line = ""
            for word in paragraph.split(" "):
                wider = f"{line} {word}" if line else word
                if line and metrics.horizontalAdvance(wider) > width:
                    lines.append(line)
                    line = word
                else:
                    line = wider
            lines.append(line)
        return lines

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        longest = max((metrics.horizontalAdvance(w) for w in self.text().split()), default=0)
        one_line = super().sizeHint()
        return QSize(min(one_line.width(), longest + self._chrome()), one_line.height())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        lines = self._lines(width - self._chrome())
        return super().sizeHint().height() + (len(lines) - 1) * self.fontMetrics().lineSpacing()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.width() >= super().sizeHint().width():
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = "\n".join(self._lines(self.width() - self._chrome()))
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)


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
        self._relayout = False

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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._relayout = True  # laid out again when next shown (see showEvent)
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        if self._relayout:
            # The text size changed since the page was last shown: a layout request that
            # arrives while the page is hidden is dropped, and wrapped words would keep their
            # old heights (cut at 200 %).
            self._relayout = False
            content = self.widget()
            for layout in content.findChildren(QLayout) if content is not None else ():
                layout.invalidate()
        super().showEvent(event)


class FlowLayout(_ArrangedLayout):
    """Lays children out in rows that wrap, so cards reflow with the window and the text size."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 2 * GRID) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()  # a widget added later is placed too (not left at 0, 0)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self.invalidate()
        return item

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
            # Never wider than the row (what wraps then takes the height it needs there).
            hint.setWidth(max(min(hint.width(), rect.width()), item.minimumSize().width()))
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
