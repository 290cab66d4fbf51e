"""Checks an installation runs on itself: the Qt binding must not leak while it paints.

PySide6-Essentials 6.12.0 on CPython 3.11 dropped a reference to None on every
``QPainter.setPen``; the breathing pacer then aborts the process within minutes. A bundle
built on such a binding must fail its smoke test, not a person's practice.
"""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtGui import QImage

from stsdesk.ui.pacer_widget import PacerWidget
from stsdesk.ui.theme import LIGHT, Theme

FRAMES = 100


def painting_leak() -> str | None:
    """One line naming the problem if painting the pacer loses references to None, else None."""
    pacer = PacerWidget(Theme(LIGHT))
    pacer.resize(160, 160)
    image = QImage(pacer.size(), QImage.Format.Format_ARGB32)
    pacer.render(image)
    before = sys.getrefcount(None)
    for frame in range(FRAMES):
        pacer.set_state((frame % 20) / 20, True, "")
        pacer.render(image)
    lost = before - sys.getrefcount(None)
    if lost <= FRAMES // 10:
        return None
    python = ".".join(map(str, sys.version_info[:3]))
    return (
        f"Qt binding: painting lost {lost} references to None in {FRAMES} frames "
        f"(PySide6 {pyside_version} on Python {python}); practices would crash"
    )
