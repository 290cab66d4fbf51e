"""Reminders as a use case: one planner the tray, Home and the notification share, without Qt.

The window owns one ``ReminderPlanner`` and one single-shot timer. The contract:

1. Arm the timer for ``planner.next_wake(now)`` (``None``: arm nothing). Re-arm whenever
   ``planner.changed`` is emitted, the machine wakes, or the timer fires.
2. When it fires (early or late, it does not matter), call ``planner.fire(now)``; if it returns
   a ``Reminder``, show the notification for it (``planner.suggestion()`` says what Start
   offers). Then re-arm from ``next_wake``.
3. The notification's buttons call ``snooze(now)`` or ``skip(now)``; Start calls ``skip(now)``
   too and starts the practice (``practice_done(at)`` once it is recorded, or subscribe the
   log's change event and pass ``last_practice_time(journal)``).
4. The "In session" switch calls ``start_session(now)`` / ``end_session(now)``; the desktop's
   do-not-disturb and full-screen watchers call ``set_external_hold(kind, on)``; settings
   changes call ``set_rules(Rules.from_settings(...), now)``.

Nothing of it is written to disk: a restart forgets snoozes, holds and the session switch,
and the last practice is read back from the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from stsdesk.application.events import Event
from stsdesk.core.exercise import Exercise
from stsdesk.core.ports import Journal
from stsdesk.core.reminders import (
    SNOOZE,
    Hold,
    HoldReason,
    Holds,
    Plan,
    Reminder,
    Rules,
    hold,
    next_wake,
    step,
    suggested_practice,
)

EXTERNAL_HOLDS = (HoldReason.DO_NOT_DISTURB, HoldReason.FULL_SCREEN)


def last_practice_time(journal: Journal) -> datetime | None:
    """When the newest practice in the log ended (aware, UTC), or ``None`` for an empty log."""
    newest = journal.recent(1)
    if not newest:
        return None
    record = newest[0]
    return (record.started_at + timedelta(seconds=record.practiced_seconds)).astimezone(UTC)


class ReminderPlanner:
    """Snoozes, skips, holds and the last practice, and from them the one reminder to show.

    All times are aware datetimes (any zone); the planner never reads a clock itself.

    Events:
        changed: emitted (with ``None``) when something that moves ``next_wake`` changed
            outside ``fire``: a session started or ended (also when it ends by itself inside
            ``fire``), a hold flag, the rules, a snooze, a skip, a practice.
    """

    def __init__(
        self,
        rules: Rules,
        now: datetime,
        *,
        last_practice: datetime | None = None,
        exercises: Iterable[Exercise] = (),
    ) -> None:
        self.changed: Event[None] = Event()
        self._rules = rules
        self._plan = Plan(now.astimezone(UTC), last_practice=_utc_or_none(last_practice))
        self._holds = Holds()
        self._exercises = tuple(exercises)
        self.showing: Reminder | None = None
        """The reminder on screen, until it is snoozed or skipped (or a session starts)."""

    # --- what the UI asks -----------------------------------------------------------------

    @property
    def rules(self) -> Rules:
        return self._rules

    @property
    def plan(self) -> Plan:
        """The current facts (read-only; for tests and diagnostics)."""
        return self._plan

    @property
    def session_until(self) -> datetime | None:
        """When the "In session" switch ends by itself (UTC), or ``None`` when it is off."""
        return self._holds.session_until

    def in_session(self, now: datetime) -> bool:
        until = self._holds.session_until
        return until is not None and now < until

    def hold(self, now: datetime) -> Hold | None:
        """What holds reminders now (a session, quiet hours, do-not-disturb, full screen)."""
        return hold(now, self._rules, self._holds)

    def external_hold(self, kind: HoldReason) -> bool:
        if kind is HoldReason.DO_NOT_DISTURB:
            return self._holds.do_not_disturb
        if kind is HoldReason.FULL_SCREEN:
            return self._holds.full_screen
        raise ValueError(f"{kind} is not a flag set from outside")

    def next_wake(self, now: datetime) -> datetime | None:
        """The one time (UTC) to arm the single-shot timer for; ``now`` if something is due
        already; ``None`` when nothing is to come until a flag or a setting changes."""
        return next_wake(now, self._rules, self._plan, self._holds)

    def suggestion(
        self, minutes: int | None = None, recent_ids: Sequence[str] = ()
    ) -> tuple[Exercise, int] | None:
        """What Start offers: the shortest eyes-open practice that fits ``minutes`` (any when
        ``None``), at its shortest length (``core.reminders.suggested_practice``)."""
        return suggested_practice(self._exercises, minutes, recent_ids)

    # --- what happens ---------------------------------------------------------------------

    def fire(self, now: datetime) -> Reminder | None:
        """The reminder to show now, at most one (``None``: nothing, or it is held)."""
        session_over = self._holds.session_until is not None and now >= self._holds.session_until
        if session_over:
            self._holds = replace(self._holds, session_until=None)
        shown, self._plan = step(now, self._rules, self._plan, self._holds)
        if shown is not None:
            self.showing = shown
        if session_over:
            self.changed.emit(None)
        return shown

    def snooze(self, now: datetime) -> None:
        """Put the reminder on screen off for ``SNOOZE`` (10 minutes)."""
        if self.showing is None:
            return
        until = now.astimezone(UTC) + SNOOZE
        self._plan = replace(
            self._plan, snoozed=self.showing, snoozed_until=until, last_reminder=now
        )
        self.showing = None
        self.changed.emit(None)

    def skip(self, now: datetime) -> None:
        """Dismiss the reminder on screen (and any held one); the interval counts from now."""
        self.showing = None
        self._plan = replace(
            self._plan,
            pending=None,
            snoozed=None,
            snoozed_until=None,
            last_reminder=now.astimezone(UTC),
        )
        self.changed.emit(None)

    def practice_done(self, at: datetime) -> None:
        """A practice ended at ``at``: it resets the interval and answers any reminder due
        before it (held, snoozed or on screen)."""
        at = at.astimezone(UTC)
        plan = self._plan
        if plan.last_practice is not None and at <= plan.last_practice:
            return
        pending = plan.pending if plan.pending and plan.pending.at > at else None
        self._plan = replace(
            plan, last_practice=at, pending=pending, snoozed=None, snoozed_until=None
        )
        if self.showing is not None and self.showing.at <= at:
            self.showing = None
        self.changed.emit(None)

    def start_session(self, now: datetime, minutes: int | None = None) -> datetime:
        """Turn "In session" on for ``minutes`` (the rules' ``session_minutes`` by default);
        returns when it ends. A reminder on screen waits, to be offered once afterwards."""
        length = self._rules.session_minutes if minutes is None else minutes
        until = now.astimezone(UTC) + timedelta(minutes=length)
        self._holds = replace(self._holds, session_until=until)
        if self.showing is not None:
            self._plan = replace(self._plan, pending=self.showing)
            self.showing = None
        self.changed.emit(None)
        return until

    def end_session(self, now: datetime) -> None:
        """Turn "In session" off; a reminder held by it is offered at the next ``fire``."""
        self._holds = replace(self._holds, session_until=None)
        self.changed.emit(None)

    def set_external_hold(self, kind: HoldReason, on: bool) -> None:
        """The desktop's do-not-disturb, or another application full screen, turned on/off."""
        if kind is HoldReason.DO_NOT_DISTURB:
            self._holds = replace(self._holds, do_not_disturb=on)
        elif kind is HoldReason.FULL_SCREEN:
            self._holds = replace(self._holds, full_screen=on)
        else:
            raise ValueError(f"{kind} is not a flag set from outside")
        self.changed.emit(None)

    def set_rules(self, rules: Rules, now: datetime) -> None:
        """New settings. Reminders that would have been due earlier under them are not shown
        now; a held or snoozed reminder of a kind the new rules still give is kept."""
        plan = self._plan
        pending = plan.pending if plan.pending and rules.produces(plan.pending.kind) else None
        snoozed = plan.snoozed if plan.snoozed and rules.produces(plan.snoozed.kind) else None
        self._rules = rules
        self._plan = replace(
            plan,
            cursor=max(plan.cursor, now.astimezone(UTC)),
            pending=pending,
            snoozed=snoozed,
            snoozed_until=plan.snoozed_until if snoozed else None,
        )
        if not rules.enabled:
            self.showing = None
        self.changed.emit(None)

    def set_exercises(self, exercises: Iterable[Exercise]) -> None:
        """The practices on offer changed (a pack or the policy)."""
        self._exercises = tuple(exercises)


def _utc_or_none(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC) if moment is not None else None
