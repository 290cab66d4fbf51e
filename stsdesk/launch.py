"""The ``stsdesk`` command's entry: the window's start without the command line's imports.

``stsdesk`` with no command (only the options that say where and how: ``--data-dir``,
``--policy``, ``--debug``, ``--show``) opens the window, and its first frame should not wait
for the sub-commands' modules, which ``stsdesk.cli`` imports as it loads (the catalogue, the
course, the journal's wording: ~130 ms). So ``main`` reads those options with a parser of
their own and goes straight to ``app.run_gui``; anything else (a command, ``--help``,
``--version``, ``--smoke-test``, a mistake) is the full command line, ``stsdesk.cli.main``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence


def window_options(parser: argparse.ArgumentParser) -> None:
    """The options of the window's start, the same for this parser and ``stsdesk.cli``'s."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep all data, settings and logs under DIR (or set STSDESK_DATA_DIR)",
    )
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help="use this organization policy (or set STSDESK_POLICY; default: the installed one)",
    )
    parser.add_argument("--debug", action="store_true", help="log in more detail")
    parser.add_argument(
        "--show", action="store_true", help="bring the running window forward (or open it)"
    )


def tolerant_output() -> None:
    """Undecodable bytes in a path or argument print as escapes rather than failing."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # None: not a text file (or gone)
        if reconfigure is not None:
            with contextlib.suppress(ValueError):
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``stsdesk`` command; returns the exit status (``stsdesk.cli.main``'s
    promise: never a traceback, one sentence for a problem)."""
    given = list(sys.argv[1:] if argv is None else argv)
    # No abbreviations here (``--s`` would be --show, where the command line finds it
    # ambiguous with --smoke-test): an abbreviated option goes to the command line too.
    parser = argparse.ArgumentParser(
        prog="stsdesk", add_help=False, allow_abbrev=False, exit_on_error=False
    )
    window_options(parser)
    try:
        args, rest = parser.parse_known_args(given)
    except argparse.ArgumentError:  # the full command line says what is wrong
        rest = given
    if rest:
        from stsdesk.cli import main as command_line

        return command_line(given)
    tolerant_output()
    try:
        from stsdesk.app import run_gui

        request = {"action": "raise"} if args.show else None
        return run_gui(args.data_dir, request, debug=args.debug, policy_file=args.policy)
    except (Exception, KeyboardInterrupt) as error:
        from stsdesk.cli import failed

        return failed(error)
