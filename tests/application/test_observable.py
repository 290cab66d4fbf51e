"""The observable state without Qt: one "changed" after every write; settings per key."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from stsdesk.application.journal_service import JournalService
from stsdesk.application.settings_service import SettingsService
from stsdesk.core.days import stamp
from stsdesk.core.errors import StoreError
from stsdesk.core.ports import MemoryPracticeLog
from stsdesk.core.records import PracticeRecord
from stsdesk.core.settings import Settings
from stsdesk.infra.settings_file import save_user_settings

HERE = timezone(timedelta(hours=2))


def _record(hour: int = 9) -> PracticeRecord:
    started, day = stamp(datetime(2026, 5, 4, hour, tzinfo=HERE), "")
    return PracticeRecord(
        exercise_id="grounding-feet-and-seat",
        exercise_title="Grounding",
        family="resiliency",
        minutes_chosen=3,
        started_at=started,
        time_zone="",
        local_day=day,
        practiced_seconds=180.0,
        completed=True,
    )


class RefusingLog(MemoryPracticeLog):
    """A log whose disk refuses: ``add`` keeps the practice pending, edits fail outright."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[PracticeRecord] = []

    def add(self, record: PracticeRecord) -> int:
        self.kept.append(record)
        raise StoreError("The disk is full; the practice is kept.")

    def update_note(self, record_id: int, note: str) -> None:
        raise StoreError("The practice log is read-only.")

    @property
    def pending(self):
        return tuple(self.kept)


def _counted(service: JournalService) -> list[None]:
    seen: list[None] = []
    service.changed.connect(seen.append)
    return seen


def test_every_write_announces_the_change_once() -> None:
    journal = JournalService(MemoryPracticeLog())
    seen = _counted(journal)
    first = journal.add(_record(9))
    assert len(seen) == 1
    journal.update_note(first, "steadier")
    journal.delete(first)
    journal.add(_record(10))
    journal.retry_pending()
    journal.import_practices([_record(11), _record(12)])
    journal.delete_all()
    assert len(seen) == 7
    assert journal.count() == 0


def test_a_new_log_replacing_the_old_is_announced_and_used() -> None:
    journal = JournalService(MemoryPracticeLog())
    seen = _counted(journal)
    fresh = MemoryPracticeLog([_record()])
    journal.replace(fresh)
    assert len(seen) == 1
    assert journal.journal is fresh
    assert journal.count() == 1


def test_reads_and_checkpoints_announce_nothing() -> None:
    journal = JournalService(MemoryPracticeLog([_record()]))
    seen = _counted(journal)
    journal.records()
    journal.recent(5)
    journal.summary(4)
    journal.checkpoint(_record())
    journal.discard_checkpoint()
    assert seen == []


def test_a_refused_write_is_announced_only_when_it_left_a_practice_pending() -> None:
    journal = JournalService(RefusingLog())
    seen = _counted(journal)
    with pytest.raises(StoreError):
        journal.update_note(1, "nothing changes")
    assert seen == []
    with pytest.raises(StoreError, match="kept"):
        journal.add(_record())
    assert len(seen) == 1  # the practice is pending now: the watcher must look
    assert len(journal.pending) == 1


def _settings_service(path: Path, settings: Settings | None = None) -> SettingsService:
    return SettingsService(settings or Settings(), lambda s: save_user_settings(path, s.user))


def test_a_setting_is_written_then_applied_and_announced_by_its_key(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    service = _settings_service(path)
    keys: list[str] = []
    service.changed.connect(keys.append)
    service.set("appearance.theme", "dark")
    assert service["appearance.theme"] == "dark"
    assert 'theme = "dark"' in path.read_text(encoding="utf-8")
    assert keys == ["appearance.theme"]
    service.set("appearance.theme", "dark")  # the same value again: nothing to say
    assert keys == ["appearance.theme"]
    service.unset("appearance.theme")
    assert service["appearance.theme"] == Settings()["appearance.theme"]
    assert keys == ["appearance.theme", "appearance.theme"]


def test_a_failed_write_raises_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.mkdir()  # a folder where the file must go
    service = _settings_service(path)
    keys: list[str] = []
    service.changed.connect(keys.append)
    before = service.current
    with pytest.raises(IsADirectoryError):
        service.set("practice.voice", not before["practice.voice"])
    assert service.current is before
    assert service["practice.voice"] == before["practice.voice"]
    assert keys == []


def test_bad_values_and_locked_keys_are_refused_before_writing(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    locked = Settings(org_locked={"practice.voice": False})
    service = _settings_service(path, locked)
    with pytest.raises(PermissionError):
        service.set("practice.voice", True)
    with pytest.raises(ValueError, match="must be one of"):
        service.set("appearance.theme", "neon")
    assert not path.exists()
    assert service.is_locked("practice.voice")
