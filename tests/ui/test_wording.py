"""The GUI words every message the core's statistics have, in one table (``ui.wording``)."""

from __future__ import annotations

from stsdesk.core.messages import Message
from stsdesk.core.stats import Say
from stsdesk.ui.wording import WORDING, word


def test_every_statistics_message_is_worded_for_the_gui(qapp) -> None:
    assert set(Say) <= set(WORDING)
    samples = {"days": 3, "practices": 2, "minutes": 5, "current": 3, "longest": 4}
    for say in Say:
        text = word(Message(say, samples))
        assert text.endswith(".")
        assert "%" not in text
    assert word(Message.of(Say.STREAK, current=3, longest=4)) == "Days in a row: 3 now, 4 at most."
    assert word(Message.of(Say.TODAY_DONE, practices=1, minutes=3)) == (
        "Today: 1 practice, about 3 min."
    )
    assert word(Message.of(Say.TODAY_SHORT, practices=1)) == "Today: 1 practice, under a minute."
    assert word(Message.of(Say.KIND_LAST_7, days=3)) == "You practiced 3 of the last 7 days."


def test_a_length_reads_in_seconds_under_a_minute(qapp) -> None:
    from stsdesk.core.stats import length_message

    assert word(length_message(2)) == "2 s"
    assert word(length_message(20.4)) == "20 s"
    assert word(length_message(300)) == "5 min"


def test_a_day_is_written_the_locales_long_way_without_the_weekday(qapp) -> None:
    """Never "2 12 2026" (the weekly summary's heading said so): the month by name."""
    from datetime import date

    from PySide6.QtCore import QLocale

    from stsdesk.ui.i18n import day_text

    day = date(2026, 11, 26)
    assert day_text(day, QLocale("en_US")) == "November 26, 2026"
    assert day_text(day, QLocale("en_GB")) == "26 November 2026"
    assert day_text(day, QLocale("de_DE")) == "26. November 2026"
    assert day_text(day, QLocale("ja_JP")) == "2026年11月26日"
    assert day_text(day, QLocale("ar_EG")) == "٢٦ نوفمبر ٢٠٢٦"
