"""Every palette meets WCAG AA, read from ``PALETTES`` (a new palette is checked too); the
high-contrast look is a setting; an unticked check box is outlined visibly in every palette."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCheckBox, QVBoxLayout, QWidget

from stsdesk.core.settings import SCHEMA
from stsdesk.ui.theme import PALETTES, Palette, apply_theme, choose_palette, contrast

ALL = list(PALETTES.values())
IDS = list(PALETTES)


def test_there_is_a_high_contrast_palette_and_setting() -> None:
    assert "high-contrast" in PALETTES
    theme = next(s for s in SCHEMA if s.key == "appearance.theme")
    assert "high-contrast" in [value for value, _label in theme.choices]
    assert choose_palette("high-contrast") is PALETTES["high-contrast"]


@pytest.mark.parametrize("palette", ALL, ids=IDS)
def test_text_is_4_5_to_1_on_every_background(palette: Palette) -> None:
    for background in (palette.window, palette.surface, palette.sidebar, palette.accent_soft):
        assert contrast(palette.text, background) >= 4.5, background
        assert contrast(palette.muted, background) >= 4.5, background
    assert contrast(palette.text, palette.warning_bg) >= 4.5
    assert contrast(palette.on_accent, palette.accent) >= 4.5
    # Links are drawn in the focus colour.
    assert contrast(palette.focus, palette.window) >= 4.5
    assert contrast(palette.focus, palette.surface) >= 4.5


@pytest.mark.parametrize("palette", ALL, ids=IDS)
def test_controls_and_focus_rings_are_3_to_1(palette: Palette) -> None:
    for background in (palette.window, palette.surface, palette.sidebar):
        assert contrast(palette.accent, background) >= 3, ("accent", background)
        assert contrast(palette.control, background) >= 3, ("control", background)
        assert contrast(palette.focus, background) >= 3, ("focus", background)
        # The ring on a primary button is seen against the button and the page around it.
        assert contrast(palette.focus_on_accent, background) >= 3, ("ring", background)
    assert contrast(palette.focus_on_accent, palette.accent) >= 3
    # A focused nav entry (its background accent_soft) and a chosen rating's border.
    assert contrast(palette.focus, palette.accent_soft) >= 3
    assert contrast(palette.text, palette.accent_soft) >= 3


def _luminance_contrast(a: QColor, b: QColor) -> float:
    return contrast(a.name(), b.name())


@pytest.mark.parametrize("name", IDS)
def test_an_unticked_check_box_is_outlined_visibly(qtbot, name: str) -> None:
    """Paint a real unticked check box and look at its indicator's edge against the card."""
    app = QApplication.instance()
    palette = PALETTES[name]
    before = app.styleSheet(), app.palette(), app.font(), app.style().name()
    apply_theme(app, palette, app.font().family(), 100)
    try:
        host = QWidget()
        host.setStyleSheet(f"background: {palette.surface};")
        layout = QVBoxLayout(host)
        box = QCheckBox("Rest on weekends")
        layout.addWidget(box)
        qtbot.addWidget(host)
        host.show()
        qtbot.waitExposed(host)
        image = host.grab().toImage()
        background = QColor(palette.surface)
        origin = box.geometry().topLeft()
        strongest = 0.0
        # The indicator sits at the left of the box, vertically centred.
        for x in range(0, 18):
            point = origin + QPoint(x, box.height() // 2)
            strongest = max(strongest, _luminance_contrast(image.pixelColor(point), background))
        assert strongest >= 3, f"the unticked box edge is only {strongest:.2f}:1"
    finally:
        app.setStyleSheet(before[0])
        app.setPalette(before[1])
        app.setFont(before[2])
        app.setStyle(before[3])
