"""The Journal page on a real practice log file: numbers, history, edits, export, delete-all."""

from __future__ import annotations

import csv
import stat
from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from stsdesk.core.days import stamp
from stsdesk.core.records import PracticeRecord, Source
from stsdesk.ui.journal import ManualEntryDialog, NoteDialog


def _record(days_ago: int, before: int | None = 6, after: int | None = 3, note: str = ""):
    instant = datetime.now().astimezone() - timedelta(days=days_ago)
    started, day = stamp(instant, "")
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
        distress_before=before,
        distress_after=after,
        note=note,
    )


@pytest.fixture
def app(make_app_window):
    return make_app_window()


@pytest.fixture
def journal(app):
    for days_ago in (0, 1, 2):
        app.services.practice_log.add(_record(days_ago))
    page = app.shell.journal
    app.window.show_page("journal")
    return page


def test_numbers_are_worded_kindly(journal) -> None:
    assert journal.kind.text() == "You practiced 3 of the last 7 days."
    assert "3 now" in journal.streak.text()
    assert journal.history.count() == 3
    assert "Grounding: feet and seat" in journal.history.item(0).text()
    helps = journal.findChildren(type(journal.kind))
    assert any("eased by 3.0" in w.text() for w in helps)
    assert "Practice on 3 of the last 365 days" in journal.calendar.accessibleDescription()


def test_hidden_streaks_are_not_shown(app, journal) -> None:
    page = app.shell.settings
    page.controls["journal.hide_streaks"].setChecked(True)
    assert not journal.streak.isVisibleTo(journal)


def test_edit_note_and_delete_one(app, journal, qtbot) -> None:
    journal.history.setCurrentRow(0)
    journal.open_note_editor()
    dialog = journal.findChild(NoteDialog)
    dialog.editor.setPlainText("felt steadier after")
    dialog.accept()
    assert app.services.practice_log.recent(1)[0].note == "felt steadier after"
    journal.history.setCurrentRow(0)
    journal.confirm_delete()
    box = journal.findChild(QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    assert app.services.practice_log.count() == 2


def test_manual_entry_is_logged_by_hand(app, journal) -> None:
    journal.open_manual_entry()
    dialog = journal.findChild(ManualEntryDialog)
    dialog.minutes.setValue(12)
    dialog.before.setValue(8)
    dialog.accept()
    newest = app.services.practice_log.recent(1)[0]
    assert newest.source is Source.MANUAL
    assert newest.minutes_chosen == 12
    assert newest.distress_before == 8
    assert newest.distress_after is None
    assert "logged by hand" in journal.history.item(0).text()


def test_export_writes_an_owner_only_csv(journal, tmp_path) -> None:
    target = tmp_path / "out" / "journal.csv"
    target.parent.mkdir()
    journal.export_to(target, "csv")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3
    assert rows[0]["exercise_id"] == "grounding-feet-and-seat"
    assert "Exported 3 practices" in journal.message.text()


def test_delete_all_asks_first_then_leaves_nothing(app, journal) -> None:
    journal.confirm_delete_all()
    box = journal.findChild(QMessageBox)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert app.services.practice_log.count() == 3
    journal.confirm_delete_all()
    box = next(b for b in journal.findChildren(QMessageBox) if b.isVisible())
    box.button(QMessageBox.StandardButton.Yes).click()
    assert app.services.practice_log.count() == 0
    assert "export" in journal.message.text().lower()
    assert journal.history.count() == 0


def test_a_damaged_log_without_backup_is_kept_and_the_user_chooses(make_app_window, tmp_path):
    data = tmp_path / "damaged"
    (data).mkdir(mode=0o700)
    (data / "practice-log.sqlite3").write_bytes(b"this is not a database" * 100)
    app = make_app_window(data)
    home = app.shell.home
    banner_text = [w.text() for w in home.findChildren(type(home.today))]
    assert any("damaged" in text.lower() or "could not" in text.lower() for text in banner_text)
    start = next(b for b in home.findChildren(QPushButton) if "new log" in b.text())
    assert (data / "practice-log.sqlite3").read_bytes().startswith(b"this is not")
    start.click()
    kept = list((data / "quarantine").rglob("practice-log.sqlite3"))
    assert len(kept) == 1
    app.services.practice_log.add(_record(0))
    assert app.services.practice_log.count() == 1


def test_the_journal_reads_the_log_when_first_opened(app) -> None:
    app.services.practice_log.add(_record(0))
    page = app.shell.journal
    assert page.kind.text() == ""  # nothing read while the app was starting
    app.window.show_page("journal")
    assert page.kind.text() == "You practiced 1 of the last 7 days."
    assert page.history.count() == 1
