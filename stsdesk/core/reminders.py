"""When to remind someone to practise: pure functions of the wall clock and a few facts.

Everything here takes ``now`` and returns answers; nothing counts ticks or keeps time. The
planner (``stsdesk.application.reminders``) keeps the facts (a ``Plan``) and the window arms
one single-shot timer for ``next_wake`` and calls ``step`` when it fires, when the machine
wakes, when a hold changes or when settings change.

The rules (``Rules.from_settings``):

- Nothing at all unless ``reminders.enabled``.
- ``daily``: at each of ``reminders.daily_times`` on the ``reminders.weekdays``.
- ``between-clients``: at minute ``reminders.between_clients_minute`` of every hour inside
  ``reminders.working_hours`` (the whole day when they are empty), on the reminder days.
- ``interval``: every ``reminders.every_minutes`` of real elapsed time inside working hours on
  the reminder days, counted from the latest of the start of working hours, the last practice
  and the last reminder shown or answered; so a practice done resets the interval.
- ``buddy``: once on ``buddy.weekday`` (any week day, whatever the reminder days), at the start
  of working hours (09:00 when there are none): time to reach out to your buddy.
- A practice done, or another reminder shown or answered, in the ``PRACTICE_QUIETS`` (15
  minutes) before a daily or between-clients time makes it unnecessary: it is left out.

Wall times are local to ``Rules.zone``. A time that does not exist (the spring-forward gap,
02:30 in New York on the second Sunday of March) happens when the clock shows it would have,
one hour later (03:30); a time that happens twice (the autumn fall-back) happens once, the
first time. Every instant is compared in UTC, since Python compares two datetimes in the
same zone by their wall time and gets the fall-back hour wrong.

Holds (``Holds`` and quiet hours): while one is on, nothing is shown. A reminder that falls due
during a hold waits as the plan's ``pending`` one; several become one (``due_after_hold``), and
when the hold ends it is offered once, gently. After sleep or a long absence at most one
reminder appears: the latest one missed, and only if it fell due within ``MISSED_KEEP`` (and,
for between-clients and interval ones, only inside working hours); older ones are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Protocol

from stsdesk.core.exercise import Exercise
from stsdesk.core.settings import parse_clock, parse_span

SNOOZE = timedelta(minutes=10)
"""How long Snooze puts a reminder off."""

MISSED_KEEP = timedelta(hours=2)
"""A reminder missed while the machine slept is still shown when it is at most this late."""

PRACTICE_QUIETS = timedelta(minutes=15)
"""A practice or reminder this shortly before a daily or between-clients one makes it moot."""

BUDDY_TIME = time(9, 0)
"""The buddy reminder's time when there are no working hours."""

_DAY = timedelta(days=1)
_LOOK_AHEAD_DAYS = 9  # every rule repeats within a week; one day more for spans past midnight


class ReminderKind(StrEnum):
    DAILY = "daily"
    BETWEEN_CLIENTS = "between-clients"
    INTERVAL = "interval"
    BUDDY = "buddy"


class HoldReason(StrEnum):
    SESSION = "session"
    QUIET_HOURS = "quiet-hours"
    DO_NOT_DISTURB = "do-not-disturb"
    FULL_SCREEN = "full-screen"


# When two reminders fall due together, or are folded into one, the rarer kind wins.
_RANK = {
    ReminderKind.INTERVAL: 0,
    ReminderKind.BETWEEN_CLIENTS: 1,
    ReminderKind.DAILY: 2,
    ReminderKind.BUDDY: 3,
}


@dataclass(frozen=True)
class Reminder:
    """One reminder: when it fell due (aware, UTC) and why; ``gentle`` when it is the one
    offer made after a hold ended (the UI may word it more softly)."""

    at: datetime
    kind: ReminderKind
    gentle: bool = False


class SettingsLike(Protocol):
    """``stsdesk.core.settings.Settings``, or a plain mapping of every key."""

    def __getitem__(self, key: str) -> Any: ...


