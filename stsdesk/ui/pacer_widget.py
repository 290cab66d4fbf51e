"""The breathing shape: a soft circle that fills and empties; it only paints what it is told.

For a screen reader it is "Breathing guide: Breathe in": the phase is in its accessible name,
which changes (and Qt announces, with one ``NameChanged`` event) only when the phase does, not
with every frame. It takes the keyboard focus while a practice runs, so a reader follows it,
and draws its focus ring (a circle round the circle) then.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QRadialGradient
from PySide6.QtWidgets import QSizePolicy, QWidget

from stsdesk.ui.i18n import fmt
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
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._phase = ""
        self.setAccessibleName(self.tr("Breathing guide"))
        self.setAccessibleDescription(
            self.tr("A circle that grows as you breathe in and shrinks as you breathe out.")
        )

    def sizeHint(self) -> QSize:
        return QSize(280, 280)

    @property
    def level(self) -> float:
        return self._level

    @property
    def phase(self) -> str:
        """The phase's words as last announced ("" outside breathing sections)."""
        return self._phase

    def set_state(self, level: float, active: bool, phase: str) -> None:
        """Show ``level``; ``active`` is False outside breathing sections (a quieter shape);
        ``phase`` names the phase ("Breathe in"), announced when it changes."""
        if abs(level - self._level) >= REPAINT_STEP or active != self._active:
            self._level = level
            self._active = active
            self.update()
        if phase != self._phase:
            self._phase = phase
            name = self.tr("Breathing guide")
            # setAccessibleName sends QAccessible's NameChanged: once per phase.
            self.setAccessibleName(fmt(self.tr("%1: %2"), name, phase) if phase else name)

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
        if self.hasFocus():  # the keyboard is here: a 2 px ring in the focus colour, round
            painter.setPen(QPen(QColor(palette.focus), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, full + 2, full + 2)
        painter.end()
