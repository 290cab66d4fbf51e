"""The practice log as every front uses it: the Journal port, and one "changed" after a write.

Whoever writes (a finished practice, a manual entry, a note, a deletion, delete-all, the retry
of pending practices, an import, a new log replacing the old one), ``changed`` fires once
afterwards, so every screen that shows the log re-reads it by itself; nobody refreshes anybody
else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from stsdesk.application.events import Event
from stsdesk.core.ports import Journal
from stsdesk.core.records import PracticeRecord
from stsdesk.core.stats import Summary

R = TypeVar("R")


class JournalService:
    """Wraps a ``Journal`` (the store, or the in-memory stand-in) and is one itself.

    Reads pass straight through. A write announces ``changed`` after it returns; a write that
    fails (it raises the store's error unchanged) announces it only if it changed what is
    pending (a refused practice is kept in memory, or some of the pending ones were saved).

    Events:
        changed: emitted once after every write that changed the log.
    """

    def __init__(self, journal: Journal) -> None:
        self._journal = journal
        self.changed: Event[None] = Event()

    @property
    def journal(self) -> Journal:
        """The log in use now (the store's own extras, such as backups, live there)."""
        return self._journal

    def replace(self, journal: Journal) -> None:
        """Use ``journal`` from now on (a new log started after damage); announces it."""
        self._journal = journal
        self.changed.emit(None)

    def _write(self, write: Callable[[], R]) -> R:
        before = len(self._journal.pending)
        try:
            result = write()
        except BaseException:
            if len(self._journal.pending) != before:
                self.changed.emit(None)
            raise
        self.changed.emit(None)
        return result

    # --- writes ----------------------------------------------------------------------------

    def add(self, record: PracticeRecord) -> int:
        return self._write(lambda: self._journal.add(record))

    def update_note(self, record_id: int, note: str) -> None:
        self._write(lambda: self._journal.update_note(record_id, note))

    def delete(self, record_id: int) -> None:
        self._write(lambda: self._journal.delete(record_id))

    def delete_all(self) -> str:
        return self._write(self._journal.delete_all)

    def retry_pending(self) -> list[int]:
        return self._write(self._journal.retry_pending)

    def import_practices(self, records: Iterable[PracticeRecord]) -> int:
        """Add practices kept elsewhere (a store's ``import_practices``, else one by one)."""
        journal = self._journal
        importer = getattr(journal, "import_practices", None)
        if importer is not None:
            return self._write(lambda: int(importer(records)))
        return self._write(lambda: sum(1 for record in records if journal.add(record)))

    # --- the running practice's checkpoint: not a change of the log anyone sees ----------

    def checkpoint(self, record: PracticeRecord) -> bool:
        return self._journal.checkpoint(record)

    def discard_checkpoint(self) -> bool:
        return self._journal.discard_checkpoint()

    # --- reads -----------------------------------------------------------------------------

    def records(self) -> Sequence[PracticeRecord]:
        return self._journal.records()

    def recent(self, limit: int, offset: int = 0) -> Sequence[PracticeRecord]:
        return self._journal.recent(limit, offset)

    def count(self) -> int:
        return self._journal.count()

    def summary(self, boundary_hour: int = 0) -> Summary:
        return self._journal.summary(boundary_hour)

    @property
    def pending(self) -> Sequence[PracticeRecord]:
        return self._journal.pending

    def close(self) -> None:
        self._journal.close()
