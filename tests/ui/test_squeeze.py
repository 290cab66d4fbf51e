"""The squeeze test: every page, dialog and player state at 100, 150 and 200 % text, in every
theme, at 1024 × 700, looked at the way a person would.

It fails when a visible label, button, check box, combo or spin box is smaller than its text
needs (its size hint; for wrapping text, its height for its width), sticks out of what holds
it, overlaps a sibling, or when anything scrolls sideways. Two looks run by default (every
state at 200 % light, and at 100 % dark); the whole matrix is in the ``slow`` set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QLabel,
    QLayout,
    QWidget,
)

from tests.ui.history import fill_history

WINDOW = (1024, 700)
THEMES = ("light", "dark", "high-contrast")
SIZES = (100, 150, 200)
DEFAULT = {("light", 200), ("dark", 100)}
SLACK = 1  # px: rounding in Qt's own sums

CHECKED = (QLabel, QAbstractButton, QComboBox, QAbstractSpinBox)
INNER = (QComboBox, QAbstractSpinBox, QCalendarWidget)
"""Qt's composite controls: their own parts are laid out by Qt, not by us."""


def settle() -> None:
    """Let posted layout requests, polish and show events run (layouts nest a few deep)."""
    for _ in range(4):
        QApplication.processEvents()
        # What was handed to deleteLater goes, as it does once the event loop runs again.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()
    elif isinstance(widget, QComboBox):
        text = widget.currentText()
    elif isinstance(widget, QAbstractSpinBox):
        text = widget.text()
    text = " ".join(text.split())
    text = text if len(text) <= 48 else text[:45] + "..."
    name = widget.objectName() or widget.accessibleName()
    return f"{type(widget).__name__} {name + ' ' if name else ''}{text!r}"


def _needs(widget: QWidget) -> tuple[int, int]:
    """The width and height ``widget`` needs to show all of its text."""
    if widget.hasHeightForWidth():  # wrapping text: a label, a ``widgets.WrapButton``
        return widget.minimumSizeHint().width(), widget.heightForWidth(widget.width())
    if isinstance(widget, QLabel | QComboBox | QAbstractSpinBox):
        hint = widget.minimumSizeHint()
    else:
        hint = widget.sizeHint()
    return hint.width(), hint.height()


def _inside_qt_control(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, INNER):
            return True
        parent = parent.parentWidget()
    return False


def _is_viewport(widget: QWidget) -> bool:
    owner = widget.parentWidget()
    return isinstance(owner, QAbstractScrollArea) and owner.viewport() is widget


def _sticks_out(widget: QWidget, root: QWidget) -> str | None:
    """Where ``widget`` or a box it sits in is cut off by what holds it (a scroll area's
    viewport legitimately shows part of its content)."""
    current = widget
    while current is not root and current.parentWidget() is not None:
        parent = current.parentWidget()
        if _is_viewport(parent):
            return None
        bounds = parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
        if not bounds.contains(current.geometry()):
            return (
                f"{_name(current)} at {_rect(current.geometry())} sticks out of "
                f"{type(parent).__name__} {parent.objectName()!r} ({parent.width()}x"
                f"{parent.height()})"
            )
        current = parent
    return None


def _rect(rect: QRect) -> str:
    return f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}"


