"""Text from a policy, a pack or the log is shown literally: never as HTML, never reordered.

Each of these strings once froze, crashed or exhausted the app when a label guessed it was
rich text. Built in the real window, offscreen, from real files.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from stsdesk.core.days import stamp
from stsdesk.core.learn import LearnCard
from stsdesk.core.records import PracticeRecord
from stsdesk.ui.practices import ExerciseCard, ScriptDialog
from stsdesk.ui.support import LearnPage
from stsdesk.ui.widgets import label

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "packaging" / "examples" / "riverside-pack"

IMG = '<img src="/dev/zero">'
NESTED = "<table><tr><td>" * 20 + "x" + "</td></tr></table>" * 20
NOTE = NESTED[:310]
PHONE = "<font color=red size=7>1-800-FAKE</font>"
CREDIT = "<table><tr><td>" * 55 + "credit" + "</td></tr></table>" * 55  # under the 2000 limit
BOUND_S = 20  # wall clock only as a generous bound: the markup once took minutes, or forever


def labels(widget) -> list[QLabel]:
    return widget.findChildren(QLabel)


def shown_literally(widget, text: str) -> QLabel:
    """The label showing ``text`` as characters; it must be a plain-text label."""
    found = [w for w in labels(widget) if text in w.text()]
    assert found, f"{text[:60]!r}... is not shown"
    for item in found:
        assert item.textFormat() == Qt.TextFormat.PlainText
    return found[0]


def hostile_pack(folder: Path) -> Path:
    pack = folder / "hostile-pack"
    shutil.copytree(PACK, pack)
    manifest = pack / "pack.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace(
        'text = "Written by the Riverside Clinic peer-support team."', f"text = '{CREDIT}'"
    )
    manifest.write_text(text, encoding="utf-8")
    exercise = pack / "exercises" / "end-of-shift-check-out.toml"
    text = exercise.read_text(encoding="utf-8")
    text = text.replace('title = "End-of-shift check-out"', "title = '<b>Check</b>-out'")
    text = text.replace(
        'summary = "Close the day', "summary = \"<img src='/dev/zero'> Close the day"
    )
    text = text.replace('say = "Sit back', 'say = "<table><tr><td>Sit back')
    exercise.write_text(text, encoding="utf-8")
    return pack


@pytest.fixture
def hostile_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pack = hostile_pack(tmp_path)
    policy = tmp_path / "policy.toml"
    policy.write_text(
        f"[organization]\nname = '{IMG}'\n\n"
        f"[support]\neap_phone = '{PHONE}'\ncrisis_line = '<b>call 988</b>'\n"
        f"note = '{NOTE}'\n\n"
        f"[content]\npacks = ['{pack}']\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("STSDESK_POLICY", str(policy))
    return policy


def _record(title: str) -> PracticeRecord:
    started, day = stamp(datetime.now().astimezone(), "")
    return PracticeRecord(
        exercise_id="grounding-feet-and-seat",
        exercise_title=title,
        family="resiliency",
        minutes_chosen=3,
        started_at=started,
        time_zone="",
        local_day=day,
        practiced_seconds=180.0,
        completed=True,
        distress_before=6,
        distress_after=3,
        note=f"a note with {IMG}",
    )


def test_policy_and_pack_markup_is_shown_literally_and_the_app_starts(
    make_app_window, hostile_policy: Path
) -> None:
    began = time.monotonic()
    app = make_app_window()
    assert time.monotonic() - began < BOUND_S
    shell = app.shell
    assert len(NOTE) == 310
    shown_literally(shell.home, f"Provided by {IMG}")
    shown_literally(shell.support, f"From {IMG}")
    phone = shown_literally(shell.support, PHONE)
    assert phone is shell.support.contacts["Employee Assistance Program (EAP)"]
    shown_literally(shell.support, NOTE)
    shown_literally(shell.support, "Your organization's crisis line: <b>call 988</b>")
    shown_literally(shell.settings, f"stsdesk was set up for you by {IMG}.")
    shown_literally(shell.learn, CREDIT)
    card = shell.practices.cards["end-of-shift-check-out"]
    shown_literally(card, "<b>Check</b>-out")
    shown_literally(card, "<img src='/dev/zero'> Close the day")
    shown_literally(card, CREDIT)
    script = ScriptDialog(card.exercise, shell.practices)
    shown_literally(script, "<table><tr><td>Sit back")
    script.close()


def test_markup_in_a_logged_title_opens_the_journal(make_app_window) -> None:
    app = make_app_window()
    title = f"{NESTED} {IMG}"
    app.services.practice_log.add(_record(title))
    began = time.monotonic()
    app.window.show_page("journal")
    journal = app.shell.journal
    assert time.monotonic() - began < BOUND_S
    assert title in journal.history.item(0).text()
    assert f"a note with {IMG}" in journal.history.item(0).text()
    shown_literally(journal, f"{title}: distress eased by 3.0")
    journal.history.setCurrentRow(0)
    journal.confirm_delete()
    box = next(b for b in journal.findChildren(QMessageBox) if b.isVisible())
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert title in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()


BIDI_TITLE = "Calm \u202eedoc\u202c breath \x1b[31mred\x1b[0m"
CLEAN_TITLE = "Calm edoc breath red"


def test_bidi_overrides_and_terminal_escapes_are_not_shown(make_app_window) -> None:
    app = make_app_window()
    app.services.practice_log.add(_record(BIDI_TITLE))
    app.window.show_page("journal")
    journal = app.shell.journal
    row = journal.history.item(0).text()
    assert CLEAN_TITLE in row
    assert "\u202e" not in row
    assert "\x1b" not in row
    helps = shown_literally(journal, CLEAN_TITLE)
    assert "\u202e" not in helps.text()
    assert "\x1b" not in helps.text()

    exercise = replace(app.services.catalog.exercises[0], title=BIDI_TITLE)
    card = ExerciseCard(exercise)
    card.setParent(app.shell.practices)
    shown = shown_literally(card, CLEAN_TITLE)
    assert "\u202e" not in shown.text()
    assert card.accessibleName() == CLEAN_TITLE
    script = ScriptDialog(exercise, app.shell.practices)
    assert script.windowTitle() == CLEAN_TITLE
    script.close()


def test_every_label_made_by_the_helper_stays_plain(qtbot) -> None:
    later = label("")
    qtbot.addWidget(later)
    later.setText(f"{IMG}\u202e\x1b[2J")
    assert later.textFormat() == Qt.TextFormat.PlainText
    assert later.text() == IMG


def test_a_learn_card_with_markup_and_an_override_is_shown_plainly(make_app_window) -> None:
    app = make_app_window()
    hostile = LearnCard(
        id="hostile",
        title=BIDI_TITLE,
        order=1,
        body=f"{NESTED}\n\n{IMG}",
        see_also=(),
        source=Path("hostile.md"),
    )
    page = LearnPage(replace(app.services, learn_cards=[hostile]))
    page.setParent(app.window)
    toggle, text = page.cards["hostile"]
    assert toggle.text() == "▸  " + CLEAN_TITLE
    assert toggle.accessibleName() == CLEAN_TITLE
    toggle.click()
    assert toggle.text() == "▾  " + CLEAN_TITLE
    shown_literally(text, IMG)
