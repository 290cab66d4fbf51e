"""The recorded ProQOL scores over time, on the bands published with the measure.

Three lines (compassion satisfaction, burnout, secondary traumatic stress) on a 10 to 50
scale, over soft bands for low (22 or less), moderate (23 to 41) and high (42 or more). The
colours come from the theme's palette when it paints; each line also has its own dash and
marker, the bands are named on the chart, and the whole is described in words for screen
readers (``accessibleDescription``), so colour never carries meaning alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from stsdesk.core.selfcheck import HIGH_MIN, LOW_MAX, PROQOL_MAX, PROQOL_MIN, ProqolEntry, Subscale
from stsdesk.ui.charts import _mix
from stsdesk.ui.i18n import fmt
from stsdesk.ui.theme import Theme

LEFT, RIGHT, TOP, BOTTOM = 78, 16, 12, 44
PENS = {
    Subscale.COMPASSION_SATISFACTION: Qt.PenStyle.SolidLine,
    Subscale.BURNOUT: Qt.PenStyle.DashLine,
    Subscale.SECONDARY_TRAUMATIC_STRESS: Qt.PenStyle.DotLine,
}


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ProqolChart(QWidget):
    """Paints the entries it is given; ``description()`` is the same in words."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        theme.changed.connect(self.update)
        self._entries: tuple[ProqolEntry, ...] = ()
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can reach its words
        self.setAccessibleName(self.tr("Your ProQOL scores over time"))
        self.setAccessibleDescription(self.description())

    def sizeHint(self) -> QSize:
        return QSize(520, 240)

    def subscale_name(self, subscale: Subscale) -> str:
        return {
            Subscale.COMPASSION_SATISFACTION: self.tr("Compassion satisfaction"),
            Subscale.BURNOUT: self.tr("Burnout"),
            Subscale.SECONDARY_TRAUMATIC_STRESS: self.tr("Secondary traumatic stress"),
        }[subscale]

    def band_name(self, score: int) -> str:
        if score <= LOW_MAX:
            return self.tr("low")
        if score >= HIGH_MIN:
            return self.tr("high")
        return self.tr("moderate")

    def set_entries(self, entries: Sequence[ProqolEntry]) -> None:
        self._entries = tuple(sorted(entries, key=lambda e: (e.taken_on, e.id or 0)))
        self.setAccessibleDescription(self.description())
        self.update()

    def description(self) -> str:
        """The chart in words: the bands, then every entry with its scores and bands."""
        if not self._entries:
            return self.tr("No ProQOL scores recorded yet.")
        words = [self.tr("Bands: 22 or less is low, 23 to 41 moderate, 42 or more high.")]
        for entry in self._entries:
            parts = [
                fmt(
                    self.tr("%1 %2 (%3)"),
                    self.subscale_name(s),
                    entry.score(s),
                    self.band_name(entry.score(s)),
                )
                for s in Subscale
            ]
            day = QLocale().toString(qdate(entry.taken_on), QLocale.FormatType.LongFormat)
            words.append(fmt(self.tr("%1: %2."), day, ", ".join(parts)))
        return " ".join(words)

    def _y(self, score: float) -> float:
        span = self.height() - TOP - BOTTOM
        return TOP + span * (PROQOL_MAX - score) / (PROQOL_MAX - PROQOL_MIN)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self._theme.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = painter.font()
        font.setPixelSize(11)
        painter.setFont(font)
        width = self.width() - LEFT - RIGHT
        bands = (
            (PROQOL_MAX, HIGH_MIN - 0.5, _mix(p.surface, p.warning_bg, 0.8), self.tr("high")),
            (HIGH_MIN - 0.5, LOW_MAX + 0.5, QColor(p.surface), self.tr("moderate")),
            (LOW_MAX + 0.5, PROQOL_MIN, QColor(p.accent_soft), self.tr("low")),
        )
        for top, bottom, colour, name in bands:
            rect = QRectF(LEFT, self._y(top), width, self._y(bottom) - self._y(top))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRect(rect)
            painter.setPen(QColor(p.muted))
            painter.drawText(
                QRectF(0, rect.top(), LEFT - 8, rect.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
        painter.setPen(QPen(QColor(p.border), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(LEFT, self._y(PROQOL_MAX), width, self._y(PROQOL_MIN) - TOP))
        entries = self._entries
        if entries:
            count = len(entries)
            slot = width / count

            def x(index: int) -> float:
                return LEFT + slot * (index + 0.5)

            painter.setPen(QColor(p.muted))
            for index, entry in enumerate(entries):
                painter.drawText(
                    QRectF(x(index) - slot / 2, self._y(PROQOL_MIN) + 4, slot, 14),
                    Qt.AlignmentFlag.AlignHCenter,
                    QLocale().toString(qdate(entry.taken_on), "d MMM yy"),
                )
            colours = (p.accent, p.text, p.focus)
            for (subscale, style), name in zip(PENS.items(), colours, strict=True):
                colour = QColor(name)
                pen = QPen(colour, 2, style)
                painter.setPen(pen)
                points = [QPointF(x(i), self._y(e.score(subscale))) for i, e in enumerate(entries)]
                for a, b in itertools.pairwise(points):
                    painter.drawLine(a, b)
                painter.setPen(QPen(colour, 2))
                painter.setBrush(QColor(p.surface))
                for point in points:
                    self._marker(painter, subscale, point)
            self._legend(painter, colours)
        painter.end()

    def _marker(self, painter: QPainter, subscale: Subscale, at: QPointF) -> None:
        r = 4.0
        if subscale is Subscale.COMPASSION_SATISFACTION:
            painter.drawEllipse(at, r, r)
        elif subscale is Subscale.BURNOUT:
            painter.drawRect(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r))
        else:
            painter.drawPolygon(
                [
                    QPointF(at.x(), at.y() - r - 1),
                    QPointF(at.x() + r + 1, at.y() + r),
                    QPointF(at.x() - r - 1, at.y() + r),
                ]
            )

    def _legend(self, painter: QPainter, colours: tuple[str, ...]) -> None:
        x = float(LEFT)
        y = self.height() - 14.0
        for (subscale, style), colour in zip(PENS.items(), colours, strict=True):
            painter.setPen(QPen(QColor(colour), 2, style))
            painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
            painter.setPen(QPen(QColor(colour), 2))
            self._marker(painter, subscale, QPointF(x + 11, y))
            painter.setPen(QColor(self._theme.palette.text))
            name = self.subscale_name(subscale)
            painter.drawText(QPointF(x + 28, y + 4), name)
            x += 28 + painter.fontMetrics().horizontalAdvance(name) + 18
