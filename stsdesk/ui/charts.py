"""Quiet, painted charts for the Journal: a year of days, and minutes per week.

Both are plain widgets that paint the numbers they are given and describe them in words for
screen readers; colour is never the only carrier of meaning (the numbers are in the tooltips
and the accessible description).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtCore import QLocale, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from stsdesk.ui.a11y import heatmap_words, week_bars_words
from stsdesk.ui.i18n import fmt
from stsdesk.ui.theme import Theme

CELL = 13
GAP = 3
LABEL_W = 30
LABEL_H = 18
WEEKS = 53


def _mix(a: str, b: str, t: float) -> QColor:
    ca, cb = QColor(a), QColor(b)
    return QColor(
        round(ca.red() + (cb.red() - ca.red()) * t),
        round(ca.green() + (cb.green() - ca.green()) * t),
        round(ca.blue() + (cb.blue() - ca.blue()) * t),
    )


class CalendarHeatmap(QWidget):
    """The last year as a grid of days (weeks across, Monday at the top), today outlined.

    As many weeks as fit are shown, newest on the right, so the current month is always in view.
    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        theme.changed.connect(self.update)
        self._days: Mapping[date, float] = {}
        self._today = date.today()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Practice calendar, last 12 months"))

    def sizeHint(self) -> QSize:
        return QSize(LABEL_W + WEEKS * (CELL + GAP), LABEL_H + 7 * (CELL + GAP))

    def minimumSizeHint(self) -> QSize:
        return QSize(LABEL_W + 13 * (CELL + GAP), LABEL_H + 7 * (CELL + GAP))

    def _weeks(self) -> int:
        return max(1, min(WEEKS, (self.width() - LABEL_W + GAP) // (CELL + GAP)))

    def set_days(self, days: Mapping[date, float], today: date) -> None:
        """``days`` maps practised days to minutes."""
        self._days = dict(days)
        self._today = today
        self.setAccessibleDescription(heatmap_words(self._days, today))  # for screen readers
        self.update()

    def _first(self) -> date:
        monday = self._today - timedelta(days=self._today.weekday())
        return monday - timedelta(weeks=self._weeks() - 1)

    def _cell(self, day: date) -> QRect:
        offset = (day - self._first()).days
        week, weekday = divmod(offset, 7)
        return QRect(LABEL_W + week * (CELL + GAP), LABEL_H + weekday * (CELL + GAP), CELL, CELL)

    def _day_at(self, point: QPoint) -> date | None:
        x, y = point.x() - LABEL_W, point.y() - LABEL_H
        if x < 0 or y < 0:
            return None
        week, weekday = x // (CELL + GAP), y // (CELL + GAP)
        if week >= self._weeks() or weekday >= 7:
            return None
        day = self._first() + timedelta(days=int(week * 7 + weekday))
        return day if day <= self._today else None

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self._theme.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        locale = QLocale()
        painter.setPen(QColor(p.muted))
        font = painter.font()
        font.setPixelSize(11)
        painter.setFont(font)
        for row, name in ((0, 1), (2, 3), (4, 5)):
            text = locale.dayName(name, QLocale.FormatType.ShortFormat)
            painter.drawText(
                QRect(0, LABEL_H + row * (CELL + GAP), LABEL_W - 4, CELL),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        day = self._first()
        shown_month = None
        while day <= self._today:
            rect = self._cell(day)
            if day.day <= 7 and day.month != shown_month and day.weekday() == 0:
                shown_month = day.month
                painter.setPen(QColor(p.muted))
                label = locale.monthName(day.month, QLocale.FormatType.ShortFormat)
                painter.drawText(
                    QRect(rect.x(), 0, 4 * (CELL + GAP), LABEL_H - 4),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                    label,
                )
            minutes = self._days.get(day, 0.0)
            if minutes <= 0:
                colour = QColor(p.border)
            else:
                colour = _mix(p.accent_soft, p.accent, min(minutes / 20.0, 1.0) * 0.8 + 0.2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(rect), 3, 3)
            if day == self._today:
                painter.setPen(QColor(p.text))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(QRectF(rect).adjusted(-1.5, -1.5, 1.5, 1.5), 3, 3)
            day += timedelta(days=1)
        painter.end()

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            day = self._day_at(event.pos())
            if day is None:
                QToolTip.hideText()
            else:
                minutes = round(self._days.get(day, 0.0))
                text = QLocale().toString(day, QLocale.FormatType.LongFormat)
                QToolTip.showText(
                    event.globalPos(),
                    fmt(self.tr("%1: %n min", "", minutes), text),
                    self,
                )
            return True
        return super().event(event)


class WeekBars(QWidget):
    """Minutes per week as soft bars, the newest on the right, with the value above each."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        theme.changed.connect(self.update)
        self._weeks: tuple[tuple[date, float], ...] = ()
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Minutes of practice per week"))

    def sizeHint(self) -> QSize:
        return QSize(480, 150)

    def set_weeks(self, weeks: tuple[tuple[date, float], ...]) -> None:
        self._weeks = weeks
        self.setAccessibleDescription(week_bars_words(weeks))  # for screen readers
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._weeks:
            return
        p = self._theme.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = painter.font()
        font.setPixelSize(11)
        painter.setFont(font)
        top, bottom = 18, self.height() - 20
        peak = max(max(m for _, m in self._weeks), 1.0)
        slot = self.width() / len(self._weeks)
        bar = min(slot * 0.6, 36)
        for index, (monday, minutes) in enumerate(self._weeks):
            x = index * slot + (slot - bar) / 2
            height = (bottom - top) * minutes / peak
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(p.accent if index == len(self._weeks) - 1 else p.accent_soft))
            if height > 0:
                painter.drawRoundedRect(QRectF(x, bottom - height, bar, height), 3, 3)
            painter.setPen(QColor(p.muted))
            painter.drawText(
                QRectF(index * slot, bottom - height - 16, slot, 14),
                Qt.AlignmentFlag.AlignHCenter,
                str(round(minutes)),
            )
            painter.drawText(
                QRectF(index * slot, bottom + 4, slot, 14),
                Qt.AlignmentFlag.AlignHCenter,
                QLocale().toString(monday, "d MMM"),
            )
        painter.end()
