"""One path for unexpected errors: the log gets the traceback, the person gets one calm sentence."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from stsdesk.core.errors import StsdeskError
from stsdesk.ui.i18n import fmt

log = logging.getLogger(__name__)


def user_message(exc: BaseException, log_file: Path) -> str:
    """What to tell the user: a StsdeskError's own words, else where the details are."""
    if isinstance(exc, StsdeskError):
        return str(exc)
    return fmt(
        QApplication.translate(
            "errors",
            "Something went wrong, and stsdesk could not finish what you asked. Your saved "
            "practice is safe. Details for a technician are in %1.",
        ),
        log_file,
    )


def install_excepthook(log_file: Path) -> None:
    """Route uncaught exceptions to the log and a single dialog, never a console traceback.

    The dialog is kept alive here: a QMessageBox nobody references is garbage-collected as soon
    as the hook returns, and nobody ever sees it. While one is open, later errors are only
    logged, so a failure in a timer cannot pile dialogs on the screen.
    """
    shown: list[QMessageBox] = []

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        if shown:
            return
        box = QMessageBox(
            QMessageBox.Icon.NoIcon,  # no stock icons: the words say it calmly
            QApplication.translate("errors", "stsdesk"),
            user_message(exc, log_file),
            QMessageBox.StandardButton.Ok,
            QApplication.activeWindow(),
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.finished.connect(lambda _result: shown.clear())
        shown.append(box)
        box.open()

    sys.excepthook = hook
