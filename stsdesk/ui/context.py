"""What the composition root hands the interface: services, never globals."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from stsdesk.application.journal_service import JournalService
from stsdesk.application.settings_service import SettingsService
from stsdesk.core.catalog import Catalog
from stsdesk.core.learn import LearnCard
from stsdesk.core.ports import AudioPort
from stsdesk.infra.paths import AppPaths
from stsdesk.ui.state import LiveState


@dataclass
class Notice:
    """A calm message for Home, with optional actions; each action returns a follow-up line."""

    text: str
    actions: list[tuple[str, Callable[[], str]]] = field(default_factory=list)


@dataclass
class Services:
    """Everything the pages need; the shared state in it is observable, never reassigned.

    ``settings.set(key, value)`` writes a change and only then applies it (a failed write
    raises ``OSError`` or ``StsdeskError`` and changes nothing); ``practice_log`` announces
    every write; ``live`` carries both as Qt signals, with the day-changed signal. Pages
    connect to ``live`` and refresh themselves.
    """

    paths: AppPaths
    log_file: Path
    settings: SettingsService
    catalog: Catalog
    learn_cards: list[LearnCard]
    practice_log: JournalService
    audio: AudioPort
    zone_name: Callable[[], str]
    export: Callable[[str, Path], int]
    now: Callable[[], datetime] = field(default=lambda: datetime.now().astimezone())
    monotonic: Callable[[], float] = time.monotonic
    notices: list[Notice] = field(default_factory=list)
    live: LiveState = field(init=False)

    def __post_init__(self) -> None:
        # The wall clock is read through ``self`` each time: tests replace ``now``.
        self.live = LiveState(self.practice_log, self.settings, lambda: self.now())
