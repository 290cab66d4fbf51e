"""The main window's sidebar: stsdesk's name, an entry for each page and About at the foot."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, Slot
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from stsdesk.ui.i18n import fmt
from stsdesk.ui.icons import icon
from stsdesk.ui.theme import Theme
from stsdesk.ui.widgets import GRID, label

SIDEBAR_WIDTH = 27 * GRID
"""Its width at 100 % text; ``fit`` widens it for longer labels and larger text."""


class Sidebar(QWidget):
    """The column of page entries, their icons drawn in the theme's colours; its words are
    the window's (translated in the ``MainWindow`` context).

    No QButtonGroup: Tab stops once in a group (arrows inside). Every entry is a tab stop
    of its own, and ``check`` keeps the one shown checked.
    """

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.setObjectName("sidebar")
        # A QWidget subclass paints its style sheet background (the sidebar's colour) only
        # when asked to.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedWidth(SIDEBAR_WIDTH)
        self._theme = theme
        self._icons: list[tuple[QPushButton, str, str]] = []
        self._icon_side = 24  # fit sizes them to the text
        self._buttons: dict[str, QPushButton] = {}
        theme.changed.connect(self._on_theme_changed)
        self._nav = QVBoxLayout(self)
        self._nav.setContentsMargins(2 * GRID, 3 * GRID, 2 * GRID, 2 * GRID)
        self._nav.setSpacing(GRID // 2)
        brand = label(QCoreApplication.translate("MainWindow", "stsdesk"), "brand")
        brand.setContentsMargins(2 * GRID, 0, 0, 2 * GRID)
        self._nav.addWidget(brand)
        self._nav_end = self._nav.count()
        self._nav.addStretch(1)
        self.about = QPushButton(QCoreApplication.translate("MainWindow", "About stsdesk"))
        self._add_icon(self.about, "about", "muted")
        self.about.setProperty("role", "nav")
        self.about.setAccessibleName(QCoreApplication.translate("MainWindow", "About stsdesk"))
        self.about.setToolTip(
            QCoreApplication.translate("MainWindow", "About stsdesk, and the keyboard keys (F1)")
        )
        self._nav.addWidget(self.about)

    def add(self, key: str, title: str, icon_name: str) -> QPushButton:
        """The entry for page ``key``, below those before it (Ctrl+N reaches the N-th)."""
        index = len(self._buttons)
        button = QPushButton(title)
        self._add_icon(button, icon_name, "text")
        button.setProperty("role", "nav")
        button.setCheckable(True)
        button.setAccessibleName(title)
        button.setToolTip(
            fmt(QCoreApplication.translate("MainWindow", "%1 (Ctrl+%2)"), title, index + 1)
        )
        self._nav.insertWidget(self._nav_end + index, button)
        self._buttons[key] = button
        return button

    def button(self, key: str) -> QPushButton:
        return self._buttons[key]

    def check(self, key: str) -> None:
        """Mark the entry of the page shown, and only it."""
        for other, button in self._buttons.items():
            button.setChecked(other == key)

    def _add_icon(self, button: QPushButton, name: str, colour: str) -> None:
        """Give ``button`` the icon ``name`` in the theme's ``colour`` (a ``Palette`` field)."""
        self._icons.append((button, name, colour))
        button.setIcon(icon(name, getattr(self._theme.palette, colour), self._icon_side))

    @Slot()
    def _on_theme_changed(self) -> None:
        palette = self._theme.palette
        for button, name, colour in self._icons:
            button.setIcon(icon(name, getattr(palette, colour), self._icon_side))
            button.setIconSize(QSize(self._icon_side, self._icon_side))

    def fit(self) -> int:
        """Widen to the longest label at the current text size (never narrower); the width."""
        metrics = self.fontMetrics()
        # The icons grow with the text: 20 px at 100 %, 40 px at 200 %.
        side = round(QFontInfo(self.font()).pixelSize() * 4 / 3)
        if side != self._icon_side:
            self._icon_side = side
            self._on_theme_changed()
        labels = [b.text() for b in self.findChildren(QPushButton)]
        widest = max((metrics.horizontalAdvance(text) for text in labels), default=0)
        # icon, its gap, the buttons' padding and the sidebar's margins
        width = max(SIDEBAR_WIDTH, widest + side + 8 + 4 * GRID + 4 * GRID)
        self.setFixedWidth(width)
        return width
