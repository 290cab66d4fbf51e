"""The Journal's numbers and dialogs say what is true, in the words a person reads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from stsdesk.core.days import stamp
from stsdesk.core.records import PracticeRecord, Source
from stsdesk.ui.journal import ManualEntryDialog, NoteDialog


def _record(
    days_ago: float,
    *,
    exercise_id: str = "grounding-feet-and-seat",
    title: str = "Grounding: feet and seat",
    seconds: float = 180.0,
    before: int | None = None,
    after: int | None = None,
    note: str = "",
    tags: tuple[str, ...] = (),
) -> PracticeRecord:
    started, day = stamp(datetime.now().astimezone() - timedelta(days=days_ago), "")
    return PracticeRecord(
        exercise_id=exercise_id,
        exercise_title=title,
        family="resiliency",
        minutes_chosen=3,
        started_at=started,
        time_zone="",
        local_day=day,
        practiced_seconds=seconds,
        completed=True,
        distress_before=before,
        distress_after=after,
        note=note,
        tags=tags,
    )


@pytest.fixture
def app(make_app_window):
    return make_app_window()


def _open(app):
    app.window.show_page("journal")
    return app.shell.journal


def _texts(page) -> list[str]:
    return [w.text() for w in page.findChildren(type(page.kind)) if w.isVisibleTo(page)]


def test_what_helps_shows_every_practice_with_its_evidence(app) -> None:
    log = app.services.practice_log
    for n in range(6):
        log.add(_record(n + 1, exercise_id="six", title="Six times", before=5, after=4))
    log.add(_record(1, exercise_id="once", title="Once", before=8, after=2))
    log.add(_record(2, exercise_id="up", title="Rose", before=3, after=5))
    page = _open(app)
    helps = [page.helps.itemAt(i).widget().text() for i in range(page.helps.count())]
    assert helps == [
        "Six times: distress eased by 1.0 on average, from 6 rated practices",
        "Once: distress eased by 6.0 on average, from 1 rated practice",
        "Rose: distress rose by 2.0 on average, from 1 rated practice",  # shown, not left out
    ]
    assert any("not a measure" in text for text in _texts(page))


def test_consistency_is_explained_and_waits_for_two_weeks(app) -> None:
    log = app.services.practice_log
    log.add(_record(0))
    page = _open(app)
    assert not page.regularity.isVisibleTo(page)  # never "100/100" after one practice
    assert "consistency" not in page.consistency.text().lower()
    assert page.consistency.text().endswith("1 practice, 3 min in all")
    for days_ago in range(1, 20):
        log.add(_record(days_ago))
    assert page.regularity.isVisibleTo(page)
    assert page.regularity.text().startswith("Consistency 100/100: how regularly you practiced")
    assert "One missed day a week costs nothing" in page.regularity.toolTip()


def test_a_history_row_tells_seconds_notes_and_tags_apart(app) -> None:
    log = app.services.practice_log
    log.add(_record(0.01, seconds=2.0, note="phone rang", tags=("work", "evening")))
    page = _open(app)
    row = page.history.row(0)
    assert row.details.text() == "2 s"  # not "1 min" for a 2-second run
    assert row.note.text() == "Note: phone rang"  # its own line, set apart
    assert row.note is not row.details
    assert row.tags.text() == "Tags: work, evening"
    assert row.note_button.text() == "Edit note…"
    assert "Grounding: feet and seat" in row.note_button.accessibleName()


def test_after_a_note_edit_the_page_stays_and_focus_returns_to_that_note(app, qtbot) -> None:
    log = app.services.practice_log
    for days_ago in range(30):
        log.add(_record(days_ago + 0.01))
    page = _open(app)
    app.window.resize(1024, 700)
    row = page.history.row(20)
    page.ensureWidgetVisible(row.note_button)
    scroll = page.verticalScrollBar()
    at = scroll.value()
    assert at > 0
    qtbot.mouseClick(row.note_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(NoteDialog)
    assert dialog.about.text().startswith("Your note on Grounding: feet and seat, ")
    dialog.editor.setPlainText("steadier")
    dialog.accept()
    assert log.recent(30)[20].note == "steadier"
    assert page.history.row(20).note.text() == "Note: steadier"
    assert scroll.value() == at
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.history.row(20).note_button)


def test_the_note_dialog_names_its_practice(app) -> None:
    dialog = NoteDialog(_record(0, title="Box or 4-7-8 breathing", note="ok"))
    text = dialog.about.text()
    assert text.startswith("Your note on Box or 4-7-8 breathing, ")
    assert "Box or 4-7-8 breathing" in dialog.windowTitle()
    assert dialog.editor.toPlainText() == "ok"
    dialog.deleteLater()


def test_log_a_practice_starts_on_the_latest_and_writes_the_date_the_locale_way(app) -> None:
    catalog = app.services.catalog
    now = datetime(2026, 12, 2, 0, 32)
    dialog = ManualEntryDialog(catalog, now, recent_ids=["gone-from-the-pack", "body-scan"])
    assert dialog.exercise.currentData().id == "body-scan"
    locale = QLocale()
    expected = locale.toString(
        QDateTime(now),
        locale.dateFormat(QLocale.FormatType.LongFormat)
        + ", "
        + locale.timeFormat(QLocale.FormatType.ShortFormat),
    )
    assert dialog.when.text() == expected
    assert "2026" in expected
    assert "00:32" in expected
    assert dialog.minutes.buttonSymbols() is dialog.minutes.ButtonSymbols.UpDownArrows
    fresh = ManualEntryDialog(catalog, now)  # no history: what Home offers, not "A…"
    first_by_title = min(catalog.exercises, key=lambda e: e.title.casefold())
    assert fresh.exercise.currentData() is not first_by_title
    dialog.deleteLater()
    fresh.deleteLater()


def test_something_else_logs_a_practice_of_your_own(app) -> None:
    page = _open(app)
    page.open_manual_entry()
    dialog = page.findChild(ManualEntryDialog)
    dialog.exercise.setCurrentIndex(dialog.exercise.findText("Something else…"))
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    assert dialog.own_name.isVisibleTo(dialog)
    assert not save.isEnabled()  # a name first
    dialog.own_name.setText("A walk at lunch")
    assert save.isEnabled()
    dialog.accept()
    newest = app.services.practice_log.recent(1)[0]
    assert (newest.exercise_title, newest.exercise_id) == ("A walk at lunch", "own-a-walk-at-lunch")
    assert newest.source is Source.MANUAL
    assert page.history.row(0).heading.text().endswith("A walk at lunch")


_DIALOG_BUTTONS = """
import sys
from datetime import datetime
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from stsdesk.core.days import stamp
from stsdesk.core.records import PracticeRecord
from stsdesk.ui.journal import NoteDialog
from stsdesk.ui.theme import LIGHT, apply_theme

