"""Quiet, painted charts for the Journal: a year of days, and minutes per week.

Both are plain widgets that paint the numbers they are given and describe them in words for
screen readers; colour is never the only carrier of meaning (the numbers are in the tooltips
and the accessible description).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QLocale, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from stsdesk.core.stats import length_message
from stsdesk.ui.a11y import heatmap_words, week_bars_words
from stsdesk.ui.i18n import fmt
from stsdesk.ui.theme import BASE_PX, Palette, Theme, contrast, px
from stsdesk.ui.wording import word

WEEKS = 53
"""A full year of weeks: the 52 before this one and this one, newest on the right."""
MAX_PITCH = 22.0
"""The widest a day's cell (with its gap) grows on a wide window."""
MIN_PITCH = 5.0
"""The narrowest: 53 weeks still fit a window of 1024 px at 200 % text."""
LEVELS = 4
"""Shades of practised days, from a little to 20 minutes or more."""
FULL_MINUTES = 20.0


def _mix(a: str, b: str, t: float) -> QColor:
    ca, cb = QColor(a), QColor(b)
    return QColor(
        round(ca.red() + (cb.red() - ca.red()) * t),
        round(ca.green() + (cb.green() - ca.green()) * t),
        round(ca.blue() + (cb.blue() - ca.blue()) * t),
    )


def text_px(widget: QWidget, role: str = "small") -> int:
    """The pixel size of type ``role`` at the text size in use: the application font is set
    at ``px("body", appearance.text_size)``, so the chart's labels grow with the text."""
    body = QFontInfo(widget.font()).pixelSize() or BASE_PX
    return px(role, round(body * 100 / BASE_PX))


def _along(p: Palette, t: float) -> QColor:
    """A colour on the path card → accent (t = 1) → text (t = 2)."""
    return _mix(p.surface, p.accent, t) if t <= 1 else _mix(p.accent, p.text, t - 1)


def _reaching(colour_at: Callable[[float], QColor], ground: str, ratio: float, end: float) -> float:
    """The first ``t`` in 0..``end`` where ``colour_at(t)`` stands ``ratio`` against
    ``ground`` (``end`` if it never does); the path's contrast only grows."""
    low, high = 0.0, end
    if contrast(colour_at(end).name(), ground) < ratio:
        return end
    for _ in range(24):
        mid = (low + high) / 2
        if contrast(colour_at(mid).name(), ground) >= ratio:
            high = mid
        else:
            low = mid
    return high


def heat_levels(p: Palette) -> tuple[QColor, ...]:
    """The practised shades, lightest first. The lightest stands at least 3:1 against the
    card (so it can never be taken for an empty day); each next one a little stronger."""
    first = _reaching(lambda t: _along(p, t), p.surface, 3.0, 2.0)
    last = min(max(first + 0.6, 1.0), 1.7)
    step = (last - first) / (LEVELS - 1)
    return tuple(_along(p, first + step * k) for k in range(LEVELS))


EMPTY_OUTLINE = 1.8
"""An empty day's outline against the card: visible, and well below the 3:1 of practice."""


def empty_colours(p: Palette) -> tuple[QColor, QColor]:
    """An empty day's (fill, outline): a faint square, hollow beside the filled practised
    days and always fainter than the lightest of them, in every palette."""
    reach = _reaching(lambda t: _mix(p.surface, p.border, t), p.surface, EMPTY_OUTLINE, 1.0)
    return _mix(p.surface, p.border, reach * 0.3), _mix(p.surface, p.border, reach)


def heat_level(minutes: float) -> int:
    """0 for an empty day, else 1 (a little) to ``LEVELS`` (20 minutes or more)."""
    if minutes <= 0:
        return 0
    return min(LEVELS, 1 + int(min(minutes, FULL_MINUTES) / FULL_MINUTES * (LEVELS - 1) + 0.5))


