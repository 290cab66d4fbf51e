"""Automatic backups of the practice log: SQLite's backup API, checked, owner-only, thinned.

A backup is written to a temporary name, converted to a self-contained single file
(``journal_mode=DELETE``), ``quick_check``ed and only then renamed into place, so a crash or a
full disk never leaves a half-written file looking like a good backup. Never a file copy of the
live database: that can capture a transaction half-way (sqlite.org/howtocorrupt.html).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from stsdesk.core.errors import DatabaseTooNewError, StoreError
from stsdesk.infra.paths import make_private_dir
from stsdesk.store import schema
from stsdesk.store.errors import reason
from stsdesk.store.files import create_private_file, fsync_directory, fsync_file, remove_quietly

log = logging.getLogger(__name__)

# A backup after a change once the newest is this old: a damaged log then costs at most the
# practices of the last hour (the salvage of the damaged file usually brings those back too).
BACKUP_INTERVAL = timedelta(hours=1)
_NAME = re.compile(r"^backup-(\d{8}T\d{6}Z)(?:-([a-z0-9-]+))?\.sqlite3$")
_STAMP = "%Y%m%dT%H%M%SZ"
_PAUSED = "paused"
_TEMP_SUFFIX = ".tmp"
# A temporary file younger than this may be another writer's backup in progress.
_STALE_TEMPORARY_S = 600
# Every store in this process (the app's, a worker's, one reopened after a restore) may write
# into the same folder: one backup at a time, whichever ``Backups`` object asks.
_WRITING = threading.RLock()


@dataclass(frozen=True)
class Backup:
    """One backup file and the UTC moment it was taken (from its name)."""

    path: Path
    taken_at: datetime


def backups_to_keep(
    stamps: Iterable[datetime], *, daily: int = 7, weekly: int = 4, monthly: int = 6
) -> set[datetime]:
    """Which backups thinning keeps, given when each was taken: a pure function of the stamps.

    Walking from newest to oldest: the newest backup of each of the ``daily`` most recent days
    that have one; then one per ISO week for the next ``weekly`` weeks; then one per month for
    the next ``monthly`` months. Counting days *with* backups, not calendar days, means a long
    break from the app never thins away the last good copies.
    """
    kept: set[datetime] = set()
    last: date | None = None
    days = weeks = months = 0
    for stamp in sorted(set(stamps), reverse=True):
        day = stamp.date()
        if days < daily:
            keep = day != last
            days += keep
        elif weeks < weekly:
            keep = last is None or day.isocalendar()[:2] != last.isocalendar()[:2]
            weeks += keep
        elif months < monthly:
            keep = last is None or (day.year, day.month) != (last.year, last.month)
            months += keep
        else:
            break
        if keep:
            kept.add(stamp)
            last = day
    return kept


def check_file(path: Path) -> str | None:
    """What is wrong with a closed SQLite file (``quick_check`` and schema), or ``None``.

    Opened read-only, so checking a backup can never change it.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            return f"integrity check: {rows[0][0]}"
        if schema.user_version(conn) == 0:
            return "it holds no practice log"
        return schema.problem(conn)
    except (sqlite3.Error, DatabaseTooNewError) as exc:
        return str(exc)
    finally:
        conn.close()


