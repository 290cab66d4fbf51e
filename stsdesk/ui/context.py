"""What the composition root hands the interface: services, never globals."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from stsdesk.core.catalog import Catalog
from stsdesk.core.learn import LearnCard
from stsdesk.core.ports import AudioPort, Journal
from stsdesk.core.settings import Settings
from stsdesk.infra.paths import AppPaths


@dataclass
class Notice:
    """A calm message for Home, with optional actions; each action returns a follow-up line."""

    text: str
    actions: list[tuple[str, Callable[[], str]]] = field(default_factory=list)


@dataclass
class Services:
    """Everything the pages need.

    ``save_settings`` persists new settings and makes them ``settings``; if they cannot be
    written it raises (``OSError`` or ``StsdeskError``) and ``settings`` stays as it was.
    """

    paths: AppPaths
    log_file: Path
    settings: Settings
    save_settings: Callable[[Settings], None]
    catalog: Catalog
    learn_cards: list[LearnCard]
    practice_log: Journal
    audio: AudioPort
    zone_name: Callable[[], str]
    export: Callable[[str, Path], int]
    now: Callable[[], datetime] = field(default=lambda: datetime.now().astimezone())
    monotonic: Callable[[], float] = time.monotonic
    notices: list[Notice] = field(default_factory=list)
