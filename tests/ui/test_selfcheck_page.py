"""The self-check with real widgets offscreen, on a real log: ProQOL errors as the core words
them, the chart's text alternative, proqol.org opened only on a click, the gentle support
offer exactly when its rule says, and supervision notes kept, shown, exported and deleted."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from stsdesk.core.selfcheck import SCALE_MAX, STATEMENTS, Subscale

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 14, 10, 0, tzinfo=BERLIN)


class WallClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def opened(make_app_window, tmp_path: Path):
    """The real window on a fresh log, showing the Self-check page at ``NOW``."""
    windows = []

    def open_window(**settings: object):
        app_window = make_app_window(tmp_path / "data")
        windows.append(app_window)
        services = app_window.services
        services.now = WallClock(NOW)
        for key, value in settings.items():
            services.settings.set(key.replace("__", "."), value)
        app_window.window.show_page("self_check")
        return app_window, app_window.shell.self_check

    yield open_window
    for app_window in windows:
        app_window.services.audio.close()


def _record(qtbot, page, cs: str, bo: str, sts: str, day: str | None = None) -> None:
    for subscale, text in zip(Subscale, (cs, bo, sts), strict=True):
        page.scores[subscale].setText(text)
    if day is not None:
        page.taken_on.setText(day)
    qtbot.mouseClick(page.save_proqol, Qt.MouseButton.LeftButton)


def _answers_for(score: int) -> dict[str, int]:
    """Answers whose strain adds up to ``score`` (good things count in reverse)."""
    answers, left = {}, score
    for statement in STATEMENTS:
        strain = min(SCALE_MAX, left)
        left -= strain
        answers[statement.id] = SCALE_MAX - strain if statement.positive else strain
    assert left == 0
    return answers


def _check_in(qtbot, page, score: int) -> None:
    for statement_id, value in _answers_for(score).items():
        combo = page.answers[statement_id]
        combo.setCurrentIndex(combo.findData(value))
    qtbot.mouseClick(page.save_check_in, Qt.MouseButton.LeftButton)


def _visible_errors(page) -> dict[str, str]:
    return {k: w.text() for k, w in page.score_errors.items() if w.isVisible()}


def test_proqol_entries_out_of_range_show_the_cores_sentences(qtbot, opened) -> None:
    app_window, page = opened()
    assert page.taken_on.text() == "2026-03-14"  # today, to change if taken earlier
    _record(qtbot, page, "9", "abc", "30", "2026-03-15")
    errors = _visible_errors(page)
    assert errors == {
        "compassion_satisfaction": (
            "Compassion satisfaction must be from 10 to 50 (each ProQOL subscale adds up ten "
            "answers of 1 to 5); 9 is outside that range."
        ),
        "burnout": "Burnout must be a whole number from 10 to 50.",
        "taken_on": (
            "The date 2026-03-15 is in the future; use the day you took the ProQOL (today is "
            "2026-03-14)."
        ),
    }
    assert page.scores[Subscale.COMPASSION_SATISFACTION].hasFocus()
    assert page.scores[Subscale.BURNOUT].accessibleDescription() == errors["burnout"]
    assert page.proqol_message.text() == "Nothing was saved; please check the fields above."
    assert app_window.services.self_check.proqol_entries() == []
    _record(qtbot, page, "51", "20", "30", "14.03.2026")
    assert set(_visible_errors(page)) == {"compassion_satisfaction", "taken_on"}
    assert _visible_errors(page)["taken_on"] == (
        "The date must be a real day written like 2026-03-14."
    )

    _record(qtbot, page, "35", "20", "30", "2026-03-01")
    assert _visible_errors(page) == {}
    assert page.proqol_message.text().startswith("Saved your scores for")
    assert [e.taken_on.isoformat() for e in app_window.services.self_check.proqol_entries()] == [
        "2026-03-01"
    ]


def test_the_chart_has_a_text_alternative_with_bands(qtbot, opened) -> None:
    app_window, page = opened()
    assert page.chart.accessibleDescription() == "No ProQOL scores recorded yet."
    _record(qtbot, page, "22", "23", "42", "2026-03-01")
    _record(qtbot, page, "41", "10", "50", "2026-03-08")
    words = page.chart.accessibleDescription()
    assert words.startswith("Bands: 22 or less is low, 23 to 41 moderate, 42 or more high.")
    assert (
        "Compassion satisfaction 22 (low), Burnout 23 (moderate), "
        "Secondary traumatic stress 42 (high)." in words
    )
    assert "Compassion satisfaction 41 (moderate), Burnout 10 (low)" in words
    assert words.index("22 (low)") < words.index("41 (moderate)")  # in the order taken
    assert page.chart_words.text() == words  # shown as text too, not only to screen readers
    assert page.chart.accessibleName() == "Your ProQOL scores over time"
    page.chart.grab()  # paints with the palette in use, both looks
    app_window.services.settings.set("appearance.theme", "dark")
    page.chart.grab()


def test_proqol_org_opens_only_when_clicked(qtbot, opened, monkeypatch) -> None:
    opened_urls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened_urls.append(url.toString()) or True
    )
    _app_window, page = opened()
    page.refresh()
    assert opened_urls == []
    page.open_proqol.setFocus()
    qtbot.keyClick(page.open_proqol, Qt.Key.Key_Space)
    assert opened_urls == ["https://proqol.org"]


@pytest.mark.parametrize(
    ("threshold", "score", "offered"),
    [(18, 17, False), (18, 18, True), (18, 28, True), (10, 9, False), (10, 10, True)],
)
def test_the_check_in_offers_support_exactly_at_the_persons_threshold(
    qtbot, opened, threshold: int, score: int, offered: bool
) -> None:
    _app_window, page = opened(journal__check_in_support_score=threshold)
    assert not page.offer.isVisible()
    _check_in(qtbot, page, score)
    assert page.check_in_message.text() == f"Saved. This week's score: {score} of 28."
    assert page.offer.isVisible() is offered
    if offered:
        assert page.offer_text.text().startswith("Your check-in this week reached the level")


@pytest.mark.parametrize(("sts", "offered"), [("41", False), ("42", True), ("50", True)])
def test_a_high_proqol_sts_band_offers_support(qtbot, opened, sts: str, offered: bool) -> None:
    _app_window, page = opened()
    _record(qtbot, page, "45", "45", sts)  # high CS and burnout alone never offer
    assert page.offer.isVisible() is offered


def test_the_offer_follows_the_latest_answers_and_never_blocks(qtbot, opened) -> None:
    app_window, page = opened()
    shell = app_window.shell
    _check_in(qtbot, page, 20)
    assert page.offer.isVisible()
    assert page.offer_practice.text() == "A short practice: Grounding: feet and seat, 3 min"
    assert page.save_check_in.isEnabled()  # everything else still works
    qtbot.mouseClick(page.offer_support, Qt.MouseButton.LeftButton)
    assert shell.window.current_page == "support"
    shell.window.show_page("self_check")
    qtbot.mouseClick(page.offer_practice, Qt.MouseButton.LeftButton)
    assert shell.player.exercise is not None
    assert shell.player.exercise.id == "grounding-feet-and-seat"
    shell.player.closed.emit()
    shell.window.show_page("self_check")
    qtbot.mouseClick(page.offer_later, Qt.MouseButton.LeftButton)
    assert not page.offer.isVisible()
    _check_in(qtbot, page, 5)  # a lighter week: no offer
    assert not page.offer.isVisible()


def test_supervision_notes_are_kept_shown_exported_and_deleted(qtbot, opened) -> None:
    app_window, page = opened()
    services = app_window.services
    qtbot.mouseClick(page.save_notes, Qt.MouseButton.LeftButton)
    assert page.notes_message.text() == "Write a few words first; nothing was saved."
    (first_prompt, stayed), (_second, need) = page.note_edits
    assert first_prompt == "What stayed with me this week"
    stayed.setPlainText("The call on Tuesday.")
    need.setPlainText("Ten minutes to talk it through.")
    qtbot.mouseClick(page.save_notes, Qt.MouseButton.LeftButton)
    assert page.notes_message.text() == "Kept in your journal, on this computer only."
    _check_in(qtbot, page, 6)
    services.now = WallClock(NOW + timedelta(days=7))
    _check_in(qtbot, page, 14)

    app_window.window.show_page("journal")
    summary = app_window.shell.journal.self_check
    notes = [summary.notes.item(i).text() for i in range(summary.notes.count())]
    assert len(notes) == 2
    assert "Before supervision · What stayed with me this week: The call on Tuesday." in notes[1]
    assert "What I need: Ten minutes to talk it through." in notes[0]
    assert summary.trend.text().startswith("Your latest week weighed more")
    assert "6 of 28" in summary.weeks.text()
    assert "14 of 28" in summary.weeks.text()

    from stsdesk.store.selfcheck_store import SelfCheckLog

    section = SelfCheckLog(services.practice_log.journal).export_section()
    assert [r["answer"] for r in section["reflections"]] == [
        "The call on Tuesday.",
        "Ten minutes to talk it through.",
    ]
    assert [r["kind"] for r in section["reflections"]] == ["supervision-before"] * 2

    services.practice_log.delete_all()
    assert summary.notes.count() == 0
    assert summary.no_notes.isVisible()
    assert summary.trend.text() == "After two check-ins, the trend shows here."
