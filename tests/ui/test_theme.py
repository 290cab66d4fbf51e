"""Colours meet WCAG AA for text, in both themes."""

from __future__ import annotations

import pytest

from stsdesk.ui.theme import DARK, LIGHT, Palette, contrast


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_text_contrast_meets_aa(palette: Palette) -> None:
    for background in (palette.window, palette.surface, palette.sidebar, palette.accent_soft):
        assert contrast(palette.text, background) >= 4.5, background
        assert contrast(palette.muted, background) >= 4.5, background
    assert contrast(palette.on_accent, palette.accent) >= 4.5
    assert contrast(palette.text, palette.warning_bg) >= 4.5


def test_dark_theme_is_not_pure_black() -> None:
    assert DARK.window.upper() != "#000000"