class CalendarHeatmap(QWidget):
    """The last year as a grid of days (53 weeks across, Monday at the top), today outlined.

    The cells shrink to fit the width, so the whole year (December too) is always in view and
    the page never scrolls sideways; the month names, day names and the legend (less → more)
    are in the type size of the rest of the text.
    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        theme.changed.connect(self.update)
        self._days: Mapping[date, float] = {}
        self._today = date.today()
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(self.tr("Practice calendar, last 12 months"))

    # --- geometry --------------------------------------------------------------------------

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(text_px(self))
        return font

    def _label_w(self) -> int:
        metrics = QFontMetrics(self._font())
        locale = QLocale()
        names = (locale.dayName(n, QLocale.FormatType.ShortFormat) for n in (1, 3, 5))
        return max(metrics.horizontalAdvance(name) for name in names) + 6

    def _label_h(self) -> int:
        return QFontMetrics(self._font()).height() + 4

    def _pitch(self, width: int | None = None) -> float:
        width = self.width() if width is None else width
        return max(MIN_PITCH, min(MAX_PITCH, (width - self._label_w()) / WEEKS))

    def heightForWidth(self, width: int) -> int:
        return round(self._label_h() * 2 + 7 * self._pitch(width) + 6)

    def hasHeightForWidth(self) -> bool:
        return True

    def sizeHint(self) -> QSize:
        width = round(self._label_w() + WEEKS * 16)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = round(self._label_w() + WEEKS * MIN_PITCH)
        return QSize(width, self.heightForWidth(width))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # the text size changed: so do the labels
            self.updateGeometry()
            self.update()
        super().changeEvent(event)

    def set_days(self, days: Mapping[date, float], today: date) -> None:
        """``days`` maps practised days to minutes."""
        self._days = dict(days)
        self._today = today
        self.setAccessibleDescription(heatmap_words(self._days, today))  # for screen readers
        self.update()

    def _first(self) -> date:
        monday = self._today - timedelta(days=self._today.weekday())
        return monday - timedelta(weeks=WEEKS - 1)

    def _cell(self, day: date) -> QRectF:
        pitch = self._pitch()
        week, weekday = divmod((day - self._first()).days, 7)
        size = pitch * 0.8
        return QRectF(self._label_w() + week * pitch, self._label_h() + weekday * pitch, size, size)

    def _day_at(self, point: QPoint) -> date | None:
        pitch = self._pitch()
        x, y = point.x() - self._label_w(), point.y() - self._label_h()
        if x < 0 or y < 0:
            return None
        week, weekday = int(x // pitch), int(y // pitch)
        if week >= WEEKS or weekday >= 7:
            return None
        day = self._first() + timedelta(days=week * 7 + weekday)
        return day if day <= self._today else None

    def month_labels(self) -> list[tuple[float, str]]:
        """(x, short month name) for each month whose 1st is in view, at the week holding
        it (a month starting mid-week is named at that week; the last one is kept inside the
        grid), the newest kept where two would overlap."""
        metrics = QFontMetrics(self._font())
        pitch = self._pitch()
        locale = QLocale()
        first = self._first()
        found: list[tuple[int, str]] = []
        for week in range(WEEKS):
            monday = first + timedelta(weeks=week)
            for offset in range(7):
                day = monday + timedelta(days=offset)
                if day.day == 1 and day <= self._today:
                    name = locale.monthName(day.month, QLocale.FormatType.ShortFormat)
                    found.append((week, name))
        kept: list[tuple[float, str]] = []
        right = self._label_w() + WEEKS * pitch
        limit = right + 4
        for week, name in reversed(found):  # right to left: the current month always shows
            wide = metrics.horizontalAdvance(name)
            x = min(self._label_w() + week * pitch, right - wide)
            if x + wide + 4 <= limit:
                kept.append((x, name))
                limit = x
        return sorted(kept)

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self._theme.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        locale = QLocale()
        painter.setFont(self._font())
        pitch, label_w, label_h = self._pitch(), self._label_w(), self._label_h()
        muted = QColor(p.muted)
        painter.setPen(muted)
        for row, weekday in ((0, 1), (2, 3), (4, 5)):
            painter.drawText(
                QRectF(0, label_h + row * pitch, label_w - 4, pitch * 0.8),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                locale.dayName(weekday, QLocale.FormatType.ShortFormat),
            )
        for x, name in self.month_labels():
            painter.drawText(
                QRectF(x, 0, self.width() - x, label_h - 2),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                name,
            )
        levels = heat_levels(p)
        empty, outline = empty_colours(p)
        radius = max(1.0, pitch / 6)
        day = self._first()
        while day <= self._today:
            self._paint_cell(
                painter, self._cell(day), heat_level(self._days.get(day, 0.0)), levels,
                empty, outline, radius,
            )  # fmt: skip
            if day == self._today:
                painter.setPen(QPen(QColor(p.text), 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(self._cell(day).adjusted(-1.5, -1.5, 1.5, 1.5), 3, 3)
            day += timedelta(days=1)
        self._paint_legend(painter, levels, empty, outline, radius)
        painter.end()

    @staticmethod
    def _paint_cell(
        painter: QPainter,
        rect: QRectF,
        level: int,
        levels: tuple[QColor, ...],
        empty: QColor,
        outline: QColor,
        radius: float,
    ) -> None:
        if level:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(levels[level - 1])
        else:
            painter.setPen(QPen(outline, 1))
            painter.setBrush(empty)
        painter.drawRoundedRect(rect, radius, radius)

    def legend_words(self) -> tuple[str, str]:
        return self.tr("Less"), self.tr("More")

    def _paint_legend(
        self,
        painter: QPainter,
        levels: tuple[QColor, ...],
        empty: QColor,
        outline: QColor,
        radius: float,
    ) -> None:
        """ "Less ▢ ▪ ▪ ▪ ▪ More" under the grid, at its right edge."""
        pitch = self._pitch()
        less, more = self.legend_words()
        metrics = QFontMetrics(self._font())
        size = pitch * 0.8
        top = self._label_h() + 7 * pitch + 4
        right = self._label_w() + WEEKS * pitch
        x = right - metrics.horizontalAdvance(more)
        row_h = max(float(metrics.height()), size)
        painter.setPen(QColor(self._theme.palette.muted))
        painter.drawText(QRectF(x, top, right - x + 2, row_h), Qt.AlignmentFlag.AlignVCenter, more)
        x -= 6 + (LEVELS + 1) * pitch
        for level in range(LEVELS + 1):
            cell = QRectF(x + level * pitch, top + (row_h - size) / 2, size, size)
            self._paint_cell(painter, cell, level, levels, empty, outline, radius)
        x -= 6 + metrics.horizontalAdvance(less)
        painter.setPen(QColor(self._theme.palette.muted))
        painter.drawText(QRectF(x, top, metrics.horizontalAdvance(less) + 2, row_h),
                         Qt.AlignmentFlag.AlignVCenter, less)  # fmt: skip

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            day = self._day_at(event.pos())
            if day is None:
                QToolTip.hideText()
            else:
                length = word(length_message(self._days.get(day, 0.0) * 60))
                text = QLocale().toString(day, QLocale.FormatType.LongFormat)
                QToolTip.showText(event.globalPos(), fmt(self.tr("%1: %2"), text, length), self)
            return True
        return super().event(event)


class WeekBars(QWidget):
    """Minutes per week as soft bars, the newest on the right, with the value above each.

    The labels are in the type size of the rest of the text; where the dates do not all fit
    side by side, every second (or third…) one is shown, counting from this week.
    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        theme.changed.connect(self.update)
        self._weeks: tuple[tuple[date, float], ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Minutes of practice per week"))

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(text_px(self))
        return font

    def sizeHint(self) -> QSize:
        return QSize(480, 110 + 3 * QFontMetrics(self._font()).height())

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.sizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
            self.update()
        super().changeEvent(event)

    def set_weeks(self, weeks: tuple[tuple[date, float], ...]) -> None:
        self._weeks = weeks
        self.setAccessibleDescription(week_bars_words(weeks))  # for screen readers
        self.update()

    def date_labels(self) -> list[tuple[int, str]]:
        """(index, "d MMM") of the weeks whose date is drawn: all that fit, this week's first."""
        if not self._weeks:
            return []
        metrics = QFontMetrics(self._font())
        locale = QLocale()
        texts = [locale.toString(monday, "d MMM") for monday, _ in self._weeks]
        slot = self.width() / len(self._weeks)
        widest = max(metrics.horizontalAdvance(t) for t in texts) + 8
        every = max(1, math.ceil(widest / slot)) if slot > 0 else len(texts)
        last = len(texts) - 1
        return [(i, texts[i]) for i in range(last, -1, -every)][::-1]

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._weeks:
            return
        p = self._theme.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._font())
        metrics = QFontMetrics(self._font())
        line = metrics.height()
        top, bottom = line + 4, self.height() - line - 6
        peak = max(max(m for _, m in self._weeks), 1.0)
        slot = self.width() / len(self._weeks)
        bar = min(slot * 0.6, 36)
        dated = dict(self.date_labels())
        for index, (_monday, minutes) in enumerate(self._weeks):
            x = index * slot + (slot - bar) / 2
            height = (bottom - top) * minutes / peak
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(p.accent if index == len(self._weeks) - 1 else p.accent_soft))
            if height > 0:
                painter.drawRoundedRect(QRectF(x, bottom - height, bar, height), 3, 3)
            painter.setPen(QColor(p.muted))
            value = str(round(minutes))
            if index in dated or metrics.horizontalAdvance(value) + 4 <= slot:  # if it fits
                painter.drawText(
                    QRectF(index * slot - slot, bottom - height - line - 2, 3 * slot, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    value,
                )
            if index in dated:
                painter.drawText(
                    QRectF(index * slot - slot, bottom + 4, 3 * slot, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    dated[index],
                )
        painter.end()
