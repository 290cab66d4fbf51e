"""One stsdesk per user: a lock file, and a drop folder through which a second start hands over.

A second ``stsdesk`` (or ``stsdesk play ID``) finds the lock held, leaves a small request file
for the running instance and exits. No sockets are involved, so nothing resembling network
code is ever loaded.
"""

from __future__ import annotations

import json
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

    Signals:
        request: a dict such as ``{"action": "raise"}`` or
            ``{"action": "play", "exercise": "grounding", "minutes": 3}``.
    """

    request = Signal(dict)

    def __init__(self, state_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        state_dir.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(state_dir / "stsdesk.lock"))
        # A lock held for the app's lifetime must never be taken over because it is old;
        # a lock left by a killed process is still detected through its PID.
        self._lock.setStaleLockTime(0)
        self._requests = state_dir / "requests"
        self._watcher: QFileSystemWatcher | None = None

    def acquire(self) -> bool:
        """Try to become the running instance; False if another one is alive."""
        return self._lock.tryLock(200)

    def release(self) -> None:
        self._lock.unlock()

    def hand_over(self, message: dict[str, Any]) -> None:
        """Leave ``message`` for the running instance (written atomically)."""
        self._requests.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns()}-{os.getpid()}"
        temp = self._requests / f"{name}.tmp"
        temp.write_text(json.dumps(message), encoding="utf-8")
        temp.replace(self._requests / f"{name}.json")

    def listen(self) -> None:
        """Start watching for requests from later starts."""
        self._requests.mkdir(parents=True, exist_ok=True)
        self._watcher = QFileSystemWatcher([str(self._requests)], self)
        self._watcher.directoryChanged.connect(self._on_requests_changed)
        self._on_requests_changed()

    @Slot()
    def _on_requests_changed(self, _path: str = "") -> None:
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
