"""A tiny observer, so state several screens show can say that it changed, without Qt.

The widgets bridge an ``Event`` to their own slots; the use cases never know who listens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class Event(Generic[T]):
    """Callbacks called in the order they connected; one that fails is logged, never spreads.

    A failing subscriber must not stop the others (a page that cannot repaint must not keep
    the log from announcing a write to the rest).
    """

    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], object]] = []

    def connect(self, callback: Callable[[T], object]) -> None:
        if callback not in self._callbacks:
            self._callbacks.append(callback)

    def disconnect(self, callback: Callable[[T], object]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, value: T) -> None:
        for callback in list(self._callbacks):
            try:
                callback(value)
            except Exception:
                log.exception("A subscriber failed while handling a change")
