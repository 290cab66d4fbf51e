"""The real window, offscreen: pages reachable by mouse and keyboard, type and settings real."""

from __future__ import annotations

import tomllib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel

from stsdesk.ui.about import AboutDialog
from stsdesk.ui.theme import FONT_FAMILY

PAGES = ("home", "practices", "journal", "learn", "course", "self_check", "support", "settings")


def test_window_opens_with_a_real_font(make_app_window) -> None:
    app_window = make_app_window()
    assert app_window.window.isVisible()
    assert app_window.window.windowTitle() == "stsdesk"
    assert QApplication.font().family() == FONT_FAMILY


def test_every_page_reachable_by_mouse(make_app_window, qtbot) -> None:
    window = make_app_window().window
    for key in reversed(PAGES):
        qtbot.mouseClick(window.nav_button(key), Qt.MouseButton.LeftButton)
        assert window.current_page == key


def test_every_page_reachable_by_keyboard(make_app_window, qtbot) -> None:
    window = make_app_window().window
    for number, key in reversed(list(enumerate(PAGES, start=1))):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page == key
    button = window.nav_button("support")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert window.current_page == "support"


def test_nav_buttons_have_accessible_names(make_app_window) -> None:
    window = make_app_window().window
    for key in PAGES:
        assert window.nav_button(key).accessibleName()


def test_home_minutes_start_a_fitting_practice(make_app_window, qtbot) -> None:
    shell = make_app_window().shell
    qtbot.mouseClick(shell.home.minute_buttons[3], Qt.MouseButton.LeftButton)
    assert shell.window.current_page == "player"
    assert shell.player.minutes == 3
    assert 3 in shell.player.exercise.lengths
    assert shell.player.exercise.discreet


def test_practices_filters_by_length_and_discretion(make_app_window, qtbot) -> None:
    page = make_app_window().shell.practices
    page.set_length(10)
    page.discreet.setChecked(True)
    visible = [c.exercise for c in page.cards.values() if c.isVisibleTo(page)]
    assert visible
    assert all(e.fits(10) and e.discreet for e in visible)
    assert len(visible) < len(page.cards)


def test_settings_page_persists_to_toml(make_app_window, tmp_path) -> None:
    app_window = make_app_window()
    page = app_window.shell.settings
    box = page.controls["journal.hide_streaks"]
    assert isinstance(box, QCheckBox)
    box.setChecked(True)
    theme = page.controls["appearance.theme"]
    assert isinstance(theme, QComboBox)
    theme.setCurrentIndex(theme.findData("dark"))
    written = tomllib.loads(app_window.services.paths.settings_file.read_text())
    assert written["journal"]["hide_streaks"] is True
    assert written["appearance"]["theme"] == "dark"
    assert app_window.palette.name == "dark"


def test_about_dialog_names_data_and_log_locations(make_app_window, qtbot) -> None:
    app_window = make_app_window()
    app_window.window.show_about()
    dialog = app_window.window.findChild(AboutDialog)
    assert dialog is not None
    assert dialog.isVisible()
    texts = " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert str(app_window.services.paths.data) in texts
    assert str(app_window.services.log_file) in texts
    dialog.close()


def test_home_offers_recent_practices_again(make_app_window, qtbot) -> None:
    app_window = make_app_window()
    shell = app_window.shell
    assert not shell.home.recent_box.isVisibleTo(shell.home)
    app_window.services.settings.set("practice.check_ins", False)
    shell.play("five-senses", 3)
    shell.player.stop()
    shell.player.closed.emit()  # Home re-read the log by itself when the practice was saved
    assert shell.home.recent_box.isVisibleTo(shell.home)
    button = shell.home.recent_buttons[0]
    assert button.text().endswith("· 3 min")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert shell.window.current_page == "player"
    assert shell.player.exercise.id == "five-senses"
    assert shell.player.minutes == 3
