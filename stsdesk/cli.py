"""One program: the app by default; sub-commands for launchers, scripts and administrators."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stsdesk import __version__, cli_args
from stsdesk.application.startup import StartupContext, offered_catalog, start
from stsdesk.cli_args import UsageError
from stsdesk.cli_journal import register as register_journal
from stsdesk.cli_reminders import register as register_reminders
from stsdesk.cli_script import register as register_script
from stsdesk.cli_selfcheck import register as register_selfcheck
from stsdesk.cli_text import count, json_text, shown
from stsdesk.core.catalog import check_catalog, load_catalog
from stsdesk.core.course import check_courses, is_course_folder
from stsdesk.core.errors import StsdeskError
from stsdesk.core.pack_files import format_problem
from stsdesk.core.policy import Policy
from stsdesk.infra.policy_file import find_policy, read_policy, site_policy_files
from stsdesk.infra.resources import builtin_pack
from stsdesk.launch import tolerant_output, window_options

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stsdesk",
        description="Short guided resiliency and self-compassion practices, and a private "
        "practice log. With no command, the app opens.",
    )
    parser.add_argument("--version", action="version", version=f"stsdesk {__version__}")
    window_options(parser)
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="check that this installation works (content, a new practice log in a temporary "
        "folder, audio, the window) and exit; touches none of your files",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="open the app at a practice")
    play.add_argument("exercise", metavar="ID", help="exercise id (see 'stsdesk list')")
    play.add_argument("--minutes", metavar="N", help="length in minutes")
    play.set_defaults(handler=_play)

    help_now = commands.add_parser(
        "help-now", help="open the app straight at a short eyes-open reset (for a shortcut)"
    )
    help_now.set_defaults(handler=_help_now)

    listing = commands.add_parser("list", help="print the practices")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=_list)

    check = commands.add_parser("check-content", help="validate content packs")
    check.add_argument("paths", metavar="PATH", nargs="+", type=Path, help="pack directories")
    check.set_defaults(handler=_check_content)

    policy = commands.add_parser("policy", help="for administrators: the organization policy")
    actions = policy.add_subparsers(dest="policy_action", metavar="ACTION", required=True)
    policy_check = actions.add_parser(
        "check", help="validate a policy and its content packs (default: the one in effect)"
    )
    policy_check.add_argument("file", metavar="FILE", nargs="?", type=Path, help="policy.toml")
    policy_check.set_defaults(handler=_policy_check)

    settings = commands.add_parser(
        "settings", help="print every effective setting and where its value comes from"
    )
    settings.add_argument("--json", action="store_true", help="machine-readable output")
    settings.set_defaults(handler=_settings)

    register_journal(commands)
    register_selfcheck(commands)
    register_reminders(commands, settings)
    register_script(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The ``stsdesk`` command line (``stsdesk.launch.main`` opens the window without it);
    returns the exit status.

    Never a traceback: a problem a person can act on is one sentence on stderr (status 2 for
    unusable input, 1 otherwise); anything unexpected is logged and named in one sentence too.
    """
    tolerant_output()
    try:
        return _run(build_parser().parse_args(argv))
    except (Exception, KeyboardInterrupt) as error:
        return failed(error)


def failed(error: Exception | KeyboardInterrupt) -> int:
    """Say ``error`` in one sentence on stderr (or nothing, where nothing needs saying) and
    return the exit status for it."""
    if isinstance(error, UsageError):
        _err(str(error))
        return cli_args.EXIT_USAGE
    if isinstance(error, StsdeskError):
        _err(str(error))
        return 1
    if isinstance(error, KeyboardInterrupt):
        return 130
    if isinstance(error, BrokenPipeError):  # "stsdesk list | head -1": the reader has it all
        _silence_stdout()
        return 1
    return _unexpected(error)  # the last line of defence


def _run(args: argparse.Namespace) -> int:
    if args.smoke_test:
        from stsdesk.app import smoke_test

        return smoke_test(args.policy)
    if args.command is None:
        from stsdesk.app import run_gui

        request = {"action": "raise"} if args.show else None
        return run_gui(args.data_dir, request, debug=args.debug, policy_file=args.policy)
    context = start(args.data_dir, policy_file=args.policy, debug=args.debug)
    return int(args.handler(args, context))


def _unexpected(error: Exception) -> int:
    """Log an unexpected error (its type and where, not its text: that may hold user content)
    and name it in one sentence, pointing at the log file when there is one."""
    files = [
        handler.baseFilename
        for handler in logging.getLogger("stsdesk").handlers
        if isinstance(handler, logging.FileHandler)
    ]
    if files:  # (without a handler, logging's last resort would print the traceback)
        where = "".join(traceback.format_tb(error.__traceback__))
        log.error("Unexpected %s; traceback:\n%s", type(error).__name__, where)
        details = f"the details are in {files[0]}"
    else:
        details = f"{type(error).__name__}: {shown(str(error))[:200]}"
    _err(f"Something unexpected went wrong and the command stopped ({details}).")
    return 1


