"""Composition root: paths, logging, settings, content and the practice log, then the window.

Nothing imports this module; it imports everything and hands the interface explicit services.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from stsdesk.core.content import Catalog, format_problem
from stsdesk.core.errors import StoreError
from stsdesk.core.learn import LearnCard, load_learn
from stsdesk.core.policy import Policy
from stsdesk.core.ports import AudioPort, Journal, MemoryPracticeLog
from stsdesk.core.settings import Settings
from stsdesk.infra.logging_setup import collect_crash_log, enable_crash_log, setup_logging
from stsdesk.infra.paths import AppPaths, can_write, places_notice, resolve_paths, restrict_umask
from stsdesk.infra.policy import load_policy, policy_catalog
from stsdesk.infra.resources import ambience_files, asset, bell_files
from stsdesk.infra.settings_file import load_user_settings, save_user_settings
from stsdesk.infra.timezone import local_zone_name

log = logging.getLogger(__name__)

DESKTOP_ID = "org.stsdesk.stsdesk"  # the .desktop file's name (packaging/linux/)


@dataclass
class Core:
    """Everything that does not need Qt, shared by the GUI and the command line."""

    paths: AppPaths
    log_file: Path
    settings: Settings
    catalog: Catalog
    learn_cards: list[LearnCard]
    notices: list[str]
    policy: Policy = field(default_factory=Policy)


def start_core(
    data_dir: str | None = None, *, debug: bool = False, policy_file: str | None = None
) -> Core:
    """Private files, logging, the organization policy, settings and content, in that order.

    A broken policy never stops the start: what could be used is, and the problems become a
    notice for Home (Settings lists them all).
    """
    restrict_umask()
    paths = resolve_paths(data_dir)
    places = paths.ensure()  # a read-only or full disk is reported, never raised
    log_file = setup_logging(paths.logs, debug=debug)
    log.info("stsdesk starting; data in %s", paths.data)
    for place in places:
        log.warning("Folder %s: %s", place.place, place.reason)
    policy, catalog = policy_catalog(load_policy(policy_file))
    user, problems = load_user_settings(paths.settings_file)
    notices = [places_notice(paths, places, log_file)] if places else []
    notices += [f"Some settings were ignored: {p}" for p in problems]
    if policy.problems:
        notices.append(policy_notice(policy))
    for problem in catalog.problems:
        log.warning("Content skipped: %s", problem)
    cards, card_problems = load_learn(asset("learn"))
    for problem in card_problems:
        log.warning("Learn card skipped: %s", problem)
    return Core(paths, log_file, policy.settings(user), catalog, list(cards), notices, policy)


def policy_notice(policy: Policy) -> str:
    """Home's words for a policy with problems: calm for staff, exact for their administrator."""
    more = len(policy.problems) - 1
    rest = f" (and {more} more, listed under Settings)" if more else ""
    return (
        "Your organization's settings for stsdesk could not all be used, so stsdesk uses its "
        "usual settings where they did not apply. Everything else works as normal. For your "
        f"IT administrator: {policy.problems[0]}{rest}"
    )


_CRASHED = (
    "stsdesk closed unexpectedly last time. Your saved practices are safe; details for a "
    "technician are in the log file."
)


@dataclass
class LogOpening:
    """The practice log the app will use, and what opening it found."""

    journal: Journal
    message: str = ""
    restored: bool = False
    needs_choice: bool = False
    backups_paused: bool = False
    kept: list[str] = field(default_factory=list)  # what an earlier run left and this one kept
    checkpoint_kept: bool = False


def open_practice_log(core: Core) -> LogOpening:
    """Open (and if need be recover) the log; never fail the start because of it.

    A damaged log with no usable backup is left untouched: the app runs on a log in memory and
    offers to start a new one (keeping the damaged file aside) or to quit.
    """
    from stsdesk.store.recovery import OpenStatus, open_log

    writable = can_write(core.paths.data)
    if not writable and not core.paths.database.is_file():
        log.warning("No practice log can be created in %s; using one in memory", core.paths.data)
        return LogOpening(MemoryPracticeLog())  # start_core's notice says why
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
    message = report.message
    if report.status is OpenStatus.READ_ONLY and not writable:
        message = ""  # start_core's notice already names the folder
    return LogOpening(
        result.store,
        message,
        restored,
        backups_paused=report.backups_paused,
        kept=_kept(report),
        checkpoint_kept=report.recovered_checkpoint is not None,
    )


