"""Keyboard-only use of the real window: where the focus starts, Tab through the sidebar and
the page (no invisible stops), Enter presses buttons, F1 lists the keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QPlainTextEdit, QPushButton

from stsdesk.ui.keys_help import KeysHelpDialog


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def test_focus_starts_on_the_first_time_button(make_app_window, qtbot) -> None:
    shell = make_app_window().shell
    first = shell.home.minute_buttons[1]
    qtbot.waitUntil(lambda: focused() is first)
    assert first.text().startswith("1 minute")


def test_tab_reaches_every_sidebar_entry_and_no_invisible_stop(make_app_window, qtbot) -> None:
    window = make_app_window().window
    seen = []
    for _ in range(40):
        widget = focused()
        assert widget is not None
        assert widget.isVisible(), f"the focus is on a hidden {type(widget).__name__}"
        # A scroll area (a page) holding the focus shows no ring: it must not be a stop.
        is_area = isinstance(widget, QAbstractScrollArea) and not isinstance(widget, QPlainTextEdit)
        assert not is_area, f"an invisible tab stop: {type(widget).__name__}"
        seen.append(widget)
        press(qtbot, Qt.Key.Key_Tab)
    for key in ("home", "practices", "journal", "learn", "settings", "support"):
        assert window.nav_button(key) in seen, key


def test_enter_presses_the_focused_button(make_app_window, qtbot) -> None:
    shell = make_app_window().shell
    window = shell.window
    journal = window.nav_button("journal")
    journal.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert window.current_page == "journal"
    assert journal.isChecked()
    assert not window.nav_button("home").isChecked()
    settings = window.nav_button("settings")
    settings.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert window.current_page == "settings"
    window.nav_button("home").setFocus()
    press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert window.current_page == "home"
    support = next(b for b in shell.home.findChildren(QPushButton) if b.text() == "Get support")
    support.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert window.current_page == "support"


def test_f1_lists_the_keys(make_app_window, qtbot) -> None:
    window = make_app_window().window
    press(qtbot, Qt.Key.Key_F1)
    dialog = window.findChild(KeysHelpDialog)
    assert dialog is not None
    assert dialog.isVisible()
    words = " ".join(f"{k} {w}" for k, w in dialog.rows)
    for key in ("Ctrl+1", "F1", "Space", "N", "V", "F11", "Esc", "Enter"):
        assert key in words, key
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
