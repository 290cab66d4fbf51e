"""About stsdesk: version, where your data and logs live, and what never leaves the machine."""

from __future__ import annotations

import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QWidget

from stsdesk import __version__
from stsdesk.ui.context import Services
from stsdesk.ui.i18n import fmt
from stsdesk.ui.keys_help import KeysHelpDialog
from stsdesk.ui.widgets import GRID, dialog_layout, label, plain


class AboutDialog(QDialog):
    """A small, honest system-information dialog."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About stsdesk"))
        self.setAccessibleName(self.tr("About stsdesk"))
        layout = dialog_layout(self)  # scrolls when large text needs more than the screen
        layout.setContentsMargins(3 * GRID, 3 * GRID, 3 * GRID, 2 * GRID)
        layout.setSpacing(GRID)
        layout.addWidget(label(fmt(self.tr("stsdesk %1"), __version__), "title"))
        layout.addWidget(
            label(
                self.tr(
                    "Short guided practices for people whose work brings them close to other "
                    "people's trauma, and a private log of your practice."
                )
            )
        )
        layout.addWidget(
            label(
                self.tr(
                    "Everything stays on this computer. stsdesk has no account, sends nothing "
                    "and never connects to the internet. Your organization can configure it but "
                    "can never see your data."
                ),
                "muted",
            )
        )
        paths = services.paths
        rows = [
            (self.tr("Your data"), str(paths.data)),
            (self.tr("Settings file"), str(paths.settings_file)),
            (self.tr("Log file"), str(services.log_file)),
            (self.tr("Version"), __version__),
            (self.tr("Python"), platform.python_version()),
            (self.tr("Qt for Python"), pyside_version),
            (self.tr("System"), f"{platform.system()} {platform.release()} ({sys.platform})"),
        ]
        # Short names, long values: the values take the width (a path wraps inside its own
        # column rather than being cut).
        form = QGridLayout()
        form.setHorizontalSpacing(3 * GRID)
        form.setVerticalSpacing(GRID)
        form.setColumnStretch(1, 1)
        for row, (name, value) in enumerate(rows):
            # Plain text: a data folder's name is the person's to choose, markup and all.
            shown = label(value, selectable=True)
            shown.setAccessibleName(fmt(self.tr("%1: %2"), name, plain(value)))
            form.addWidget(label(fmt(self.tr("%1:"), name), "strong"), row, 0)
            form.addWidget(shown, row, 1)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # What F1 shows, findable by whoever never pressed it.
        keys = buttons.addButton(self.tr("Keyboard keys"), QDialogButtonBox.ButtonRole.ActionRole)
        keys.setToolTip(self.tr("Every key stsdesk answers to (F1)"))
        keys.clicked.connect(lambda: KeysHelpDialog(self.parentWidget() or self).open())
        layout.addWidget(buttons)
        # About 42 characters a line (paths fit on one or two lines), within the screen.
        wide = 42 * QFontInfo(self.font()).pixelSize()
        screen = self.screen().availableGeometry().width() * 9 // 10
        self.setMinimumWidth(max(60 * GRID, min(wide, screen)))
