"""Qt test helpers: a real main window offscreen, and no modal dialog may block a test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QDialog, QMessageBox


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
        return app_window

    return make
