"""What a screen reader hears, where Qt needs help to say it.

- **Combo boxes on Linux.** Qt publishes a combo box's *selected item* as its accessible name
  on Unix and ignores ``setAccessibleName`` there (``QAccessibleComboBox::text``: "on Linux we
  use relations for this"); AT-SPI readers take the name from the ``Label`` relation instead,
  which Qt builds from a sibling ``QLabel`` whose buddy is the box, or from a form row.
  ``LabelledBoxes`` gives every combo box that has an accessible name but no such label a hidden
  buddy label with that name, so "Length of Body scan, 3 min" is read, not just "3 min".
- **Charts in words** (``heatmap_words``, ``week_bars_words``): the summary a chart gives as
  its accessible description, updated with its data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QLocale, QObject
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from stsdesk.ui.i18n import fmt

BUDDY = "a11y_buddy"
"""The object name of the hidden labels ``LabelledBoxes`` adds."""


def has_label(box: QWidget) -> bool:
    """Whether a label (a buddy or a form row's) names ``box`` for AT-SPI."""
    face = QAccessible.queryAccessibleInterface(box)
    return face is not None and bool(face.relations(QAccessible.RelationFlag.Label))


def label_box(box: QComboBox) -> QLabel | None:
    """Give ``box`` a hidden buddy label saying its accessible name (or update the one it
    has); nothing when it has no name, no parent yet, or a visible label already."""
    name = box.accessibleName()
    parent = box.parentWidget()
    if not name or parent is None:
        return None
    for child in parent.findChildren(QLabel, BUDDY):
        if child.buddy() is box:
            if child.text() != name:
                child.setText(name)
            return child
    layout = parent.layout()
    if isinstance(layout, QFormLayout) and layout.labelForField(box) is not None:
        return None
    if has_label(box):
        return None
    buddy = QLabel(name, parent)
    buddy.setObjectName(BUDDY)
    buddy.setBuddy(box)
    buddy.setVisible(False)
    return buddy


class LabelledBoxes(QObject):
    """Installed on the application: each combo box is labelled when it is first shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QComboBox):
            label_box(watched)
        return False

    @classmethod
    def install(cls, owner: QObject) -> LabelledBoxes:
        """Watch the whole application for as long as ``owner`` (the main window) lives."""
        labelled = cls(owner)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(labelled)
        for box in owner.findChildren(QComboBox):  # made (and shown) before now
            label_box(box)
        return labelled


# --- charts in words ---------------------------------------------------------------------------


class ChartWords(QObject):
    """The charts' words for screen readers (a QObject only for ``tr``, so plurals are read)."""

    def heatmap(self, days: Mapping[date, float], today: date) -> str:
        """The year in one sentence: "Practice on 23 of the last 365 days; most in November
        (9 days); 4 so far this month." ``days`` maps practised days to minutes."""
        first = today - timedelta(days=364)
        shown = [day for day, minutes in days.items() if first <= day <= today and minutes > 0]
        if not shown:
            return self.tr("No practice in the last 365 days yet.")
        months: dict[tuple[int, int], int] = {}
        for day in shown:
            months[(day.year, day.month)] = months.get((day.year, day.month), 0) + 1
        (year, month), most = max(months.items(), key=lambda item: (item[1], item[0]))
        this_month = months.get((today.year, today.month), 0)
        return fmt(
            self.tr("Practice on %1 of the last 365 days; most in %2 (%3); %4 so far this month."),
            len(shown),
            QLocale().standaloneMonthName(month, QLocale.FormatType.LongFormat)
            + ("" if year == today.year else f" {year}"),
            self.tr("%n day(s)", "", most),
            this_month,
        )

    def week_bars(self, weeks: tuple[tuple[date, float], ...]) -> str:
        """The bars in words: "16 minutes over 2 weeks. Week of 23 November: 12 minutes; ..."."""
        if not weeks:
            return self.tr("No weeks to show yet.")
        locale = QLocale()
        total = round(sum(minutes for _, minutes in weeks))
        each = [
            fmt(
                self.tr("Week of %1: %2"),
                locale.toString(QDate(monday.year, monday.month, monday.day), "d MMMM"),
                self.tr("%n minute(s)", "", round(minutes)),
            )
            for monday, minutes in weeks
        ]
        return fmt(
            self.tr("%1 over %2. %3."),
            self.tr("%n minute(s)", "", total),
            self.tr("%n week(s)", "", len(weeks)),
            "; ".join(each),
        )


def heatmap_words(days: Mapping[date, float], today: date) -> str:
    """``ChartWords.heatmap``: the year heatmap's accessible description."""
    return ChartWords().heatmap(days, today)


def week_bars_words(weeks: tuple[tuple[date, float], ...]) -> str:
    """``ChartWords.week_bars``: the minutes bars' accessible description."""
    return ChartWords().week_bars(weeks)
