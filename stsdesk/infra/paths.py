"""Where stsdesk keeps things on this machine, and making those places owner-only."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "stsdesk"
DATA_DIR_ENV = "STSDESK_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    """All per-user locations. With ``--data-dir`` every one of them lives under that directory."""

    data: Path
    config: Path
    logs: Path
    state: Path

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

    def ensure(self) -> None:
        """Create every directory, owner-only (0700 on POSIX), and tighten existing ones."""
        for directory in (self.data, self.config, self.logs, self.state):
            make_private_dir(directory)


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """The paths: ``data_dir`` argument, then ``STSDESK_DATA_DIR``, then platform defaults."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(data=root, config=root / "config", logs=root / "logs", state=root / "state")
    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        state=Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
    )


def make_private_dir(directory: Path) -> None:
    """Create ``directory`` (and parents) and make it readable by its owner only."""
    directory.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        directory.chmod(0o700)


def restrict_umask() -> None:
    """Make every file this process creates owner-only (database, WAL, backups, exports)."""
    os.umask(0o077)
