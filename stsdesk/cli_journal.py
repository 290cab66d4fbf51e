"""The practice log on the command line: ``log add``, ``stats`` and ``export``.

``stsdesk.cli`` calls ``register``; each handler takes ``(args, context)``, the
``StartupContext`` every command and the app start with, and returns the exit status. A
problem is one sentence on stderr, never a traceback: exit status 2 for input that cannot be
used (``stsdesk.cli_args``), 1 for a command that could not be done. The log is opened,
checked and recovered by the app's own ``startup.open_log``; a recovery is one line on stderr.
Changes made here take the same daily backup as changes made in the app.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Callable
from datetime import datetime
from functools import partial, wraps
from pathlib import Path
from zoneinfo import ZoneInfo

from stsdesk import cli_args, cli_wording
from stsdesk.application.startup import LogOpening, StartupContext, open_log
from stsdesk.cli_args import UsageError
from stsdesk.cli_text import count, json_text, shown
from stsdesk.core import stats
from stsdesk.core.days import practice_day_at
from stsdesk.core.errors import StsdeskError
from stsdesk.core.practice import manual_record
from stsdesk.infra.paths import AppPaths
from stsdesk.infra.timezone import local_zone_name
from stsdesk.store import export
from stsdesk.store.database import PENDING_FILE, Clock, PracticeStore, utc_now
from stsdesk.store.errors import reason
from stsdesk.store.recovery import OpenStatus
from stsdesk.store.selfcheck_store import SelfCheckLog

# Statuses whose report says the log was changed on opening (restored, salvaged...): said on
# stderr. OK and CREATED need no word; READ_ONLY is said by the write that fails, if any.
_QUIET = (OpenStatus.OK, OpenStatus.CREATED, OpenStatus.READ_ONLY)


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], *, clock: Clock = utc_now
) -> None:
    """Add ``log add``, ``stats`` and ``export`` to the program's sub-commands.

    ``clock`` is the UTC wall clock. Titles and families come from the context's catalogue;
    the day boundary, rest days and streak visibility from its settings (the user's settings
    under the policy).
    """
    log_parser = subparsers.add_parser("log", help="add to the practice log")
    actions = log_parser.add_subparsers(dest="log_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record a practice done away from the computer")
    add.add_argument("--exercise", required=True, metavar="ID", help="exercise id")
    add.add_argument(
        "--minutes",
        required=True,
        metavar="N",
        help=f"how long it took, in minutes (above 0, at most {cli_args.MAX_MINUTES})",
    )
    add.add_argument(
        "--at",
        metavar="ISO8601",
        help="when it started, e.g. 2026-03-08T07:30 (your time zone) or "
        "2026-03-08T07:30-08:00 (that local time), from 1970 to now; default: now",
    )
    add.add_argument("--before", metavar="0-10", help="distress before, 0 (none) to 10")
    add.add_argument("--after", metavar="0-10", help="distress after, 0 (none) to 10")
    add.add_argument("--note", default="", metavar="TEXT", help="a private note")
    add.add_argument("--title", metavar="TEXT", help="the title to record (default: the catalog's)")
    add.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="a tag; repeat for more"
    )
    add.set_defaults(handler=partial(_log_add, clock=clock))

    summary = subparsers.add_parser("stats", help="streaks, consistency and what helps you")
    summary.add_argument("--json", action="store_true", help="machine-readable output")
    summary.set_defaults(handler=partial(_stats, clock=clock))

    out = subparsers.add_parser("export", help="export the practice log as CSV or JSON")
    out.add_argument("--format", required=True, choices=[f.value for f in export.ExportFormat])
    out.add_argument(
        "--out",
        metavar="PATH",
        help="file to write (default: stdout); an existing device or pipe such as /dev/null "
        "is written to, never replaced",
    )
    out.set_defaults(handler=partial(_export, clock=clock))


def _one_sentence_errors(handler: Callable[..., int]) -> Callable[..., int]:
    """Turn the errors a person can act on into one line on stderr: status 2 for unusable
    input, 1 otherwise."""

    @wraps(handler)
    def run(args: argparse.Namespace, context: StartupContext, **kwargs: object) -> int:
        try:
            return handler(args, context, **kwargs)
        except UsageError as error:
            _err(str(error))
            return cli_args.EXIT_USAGE
        except StsdeskError as error:
            _err(str(error))
        except OSError as error:
            _err(f"The practice log could not be used: {reason(error)}.")
        return 1

    return run


@_one_sentence_errors
def _log_add(args: argparse.Namespace, context: StartupContext, *, clock: Clock) -> int:
    minutes = cli_args.minutes(args.minutes)
    before = cli_args.rating(args.before, "--before")
    after = cli_args.rating(args.after, "--after")
    exercise_id = cli_args.text(args.exercise, "--exercise").strip()
    own_title = cli_args.text(args.title, "--title") if args.title else None
    note = cli_args.text(args.note, "--note")
    tags = tuple(t.strip() for t in (cli_args.text(t, "--tag") for t in args.tag) if t.strip())
    if not exercise_id:
        raise UsageError("--exercise needs an exercise id; 'stsdesk list' shows them all.")
    now = clock()
    moment, zone = cli_args.moment(args.at, now) if args.at else _here(now)
    exercise = context.catalog.get(exercise_id)
    if exercise is None and not own_title:
        raise StsdeskError(
            f"There is no practice called {exercise_id!r}; 'stsdesk list' shows them all "
            "(or give --title to record a practice of your own)."
        )
    title, family = (exercise.title, exercise.family) if exercise else (exercise_id, "")
    record = manual_record(
        exercise_id=exercise_id,
        title=own_title or title,
        family=family,
        minutes=minutes,
        started=moment,
        zone=zone,
        distress_before=before,
        distress_after=after,
        note=note,
        tags=tags,
    )
    local_day = record.local_day
    paths = context.paths
    pending_before = _pending_files(paths)
    failure: StsdeskError | None = None
    with _open(context, clock) as store:
        try:
            store.add(record)
        except StsdeskError as error:
            failure = error  # the store keeps the practice pending; closing writes it out
    if failure is not None:
        raise _not_saved(failure, kept=_pending_files(paths) != pending_before)
    when = f"{local_day:%A} {local_day.day} {local_day:%B %Y}"
    _out(f"Saved: {shown(record.exercise_title)}, {count(minutes, 'minute')}, on {when}.")
    return 0


@_one_sentence_errors
def _stats(args: argparse.Namespace, context: StartupContext, *, clock: Clock) -> int:
    settings = stats.StatsSettings.from_settings(context.settings)
    local_now, _zone = _here(clock())
    today = practice_day_at(local_now, settings.day_boundary_hour)
    with _open(context, clock) as store:
        summary = store.summary(settings.day_boundary_hour)
    result = stats.from_summary(summary, today, settings)
    if args.json:
        _out(json_text(result.to_json()))
        return 0
    lines = [cli_wording.paragraph(stats.kind_messages(result))]
    if result.current_streak is not None:
        lines.append(
            f"Current streak: {count(result.current_streak, 'practice day')} "
            f"(longest: {result.longest_streak})."
        )
    if result.consistency is None:
        lines.append(
            f"Consistency is given once your log goes back {stats.CONSISTENCY_HISTORY_DAYS} days."
        )
    else:
        lines.append(
            f"Consistency over the last four weeks: {result.consistency} out of 100 (how "
            "regularly you practiced; one missed day a week costs nothing, rest days and "
            "vacations are left out)."
        )
    lines.append(
        f"In all: {count(result.total_sessions, 'practice')}, "
        f"{count(result.total_minutes, 'minute')}."
    )
    if result.what_helps:
        lines.append(
            "What helps you (average change in distress, after minus before; the most rated "
            "first; your own ratings, not a measurement):"
        )
        lines.extend(
            f"  {shown(item.title)}: {item.mean_change:+.1f} over "
            f"{count(item.count, 'rated practice')}"
            for item in result.what_helps
        )
    _out("\n".join(lines))
    return 0


@_one_sentence_errors
def _export(args: argparse.Namespace, context: StartupContext, *, clock: Clock) -> int:
    fmt = export.ExportFormat(args.format)
    target = _out_path(args.out)
    self_check = None
    with _open(context, clock) as store:
        records = store.records()
        if fmt is export.ExportFormat.FULL_JSON:  # practices, self-check, reflections, course
            self_check = SelfCheckLog(store).export_section()
    if target is None:
        sys.stdout.flush()
        # UTF-8 whatever the console's encoding, and the csv module's own line endings.
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            export.write(records, fmt, stream, self_check)
            stream.flush()
        finally:
            stream.detach()
        return 0
    written = export.export_file(records, fmt, target, self_check)
    if not target.is_file():  # a device or pipe: no file to keep private
        return 0
    _out(
        f"Exported {count(written, 'practice')} to {target}. The file is not encrypted: keep it "
        "somewhere private, and delete it when you no longer need it."
    )
    return 0


def _pending_files(paths: AppPaths) -> dict[Path, int]:
    """The pending-practices files the store keeps beside the log or in state, by mtime."""
    found = {}
    for directory in (paths.data, paths.state):
        with contextlib.suppress(OSError):
            found[directory / PENDING_FILE] = (directory / PENDING_FILE).stat().st_mtime_ns
    return found


def _not_saved(error: StsdeskError, *, kept: bool) -> StsdeskError:
    """The one sentence for a practice the log refused: kept for later, or not recorded."""
    why = reason(error.__cause__) if error.__cause__ else "the practice log is read-only"
    if kept:
        text = (
            f"The practice could not be saved to the log yet because {why}; it is kept and "
            "will be added the next time stsdesk can write the log, so do not add it again."
        )
    else:
        text = (
            f"The practice was not saved because {why}; nothing was recorded. "
            "Fix that, then run the command again."
        )
    failure = StsdeskError(text)
    failure.__cause__ = error
    return failure


def _out_path(text: str | None) -> Path | None:
    """``--out``: ``None`` for stdout; an empty name is refused (``Path("")`` would be ".")."""
    if text is None:
        return None
    if not text.strip():
        raise UsageError("--out needs a file name, e.g. --out practices.csv.")
    return Path(text)


def _open(context: StartupContext, clock: Clock) -> PracticeStore:
    """Open the log as the app does (``startup.open_log``): the full check, and a restore or
    salvage if it is damaged.

    What recovery did is one line on stderr (stdout stays clean for ``--json``); a damaged log
    without a good backup needs the person's choice, which only the app offers. A command
    never runs on a log in memory: what it did would be lost.
    """
    opening = open_log(context, clock=clock)
    if opening.error is not None:
        raise opening.error  # one sentence from _one_sentence_errors
    if opening.needs_choice:
        raise StsdeskError(
            "Your practice log could not be read and there is no good backup of it; nothing was "
            "changed: start the app to choose between a new log and keeping it for help."
        )
    if opening.store is None:
        raise StsdeskError(
            f"No practice log can be created in {context.paths.data}; "
            "choose another folder with --data-dir."
        )
    line = _recovery_line(opening)
    if line:
        _err(line)
    return opening.store


def _recovery_line(opening: LogOpening) -> str:
    """What opening did to the log, on one line ("" when nothing needs saying): a restore or
    salvage naming where the damaged file is kept, then what the app's Home would also say was
    kept (a practice a crash left unfinished, practices an earlier run could not save)."""
    parts = []
    report = opening.report
    if report is not None and report.status not in _QUIET and report.message:
        parts.append(report.message)
        kept = report.quarantined
        if kept is not None and str(kept) not in report.message:
            parts.append(f"The damaged file is kept in {kept}.")
    parts += opening.kept
    return " ".join(" ".join(parts).split())


def _here(instant: datetime) -> tuple[datetime, str]:
    """``instant`` as local wall time here, with the zone name ("" if only the offset is known)."""
    zone = local_zone_name()
    return (instant.astimezone(ZoneInfo(zone)) if zone else instant.astimezone()), zone


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(f"stsdesk: {text}\n")
