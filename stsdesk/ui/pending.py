"""Practices the disk refused are kept in memory: say so on Home, and keep trying.

The store keeps a practice it could not write (a full or read-only disk) and writes it at the
next chance. This watcher makes that visible and active: a Home notice with "Try again now",
and a quiet retry every minute, so a disk that becomes writable again is noticed without the
person doing anything. At quit the store writes what is still pending somewhere durable.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from stsdesk.core.errors import StsdeskError
from stsdesk.ui.context import Notice, Services
from stsdesk.ui.home import HomePage

log = logging.getLogger(__name__)

RETRY_MS = 60_000


class PendingSaves(QObject):
    """Watches the log's pending practices; ``saved`` fires once they are all on disk."""

    saved = Signal()

    def __init__(self, services: Services, home: HomePage, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.home = home
        self.banner: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.retry_quietly)

    def count(self) -> int:
        return len(self.services.practice_log.pending)

    @Slot()
    def check(self) -> None:
        """After a save was attempted: show the notice and retry while anything is pending."""
        count = self.count()
        if not count:
            return
        if self.banner is not None:
            self.banner.deleteLater()
        self.banner = self.home.add_notice(
            Notice(self._kept_text(count), [(self.tr("Try again now"), self.retry_now)])
        )
        self.timer.start()

    def _kept_text(self, count: int) -> str:
        return self.tr(
            "%n practice(s) could not be saved yet (the disk is full or read-only). They are "
            "kept, and stsdesk tries again every minute and when it closes.",
            "",
            count,
        )

    def retry_now(self) -> str:
        """The notice's button: raises the store's calm error if the disk still refuses."""
        self.services.practice_log.retry_pending()
        self._all_saved()
        return self.tr("Saved: your journal is complete again.")

    @Slot()
    def retry_quietly(self) -> None:
        try:
            self.services.practice_log.retry_pending()
        except StsdeskError as error:
            log.info("Pending practices still not saved: %s", error)
            return
        if self.banner is not None:
            self.banner.deleteLater()
            self.banner = None
        self._all_saved()

    def _all_saved(self) -> None:
        self.timer.stop()
        log.info("Pending practices saved")
        self.saved.emit()
