"""The breathing shape: a soft circle that fills and empties; it only paints what it is told."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QRadialGradient
from PySide6.QtWidgets import QSizePolicy, QWidget

from stsdesk.ui.theme import Theme

MIN_FRACTION = 0.38
REPAINT_STEP = 0.002


class PacerWidget(QWidget):
    """Paints ``level`` (0 empty, 1 full) with antialiasing; repaints only when it changes.

    The colours are the theme's at paint time; a theme change repaints at once.
    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        theme.changed.connect(self.update)
        self._level = 0.0
        self._active = False
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Breathing guide"))

    def sizeHint(self) -> QSize:
        return QSize(280, 280)

    @property
    def level(self) -> float:
        return self._level

    def set_state(self, level: float, active: bool, description: str) -> None:
        """Show ``level``; ``active`` is False outside breathing sections (a quieter shape)."""
        if abs(level - self._level) >= REPAINT_STEP or active != self._active:
            self._level = level
            self._active = active
            self.update()
        if description != self.accessibleDescription():
            self.setAccessibleDescription(description)

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height()) - 8
        centre = QPointF(self.width() / 2, self.height() / 2)
        full = side / 2
        radius = full * (MIN_FRACTION + (1 - MIN_FRACTION) * self._level)
        palette = self._theme.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ring = QColor(palette.accent)
        ring.setAlpha(90 if self._active else 45)
        painter.setPen(QPen(ring, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, full - 1, full - 1)
        inner = QColor(palette.accent)
        inner.setAlpha(200 if self._active else 110)
        outer = QColor(palette.accent_soft)
        gradient = QRadialGradient(centre, radius)
        gradient.setColorAt(0.0, outer)
        gradient.setColorAt(1.0, inner)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gradient)
        painter.drawEllipse(centre, radius, radius)
        painter.end()
