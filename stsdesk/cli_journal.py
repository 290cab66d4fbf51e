"""The practice log on the command line: ``log add``, ``stats`` and ``export``.

``stsdesk.cli`` calls ``register``; each handler takes ``(args, paths)`` and returns the exit
status. A problem is one sentence on stderr and exit status 1, never a traceback. Changes made
here take the same daily backup as changes made in the app.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial, wraps
from pathlib import Path
from zoneinfo import ZoneInfo

from stsdesk.core import stats
from stsdesk.core.days import practice_day_at, stamp
from stsdesk.core.errors import StsdeskError
from stsdesk.core.records import PracticeRecord, Source
from stsdesk.infra.paths import AppPaths
from stsdesk.infra.timezone import local_zone_name
from stsdesk.store import export
from stsdesk.store.database import Clock, PracticeStore, utc_now
from stsdesk.store.errors import reason
from stsdesk.store.recovery import OpenStatus, open_for_report, open_log

CatalogLookup = Callable[[argparse.Namespace, str], tuple[str, str] | None]
"""(arguments, exercise id) -> (title, family), or ``None`` for an id the catalog does not know."""

StatsSettingsLoader = Callable[[argparse.Namespace, AppPaths], stats.StatsSettings]

_MAX_MINUTES = 24 * 60


def register(
    subparsers: argparse._SubParsersAction,
    *,
    catalog_lookup: CatalogLookup | None = None,
    clock: Clock = utc_now,
    stats_settings: StatsSettingsLoader,
) -> None:
    """Add ``log add``, ``stats`` and ``export`` to the program's sub-commands.

    ``catalog_lookup`` gives a practice's title and family from its id (without it the id is
    the title); ``clock`` is the UTC wall clock; ``stats_settings`` reads the day boundary,
    rest days and streak visibility in effect (the user's settings under the policy).
    """
    log_parser = subparsers.add_parser("log", help="add to the practice log")
    actions = log_parser.add_subparsers(dest="log_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record a practice done away from the computer")
    add.add_argument("--exercise", required=True, metavar="ID", help="exercise id")
    add.add_argument("--minutes", required=True, metavar="N", help="how long it took")
    add.add_argument(
        "--at",
        metavar="ISO8601",
        help="when it started, e.g. 2026-03-08T07:30 (your time zone) or "
        "2026-03-08T07:30-08:00 (that local time); default: now",
    )
    add.add_argument("--before", metavar="0-10", help="distress before, 0 (none) to 10")
    add.add_argument("--after", metavar="0-10", help="distress after, 0 (none) to 10")
    add.add_argument("--note", default="", metavar="TEXT", help="a private note")
    add.add_argument("--title", metavar="TEXT", help="the title to record (default: the catalog's)")
    add.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="a tag; repeat for more"
    )
    add.set_defaults(handler=partial(_log_add, catalog_lookup=catalog_lookup, clock=clock))

    summary = subparsers.add_parser("stats", help="streaks, consistency and what helps you")
    summary.add_argument("--json", action="store_true", help="machine-readable output")
    summary.set_defaults(handler=partial(_stats, clock=clock, stats_settings=stats_settings))

    out = subparsers.add_parser("export", help="export the practice log as CSV or JSON")
    out.add_argument("--format", required=True, choices=[f.value for f in export.ExportFormat])
    out.add_argument("--out", metavar="PATH", type=Path, help="file to write (default: stdout)")
    out.set_defaults(handler=partial(_export, clock=clock))


def _one_sentence_errors(handler: Callable[..., int]) -> Callable[..., int]:
    """Turn the errors a person can act on into one line on stderr and exit status 1."""

    @wraps(handler)
    def run(args: argparse.Namespace, paths: AppPaths, **kwargs: object) -> int:
        try:
            return handler(args, paths, **kwargs)
        except StsdeskError as error:
            _err(str(error))
        except OSError as error:
            _err(f"The practice log could not be used: {reason(error)}.")
        return 1

    return run


@_one_sentence_errors
def _log_add(
    args: argparse.Namespace,
    paths: AppPaths,
    *,
    catalog_lookup: CatalogLookup | None,
    clock: Clock,
) -> int:
    minutes = _minutes(args.minutes)
    before = _rating(args.before, "--before")
    after = _rating(args.after, "--after")
    exercise_id = args.exercise.strip()
    if not exercise_id:
        raise StsdeskError("--exercise needs an exercise id; 'stsdesk list' shows them all.")
    known = catalog_lookup(args, exercise_id) if catalog_lookup else None
    if catalog_lookup and known is None and not args.title:
        raise StsdeskError(
            f"There is no practice called {exercise_id!r}; 'stsdesk list' shows them all "
            "(or give --title to record a practice of your own)."
        )
    title, family = known or (exercise_id, "")
    now = clock()
    moment, zone = _parse_at(args.at) if args.at else _here(now)
    if moment > now + timedelta(minutes=1):
        raise StsdeskError(f"--at {args.at} is in the future; give the time the practice started.")
    started_at, local_day = stamp(moment, zone)
    record = PracticeRecord(
        exercise_id=exercise_id,
        exercise_title=args.title or title,
        family=family,
        minutes_chosen=minutes,
        started_at=started_at,
        time_zone=zone,
        local_day=local_day,
        practiced_seconds=minutes * 60,
        completed=True,
        source=Source.MANUAL,
        distress_before=before,
        distress_after=after,
        note=args.note,
        tags=tuple(tag.strip() for tag in args.tag if tag.strip()),
    )
    with _open(paths, clock) as store:
        try:
            store.add(record)
        except StsdeskError as error:
            why = reason(error.__cause__) if error.__cause__ else "the practice log is read-only"
            raise StsdeskError(
                f"The practice was not saved because {why}; nothing was recorded. "
                "Fix that, then run the command again."
            ) from error
    when = f"{local_day:%A} {local_day.day} {local_day:%B %Y}"
    _out(f"Saved: {record.exercise_title}, {minutes:g} minutes, on {when}.")
    return 0


@_one_sentence_errors
def _stats(
    args: argparse.Namespace,
    paths: AppPaths,
    *,
    clock: Clock,
    stats_settings: StatsSettingsLoader,
) -> int:
    settings = stats_settings(args, paths)
    local_now, _zone = _here(clock())
    today = practice_day_at(local_now, settings.day_boundary_hour)
    with open_for_report(paths, clock=clock) as store:
        summary = store.summary(settings.day_boundary_hour)
    result = stats.from_summary(summary, today, settings)
    if args.json:
        _out(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return 0
    lines = [stats.kind_summary(result)]
    if result.current_streak is not None:
        lines.append(
            f"Current streak: {result.current_streak} practice days "
            f"(longest: {result.longest_streak})."
        )
    lines.append(f"Consistency over the last four weeks: {result.consistency} out of 100.")
    lines.append(f"In all: {result.total_sessions} practices, {result.total_minutes:g} minutes.")
    if result.what_helps:
        lines.append("What helps you (average change in distress, after minus before):")
        lines.extend(
            f"  {item.title}: {item.mean_change:+.1f} over {item.count} rated practices"
            for item in result.what_helps
        )
    _out("\n".join(lines))
    return 0


@_one_sentence_errors
def _export(args: argparse.Namespace, paths: AppPaths, *, clock: Clock) -> int:
    fmt = export.ExportFormat(args.format)
    with _open(paths, clock) as store:
        records = store.records()
    if args.out is None:
        sys.stdout.flush()
        # UTF-8 whatever the console's encoding, and the csv module's own line endings.
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            export.write(records, fmt, stream)
            stream.flush()
        finally:
            stream.detach()
        return 0
    count = export.export_file(records, fmt, args.out)
    _out(
        f"Exported {count} practices to {args.out}. The file is not encrypted: keep it "
        "somewhere private, and delete it when you no longer need it."
    )
    return 0


def _open(paths: AppPaths, clock: Clock) -> PracticeStore:
    """Open the log as the app does; a restore is reported on stderr, a needed choice refused."""
    result = open_log(paths, clock=clock)
    if result.store is None:
        raise StsdeskError(f"{result.report.message} Start the app to choose.")
    if result.report.status in (OpenStatus.RESTORED, OpenStatus.READ_ONLY):
        _err(result.report.message)
    return result.store


def _here(instant: datetime) -> tuple[datetime, str]:
    """``instant`` as local wall time here, with the zone name ("" if only the offset is known)."""
    zone = local_zone_name()
    return (instant.astimezone(ZoneInfo(zone)) if zone else instant.astimezone()), zone


def _parse_at(text: str) -> tuple[datetime, str]:
    """``--at``: with an offset, that local time; without, a time in the current time zone."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise StsdeskError(
            f"--at {text!r} is not a date and time like 2026-03-08T07:30 or 2026-03-08T07:30-08:00."
        ) from None
    if moment.tzinfo is not None:
        return moment, ""
    zone = local_zone_name()
    if zone:
        # fold=0: an ambiguous time in the autumn is read as the first (daylight) occurrence.
        return moment.replace(tzinfo=ZoneInfo(zone)), zone
    return moment.astimezone(), ""


def _minutes(text: str) -> float:
    try:
        minutes = float(text)
    except ValueError:
        minutes = math.nan
    if not 0 < minutes <= _MAX_MINUTES:
        raise StsdeskError(f"--minutes must be a number of minutes above 0, not {text!r}.")
    return minutes


def _rating(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    if not text.strip().isdigit() or not 0 <= int(text) <= 10:
        raise StsdeskError(f"{option} must be a whole number from 0 (none) to 10, not {text!r}.")
    return int(text)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(f"stsdesk: {text}\n")
