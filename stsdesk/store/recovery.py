"""Opening the practice log safely: check it, and recover from a damaged file without losing it.

``sqlite3.connect`` succeeds on almost any damaged file, and ``quick_check`` passes a
zero-length one, so at start the file gets ``quick_check`` plus a schema check, and an empty
file counts as damaged when backups show there used to be a log. A damaged file is never
initialised over: it moves, with its ``-wal``, ``-shm`` and ``-journal``, into
``quarantine/<timestamp>/`` (a stale WAL left beside a restored file would be replayed onto it)
and the newest good backup takes its place; then the practices the damaged file still holds
beyond the backup are salvaged into it (``salvage``). Without a good backup the file stays
where it is and the user chooses: a new log (the damaged file kept aside) or quit.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TypedDict

from stsdesk.core.errors import DatabaseTooNewError, StoreError
from stsdesk.core.records import PracticeRecord
from stsdesk.core.text import visible
from stsdesk.infra.paths import AppPaths, make_private_dir
from stsdesk.store import schema
from stsdesk.store.backup import Backup, Backups
from stsdesk.store.database import Clock, PracticeStore, utc_now
from stsdesk.store.errors import is_read_only_error
from stsdesk.store.files import (
    create_private_file,
    fsync_directory,
    fsync_file,
    make_private,
    sidecars,
)

log = logging.getLogger(__name__)


class OpenStatus(StrEnum):
    OK = "ok"
    CREATED = "created"
    RESTORED = "restored"
    READ_ONLY = "read_only"
    NEEDS_CHOICE = "needs_choice"


@dataclass(frozen=True)
class OpenReport:
    """What happened when the log was opened, with the sentence to show the user ("" for OK).

    For ``RESTORED``: ``backup_taken`` is when the restored backup was made, ``data_until``
    the latest day with a practice in it, ``newest`` the newest practice the log now holds,
    ``salvaged`` how many practices newer than the backup were read back from the damaged
    file, ``quarantined`` where the damaged files went.
    ``NEEDS_CHOICE`` means no store was opened: offer ``start_fresh`` or quitting.
    For every status with a store: ``backups_paused`` (lasts across restarts until the user
    confirms), ``recovered_checkpoint`` (a practice left unfinished by a crash, now kept as
    stopped early: ``checkpoint_notice`` words it) and ``imported_pending`` (practices an
    earlier run could not save, imported now: ``pending_notice``).
    """

    status: OpenStatus
    message: str = ""
    problem: str = ""
    data_until: date | None = None
    backup_taken: datetime | None = None
    quarantined: Path | None = None
    backups_paused: bool = False
    newest: PracticeRecord | None = None
    salvaged: int = 0
    recovered_checkpoint: PracticeRecord | None = None
    imported_pending: int = 0


@dataclass(frozen=True)
class OpenResult:
    store: PracticeStore | None
    report: OpenReport


def open_log(paths: AppPaths, *, clock: Clock = utc_now) -> OpenResult:
    """Check, recover if needed, and open the practice log under ``paths``.

    Raises ``DatabaseTooNewError`` (the file untouched) for a log from a newer stsdesk.
    """
    with contextlib.suppress(OSError):  # a read-only disk: opening below explains
        make_private_dir(paths.data)
    backups = Backups(paths.backups)
    database = paths.database
    had_file = database.exists()
    existed = had_file and database.stat().st_size > 0
    trouble = diagnose(database, had_backups=bool(backups.entries()))
    if trouble is None:
        store = _open(paths, backups, clock)
        if store.read_only:
            status, message = OpenStatus.READ_ONLY, _READ_ONLY_MESSAGE
        else:
            status, message = (OpenStatus.OK if existed else OpenStatus.CREATED), ""
        report = OpenReport(status, message, backups_paused=backups.paused, **_carried(store))
        return OpenResult(store, report)

    log.warning("The practice log is damaged: %s", trouble)
    good = backups.newest_good()
    if good is None:
        return OpenResult(None, OpenReport(OpenStatus.NEEDS_CHOICE, _needs_choice(), trouble))
    quarantined = quarantine(database, paths.quarantine, clock()) if had_file else None
    _restore(good, database)
    backups.pause()
    store = _open(paths, backups, clock)
    salvaged = store.salvage_from(quarantined / database.name) if quarantined else 0
    newest = next(iter(store.recent(1)), None)
    report = OpenReport(
        OpenStatus.RESTORED,
        _restored_message(good.taken_at, newest, quarantined, salvaged),
        trouble,
        data_until=store.latest_day(),
        backup_taken=good.taken_at,
        quarantined=quarantined,
        backups_paused=True,
        newest=newest,
        salvaged=salvaged,
        **_carried(store),
    )
    return OpenResult(store, report)


class _Carried(TypedDict):
    recovered_checkpoint: PracticeRecord | None
    imported_pending: int


def _carried(store: PracticeStore) -> _Carried:
    """What opening the store itself brought back, for the report."""
    return {
        "recovered_checkpoint": store.recovered_checkpoint,
        "imported_pending": store.imported_pending,
    }


def open_for_report(paths: AppPaths, *, clock: Clock = utc_now) -> PracticeStore:
    """Open the log to read a report (``stsdesk stats``) without the full integrity check.

    The check reads every page, which for decades of practice costs more than the report; the
    app runs it at every start and repairs what it finds. A log that is missing or looks wrong
    at a glance goes through ``open_log`` as usual.
    """
    database = paths.database
    if not database.exists() or database.stat().st_size == 0:
        return _open_checked(paths, clock)
    try:
        with contextlib.closing(_connect_for_check(database)) as conn:
            trouble = schema.problem(conn)
    except sqlite3.Error:
        trouble = "unreadable"
    if trouble is not None:
        return _open_checked(paths, clock)
    return _open(paths, Backups(paths.backups), clock)


def _open_checked(paths: AppPaths, clock: Clock) -> PracticeStore:
    result = open_log(paths, clock=clock)
    if result.store is None:
        raise StoreError(f"{result.report.message} Start the app to choose.")
    return result.store


def start_fresh(paths: AppPaths, *, clock: Clock = utc_now) -> OpenResult:
    """The user chose a new log: move the damaged file aside (kept, never deleted), start empty."""
    make_private_dir(paths.data)
    kept = quarantine(paths.database, paths.quarantine, clock())
    store = _open(paths, Backups(paths.backups), clock)
    message = (
        f"A new, empty practice log was started. The damaged file is kept in {kept}; "
        "delete it yourself when you no longer need it."
    )
    report = OpenReport(OpenStatus.CREATED, message, quarantined=kept, **_carried(store))
    return OpenResult(store, report)


def diagnose(database: Path, *, had_backups: bool) -> str | None:
    """What is wrong with the log file, or ``None`` if it is usable (or simply not there yet).

    Reads only. An empty file, or a file with no tables, is fine for a first start but
    damaged when backups exist: initialising it would silently throw away the history.
    Raises ``DatabaseTooNewError`` for a log from a newer stsdesk.
    """
    if not database.exists():
        return "the file is missing" if had_backups else None
    if database.stat().st_size == 0:
        return "the file is empty" if had_backups else None
    try:
        conn = _connect_for_check(database)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            return f"integrity check: {rows[0][0]}"
        if _shorter_than_its_pages(conn, database):
            return "the file is shorter than its pages (truncated)"
        if schema.user_version(conn) == 0 and had_backups:
            return "the file holds no practice log"
        return schema.problem(conn)
    except DatabaseTooNewError:
        raise
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()


def _shorter_than_its_pages(conn: sqlite3.Connection, database: Path) -> bool:
    """A cut-off file whose lost tail was note text passes ``quick_check`` (the missing bytes
    read as zeros), so also compare the file's size with its page count. Only without WAL
    content: pages still in the WAL legitimately lie beyond the end of the file."""
    wal = Path(f"{database}-wal")
    if wal.exists() and wal.stat().st_size:
        return False
    page_count = conn.execute("PRAGMA page_count").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    return bool(database.stat().st_size < page_count * page_size)


def quarantine(database: Path, root: Path, now: datetime) -> Path:
    """Move the log and its sidecars into a new ``root/<UTC timestamp>/`` folder; return it."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    make_private_dir(root)
    target = root / stamp
    suffix = 1
    while target.exists():
        suffix += 1
        target = root / f"{stamp}-{suffix}"
    make_private_dir(target)
    for path in (database, *sidecars(database)):
        if path.exists():
            moved = target / path.name
            os.replace(path, moved)
            with contextlib.suppress(OSError):
                make_private(moved)
    fsync_directory(target)
    fsync_directory(database.parent)
    return target


