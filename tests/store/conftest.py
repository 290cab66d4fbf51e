"""Fixtures for the store tests: real SQLite files under ``tmp_path``, a fake clock, records.

Tests cannot import each other (importlib import mode), so shared helpers are fixtures.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from stsdesk.core.days import stamp
from stsdesk.core.records import PracticeRecord, Source, Zone
from stsdesk.infra.paths import AppPaths, resolve_paths
from stsdesk.store.database import PracticeStore
from stsdesk.store.recovery import OpenResult, open_log

RecordFactory = Callable[..., PracticeRecord]


class FakeClock:
    """A settable UTC wall clock."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 10, 17, 0, tzinfo=UTC))


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    """All app paths under one fresh data directory, created owner-only as the app does."""
    app_paths = resolve_paths(tmp_path / "data")
    app_paths.ensure()
    return app_paths


@pytest.fixture
def make_record() -> RecordFactory:
    """Build a valid record; ``at`` is a UTC instant (or ISO text) stamped in ``zone``."""

    def make(
        at: datetime | str = "2026-03-08T17:30:00+00:00",
        *,
        zone: str = "America/Los_Angeles",
        exercise_id: str = "box-breathing",
        title: str = "Box breathing",
        family: str = "breathing",
        minutes: float = 3,
        seconds: float = 180,
        completed: bool = True,
        source: Source = Source.GUIDED,
        before: int | None = None,
        after: int | None = None,
        zone_before: Zone | None = None,
        zone_after: Zone | None = None,
        note: str = "",
        tags: tuple[str, ...] = (),
    ) -> PracticeRecord:
        instant = datetime.fromisoformat(at) if isinstance(at, str) else at
        started_at, local_day = stamp(instant, zone)
        return PracticeRecord(
            exercise_id=exercise_id,
            exercise_title=title,
            family=family,
            minutes_chosen=minutes,
            started_at=started_at,
            time_zone=zone,
            local_day=local_day,
            practiced_seconds=seconds,
            completed=completed,
            source=source,
            distress_before=before,
            distress_after=after,
            zone_before=zone_before,
            zone_after=zone_after,
            note=note,
            tags=tags,
        )

    return make


@pytest.fixture
def open_app_log(paths: AppPaths, clock: FakeClock) -> Iterator[Callable[[], OpenResult]]:
    """Open the log the way the app does (``open_log``); every store opened is closed after."""
    opened: list[PracticeStore] = []

    def run() -> OpenResult:
        result = open_log(paths, clock=clock)
        if result.store is not None:
            opened.append(result.store)
        return result

    yield run
    for store in opened:
        store.close()


@pytest.fixture
def crash() -> Callable[[PracticeStore], None]:
    """End a store as a crash would: no backup at close, no pending file, just the file as the
    last COMMIT left it (the connection is closed so the test can damage the file)."""

    def end(store: PracticeStore) -> None:
        store.wait_for_backups()
        if store._worker is not None:
            store._worker.close()
        store._db.close()
        store._closed = True

    return end


@pytest.fixture
def store(open_app_log: Callable[[], OpenResult]) -> PracticeStore:
    """A fresh, empty log opened as the app does, with backups and a fake clock."""
    result = open_app_log()
    assert result.store is not None
    return result.store


@pytest.fixture
def raw_rows() -> Callable[[Path], list[tuple]]:
    """Read a log file with plain sqlite3 (no stsdesk code): every row, in id order."""

    def read(path: Path) -> list[tuple]:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT * FROM practices ORDER BY id").fetchall()
        finally:
            conn.close()

    return read


@pytest.fixture
def integrity() -> Callable[[Path], str]:
    """``PRAGMA integrity_check`` of a file as one string; an exception is reported, not raised."""

    def check(path: Path) -> str:
        try:
            conn = sqlite3.connect(path)
            try:
                rows = conn.execute("PRAGMA integrity_check").fetchall()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            return f"error: {exc}"
        return "; ".join(str(row[0]) for row in rows)

    return check