app = QApplication(sys.argv)
apply_theme(app, LIGHT, app.font().family(), 100)
started, day = stamp(datetime(2026, 12, 2, 9, 30).astimezone(), "")
record = PracticeRecord("x", "X", "f", 3, started, "", day, 180.0, True)
dialog = NoteDialog(record)
box = dialog.findChild(QDialogButtonBox)
question = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                       QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
buttons = [*box.buttons(), *question.buttons()]
print(len(buttons), sum(not b.icon().isNull() for b in buttons))
"""


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs Xvfb (xvfb-run)")
def test_dialog_buttons_carry_words_not_stock_icons(tmp_path) -> None:
    """On a real X display (where Fusion puts a floppy disk on Save and a red X on Cancel)."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["HOME"] = str(tmp_path)
    result = subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-c", _DIALOG_BUTTONS],
        capture_output=True, text=True, env=env, timeout=120, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["4", "0"]  # four buttons, no icon on any


def test_a_stopped_or_skipped_practice_reads_partly_done(app) -> None:
    app.services.practice_log.add(replace(_record(0, seconds=40), completed=False))
    page = _open(app)
    assert page.history.row(0).details.text() == "40 s · partly done"


def test_questions_and_failures_carry_no_stock_icon(app) -> None:
    """No yellow warning triangle over "Delete all your data?" or a failure: calm words only."""
    from stsdesk.ui.widgets import show_failure

    page = _open(app)
    app.services.practice_log.add(_record(0))
    page.refresh()
    page.confirm_delete_all()
    failure = show_failure(page, "Your note could not be saved (disk full).")
    boxes = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox)]
    shown = [b for b in boxes if b.isVisible()]
    assert len(shown) >= 2
    assert all(b.icon() is QMessageBox.Icon.NoIcon for b in shown)
    for box in shown:
        box.close()
    failure.deleteLater()
