"""Composition root: paths, logging, settings, content and the practice log, then the window.

Nothing imports this module; it imports everything and hands the interface explicit services.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: nothing of stsdesk's own is on the way to the frame
    from collections.abc import Callable

    from PySide6.QtWidgets import QApplication

    from stsdesk.application.startup import LogInBackground, LogOpening, StartupContext
    from stsdesk.core.ports import AudioPort, Journal
    from stsdesk.ui.app_window import AppWindow
    from stsdesk.ui.instance import InstanceGuard
    from stsdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

DESKTOP_ID = "org.stsdesk.stsdesk"  # the .desktop file's name (packaging/linux/)
LOG_AT_THE_LATEST_MS = 1000  # the log opens this soon even if the window never paints


def start_core(
    data_dir: str | None = None, *, debug: bool = False, policy_file: str | None = None
) -> StartupContext:
    """The window's start (``startup.start`` with ``for_gui``): a data folder that cannot be
    used is a notice, never a refusal, and content is read before the window is built."""
    from stsdesk.application.startup import start

    return start(data_dir, policy_file=policy_file, debug=debug, for_gui=True)


def open_practice_log(core: StartupContext) -> LogOpening:
    """The log as every front opens it (``startup.open_log``); never fails the start."""
    from stsdesk.application.startup import open_log

    return open_log(core)


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
    context: StartupContext | None = None,
) -> int:
    """Start the app, or hand ``request`` to the instance already running.

    The window comes first: its frame (``MainWindow()``, with the remembered place and look)
    is shown once the folders, logging and the single-instance lock are in place, before
    any of stsdesk's own modules are imported. The start itself (settings, policy, content)
    and the shell follow once that frame has painted (``_Rest``). ``context`` is a start a
    sub-command (``play``) has already made; without it, the window's.
    """
    if not has_display():
        sys.stderr.write(
            "stsdesk needs a graphical desktop, and no display was found (DISPLAY is not set). "
            "To run it without one, set QT_QPA_PLATFORM=offscreen.\n"
        )
        return 2
    from stsdesk.ui.frame import AfterFirstPaint
    from stsdesk.ui.instance import InstanceGuard

    state = _folders_and_logging(data_dir, debug) if context is None else context.paths.state
    app = _qt_application(state)
    guard = InstanceGuard(state)
    if not guard.acquire():
        guard.hand_over(request or {"action": "raise"})
        log.info("Another stsdesk is running; handed over %s", (request or {}).get("action"))
        return 0
    try:
        if context is None:
            rest = _Rest(
                app,
                guard,
                request,
                lambda: start_core(data_dir, debug=debug, policy_file=policy_file),
            )
        else:
            rest = _Rest(app, guard, request, lambda: context)
        AfterFirstPaint(rest.frame, rest, LOG_AT_THE_LATEST_MS)
        rest.frame.show()
        app.setQuitOnLastWindowClosed(True)
        status = app.exec()
        rest.close()
    finally:
        guard.release()
    if rest.failure is not None:  # cli.main says it in one sentence, as for any start
        raise rest.failure
    log.info("stsdesk closed")
    return status


def _folders_and_logging(data_dir: str | None, debug: bool) -> Path:
    """What the frame needs before it is shown: owner-only files, logging (the lock's
    warnings go to the log file) and the state folder, where the lock and window state live.
    ``start`` sets up the same again, with everything else, once the frame has painted."""
    from stsdesk.infra.logging_setup import setup_logging
    from stsdesk.infra.paths import resolve_paths, restrict_umask

    restrict_umask()
    paths = resolve_paths(data_dir)
    setup_logging(paths.logs, debug=debug)
    return paths.state


class _Rest:
    """The window's frame (``MainWindow()``), and the start once it has painted: ``start``
    (``start_core``, or the sub-command's start), the window built into the frame, the log
    opened after the shell paints, and the request.

    Anything unexpected ends the event loop and is kept in ``failure`` for ``run_gui`` to
    raise once the loop has ended, so it is said (and logged) the way any failed start is.
    """

    def __init__(
        self,
        app: QApplication,
        guard: InstanceGuard,
        request: dict | None,
        start: Callable[[], StartupContext],
    ) -> None:
        from stsdesk.ui.main_window import MainWindow

        self.app = app
        self.frame = MainWindow()
        self.guard = guard
        self.request = request
        self.start = start
        self.window: AppWindow | None = None
        self.audio: AudioPort | None = None
        self.failure: Exception | None = None

    def __call__(self) -> None:
        try:
            self._rest()
        except Exception as error:
            log.error("The start failed after the window was shown")
            self.failure = error
            self.app.quit()

    def _rest(self) -> None:
        from stsdesk.infra.logging_setup import enable_crash_log
        from stsdesk.ui.errors import install_excepthook
        from stsdesk.ui.icons import app_icon
        from stsdesk.ui.termination import quit_on_termination

        core = self.start()
        if self.guard.problem:
            core.notices.append(self.guard.problem)
        enable_crash_log(core.paths.logs)
        self.app.setWindowIcon(app_icon())
        install_excepthook(core.log_file)
        quit_on_termination(self.app)
        self.window, self.audio = open_window(core, self.frame)
        self.guard.request.connect(self.window.handle_request)
        self.guard.listen()
        self.window.show()
        log.info("Main window shown (pid %d)", os.getpid())
        if self.request:
            self.window.handle_request(self.request)

    def close(self) -> None:
        """The sound device and the log, once the event loop has ended (if they were made)."""
        if self.audio is not None:
            self.audio.close()
        if self.window is not None:
            close_log(self.window)


def close_log(window) -> None:
    """Close the log in use; one still being opened is waited for, takes what was recorded
    meanwhile, and is closed too."""
    services = window.services
    background: LogInBackground | None = getattr(window, "background", None)
    if background is not None and services.practice_log.journal is background.stand_in:
        try:
            opening = background.wait()
        except Exception:  # the log was never opened: the in-memory one is all there is
            log.exception("The practice log could not be opened before closing")
        else:
            if opening.journal is not background.stand_in:
                background.adopt(opening)
                opening.journal.close()
    services.practice_log.close()


def _qt_application(state: Path):
    """The QApplication, with window state (QSettings) kept in the ``state`` folder."""
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("stsdesk")
    QCoreApplication.setApplicationName("stsdesk")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(state))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setDesktopFileName(DESKTOP_ID)  # Wayland finds the icon and name through it
    return app


def smoke_test(policy_file: str | None = None, *, show_ms: int = 500) -> int:
    """Prove a build works without touching anyone's files, and return 0 if it does.

    In a temporary data directory: load all content (built-in and the policy's packs, every
    narration clip's file checked), create
    and migrate a practice log, open audio (SDL's dummy driver unless another is asked for)
    and decode every bell and sound bed, then show the main window (offscreen without a
    display) and close it. Any problem is one line on stderr and a non-zero status; success
    is one summary line on stdout.
    """
    import tempfile
    import traceback

    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    with tempfile.TemporaryDirectory(prefix="stsdesk-smoke-", ignore_cleanup_errors=True) as temp:
        try:
            return _smoke_test_in(temp, policy_file, show_ms)
        except Exception as error:
            # The log goes with the temporary folder: the administrator gets the cause here.
            where = traceback.extract_tb(error.__traceback__)[-1]
            sys.stderr.write(
                f"stsdesk smoke test: unexpected {type(error).__name__} at "
                f"{Path(where.filename).name}:{where.lineno}: {error}\n"
            )
            _close_log()
            return 1


def _smoke_test_in(temp: str, policy_file: str | None, show_ms: int) -> int:
    from stsdesk.application.startup import open_log
    from stsdesk.core.catalog import check_catalog
    from stsdesk.core.pack_files import format_problem
    from stsdesk.infra.resources import ambience_files, bell_files, builtin_pack
    from stsdesk.store.recovery import OpenStatus

    core = start_core(temp, policy_file=policy_file)
    failures = [str(p) for p in core.policy.problems]
    # Every pack read in full, each narration clip's file included (``check_catalog``, as
    # ``check-content`` does): a clip missing from a bundle fails here, not in a practice.
    checked = check_catalog([builtin_pack(), *core.policy.packs], builtin_pack())
    failures += [format_problem(p) for p in checked.problems]
    opening = open_log(core)
    report = opening.report
    if opening.store is None or report is None or report.status is not OpenStatus.CREATED:
        found = f"{report.status} {report.problem}" if report else opening.error
        failures.append(f"practice log: {found or 'kept in memory only'}")
    audio = open_audio()
    skipped = audio.prepare({}, bell_files(), ambience_files())
    failures += [f"{path}: cannot be played" for path in skipped]
    if not audio.available:
        failures.append("audio: the mixer did not open (see the log)")
    if opening.store is not None:
        failures += _show_briefly(core, opening, audio, show_ms)
        opening.store.close()
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


def _show_briefly(
    core: StartupContext, opening: LogOpening, audio: AudioPort, show_ms: int
) -> list[str]:
    """Show the main window, let the event loop run for ``show_ms``, close it; what failed?

    The organization's logo is drawn too: an image plugin missing from a bundle shows there.
    """
    from PySide6.QtCore import QTimer

    from stsdesk.ui.binding_check import painting_leak
    from stsdesk.ui.support import logo_pixmap

    app = _qt_application(core.paths.state)
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


def open_window(core: StartupContext, frame: MainWindow | None = None):
    """The window first, then the log: nothing on the way to the shell's first paint waits for
    it.

    ``frame`` is the window ``run_gui`` has shown already (``MainWindow()``), built into here;
    without it, a new one. The window starts on a log in memory
    (``LogInBackground.stand_in``); once the shell has painted, the log is opened, checked and if
    need be recovered on a worker thread (sqlite-utils is imported there too), and the window
    takes it with its notices when it is open. The sound device opens when a practice is
    prepared.
    """
    from stsdesk.application.startup import LogInBackground, LogOpening

    background = LogInBackground(core)
    audio = open_audio()
    window = build_window(core, LogOpening(background.stand_in, waiting=True), audio, frame)
    window.background = background  # run_gui closes the log it brings
    _take_log_after_first_paint(core, window, background)
    return window, audio


def _take_log_after_first_paint(core: StartupContext, window, background: LogInBackground) -> None:
    """Open the log once the shell has painted; hand it over on the GUI thread."""
    from PySide6.QtCore import QObject, Signal, Slot

    from stsdesk.ui.frame import AfterFirstPaint

    class LogArrival(QObject):
        opened = Signal(object)  # the future, emitted from the worker thread (queued)

        def __init__(self, parent: QObject) -> None:
            super().__init__(parent)
            self.opened.connect(self._deliver)
            # Once the shell has painted (Home, or the player a request went to); at the latest
            # this soon, for a window never painted.
            AfterFirstPaint(window.window.page_area, self._begin, LOG_AT_THE_LATEST_MS)

        def _begin(self) -> None:
            background.start().add_done_callback(self.opened.emit)

        @Slot(object)
        def _deliver(self, future) -> None:
            take_log(core, window, background, future)

    LogArrival(window.window)


def take_log(core: StartupContext, window, background: LogInBackground, future) -> None:
    """The opened log replaces the stand-in (practices recorded there move into it); the
    pages re-read it, and Home gets its notices (a damaged log says so here)."""
    from stsdesk.application.startup import LogOpening
    from stsdesk.core.errors import StsdeskError

    services = window.services
    try:
        opening = future.result()
    except Exception as error:  # a bug: the log stays in memory, and Home says so
        opening = LogOpening(
            background.stand_in,
            f"Your practice log could not be opened ({type(error).__name__}). Practices you "
            "do now are kept until stsdesk closes, but not saved to disk.",
        )
    try:
        background.adopt(opening)
    except (StsdeskError, OSError) as error:
        log.error("Practices done while the log opened could not be added: %s", error)
    if opening.journal is not services.practice_log.journal:
        services.practice_log.replace(opening.journal)
    window.shell.home.refresh_when_shown()  # "Opening your journal…" goes, whatever happened
    for notice in log_notices(core, services, opening):
        window.shell.home.add_notice(notice)


def attach_self_check(core: StartupContext, services) -> None:
    """Give ``services`` the self-check and the course over the log in use (the store's
    ``SelfCheckLog``; none while practices are only kept in memory), read on first use."""
    from stsdesk.application.course_service import CourseService, course_folder
    from stsdesk.application.selfcheck_service import SelfCheckService
    from stsdesk.core.course import load_course
    from stsdesk.infra.resources import asset

    # The store (and sqlite-utils) is imported when these are first used, not at start.
    def records():
        from stsdesk.store.database import PracticeStore
        from stsdesk.store.selfcheck_store import SelfCheckLog

        journal = services.practice_log.journal
        return SelfCheckLog(journal) if isinstance(journal, PracticeStore) else None

    def add_reflection(kind, written_at, local_day, prompt, answer, **course) -> int:
        from stsdesk.store.selfcheck_store import Reflection, ReflectionKind

        found = records()
        assert found is not None  # the service refuses first while the log is in memory
        return found.add_reflection(
            Reflection(ReflectionKind(kind), written_at, local_day, prompt, answer, **course)
        )

    def load():
        folder = course_folder(list(core.policy.packs), asset("packs", "course"))
        return load_course(folder, core.catalog)

    common = {"settings": services.settings, "now": lambda: services.now()}
    services.self_check = SelfCheckService(
        records,
        journal=services.practice_log,
        add_reflection=add_reflection,
        catalog=core.catalog,
        **common,
    )
    services.course = CourseService(
        load, services.self_check, records=records, journal=services.practice_log, **common
    )


def build_window(
    core: StartupContext, opening: LogOpening, audio: AudioPort, frame: MainWindow | None = None
):
    """Services for the interface and the application window around them (built into
    ``frame``, a ``MainWindow()`` already shown, if one is given).

    ``opening`` is the log as it was opened, whose notices Home shows; or, while the log is
    still being opened (``opening.waiting``, see ``open_window``), the stand-in it starts on.
    """
    from stsdesk.application.journal_service import JournalService
    from stsdesk.application.settings_service import SettingsService
    from stsdesk.core.settings import Settings
    from stsdesk.infra.settings_file import save_user_settings
    from stsdesk.infra.timezone import local_zone_name
    from stsdesk.ui.app_window import AppWindow
    from stsdesk.ui.context import Notice, Services
    from stsdesk.ui.i18n import install_translations

    # Before any widget exists: the words are looked up as the widgets are built.
    install_translations(core.settings["appearance.language"])

    def save(settings: Settings) -> None:
        save_user_settings(core.paths.settings_file, settings.user)

    services = Services(
        paths=core.paths,
        log_file=core.log_file,
        settings=SettingsService(core.settings, save),
        catalog=core.catalog,
        learn_cards=core.learn_cards,
        practice_log=JournalService(opening.journal),
        audio=audio,
        zone_name=local_zone_name,
        export=lambda fmt, path: export_journal(services.practice_log, fmt, path),
        notices=[Notice(text) for text in core.notices],
    )
    attach_self_check(core, services)
    if not opening.waiting:
        services.notices += log_notices(core, services, opening)
    window = AppWindow(services, core.policy, frame)
    if opening.waiting:
        window.wait_for_log()
    return window


def log_notices(core: StartupContext, services, opening: LogOpening) -> list:
    """Home's notices about the log as it was opened (with their actions: a new log, resume
    backups), what the last run left and kept, and the last run's fatal error."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from stsdesk.application.startup import crash_notice
    from stsdesk.ui.context import Notice

    notices: list[Notice] = []

    def start_new_log() -> str:
        from stsdesk.store.recovery import start_fresh

        kept = list(services.practice_log.records())  # practised meanwhile, in memory
        result = start_fresh(core.paths)
        assert result.store is not None
        added = result.store.import_practices(kept)
        services.practice_log.replace(result.store)  # every page that shows it re-reads
        if not added:
            return result.report.message
        return f"{result.report.message} {_practices(added)} done meanwhile are in it."

    def resume_backups() -> str:
        services.practice_log.journal.resume_backups()
        return QCoreApplication.translate("Notices", "Automatic backups are on again.")

    if opening.needs_choice:
        actions = [
            (
                QCoreApplication.translate(
                    "Notices", "Start a new log, keeping the damaged file aside"
                ),
                start_new_log,
            ),
            (
                QCoreApplication.translate("Notices", "Quit stsdesk"),
                lambda: QApplication.quit() or "",
            ),
        ]
        notices.append(Notice(opening.message, actions))
    elif opening.restored:
        notices.append(
            Notice(
                opening.message,
                [
                    (
                        QCoreApplication.translate("Notices", "It looks right: resume backups"),
                        resume_backups,
                    )
                ],
            )
        )
    else:
        if opening.message:
            notices.append(Notice(opening.message))
        if opening.backups_paused:
            notices.append(
                Notice(
                    QCoreApplication.translate(
                        "Notices",
                        "Automatic backups are still paused since your log was restored from a "
                        "backup. If your journal looks right, turn them back on.",
                    ),
                    [
                        (
                            QCoreApplication.translate("Notices", "Resume automatic backups"),
                            resume_backups,
                        )
                    ],
                )
            )
    crashed = crash_notice(core, opening)  # the last run's fatal error, if any
    if crashed:
        notices.append(Notice(crashed))
    notices += [Notice(text) for text in opening.kept]
    return notices
