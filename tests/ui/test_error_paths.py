"""Every failed store, file or settings operation reaches the person as one calm sentence.

The failures are real where the machine allows (tests run as root, so permissions never deny:
a directory stands where a file must go); the practice log's own failures come from a log
that raises the store's ``StoreError``, handed in through the services like the real one.
"""

from __future__ import annotations

import gc
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton, QSpinBox, QWidget

from stsdesk.core.days import stamp
from stsdesk.core.errors import StoreError
from stsdesk.core.records import PracticeRecord
from stsdesk.ui.context import Notice
from stsdesk.ui.journal import ManualEntryDialog, NoteDialog
from stsdesk.ui.widgets import FAILURE, show_failure

READ_ONLY = "The practice log is read-only, so nothing can change. Nothing was deleted."


def _record() -> PracticeRecord:
    started, day = stamp(datetime.now().astimezone(), "")
    return PracticeRecord(
        exercise_id="grounding-feet-and-seat",
        exercise_title="Grounding: feet and seat",
        family="resiliency",
        minutes_chosen=3,
        started_at=started,
        time_zone="",
        local_day=day,
        practiced_seconds=180.0,
        completed=True,
        note="as it was",
    )


class FailingLog:
    """The real log, except that the named operations fail as a read-only log does."""

    def __init__(self, real, *failing: str) -> None:
        self.real = real
        self.failing = set(failing)

    def __getattr__(self, name: str):
        if name in self.failing:

            def fail(*args: object, **kwargs: object):
                raise StoreError(READ_ONLY)

            return fail
        return getattr(self.real, name)


def failures(widget: QWidget) -> list[QMessageBox]:
    return [box for box in widget.findChildren(QMessageBox, FAILURE) if box.isVisible()]


def the_failure(widget: QWidget) -> QMessageBox:
    shown = failures(widget)
    assert len(shown) == 1, [box.text() for box in shown]
    return shown[0]


@pytest.fixture
def app(make_app_window):
    app = make_app_window()
    app.services.practice_log.add(_record())
    return app


@pytest.fixture
def journal(app):
    app.window.show_page("journal")
    return app.shell.journal


# --- settings -----------------------------------------------------------------------------


def test_a_failed_settings_write_puts_the_control_back_and_retry_applies_it(app) -> None:
    settings_file = app.services.paths.settings_file
    settings_file.unlink(missing_ok=True)
    settings_file.mkdir(parents=True)  # a directory where the file must go: even root fails
    page = app.shell.settings
    voice = page.controls["practice.voice"]
    was = app.services.settings["practice.voice"]
    voice.setChecked(not was)
    assert voice.isChecked() == was  # back to the value actually in effect
    assert app.services.settings["practice.voice"] == was
    box = the_failure(page)
    assert box.text() == (
        "Your change could not be saved (Is a directory). "
        "The setting shows the value still in effect."
    )
    assert "Traceback" not in box.text()
    retry = box.button(QMessageBox.StandardButton.Retry)
    assert retry is not None
    shutil.rmtree(settings_file)
    retry.click()
    assert app.services.settings["practice.voice"] == (not was)
    assert voice.isChecked() == (not was)
    assert "voice = " in settings_file.read_text(encoding="utf-8")
    assert failures(page) == []


def test_a_failed_number_setting_shows_the_old_number(app) -> None:
    settings_file = app.services.paths.settings_file
    settings_file.unlink(missing_ok=True)
    settings_file.mkdir(parents=True)
    page = app.shell.settings
    key, widget = next(
        (key, widget)
        for key, widget in page.controls.items()
        if isinstance(widget, QSpinBox) and widget.isEnabled()
    )
    was = app.services.settings[key]
    widget.setValue(widget.maximum() if was != widget.maximum() else widget.minimum())
    widget.setValue(widget.minimum() if was != widget.minimum() else widget.maximum())
    assert widget.value() == was
    assert len(failures(page)) == 1  # repeated failures replace each other, never pile up


# --- journal ------------------------------------------------------------------------------


