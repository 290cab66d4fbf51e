"""Turning SQLite and OS errors into the short reasons the store's messages are built from."""

from __future__ import annotations

import errno

from stsdesk.core.errors import StoreReason

# A full disk also counts: the log can still be read (immutable), just not written, until space
# is freed (SHMSIZE: the -shm index cannot be created or grown).
_READ_ONLY_CODES = (
    "SQLITE_READONLY",
    "SQLITE_CANTOPEN",
    "SQLITE_PERM",
    "SQLITE_AUTH",
    "SQLITE_FULL",
    "SQLITE_IOERR_SHMSIZE",
)


def error_name(exc: BaseException) -> str:
    """SQLite's name for an error (``SQLITE_FULL``...), or "" for anything else."""
    return getattr(exc, "sqlite_errorname", "") or ""


def is_read_only_error(exc: BaseException) -> bool:
    """Whether ``exc`` means the file or its folder cannot be written."""
    return error_name(exc).startswith(_READ_ONLY_CODES)


def reason_of(exc: BaseException) -> StoreReason:
    """Why a storage error happened, as a ``StoreReason`` a front end can word or act on."""
    name = error_name(exc)
    code = getattr(exc, "errno", None)
    if name.startswith("SQLITE_FULL") or code == errno.ENOSPC:
        return StoreReason.DISK_FULL
    if is_read_only_error(exc) or code == errno.EROFS:
        return StoreReason.READ_ONLY
    if code in (errno.EACCES, errno.EPERM):
        return StoreReason.PERMISSION
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreReason.BUSY
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return StoreReason.DAMAGED
    return StoreReason.OTHER


_WORDS = {
    StoreReason.DISK_FULL: "the disk is full",
    StoreReason.READ_ONLY: "the disk or folder is read-only",
    StoreReason.PERMISSION: "permission was denied",
    StoreReason.BUSY: "another program is using the practice log",
    StoreReason.DAMAGED: "the practice log file is damaged (restart stsdesk to recover it)",
}


def reason(exc: BaseException) -> str:
    """A short human reason for a storage error, used inside whole-sentence messages."""
    why = reason_of(exc)
    if why is not StoreReason.OTHER:
        return _WORDS[why]
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return f"the disk reported a problem ({exc})"
