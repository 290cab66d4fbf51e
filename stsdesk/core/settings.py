"""One declarative settings schema, resolved as defaults < organization policy < user.

The schema is the single source of truth: the Settings page is generated from it, the user
file and the organization policy are validated against it, and ``stsdesk settings`` prints
it. Values an organization locks always win over the user's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from typing import Any


def N_(text: str) -> str:
    """Mark ``text`` for translation; the interface translates it when it is shown."""
    return text


class Kind(StrEnum):
    """What sort of value a setting holds, which decides its control and its validation."""

    BOOL = "bool"
    INT = "int"
    CHOICE = "choice"
    WEEKDAYS = "weekdays"
    TIMES = "times"  # a list of "HH:MM" clock times, at most ``maximum`` of them
    SPAN = "span"  # "HH:MM-HH:MM" (may pass midnight), or "" for none
    TEXT = "text"  # one line of plain text, at most ``maximum`` characters


class Origin(StrEnum):
    """Where an effective value came from."""

    DEFAULT = "default"
    ORGANIZATION = "organization"
    LOCKED = "organization-locked"
    USER = "user"


@dataclass(frozen=True)
class Setting:
    """One setting: its key, kind, default and the words the Settings page shows."""

    key: str
    kind: Kind
    default: Any
    label: str
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    minimum: int = 0
    maximum: int = 0
    off: int | None = None  # an INT value outside minimum..maximum that turns the feature off

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    def validate(self, value: Any) -> Any:
        """Return ``value`` if it suits this setting, else raise ``ValueError`` saying why."""
        if self.kind is Kind.BOOL:
            if not isinstance(value, bool):
                raise ValueError(N_("must be true or false"))
        elif self.kind is Kind.INT:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(N_("must be a whole number"))
            if value != self.off and not self.minimum <= value <= self.maximum:
                off = "" if self.off is None else f", or {self.off} for off"
                raise ValueError(f"must be from {self.minimum} to {self.maximum}{off}")
        elif self.kind is Kind.CHOICE:
            allowed = [name for name, _ in self.choices]
            if value not in allowed:
                raise ValueError("must be one of " + ", ".join(repr(a) for a in allowed))
        elif self.kind is Kind.WEEKDAYS:
            if not isinstance(value, list | tuple) or not all(
                isinstance(day, int) and not isinstance(day, bool) and 1 <= day <= 7
                for day in value
            ):
                raise ValueError(N_("must be a list of weekday numbers, 1 (Monday) to 7"))
            value = tuple(sorted(set(value)))
        elif self.kind is Kind.TIMES:
            if not isinstance(value, list | tuple) or not all(isinstance(t, str) for t in value):
                raise ValueError(N_('must be a list of times like "12:30"'))
            value = tuple(sorted({clock_text(t) for t in value}))
            if len(value) > self.maximum:
                raise ValueError(f"can hold at most {self.maximum} times")
        elif self.kind is Kind.SPAN:
            if not isinstance(value, str):
                raise ValueError(N_('must be two times like "09:00-17:00", or "" for none'))
            value = span_text(value)
        elif self.kind is Kind.TEXT:
            # isprintable() is False for controls, line breaks and bidi marks (category C*).
            if not isinstance(value, str) or not value.isprintable():
                raise ValueError(N_("must be one line of plain text"))
            if len(value) > self.maximum:
                raise ValueError(f"must be at most {self.maximum} characters")
        return value


_CLOCK = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def parse_clock(text: str) -> time:
    """A 24-hour clock time written "HH:MM" (``"07:05"``), else ``ValueError`` saying so."""
    found = _CLOCK.fullmatch(text.strip()) if isinstance(text, str) else None
    if found is None:
        raise ValueError(f'{text!r} is not a time like "07:30" (24-hour clock)')
    return time(int(found[1]), int(found[2]))


def clock_text(text: str) -> str:
    """``text`` checked and written as "HH:MM"."""
    return parse_clock(text).strftime("%H:%M")


def parse_span(text: str) -> tuple[time, time] | None:
    """ "HH:MM-HH:MM" as (start, end), the end on the next day when it is not later; "" is
    ``None``; anything else (or a span of no length) is a ``ValueError`` saying why."""
    if not text.strip():
        return None
    start, dash, end = text.partition("-")
    if not dash:
        raise ValueError(f'{text!r} is not two times like "09:00-17:00"')
    span = parse_clock(start), parse_clock(end)
    if span[0] == span[1]:
        raise ValueError(f"{text!r} starts and ends at the same time")
    return span


def span_text(text: str) -> str:
    """``text`` checked and written as "HH:MM-HH:MM" (or "")."""
    span = parse_span(text)
    return "" if span is None else "-".join(t.strftime("%H:%M") for t in span)


def parse_value(setting: Setting, text: str) -> Any:
    """A value typed as text (``stsdesk settings set``, a text box) as ``setting`` holds it,
    checked; ``ValueError`` with the reason. Lists are comma-separated ("" is an empty list)."""
    typed = text.strip()
    if setting.kind is Kind.BOOL:
        words = {"true": True, "on": True, "yes": True, "false": False, "off": False, "no": False}
        if typed.lower() not in words:
            raise ValueError(N_("must be true or false"))
        return words[typed.lower()]
    if setting.kind is Kind.INT:
        if not re.fullmatch(r"-?[0-9]{1,9}", typed):
            return setting.validate(typed)  # "must be a whole number"
        return setting.validate(int(typed))
    if setting.kind in (Kind.WEEKDAYS, Kind.TIMES):
        items = [item.strip() for item in typed.split(",")] if typed else []
        if setting.kind is Kind.WEEKDAYS:
            if not all(re.fullmatch(r"[1-7]", item) for item in items):
                raise ValueError(N_("must be weekday numbers, 1 (Monday) to 7, like 1,2,3,4,5"))
            return setting.validate([int(item) for item in items])
        return setting.validate(items)
    if setting.kind is Kind.TEXT:
        return setting.validate(text)
    return setting.validate(typed)


def format_value(setting: Setting, value: Any) -> str:
    """``value`` written as ``parse_value`` reads it back."""
    if setting.kind is Kind.BOOL:
        return "true" if value else "false"
    if setting.kind in (Kind.WEEKDAYS, Kind.TIMES):
        return ",".join(str(item) for item in value)
    return str(value)


SECTIONS: dict[str, str] = {
    "appearance": N_("Appearance"),
    "practice": N_("Practice"),
    "journal": N_("Journal"),
    "reminders": N_("Reminders"),
    "buddy": N_("Accountability buddy"),
    "system": N_("System"),
}

SCHEMA: tuple[Setting, ...] = (
    Setting(
        "appearance.theme",
        Kind.CHOICE,
        "system",
        N_("Theme"),
        N_("Follow the system, or always use a light, dark or high-contrast look."),
        choices=(
            ("system", N_("Follow the system")),
            ("light", N_("Light")),
            ("dark", N_("Dark")),
            ("high-contrast", N_("High contrast")),
        ),
    ),
    Setting(
        "appearance.text_size",
        Kind.INT,
        100,
        N_("Text size (%)"),
        N_("Make all text larger, up to twice the normal size."),
        minimum=100,
        maximum=200,
    ),
    Setting(
        "appearance.language",
        Kind.CHOICE,
        "system",
        N_("Language"),
        N_("The language of the words on screen; a change shows at the next start."),
        choices=(("system", N_("Follow the system")), ("en", N_("English"))),
    ),
    Setting(
        "practice.default_minutes",
        Kind.CHOICE,
        "3",
        N_("Usual practice length"),
        N_("The length suggested first on the Practices page."),
        choices=(
            ("1", N_("1 minute")),
            ("3", N_("3 minutes")),
            ("5", N_("5 minutes")),
            ("10", N_("10 minutes")),
        ),
    ),
    Setting(
        "practice.check_ins",
        Kind.BOOL,
        True,
        N_("Ask how I feel before and after"),
        N_("A quick 0 to 10 rating and your zone. Only you ever see it."),
    ),
    Setting(
        "practice.voice",
        Kind.BOOL,
        True,
        N_("Voice guidance"),
        N_("Off for a shared office: captions only; no voice, bells, tones or background sound."),
    ),
    Setting(
        "practice.volume",
        Kind.INT,
        80,
        N_("Volume (%)"),
        minimum=0,
        maximum=100,
    ),
    Setting(
        "practice.ambience",
        Kind.CHOICE,
        "none",
        N_("Background sound"),
        N_("A soft sound bed under the voice."),
        choices=(
            ("none", N_("No background sound")),
            ("rain", N_("Gentle rain")),
            ("ocean", N_("Low ocean")),
            ("warm", N_("Warm hush")),
        ),
    ),
    Setting(
        "practice.audible_pacing",
        Kind.CHOICE,
        "off",
        N_("Hear the breathing pace"),
        N_("A soft tone as each breath in and out begins, so the eyes can stay closed."),
        choices=(("off", N_("Off: the circle and captions only")), ("tone", N_("Soft tone"))),
    ),
    Setting(
        "journal.hide_streaks",
        Kind.BOOL,
        False,
        N_("Hide streaks"),
        N_("Show your practice without counting days in a row."),
    ),
    Setting(
        "journal.day_boundary_hour",
        Kind.INT,
        0,
        N_("A new day starts at (hour)"),
        N_("For night and on-call shifts: practice before this hour counts for the day before."),
        minimum=0,
        maximum=12,
    ),
    Setting(
        "journal.rest_weekdays",
        Kind.WEEKDAYS,
        (),
        N_("Rest days"),
        N_("Days that neither break nor extend a streak."),
    ),
    Setting(
        "journal.check_in_support_score",
        Kind.INT,
        18,
        N_("Offer support when my weekly check-in reaches"),
        N_("Your own threshold, 1 to 28: at or above it, the app gently offers support."),
        minimum=1,
        maximum=28,
    ),
    Setting(
        "reminders.enabled",
        Kind.BOOL,
        False,
        N_("Remind me to practice"),
        N_("A small note that never takes the keyboard and never appears during a session."),
    ),
    Setting(
        "reminders.daily_times",
        Kind.TIMES,
        ("12:30",),
        N_("Every day at"),
        N_('Times like "12:30", separated by commas, on the reminder days.'),
        maximum=12,
    ),
    Setting(
        "reminders.between_clients_minute",
        Kind.INT,
        -1,
        N_("Between clients, at minute"),
        N_("For example 50 for ten to the hour, in working hours; -1 for off."),
        minimum=0,
        maximum=59,
        off=-1,
    ),
    Setting(
        "reminders.every_minutes",
        Kind.INT,
        0,
        N_("Or every (minutes)"),
        N_("In working hours, counted from your last practice or reminder; 0 for off."),
        minimum=15,
        maximum=480,
        off=0,
    ),
    Setting(
        "reminders.working_hours",
        Kind.SPAN,
        "09:00-17:00",
        N_("Working hours"),
        N_('Like "09:00-17:00"; between-clients and interval reminders keep inside them.'),
    ),
    Setting(
        "reminders.weekdays",
        Kind.WEEKDAYS,
        (1, 2, 3, 4, 5),
        N_("Reminder days"),
    ),
    Setting(
        "reminders.quiet_hours",
        Kind.SPAN,
        "21:00-07:00",
        N_("Quiet hours"),
        N_("No reminder appears then; one waiting is offered once they end. Empty for none."),
    ),
    Setting(
        "reminders.in_session_minutes",
        Kind.INT,
        50,
        N_('"In session" lasts (minutes)'),
        N_("Nothing appears while you are in session; it ends by itself."),
        minimum=5,
        maximum=240,
    ),
    Setting(
        "buddy.name",
        Kind.TEXT,
        "",
        N_("Buddy's name"),
        N_("Someone you check in with about practice. stsdesk never sends anything."),
        maximum=60,
    ),
    Setting(
        "buddy.weekday",
        Kind.INT,
        0,
        N_("Weekly check-in day"),
        N_("1 (Monday) to 7; a reminder to reach out that day. 0 for none."),
        minimum=1,
        maximum=7,
        off=0,
    ),
    Setting(
        "system.tray_icon",
        Kind.BOOL,
        True,
        N_("Show an icon in the system tray"),
        N_("Quick starts and support, one click away."),
    ),
    Setting(
        "system.launch_at_login",
        Kind.BOOL,
        False,
        N_("Start stsdesk when I log in"),
        N_("It waits in the tray, so reminders can appear."),
    ),
)

BY_KEY: dict[str, Setting] = {setting.key: setting for setting in SCHEMA}


@dataclass(frozen=True)
class Effective:
    """A resolved value and where it came from."""

    value: Any
    origin: Origin

    @property
    def locked(self) -> bool:
        return self.origin is Origin.LOCKED


class Settings:
    """The effective settings: read-only; changes go through ``with_user_value``."""

    def __init__(
        self,
        user: Mapping[str, Any] | None = None,
        org_defaults: Mapping[str, Any] | None = None,
        org_locked: Mapping[str, Any] | None = None,
    ) -> None:
        self.user: dict[str, Any] = dict(user or {})
        self.org_defaults: dict[str, Any] = dict(org_defaults or {})
        self.org_locked: dict[str, Any] = dict(org_locked or {})

    def effective(self, key: str) -> Effective:
        """The value for ``key`` after layering, with its origin."""
        if key in self.org_locked:
            return Effective(self.org_locked[key], Origin.LOCKED)
        if key in self.user:
            return Effective(self.user[key], Origin.USER)
        if key in self.org_defaults:
            return Effective(self.org_defaults[key], Origin.ORGANIZATION)
        return Effective(BY_KEY[key].default, Origin.DEFAULT)

    def __getitem__(self, key: str) -> Any:
        return self.effective(key).value

    def is_locked(self, key: str) -> bool:
        return key in self.org_locked

    def with_user_value(self, key: str, value: Any) -> Settings:
        """A copy with the user's choice for ``key``; refuses locked keys and bad values."""
        if self.is_locked(key):
            raise PermissionError(f"{key} is set by your organization")
        value = BY_KEY[key].validate(value)
        user = dict(self.user)
        if value == self.effective_without_user(key):
            user.pop(key, None)
        else:
            user[key] = value
        return Settings(user, self.org_defaults, self.org_locked)

    def effective_without_user(self, key: str) -> Any:
        """What ``key`` would be if the user had never changed it."""
        return self.org_defaults.get(key, BY_KEY[key].default)

    def table(self) -> list[tuple[Setting, Effective]]:
        """Every setting in schema order with its effective value."""
        return [(setting, self.effective(setting.key)) for setting in SCHEMA]


def validate_values(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Keep the valid entries of a flat ``key -> value`` mapping; describe each rejected one."""
    good: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in values.items():
        setting = BY_KEY.get(key)
        if setting is None:
            problems.append(f"{key}: unknown setting")
            continue
        try:
            good[key] = setting.validate(value)
        except ValueError as error:
            problems.append(f"{key}: {error}")
    return good, problems


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Turn nested TOML tables (``[journal] hide_streaks = true``) into dotted keys.

    Iterative, so a hostile file nested a thousand deep cannot exhaust the stack.
    """
    flat: dict[str, Any] = {}
    stack: list[tuple[Iterator[tuple[str, Any]], str]] = [(iter(table.items()), prefix)]
    while stack:
        items, head = stack[-1]
        for name, value in items:
            key = f"{head}{name}"
            if isinstance(value, Mapping):
                stack.append((iter(value.items()), key + "."))
                break
            flat[key] = value
        else:
            stack.pop()
    return flat