def test_a_failed_export_says_why_and_retry_writes_it(journal, tmp_path: Path) -> None:
    target = tmp_path / "journal.csv"
    target.mkdir()  # the chosen name is taken by a folder
    journal.export_to(target, "csv")
    box = the_failure(journal)
    assert str(target) in box.text()  # the store's own sentence: what and where
    assert "Traceback" not in box.text()
    assert box.button(QMessageBox.StandardButton.Retry) is not None
    assert "Exported" not in journal.message.text()
    target.rmdir()
    box.button(QMessageBox.StandardButton.Retry).click()
    assert target.is_file()
    assert "Exported 1 practice" in journal.message.text()
    assert failures(journal) == []


def test_a_failed_note_edit_keeps_the_note_and_offers_retry(app, journal) -> None:
    log = app.services.practice_log
    real = log.journal
    log.replace(FailingLog(real, "update_note"))
    journal.history.setCurrentRow(0)
    journal.open_note_editor()
    dialog = journal.findChild(NoteDialog)
    dialog.editor.setPlainText("steadier")
    dialog.accept()
    box = the_failure(journal)
    assert box.text() == READ_ONLY
    assert real.recent(1)[0].note == "as it was"
    log.replace(real)  # the disk is writable again
    box.button(QMessageBox.StandardButton.Retry).click()
    assert real.recent(1)[0].note == "steadier"
    assert journal.message.text() == "Note saved."


def test_failed_deletes_keep_everything_and_say_so(app, journal) -> None:
    real = app.services.practice_log.journal
    app.services.practice_log.replace(FailingLog(real, "delete", "delete_all"))
    journal.history.setCurrentRow(0)
    journal.confirm_delete()
    next(b for b in journal.findChildren(QMessageBox) if b.isVisible()).button(
        QMessageBox.StandardButton.Yes
    ).click()
    assert the_failure(journal).text() == READ_ONLY
    journal.delete_everything()
    assert the_failure(journal).text() == READ_ONLY
    assert real.count() == 1
    assert journal.history.count() == 1


def test_a_manual_entry_that_cannot_be_written_says_so_without_a_retry(app, journal) -> None:
    log = app.services.practice_log
    log.replace(FailingLog(log.journal, "add"))
    journal.open_manual_entry()
    journal.findChild(ManualEntryDialog).accept()
    box = the_failure(journal)
    assert box.text() == READ_ONLY
    assert box.button(QMessageBox.StandardButton.Retry) is None  # the log keeps it itself


def test_a_log_that_cannot_be_read_is_said_on_the_page(make_app_window, monkeypatch) -> None:
    app = make_app_window()
    log = app.services.practice_log
    log.replace(FailingLog(log.journal, "summary", "recent"))
    assert app.shell.home.today.text() == READ_ONLY  # Home re-read the log by itself
    app.window.show_page("journal")
    journal = app.shell.journal
    assert journal.kind.text() == (f"{READ_ONLY} stsdesk tries again when you next open this page.")
    started: list[tuple] = []
    monkeypatch.setattr(app.shell, "play", lambda *args: started.append(args))
    app.shell.quick_start(3)  # still suggests a practice, without recent ones to vary from
    assert len(started) == 1


def test_a_failing_notice_action_says_so_and_keeps_its_button(app) -> None:
    def start_new_log() -> str:
        raise StoreError("A new log could not be started: the disk is full.")

    home = app.shell.home
    box = home.add_notice(Notice("The log was damaged.", [("Start a new log", start_new_log)]))
    button = next(b for b in box.findChildren(QPushButton))
    button.click()
    texts = [w.text() for w in box.findChildren(type(home.today))]
    assert texts == [
        "A new log could not be started: the disk is full. "
        "Nothing else was changed; you can try again."
    ]
    assert button.isVisibleTo(box)


# --- the helper ---------------------------------------------------------------------------


def test_a_failure_box_outlives_the_function_that_showed_it(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    show_failure(parent, "<b>Nothing</b> was saved.")
    gc.collect()
    qtbot.waitUntil(lambda: bool(failures(parent)))
    box = the_failure(parent)
    assert box.text() == "<b>Nothing</b> was saved."
    assert box.button(QMessageBox.StandardButton.Retry) is None
    box.button(QMessageBox.StandardButton.Ok).click()
    assert failures(parent) == []
