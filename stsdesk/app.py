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
from stsdesk.core.learn import LearnCard, load_learn
from stsdesk.core.ports import MemoryPracticeLog, PracticeLog
from stsdesk.core.settings import Settings
from stsdesk.infra.logging_setup import setup_logging
from stsdesk.infra.paths import AppPaths, resolve_paths, restrict_umask
from stsdesk.infra.resources import asset, builtin_pack
from stsdesk.infra.settings_file import load_user_settings, save_user_settings

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


def open_practice_log(core: Core) -> PracticeLog:
    """The practice log the app writes to."""
    return MemoryPracticeLog()


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
    window = build_window(core, open_practice_log(core))
    guard.request.connect(window.handle_request)
    guard.listen()
    window.show()
    log.info("Main window shown (pid %d)", os.getpid())
    if request:
        window.handle_request(request)
    status = app.exec()
    guard.release()
    return status


def build_window(core: Core, practice_log: PracticeLog):
    """Services for the interface and the application window around them."""
    from stsdesk.ui.app_window import AppWindow
    from stsdesk.ui.context import Services

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
        practice_log=practice_log,
        notices=list(core.notices),
    )
    return AppWindow(services)