@dataclass(frozen=True)
class Rules:
    """The reminder settings, parsed. ``every`` is ``None`` when there is no interval,
    ``between_clients_minute`` / ``buddy_weekday`` ``None`` when off, spans ``None`` when empty."""

    zone: tzinfo
    enabled: bool = True
    daily_times: tuple[time, ...] = ()
    between_clients_minute: int | None = None
    every: timedelta | None = None
    working_hours: tuple[time, time] | None = None
    weekdays: frozenset[int] = frozenset(range(1, 8))
    quiet_hours: tuple[time, time] | None = None
    buddy_weekday: int | None = None
    session_minutes: int = 50

    @classmethod
    def from_settings(cls, settings: SettingsLike, zone: tzinfo) -> Rules:
        """The rules from effective settings (anything with ``settings[key]``), already
        validated by the schema."""
        minute = int(settings["reminders.between_clients_minute"])
        every = int(settings["reminders.every_minutes"])
        buddy = int(settings["buddy.weekday"])
        return cls(
            zone=zone,
            enabled=bool(settings["reminders.enabled"]),
            daily_times=tuple(parse_clock(t) for t in settings["reminders.daily_times"]),
            between_clients_minute=minute if 0 <= minute <= 59 else None,
            every=timedelta(minutes=every) if every > 0 else None,
            working_hours=parse_span(settings["reminders.working_hours"]),
            weekdays=frozenset(int(d) for d in settings["reminders.weekdays"]),
            quiet_hours=parse_span(settings["reminders.quiet_hours"]),
            buddy_weekday=buddy if 1 <= buddy <= 7 else None,
            session_minutes=int(settings["reminders.in_session_minutes"]),
        )

    def produces(self, kind: ReminderKind) -> bool:
        """Whether these rules give reminders of ``kind`` at all."""
        if not self.enabled:
            return False
        return {
            ReminderKind.DAILY: bool(self.daily_times and self.weekdays),
            ReminderKind.BETWEEN_CLIENTS: self.between_clients_minute is not None
            and bool(self.weekdays),
            ReminderKind.INTERVAL: self.every is not None and bool(self.weekdays),
            ReminderKind.BUDDY: self.buddy_weekday is not None,
        }[kind]


@dataclass(frozen=True)
class Holds:
    """Holds that come from outside the rules: the "In session until" switch, the desktop's
    do-not-disturb, another application full screen. Quiet hours come from the rules."""

    session_until: datetime | None = None
    do_not_disturb: bool = False
    full_screen: bool = False


@dataclass(frozen=True)
class Hold:
    """What holds reminders now, and when that ends (``None``: when a flag is turned off)."""

    reasons: tuple[HoldReason, ...]
    until: datetime | None


@dataclass(frozen=True)
class Plan:
    """The facts the reminders depend on, all instants aware.

    ``cursor``: every reminder due at or before it has been dealt with (shown, held, dropped).
    ``last_reminder``: when a reminder was last shown, snoozed or skipped (the interval counts
    from it). ``pending``: a reminder held, to offer once the hold ends. ``snoozed`` comes back
    at ``snoozed_until``.
    """

    cursor: datetime
    last_practice: datetime | None = None
    last_reminder: datetime | None = None
    pending: Reminder | None = None
    snoozed: Reminder | None = None
    snoozed_until: datetime | None = None


# --- wall time ------------------------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("reminder times must be aware datetimes")
    return moment.astimezone(UTC)


