"""The main window: a quiet sidebar of pages and the page area beside it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, QSize, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFontInfo, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from stsdesk.ui.about import AboutDialog
from stsdesk.ui.context import Services
from stsdesk.ui.i18n import fmt
from stsdesk.ui.icons import icon
from stsdesk.ui.keys_help import KeysHelpDialog
from stsdesk.ui.theme import Theme
from stsdesk.ui.widgets import GRID, label


class MainWindow(QMainWindow):
    """Hosts the pages; each capability adds its page with ``add_page``, built the first time
    it is shown (or asked for with ``page``), so the window paints without waiting for them.

    Signals:
        page_changed: the key of the page now shown.
    """

    page_changed = Signal(str)

    def __init__(self, services: Services, theme: Theme) -> None:
        super().__init__()
        self.services = services
        self._theme = theme
        # The sidebar's icons are drawn in the theme's colours; a theme change redraws them.
        self._icons: list[tuple[QPushButton, str, str]] = []
        self._icon_side = 24  # fit_sidebar sizes them to the text
        theme.changed.connect(self._on_theme_changed)
        self.setWindowTitle(self.tr("stsdesk"))
        # Its icon is the application's (app.run_gui sets it): drawn once, not twice.
        self.setMinimumSize(760, 560)
        self._pages: dict[str, QWidget] = {}
        self._makers: dict[str, Callable[[], QWidget]] = {}
        self._buttons: dict[str, QPushButton] = {}
        self._page_keys: list[QShortcut] = []

        root = QWidget()
        layout = QHBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._sidebar = QWidget()
        self._sidebar.setObjectName("sidebar")
        self._sidebar.setFixedWidth(27 * GRID)
        self._nav = QVBoxLayout(self._sidebar)
        self._nav.setContentsMargins(2 * GRID, 3 * GRID, 2 * GRID, 2 * GRID)
        self._nav.setSpacing(GRID // 2)
        brand = label(self.tr("stsdesk"), "brand")
        brand.setContentsMargins(2 * GRID, 0, 0, 2 * GRID)
        self._nav.addWidget(brand)
        self._nav_end = self._nav.count()
        self._nav.addStretch(1)
        about = QPushButton(self.tr("About stsdesk"))
        self._add_icon(about, "about", "muted")
        about.setProperty("role", "nav")
        about.setAccessibleName(self.tr("About stsdesk"))
        about.clicked.connect(self.show_about)
        about.setToolTip(self.tr("About stsdesk, and the keyboard keys (F1)"))
        self._nav.addWidget(about)
        # No QButtonGroup: Tab stops once in a group (arrows inside). Every entry is a tab
        # stop of its own, and show_page keeps the one shown checked.
        self._stack = QStackedWidget()
        layout.addWidget(self._sidebar)
        layout.addWidget(self._stack, 1)
        self.setCentralWidget(root)
        self._restore_geometry()

    def add_page(
        self,
        key: str,
        title: str,
        icon_name: str,
        page: QWidget | Callable[[], QWidget],
        *,
        in_nav: bool = True,
    ) -> None:
        """Add a page with a sidebar button; Ctrl+N reaches the N-th page.

        ``page`` is the page, or what makes it: it is then made the first time it is shown.
        A page with ``in_nav=False`` (the player) is reached only through the app's own flow.
        """
        index = len(self._buttons)
        button = QPushButton(title)
        self._add_icon(button, icon_name, "text")
        button.setProperty("role", "nav")
        button.setCheckable(True)
        button.setAccessibleName(title)
        button.setToolTip(fmt(self.tr("%1 (Ctrl+%2)"), title, index + 1))
        button.clicked.connect(lambda _checked=False, k=key: self.show_page(k))
        self._nav.insertWidget(self._nav_end + index, button)
        if isinstance(page, QWidget):
            self._stack.addWidget(page)
            self._pages[key] = page
        else:
            self._makers[key] = page
        self._buttons[key] = button
        if not in_nav:
            button.setVisible(False)
            return
        shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
        shortcut.activated.connect(lambda k=key: self.show_page(k))
        self._page_keys.append(shortcut)
        if index == 0:
            self.show_page(key)

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

    def fit_sidebar(self) -> None:
        """Widen the sidebar to its longest label at the current text size (never narrower)."""
        metrics = self.fontMetrics()
        # The icons grow with the text: 20 px at 100 %, 40 px at 200 %.
        side = round(QFontInfo(self.font()).pixelSize() * 4 / 3)
        if side != self._icon_side:
            self._icon_side = side
            self._on_theme_changed()
        labels = [b.text() for b in self._sidebar.findChildren(QPushButton)]
        widest = max((metrics.horizontalAdvance(text) for text in labels), default=0)
        # icon, its gap, the buttons' padding and the sidebar's margins
        self._sidebar.setFixedWidth(max(27 * GRID, widest + side + 8 + 4 * GRID + 4 * GRID))

    def page(self, key: str) -> QWidget:
        """The page ``key``, made now if it has not been yet."""
        page = self._pages.get(key)
        if page is None:
            page = self._makers.pop(key)()
            self._stack.addWidget(page)
            self._pages[key] = page
        return page

    def has_page(self, key: str) -> bool:
        """Whether page ``key`` has been made (shown or asked for) yet."""
        return key in self._pages

    def nav_button(self, key: str) -> QPushButton:
        return self._buttons[key]

    @property
    def current_page(self) -> str:
        current = self._stack.currentWidget()
        return next(key for key, page in self._pages.items() if page is current)

    @Slot(str)
    def show_page(self, key: str) -> None:
        """Bring a page forward and mark its button."""
        self._stack.setCurrentWidget(self.page(key))
        for other, button in self._buttons.items():
            button.setChecked(other == key)
        self.page_changed.emit(key)

    @Slot(bool)
    def set_immersive(self, immersive: bool) -> None:
        """Hide the sidebar while a practice fills the window; its Ctrl+N keys rest too, so a
        stray key never leaves a practice (Stop, or Escape, is the way out)."""
        self._sidebar.setVisible(not immersive)
        for shortcut in self._page_keys:
            shortcut.setEnabled(not immersive)

    @Slot()
    def raise_window(self) -> None:
        """Come to the front, e.g. when the user starts stsdesk a second time."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    @Slot()
    def show_keys(self) -> None:
        KeysHelpDialog(self).open()

    @Slot()
    def show_about(self) -> None:
        AboutDialog(self.services, self).open()

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1040, 720)

    def showEvent(self, event: QShowEvent) -> None:
        # The wall clock may have jumped (a suspend, a new time zone) while hidden.
        self.services.live.check_day()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_F1:
            self.show_keys()
            return
        super().keyPressEvent(event)