def _restore(backup: Backup, database: Path) -> None:
    """Copy a checked backup into place. The old sidecars must already be gone (quarantined)."""
    leftovers = sidecars(database)
    if leftovers:
        raise StoreError(f"Cannot restore while {leftovers[0].name} is still beside the log.")
    temporary = database.with_name(f".{database.name}.restore.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    create_private_file(temporary)
    with open(backup.path, "rb") as source, open(temporary, "wb") as target:
        shutil.copyfileobj(source, target)
    fsync_file(temporary)
    os.replace(temporary, database)
    fsync_directory(database.parent)


def _open(paths: AppPaths, backups: Backups, clock: Clock) -> PracticeStore:
    """The store as the app uses it; unsaved practices go beside the log, else to state."""
    return PracticeStore.open(
        paths.database,
        backups=backups,
        quarantine=paths.quarantine,
        clock=clock,
        pending_dirs=(paths.data, paths.state),
    )


def _connect_for_check(database: Path) -> sqlite3.Connection:
    """A connection for checking that changes as little as possible, and never creates the file.

    Read-only first: it never writes the file or checkpoints, so a damaged file and its WAL
    stay exactly as found (only the derived ``-shm`` index is rebuilt). A hot rollback journal
    can only be rolled back read-write, as any open would; a read-only folder needs immutable.
    """
    uri = database.resolve().as_uri()
    for query in ("mode=ro", "mode=rw", "immutable=1"):
        conn = sqlite3.connect(f"{uri}?{query}", uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.Error as exc:
            conn.close()
            if query == "immutable=1" or not is_read_only_error(exc):
                raise
            continue
        return conn
    raise AssertionError("unreachable")


def _day(value: date | datetime) -> str:
    return f"{value.day} {value:%B %Y}"


def _practice(record: PracticeRecord) -> str:
    """``10 March 2026, 12:30: Box breathing``: when (its own wall time) and what."""
    title = visible(record.exercise_title, single_line=True)
    return f"{_day(record.started_at)}, {record.started_at:%H:%M}: {title}"


def _restored_message(
    taken: datetime, newest: PracticeRecord | None, kept: Path | None, salvaged: int
) -> str:
    what = "damaged" if kept else "missing"
    back = ""
    if salvaged:
        plural = "practice" if salvaged == 1 else "practices"
        back = f", and read {salvaged} newer {plural} back from the damaged file"
    reaches = (
        f"Your log now reaches {_practice(newest)}; anything after that could not be recovered."
        if newest
        else "It holds no practices yet."
    )
    where = f" The damaged file is kept in {kept}." if kept else ""
    return (
        f"Your practice log was {what}, so stsdesk restored its most recent good backup, from "
        f"{_day(taken)}{back}. {reaches}{where} Automatic backups are paused until you confirm "
        "the restored log looks right."
    )


def checkpoint_notice(record: PracticeRecord) -> str:
    """The sentence for a practice a crash left unfinished, now kept as stopped early."""
    minutes = max(1, round(record.practiced_seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    title = visible(record.exercise_title, single_line=True)
    return (
        f"stsdesk closed unexpectedly during a practice; {minutes} {unit} of {title} were kept "
        "as stopped early."
    )


def pending_notice(count: int) -> str:
    """The sentence for practices an earlier run could not save and this one imported."""
    if count == 1:
        return "1 practice that could not be saved last time was added to your log."
    return f"{count} practices that could not be saved last time were added to your log."


def _needs_choice() -> str:
    return (
        "Your practice log could not be read, and there is no good backup of it. You can start "
        "a new log (the damaged file is kept aside, untouched) or quit and get help with the file."
    )


_READ_ONLY_MESSAGE = (
    "Your practice log can be read but not changed (the disk or folder is read-only). Your "
    "history is shown; new practices are kept until stsdesk closes and saved if the log "
    "becomes writable."
)
