"""The settings in effect, changed one key at a time, each change announced by its key.

A change is checked, then written through the injected save function, and only then applied:
a write that fails raises and changes nothing, so what the screens show is always what is on
disk. Screens subscribe to ``changed`` and act on the keys they show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stsdesk.application.events import Event
from stsdesk.core.settings import SCHEMA, Effective, Settings


class SettingsService:
    """Holds the effective ``Settings``; reads like them (``service[key]``, ``is_locked``).

    Args:
        settings: the settings resolved at start (defaults < organization < user).
        save: persists the user's part of new settings; raises (``OSError`` or
            ``StsdeskError``) when it cannot.

    Events:
        changed: the key of a setting whose value in effect changed.
    """

    def __init__(self, settings: Settings, save: Callable[[Settings], None]) -> None:
        self._settings = settings
        self._save = save
        self.changed: Event[str] = Event()

    @property
    def current(self) -> Settings:
        """The settings in effect now (an immutable snapshot)."""
        return self._settings

    def __getitem__(self, key: str) -> Any:
        return self._settings[key]

    def effective(self, key: str) -> Effective:
        return self._settings.effective(key)

    def is_locked(self, key: str) -> bool:
        return self._settings.is_locked(key)

    def set(self, key: str, value: Any) -> None:
        """Make ``value`` the user's choice for ``key``, write it, then apply it.

        Raises ``PermissionError`` for a key the organization locked, ``ValueError`` for a bad
        value, and whatever ``save`` raises when the file cannot be written; in every case the
        settings stay as they were and nothing is announced.
        """
        self._apply(self._settings.with_user_value(key, value))

    def unset(self, key: str) -> None:
        """Forget the user's choice for ``key`` (back to the organization's or the default)."""
        self.set(key, self._settings.effective_without_user(key))

    def _apply(self, new: Settings) -> None:
        old = self._settings
        if new.user == old.user:
            return
        self._save(new)
        self._settings = new
        for setting in SCHEMA:
            if new[setting.key] != old[setting.key]:
                self.changed.emit(setting.key)
