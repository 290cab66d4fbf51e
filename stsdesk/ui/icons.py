"""Line icons from ``assets/icons``, recoloured to suit the current theme."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from stsdesk.infra.resources import asset


@cache
def _svg(name: str) -> str:
    return asset("icons", f"{name}.svg").read_text(encoding="utf-8")


def icon(name: str, colour: str = "#000000", size: int = 24) -> QIcon:
    """A crisp icon from ``assets/icons/<name>.svg`` with its strokes drawn in ``colour``."""
    data = _svg(name).replace('stroke="#000000"', f'stroke="{colour}"')
    renderer = QSvgRenderer(QByteArray(data.encode("utf-8")))
    result = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size * scale, size * scale))
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        result.addPixmap(pixmap)
    return result


def app_icon() -> QIcon:
    """The application icon, in the sizes desktops ask for."""
    result = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        result.addPixmap(icon("app", size=size).pixmap(size, size))
    return result


def tray_icon() -> QIcon:
    """The tray icon: a filled disc with a light centre, legible on light and dark panels."""
    result = QIcon()
    for size in (16, 22, 24, 32, 48):
        result.addPixmap(icon("tray", size=size).pixmap(size, size))
    return result