def _at(day: date, clock: time, zone: tzinfo) -> datetime:
    """The instant (UTC) the wall clock in ``zone`` shows ``clock`` on ``day`` (see the module
    notes for the gap and the repeated hour)."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _local_day(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date()


def _window(day: date, span: tuple[time, time] | None, zone: tzinfo) -> tuple[datetime, datetime]:
    """The span that starts on ``day`` as UTC instants [start, end); no span: the whole day."""
    if span is None:
        return _at(day, time(0), zone), _at(day + _DAY, time(0), zone)
    start, end = span
    return _at(day, start, zone), _at(day + _DAY if end <= start else day, end, zone)


def _window_around(
    moment: datetime, span: tuple[time, time] | None, zone: tzinfo
) -> tuple[datetime, datetime] | None:
    """The span (starting yesterday or today) that ``moment`` is inside, if any."""
    today = _local_day(moment, zone)
    for day in (today - _DAY, today):
        start, end = _window(day, span, zone)
        if start <= moment < end:
            return start, end
    return None


def quiet_until(now: datetime, rules: Rules) -> datetime | None:
    """When the quiet hours ``now`` is inside end (UTC), or ``None`` outside them."""
    if rules.quiet_hours is None:
        return None
    window = _window_around(_utc(now), rules.quiet_hours, rules.zone)
    return window[1] if window else None


def in_working_hours(now: datetime, rules: Rules) -> bool:
    """Whether ``now`` is inside working hours on a reminder day (always, without hours)."""
    now = _utc(now)
    window = _window_around(now, rules.working_hours, rules.zone)
    return window is not None and _local_day(window[0], rules.zone).isoweekday() in rules.weekdays


# --- the schedule -----------------------------------------------------------------------------


def _fixed_on(day: date, rules: Rules) -> list[Reminder]:
    """Daily, between-clients and buddy reminders whose day (or working span) starts on ``day``."""
    zone, found = rules.zone, []
    if day.isoweekday() in rules.weekdays:
        found += [Reminder(_at(day, t, zone), ReminderKind.DAILY) for t in rules.daily_times]
        if rules.between_clients_minute is not None:
            start, end = _window(day, rules.working_hours, zone)
            for wall_day in (day, day + _DAY):
                for hour in range(24):
                    at = _at(wall_day, time(hour, rules.between_clients_minute), zone)
                    if start <= at < end:
                        found.append(Reminder(at, ReminderKind.BETWEEN_CLIENTS))
    if day.isoweekday() == rules.buddy_weekday:
        clock = rules.working_hours[0] if rules.working_hours else BUDDY_TIME
        found.append(Reminder(_at(day, clock, zone), ReminderKind.BUDDY))
    return found


def _first(reminders: Iterable[Reminder]) -> Reminder | None:
    """The earliest; of several at once, the rarest kind."""
    return min(reminders, key=lambda r: (r.at, -_RANK[r.kind]), default=None)


def _moot(reminder: Reminder, recent: Sequence[datetime]) -> bool:
    """A daily or between-clients reminder just after a practice or another reminder."""
    if reminder.kind in (ReminderKind.BUDDY, ReminderKind.INTERVAL):
        return False
    return any(reminder.at - PRACTICE_QUIETS <= moment < reminder.at for moment in recent)


def _fixed_after(after: datetime, rules: Rules, recent: Sequence[datetime]) -> Reminder | None:
    first_day = _local_day(after, rules.zone) - _DAY
    for offset in range(_LOOK_AHEAD_DAYS + 1):
        day = first_day + timedelta(days=offset)
        # A day's reminders all come before those of the day after next, so one more day
        # settles the earliest.
        found = [
            r
            for d in (day, day + _DAY)
            for r in _fixed_on(d, rules)
            if r.at > after and not _moot(r, recent)
        ]
        if found:
            return _first(found)
    return None


def _interval_after(after: datetime, rules: Rules, anchor: datetime | None) -> Reminder | None:
    every = rules.every
    if every is None:
        return None
    first_day = _local_day(after, rules.zone) - _DAY
    for offset in range(_LOOK_AHEAD_DAYS + 1):
        day = first_day + timedelta(days=offset)
        if day.isoweekday() not in rules.weekdays:
            continue
        start, end = _window(day, rules.working_hours, rules.zone)
        if end <= after:
            continue
        base = max(start, anchor) if anchor is not None else start
        steps = max(1, (after - base) // every + 1) if after >= base else 1
        at = base + steps * every
        if at < end:
            return Reminder(at, ReminderKind.INTERVAL)
    return None


def next_scheduled(
    after: datetime,
    rules: Rules,
    *,
    last_practice: datetime | None = None,
    last_reminder: datetime | None = None,
) -> Reminder | None:
    """The first reminder the rules give strictly after ``after``, holds aside."""
    if not rules.enabled:
        return None
    after = _utc(after)
    anchors = [_utc(m) for m in (last_practice, last_reminder) if m is not None]
    return _first(
        r
        for r in (
            _fixed_after(after, rules, anchors),
            _interval_after(after, rules, max(anchors, default=None)),
        )
        if r is not None
    )


# --- holds and what to show -------------------------------------------------------------------


def hold(now: datetime, rules: Rules, holds: Holds) -> Hold | None:
    """What holds reminders at ``now``, or ``None`` when nothing does."""
    now = _utc(now)
    reasons: list[HoldReason] = []
    ends: list[datetime | None] = []
    if holds.session_until is not None and now < _utc(holds.session_until):
        reasons.append(HoldReason.SESSION)
        ends.append(_utc(holds.session_until))
    quiet_end = quiet_until(now, rules)
    if quiet_end is not None:
        reasons.append(HoldReason.QUIET_HOURS)
        ends.append(quiet_end)
    if holds.do_not_disturb:
        reasons.append(HoldReason.DO_NOT_DISTURB)
        ends.append(None)
    if holds.full_screen:
        reasons.append(HoldReason.FULL_SCREEN)
        ends.append(None)
    if not reasons:
        return None
    until = None if None in ends else max(e for e in ends if e is not None)
    return Hold(tuple(reasons), until)


def _one(reminders: Iterable[Reminder | None]) -> Reminder | None:
    """Several reminders folded into one: a buddy reminder if there is one, else the latest."""
    present = [r for r in reminders if r is not None]
    return max(present, key=lambda r: (r.kind is ReminderKind.BUDDY, r.at), default=None)


def due_after_hold(
    held: Sequence[Reminder], now: datetime, last_practice: datetime | None = None
) -> Reminder | None:
    """The one gentle offer for reminders held (by a session, quiet hours, do-not-disturb or
    a full-screen application) when the hold ends at ``now``: ``None`` if there were none or a
    practice was done after the last of them; else one (``_one``), marked ``gentle``."""
    practice = _utc(last_practice) if last_practice is not None else None
    still = [r for r in held if r.at <= _utc(now) and (practice is None or r.at > practice)]
    offer = _one(still)
    return replace(offer, gentle=True) if offer is not None else None


def _missed(now: datetime, rules: Rules, plan: Plan) -> Reminder | None:
    """The latest reminder due in (cursor, now] still worth showing (see MISSED_KEEP)."""
    after = max(_utc(plan.cursor), now - MISSED_KEEP)
    latest = None
    for _ in range(1000):  # at most a few dozen in two hours; the bound keeps it finite
        found = next_scheduled(
            after, rules, last_practice=plan.last_practice, last_reminder=plan.last_reminder
        )
        if found is None or found.at > now:
            break
        latest, after = _one((latest, found)), found.at
    if latest is None:
        return None
    if latest.kind in (ReminderKind.DAILY, ReminderKind.BUDDY) or in_working_hours(now, rules):
        return latest
    return None


def step(now: datetime, rules: Rules, plan: Plan, holds: Holds) -> tuple[Reminder | None, Plan]:
    """What to show at ``now`` (at most one reminder) and the plan after it.

    Call it whenever the timer armed for ``next_wake`` fires (early or late), after the
    machine wakes, and when a hold ends. A reminder shown moves ``last_reminder`` to ``now``.
    """
    now = _utc(now)
    if not rules.enabled:
        return None, Plan(now, plan.last_practice, plan.last_reminder)
    fresh = _missed(now, rules, plan)
    snoozed = plan.snoozed if plan.snoozed_until and _utc(plan.snoozed_until) <= now else None
    held = hold(now, rules, holds)
    if held is not None:
        waiting = _one((plan.pending, snoozed, fresh))
        if snoozed is not None:
            plan = replace(plan, snoozed=None, snoozed_until=None)
        return None, replace(plan, cursor=now, pending=waiting)
    offer = due_after_hold([plan.pending], now, plan.last_practice) if plan.pending else None
    shown = _one((offer, snoozed, fresh))
    if shown is not None and offer is not None:  # a hold just ended: one gentle offer
        shown = replace(shown, gentle=True)
    after = Plan(now, plan.last_practice, plan.last_reminder)
    if shown is None:
        keep_snooze = plan.snoozed_until is not None and _utc(plan.snoozed_until) > now
        if keep_snooze:
            after = replace(after, snoozed=plan.snoozed, snoozed_until=plan.snoozed_until)
        return None, after
    return shown, replace(after, last_reminder=now)


def next_wake(now: datetime, rules: Rules, plan: Plan, holds: Holds) -> datetime | None:
    """The one instant (UTC) to arm the single-shot timer for: ``now`` when something is due
    already, ``None`` when nothing will ever be (reminders off, or only a flag to wait for)."""
    now = _utc(now)
    if not rules.enabled:
        return None
    times: list[datetime] = []
    upcoming = next_scheduled(
        plan.cursor, rules, last_practice=plan.last_practice, last_reminder=plan.last_reminder
    )
    if upcoming is not None:
        times.append(upcoming.at)
    if plan.snoozed_until is not None:
        times.append(_utc(plan.snoozed_until))
    if plan.pending is not None:
        held = hold(now, rules, holds)
        if held is None:
            times.append(now)
        elif held.until is not None:
            times.append(held.until)
    if holds.session_until is not None and _utc(holds.session_until) > now:
        times.append(_utc(holds.session_until))  # so the switch can be shown ending
    return max(min(times), now) if times else None


def upcoming(
    start: datetime,
    rules: Rules,
    count: int,
    *,
    last_practice: datetime | None = None,
    horizon: timedelta = timedelta(days=366),
) -> list[tuple[datetime, Reminder]]:
    """The next ``count`` reminders after ``start`` as (when it would appear, the reminder),
    as the planner would show them if each were shown and nothing else held them."""
    plan, holds = Plan(_utc(start), last_practice=last_practice), Holds()
    found: list[tuple[datetime, Reminder]] = []
    end = _utc(start) + horizon
    wake = next_wake(start, rules, plan, holds)
    while wake is not None and wake <= end and len(found) < count:
        shown, plan = step(wake, rules, plan, holds)
        if shown is not None:
            found.append((wake, shown))
        wake = next_wake(wake, rules, plan, holds)
    return found


# --- what to suggest --------------------------------------------------------------------------


def suggested_practice(
    exercises: Iterable[Exercise], minutes: int | None = None, recent_ids: Sequence[str] = ()
) -> tuple[Exercise, int] | None:
    """The practice a reminder offers, and its length: the shortest eyes-open practice (one
    not tagged eyes-closed, not needing sound, not a movement one), at its shortest length,
    that fits ``minutes`` (any when ``None``). Ties go to a discreet one, then to the one done
    least recently (``recent_ids``, newest first), then by id."""
    last_seen = {exercise_id: i for i, exercise_id in enumerate(recent_ids)}
    pool = [
        e
        for e in exercises
        if e.lengths
        and not (e.eyes_closed or e.needs_audio or e.movement)
        and (minutes is None or e.lengths[0] <= minutes)
    ]
    if not pool:
        return None
    best = min(
        pool,
        key=lambda e: (
            e.lengths[0],
            not e.discreet,
            -last_seen.get(e.id, len(recent_ids) + 1),
            e.id,
        ),
    )
    return best, best.lengths[0]
