"""Keyboard only, in the real window: launch to a running 3-minute practice, launch to an
exported journal, launch to the voice turned off. Keys go in with QTest (qtbot.keyClick) to
whatever has the focus, and at every step the focus is somewhere a person can see: a shown
widget, inside the visible part of its scroll area, with its focus ring painted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QFileDialog,
    QLineEdit,
    QPushButton,
    QWidget,
)

from stsdesk.core.session import State
from stsdesk.ui.pacer_widget import PacerWidget
from tests.ui.history import fill_history

NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def name_of(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def _near(colour: QColor, wanted: list[QColor]) -> bool:
    return any(
        abs(colour.red() - w.red())
        + abs(colour.green() - w.green())
        + abs(colour.blue() - w.blue())
        < 40
        for w in wanted
    )


def ring_drawn(widget: QWidget, colours: list[str]) -> bool:
    """The focus ring is painted: the focus colour on all four sides, along the widget's
    middle lines, within 5 px of its edges (the style sheet's 2 px border), or anywhere on
    them for the pacer, whose ring is a circle round its circle."""
    image = widget.grab().toImage()
    w, h = image.width(), image.height()
    wanted = [QColor(c) for c in colours]
    dx, dy = (w // 2, h // 2) if isinstance(widget, PacerWidget) else (5, 5)

    def found(points) -> bool:
        return any(_near(image.pixelColor(x, y), wanted) for x, y in points)

    return (
        found((x, h // 2) for x in range(dx))
        and found((x, h // 2) for x in range(w - dx, w))
        and found((w // 2, y) for y in range(dy))
        and found((w // 2, y) for y in range(h - dy, h))
    )


class Walk:
    """The keys of one walk, each followed by a look at where the focus is."""

    def __init__(self, app_window, qtbot) -> None:
        self.window = app_window.window
        self.qtbot = qtbot
        palette = app_window.theme.palette
        self.palette = palette
        self.steps: list[str] = []

    @property
    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, f"no focus after {self.steps}"
        return widget

    def settle(self) -> None:
        """Let a page just shown finish laying out (wrapped text takes a few passes), as it
        has long before a person presses the next key."""

        def ranges() -> list[int]:
            areas = QApplication.activeWindow().findChildren(QAbstractScrollArea)
            return [a.verticalScrollBar().maximum() for a in areas if a.isVisible()]

        last = None
        for _ in range(20):
            QApplication.processEvents()
            now = ranges()
            if now == last:
                return
            last = now

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> QWidget:
        self.settle()
        self.qtbot.keyClick(self.focus, key, modifier)
        self.steps.append(key.name)
        self.settle()
        return self.look()

    def tab_to(self, name: str, limit: int = 40) -> QWidget:
        """Tab (looking at every stop on the way) until the focus is on ``name``."""
        for _ in range(limit):
            if name_of(self.focus) == name:
                return self.focus
            self.press(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached {name!r}: {self.steps}")

    def look(self) -> QWidget:
        """The focus widget is shown, scrolled into view and ringed."""
        widget = self.focus
        what = f"{type(widget).__name__} {name_of(widget)!r} after {self.steps[-3:]}"
        assert widget.isVisible(), f"hidden focus: {what}"
        assert widget.window().isActiveWindow(), f"focus in an inactive window: {what}"
        parent = widget.parentWidget()
        while parent is not None and not widget.isWindow():  # scroll areas of its own window
            if isinstance(parent, QAbstractScrollArea):
                viewport = parent.viewport()
                rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
                shown = viewport.rect().intersected(rect)
                needed = min(rect.height(), viewport.height()) * min(rect.width(), viewport.width())
                assert shown.width() * shown.height() >= needed, (
                    f"scrolled out of view: {what} at {rect} in {type(parent).__name__} "
                    f"{viewport.rect()}"
                )
            parent = None if parent.isWindow() else parent.parentWidget()
        primary = widget.property("role") == "primary"  # a ring that shows on the accent
        ring = self.palette.focus_on_accent if primary else self.palette.focus
        assert ring_drawn(widget, [ring]), f"no focus ring painted: {what}"
        return widget


def test_launch_to_a_running_three_minute_practice(make_app_window, qtbot) -> None:
    app_window = make_app_window()
    walk = Walk(app_window, qtbot)
    first = walk.look()  # the focus starts on the first time button
    assert name_of(first).endswith(", 1 minute")
    button = walk.press(Qt.Key.Key_Tab)
    while not name_of(button).endswith(", 3 minutes"):
        button = walk.press(Qt.Key.Key_Tab)
        assert len(walk.steps) < 10, walk.steps
    walk.press(Qt.Key.Key_Return)  # the check-in, its Begin button has the focus
    player = app_window.shell.player
    assert player.stack.currentWidget() is player.before
    assert name_of(walk.focus) == "Begin"
    walk.press(Qt.Key.Key_Return)
    assert player.session is not None
    assert player.session.state is State.RUNNING
    assert player.minutes == 3
    assert walk.focus is player.view.pacer  # the reader follows the breathing
    walk.press(Qt.Key.Key_Space)  # Space pauses, from wherever the focus is in the practice
    assert player.session.state is State.PAUSED
    walk.press(Qt.Key.Key_Space)
    assert player.session.state is State.RUNNING
    player.stop()
    player.after.confirm.click()
    player.closed.emit()


# The file dialog's name box completes what is typed in a popup, which grabs the keyboard.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_launch_to_the_journal_exported(make_app_window, qtbot, tmp_path: Path) -> None:
    app_window = make_app_window()
    fill_history(app_window.services)
    walk = Walk(app_window, qtbot)
    walk.look()
    walk.press(Qt.Key.Key_3, CTRL)
    assert app_window.window.current_page == "journal"
    walk.tab_to("Export as CSV…")
    walk.press(Qt.Key.Key_Return)
    dialog = next(d for d in app_window.window.findChildren(QFileDialog) if d.isVisible())
    name_box = walk.focus
    assert isinstance(name_box, QLineEdit)
    assert dialog.isAncestorOf(name_box)
    target = tmp_path / "mine.csv"
    name_box.selectAll()
    qtbot.keyClicks(name_box, str(target))
    qtbot.keyClick(name_box, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    # A window manager hands the activation back to the window; offscreen there is none.
    with qtbot.waitActive(app_window.window):
        app_window.window.activateWindow()
    practices = app_window.services.practice_log.count()
    assert practices == 10
    assert target.read_text(encoding="utf-8").count("\n") == 1 + practices  # a header, each
    journal = app_window.shell.journal
    assert journal.message.text().startswith("Exported 10 practices to ")
    assert name_of(walk.look()) == "Export as CSV…"  # back where it was, and on show


def test_launch_to_the_voice_turned_off(make_app_window, qtbot, tmp_path: Path) -> None:
    app_window = make_app_window()
    walk = Walk(app_window, qtbot)
    walk.look()
    walk.press(Qt.Key.Key_8, CTRL)
    assert app_window.window.current_page == "settings"
    voice = walk.tab_to("Voice guidance")
    assert voice.isChecked()
    walk.press(Qt.Key.Key_Space)
    assert not voice.isChecked()
    assert app_window.services.settings["practice.voice"] is False
    saved = app_window.services.paths.settings_file.read_text(encoding="utf-8")
    assert "voice = false" in saved


def test_every_key_is_shown_on_the_control_it_works(make_app_window, qtbot) -> None:
    """Ctrl+1..., F1, Enter, S, Space, N, V, F11, Esc: each in its control's tooltip, which a
    screen reader reads as the description; the name stays the control's own words."""
    from stsdesk.ui.keys_help import KeysHelpDialog, keys

    app_window = make_app_window()
    window = app_window.window
    for index, key in enumerate(("home", "practices", "journal", "learn")):
        assert f"(Ctrl+{index + 1})" in window.nav_button(key).toolTip()
    from stsdesk.ui.about import AboutDialog

    about = next(b for b in window.findChildren(QPushButton) if b.text() == "About stsdesk")
    assert "(F1)" in about.toolTip()
    about.click()
    about_dialog = next(d for d in window.findChildren(AboutDialog) if d.isVisible())
    keys_button = next(
        b for b in about_dialog.findChildren(QPushButton) if b.text() == "Keyboard keys"
    )
    assert "(F1)" in keys_button.toolTip()
    keys_button.click()
    dialog = next(d for d in window.findChildren(KeysHelpDialog) if d.isVisible())
    dialog.close()
    about_dialog.close()
    listed = " ".join(key for key, _what in keys())

    shell = app_window.shell
    shell.play("grounding-at-the-desk", 3)
    before = shell.player.before
    assert "(Enter)" in before.confirm.toolTip()
    assert "(S)" in before.skip.toolTip()
    before.confirm.click()
    view = shell.player.view
    tips = {
        view.pause: "(Space)",
        view.skip: "(N)",
        view.stop: "(Esc)",
        view.voice: "(V)",
        view.fullscreen: "(F11;",
    }
    for button, key in tips.items():
        assert key in button.toolTip(), button.text()
        assert key.strip("(;)") in listed, key
        face = QAccessible.queryAccessibleInterface(button)
        assert face.text(QAccessible.Text.Name) == button.text()
        assert key in face.text(QAccessible.Text.Description)
    shell.player.toggle_pause()  # the reader hears the button's new word
    assert name_of(view.pause) == "Resume"
    shell.player.toggle_pause()
    shell.player.stop()
    shell.player.after.confirm.click()
    shell.player.closed.emit()
