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

from PySide6.QtCore import QDate, QEvent, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from stsdesk.core.selfcheck import HIGH_MIN, LOW_MAX, PROQOL_MAX, PROQOL_MIN, ProqolEntry, Subscale
from stsdesk.ui.charts import _mix, text_px
from stsdesk.ui.i18n import fmt
from stsdesk.ui.theme import Theme

RIGHT, TOP = 16, 12
PLOT_H = 180
"""The height of the plotted scale; the labels around it grow with the text size."""
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
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can reach its words
        self.setAccessibleName(self.tr("Your ProQOL scores over time"))
        self.setAccessibleDescription(self.description())

    # --- geometry: the labels in the type size of the rest of the text -------------------

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(text_px(self))
        return font

    def _left(self) -> int:
        """Room for the band names left of the plot."""
        metrics = QFontMetrics(self._font())
        names = (self.tr("high"), self.tr("moderate"), self.tr("low"))
        return max(metrics.horizontalAdvance(name) for name in names) + 12

    def legend_rows(self, width: int | None = None) -> list[list[Subscale]]:
        """The legend's entries, in as many rows as the width needs."""
        width = self.width() if width is None else width
        metrics = QFontMetrics(self._font())
        rows: list[list[Subscale]] = [[]]
        x = self._left()
        for subscale in PENS:
            advance = 28 + metrics.horizontalAdvance(self.subscale_name(subscale)) + 18
            if rows[-1] and x + advance > width - RIGHT:
                rows.append([])
                x = self._left()
            rows[-1].append(subscale)
            x += advance
        return rows

    def _bottom(self, width: int | None = None) -> int:
        """Room below the plot: a row of dates, then the legend's rows."""
        line = QFontMetrics(self._font()).height()
        return 8 + line + 6 + len(self.legend_rows(width)) * (line + 6)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return TOP + PLOT_H + self._bottom(width)

    def sizeHint(self) -> QSize:
        return QSize(520, self.heightForWidth(520))

    def minimumSizeHint(self) -> QSize:
        width = self._left() + 160
        return QSize(width, self.heightForWidth(width))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
            self.update()
        super().changeEvent(event)

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
        span = self.height() - TOP - self._bottom()
        return TOP + span * (PROQOL_MAX - score) / (PROQOL_MAX - PROQOL_MIN)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self._theme.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._font())
        left = self._left()
        line = QFontMetrics(self._font()).height()
        width = self.width() - left - RIGHT
        bands = (
            (PROQOL_MAX, HIGH_MIN - 0.5, _mix(p.surface, p.warning_bg, 0.8), self.tr("high")),
            (HIGH_MIN - 0.5, LOW_MAX + 0.5, QColor(p.surface), self.tr("moderate")),
            (LOW_MAX + 0.5, PROQOL_MIN, QColor(p.accent_soft), self.tr("low")),
        )
        for top, bottom, colour, name in bands:
            rect = QRectF(left, self._y(top), width, self._y(bottom) - self._y(top))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRect(rect)
            painter.setPen(QColor(p.muted))
            painter.drawText(
                QRectF(0, rect.top(), left - 8, rect.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
        painter.setPen(QPen(QColor(p.border), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(left, self._y(PROQOL_MAX), width, self._y(PROQOL_MIN) - TOP))
        entries = self._entries
        if entries:
            count = len(entries)
            slot = width / count

            def x(index: int) -> float:
                return left + slot * (index + 0.5)

            painter.setPen(QColor(p.muted))
            metrics = QFontMetrics(self._font())
            dates = [QLocale().toString(qdate(e.taken_on), "d MMM yy") for e in entries]
            widest = max(metrics.horizontalAdvance(d) for d in dates) + 8
            every = max(1, -(-widest // max(int(slot), 1)))  # the newest always, then all that fit
            for index in range(count):
                if (count - 1 - index) % every:
                    continue
                painter.drawText(
                    QRectF(x(index) - slot * 1.5, self._y(PROQOL_MIN) + 4, slot * 3, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    dates[index],
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
        metrics = painter.fontMetrics()
        line = metrics.height()
        colour_of = dict(zip(PENS, colours, strict=True))
        rows = self.legend_rows()
        y = self.height() - len(rows) * (line + 6) + line / 2
        for row in rows:
            x = float(self._left())
            for subscale in row:
                colour = colour_of[subscale]
                painter.setPen(QPen(QColor(colour), 2, PENS[subscale]))
                painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
                painter.setPen(QPen(QColor(colour), 2))
                self._marker(painter, subscale, QPointF(x + 11, y))
                painter.setPen(QColor(self._theme.palette.text))
                name = self.subscale_name(subscale)
                painter.drawText(QPointF(x + 28, y + metrics.ascent() / 2 - 1), name)
                x += 28 + metrics.horizontalAdvance(name) + 18
            y += line + 6
