"""Reminders in the running app: one single-shot timer, the planner, the note, the switches.

The timer is armed for ``ReminderPlanner.next_wake(now)`` (at most ``LONGEST_WAIT_MS`` ahead,
so a wall clock set forward is noticed) and, whenever it fires, the planner is asked again
from the wall clock; nothing counts ticks. It is re-armed when the planner changes (a snooze,
a skip, a practice, a session, a hold, new rules), when the machine wakes and when settings
change. A pause (30 minutes, an hour, the rest of the day) drops the reminders that fall in
it; "In session" holds them, and one gentle offer follows when it ends.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from stsdesk.application.reminders import ReminderPlanner, last_practice_time
from stsdesk.core.days import next_day_start
from stsdesk.core.errors import StsdeskError
from stsdesk.core.reminders import HoldReason, Reminder, ReminderKind, Rules
from stsdesk.infra.fullscreen import other_window_full_screen
from stsdesk.ui.context import Services
from stsdesk.ui.i18n import fmt
from stsdesk.ui.reminder_popup import ReminderPopup
from stsdesk.ui.state import BOUNDARY_KEY, LONGEST_WAIT_MS
from stsdesk.ui.tray import PAUSE_TODAY, clock
from stsdesk.ui.widgets import card, label

log = logging.getLogger(__name__)

SHORTEST_WAIT_MS = 1000  # something due "now" still waits a second: never a busy loop
RULE_PREFIXES = ("reminders.", "buddy.")
FULL_SCREEN_RECHECK_MS = 60 * 1000


class Reminders(QObject):
    """The reminders of the running window (``parent``: it lives and dies with it).

    Signals:
        start_requested(str, int): start this exercise at this length (the note's Start).
        choose_requested: the note's Start when no practice suits: show the practices.
        buddy_requested: the buddy reminder's Start: show the week's summary.
        session_changed(object): "In session" is on until this instant (UTC), or ``None``.
        paused_changed(object): reminders are paused until this instant, or ``None``.
        enabled_changed(bool): ``reminders.enabled`` in effect changed.
    """

    start_requested = Signal(str, int)
    choose_requested = Signal()
    buddy_requested = Signal()
    session_changed = Signal(object)
    paused_changed = Signal(object)
    enabled_changed = Signal(bool)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        now = services.now()
        self.planner = ReminderPlanner(
            self._rules(),
            now,
            last_practice=self._last_practice(),
            exercises=services.catalog.exercises,
        )
        self.paused_until: datetime | None = None
        self._session_shown: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("reminders")
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.CoarseTimer)
        self.timer.timeout.connect(self.wake)
        # While another application is full screen, look again each minute: its end is not
        # announced, and the reminder it held becomes one gentle offer then.
        self.full_screen_timer = QTimer(self)
        self.full_screen_timer.setObjectName("full screen")
        self.full_screen_timer.setSingleShot(True)
        self.full_screen_timer.setInterval(FULL_SCREEN_RECHECK_MS)
        self.full_screen_timer.timeout.connect(self.wake)
        self.popup = ReminderPopup()
        self.popup.start_requested.connect(self._on_start)
        self.popup.snooze_requested.connect(self._on_snooze)
        self.popup.skip_requested.connect(self._on_skip)
        self.destroyed.connect(self.popup.deleteLater)
        self.planner.changed.connect(self._on_planner_changed)
        services.live.setting_changed.connect(self._on_setting_changed)
        services.live.journal_changed.connect(self._on_journal_changed)
        self.arm()

    # --- facts ----------------------------------------------------------------------------

    def _zone(self) -> tzinfo:
        name = self.services.zone_name()
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                pass
        zone = self.services.now().astimezone().tzinfo
        assert zone is not None
        return zone

    def _rules(self) -> Rules:
        return Rules.from_settings(self.services.settings, self._zone())

    def _last_practice(self) -> datetime | None:
        try:
            return last_practice_time(self.services.practice_log)
        except (StsdeskError, OSError) as error:
            log.warning("Reminders could not read the last practice: %s", error)
            return None

    @property
    def enabled(self) -> bool:
        return self.planner.rules.enabled

    def in_session(self) -> bool:
        return self.planner.in_session(self.services.now())

    # --- the one timer --------------------------------------------------------------------

    @Slot()
    def arm(self) -> None:
        """Arm the single-shot timer for the next thing to do (or stop it: nothing to come)."""
        now = self.services.now()
        self._announce_session(now)
        wake = self.planner.next_wake(now)
        if self.paused_until is not None:
            wake = max(wake, self.paused_until) if wake is not None else self.paused_until
        if wake is None:
            self.timer.stop()
            return
        wait = (wake - now).total_seconds() * 1000
        self.timer.start(int(max(SHORTEST_WAIT_MS, min(wait, LONGEST_WAIT_MS))))

    @Slot()
    def wake(self) -> None:
        """The timer fired, the machine woke or a hold ended: ask the planner from the clock."""
        now = self.services.now()
        if self.paused_until is not None:
            if now < self.paused_until:
                self.arm()
                return
            self._end_pause(now)
        self._check_full_screen()
        shown = self.planner.fire(now)
        if shown is not None:
            self._offer(shown)
        self.arm()

    def _check_full_screen(self) -> None:
        """Hold reminders while another application is full screen (where that can be known)."""
        own = frozenset(int(w.winId()) for w in QApplication.topLevelWidgets() if w.isVisible())
        full = other_window_full_screen(own)
        if full is None:
            return
        if full != self.planner.external_hold(HoldReason.FULL_SCREEN):
            log.info(
                "Another application is %s", "full screen" if full else "no longer full screen"
            )
            self.planner.set_external_hold(HoldReason.FULL_SCREEN, full)
        if full:
            self.full_screen_timer.start()
        else:
            self.full_screen_timer.stop()

    def _on_planner_changed(self, _value: None) -> None:
        self.arm()

    def _announce_session(self, now: datetime) -> None:
        until = self.planner.session_until if self.planner.in_session(now) else None
        if until != self._session_shown:
            self._session_shown = until
            self.session_changed.emit(until)

    # --- the note -------------------------------------------------------------------------

    def _recent_ids(self) -> list[str]:
        try:
            return [r.exercise_id for r in self.services.practice_log.recent(20)]
        except (StsdeskError, OSError):
            return []

    def _offer(self, reminder: Reminder) -> None:
        log.info("Reminder shown (%s%s)", reminder.kind, ", gentle" if reminder.gentle else "")
        self.popup.offer(reminder, self.planner.suggestion(None, self._recent_ids()))

    @Slot()
    def _on_start(self) -> None:
        reminder = self.popup.reminder
        suggestion = self.planner.suggestion(None, self._recent_ids())
        self.planner.skip(self.services.now())
        if reminder is not None and reminder.kind is ReminderKind.BUDDY:
            self.buddy_requested.emit()
        elif suggestion is None:
            self.choose_requested.emit()
        else:
            exercise, minutes = suggestion
            self.start_requested.emit(exercise.id, minutes)

    @Slot()
    def _on_snooze(self) -> None:
        self.planner.snooze(self.services.now())

    @Slot()
    def _on_skip(self) -> None:
        self.planner.skip(self.services.now())

    def _withdraw(self) -> None:
        """Take the note off the screen, the reminder answered (skipped)."""
        if self.popup.isVisible():
            self.popup.hide()
            self.planner.skip(self.services.now())

    # --- switches -------------------------------------------------------------------------

    @Slot()
    def toggle_session(self) -> None:
        """ "In session" on for the default length, or off."""
        now = self.services.now()
        if self.planner.in_session(now):
            self.planner.end_session(now)
            self.wake()  # one gentle offer, now, for what the session held
        else:
            self.popup.hide()  # the planner keeps it, to offer afterwards
            self.planner.start_session(now)

    @Slot(int)
    def pause(self, minutes: int) -> None:
        """No reminders for ``minutes`` (``PAUSE_TODAY``: until the practice day ends); those
        that fall due meanwhile are dropped, not saved up."""
        now = self.services.now()
        if minutes == PAUSE_TODAY:
            until = next_day_start(now, int(self.services.settings[BOUNDARY_KEY]))
        else:
            until = now + timedelta(minutes=minutes)
        self._withdraw()
        self.paused_until = until
        self.paused_changed.emit(until)
        self.arm()

    @Slot()
    def resume(self) -> None:
        """Reminders back on before the pause ends."""
        if self.paused_until is not None:
            self._end_pause(self.services.now())
            self.arm()

    def _end_pause(self, now: datetime) -> None:
        self.paused_until = None
        # New "rules" from now: what fell due during the pause is dropped.
        self.planner.set_rules(self.planner.rules, now)
        self.paused_changed.emit(None)

    @Slot(bool)
    def set_do_not_disturb(self, on: bool) -> None:
        self.planner.set_external_hold(HoldReason.DO_NOT_DISTURB, on)
        if not on:
            self.wake()

    # --- what changed elsewhere -----------------------------------------------------------

    @Slot(str)
    def _on_setting_changed(self, key: str) -> None:
        if not key.startswith(RULE_PREFIXES) and key != BOUNDARY_KEY:
            return
        was = self.enabled
        self.planner.set_rules(self._rules(), self.services.now())
        if not self.enabled:
            self.popup.hide()
            if self.paused_until is not None:
                self.paused_until = None
                self.paused_changed.emit(None)
        if self.enabled != was:
            self.enabled_changed.emit(self.enabled)

    @Slot()
    def _on_journal_changed(self) -> None:
        """A practice done resets the interval and answers the reminder on screen."""
        last = self._last_practice()
        if last is None:
            return
        self.planner.practice_done(last)
        if self.planner.showing is None and self.popup.isVisible():
            self.popup.hide()

    def stop(self) -> None:
        self.timer.stop()
        self.full_screen_timer.stop()
        self.popup.hide()


class SessionButton(QPushButton):
    """Home's "In session" switch: on for the default length, ends by itself."""

    def __init__(self, reminders: Reminders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setProperty("role", "link")
        self.clicked.connect(lambda _c=False: reminders.toggle_session())
        reminders.session_changed.connect(self.show_session)
        reminders.enabled_changed.connect(self.setVisible)
        self.setVisible(reminders.enabled)
        self.show_session(reminders.planner.session_until if reminders.in_session() else None)

    @Slot(object)
    def show_session(self, until: datetime | None) -> None:
        self.setChecked(until is not None)
        text = (
            self.tr("In session: hold reminders")
            if until is None
            else fmt(self.tr("In session until %1: end now"), clock(until))
        )
        self.setText(text)
        self.setAccessibleName(text)


class ReminderNotes(QWidget):
    """A Settings card: what holds reminders on this desktop, and whether they can appear
    with the window closed (only where there is a tray)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        box, self._layout = card()
        self._layout.addWidget(label(self.tr("Reminders on this desktop"), "title"))
        outer.addWidget(box)
        self.lines: list[QLabel] = []

    def show_lines(self, desktop: list[str], *, tray: bool) -> None:
        for old in self.lines:
            old.deleteLater()
        texts = [
            self.tr("With the window closed, stsdesk waits in the tray and reminders still appear.")
            if tray
            else self.tr(
                "This desktop has no tray, so reminders appear only while the stsdesk window "
                "is open (closing it quits stsdesk)."
            ),
            *desktop,
        ]
        self.lines = [label(text, "small") for text in texts]
        for line in self.lines:
            self._layout.addWidget(line)
