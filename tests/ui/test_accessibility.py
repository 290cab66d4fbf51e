"""What a screen reader finds: every page, player state and dialog read through Qt's own
accessibility interfaces (``QAccessible.queryAccessibleInterface``), the way an assistive
technology reads them. Every focusable control, image and chart has a name; charts and images
also a description; the charts' words follow their data; the pacer announces a new phase once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QMessageBox,
    QScrollBar,
    QWidget,
)

from stsdesk.ui.a11y import has_label
from stsdesk.ui.shell import PAGES
from tests.ui.history import fill_history

Text = QAccessible.Text
Role = QAccessible.Role

# Roles that carry meaning without text of their own: they need a name and a description.
PICTURES = (Role.Graphic, Role.Chart, Role.Animation, Role.Canvas)


def _painted(widget: QWidget) -> bool:
    """A widget of ours that paints itself (a chart, the breathing shape)."""
    kind = type(widget)
    if isinstance(widget, QAbstractButton) and widget.text():  # words (widgets.WrapButton)
        return False
    return kind.__module__.startswith("stsdesk.") and "paintEvent" in vars(kind)


def _what(widget: QWidget) -> str:
    parent = widget.parentWidget()
    where = []
    while parent is not None and len(where) < 3:
        where.append(type(parent).__name__)
        parent = parent.parentWidget()
    text = ""
    if isinstance(widget, QAbstractButton | QLabel):
        text = f" {widget.text()[:40]!r}"
    return f"{type(widget).__name__}{text} in {'/'.join(where)}"


def _visible_widgets(root: QWidget) -> Iterator[QWidget]:
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.isVisible():  # scrolled out of view is still read by a screen reader
            yield widget


def _only_its_value(widget: QWidget, name: str) -> bool:
    """A box whose name is just what it shows ("3 min"): the reader never says what it is.

    On Linux Qt gives a combo box its current item as its name whatever ``setAccessibleName``
    said; what AT-SPI reads as its purpose is its ``Label`` relation (``ui.a11y``).
    """
    if isinstance(widget, QComboBox):
        return name == widget.currentText() and not has_label(widget)
    if isinstance(widget, QAbstractSpinBox):
        return name == widget.text() and not widget.accessibleName()
    return False


def gaps(root: QWidget) -> list[str]:
    """Every shown widget under ``root`` a screen reader could not name (or describe)."""
    found = []
    for widget in _visible_widgets(root):
        if isinstance(widget, QScrollBar | QAbstractScrollArea) and not widget.focusPolicy():
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # the box's own editor: read as part of the (named) box
        if widget.objectName() == "qt_msgboxex_icon_label":
            continue  # a message box's icon: decoration, its words say the same
        face = QAccessible.queryAccessibleInterface(widget)
        assert face is not None, _what(widget)
        assert face.isValid(), _what(widget)
        name = face.text(Text.Name).strip()
        description = face.text(Text.Description).strip()
        focusable = (
            (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled())
            or widget.hasFocus()
            or (isinstance(widget, QAbstractButton) and widget.isEnabled())
        )
        picture = (
            face.role() in PICTURES
            or _painted(widget)
            or (isinstance(widget, QLabel) and not widget.pixmap().isNull() and not widget.text())
        )
        if (focusable or picture) and not name:
            found.append(f"no name: {_what(widget)} ({face.role().name})")
        elif _only_its_value(widget, name):
            found.append(f"named only by its value: {_what(widget)} {name!r}")
        if picture and not description:
            found.append(f"no description: {_what(widget)} {name!r}")
        # A control's accessible children (list rows, combo items) are read by name too.
        if focusable:
            for index in range(face.childCount()):
                child = face.child(index)
                if child is None or child.object() not in (None, widget):
                    continue  # a widget child is visited in its own right
                role = child.role()
                items = (Role.ListItem, Role.Row, Role.Cell, Role.TreeItem, Role.MenuItem)
                if role in items and not child.text(Text.Name).strip():
                    found.append(f"nameless {role.name} {index} in {_what(widget)}")
    return found


def assert_named(root: QWidget, where: str) -> None:
    QApplication.processEvents()
    buttons = [w for w in _visible_widgets(root) if isinstance(w, QAbstractButton)]
    assert buttons, f"{where}: nothing shown to read"
    missing = gaps(root)
    assert not missing, f"{where}:\n  " + "\n  ".join(missing)


# --- every page --------------------------------------------------------------------------------


@pytest.fixture
def app_window(make_app_window):
    app_window = make_app_window()
    fill_history(app_window.services)
    return app_window


def test_every_page_names_every_control_and_chart(app_window) -> None:
    window = app_window.window
    for key, _title, _icon, in_nav in PAGES:
        if not in_nav:
            continue
        window.show_page(key)
        assert_named(window, f"the {key} page")


def test_every_player_state_names_every_control(app_window, qtbot) -> None:
    shell = app_window.shell
    window = app_window.window
    exercise = next(e for e in shell.services.catalog.exercises if 3 in e.lengths)
    shell.play(exercise.id, 3)
    player = shell.player
    assert_named(window, "the check-in before")
    player.before.confirm.click()
    player.tick()
    assert_named(window, "a running practice")
    player.toggle_pause()
    assert_named(window, "a paused practice")
    player.toggle_pause()
    player.stop()
    assert_named(window, "the check-in after")
    player.after.confirm.click()
    assert_named(window, "the end, without the support line")
    assert not player.done_support.isVisible()
    # A high distress after: the end offers support, and it is named too.
    player.begin(exercise, 3)
    player.before.confirm.click()
    player.stop()
    player.after.ratings.button(9).click()
    player.after.confirm.click()
    assert_named(window, "the end")
    player.closed.emit()


# --- every dialog ------------------------------------------------------------------------------


def _opened(window: QWidget, kind: type[QWidget]) -> QWidget:
    QApplication.processEvents()
    found = [w for w in window.findChildren(kind) if w.isVisible()]
    assert found, f"no {kind.__name__} opened"
    return found[-1]


def test_every_dialog_names_every_control(app_window, qtbot) -> None:
    from stsdesk.core.reminders import Reminder, ReminderKind
    from stsdesk.ui.about import AboutDialog
    from stsdesk.ui.buddy import WeeklySummaryDialog
    from stsdesk.ui.journal import ManualEntryDialog, NoteDialog
    from stsdesk.ui.keys_help import KeysHelpDialog
    from stsdesk.ui.practices import ScriptDialog
    from stsdesk.ui.reminder_popup import ReminderPopup
    from stsdesk.ui.widgets import show_failure

    shell = app_window.shell
    window = app_window.window
    dialogs: list[tuple[str, QWidget]] = []

    window.show_about()
    dialogs.append(("About", _opened(window, AboutDialog)))
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialogs.append(("the keys", _opened(window, KeysHelpDialog)))
    journal = shell.journal
    window.show_page("journal")
    journal.open_manual_entry()
    dialogs.append(("Log a practice", _opened(journal, ManualEntryDialog)))
    journal.history.setCurrentRow(0)
    journal.open_note_editor()
    dialogs.append(("the note", _opened(journal, NoteDialog)))
    journal.confirm_delete_all()
    dialogs.append(("delete everything", _opened(journal, QMessageBox)))
    exercise = next(iter(shell.services.catalog.exercises))
    ScriptDialog(exercise, window).open()
    dialogs.append(("the script", _opened(window, ScriptDialog)))
    summary = WeeklySummaryDialog(shell.services, window)
    summary.show()
    dialogs.append(("the weekly summary", summary))
    dialogs.append(("a failure", show_failure(window, "It did not work.", lambda: None)))
    popup = ReminderPopup()
    popup.offer(Reminder(datetime.now(UTC), ReminderKind.DAILY), (exercise, exercise.lengths[0]))
    dialogs.append(("reminder", popup))
    for where, dialog in dialogs:
        assert_named(dialog, f"the {where} dialog")
    for _where, dialog in dialogs:
        dialog.close()
    popup.deleteLater()


# --- the charts' words -------------------------------------------------------------------------


def test_year_and_week_charts_say_what_they_show_and_follow_the_data(make_services) -> None:
    from stsdesk.ui.charts import CalendarHeatmap, WeekBars
    from stsdesk.ui.theme import Theme, choose_palette

    theme = Theme(choose_palette("light"))
    heatmap = CalendarHeatmap(theme)
    today = date(2026, 12, 2)
    days = {today - timedelta(days=n): 5.0 for n in range(0, 60, 3)}
    heatmap.set_days(days, today)
    face = QAccessible.queryAccessibleInterface(heatmap)
    words = face.text(Text.Description)
    assert "20 of the last 365 days" in words
    assert "November" in words
    heatmap.set_days({today: 3.0}, today)
    assert "1 of the last 365 days" in face.text(Text.Description)
    heatmap.set_days({}, today)
    assert "No practice" in face.text(Text.Description)

    bars = WeekBars(theme)
    monday = date(2026, 11, 30)
    bars.set_weeks(((monday - timedelta(weeks=1), 12.0), (monday, 4.0)))
    bar_words = QAccessible.queryAccessibleInterface(bars).text(Text.Description)
    assert "16 minutes over 2 weeks" in bar_words
    assert "Week of 23 November: 12 minutes" in bar_words
    assert "4 minutes" in bar_words
    for widget in (heatmap, bars):
        widget.deleteLater()
    theme.deleteLater()


# --- the pacer ---------------------------------------------------------------------------------


def test_the_pacer_announces_each_new_phase_once(qtbot) -> None:
    from stsdesk.ui.pacer_widget import PacerWidget
    from stsdesk.ui.theme import Theme, choose_palette

    theme = Theme(choose_palette("light"))
    pacer = PacerWidget(theme)
    qtbot.addWidget(pacer)
    face = QAccessible.queryAccessibleInterface(pacer)
    assert face.text(Text.Name) == "Breathing guide"
    assert "grows as you breathe in" in face.text(Text.Description)
    # Every setAccessibleName is one NameChanged event to the screen reader: count them.
    announced: list[str] = []
    set_name = pacer.setAccessibleName
    pacer.setAccessibleName = lambda name: (announced.append(name), set_name(name))
    for frame in range(120):  # four seconds of frames at 30 a second, in two phases
        pacer.set_state(frame / 120, True, "Breathe in" if frame < 60 else "Breathe out")
        if frame in (30, 90):
            assert face.text(Text.Name) == announced[-1]
    for _ in range(30):
        pacer.set_state(0.5, False, "")
    assert announced == [
        "Breathing guide: Breathe in",
        "Breathing guide: Breathe out",
        "Breathing guide",
    ]
    assert face.text(Text.Name) == "Breathing guide"
    theme.deleteLater()


def test_a_running_practice_puts_the_keyboard_on_the_pacer_which_names_the_phase(
    app_window, qtbot
) -> None:
    from stsdesk.ui.pacer_widget import PacerWidget
    from tests.fakes import FakeClock

    shell = app_window.shell
    clock = FakeClock()
    shell.services.monotonic = clock
    shell.play("answering-the-inner-critic", 5)  # it breathes from 11 s
    player = shell.player
    player.before.confirm.click()
    pacer = player.view.pacer
    assert isinstance(QApplication.focusWidget(), PacerWidget)
    face = QAccessible.queryAccessibleInterface(pacer)
    assert face.text(Text.Name) == "Breathing guide"
    clock.advance(12)
    player.tick()
    assert face.text(Text.Name) == f"Breathing guide: {pacer.phase}"
    assert pacer.phase == player.view.phase.text()
    player.stop()
    player.after.confirm.click()
    player.closed.emit()
