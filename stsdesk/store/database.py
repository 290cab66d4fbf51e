"""The practice log as a SQLite file: one connection per process, the only writer.

Every connection runs WAL with ``synchronous=FULL`` (a COMMIT that returned survives a crash of
the app or the machine), a busy timeout, foreign keys and ``secure_delete`` (deleted notes are
overwritten, not left in free pages). ``add`` returns only after COMMIT, which is what lets the
player say "saved". When the disk is full or read-only the record is kept in memory
(``pending``) and ``retry_pending`` saves it later: a practice is never silently dropped.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType

from sqlite_utils import Database

from stsdesk.core.errors import StoreError
from stsdesk.core.records import PracticeRecord, Source, Zone
from stsdesk.core.stats import ExerciseTally, Summary
from stsdesk.store import schema
from stsdesk.store.backup import Backups
from stsdesk.store.errors import is_read_only_error, reason
from stsdesk.store.files import create_private_file, make_private, sidecars

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

DELETE_ALL_DONE = (
    "Your practice log and all its backups are deleted. Exports you saved elsewhere are not "
    "touched: they are yours to delete."
)

_COLUMNS = (
    "id, exercise_id, exercise_title, family, minutes_chosen, started_at, time_zone, local_day, "
    "practiced_seconds, completed, source, distress_before, distress_after, zone_before, "
    "zone_after, note, tags"
)
_INSERT = (
    "INSERT INTO practices (exercise_id, exercise_title, family, minutes_chosen, started_at, "
    "started_utc, time_zone, local_day, practiced_seconds, completed, source, distress_before, "
    "distress_after, zone_before, zone_after, note, tags) VALUES (:exercise_id, :exercise_title, "
    ":family, :minutes_chosen, :started_at, :started_utc, :time_zone, :local_day, "
    ":practiced_seconds, :completed, :source, :distress_before, :distress_after, :zone_before, "
    ":zone_after, :note, :tags)"
)
_ONE_DAY = timedelta(days=1)
_SOURCES = {source.value: source for source in Source}
_ZONES = {zone.value: zone for zone in Zone}


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
    ) -> None:
        self._db = db
        self._lock = threading.RLock()
        self._pending: list[PracticeRecord] = []
        self._before_commit = before_commit
        self.path = path
        self.read_only = read_only
        self.backups = backups
        self.quarantine = quarantine
        self.clock = clock

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        backups: Backups | None = None,
        quarantine: Path | None = None,
        clock: Clock = utc_now,
        before_commit: Callable[[int], object] | None = None,
    ) -> PracticeStore:
        """Open the log at ``path`` (created owner-only if missing) and bring its schema up to date.

        Does not judge damage: ``recovery.open_log`` checks the file before calling this. A
        log from a newer stsdesk raises ``DatabaseTooNewError`` before anything is written.
        With ``backups``, an existing log is backed up before it is migrated, and after changes
        once a day. ``quarantine`` is the folder delete-all empties as well.
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
        )
        try:
            store._migrate()
        except BaseException:
            db.close()
            raise
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
                        _kept_message("the practice log is read-only", len(self._pending))
                    )
                try:
                    saved.append(self._insert(self._pending[0]))
                except sqlite3.Error as exc:
                    raise StoreError(_kept_message(reason(exc), len(self._pending))) from exc
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

        Deletes the rows, checkpoints the WAL to zero bytes, VACUUMs away free pages, and
        removes all backups and the quarantine folder. The returned sentence reminds the user
        that exports saved elsewhere are theirs to delete.
        """
        with self._lock:
            self._require_writable("Nothing was deleted")
            try:
                with self._db.atomic():
                    self._db.execute("DELETE FROM practices")
                    self._db.execute("DELETE FROM sqlite_sequence")
            except sqlite3.Error as exc:
                raise StoreError(f"Nothing was deleted: {reason(exc)}. Please try again.") from exc
            self._pending.clear()
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
            return self.backups.create(self._db.conn, self.clock(), label)

    @property
    def backups_paused(self) -> bool:
        """Whether automatic backups wait for the user to confirm a restored log."""
        return self.backups is not None and self.backups.paused

    def resume_backups(self) -> None:
        """The user confirmed the restored log: back up again from now on."""
        if self.backups is not None:
            self.backups.resume()
            self._after_change()

    # -- life cycle -----------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (SQLite checkpoints the WAL when the last one closes)."""
        with self._lock:
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
        except Exception as exc:
            log.exception("Migrating the practice log from schema %d failed", version)
            raise StoreError(
                "The practice log could not be updated for this version of stsdesk; it was left "
                "as it was. Please report this problem."
            ) from exc

    def _backup_before_migration(self, version: int) -> None:
        if self.backups is not None:
            self.backup_now(f"before-v{schema.CURRENT_VERSION}-from-v{version}")

    def _insert(self, record: PracticeRecord) -> int:
        with self._db.atomic():
            new_id = int(self._db.execute(_INSERT, _row(record)).lastrowid or 0)
            if self._before_commit is not None:
                self._before_commit(new_id)
        return new_id

    def _change(self, sql: str, params: tuple[object, ...], what: str) -> None:
        with self._lock:
            self._require_writable(f"{what} was not changed")
            try:
                with self._db.atomic():
                    changed = self._db.execute(sql, params).rowcount
            except sqlite3.Error as exc:
                raise StoreError(f"{what} could not be saved: {reason(exc)}.") from exc
            if not changed:
                raise StoreError("That practice is no longer in your log.")
        self._after_change()

    def _require_writable(self, outcome: str) -> None:
        if self.read_only:
            raise StoreError(f"The practice log is read-only, so nothing can change. {outcome}.")

    def _compact(self) -> None:
        """Leave no deleted bytes behind: empty the WAL, rebuild the file, empty the WAL again."""
        checkpoint = "PRAGMA wal_checkpoint(TRUNCATE)"
        for step in (checkpoint, "VACUUM", checkpoint):
            try:
                with self._db.ensure_autocommit_on():
                    row = self._db.execute(step).fetchone()
            except sqlite3.Error as exc:
                raise StoreError(_traces_remain(reason(exc))) from exc
            if row is not None and row[0]:  # a reader elsewhere kept the WAL in use
                raise StoreError(_traces_remain("another program is using the practice log"))

    def _after_change(self) -> None:
        """Take the daily backup if one is due; a failed backup never fails the change."""
        if self.backups is None or self.read_only:
            return
        try:
            with self._lock:
                self.backups.maybe_backup(self._db.conn, self.clock())
        except (StoreError, OSError, sqlite3.Error):
            log.warning("Automatic backup failed", exc_info=True)

    def _reopen_if_writable(self) -> None:
        db, read_only = _open_database(self.path)
        if read_only:
            db.close()
            return
        self._db.close()
        self._db = db
        self.read_only = False
        self._migrate()

    def _read(self, sql: str, params: Sequence[object] | dict[str, object] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"The practice log could not be read: {reason(exc)}.") from exc

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
    read_only = False
    try:
        conn = sqlite3.connect(path, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"The practice log cannot be opened: {reason(exc)}.") from exc
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        version = schema.user_version(conn)
    except sqlite3.Error as exc:
        conn.close()
        if not is_read_only_error(exc):
            raise StoreError(f"The practice log cannot be opened: {reason(exc)}.") from exc
        # A read-only folder: SQLite cannot create the -wal/-shm files WAL needs to read, so
        # read the file as immutable (nothing can change it while the folder is read-only).
        uri = f"{path.resolve().as_uri()}?immutable=1"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            version = schema.user_version(conn)
        except sqlite3.Error as second:
            conn.close()
            raise StoreError(f"The practice log cannot be opened: {reason(second)}.") from second
        read_only = True
    try:
        schema.refuse_if_newer(version)
        read_only = read_only or not _can_write(conn)
        _configure(conn, read_only)
    except BaseException:
        conn.close()
        raise
    return Database(conn, execute_plugins=False), read_only


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


def _record(row: tuple) -> PracticeRecord:
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
