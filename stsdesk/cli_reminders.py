"""Reminders and settings changes on the command line: ``reminders``, ``settings set|unset``.

``stsdesk.cli`` calls ``register``. ``settings set`` applies the Settings page's own checks
(``Settings.with_user_value``): a key the organization locked is refused, a bad value is one
sentence and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from stsdesk import cli_args
from stsdesk.application.startup import StartupContext
from stsdesk.cli_args import UsageError
from stsdesk.cli_text import json_text, shown
from stsdesk.core.errors import StsdeskError
from stsdesk.core.reminders import Rules, upcoming
from stsdesk.core.settings import BY_KEY, format_value, parse_value
from stsdesk.infra.settings_file import save_user_settings
from stsdesk.infra.timezone import local_zone_name

MAX_COUNT = 1000

_WORDS = {
    "daily": "daily reminder",
    "between-clients": "between clients",
    "interval": "interval reminder",
    "buddy": "check in with your buddy",
}


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    settings: argparse.ArgumentParser,
) -> None:
    """Add ``reminders`` to the sub-commands and ``set`` / ``unset`` to ``settings``."""
    reminders = subparsers.add_parser(
        "reminders", help="print the next reminders under the effective settings"
    )
    reminders.add_argument(
        "--from", dest="start", metavar="ISO8601", help="start from this time (default: now)"
    )
    reminders.add_argument(
        "--count", metavar="N", default="5", help="how many to print (default 5)"
    )
    reminders.add_argument("--json", action="store_true", help="machine-readable output")
    reminders.set_defaults(handler=_reminders)

    actions = settings.add_subparsers(dest="settings_action", metavar="ACTION")
    change = actions.add_parser("set", help="change one of your settings")
    change.add_argument("key", metavar="KEY")
    change.add_argument("value", metavar="VALUE")
    change.set_defaults(handler=_settings_set)
    forget = actions.add_parser("unset", help="go back to the usual value of a setting")
    forget.add_argument("key", metavar="KEY")
    forget.set_defaults(handler=_settings_unset)


def _zone() -> tzinfo:
    name = local_zone_name()
    return ZoneInfo(name) if name else datetime.now().astimezone().tzinfo or UTC


def _start(value: str | None, zone: tzinfo) -> datetime:
    if value is None:
        return datetime.now(UTC)
    written = cli_args.text(value, "--from").strip()
    try:
        parsed = datetime.fromisoformat(written)
    except ValueError:
        raise UsageError(
            f"--from {value!r} is not a date and time like 2026-03-08T07:30 "
            "or 2026-03-08T07:30-05:00."
        ) from None
    if not 1970 <= parsed.year <= 9000:
        raise UsageError(f"--from {written} is too far from today; give a year from 1970.")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)


def _count(value: str) -> int:
    digits = cli_args.text(value, "--count").strip()
    if not digits.isascii() or not digits.isdigit() or not 1 <= int(digits) <= MAX_COUNT:
        raise UsageError(f"--count must be a whole number from 1 to {MAX_COUNT}, not {value!r}.")
    return int(digits)


def _reminders(args: argparse.Namespace, context: StartupContext) -> int:
    zone = _zone()
    start, count = _start(args.start, zone), _count(args.count)
    rules = Rules.from_settings(context.settings, zone)
    found = upcoming(start, rules, count)
    rows = [
        {"at": at.astimezone(zone).isoformat(timespec="seconds"), "kind": str(r.kind)}
        for at, r in found
    ]
    if args.json:
        sys.stdout.write(json_text(rows) + "\n")
        return 0
    if not rules.enabled:
        sys.stdout.write("Reminders are off (reminders.enabled is false).\n")
        return 0
    if not rows:
        sys.stdout.write("No reminder is due in the coming year under these settings.\n")
        return 0
    for row in rows:
        sys.stdout.write(f"{row['at']}  {_WORDS[row['kind']]}\n")
    return 0


def _key(context: StartupContext, key: str) -> str:
    key = cli_args.text(key, "KEY").strip()
    if key not in BY_KEY:
        raise UsageError(
            f"There is no setting called {shown(key)!r}; 'stsdesk settings' lists them."
        )
    if context.settings.is_locked(key):
        raise StsdeskError(f"{key} is set by your organization, so it cannot be changed here.")
    return key


def _settings_set(args: argparse.Namespace, context: StartupContext) -> int:
    key = _key(context, args.key)
    setting = BY_KEY[key]
    try:
        value = parse_value(setting, cli_args.text(args.value, "VALUE"))
        changed = context.settings.with_user_value(key, value)
    except ValueError as error:
        raise UsageError(f"{key} {error}; nothing was changed.") from None
    _save(context, changed.user)
    sys.stdout.write(f"{key} = {shown(format_value(setting, changed[key]))}\n")
    return 0


def _settings_unset(args: argparse.Namespace, context: StartupContext) -> int:
    key = _key(context, args.key)
    user = {k: v for k, v in context.settings.user.items() if k != key}
    _save(context, user)
    value = context.settings.effective_without_user(key)
    sys.stdout.write(f"{key} = {shown(format_value(BY_KEY[key], value))} (the usual value)\n")
    return 0


def _save(context: StartupContext, values: dict[str, object]) -> None:
    try:
        save_user_settings(context.paths.settings_file, values)
    except OSError as error:
        raise StsdeskError(
            f"Your settings could not be saved ({error.strerror or error}); they are as they were."
        ) from None
