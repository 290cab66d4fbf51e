"""The doors the core calls out through; adapters outside the core implement them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from stsdesk.core.records import PracticeRecord
from stsdesk.core.stats import Summary, summarise


class PracticeLog(Protocol):
    """Where finished practices go. ``add`` returns only after the record is durable."""

    def add(self, record: PracticeRecord) -> int:
        """Store one record in one transaction and return its id."""
        ...

    def records(self) -> Sequence[PracticeRecord]:
        """All records, oldest first."""
        ...


class AudioPort(Protocol):
    """Sound output for the player. Every method must be safe to call with no device.

    Sounds are decoded by ``prepare`` before a practice, so nothing on the play path touches
    the disk; the player's poll timer calls ``tick`` to move ambience ducking along.
    """

    @property
    def available(self) -> bool:
        """Whether sound can actually be heard."""
        ...

    def prepare(
        self,
        voice: Mapping[str, Path],
        bells: Mapping[str, Path],
        ambience: Mapping[str, Path],
    ) -> Sequence[Path]:
        """Decode every sound a practice may play, by key; return the files that were skipped."""
        ...

    def play_voice(self, clip: str) -> None:
        """Start a narration clip (a key prepared by ``prepare``); nothing if the voice is off."""
        ...

    def stop_voice(self) -> None:
        """Hush the narration with a short fade (the user skipped ahead)."""
        ...

    def play_bell(self, name: str) -> None:
        """Ring one of the bells: ``start``, ``step`` or ``end``."""
        ...

    def set_ambience(self, name: str | None) -> None:
        """Fade a background bed in, or out when ``None``."""
        ...

    def set_volume(self, volume: float) -> None:
        """Master volume, 0..1 as on a slider."""
        ...

    def set_voice_enabled(self, enabled: bool) -> None:
        """Voice on or off (captions only); off also hushes a clip that is playing."""
        ...

    def tick(self, now: float) -> None:
        """Called by the poll timer with monotonic seconds: duck the ambience under the voice."""
        ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def stop(self) -> None:
        """End the practice's sound with a short fade."""
        ...

    def release(self) -> None:
        """The practice is over: the device may close a little later (``prepare`` reopens it)."""
        ...

    def close(self) -> None:
        """Release the device when the app quits; silent afterwards."""
        ...


class Notifier(Protocol):
    """A quiet message to the user (tray bubble, banner); never carries private data."""

    def notify(self, title: str, text: str) -> None: ...


class Journal(PracticeLog, Protocol):
    """The practice log as the Journal page uses it: paged reads, fast sums, edits."""

    def recent(self, limit: int, offset: int = 0) -> Sequence[PracticeRecord]:
        """Newest first."""
        ...

    def count(self) -> int: ...

    def summary(self, boundary_hour: int = 0) -> Summary:
        """Everything the statistics need, without loading every record."""
        ...

    def update_note(self, record_id: int, note: str) -> None: ...

    def delete(self, record_id: int) -> None: ...

    def delete_all(self) -> str:
        """Remove every trace; returns what to tell the person afterwards."""
        ...

    def close(self) -> None:
        """Finish writing and release the log."""
        ...

    def checkpoint(self, record: PracticeRecord) -> bool:
        """Keep the running practice so far (stopped early, its seconds until now), so a crash
        costs seconds; replaces the previous checkpoint. ``False`` if the disk refused (the
        practice goes on). ``add`` of the finished practice removes it."""
        ...

    def discard_checkpoint(self) -> bool:
        """Forget the checkpoint of a practice abandoned without a record."""
        ...

    @property
    def pending(self) -> Sequence[PracticeRecord]:
        """Practices kept in memory because the disk refused them, oldest first."""
        ...

    def retry_pending(self) -> list[int]:
        """Write the pending practices; raises ``StoreError`` while the disk still refuses."""
        ...


class MemoryPracticeLog:
    """A practice log kept in memory: the stand-in while no durable log can be opened."""

    def __init__(self, records: Sequence[PracticeRecord] = ()) -> None:
        self._records: list[PracticeRecord] = []
        for record in records:
            self.add(record)

    def add(self, record: PracticeRecord) -> int:
        new_id = max((r.id or 0 for r in self._records), default=0) + 1
        self._records.append(replace(record, id=new_id))
        return new_id

    def records(self) -> Sequence[PracticeRecord]:
        return tuple(sorted(self._records, key=lambda r: r.started_at))

    def recent(self, limit: int, offset: int = 0) -> Sequence[PracticeRecord]:
        return tuple(reversed(self.records()))[offset : offset + limit]

    def count(self) -> int:
        return len(self._records)

    def summary(self, boundary_hour: int = 0) -> Summary:
        return summarise(self.records(), boundary_hour)

    def update_note(self, record_id: int, note: str) -> None:
        self._records = [replace(r, note=note) if r.id == record_id else r for r in self._records]

    def delete(self, record_id: int) -> None:
        self._records = [r for r in self._records if r.id != record_id]

    def delete_all(self) -> str:
        self._records = []
        return "Everything in this session's log was removed."

    def checkpoint(self, record: PracticeRecord) -> bool:
        """Nothing to keep: a crash ends this log with the process anyway."""
        return True

    def discard_checkpoint(self) -> bool:
        return True

    @property
    def pending(self) -> Sequence[PracticeRecord]:
        return ()

    def retry_pending(self) -> list[int]:
        return []

    def close(self) -> None:
        """Nothing to release: these records end with the process."""