def _kept(report) -> list[str]:
    """Home's sentences for what the last run left unfinished or unsaved, now in the log."""
    from stsdesk.store.recovery import checkpoint_notice, pending_notice

    kept = []
    if report.recovered_checkpoint is not None:
        kept.append(checkpoint_notice(report.recovered_checkpoint))
    if report.imported_pending:
        kept.append(pending_notice(report.imported_pending))
    return kept


def export_journal(journal: Journal, fmt: str, path: Path) -> int:
    """Write the whole log to ``path`` as CSV or JSON (owner-only); return the row count."""
    from stsdesk.store.export import ExportFormat, export_file

    return export_file(journal.records(), ExportFormat(fmt), path)


def _practices(count: int) -> str:
    return "1 practice" if count == 1 else f"{count} practices"


def has_display() -> bool:
    """Whether Qt can open a window here (checked first: Qt aborts the process otherwise)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_gui(
    data_dir: str | None = None,
    request: dict | None = None,
    *,
    debug: bool = False,
    policy_file: str | None = None,
) -> int:
    """Start the app, or hand ``request`` to the instance already running."""
    if not has_display():
        sys.stderr.write(
            "stsdesk needs a graphical desktop, and no display was found (DISPLAY is not set). "
            "To run it without one, set QT_QPA_PLATFORM=offscreen.\n"
        )
        return 2
    core = start_core(data_dir, debug=debug, policy_file=policy_file)

    from stsdesk.ui.errors import install_excepthook
    from stsdesk.ui.icons import app_icon
    from stsdesk.ui.instance import InstanceGuard
    from stsdesk.ui.termination import quit_on_termination

    app = _qt_application(core)
    guard = InstanceGuard(core.paths.state)
    if not guard.acquire():
        guard.hand_over(request or {"action": "raise"})
        log.info("Another stsdesk is running; handed over %s", (request or {}).get("action"))
        return 0
    if guard.problem:
        core.notices.append(guard.problem)
    enable_crash_log(core.paths.logs)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(True)
    install_excepthook(core.log_file)
    quit_on_termination(app)
    window, audio = open_window(core)
    guard.request.connect(window.handle_request)
    guard.listen()
    window.show()
    log.info("Main window shown (pid %d)", os.getpid())
    if request:
        window.handle_request(request)
    status = app.exec()
    audio.close()
    window.services.practice_log.close()
    guard.release()
    log.info("stsdesk closed")
    return status


def _qt_application(core: Core):
    """The QApplication, with window state (QSettings) kept in the state directory."""
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("stsdesk")
    QCoreApplication.setApplicationName("stsdesk")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(core.paths.state))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setDesktopFileName(DESKTOP_ID)  # Wayland finds the icon and name through it
    return app


def smoke_test(policy_file: str | None = None, *, show_ms: int = 500) -> int:
    """Prove a build works without touching anyone's files, and return 0 if it does.

    In a temporary data directory: load all content (built-in and the policy's packs), create
    and migrate a practice log, open audio (SDL's dummy driver unless another is asked for)
    and decode every bell and sound bed, then show the main window (offscreen without a
    display) and close it. Any problem is one line on stderr and a non-zero status; success
    is one summary line on stdout.
    """
    from stsdesk.store.recovery import OpenStatus, open_log

    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    with tempfile.TemporaryDirectory(prefix="stsdesk-smoke-", ignore_cleanup_errors=True) as temp:
        core = start_core(temp, policy_file=policy_file)
        failures = [str(p) for p in core.policy.problems]
        failures += [format_problem(p) for p in core.catalog.problems]
        result = open_log(core.paths)
        if result.store is None or result.report.status is not OpenStatus.CREATED:
            failures.append(f"practice log: {result.report.status} {result.report.problem}")
        audio = open_audio()
        skipped = audio.prepare({}, bell_files(), ambience_files())
        failures += [f"{path}: cannot be played" for path in skipped]
        if not audio.available:
            failures.append("audio: the mixer did not open (see the log)")
        if result.store is not None:
            failures += _show_briefly(core, LogOpening(result.store), audio, show_ms)
            result.store.close()
        audio.close()
        _close_log()  # before the temporary directory goes (Windows cannot delete open files)
        for failure in failures:
            sys.stderr.write(f"stsdesk smoke test: {failure}\n")
        if failures:
            return 1
        sys.stdout.write(
            f"stsdesk smoke test passed: {len(core.catalog.exercises)} practices, "
            f"{len(core.catalog.packs)} pack(s), policy {core.policy.file or 'none'}, "
            f"audio {os.environ.get('SDL_AUDIODRIVER')}, "
            f"Qt platform {os.environ.get('QT_QPA_PLATFORM') or 'default'}\n"
        )
        return 0


def _close_log() -> None:
    root = logging.getLogger("stsdesk")
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()


def _show_briefly(core: Core, opening: LogOpening, audio: AudioPort, show_ms: int) -> list[str]:
    """Show the main window, let the event loop run for ``show_ms``, close it; what failed?

    The organization's logo is drawn too: an image plugin missing from a bundle shows there.
    """
    from PySide6.QtCore import QTimer

    from stsdesk.ui.selfcheck import painting_leak
    from stsdesk.ui.support import logo_pixmap

    app = _qt_application(core)
    failures = [leak] if (leak := painting_leak()) else []
    logo = core.policy.logo
    if logo is not None and logo_pixmap(logo, 24) is None:
        failures.append(f"{logo}: the organization's logo cannot be drawn")
    window = build_window(core, opening, audio)
    window.show()
    shown: list[bool] = []

    def finish() -> None:
        handle = window.window.windowHandle()
        shown.append(handle is not None and handle.isExposed())
        app.quit()  # Qt 6 closes the windows on quit

    QTimer.singleShot(show_ms, finish)
    app.exec()
    if window.tray is not None:
        window.tray.hide()
    if shown != [True]:
        failures.append("window: the main window was not shown")
    return failures


def open_audio() -> AudioPort:
    """The sound device, or a silent stand-in when there is none (visual-only practice)."""
    from stsdesk.audio.mixer import PygameAudio

    return PygameAudio.open()


def open_window(core: Core):
    """Check and open the log on a worker thread while the sound device opens, then the window.

    The integrity check reads the whole log; overlapping it keeps a long history from
    slowing the start.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="open-log") as pool:
        opening = pool.submit(open_practice_log, core)
        audio = open_audio()
        return build_window(core, opening.result(), audio), audio


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
        kept = list(services.practice_log.records())  # practised meanwhile, in memory
        result = start_fresh(core.paths)
        assert result.store is not None
        added = result.store.import_practices(kept)
        services.practice_log = result.store
        window.shell.refresh()
        if not added:
            return result.report.message
        return f"{result.report.message} {_practices(added)} done meanwhile are in it."

    def resume_backups() -> str:
        services.practice_log.resume_backups()
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
    else:
        if opening.message:
            services.notices.append(Notice(opening.message))
        if opening.backups_paused:
            services.notices.append(
                Notice(
                    "Automatic backups are still paused since your log was restored from a "
                    "backup. If your journal looks right, turn them back on.",
                    [("Resume automatic backups", resume_backups)],
                )
            )
    crashed = collect_crash_log(core.paths.logs)  # the last run's fatal error, if any
    if crashed and not opening.checkpoint_kept:
        services.notices.append(Notice(_CRASHED))
    services.notices += [Notice(text) for text in opening.kept]
    window = AppWindow(services, core.policy)
    return window
