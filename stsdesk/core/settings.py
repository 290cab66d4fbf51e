"""One declarative settings schema, resolved as defaults < organization policy < user.

The schema is the single source of truth: the Settings page is generated from it, the user
file and the organization policy are validated against it, and ``stsdesk settings`` prints
it. Values an organization locks always win over the user's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
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
            if not self.minimum <= value <= self.maximum:
                raise ValueError(f"must be from {self.minimum} to {self.maximum}")
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
        return value


SECTIONS: dict[str, str] = {
    "appearance": N_("Appearance"),
    "practice": N_("Practice"),
    "journal": N_("Journal"),
    "system": N_("System"),
}

SCHEMA: tuple[Setting, ...] = (
    Setting(
        "appearance.theme",
        Kind.CHOICE,
        "system",
        N_("Theme"),
        N_("Follow the system, or always use a light or dark look."),
        choices=(("system", N_("Follow the system")), ("light", N_("Light")), ("dark", N_("Dark"))),
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
        N_("Turn off for a shared office: captions show every word."),
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
        "system.tray_icon",
        Kind.BOOL,
        True,
        N_("Show an icon in the system tray"),
        N_("Quick starts and support, one click away."),
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
