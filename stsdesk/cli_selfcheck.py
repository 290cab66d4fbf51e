"""The course and the self-check on the command line: ``course`` and ``proqol``.

``stsdesk.cli`` calls ``register``; handlers take ``(args, context)`` like the journal's
(``stsdesk.cli_journal``), open the log the same way and word problems the same way: one
sentence on stderr, status 2 for input that cannot be used, 1 for a command that could not be
done.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from stsdesk.application.startup import StartupContext
from stsdesk.cli_args import UsageError
from stsdesk.cli_journal import _here, _one_sentence_errors, _open
from stsdesk.cli_text import count, json_text, shown
from stsdesk.core.course import CourseLoad, course_folder_of, course_view, load_course, view_rows
from stsdesk.core.errors import StsdeskError
from stsdesk.core.selfcheck import (
    PROQOL_NOTE,
    PROQOL_URL,
    Band,
    SelfCheckError,
    Subscale,
    parse_day,
    parse_score,
    proqol_entry,
)
from stsdesk.infra.resources import asset
from stsdesk.store.database import Clock, utc_now
from stsdesk.store.selfcheck_store import SelfCheckLog

BOUNDARY_KEY = "journal.day_boundary_hour"
_STATE_WORDS = {"done": "done", "today": "open today", "waiting": "opens later", "locked": ""}
_SUPPORT_PRACTICE = "grounding-feet-and-seat"


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], *, clock: Clock = utc_now
) -> None:
    """Add ``course`` and ``proqol`` (with ``proqol add``) to the program's sub-commands."""
    course = subparsers.add_parser("course", help="the 14-day course: each day and where you are")
    course.add_argument("--json", action="store_true", help="machine-readable output")
    course.set_defaults(handler=partial(_course, clock=clock))

    proqol = subparsers.add_parser(
        "proqol", help=f"your recorded ProQOL scores over time (take the ProQOL at {PROQOL_URL})"
    )
    proqol.add_argument("--json", action="store_true", help="machine-readable output")
    proqol.set_defaults(handler=partial(_proqol_list, clock=clock))
    actions = proqol.add_subparsers(dest="proqol_action", metavar="ACTION")
    add = actions.add_parser("add", help="record the three scores you got at proqol.org")
    add.add_argument("--cs", required=True, metavar="N", help="compassion satisfaction, 10 to 50")
    add.add_argument("--bo", required=True, metavar="N", help="burnout, 10 to 50")
    add.add_argument(
        "--sts", required=True, metavar="N", help="secondary traumatic stress, 10 to 50"
    )
    add.add_argument("--date", metavar="YYYY-MM-DD", help="the day you took it (default: today)")
    add.set_defaults(handler=partial(_proqol_add, clock=clock))


def course_folders(context: StartupContext) -> list[Path]:
    """Where the course comes from: the last organization pack that ships one, else ours."""
    for pack in reversed(context.policy.packs):
        folder = course_folder_of(Path(pack))
        if folder is not None:
            return [folder]
    return [asset("packs", "course")]


def active_course(context: StartupContext) -> CourseLoad:
    """The course on offer, checked against the practices on offer."""
    (folder,) = course_folders(context)
    return load_course(folder, context.catalog)


@_one_sentence_errors
def _course(args: argparse.Namespace, context: StartupContext, *, clock: Clock) -> int:
    loaded = active_course(context)
    if loaded.course is None:
        raise StsdeskError(
            "No course can be shown: its files have problems that 'stsdesk check-content' lists."
        )
    if loaded.problems:
        _err(
            f"{count(len(loaded.problems), 'day')} of the course could not be read and "
            "are left out; "
            "'stsdesk check-content' lists why."
        )
    boundary = int(context.settings[BOUNDARY_KEY])
    now, _zone = _here(clock())
    with _open(context, clock) as store:
        progress = SelfCheckLog(store).course_progress(loaded.course.id)
    view = course_view(loaded.course, progress, now, boundary)
    if args.json:
        _out(json_text(view_rows(view)))
        return 0
    lines = [
        f"{shown(loaded.course.title)}: {view.done_count} of {count(len(view.days), 'day')} done."
    ]
    if view.paused:
        lines.append("The course is paused; the next day waits until you resume it in the app.")
    for day in view.days:
        state = _STATE_WORDS[str(day.state)]
        mark = f"  [{state}]" if state else ""
        lines.append(f"Day {day.day.day:>2}  {shown(day.day.title)}{mark}")
    current = view.current
    if current is not None and not view.paused:
        when = "today" if view.opens_at is None else f"on {view.opens_at:%A %-d %B at %H:%M}"
        lines.append(
            f"Next: day {current.day.day} ({shown(current.day.title)}), open {when}; its "
            f"practice: stsdesk play {current.day.practice} --minutes "
            f"{current.day.practice_minutes}"
        )
    elif current is None:
        lines.append("You have finished the course. You can start it again in the app.")
    _out("\n".join(lines))
    return 0


def _entry_row(entry) -> dict[str, object]:
    return {
        "taken_on": entry.taken_on.isoformat(),
        **{s.value: entry.score(s) for s in Subscale},
        "bands": {s.value: str(entry.band(s)) for s in Subscale},
    }


@_one_sentence_errors
def _proqol_list(args: argparse.Namespace, context: StartupContext, *, clock: Clock) -> int:
    with _open(context, clock) as store:
        entries = SelfCheckLog(store).proqol_entries()
    if args.json:
        _out(json_text([_entry_row(e) for e in entries]))
        return 0
    if not entries:
        _out(
            f"No ProQOL scores recorded yet. {PROQOL_NOTE} Record them with: stsdesk proqol "
            "add --cs N --bo N --sts N [--date YYYY-MM-DD]"
        )
        return 0
    lines = [f"Your ProQOL scores ({PROQOL_URL}; bands: 22 or less low, 23-41 moderate, 42+ high):"]
    for entry in entries:
        parts = ", ".join(f"{s.label} {entry.score(s)} ({entry.band(s)})" for s in Subscale)
        lines.append(f"{entry.taken_on.isoformat()}  {parts}")
    _out("\n".join(lines))
    return 0


@_one_sentence_errors
def _proqol_add(args: argparse.Namespace, context: StartupContext, *, clock: Clock) -> int:
    now, _zone = _here(clock())
    today = now.date()
    try:
        taken = parse_day(args.date) if args.date is not None else today
        entry = proqol_entry(
            parse_score(args.cs), parse_score(args.bo), parse_score(args.sts), taken, today
        )
    except SelfCheckError as error:
        raise UsageError(str(error)) from None
    with _open(context, clock) as store:
        SelfCheckLog(store).add_proqol(entry, now)
    _out(
        f"Saved your ProQOL scores for {entry.taken_on.isoformat()}: "
        + ", ".join(f"{s.label} {entry.score(s)} ({entry.band(s)})" for s in Subscale)
        + "."
    )
    if entry.band(Subscale.SECONDARY_TRAUMATIC_STRESS) is Band.HIGH:
        _out(
            "Your secondary traumatic stress score is in the high band. You don't have to "
            "carry that alone: the Support page in the app lists who you can talk to, and a "
            f"short practice can help right now: stsdesk play {_SUPPORT_PRACTICE}"
        )
    return 0


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(f"stsdesk: {text}\n")
