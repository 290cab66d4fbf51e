"""Where stsdesk keeps things on this machine, and making what it creates there owner-only.

stsdesk changes the mode only of folders and files it creates, never of a symbolic link and
never of something that belongs to another user: ``--data-dir /srv/shared`` leaves that folder
as it was and keeps stsdesk's own files inside it private. A folder that cannot be written (a
read-only or full disk, a file in the way) is reported, not raised, so stsdesk can still start.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import platformdirs

from stsdesk.core.errors import StsdeskError

log = logging.getLogger(__name__)

APP_NAME = "stsdesk"
DATA_DIR_ENV = "STSDESK_DATA_DIR"


class DataDirError(StsdeskError):
    """The data folder asked for cannot be used (the message says why)."""


class PlaceProblem(NamedTuple):
    """A folder stsdesk cannot use as it should, and why (a few words, for a sentence)."""

    place: Path
    reason: str
    writable: bool = False  # True: it works, but belongs to another user

    def sentence(self) -> str:
        if self.writable:
            return (
                f"The folder {self.place} belongs to another user, so stsdesk leaves its "
                "permissions alone; that user may be able to change what stsdesk keeps there."
            )
        verb = "write to" if self.place.is_dir() else "use"
        return f"stsdesk cannot {verb} {self.place} ({self.reason})."


class AppPaths(NamedTuple):
    """All per-user locations. With ``--data-dir`` every one of them lives under that directory.

    (Named tuples, not dataclasses: ``app.run_gui`` reads the paths before the window's first
    frame, and importing ``dataclasses`` costs more than the rest of this module.)
    """

    data: Path
    config: Path
    logs: Path
    state: Path
    cache: Path | None = None  # what can be rebuilt (the catalogue); made when first written

    @property
    def database(self) -> Path:
        return self.data / "practice-log.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def quarantine(self) -> Path:
        return self.data / "quarantine"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.toml"

    @property
    def lock_file(self) -> Path:
        return self.state / "stsdesk.lock"

    def ensure(self) -> list[PlaceProblem]:
        """Create every directory (owner-only); return, never raise, what cannot be used.

        Nothing is logged here (logging is not set up yet): the caller logs the problems.
        """
        found = (prepare_dir(d) for d in (self.data, self.config, self.logs, self.state))
        return [problem for problem in found if problem is not None]


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """The paths: ``data_dir`` argument, then ``STSDESK_DATA_DIR``, then platform defaults.

    An empty ``data_dir`` is refused (``DataDirError``) rather than read as "not given".
    """
    if data_dir is not None and not os.fspath(data_dir).strip():
        raise DataDirError("--data-dir needs a folder name; leave it out to use the usual folder.")
    chosen = data_dir or os.environ.get(DATA_DIR_ENV)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(
            data=root,
            config=root / "config",
            logs=root / "logs",
            state=root / "state",
            cache=root / "cache",
        )
    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        state=Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def places_notice(paths: AppPaths, problems: list[PlaceProblem], log_file: Path) -> str:
    """Home's one notice about the folders stsdesk cannot use ("" when there is none)."""
    if not problems:
        return ""
    first = min(problems, key=lambda problem: problem.writable)  # a failure before a warning
    failed = {problem.place for problem in problems if not problem.writable}
    words = [first.sentence()]
    if paths.data in failed:
        words.append("Practices you do now are kept until stsdesk closes.")
    elif paths.config in failed:
        words.append("Changes to settings cannot be saved.")
    elif paths.logs in failed:
        words.append(f"Its log is written to {log_file} instead.")
    return " ".join(words)


def require_data_dir(paths: AppPaths, problems: list[PlaceProblem]) -> None:
    """For a command: raise ``DataDirError`` if the data folder can be neither written nor read.

    A read-only folder that holds a practice log is fine for reading commands.
    """
    for problem in problems:
        if problem.place == paths.data and not problem.writable:
            if paths.data.is_dir() and paths.database.is_file():
                return
            raise DataDirError(
                f"the folder {paths.data} cannot hold stsdesk's data ({problem.reason}); "
                "choose another folder with --data-dir."
            )


def prepare_dir(directory: Path) -> PlaceProblem | None:
    """Create ``directory`` owner-only if missing; what stops stsdesk using it, if anything."""
    try:
        make_private_dir(directory)
        probe_write(directory)
    except OSError as error:
        return PlaceProblem(directory, os_reason(error))
    if not _is_mine(directory):
        return PlaceProblem(directory, "it belongs to another user", writable=True)
    return None


def make_private_dir(directory: Path) -> None:
    """Create ``directory`` (and parents) readable by its owner only; an existing one is left as
    it is (stsdesk changes the mode only of what it creates)."""
    if directory.is_dir():
        return
    directory.mkdir(parents=True, exist_ok=True)
    set_mode(directory, 0o700)


def set_mode(path: Path, mode: int) -> bool:
    """Change ``path``'s mode, unless it is a symbolic link or someone else's; whether it did.

    Never follows a link: on Linux a link's own mode cannot be changed, so links are skipped.
    """
    if sys.platform == "win32":
        return False
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        log.warning("Not changing the mode of %s: it is a symbolic link", path)
        return False
    if info.st_uid != os.geteuid():
        log.warning("Not changing the mode of %s: it belongs to another user", path)
        return False
    if stat.S_IMODE(info.st_mode) != mode:
        os.chmod(path, mode)
    return True


def probe_write(directory: Path) -> None:
    """Raise ``OSError`` unless a byte can be written to a new file in ``directory``."""
    fd, name = tempfile.mkstemp(prefix=".stsdesk-probe-", dir=directory)
    try:
        os.write(fd, b"\n")
    finally:
        os.close(fd)
        os.unlink(name)


def can_write(directory: Path) -> bool:
    """Whether a new file in ``directory`` can be written now."""
    try:
        probe_write(directory)
    except OSError:
        return False
    return True


def os_reason(error: OSError) -> str:
    """A few plain words for why a folder cannot be used."""
    words = {
        errno.EEXIST: "it is a file, not a folder",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EROFS: "the disk is read-only",
        errno.ENOSPC: "the disk is full",
        getattr(errno, "EDQUOT", -1): "the disk quota is used up",
        errno.EACCES: "permission was denied",
        errno.EPERM: "permission was denied",
        errno.ENOENT: "files cannot be created there",
    }
    return words.get(error.errno or 0, (error.strerror or str(error)).lower())


def _is_mine(directory: Path) -> bool:
    return sys.platform == "win32" or directory.stat().st_uid == os.geteuid()


def restrict_umask() -> None:
    """Make every file this process creates owner-only (database, WAL, backups, exports)."""
    os.umask(0o077)
