"""An unexpected error reaches the person as one calm, visible dialog, and the log."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from stsdesk.ui.errors import install_excepthook


def _visible_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(tmp_path / "stsdesk.log")
    yield sys.excepthook
    for box in _visible_boxes():
        box.done(0)


def _raise_into(hook) -> None:
    try:
        raise RuntimeError("boom <b>not bold</b>")
    except RuntimeError as error:
        hook(type(error), error, error.__traceback__)


def test_the_error_dialog_is_still_visible_after_the_hook_returns(hook, qtbot, caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="stsdesk"):
        _raise_into(hook)
    qtbot.wait(30)  # the dialog used to be garbage-collected by now
    boxes = _visible_boxes()
    assert len(boxes) == 1
    assert "Something went wrong" in boxes[0].text()
    assert "stsdesk.log" in boxes[0].text()
    assert "RuntimeError" in caplog.text  # the details go to the log, not to the person


def test_a_burst_of_errors_shows_one_dialog(hook, qtbot) -> None:
    for _ in range(5):
        _raise_into(hook)
    qtbot.wait(10)
    assert len(_visible_boxes()) == 1
    _visible_boxes()[0].done(0)
    qtbot.wait(10)
    _raise_into(hook)  # after it is closed, the next error is shown again
    qtbot.waitUntil(lambda: len(_visible_boxes()) == 1, timeout=1000)
