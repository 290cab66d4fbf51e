"""Exceptions that carry text a person can act on.

Every error that can reach a user is a ``StsdeskError``; its ``str()`` is the sentence
shown in a dialog or printed by the command line, never a traceback.
"""

from __future__ import annotations

from enum import StrEnum


class StsdeskError(Exception):
    """Base of all errors whose message is meant for the user."""


class ContentError(StsdeskError):
    """A problem in a content pack: which file, which field, what is wrong."""

    def __init__(self, file: str, field: str, problem: str) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        where = f"{file}: {field}" if field else file
        super().__init__(f"{where}: {problem}")


class SettingsError(StsdeskError):
    """A settings or policy file that cannot be used as written."""

    def __init__(self, file: str, problem: str, line: int | None = None) -> None:
        self.file = file
        self.problem = problem
        self.line = line
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {problem}")


class StoreReason(StrEnum):
    """Why the disk or SQLite refused, for a front end to word or act on (``StoreError.reason``)."""

    DISK_FULL = "disk-full"
    READ_ONLY = "read-only"
    PERMISSION = "permission"
    BUSY = "busy"
    DAMAGED = "damaged"
    OTHER = "other"


class StoreError(StsdeskError):
    """The practice log could not do what was asked (disk full, read-only, damaged).

    ``str()`` is the whole sentence; ``reason`` says why, when the disk or SQLite refused
    (None for a refusal of the store's own, such as a practice no longer in the log).
    """

    def __init__(self, *args: object, reason: StoreReason | None = None) -> None:
        super().__init__(*args)
        self.reason = reason


class DatabaseTooNewError(StoreError):
    """The practice log was written by a newer stsdesk; it is left untouched."""
