"""Small file-system helpers for the store: owner-only files and durable renames."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from stsdesk.infra.paths import set_mode

SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")


def create_private_file(path: Path) -> None:
    """Create ``path`` empty and owner-only (0600) if missing; tighten it if it exists.

    SQLite creates files with the umask's mode, and gives ``-wal``/``-shm`` the database file's
    mode, so pre-creating the database 0600 keeps its sidecars private too.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        make_private(path)


def make_private(path: Path) -> None:
    """Take group and other permissions off an existing file, keeping the owner's (POSIX).

    A symbolic link is never followed, and a file of another user's is left alone.
    """
    if os.name != "posix":
        return
    mode = stat.S_IMODE(os.lstat(path).st_mode)
    if mode & 0o077:
        set_mode(path, mode & 0o700)


def fsync_file(path: Path) -> None:
    """Flush a closed file's contents to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_directory(directory: Path) -> None:
    """Make a rename or creation in ``directory`` durable (not possible, nor needed, on Windows)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sidecars(database: Path) -> list[Path]:
    """The database's ``-wal``, ``-shm`` and ``-journal`` files that exist now."""
    return [p for p in (Path(f"{database}{s}") for s in SIDECAR_SUFFIXES) if p.exists()]


def remove_quietly(path: Path) -> None:
    """Delete ``path`` and any SQLite sidecars, ignoring what is already gone."""
    for candidate in (path, *(Path(f"{path}{s}") for s in SIDECAR_SUFFIXES)):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()