class Backups:
    """The backup folder: taking, listing, checking, thinning and pausing backups."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        # The store's worker thread and its caller may both write a backup (same name when
        # taken in the same second): one at a time.
        self._lock = _WRITING

    def entries(self) -> list[Backup]:
        """All backups, newest first (files not named like a backup are ignored)."""
        found = []
        with contextlib.suppress(FileNotFoundError):
            for path in self.directory.iterdir():
                match = _NAME.match(path.name)
                if match:
                    taken = datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)
                    found.append(Backup(path, taken))
        return sorted(found, key=lambda backup: (backup.taken_at, backup.path.name), reverse=True)

    def newest_good(self) -> Backup | None:
        """The newest backup that passes ``check_file``; bad ones are logged and skipped."""
        for backup in self.entries():
            trouble = check_file(backup.path)
            if trouble is None:
                return backup
            log.warning("Skipping damaged backup %s: %s", backup.path.name, trouble)
        return None

    @property
    def paused(self) -> bool:
        """Whether automatic backups wait for the user (after a restore, until they confirm)."""
        return (self.directory / _PAUSED).exists()

    def pause(self) -> None:
        """Stop automatic backups so the restored copy cannot thin away the older ones."""
        make_private_dir(self.directory)
        create_private_file(self.directory / _PAUSED)

    def resume(self) -> None:
        """Allow automatic backups again (the user confirmed the restored log)."""
        (self.directory / _PAUSED).unlink(missing_ok=True)

    def maybe_backup(self, source: sqlite3.Connection, now: datetime) -> Path | None:
        """Back up when not paused and the newest backup is over an hour old (either way: a
        clock that was once far ahead must not stop backups for good)."""
        with self._lock:
            if self.paused:
                return None
            entries = self.entries()
            if entries and abs(now - entries[0].taken_at) < BACKUP_INTERVAL:
                return None
            return self.create(source, now)

    def create(self, source: sqlite3.Connection, now: datetime, label: str = "") -> Path:
        """Write, check and keep one backup of ``source``, then thin the folder (not while
        paused: the older backups are what a user checking a restored log may still need).

        Raises ``StoreError`` (nothing is kept) when the copy cannot be written or fails its
        check; the live log is never affected.
        """
        suffix = f"-{label}" if label else ""
        name = f"backup-{now.astimezone(UTC).strftime(_STAMP)}{suffix}.sqlite3"
        final = self.directory / name
        temporary = self.directory / f".{name}{_TEMP_SUFFIX}"
        with self._lock:
            try:
                make_private_dir(self.directory)
                self._remove_stale_temporaries()
                _write_checked_copy(source, temporary)
                os.replace(temporary, final)
                fsync_directory(self.directory)
            except (OSError, sqlite3.Error) as exc:
                remove_quietly(temporary)
                raise StoreError(
                    f"A backup of the practice log could not be written: {reason(exc)}."
                ) from exc
            if not self.paused:
                self.thin()
        return final

    def thin(self) -> list[Path]:
        """Delete backups that ``backups_to_keep`` does not keep; return what was deleted."""
        entries = self.entries()
        keep = backups_to_keep(backup.taken_at for backup in entries)
        removed = [backup.path for backup in entries if backup.taken_at not in keep]
        for path in removed:
            path.unlink(missing_ok=True)
        return removed

    def remove_all(self) -> None:
        """Delete every file in the backup folder (part of delete-all)."""
        with self._lock, contextlib.suppress(FileNotFoundError):
            for path in self.directory.iterdir():
                if path.is_file() or path.is_symlink():
                    path.unlink()

    def _remove_stale_temporaries(self) -> None:
        """Remove what a crash left half-written; not what another stsdesk writes right now."""
        for path in self.directory.glob(f".*{_TEMP_SUFFIX}"):
            with contextlib.suppress(FileNotFoundError):
                if time.time() - path.stat().st_mtime > _STALE_TEMPORARY_S:
                    remove_quietly(path)


def _write_checked_copy(source: sqlite3.Connection, target: Path) -> None:
    remove_quietly(target)
    create_private_file(target)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")
        rows = destination.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            raise sqlite3.DatabaseError(f"the copy failed its check: {rows[0][0]}")
    finally:
        destination.close()
    fsync_file(target)


class BackupWorker:
    """Takes the automatic backups on one thread of its own, with its own read-only connection.

    A backup copies the whole log; on the caller's thread (the GUI's) that would freeze the
    window for as long as the copy takes. ``request`` only wakes the thread; ``close`` lets it
    finish what was asked and joins it. ``backed_up`` is the change count the newest backup
    taken here includes, so the store knows whether quitting needs one more.
    """

    def __init__(self, backups: Backups, database: Path, clock: Callable[[], datetime]) -> None:
        self._backups = backups
        self._database = database
        self._clock = clock
        self._wake = threading.Condition()
        self._wanted: int | None = None
        self._busy = False
        self._closed = False
        self._thread: threading.Thread | None = None
        self.backed_up = 0

    def request(self, changes: int) -> None:
        """Ask for a backup if one is due, covering ``changes`` changes; returns at once."""
        with self._wake:
            if self._closed:
                return
            self._wanted = changes
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="stsdesk-backups", daemon=True
                )
                self._thread.start()
            self._wake.notify_all()

    def wait_idle(self) -> None:
        """Block until every requested backup is taken (or has failed and been logged)."""
        with self._wake:
            self._wake.wait_for(lambda: self._wanted is None and not self._busy)

    def close(self) -> None:
        """Finish the requested backup, then stop and join the thread. Safe to call twice."""
        with self._wake:
            self._wake.wait_for(lambda: self._wanted is None and not self._busy)
            self._closed = True
            self._wake.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._wanted is not None or self._closed)
                if self._wanted is None:
                    return
                changes, self._wanted, self._busy = self._wanted, None, True
            try:
                if self._backup_if_due() is not None:
                    self.backed_up = max(self.backed_up, changes)
            except Exception:  # never let a backup problem end the thread or reach the user
                log.warning("Automatic backup failed", exc_info=True)
            finally:
                with self._wake:
                    self._busy = False
                    self._wake.notify_all()

    def _backup_if_due(self) -> Path | None:
        uri = f"{self._database.resolve().as_uri()}?mode=ro"
        source = sqlite3.connect(uri, uri=True)
        try:
            source.execute("PRAGMA busy_timeout = 5000")
            return self._backups.maybe_backup(source, self._clock())
        finally:
            source.close()
