"""The Journal's charts: a whole year with every month named, a legend, shades that differ
from an empty day in every palette, and labels that grow with the text size."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from stsdesk.ui.charts import (
    WEEKS,
    CalendarHeatmap,
    WeekBars,
    empty_colours,
    heat_level,
    heat_levels,
    text_px,
)
from stsdesk.ui.theme import PALETTES, Theme, contrast, px

TODAY = date(2026, 12, 2)  # a Wednesday: December's first Monday is still to come


@pytest.fixture
def text_size(qapp):
    """Set the application font as ``apply_theme`` does for a text size; restore it after."""
    before = QFont(qapp.font())

    def set_size(percent: int) -> None:
        font = QFont(before)
        font.setPixelSize(px("body", percent))
        QApplication.setFont(font)
        QApplication.processEvents()  # the font change reaches the widgets

    yield set_size
    QApplication.setFont(before)


def _heatmap(qtbot, width: int = 900) -> CalendarHeatmap:
    heatmap = CalendarHeatmap(Theme())
    qtbot.addWidget(heatmap)
    heatmap.resize(width, heatmap.heightForWidth(width))
    days = {TODAY - timedelta(days=n): float(n % 25) for n in range(0, 365, 3)}
    heatmap.set_days(days, TODAY)
    return heatmap


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_the_lightest_practised_day_stands_apart_from_an_empty_one(name) -> None:
    palette = PALETTES[name]
    levels = [c.name() for c in heat_levels(palette)]
    fill, outline = (c.name() for c in empty_colours(palette))
    assert contrast(levels[0], palette.surface) >= 3.0  # against the card
    assert contrast(levels[0], fill) >= 2.5  # and clearly not an empty day
    assert contrast(outline, palette.surface) < contrast(levels[0], palette.surface)
    strength = [contrast(c, palette.surface) for c in levels]
    assert strength == sorted(strength)
    assert len(set(levels)) == len(levels)


def test_minutes_map_to_shades_from_a_little_to_twenty_minutes() -> None:
    assert [heat_level(m) for m in (0, 0.1, 5, 10, 20, 90)] == [0, 1, 2, 3, 4, 4]


def test_the_heatmap_shows_a_whole_year_with_december_named(qtbot) -> None:
    heatmap = _heatmap(qtbot)
    assert WEEKS == 53
    first = heatmap._first()
    assert (TODAY - first).days >= 364  # a year back, whole weeks
    assert heatmap._cell(first).left() >= heatmap._label_w()
    assert heatmap._cell(TODAY).right() <= heatmap.width()
    names = [name for _x, name in heatmap.month_labels()]
    assert names[-1] == "Dec"  # the month just begun, though its first Monday is to come
    assert {"Jan", "Jun", "Nov"} <= set(names)
    xs = [x for x, _name in heatmap.month_labels()]
    assert xs == sorted(xs)
    assert heatmap.legend_words() == ("Less", "More")


def test_the_heatmap_paints_its_legend_and_cells(qtbot) -> None:
    heatmap = _heatmap(qtbot)
    image = heatmap.grab().toImage()
    levels = {c.name() for c in heat_levels(heatmap._theme.palette)}
    painted = {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(0, image.height(), 2)
    }
    assert levels <= painted  # every shade, the legend's included


def test_chart_labels_grow_with_the_text_size(qtbot, text_size) -> None:
    text_size(100)
    heatmap, bars = _heatmap(qtbot), WeekBars(Theme())
    qtbot.addWidget(bars)
    assert text_px(heatmap) == px("small", 100)
    small_label, small_height = heatmap._label_h(), bars.sizeHint().height()
    text_size(200)
    assert text_px(heatmap) == px("small", 200)
    assert heatmap._label_h() > 1.6 * small_label
    assert bars.sizeHint().height() > small_height
    # At 200 % the whole year still fits the Journal of a 1024 px window: no sideways scroll.
    assert heatmap.minimumSizeHint().width() <= 600


def test_week_dates_thin_out_when_they_do_not_fit(qtbot, text_size) -> None:
    text_size(200)
    bars = WeekBars(Theme())
    qtbot.addWidget(bars)
    weeks = tuple((TODAY - timedelta(weeks=11 - n, days=2), float(n)) for n in range(12))
    bars.set_weeks(weeks)
    bars.resize(1200, bars.sizeHint().height())
    assert len(bars.date_labels()) == 12
    bars.resize(400, bars.sizeHint().height())
    shown = bars.date_labels()
    assert 1 < len(shown) < 12
    assert shown[-1][0] == 11  # this week's date is always there


def test_proqol_labels_grow_with_the_text_size(qtbot, text_size) -> None:
    from stsdesk.ui.proqol_chart import ProqolChart

    text_size(100)
    chart = ProqolChart(Theme())
    qtbot.addWidget(chart)
    left, height = chart._left(), chart.heightForWidth(520)
    text_size(200)
    assert chart._left() > 1.6 * left  # "moderate" is never cut off
    assert chart.heightForWidth(520) > height
    assert len(chart.legend_rows(520)) >= 2  # the legend wraps rather than running off
