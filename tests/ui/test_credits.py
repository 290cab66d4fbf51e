"""The in-app credits say that the voice is synthetic, and which engine made it."""

from __future__ import annotations


def test_the_learn_page_says_the_voice_is_synthetic(make_services, qtbot) -> None:
    from stsdesk.ui.support import LearnPage

    page = LearnPage(make_services())
    qtbot.addWidget(page)
    text = page.voice_credit.text()
    assert "synthetic speech" in text
    assert "hibari-tts" in text
