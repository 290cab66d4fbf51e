"""The doors the core calls out through; adapters outside the core implement them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from stsdesk.core.records import PracticeRecord


class PracticeLog(Protocol):
    """Where finished practices go. ``add`` returns only after the record is durable."""

    def add(self, record: PracticeRecord) -> int:
        """Store one record in one transaction and return its id."""
        ...

    def records(self) -> Sequence[PracticeRecord]:
        """All records, oldest first."""
        ...


class AudioPort(Protocol):
    """Sound output for the player. Every method must be safe to call with no device."""

    @property
    def available(self) -> bool:
        """Whether sound can actually be heard."""
        ...

    def play_voice(self, clip: str) -> None:
        """Start a narration clip (a key prepared by ``prepare``)."""
        ...

    def play_bell(self, name: str) -> None:
        """Ring one of the bells: ``start``, ``step`` or ``end``."""
        ...

    def set_ambience(self, name: str | None) -> None:
        """Fade a background bed in, or out when ``None``."""
        ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def stop(self) -> None: ...


class Notifier(Protocol):
    """A quiet message to the user (tray bubble, banner); never carries private data."""

    def notify(self, title: str, text: str) -> None: ...


class MemoryPracticeLog:
    """A practice log kept in memory: the fallback while a durable one is unavailable."""

    def __init__(self, records: Sequence[PracticeRecord] = ()) -> None:
        self._records: list[PracticeRecord] = list(records)

    def add(self, record: PracticeRecord) -> int:
        self._records.append(record)
        return len(self._records)

    def records(self) -> Sequence[PracticeRecord]:
        return tuple(self._records)
