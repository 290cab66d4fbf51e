"""The practice log as a SQLite file: one connection per process, the only writer.

Every connection runs WAL with ``synchronous=FULL`` (a COMMIT that returned survives a crash of
the app or the machine), a busy timeout, foreign keys and ``secure_delete`` (deleted notes are
overwritten, not left in free pages). ``add`` returns only after COMMIT, which is what lets the
player say "saved". When the disk is full or read-only the record is kept in memory
(``pending``) and ``retry_pending`` saves it later: a practice is never silently dropped, not
even at quit (``close`` writes what is still pending to a small owner-only file that the next
``open`` imports). A running practice is checkpointed in the log (``checkpoint``), so a crash
costs seconds of it; the next ``open`` keeps it as stopped early (``recovered_checkpoint``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import platform
import shutil
import sqlite3
import stat
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType

from sqlite_utils import Database

from stsdesk.core.errors import StoreError, StoreReason
from stsdesk.core.records import PracticeRecord, Source, Zone
from stsdesk.core.stats import ExerciseTally, Summary
from stsdesk.infra.paths import make_private_dir
from stsdesk.store import salvage, schema
from stsdesk.store.backup import Backups, BackupWorker
from stsdesk.store.columns import PRACTICE_FIELDS, RECORD_COLUMNS, column_list
from stsdesk.store.errors import is_read_only_error, reason, reason_of
from stsdesk.store.files import (
    create_private_file,
    fsync_directory,
    fsync_file,
    make_private,
    sidecars,
)
from stsdesk.store.selfcheck_schema import TABLES as SELF_CHECK_TABLES

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

DELETE_ALL_DONE = (
    "Your practice log and all its backups are deleted. Exports you saved elsewhere are not "
    "touched: they are yours to delete."
)

_COLUMNS = column_list(RECORD_COLUMNS)
# The columns of one practice without its id, as ``_row`` names them (``practices`` and
# ``in_progress`` share them; so does the pending file).
_FIELDS = column_list(PRACTICE_FIELDS)
_FIELD_NAMES = PRACTICE_FIELDS
_VALUES = ", ".join(f":{name}" for name in _FIELD_NAMES)
_INSERT = f"INSERT INTO practices ({_FIELDS}) VALUES ({_VALUES})"
_CHECKPOINT = (
    f"INSERT OR REPLACE INTO in_progress (owner, updated_utc, {_FIELDS}) "
    f"VALUES (:owner, :updated_utc, {_VALUES})"
)
_CLEAR_CHECKPOINT = (
    "DELETE FROM in_progress WHERE owner = ? AND started_utc = ? AND exercise_id = ?"
)
_SAVED = "SELECT 1 FROM practices WHERE started_utc = ? AND exercise_id = ? LIMIT 1"
# This store's checkpoint, kept as stopped early by another stsdesk (``_insert``).
_SUPERSEDED = (
    "DELETE FROM practices WHERE started_utc = :started_utc AND exercise_id = :exercise_id "
    "AND completed = 0 AND practiced_seconds <= :practiced_seconds"
)
PENDING_FILE = "pending-practices.json"
_PENDING_FORMAT = 1
# A checkpoint whose owner still runs on this computer is left alone (however long it has been
# paused) when the owner is known to be the same process; when only its number can be asked,
# for this long; one whose owner cannot be asked at all, for the shorter time.
_LIVE_FOR = timedelta(hours=1)
_LIVE_UNKNOWN_FOR = timedelta(minutes=2)
_ONE_DAY = timedelta(days=1)
_SOURCES = {source.value: source for source in Source}
_ZONES = {zone.value: zone for zone in Zone}


_MIGRATION_FAILED = (
    "The practice log could not be updated for this version of stsdesk; it was left as it was. "
    "Please report this problem."
)


def utc_now() -> datetime:
    """The wall clock as an aware UTC datetime (the default clock)."""
    return datetime.now(UTC)


class PracticeStore:
    """The practice log: implements the core's ``PracticeLog`` port. Create it with ``open``."""

    def __init__(
        self,
        db: Database,
        path: Path,
        *,
        read_only: bool,
        backups: Backups | None,
        quarantine: Path | None,
        clock: Clock,
        before_commit: Callable[[int], object] | None,
        pending_dirs: Sequence[Path] = (),
    ) -> None:
        self._db = db
        self._lock = threading.RLock()
        self._pending: list[PracticeRecord] = []
        self._pending_dirs = tuple(pending_dirs) or (path.parent,)
        self._pending_sources: list[Path] = []
        self._before_commit = before_commit
        self._owner = _owner_id(os.getpid())
        self._checkpointed: tuple[object, object] | None = None  # (start, exercise) last kept
        self._changes = 0
        self._backed_up_changes = 0
        self._closed = False
        self._worker = BackupWorker(backups, path, clock) if backups is not None else None
        self.path = path
        self.read_only = read_only
        self.backups = backups
        self.quarantine = quarantine
        self.clock = clock
        self.recovered_checkpoint: PracticeRecord | None = None
        self.imported_pending = 0

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        backups: Backups | None = None,
        quarantine: Path | None = None,
        clock: Clock = utc_now,
        before_commit: Callable[[int], object] | None = None,
        pending_dirs: Sequence[Path] = (),
    ) -> PracticeStore:
        """Open the log at ``path`` (created owner-only if missing) and bring its schema up to date.

        Does not judge damage: ``recovery.open_log`` checks the file before calling this. A
        log from a newer stsdesk raises ``DatabaseTooNewError`` before anything is written.
        With ``backups``, an existing log is backed up before it is migrated, after changes
        once the newest backup is an hour old (on a worker thread), and at ``close`` after
        changes. ``quarantine`` is the folder delete-all empties as well. ``pending_dirs`` are
        where practices still unsaved at ``close`` may go, in order (default: beside the log);
        ``open`` imports them (``imported_pending``) and keeps an unfinished practice's
        checkpoint as stopped early (``recovered_checkpoint``).
        ``before_commit(id)`` runs inside each ``add`` transaction; only the crash-test writer
        uses it, to acknowledge too early on purpose (its negative control).
        """
        db, read_only = _open_database(path)
        store = cls(
            db,
            path,
            read_only=read_only,
            backups=backups,
            quarantine=quarantine,
            clock=clock,
            before_commit=before_commit,
            pending_dirs=pending_dirs,
        )
        try:
            store._migrate()
        except BaseException:
            db.close()
            raise
        store._import_pending_files()
        store._recover_checkpoints()
        return store

    # -- the PracticeLog port -------------------------------------------------------------

    def add(self, record: PracticeRecord) -> int:
        """Save one practice in one transaction and return its id, only after COMMIT.

        If it cannot be written (disk full, read-only, busy) the record is kept in ``pending``
        and ``StoreError`` explains; ``retry_pending`` (or the next ``add``) saves it later.
        Raises ``ValueError`` for a record that breaks the conventions (a bug, not a disk
        problem, so it is not kept).
        """
        _validate(record)
        with self._lock:
            # Queued behind any earlier unsaved practices, so the log keeps their order.
            self._pending.append(record)
            return self.retry_pending()[-1]

    def checkpoint(self, record: PracticeRecord) -> bool:
        """Keep the running practice so far (a stopped-early record with the seconds practised
        until now) in the log, replacing this store's previous checkpoint, in one transaction.

        Call it every few seconds while a practice runs, paused or not: after a crash the next
        ``open`` keeps it as a stopped-early practice. Returns ``False`` (logged) when the disk
        refuses; it never raises for that, since the practice itself must go on. ``add`` of
        the finished practice removes the checkpoint in the same transaction.
        """
        _validate(record)
        row = _row(record) | {"owner": self._owner, "updated_utc": _utc_text(self.clock())}
        with self._lock:
            if self.read_only:
                return False
            try:
                with self._db.atomic():
                    self._db.execute(_CHECKPOINT, row)
                self._checkpointed = (row["started_utc"], row["exercise_id"])
            except sqlite3.Error:
                log.warning("The running practice could not be checkpointed", exc_info=True)
                return False
        return True

    def discard_checkpoint(self) -> bool:
        """Forget this store's checkpoint (the practice was abandoned without a record).

        Returns ``False`` (logged) when the disk refuses; never raises.
        """
        with self._lock:
            if self.read_only:
                return False
            try:
                with self._db.atomic():
                    self._db.execute("DELETE FROM in_progress WHERE owner = ?", (self._owner,))
            except sqlite3.Error:
                log.warning("The practice checkpoint could not be removed", exc_info=True)
                return False
        return True

    def records(self) -> list[PracticeRecord]:
        """All saved practices, oldest first (by the instant they started)."""
        return self._select(f"SELECT {_COLUMNS} FROM practices ORDER BY started_utc, id")

    # -- more reading ---------------------------------------------------------------------

    def recent(self, limit: int, offset: int = 0) -> list[PracticeRecord]:
        """A page of the history, newest first: what a history list loads without reading all."""
        return self._select(
            f"SELECT {_COLUMNS} FROM practices ORDER BY started_utc DESC, id DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )

    def count(self) -> int:
        """How many practices are saved."""
        return int(self._read("SELECT count(*) FROM practices")[0][0])

    def latest_day(self) -> date | None:
        """The latest local day with a saved practice, or ``None`` when the log is empty."""
        value = self._read("SELECT max(local_day) FROM practices")[0][0]
        return date.fromisoformat(value) if value else None

    def summary(self, boundary_hour: int = 0) -> Summary:
        """The same ``Summary`` as ``stats.summarise(self.records(), boundary_hour)``, read from
        the totals SQLite keeps by trigger (schema v2): one row per day instead of every
        practice; with a later day boundary the days are summed from the practices' index.
        """
        if not 0 <= boundary_hour <= 23:
            raise ValueError("the day boundary hour must be between 0 and 23")
        if boundary_hour:
            # Practices before the boundary hour (local wall time) count for the day before.
            per_day = "SELECT local_day, count(*), total(practiced_seconds) FROM practices"
            hour = (f"{boundary_hour:02d}",)
            late = self._read(f"{per_day} WHERE substr(started_at, 12, 2) >= ? GROUP BY 1", hour)
            early = self._read(f"{per_day} WHERE substr(started_at, 12, 2) < ? GROUP BY 1", hour)
            groups = [(date.fromisoformat(d), n, s) for d, n, s in late]
            groups += [(date.fromisoformat(d) - _ONE_DAY, n, s) for d, n, s in early]
        else:
            groups = [
                (date.fromisoformat(d), n, s)
                for d, n, s in self._read("SELECT local_day, sessions, seconds FROM day_totals")
            ]
        day_seconds: dict[date, float] = {}
        for day, _count, seconds in groups:
            day_seconds[day] = day_seconds.get(day, 0.0) + seconds
        exercises = self._read(
            "SELECT exercise_id, rated, change_sum, (SELECT latest.exercise_title "
            "FROM practices AS latest WHERE latest.exercise_id = exercise_totals.exercise_id "
            "ORDER BY latest.started_utc DESC, latest.id DESC LIMIT 1) FROM exercise_totals"
        )
        return Summary(
            day_seconds=day_seconds,
            family_counts=dict(self._read("SELECT family, sessions FROM family_totals")),
            exercises={
                exercise_id: ExerciseTally(title=title, rated=rated, change_sum=change)
                for exercise_id, rated, change, title in exercises
            },
            total_sessions=sum(count for _day, count, _seconds in groups),
            total_seconds=sum(seconds for _day, _count, seconds in groups),
        )

    # -- pending records ------------------------------------------------------------------

    @property
    def pending(self) -> tuple[PracticeRecord, ...]:
        """Practices not yet saved because the disk was full or read-only, oldest first."""
        with self._lock:
            return tuple(self._pending)

    def retry_pending(self) -> list[int]:
        """Save the pending practices in order; return their new ids.

        Raises ``StoreError`` if it still cannot write; whatever is unsaved stays pending.
        """
        saved: list[int] = []
        with self._lock:
            if self._pending and self.read_only:
                self._reopen_if_writable()
            while self._pending:
                if self.read_only:
                    raise StoreError(
                        _kept_message("the practice log is read-only", len(self._pending)),
                        reason=StoreReason.READ_ONLY,
                    )
                try:
                    saved.append(self._insert(self._pending[0]))
                except sqlite3.Error as exc:
                    raise StoreError(
                        _kept_message(reason(exc), len(self._pending)), reason=reason_of(exc)
                    ) from exc
                self._pending.pop(0)
        if saved:
            self._after_change()
        return saved

    # -- changing history -----------------------------------------------------------------

    def update_note(self, record_id: int, note: str) -> None:
        """Replace the note of one practice."""
        self._change("UPDATE practices SET note = ? WHERE id = ?", (note, record_id), "The note")

    def delete(self, record_id: int) -> None:
        """Delete one practice (its text is overwritten on disk: ``secure_delete``)."""
        self._change("DELETE FROM practices WHERE id = ?", (record_id,), "The practice")

    def delete_all(self) -> str:
        """Delete every practice and leave no trace on this computer; return what to tell.

        Deletes the rows (practices, and the self-check, reflections and course progress of
        ``selfcheck_schema.TABLES``), checkpoints the WAL to zero bytes, VACUUMs away free
        pages, and removes all backups and the quarantine folder. The returned sentence reminds
        the user that exports saved elsewhere are theirs to delete.
        """
        with self._lock:
            self._require_writable("Nothing was deleted")
            try:
                with self._db.atomic():
                    self._db.execute("DELETE FROM practices")
                    self._db.execute("DELETE FROM in_progress")  # a running practice's note too
                    for table in SELF_CHECK_TABLES:  # self-check, reflections, course progress
                        self._db.execute(f"DELETE FROM {table}")
                    self._db.execute("DELETE FROM sqlite_sequence")
            except sqlite3.Error as exc:
                raise StoreError(
                    f"Nothing was deleted: {reason(exc)}. Please try again.", reason=reason_of(exc)
                ) from exc
            self._pending.clear()
            self.wait_for_backups()  # a backup being written now must not outlive the delete
            self._backed_up_changes = self._changes
            if self.backups is not None:
                self.backups.remove_all()
            if self.quarantine is not None and self.quarantine.exists():
                for child in self.quarantine.iterdir():
                    if child.is_dir() and not child.is_symlink():
                        shutil.rmtree(child)
                    else:
                        child.unlink()
            self._compact()
        return DELETE_ALL_DONE

    # -- backups --------------------------------------------------------------------------

    def backup_now(self, label: str = "") -> Path:
        """Take a checked backup now (before a migration, or when the user asks)."""
        if self.backups is None:
            raise StoreError("Backups are not set up for this practice log.")
        with self._lock:
            changes = self._changes
            path = self.backups.create(self._db.conn, self.clock(), label)
            self._backed_up_changes = max(self._backed_up_changes, changes)
            return path

    def wait_for_backups(self) -> None:
        """Block until the automatic backups asked for so far are taken (tests, and quitting)."""
        if self._worker is not None:
            self._worker.wait_idle()

    @property
    def backups_paused(self) -> bool:
        """Whether automatic backups wait for the user to confirm a restored log.

        Kept on disk (a marker in the backup folder), so it lasts across restarts until
        ``resume_backups``."""
        return self.backups is not None and self.backups.paused

    def resume_backups(self) -> None:
        """The user confirmed the restored log: back up again from now on."""
        if self.backups is not None:
            self.backups.resume()
            self._after_change()

    # -- life cycle -----------------------------------------------------------------------

    def close(self) -> None:
        """Finish the backups, keep what is pending, close the connection.

        Waits for the backup worker; takes one more backup when something changed since the
        last one; writes still-pending practices to the pending file so the next ``open``
        saves them. SQLite checkpoints the WAL when the last connection closes.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._worker is not None:
                self._worker.close()
            self._backup_at_close()
            self._keep_pending_on_disk()
            self._db.close()

    def __enter__(self) -> PracticeStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals ------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = schema.user_version(self._db.conn)
        schema.refuse_if_newer(version)
        if version == schema.CURRENT_VERSION:
            return
        if self.read_only:
            raise StoreError(
                "The practice log is read-only and needs a one-time update before it can be "
                "opened; make its folder writable and start stsdesk again."
            )
        try:
            schema.migrate(self._db, before=self._backup_before_migration)
        except StoreError:
            raise
        except sqlite3.Error as exc:
            if reason_of(exc) is StoreReason.OTHER:
                log.exception("Migrating the practice log from schema %d failed", version)
                raise StoreError(_MIGRATION_FAILED, reason=StoreReason.OTHER) from exc
            # A full or read-only disk is not a bug: say what the person can do about it.
            log.warning("The practice log could not be set up: %s", reason(exc))
            raise StoreError(
                f"The practice log could not be set up ({reason(exc)}); it was left as it was. "
                "Free some space or make its folder writable, then start stsdesk again.",
                reason=reason_of(exc),
            ) from exc
        except Exception as exc:
            log.exception("Migrating the practice log from schema %d failed", version)
            raise StoreError(_MIGRATION_FAILED) from exc

    def _backup_before_migration(self, version: int) -> None:
        if self.backups is not None:
            self.backup_now(f"before-v{schema.CURRENT_VERSION}-from-v{version}")

    def _insert(self, record: PracticeRecord) -> int:
        """Insert one practice and drop its own checkpoint, in one transaction. If another
        stsdesk kept that checkpoint as a stopped-early practice meanwhile, that copy gives
        way to the finished one."""
        row = _row(record)
        with self._db.atomic():
            if self._checkpointed == (row["started_utc"], row["exercise_id"]):
                self._db.execute(_SUPERSEDED, row)
            new_id = int(self._db.execute(_INSERT, row).lastrowid or 0)
            self._db.execute(
                _CLEAR_CHECKPOINT, (self._owner, row["started_utc"], row["exercise_id"])
            )
            if self._before_commit is not None:
                self._before_commit(new_id)
        return new_id

    def salvage_from(self, damaged: Path) -> int:
        """Bring back the practices a damaged copy of this log holds beyond this one's newest
        id (see ``salvage``), skipping what cannot be read; return how many were saved."""
        after = self._read(
            "SELECT max(coalesce((SELECT max(id) FROM practices), 0), coalesce((SELECT seq "
            "FROM sqlite_sequence WHERE name = 'practices'), 0))"
        )[0][0]
        records = []
        for row in salvage.salvage_rows(damaged, _COLUMNS, int(after)):
            try:
                records.append(_record(row))
            except (ValueError, TypeError, KeyError):
                log.warning("Skipping a damaged practice row %r", row[0])
        return self.import_practices(records)

    def _is_saved(self, record: PracticeRecord) -> bool:
        """Whether the log already holds this practice (same start instant and exercise)."""
        row = _row(record)
        found = self._db.execute(_SAVED, (row["started_utc"], row["exercise_id"])).fetchone()
        return found is not None

    def import_practices(self, records: Iterable[PracticeRecord]) -> int:
        """Save practices brought back from elsewhere (a damaged file's salvage) in one
        transaction, skipping invalid ones and those the log already holds; return how many.

        If the disk refuses, they are kept in ``pending`` instead, and 0 is returned.
        """
        fresh: list[PracticeRecord] = []
        for record in records:
            try:
                _validate(record)
            except (ValueError, TypeError):
                log.warning("Skipping an unreadable practice from a damaged log")
                continue
            fresh.append(replace(record, id=None))
        with self._lock:
            try:
                with self._db.atomic():
                    fresh = [r for r in _unique(fresh) if not self._is_saved(r)]
                    for record in fresh:
                        self._db.execute(_INSERT, _row(record))
            except sqlite3.Error:
                log.warning("Recovered practices could not be saved yet", exc_info=True)
                self._pending.extend(fresh)
                return 0
        if fresh:
            self._after_change()
        return len(fresh)

    def _change(self, sql: str, params: tuple[object, ...], what: str) -> None:
        with self._lock:
            self._require_writable(f"{what} was not changed")
            try:
                with self._db.atomic():
                    changed = self._db.execute(sql, params).rowcount
            except sqlite3.Error as exc:
                raise StoreError(
                    f"{what} could not be saved: {reason(exc)}.", reason=reason_of(exc)
                ) from exc
            if not changed:
                raise StoreError("That practice is no longer in your log.")
        self._after_change()

    def _require_writable(self, outcome: str) -> None:
        if self.read_only:
            raise StoreError(
                f"The practice log is read-only, so nothing can change. {outcome}.",
                reason=StoreReason.READ_ONLY,
            )

    def _compact(self) -> None:
        """Leave no deleted bytes behind: empty the WAL, rebuild the file, empty the WAL again."""
        checkpoint = "PRAGMA wal_checkpoint(TRUNCATE)"
        for step in (checkpoint, "VACUUM", checkpoint):
            try:
                with self._db.ensure_autocommit_on():
                    row = self._db.execute(step).fetchone()
            except sqlite3.Error as exc:
                raise StoreError(_traces_remain(reason(exc)), reason=reason_of(exc)) from exc
            if row is not None and row[0]:  # a reader elsewhere kept the WAL in use
                raise StoreError(_traces_remain("another program is using the practice log"))

    def _after_change(self) -> None:
        """Ask the worker for a backup if one is due; it never slows or fails the change."""
        with self._lock:
            self._changes += 1
            if self._worker is not None and not self.read_only:
                self._worker.request(self._changes)

    def _backup_at_close(self) -> None:
        """One last backup when something changed since the newest one (never while paused)."""
        backed_up = max(self._backed_up_changes, self._worker.backed_up if self._worker else 0)
        if self.backups is None or self.read_only or self._changes <= backed_up:
            return
        if self.backups.paused:
            return
        try:
            self.backup_now()
        except (StoreError, OSError, sqlite3.Error):
            log.warning("The backup at close failed", exc_info=True)

    # -- pending practices across a restart ----------------------------------------------

    def _import_pending_files(self) -> None:
        """Queue the practices an earlier run could not save, then try to save them now.

        A file is removed only once what it holds is in the log (at ``close``). Practices the
        log already holds are skipped, so an import cut short by a crash is never doubled.
        """
        found: list[PracticeRecord] = []
        for directory in self._pending_dirs:
            path = directory / PENDING_FILE
            if not path.exists():
                continue
            try:
                found += _read_pending(path)
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("Could not read the unsaved practices in %s", path, exc_info=True)
                continue  # left in place, never deleted
            self._pending_sources.append(path)
        fresh = [r for r in _unique(found) if not self._is_saved(r)]
        self.imported_pending = len(fresh)
        self._pending.extend(fresh)
        if self._pending and not self.read_only:
            with contextlib.suppress(StoreError):
                self.retry_pending()
        if not self._pending:
            self._remove_pending_sources(keep=None)

    def _keep_pending_on_disk(self) -> None:
        """Write still-pending practices to the first folder that takes them (owner-only)."""
        if not self._pending:
            self._remove_pending_sources(keep=None)
            return
        for directory in self._pending_dirs:
            try:
                written = _write_pending(directory / PENDING_FILE, self._pending)
            except OSError:
                log.warning("Could not keep unsaved practices in %s", directory, exc_info=True)
                continue
            self._remove_pending_sources(keep=written)
            return
        log.error("%d unsaved practices could not be kept anywhere", len(self._pending))

    def _remove_pending_sources(self, keep: Path | None) -> None:
        for path in self._pending_sources:
            if path != keep:
                with contextlib.suppress(OSError):
                    path.unlink()
        self._pending_sources = [keep] if keep is not None else []

    # -- checkpoints of running practices -------------------------------------------------

    def _recover_checkpoints(self) -> None:
        """Keep every checkpoint whose stsdesk is gone as a stopped-early practice.

        In one transaction with removing the checkpoints; a practice the log (or the pending
        file) already holds is not doubled. A problem here is logged, never fatal.
        """
        if self.read_only:
            return
        recovered: list[PracticeRecord] = []
        try:
            with self._lock, self._db.atomic():
                rows = self._db.execute(
                    f"SELECT owner, updated_utc, {_FIELDS} FROM in_progress"
                ).fetchall()
                for owner, updated, *values in rows:
                    if _is_live(owner, updated, self.clock()):
                        continue
                    self._db.execute("DELETE FROM in_progress WHERE owner = ?", (owner,))
                    record = _checkpointed(values)
                    if record is not None and not self._is_saved(record):
                        recovered.append(replace(record, id=self._insert(record)))
        except sqlite3.Error:
            log.warning("Could not recover an unfinished practice", exc_info=True)
            return
        if recovered:
            self.recovered_checkpoint = max(recovered, key=lambda r: r.started_at)
            self._after_change()

    def _reopen_if_writable(self) -> None:
        """Reconnect, writable if the user fixed the log's permissions meanwhile.

        The read-only connection is closed first: within a process SQLite shares one mapping
        of the ``-shm`` per file, so a new connection would inherit its read-only one.
        """
        self._db.close()
        self._db, self.read_only = _open_database(self.path)
        if not self.read_only:
            self._migrate()

    def _read(
        self, sql: str, params: Sequence[object] | dict[str, object] = ()
    ) -> list[salvage.Row]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(
                    f"The practice log could not be read: {reason(exc)}.", reason=reason_of(exc)
                ) from exc

    def _select(self, sql: str, params: tuple[object, ...] = ()) -> list[PracticeRecord]:
        return [_record(row) for row in self._read(sql, params)]


def _open_database(path: Path) -> tuple[Database, bool]:
    """Connect and set the pragmas; fall back to read-only when the file or folder refuses writes.

    Returns the database and whether it is read-only. Nothing is written to an existing file
    here except turning on WAL, and not even that for a file from a newer stsdesk.
    """
    # On a read-only disk or folder neither can happen; SQLite then decides below whether the
    # log can still be read.
    with contextlib.suppress(OSError):
        create_private_file(path)
        for sidecar in sidecars(path):
            make_private(sidecar)
            _let_owner_write(sidecar, path)
    read_only = False
    try:
        conn = sqlite3.connect(path, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(
            f"The practice log cannot be opened: {reason(exc)}.", reason=reason_of(exc)
        ) from exc
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        version = schema.user_version(conn)
    except sqlite3.Error as exc:
        conn.close()
        if not is_read_only_error(exc):
            raise StoreError(
                f"The practice log cannot be opened: {reason(exc)}.", reason=reason_of(exc)
            ) from exc
        # A read-only folder: SQLite cannot create the -wal/-shm files WAL needs to read, so
        # read the file as immutable (nothing can change it while the folder is read-only).
        uri = f"{path.resolve().as_uri()}?immutable=1"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            version = schema.user_version(conn)
        except sqlite3.Error as second:
            conn.close()
            raise StoreError(
                f"The practice log cannot be opened: {reason(second)}.", reason=reason_of(second)
            ) from second
        read_only = True
    try:
        schema.refuse_if_newer(version)
        read_only = read_only or not _can_write(conn)
        _configure(conn, read_only)
    except BaseException:
        conn.close()
        raise
    return Database(conn, execute_plugins=False), read_only


def _let_owner_write(sidecar: Path, database: Path) -> None:
    """Give the owner write access to a sidecar again once the log itself is writable.

    SQLite gives ``-shm`` the log's mode; after a log made read-only (0400) is fixed, the stale
    read-only ``-shm`` would keep it read-only for good. Only for the owner's own regular file,
    never through a link, and only when the log file is writable (the user fixed it).
    """
    if os.name != "posix" or not os.access(database, os.W_OK, follow_symlinks=False):
        return
    fd = os.open(sidecar, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        writable = info.st_mode & stat.S_IWUSR
        if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid() and not writable:
            os.fchmod(fd, (stat.S_IMODE(info.st_mode) | 0o600) & 0o700)
    finally:
        os.close(fd)


def _can_write(conn: sqlite3.Connection) -> bool:
    """Probe for write access without changing anything: rewrite the header field in a
    transaction that is rolled back. (As root, permission bits alone would say yes.)"""
    try:
        conn.execute("BEGIN IMMEDIATE")
        version = schema.user_version(conn)
        conn.execute(f"PRAGMA user_version = {version:d}")
    except sqlite3.OperationalError as exc:
        if is_read_only_error(exc):
            return False
        raise
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    return True


def _configure(conn: sqlite3.Connection, read_only: bool) -> None:
    if not read_only:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise StoreError(f"The practice log could not switch to WAL mode (it is in {mode}).")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")  # VACUUM's scratch copy never reaches /tmp


def _traces_remain(why: str) -> str:
    return (
        f"Your practices and backups are deleted, but traces may remain in the log file because "
        f"{why}. Close other programs using it and delete all again."
    )


def _kept_message(why: str, count: int) -> str:
    what = "This practice" if count == 1 else f"These {count} practices"
    return (
        f"{what} could not be saved yet because {why}. Nothing is lost: it is kept while "
        "stsdesk stays open and saved when you retry. Free some space or fix the disk, then retry."
    )


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _pid_alive(pid: int) -> bool | None:
    """Whether process ``pid`` runs on this computer; ``None`` where that cannot be asked
    safely (on Windows ``os.kill`` would end it)."""
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return None
    return True


def _process_started(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from ``/proc``), or ``None`` where
    that cannot be read: with its number it names one process, even after the number is reused."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return stat_line.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _owner_id(pid: int) -> str:
    """Who holds a checkpoint: ``host:pid:started-token`` (``started`` may be empty)."""
    return f"{platform.node()}:{pid}:{_process_started(pid) or ''}-{uuid.uuid4().hex[:12]}"


def _is_live(owner: str, updated: str, now: datetime) -> bool:
    """Whether a checkpoint's stsdesk may still be running its practice (leave it alone).

    Our own process's checkpoints are from a store that is gone. Another process on this
    computer is asked: the very process that wrote it (same number and start time) is live
    however long its practice has been paused; where only the number can be asked, for an
    hour. Elsewhere (a shared folder) or where nothing can be asked, a checkpoint only a
    little old counts as live, since the app refreshes it every few seconds.
    """
    try:
        host, pid_text, token = owner.rsplit(":", 2)
        age = abs(now - datetime.strptime(updated, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC))
        pid = int(pid_text)
    except (ValueError, TypeError):
        return False
    here = host == platform.node()
    if here and pid == os.getpid():
        return False
    alive = _pid_alive(pid) if here else None
    if alive is None:
        return age < _LIVE_UNKNOWN_FOR
    started, _, _ = token.rpartition("-")
    now_started = _process_started(pid) if alive and started else None
    if now_started is not None:
        return now_started == started
    return alive and age < _LIVE_FOR


def _checkpointed(values: Sequence[object]) -> PracticeRecord | None:
    """The stopped-early practice a checkpoint row stands for, or ``None`` if it is invalid."""
    try:
        record = replace(
            _from_fields(dict(zip(_FIELD_NAMES, values, strict=True))), completed=False
        )
        _validate(record)
    except (ValueError, TypeError, KeyError):
        log.warning("Dropping an unreadable practice checkpoint")
        return None
    return record


def _unique(records: Iterable[PracticeRecord]) -> list[PracticeRecord]:
    """``records`` without repeats of the same practice (start instant and exercise)."""
    seen: set[tuple[object, object]] = set()
    unique = []
    for record in records:
        row = _row(record)
        key = (row["started_utc"], row["exercise_id"])
        if key not in seen:
            seen.add(key)
            unique.append(record)
    return unique


def _read_pending(path: Path) -> list[PracticeRecord]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != _PENDING_FORMAT:
        raise ValueError(f"unknown pending-file format {data.get('format')!r}")
    records = [_from_fields(fields) for fields in data["practices"]]
    for record in records:
        _validate(record)
    return records


def _write_pending(path: Path, records: Sequence[PracticeRecord]) -> Path:
    """Write ``records`` durably and owner-only (temporary file, fsync, rename); return path."""
    make_private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    create_private_file(temporary)
    payload = {"format": _PENDING_FORMAT, "practices": [_row(r) for r in records]}
    try:
        temporary.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        fsync_file(temporary)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    fsync_directory(path.parent)
    return path


def _validate(record: PracticeRecord) -> None:
    if record.started_at.utcoffset() is None:
        raise ValueError("started_at must be an aware datetime in the local UTC offset")
    if record.local_day != record.started_at.date():
        raise ValueError("local_day must be the date of started_at (its local wall time)")
    for name in ("distress_before", "distress_after"):
        value = getattr(record, name)
        if value is not None and not 0 <= value <= 10:
            raise ValueError(f"{name} must be between 0 and 10")
    if record.minutes_chosen < 0 or record.practiced_seconds < 0:
        raise ValueError("durations cannot be negative")
    _row(record)  # unknown source or zone values fail here, before anything is kept


def _row(record: PracticeRecord) -> dict[str, object]:
    return {
        "exercise_id": record.exercise_id,
        "exercise_title": record.exercise_title,
        "family": record.family,
        "minutes_chosen": record.minutes_chosen,
        "started_at": record.started_at.isoformat(),
        "started_utc": record.started_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "time_zone": record.time_zone,
        "local_day": record.local_day.isoformat(),
        "practiced_seconds": record.practiced_seconds,
        "completed": int(record.completed),
        "source": Source(record.source).value,
        "distress_before": record.distress_before,
        "distress_after": record.distress_after,
        "zone_before": Zone(record.zone_before).value if record.zone_before else None,
        "zone_after": Zone(record.zone_after).value if record.zone_after else None,
        "note": record.note,
        "tags": json.dumps(list(record.tags), ensure_ascii=False),
    }


def _from_fields(fields: dict[str, object]) -> PracticeRecord:
    """A record from ``_row``'s dictionary (the pending file, a checkpoint row)."""
    return _record((None, *(fields[name] for name in _FIELD_NAMES if name != "started_utc")))


def _record(row: salvage.Row) -> PracticeRecord:
    (
        record_id,
        exercise_id,
        title,
        family,
        minutes,
        started_at,
        time_zone,
        local_day,
        seconds,
        completed,
        source,
        before,
        after,
        zone_before,
        zone_after,
        note,
        tags,
    ) = row
    return PracticeRecord(
        exercise_id=exercise_id,
        exercise_title=title,
        family=family,
        minutes_chosen=minutes,
        started_at=datetime.fromisoformat(started_at),
        time_zone=time_zone,
        local_day=date.fromisoformat(local_day),
        practiced_seconds=seconds,
        completed=bool(completed),
        source=_SOURCES[source],
        distress_before=before,
        distress_after=after,
        zone_before=_ZONES[zone_before] if zone_before else None,
        zone_after=_ZONES[zone_after] if zone_after else None,
        note=note,
        tags=tuple(json.loads(tags)) if tags != "[]" else (),
        id=record_id,
    )
