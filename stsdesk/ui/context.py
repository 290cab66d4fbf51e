"""What the composition root hands the interface: services, never globals."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from stsdesk.application.course_service import CourseService
from stsdesk.application.journal_service import JournalService
from stsdesk.application.selfcheck_service import SelfCheckService
from stsdesk.application.settings_service import SettingsService
from stsdesk.core.catalog import Catalog
from stsdesk.core.course import CourseLoad
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
    # The self-check and the course (``app.attach_self_check``); by default none can be kept.
    self_check: SelfCheckService | None = None
    course: CourseService | None = None
    live: LiveState = field(init=False)

    def __post_init__(self) -> None:
        # The wall clock is read through ``self`` each time: tests replace ``now``.
        self.live = LiveState(self.practice_log, self.settings, lambda: self.now())
        if self.self_check is None:
            self.self_check = SelfCheckService(
                lambda: None,
                journal=self.practice_log,
                settings=self.settings,
                now=lambda: self.now(),
                catalog=self.catalog,
            )
        if self.course is None:
            self.course = CourseService(
                lambda: CourseLoad(None),
                self.self_check,
                records=lambda: None,
                journal=self.practice_log,
                settings=self.settings,
                now=lambda: self.now(),
            )
