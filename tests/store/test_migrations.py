"""R14: earlier schemas migrate, a newer one is refused untouched, a failure changes nothing."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from stsdesk.core.errors import DatabaseTooNewError, StoreError
from stsdesk.store import schema
from stsdesk.store.backup import check_file
from stsdesk.store.recovery import OpenStatus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"
VERSIONS = range(1, schema.CURRENT_VERSION + 1)


def _user_data(path: Path, version: int) -> tuple[int, str]:
    """Row count and a hash of the user columns that version ``version`` had."""
    columns = sorted(schema.COLUMNS[version])
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM practices ORDER BY id").fetchall()
    finally:
        conn.close()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_there_is_a_fixture_for_every_schema_version() -> None:
    assert sorted(FIXTURES.glob("v*.sqlite3")) == [FIXTURES / f"v{v}.sqlite3" for v in VERSIONS]


@pytest.mark.parametrize("version", VERSIONS)
def test_each_released_version_opens_at_the_current_one(
    version, paths, open_app_log, integrity
) -> None:
    fixture = FIXTURES / f"v{version}.sqlite3"
    shutil.copyfile(fixture, paths.database)
    expected = _user_data(fixture, version)

    result = open_app_log()

    assert result.report.status is OpenStatus.OK
    store = result.store
    assert store is not None
    conn = store._db.conn
    assert schema.user_version(conn) == schema.CURRENT_VERSION
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    store.close()
    assert integrity(paths.database) == "ok"
    assert _user_data(paths.database, version) == expected
    if version < schema.CURRENT_VERSION:
        assert any("before-v" in b.path.name for b in store.backups.entries())


def test_fixture_canaries_read_back_through_the_store(paths, open_app_log) -> None:
    shutil.copyfile(FIXTURES / "v1.sqlite3", paths.database)
    store = open_app_log().store
    assert store is not None
    by_zone = {r.time_zone: r for r in store.records()}
    assert by_zone["Asia/Tokyo"].note == "Café ☕ — ça va; 東京"
    assert by_zone["Asia/Tokyo"].tags == ("travel", "court")
    assert by_zone[""].started_at.isoformat() == "2026-06-12T07:15:00-04:00"


def test_a_new_log_starts_at_the_current_version_without_a_backup(paths, open_app_log) -> None:
    result = open_app_log()
    assert result.report.status is OpenStatus.CREATED
    assert result.store is not None
    assert schema.user_version(result.store._db.conn) == schema.CURRENT_VERSION
    assert result.store.backups.entries() == []  # nothing existed to back up


def test_a_log_from_a_newer_stsdesk_is_refused_and_left_untouched(paths, open_app_log) -> None:
    shutil.copyfile(FIXTURES / f"v{schema.CURRENT_VERSION}.sqlite3", paths.database)
    conn = sqlite3.connect(paths.database)
    conn.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 1}")
    conn.close()
    before = _sha256(paths.database)

    with pytest.raises(DatabaseTooNewError, match="newer version of stsdesk") as raised:
        open_app_log()

    assert "left untouched" in str(raised.value)
    assert _sha256(paths.database) == before
    assert sorted(p.name for p in paths.data.iterdir() if p.is_file()) == [paths.database.name]
    assert not paths.quarantine.exists()


def _v2_add_mood(db: Database) -> None:
    db.execute("ALTER TABLE practices ADD COLUMN mood TEXT NOT NULL DEFAULT ''")


def _future_ladder(monkeypatch: pytest.MonkeyPatch, *steps: schema.Migration) -> None:
    """Pretend this stsdesk ships more schema versions than it does."""
    ladder = (*schema.MIGRATIONS, *steps)
    monkeypatch.setattr(schema, "MIGRATIONS", ladder)
    monkeypatch.setattr(schema, "CURRENT_VERSION", len(ladder))
    columns = dict(schema.COLUMNS)
    for version in range(len(schema.COLUMNS) + 1, len(ladder) + 1):
        columns[version] = columns[version - 1] | {"mood"}
    monkeypatch.setattr(schema, "COLUMNS", columns)


def test_a_later_version_can_add_a_column(paths, open_app_log, monkeypatch) -> None:
    released = schema.CURRENT_VERSION
    shutil.copyfile(FIXTURES / f"v{released}.sqlite3", paths.database)
    expected = _user_data(paths.database, released)
    _future_ladder(monkeypatch, _v2_add_mood)

    result = open_app_log()

    store = result.store
    assert store is not None
    assert schema.user_version(store._db.conn) == released + 1
    assert len(store.records()) == expected[0]
    (backup,) = store.backups.entries()
    assert backup.path.name.endswith(f"-before-v{released + 1}-from-v{released}.sqlite3")
    assert check_file(backup.path) is None
    assert _user_data(backup.path, released) == expected
    store.close()
    assert _user_data(paths.database, released) == expected


def test_a_failing_migration_leaves_the_log_as_it_was(paths, open_app_log, monkeypatch) -> None:
    released = schema.CURRENT_VERSION
    shutil.copyfile(FIXTURES / f"v{released}.sqlite3", paths.database)
    expected = _user_data(paths.database, released)

    def broken(db: Database) -> None:
        _v2_add_mood(db)
        db.execute("UPDATE practices SET note = 'half-migrated'")
        raise RuntimeError("injected failure in the last step")

    _future_ladder(monkeypatch, broken)

    with pytest.raises(StoreError, match="it was left as it was"):
        open_app_log()

    conn = sqlite3.connect(paths.database)
    try:
        assert schema.user_version(conn) == released
        columns = {row[1] for row in conn.execute("PRAGMA table_info(practices)")}
    finally:
        conn.close()
    assert "mood" not in columns
    assert _user_data(paths.database, released) == expected
    (backup,) = [p for p in paths.backups.iterdir() if p.name.startswith("backup-")]
    assert "before-v" in backup.name
    assert _user_data(backup, released) == expected


def test_migrating_to_v2_fills_the_totals_from_existing_practices(paths, open_app_log) -> None:
    from stsdesk.core import stats

    shutil.copyfile(FIXTURES / "v1.sqlite3", paths.database)
    store = open_app_log().store
    assert store is not None
    assert store.count() == 5
    for boundary in (0, 4):
        assert store.summary(boundary) == stats.summarise(store.records(), boundary)
