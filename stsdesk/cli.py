"""One program: the app by default; sub-commands for launchers, scripts and administrators."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from stsdesk import __version__
from stsdesk.core.content import Catalog, format_problem, load_catalog
from stsdesk.core.errors import StsdeskError
from stsdesk.infra.logging_setup import setup_logging
from stsdesk.infra.paths import AppPaths, resolve_paths, restrict_umask
from stsdesk.infra.resources import builtin_pack

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stsdesk",
        description="Short guided resiliency and self-compassion practices, and a private "
        "practice log. With no command, the app opens.",
    )
    parser.add_argument("--version", action="version", version=f"stsdesk {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep all data, settings and logs under DIR (or set STSDESK_DATA_DIR)",
    )
    parser.add_argument("--debug", action="store_true", help="log in more detail")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="open the app at a practice")
    play.add_argument("exercise", metavar="ID", help="exercise id (see 'stsdesk list')")
    play.add_argument("--minutes", type=int, help="length in minutes")
    play.set_defaults(handler=_play)

    listing = commands.add_parser("list", help="print the practices")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=_list)

    check = commands.add_parser("check-content", help="validate content packs")
    check.add_argument("paths", metavar="PATH", nargs="+", type=Path, help="pack directories")
    check.set_defaults(handler=_check_content)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``stsdesk`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from stsdesk.app import run_gui

            return run_gui(args.data_dir, debug=args.debug)
        return int(args.handler(args, _prepare(args)))
    except StsdeskError as error:
        sys.stderr.write(f"stsdesk: {error}\n")
        return 1
    except KeyboardInterrupt:
        return 130


def _prepare(args: argparse.Namespace) -> AppPaths:
    """Private files and logging for a sub-command, as for the app."""
    restrict_umask()
    paths = resolve_paths(args.data_dir)
    paths.ensure()
    setup_logging(paths.logs, debug=args.debug)
    return paths


def _catalog() -> Catalog:
    return load_catalog([builtin_pack()])


def _play(args: argparse.Namespace, paths: AppPaths) -> int:
    from stsdesk.app import run_gui

    catalog = _catalog()
    exercise = catalog.get(args.exercise)
    if exercise is None:
        sys.stderr.write(
            f"stsdesk: there is no practice called {args.exercise!r}; "
            "'stsdesk list' shows them all.\n"
        )
        return 1
    if args.minutes is not None and args.minutes not in exercise.lengths:
        offered = ", ".join(str(m) for m in exercise.lengths)
        sys.stderr.write(f"stsdesk: {exercise.title} is offered at {offered} minutes.\n")
        return 1
    request = {"action": "play", "exercise": exercise.id, "minutes": args.minutes}
    return run_gui(args.data_dir, request, debug=args.debug)


def _list(args: argparse.Namespace, paths: AppPaths) -> int:
    catalog = _catalog()
    rows = [
        {
            "id": e.id,
            "title": e.title,
            "family": e.family,
            "lengths": list(e.lengths),
            "tags": sorted(e.tags),
        }
        for e in catalog.exercises
    ]
    if args.json:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    width = max((len(r["id"]) for r in rows), default=2)
    for row in rows:
        lengths = ",".join(str(m) for m in row["lengths"])
        tags = " ".join(row["tags"])
        sys.stdout.write(
            f"{row['id']:<{width}}  {row['title']}  [{row['family']}; {lengths} min; {tags}]\n"
        )
    return 0


def _check_content(args: argparse.Namespace, paths: AppPaths) -> int:
    for path in args.paths:
        if not path.is_dir():
            sys.stderr.write(f"{path}: not a directory\n")
            return 2
    catalog = load_catalog(list(args.paths))
    for problem in catalog.problems:
        sys.stdout.write(format_problem(problem) + "\n")
    count = len(catalog.exercises)
    if catalog.problems:
        sys.stdout.write(f"{len(catalog.problems)} problem(s); {count} exercise(s) loaded.\n")
        return 1
    sys.stdout.write(f"OK: {count} exercise(s) loaded, no problems.\n")
    return 0
