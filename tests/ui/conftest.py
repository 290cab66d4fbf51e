"""Qt test helpers: a real main window offscreen, and no modal dialog may block a test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget


def _leftovers() -> tuple[list[QWidget], list[QTimer]]:
    """The visible top-level widgets and the running timers of widgets or of the application."""
    app = QApplication.instance()
    if app is None:
        return [], []
    # What was closed and handed to deleteLater (pytest-qt's qtbot.addWidget) goes first.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    windows = [widget for widget in QApplication.topLevelWidgets() if widget.isVisible()]
    owners = [app, *QApplication.allWidgets()]
    timers = {id(t): t for o in owners for t in o.findChildren(QTimer) if t.isActive()}
    return windows, list(timers.values())


def _describe(thing: QWidget | QTimer) -> str:
    parent = thing.parent()
    owner = f" of {type(parent).__name__}" if parent is not None else ""
    name = f" {thing.objectName()!r}" if thing.objectName() else ""
    return f"{type(thing).__name__}{name}{owner}"


@pytest.fixture(autouse=True)
def _nothing_left_running() -> Iterator[None]:
    """Fail a test that leaves a running timer or a visible window behind.

    Checked after pytest-qt closed the widgets given to ``qtbot.addWidget``: a leftover would
    tick (or paint) into the next test. What is found is stopped and closed, so the next test
    starts clean.
    """
    yield
    windows, timers = _leftovers()
    if not windows and not timers:
        return
    found = [f"a visible window {_describe(w)}" for w in windows]
    found += [f"a running {_describe(t)} ({t.interval()} ms)" for t in timers]
    for timer in timers:
        timer.stop()
    for window in windows:
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    pytest.fail("The test left behind " + "; ".join(found), pytrace=False)


@pytest.fixture(scope="session", autouse=True)
def _english_catalogue(qapp) -> None:
    """The English catalogue the app installs at start (its plural forms), for every UI test."""
    from stsdesk.ui.i18n import install_translations

    install_translations("en")


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"unexpected modal dialog: {args!r}")

    for cls in (QDialog, QMessageBox):
        monkeypatch.setattr(cls, "exec", fail)
    for name in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, fail)


@pytest.fixture
def make_app_window(qtbot, tmp_path: Path) -> Callable:
    """Build the real application window on a fresh data directory."""
    from stsdesk.app import build_window, open_audio, open_practice_log, start_core

    QCoreApplication.setOrganizationName("stsdesk-tests")
    QCoreApplication.setApplicationName("stsdesk-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))

    def make(data_dir: Path | None = None):
        core = start_core(str(data_dir or tmp_path / "data"))
        app_window = build_window(core, open_practice_log(core), open_audio())
        qtbot.addWidget(app_window.window)
        with qtbot.waitExposed(app_window.window):
            app_window.show()
        with qtbot.waitActive(app_window.window):
            app_window.window.activateWindow()
        # The tray, reminders and the rest come once the window has painted, as in a real start.
        qtbot.waitUntil(lambda: app_window.settled)
        return app_window

    return make


@pytest.fixture(scope="session")
def builtin_catalog():
    """The built-in practices, loaded once for the whole run (pages only read it)."""
    from stsdesk.core.catalog import load_catalog
    from stsdesk.infra.resources import builtin_pack

    return load_catalog([builtin_pack()])


@pytest.fixture
def make_services(tmp_path: Path, builtin_catalog) -> Callable:
    """Services for one page: an in-memory log, a recording audio fake, settings in tmp_path.

    Far cheaper than the whole window: no SQLite, no sound device, no other pages.
    """
    from stsdesk.application.journal_service import JournalService
    from stsdesk.application.settings_service import SettingsService
    from stsdesk.core.policy import Policy
    from stsdesk.core.ports import MemoryPracticeLog
    from stsdesk.infra.paths import resolve_paths
    from stsdesk.infra.settings_file import save_user_settings
    from stsdesk.ui.context import Services
    from tests.fakes import FakeClock, RecordingAudio

    def make(**user: object) -> Services:
        paths = resolve_paths(tmp_path / "data")
        settings = SettingsService(
            Policy().settings({key.replace("__", "."): v for key, v in user.items()}),
            lambda s: save_user_settings(paths.settings_file, s.user),
        )
        return Services(
            paths=paths,
            log_file=tmp_path / "stsdesk.log",
            settings=settings,
            catalog=builtin_catalog,
            learn_cards=[],
            practice_log=JournalService(MemoryPracticeLog()),
            audio=RecordingAudio(),
            zone_name=lambda: "UTC",
            export=lambda fmt, path: 0,
            monotonic=FakeClock(),
        )

    return make
