"""Logging to a rotating file in the user's log directory; never user content in the log.

When that folder cannot be written (a read-only or full disk, a file in the way) the log goes
to a new private file in the temporary folder, and failing that to stderr (warnings only), so
logging never stops stsdesk. The log file is opened without following a symbolic link.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from stsdesk.infra.paths import probe_write

LOG_FILE_NAME = "stsdesk.log"
STDERR = Path("<stderr>")
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(log_dir: Path, *, debug: bool = False) -> Path:
    """Send the ``stsdesk`` loggers to a rotating file (5 x 512 KiB) and return its path.

    The path is ``log_dir / stsdesk.log``, or the fallback in use (``STDERR`` for stderr).
    Called again for the same folder (the window sets logging up before its first frame, and
    ``startup.start`` once more), it keeps what it set up: one file open, and never a second
    temporary one when the folder cannot be written.
    """
    root = logging.getLogger("stsdesk")
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    root.propagate = False
    kept = root.handlers[0] if len(root.handlers) == 1 else None
    if isinstance(kept, _QuietErrors) and kept.made_for == log_dir:
        return kept.path
    handler, path = _log_handler(log_dir)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.made_for, handler.path = log_dir, path
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    return path


def _log_handler(log_dir: Path) -> tuple[_QuietErrors, Path]:
    """The rotating file in ``log_dir``; else a new file in the temporary folder; else stderr."""
    path = log_dir / LOG_FILE_NAME
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        probe_write(log_dir)
        return _RotatingFile(path, max_bytes=512 * 1024, backups=5), path
    except OSError:
        pass
    try:
        probe_write(Path(tempfile.gettempdir()))
        fd, name = tempfile.mkstemp(prefix="stsdesk-", suffix=".log")
        os.close(fd)
        return _QuietFile(name, encoding="utf-8"), Path(name)
    except OSError:
        pass
    handler = _QuietStream(sys.stderr)
    handler.setLevel(logging.WARNING)
    return handler, STDERR


class _QuietErrors(logging.Handler):
    """A line that cannot be written (the disk filled up later) is dropped, not a traceback.

    ``made_for`` and ``path``: the folder ``setup_logging`` was given, and the file it chose.
    """

    made_for: Path | None = None
    path: Path = STDERR

    def handleError(self, record: logging.LogRecord) -> None:
        if not isinstance(sys.exc_info()[1], OSError):
            super().handleError(record)


class _RotatingFile(_QuietErrors, logging.FileHandler):
    """Appends to ``path``; a line that would take it past ``max_bytes`` first moves it to
    ``path.1`` (and ``.1`` to ``.2``, up to ``backups``). What ``logging.handlers``'
    ``RotatingFileHandler`` does, without the socket, pickle and queue modules that module
    imports into every start."""

    def __init__(self, path: Path, *, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def _open(self) -> io.TextIOWrapper:
        """Open the log for appending, refusing a symbolic link in its place."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._rotate()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        size = self.stream.seek(0, os.SEEK_END)
        return size > 0 and size + len(f"{self.format(record)}\n".encode()) >= self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
        self.stream = None  # reopened by the next line written
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{number}"):
                os.replace(f"{base}.{number}", f"{base}.{number + 1}")
        os.replace(base, f"{base}.1")


class _QuietFile(_QuietErrors, logging.FileHandler):
    pass


class _QuietStream(_QuietErrors, logging.StreamHandler[TextIO]):
    pass


CRASH_FILE_NAME = "fatal-errors.log"


def enable_crash_log(log_dir: Path) -> Path | None:
    """Have ``faulthandler`` write fatal errors (a segfault, an abort) to ``log_dir``.

    Python's own logging cannot run once the interpreter is dying; faulthandler writes from
    the signal handler into a file opened in advance. ``collect_crash_log`` moves what it wrote
    into ``stsdesk.log`` at the next start. Returns the file, or None if it cannot be opened.
    """
    import faulthandler

    path = log_dir / CRASH_FILE_NAME
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    try:
        stream = open(os.open(path, flags, 0o600), "a", encoding="utf-8")  # noqa: SIM115
    except OSError:
        return None
    faulthandler.enable(stream, all_threads=True)
    _crash_stream.append(stream)  # kept open for the life of the process
    return path


_crash_stream: list[object] = []


def collect_crash_log(log_dir: Path) -> bool:
    """Copy a fatal error left by the last run into the log, then empty the crash file.

    Returns whether the last run ended in a fatal error.
    """
    path = log_dir / CRASH_FILE_NAME
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size == 0:
            return False
        with path.open("rb") as file:
            text = file.read(64 * 1024).decode("utf-8", "replace")
        os.truncate(path, 0)
    except OSError:
        return False
    logging.getLogger("stsdesk").error(
        "The last run of stsdesk ended with a fatal error:\n%s", text
    )
    return True
