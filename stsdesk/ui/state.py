"""The application's observable state as Qt signals: the log, the settings and the day.

One bridge between the Qt-free services (``JournalService.changed``, ``SettingsService.changed``)
and the widgets, plus the one single-shot timer that says when the practice day rolls over.
Pages connect to these signals and refresh themselves; nobody calls another page's refresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from stsdesk.application.journal_service import JournalService
from stsdesk.application.settings_service import SettingsService
from stsdesk.core.days import next_day_start, practice_day_at

log = logging.getLogger(__name__)

BOUNDARY_KEY = "journal.day_boundary_hour"
# The longest the day timer sleeps: a wall clock set forward (or a long suspend) is noticed
# within this time even if no window is shown meanwhile. Re-armed from the wall clock, never
# counted.
LONGEST_WAIT_MS = 15 * 60 * 1000


class LiveState(QObject):
    """Re-emits the services' changes as signals and watches the local practice day.

    ``now`` is read every time (tests replace the wall clock behind it).

    Signals:
        journal_changed: the practice log was written, whoever wrote.
        setting_changed(str): the key of a setting whose value in effect changed.
        day_changed(date): the practice day (under the day-boundary hour) is now this one.
    """

    journal_changed = Signal()
    setting_changed = Signal(str)
    day_changed = Signal(object)

    def __init__(
        self,
        journal: JournalService,
        settings: SettingsService,
        now: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._now = now
        self._today: date | None = None
        self.day_timer = QTimer(self)
        self.day_timer.setObjectName("day boundary")
        self.day_timer.setSingleShot(True)
        self.day_timer.setTimerType(Qt.TimerType.CoarseTimer)
        self.day_timer.timeout.connect(self.check_day)
        journal.changed.connect(self._on_journal_changed)
        settings.changed.connect(self._on_setting_changed)

    def _on_journal_changed(self, _value: None) -> None:
        self.journal_changed.emit()

    def _on_setting_changed(self, key: str) -> None:
        self.setting_changed.emit(key)
        if key == BOUNDARY_KEY:
            self.check_day()

    @property
    def boundary_hour(self) -> int:
        return int(self._settings[BOUNDARY_KEY])

    def today(self) -> date:
        """The practice day now, under the day-boundary hour (never simply the calendar date)."""
        return practice_day_at(self._now(), self.boundary_hour)

    @Slot()
    def check_day(self) -> None:
        """Look at the wall clock: announce a new practice day, and re-arm for the next one.

        Called when the timer fires (early, late or after a suspend: it only asks the clock),
        when a window is shown and when the day-boundary hour changes.
        """
        now = self._now()
        hour = self.boundary_hour
        today = practice_day_at(now, hour)
        wait = (next_day_start(now, hour) - now).total_seconds() * 1000
        self.day_timer.start(max(1000, min(round(wait), LONGEST_WAIT_MS)))
        if self._today is not None and today != self._today:
            log.info("The practice day is now %s", today.isoformat())
            self._today = today
            self.day_changed.emit(today)
        self._today = today

    def stop(self) -> None:
        """Stop watching the day (the window closes)."""
        self.day_timer.stop()