def _laid_out(layout: QLayout) -> Iterator[QWidget]:
    """The widgets ``layout`` and its nested layouts place."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is not None:
            yield item.widget()
        elif item.layout() is not None:
            yield from _laid_out(item.layout())


def problems(root: QWidget, where: str) -> list[str]:
    """Everything cut, squeezed, overlapping or scrolling sideways in ``root``."""
    found: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    shown = [w for w in widgets if w.isVisible() and not (w is not root and w.isWindow())]
    for widget in shown:
        if not isinstance(widget, CHECKED) or _inside_qt_control(widget, root):
            continue
        if isinstance(widget, QLabel) and not widget.text():
            continue
        width, height = _needs(widget)
        if widget.width() + SLACK < width or widget.height() + SLACK < height:
            found.append(
                f"{where}: {_name(widget)} is {widget.width()}x{widget.height()}, "
                f"its text needs {width}x{height}"
            )
        out = _sticks_out(widget, root)
        if out is not None:
            found.append(f"{where}: {out}")
    for parent in shown:
        layout = parent.layout()
        if layout is None or isinstance(parent, INNER):
            continue
        siblings = [w for w in _laid_out(layout) if w.isVisible() and w.parentWidget() is parent]
        for index, one in enumerate(siblings):
            for other in siblings[index + 1 :]:
                common = one.geometry().intersected(other.geometry())
                if common.width() > SLACK and common.height() > SLACK:
                    found.append(
                        f"{where}: {_name(one)} at {_rect(one.geometry())} overlaps "
                        f"{_name(other)} at {_rect(other.geometry())}"
                    )
    for area in root.findChildren(QAbstractScrollArea):
        if area.isVisible() and not _inside_qt_control(area, root):
            bar = area.horizontalScrollBar()
            if bar.maximum() > 0:
                found.append(
                    f"{where}: {type(area).__name__} {area.accessibleName()!r} scrolls "
                    f"sideways by {bar.maximum()} px (viewport {area.viewport().width()} px)"
                )
    return found


# --- the walk ------------------------------------------------------------------------------


class Walk:
    """Visits what a person can see, collecting what is squeezed."""

    def __init__(self, app_window, look: str) -> None:
        self.app_window = app_window
        self.window = app_window.window
        self.look = look
        self.found: list[str] = []

    def look_at(self, root: QWidget, where: str) -> None:
        settle()
        self.found += problems(root, f"{where} ({self.look})")

    def dialog(self, open_it: Callable[[], QWidget | None], where: str) -> None:
        before = set(map(id, QApplication.topLevelWidgets()))
        shown = open_it()
        settle()
        if shown is None:
            new = [
                w for w in QApplication.topLevelWidgets() if id(w) not in before and w.isVisible()
            ]
            assert new, f"{where} did not open"
            shown = new[0]
        self.look_at(shown, where)
        shown.close()
        shown.deleteLater()
        settle()


def _walk(app_window, qtbot, look: str) -> list[str]:
    from stsdesk.core.reminders import Reminder, ReminderKind
    from stsdesk.ui.keys_help import KeysHelpDialog
    from stsdesk.ui.reminder_popup import ReminderPopup
    from stsdesk.ui.shell import PAGES

    walk = Walk(app_window, look)
    window, shell = app_window.window, app_window.shell
    for key, *_rest, in_nav in PAGES:
        if in_nav:
            window.show_page(key)
            walk.look_at(window, key)

    # Dialogs.
    window.show_page("journal")
    journal = shell.journal
    settle()
    walk.dialog(journal.open_manual_entry, "Log a practice")
    journal.history.setCurrentRow(0)
    walk.dialog(journal.open_note_editor, "Note")
    walk.dialog(journal.confirm_delete, "Delete this practice?")
    walk.dialog(journal.confirm_delete_all, "Delete all your data?")
    # (Export opens Qt's own file dialog: its file list scrolls sideways by design.)
    window.show_page("practices")
    walk.dialog(
        lambda: shell.practices.read_script(shell.services.catalog.exercises[0].id), "Script"
    )
    walk.dialog(window.show_about, "About")
    walk.dialog(lambda: KeysHelpDialog(window).open(), "Keys (F1)")
    walk.dialog(app_window.between.show_summary, "Weekly summary")

    popup = ReminderPopup()
    exercise = shell.services.catalog.get("grounding-at-the-desk")
    for kind in (ReminderKind.DAILY, ReminderKind.BUDDY):
        popup.offer(Reminder(at=datetime.now(UTC), kind=kind), (exercise, 3))
        walk.look_at(popup, f"Reminder ({kind.name.lower()})")
    popup.close()
    popup.deleteLater()

    # The player, in each state.
    player = shell.player

    def state(where: str) -> None:
        walk.look_at(window, where)

    shell.play("grounding-at-the-desk", 3)
    state("player: check-in before")
    player.before.ratings.button(9).click()
    player.before.confirm.click()
    state("player: check-in before, the offer")
    player.before.continue_button.click()
    state("player: running")
    player.toggle_pause()
    state("player: paused")
    player.stop()
    state("player: check-in after")
    player.after.ratings.button(9).click()
    player.after.zones.button(0).click()
    state("player: check-in after, chosen")
    player.after.confirm.click()
    state("player: finished, with the support line")
    assert player.done_support.isVisible()

    shell.play("grounding-at-the-desk", 3)
    player.before.skip.click()
    player.stop()
    player.after.skip.click()
    state("player: finished early, no support line")
    assert not player.done_support.isVisible()

    shell.play(
        "compassionate-letter", shell.services.catalog.get("compassionate-letter").lengths[0]
    )
    player.before.skip.click()
    player.stop()
    state("player: check-in after a written practice")
    player.after.skip.click()

    shell.help_now()
    state("player: help now, running")
    player.stop()
    player.after.skip.click()
    window.show_page("home")
    settle()
    return walk.found


LOOKS = [
    pytest.param(
        theme,
        size,
        id=f"{theme}-{size}",
        marks=() if (theme, size) in DEFAULT else pytest.mark.slow,
    )
    for theme in THEMES
    for size in SIZES
]


@pytest.mark.parametrize(("theme", "size"), LOOKS)
def test_nothing_is_cut_squeezed_or_scrolls_sideways(make_app_window, qtbot, theme, size):
    app_window = make_app_window()
    fill_history(app_window.services)
    app_window.window.resize(*WINDOW)
    settings = app_window.services.settings
    settings.set("appearance.theme", theme)
    settings.set("appearance.text_size", size)
    found = _walk(app_window, qtbot, f"{theme}, {size} %")
    # Each problem once (the sidebar is looked at on every page).
    unique = list(dict.fromkeys(found))
    assert not unique, f"{len(unique)} things a person cannot read whole:\n" + "\n".join(unique)


def test_the_check_finds_a_squeezed_button_and_cut_text(qtbot):
    """The checker itself: a button narrower than its words, and a wrapping label shorter
    than its lines, are both reported with their sizes."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    from stsdesk.ui.widgets import label

    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    button = QPushButton("Start this practice")
    button.setFixedWidth(40)
    text = label("A long sentence that has to wrap over several lines in a narrow box.")
    text.setFixedSize(120, 20)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
    layout.addWidget(text)
    host.show()
    qtbot.waitExposed(host)
    found = problems(host, "test")
    assert any("QPushButton" in f and "'Start this practice' is 40x" in f for f in found)
    assert any("PlainLabel" in f and "is 120x20" in f for f in found)


