"""Composition root: paths, logging, settings, content and the practice log, then the window.

Nothing imports this module; it imports everything and hands the interface explicit services.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from stsdesk.core.content import Catalog, load_catalog
from stsdesk.core.errors import StoreError
from stsdesk.core.learn import LearnCard, load_learn
from stsdesk.core.ports import AudioPort, Journal, MemoryPracticeLog
from stsdesk.core.settings import Settings
from stsdesk.infra.logging_setup import setup_logging
from stsdesk.infra.paths import AppPaths, resolve_paths, restrict_umask
from stsdesk.infra.resources import asset, builtin_pack
from stsdesk.infra.settings_file import load_user_settings, save_user_settings
from stsdesk.infra.timezone import local_zone_name

log = logging.getLogger(__name__)


@dataclass
class Core:
    """Everything that does not need Qt, shared by the GUI and the command line."""

    paths: AppPaths
    log_file: Path
    settings: Settings
    catalog: Catalog
    learn_cards: list[LearnCard]
    notices: list[str]


def start_core(data_dir: str | None = None, *, debug: bool = False) -> Core:
    """Private files, logging, settings and content, in that order."""
    restrict_umask()
    paths = resolve_paths(data_dir)
    paths.ensure()
    log_file = setup_logging(paths.logs, debug=debug)
    log.info("stsdesk starting; data in %s", paths.data)
    user, problems = load_user_settings(paths.settings_file)
    notices = [f"Some settings were ignored: {p}" for p in problems]
    catalog = load_catalog([builtin_pack()])
    for problem in catalog.problems:
        log.warning("Content skipped: %s", problem)
    cards, card_problems = load_learn(asset("learn"))
    for problem in card_problems:
        log.warning("Learn card skipped: %s", problem)
    return Core(paths, log_file, Settings(user), catalog, list(cards), notices)


@dataclass
class LogOpening:
    """The practice log the app will use, and what opening it found."""

    journal: Journal
    message: str = ""
    restored: bool = False
    needs_choice: bool = False


def open_practice_log(core: Core) -> LogOpening:
    """Open (and if need be recover) the log; never fail the start because of it.

    A damaged log with no usable backup is left untouched: the app runs on a log in memory and
    offers to start a new one (keeping the damaged file aside) or to quit.
    """
    from stsdesk.store.recovery import OpenStatus, open_log

    try:
        result = open_log(core.paths)
    except (StoreError, OSError) as error:
        log.error("The practice log could not be opened: %s", error)
        message = (
            f"Your practice log could not be opened: {error} Practices you do now are kept "
            "until stsdesk closes, but not saved to disk."
        )
        return LogOpening(MemoryPracticeLog(), message)
    report = result.report
    if result.store is None:
        return LogOpening(MemoryPracticeLog(), report.message, needs_choice=True)
    restored = report.status is OpenStatus.RESTORED
    return LogOpening(result.store, report.message, restored=restored)


def export_journal(journal: Journal, fmt: str, path: Path) -> int:
    """Write the whole log to ``path`` as CSV or JSON (owner-only); return the row count."""
    from stsdesk.store.export import ExportFormat, export_file

    return export_file(journal.records(), ExportFormat(fmt), path)


def has_display() -> bool:
    """Whether Qt can open a window here (checked first: Qt aborts the process otherwise)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_gui(
    data_dir: str | None = None, request: dict | None = None, *, debug: bool = False
) -> int:
    """Start the app, or hand ``request`` to the instance already running."""
    if not has_display():
        sys.stderr.write(
            "stsdesk needs a graphical desktop, and no display was found (DISPLAY is not set). "
            "To run it without one, set QT_QPA_PLATFORM=offscreen.\n"
        )
        return 2
    core = start_core(data_dir, debug=debug)

    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    from stsdesk.ui.errors import install_excepthook
    from stsdesk.ui.icons import app_icon
    from stsdesk.ui.instance import InstanceGuard

    QCoreApplication.setOrganizationName("stsdesk")
    QCoreApplication.setApplicationName("stsdesk")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(core.paths.state))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    guard = InstanceGuard(core.paths.state)
    if not guard.acquire():
        guard.hand_over(request or {"action": "raise"})
        log.info("Another stsdesk is running; handed over %s", (request or {}).get("action"))
        return 0
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(True)
    install_excepthook(core.log_file)
    audio = open_audio()
    window = build_window(core, open_practice_log(core), audio)
    guard.request.connect(window.handle_request)
    guard.listen()
    window.show()
    log.info("Main window shown (pid %d)", os.getpid())
    if request:
        window.handle_request(request)
    status = app.exec()
    audio.close()
    guard.release()
    return status


def open_audio() -> AudioPort:
    """The sound device, or a silent stand-in when there is none (visual-only practice)."""
    from stsdesk.audio.mixer import PygameAudio

    return PygameAudio.open()


def build_window(core: Core, opening: LogOpening, audio: AudioPort):
    """Services for the interface and the application window around them."""
    from PySide6.QtWidgets import QApplication

    from stsdesk.store.recovery import start_fresh
    from stsdesk.ui.app_window import AppWindow
    from stsdesk.ui.context import Notice, Services

    def save(settings: Settings) -> None:
        save_user_settings(core.paths.settings_file, settings.user)
        services.settings = settings

    services = Services(
        paths=core.paths,
        log_file=core.log_file,
        settings=core.settings,
        save_settings=save,
        catalog=core.catalog,
        learn_cards=core.learn_cards,
        practice_log=opening.journal,
        audio=audio,
        zone_name=local_zone_name,
        export=lambda fmt, path: export_journal(services.practice_log, fmt, path),
        notices=[Notice(text) for text in core.notices],
    )
    window: AppWindow

    def start_new_log() -> str:
        result = start_fresh(core.paths)
        assert result.store is not None
        services.practice_log = result.store
        window.shell.refresh()
        return result.report.message

    def resume_backups() -> str:
        opening.journal.resume_backups()
        return "Automatic backups are on again."

    if opening.needs_choice:
        actions = [
            ("Start a new log, keeping the damaged file aside", start_new_log),
            ("Quit stsdesk", lambda: QApplication.quit() or ""),
        ]
        services.notices.append(Notice(opening.message, actions))
    elif opening.restored:
        services.notices.append(
            Notice(opening.message, [("It looks right: resume backups", resume_backups)])
        )
    elif opening.message:
        services.notices.append(Notice(opening.message))
    window = AppWindow(services)
    return window
