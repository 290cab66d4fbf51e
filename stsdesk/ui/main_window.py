"""The main window: a quiet sidebar of pages and the page area beside it.

It is made in two steps, so the desktop has a window at once. ``MainWindow()`` is the frame
(``ui.frame``): the title, the remembered place and size, and the remembered look as its
background, importing nothing of stsdesk's own (but the theme, for the desktop's look, on a
very first start). ``furnish`` adds the sidebar and the page area;
the modules behind them are imported there, and the dialogs' when they are first opened.
(Even ``Qt``, the namespace, waits: importing it makes all its enums at once, ~14 ms.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QPushButton, QStackedWidget, QWidget

from stsdesk.ui.frame import Look, forget_look, remember_look, remembered_look, show_look

if TYPE_CHECKING:
    from stsdesk.ui.context import Services
    from stsdesk.ui.sidebar import Sidebar
    from stsdesk.ui.theme import Theme


def first_look() -> Look:
    """The look of a first start, before any is remembered: the desktop's light or dark."""
    from stsdesk.ui.sidebar import SIDEBAR_WIDTH
    from stsdesk.ui.theme import choose_palette

    palette = choose_palette("system")
    return palette.window, palette.sidebar, SIDEBAR_WIDTH


class MainWindow(QMainWindow):
    """Hosts the pages; each capability adds its page with ``add_page``, built the first time
    it is shown (or asked for with ``page``), so the window paints without waiting for them.

    Signals:
        page_changed: the key of the page now shown.
    """

    page_changed = Signal(str)
    services: Services
    _theme: Theme
    _sidebar: Sidebar
    _stack: QStackedWidget

    def __init__(self) -> None:
        """The frame: what the desktop shows until ``furnish`` is called."""
        super().__init__()
        self.furnished = False
        self.setWindowTitle("stsdesk")  # the name; furnish sets it again, translated
        # Its icon is the application's (app.run_gui sets it): drawn once, not twice.
        self.setMinimumSize(760, 560)
        self._pages: dict[str, QWidget] = {}
        self._makers: dict[str, Callable[[], QWidget]] = {}
        self._page_keys: list[QShortcut] = []
        show_look(self, remembered_look() or first_look())
        self._restore_geometry()

    def furnish(self, services: Services, theme: Theme) -> None:
        """The sidebar and the page area, over the frame's background."""
        from stsdesk.ui.sidebar import Sidebar

        self.services = services
        self._theme = theme
        self.setWindowTitle(self.tr("stsdesk"))
        self._sidebar = Sidebar(theme)
        self._sidebar.about.clicked.connect(self.show_about)
        self._stack = QStackedWidget()
        root = QWidget()
        layout = QHBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._sidebar)
        layout.addWidget(self._stack, 1)
        self.setCentralWidget(root)
        forget_look(self)
        self.furnished = True

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
        button = self._sidebar.add(key, title, icon_name)
        button.clicked.connect(lambda _checked=False, k=key: self.show_page(k))
        if isinstance(page, QWidget):
            self._stack.addWidget(page)
            self._pages[key] = page
        else:
            self._makers[key] = page
        if not in_nav:
            button.setVisible(False)
            return
        shortcut = QShortcut(QKeySequence(f"Ctrl+{len(self._page_keys) + 1}"), self)
        shortcut.activated.connect(lambda k=key: self.show_page(k))
        self._page_keys.append(shortcut)
        if len(self._page_keys) == 1:
            self.show_page(key)

    def fit_sidebar(self) -> None:
        """Widen the sidebar to its longest label at the current text size, and remember
        the look for the next start's first frame."""
        width = self._sidebar.fit()
        palette = self._theme.palette
        remember_look((palette.window, palette.sidebar, width))

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

    @property
    def page_area(self) -> QStackedWidget:
        """Where the pages are shown: its first paint is the shell's, whichever page it is."""
        return self._stack

    def nav_button(self, key: str) -> QPushButton:
        return self._sidebar.button(key)

    @property
    def current_page(self) -> str:
        current = self._stack.currentWidget()
        return next(key for key, page in self._pages.items() if page is current)

    @Slot(str)
    def show_page(self, key: str) -> None:
        """Bring a page forward and mark its button."""
        self._stack.setCurrentWidget(self.page(key))
        self._sidebar.check(key)
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
        from stsdesk.ui.keys_help import KeysHelpDialog

        KeysHelpDialog(self).open()

    @Slot()
    def show_about(self) -> None:
        from stsdesk.ui.about import AboutDialog

        AboutDialog(self.services, self).open()

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1040, 720)

    def showEvent(self, event: QShowEvent) -> None:
        # The wall clock may have jumped (a suspend, a new time zone) while hidden.
        if self.furnished:
            self.services.live.check_day()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # not on the way to the frame (see the module's note)

        if event.key() == Qt.Key.Key_F1 and self.furnished:
            self.show_keys()
            return
        super().keyPressEvent(event)
