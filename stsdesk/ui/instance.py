"""One stsdesk per user: a lock file, and a drop folder through which a second start hands over.

A second ``stsdesk`` (or ``stsdesk play ID``) finds the lock held, leaves a small request file
for the running instance and exits. No sockets are involved, so nothing resembling network
code is ever loaded.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, Signal, Slot

log = logging.getLogger(__name__)

REQUEST_MAX_AGE_S = 60.0


class InstanceGuard(QObject):
    """Holds the single-instance lock and turns request files into signals.

    Beside the lock an owner file records the holder's PID and process start time, so a lock
    left by a crash whose PID now belongs to another program is recognised and taken over.
    When no lock can be taken at all (a read-only disk, a folder where the lock should be),
    stsdesk starts anyway and ``problem`` says why in one sentence.

    Signals:
        request: a dict such as ``{"action": "raise"}`` or
            ``{"action": "play", "exercise": "grounding", "minutes": 3}``.
    """

    request = Signal(dict)

    def __init__(self, state_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.problem = ""
        with contextlib.suppress(OSError):  # a read-only disk: acquire() explains
            state_dir.mkdir(parents=True, exist_ok=True)
        self._path = state_dir / "stsdesk.lock"
        self._owner = state_dir / "stsdesk.lock.owner"
        self._lock = QLockFile(str(self._path))
        # A lock held for the app's lifetime must never be taken over because it is old;
        # a lock left by a killed process is still detected through its PID.
        self._lock.setStaleLockTime(0)
        self._requests = state_dir / "requests"
        self._watcher: QFileSystemWatcher | None = None

    def acquire(self) -> bool:
        """Try to become the running instance; False only if another stsdesk is alive."""
        if self._lock.tryLock(200) or self._take_over_stale():
            self._write_owner()
            return True
        if self._lock.error() == QLockFile.LockError.LockFailedError and self._path.is_file():
            return False
        self.problem = (
            f"stsdesk cannot tell whether it is already running, because {self._path} "
            f"{_lock_trouble(self._path)}; it started anyway."
        )
        log.warning("Single-instance lock not taken: %s", self.problem)
        return True

    def release(self) -> None:
        if self._lock.isLocked():
            with contextlib.suppress(OSError):
                self._owner.unlink(missing_ok=True)
            self._lock.unlock()

    def _take_over_stale(self) -> bool:
        """Remove a lock whose holder is not a running stsdesk, then lock; whether that worked."""
        if self._lock.error() != QLockFile.LockError.LockFailedError or not self._path.is_file():
            return False
        pid = self._lock.getLockInfo()[0]
        if pid > 0 and self._held_by_stsdesk(pid):
            return False
        log.info("Taking over a lock left behind (process %d is not stsdesk)", pid)
        return self._lock.removeStaleLockFile() and self._lock.tryLock(0)

    def _held_by_stsdesk(self, pid: int) -> bool:
        """Whether process ``pid`` is the stsdesk that took the lock (assumed where unknown)."""
        started = process_start(pid)
        if started is None:
            return True  # no /proc here: trust QLockFile's own check
        try:
            owner_pid, owner_started = self._owner.read_text(encoding="utf-8").split()
        except (OSError, ValueError):
            return _command_is_stsdesk(pid)  # an owner file not written yet, or lost
        return owner_pid == str(pid) and owner_started == started

    def _write_owner(self) -> None:
        started = process_start(os.getpid())
        if started is None:
            return
        temp = self._owner.with_name(f"{self._owner.name}.{os.getpid()}.tmp")
        try:
            temp.write_text(f"{os.getpid()} {started}\n", encoding="utf-8")
            temp.replace(self._owner)
        except OSError as error:
            log.warning("Cannot write %s: %s", self._owner, error)

    def hand_over(self, message: dict[str, Any]) -> None:
        """Leave ``message`` for the running instance (written atomically)."""
        import json  # here and in _on_requests_changed: not on the way to the first frame

        name = f"{time.time_ns()}-{os.getpid()}"
        temp = self._requests / f"{name}.tmp"
        try:
            self._requests.mkdir(parents=True, exist_ok=True)
            temp.write_text(json.dumps(message), encoding="utf-8")
            temp.replace(self._requests / f"{name}.json")
        except OSError as error:
            log.warning("Cannot hand over to the running stsdesk: %s", error)

    def listen(self) -> None:
        """Start watching for requests from later starts (not possible on a read-only disk)."""
        try:
            self._requests.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            log.warning("Later starts cannot hand over to this one: %s", error)
            return
        self._watcher = QFileSystemWatcher([str(self._requests)], self)
        self._watcher.directoryChanged.connect(self._on_requests_changed)
        self._on_requests_changed()

    @Slot()
    def _on_requests_changed(self, _path: str = "") -> None:
        import json

        for path in sorted(self._requests.glob("*.json")):
            try:
                age = time.time() - path.stat().st_mtime
                message = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                log.warning("Ignoring an unreadable hand-over request %s", path.name)
                message, age = None, 0.0
            path.unlink(missing_ok=True)
            if isinstance(message, dict) and age <= REQUEST_MAX_AGE_S:
                self.request.emit(message)


def process_start(pid: int) -> str | None:
    """Process ``pid``'s start time in clock ticks since boot (Linux), "" if it is not running,
    ``None`` where the system does not say."""
    if not Path("/proc/self/stat").exists():
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return stat.rpartition(")")[2].split()[19]  # field 22; the name before ")" may hold spaces


def _command_is_stsdesk(pid: int) -> bool:
    """Whether process ``pid`` runs stsdesk (``stsdesk``, ``python -m stsdesk``, a bundle)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    parts = raw.decode("utf-8", errors="replace").split("\0")
    return any(Path(part).name.startswith("stsdesk") for part in parts[:3])


def _lock_trouble(path: Path) -> str:
    """A few words for why ``path`` cannot serve as the lock."""
    if path.is_dir():
        return "is a folder, not a file"
    if not path.parent.is_dir():
        return "cannot be created (its folder is missing or is a file)"
    return "cannot be written"