def _silence_stdout() -> None:
    """After a closed pipe, send what is left to /dev/null, so exit does not fail flushing."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _err(text: str) -> None:
    sys.stderr.write(f"stsdesk: {text}\n")


def _play(args: argparse.Namespace, context: StartupContext) -> int:
    from stsdesk.app import run_gui

    minutes = cli_args.whole_minutes(args.minutes)
    exercise = context.catalog.get(cli_args.text(args.exercise, "ID"))
    if exercise is None:
        _err(f"There is no practice called {args.exercise!r}; 'stsdesk list' shows them all.")
        return 1
    if minutes is not None:
        minutes = exercise.length_for(minutes)  # the one length rule: the longest that fits
    request = {"action": "play", "exercise": exercise.id, "minutes": minutes}
    return run_gui(request=request, context=context)


def _help_now(args: argparse.Namespace, context: StartupContext) -> int:
    from stsdesk.app import run_gui

    return run_gui(request={"action": "help-now"}, context=context)


def _list(args: argparse.Namespace, context: StartupContext) -> int:
    rows = [
        {
            "id": e.id,
            "title": e.title,
            "family": e.family,
            "lengths": list(e.lengths),
            "tags": sorted(e.tags),
        }
        for e in context.catalog.exercises
    ]
    if args.json:
        sys.stdout.write(json_text(rows) + "\n")
        return 0
    ids = [shown(row["id"]) for row in rows]
    width = max((len(i) for i in ids), default=2)
    for exercise_id, row in zip(ids, rows, strict=True):
        lengths = ", ".join(str(m) for m in row["lengths"])
        fields = [shown(row["family"]), f"{lengths} min"]
        if row["tags"]:  # no empty field when a practice has no tags
            fields.append(", ".join(shown(tag) for tag in row["tags"]))
        sys.stdout.write(f"{exercise_id:<{width}}  {shown(row['title'])}  [{'; '.join(fields)}]\n")
    return 0


def _check_content(args: argparse.Namespace, context: StartupContext) -> int:
    for path in args.paths:
        if not path.is_dir():
            sys.stderr.write(f"{path}: not a directory\n")
            return 2
    packs = [path for path in args.paths if not is_course_folder(path)]  # a course alone
    catalog = check_catalog(packs, builtin_pack())  # as the app loads them
    days, course_problems = check_courses(args.paths, load_catalog([builtin_pack(), *packs]))
    problems = [*catalog.problems, *course_problems]
    for problem in problems:
        sys.stdout.write(shown(format_problem(problem)) + "\n")
    loaded = count(len(catalog.exercises), "exercise") + (
        f", {count(days, 'course day')}" if days else ""
    )
    if problems:
        sys.stdout.write(f"{count(len(problems), 'problem')}; {loaded} loaded.\n")
        return 1
    sys.stdout.write(f"OK: {loaded} loaded, no problems.\n")
    return 0


def _policy_check(args: argparse.Namespace, context: StartupContext) -> int:
    path = args.file or find_policy(args.policy)
    if path is None:
        looked = ", ".join(str(p) for p in site_policy_files())
        sys.stderr.write(f"stsdesk: no policy is installed (looked in {looked}).\n")
        return 1
    if args.file is None:  # the policy in effect, as the start read it
        policy, catalog = context.policy, context.catalog
    else:
        policy, catalog = offered_catalog(read_policy(path))
    problems = [str(p) for p in policy.problems]
    problems += [format_problem(p) for p in catalog.problems]
    for problem in problems:
        sys.stdout.write(shown(problem) + "\n")
    offered = len(catalog.exercises)
    if problems:
        sys.stdout.write(
            f"{count(len(problems), 'problem')}; {count(offered, 'practice')} offered.\n"
        )
        return 1
    sys.stdout.write(
        f"OK: {path}: {shown(policy.name) or 'no organization name'}; "
        f"{count(len(policy.contacts.entries()), 'contact')}, "
        f"{count(len(policy.defaults), 'default')}, "
        f"{count(len(policy.locked), 'locked setting')}, {count(len(policy.packs), 'pack')}; "
        f"{count(offered, 'practice')} offered.\n"
    )
    return 0


def _settings(args: argparse.Namespace, context: StartupContext) -> int:
    policy, paths = context.policy, context.paths
    rows = [
        {"key": s.key, "value": e.value, "origin": str(e.origin), "label": s.label}
        for s, e in context.settings.table()
    ]
    if args.json:
        report = {
            "policy": _policy_report(policy) if policy.file else None,
            "user_settings_file": str(paths.settings_file),
            "ignored_user_settings": list(context.ignored_settings),
            "notices": context.notices,  # what Home says about the start, word for word
            "settings": rows,
        }
        sys.stdout.write(json_text(report) + "\n")
        return 0
    if policy.file:
        name = f" ({shown(policy.name)})" if policy.name else ""
        sys.stdout.write(f"Organization policy: {policy.file}{name}\n")
        for problem in policy.problems:
            sys.stdout.write(f"  not used: {shown(str(problem))}\n")
    else:
        sys.stdout.write("Organization policy: none\n")
    sys.stdout.write(f"User settings: {paths.settings_file}\n\n")
    width = max(len(row["key"]) for row in rows)
    values = [shown(json.dumps(row["value"], ensure_ascii=False)) for row in rows]
    value_width = max(len(value) for value in values)
    for row, value in zip(rows, values, strict=True):
        sys.stdout.write(f"{row['key']:<{width}}  {value:<{value_width}}  {row['origin']}\n")
    return 0


def _policy_report(policy: Policy) -> dict[str, Any]:
    """What the policy gives staff, for ``settings --json``."""
    return {
        "file": policy.file,
        "organization": policy.name,
        "logo": str(policy.logo) if policy.logo else None,
        "support": dataclasses.asdict(policy.contacts),
        "packs": [str(pack) for pack in policy.packs],
        "problems": [str(problem) for problem in policy.problems],
    }