def test_the_sidebar_icons_and_the_spin_box_arrows_grow_with_the_text(make_app_window):
    """Icons beside the page names, and the arrows a spin box is stepped with, are drawn at a
    size that follows ``appearance.text_size`` (not Fusion's fixed 16 px, nor broken stubs)."""
    import re
    from pathlib import Path

    app_window = make_app_window()
    settings = app_window.services.settings
    home = app_window.window.nav_button("home")
    sizes = {}
    for size in (100, 200):
        settings.set("appearance.text_size", size)
        settle()
        sizes[size] = home.iconSize().width()
        sheet = QApplication.instance().styleSheet()
        arrows = re.findall(
            r"QSpinBox::up-arrow[^{]*\{\s*image: url\(([^)]+)\); width: (\d+)px", sheet
        )
        assert arrows, "the spin boxes have no arrows of their own"
        path, width = arrows[0]
        assert Path(path).read_text(encoding="utf-8").startswith("<svg")
        assert int(width) >= size // 10
    assert sizes[100] >= 18
    assert sizes[200] >= 2 * sizes[100] - 1


def test_a_text_size_changed_while_the_app_runs_reflows_every_page(make_app_window, qtbot):
    """The person changes the text size in Settings with every page already built: each page
    must lay itself out again for the new size (built once at 100 %, looked at at 200 %).

    In a wide window (the app's usual 1440 x 900), where cards keep to a reading width
    narrower than the page (a fixed 720 px cut the Support page's crisis lines at 200 %)."""
    app_window = make_app_window()
    fill_history(app_window.services)
    app_window.window.resize(1440, 900)
    settings = app_window.services.settings
    _walk(app_window, qtbot, "light, 100 %")  # every page and state built at 100 %
    settings.set("appearance.text_size", 200)
    found = _walk(app_window, qtbot, "light, 100 % then 200 %")
    unique = list(dict.fromkeys(found))
    assert not unique, f"{len(unique)} things a person cannot read whole:\n" + "\n".join(unique)
