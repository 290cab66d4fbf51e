"""Translation is ready for real: every interface string reaches pyside6-lupdate in the context
it is looked up in, plurals are Qt's, the shipped catalogues are up to date, and the language
setting picks the translator."""

from __future__ import annotations

import ast
import importlib.util
import platform
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QWidget,
)

from stsdesk.core.text import visible
from stsdesk.ui import i18n

REPO = Path(__file__).resolve().parents[2]
UI = REPO / "stsdesk" / "ui"
_spec = importlib.util.spec_from_file_location(
    "stsdesk_translations", REPO / "packaging" / "translations.py"
)
assert _spec is not None
assert _spec.loader is not None
translations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translations)

TRANSLATE = {"translate"}  # QCoreApplication.translate / QApplication.translate
Key = tuple[str, str, bool]  # context, source, plural


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _calls() -> tuple[set[Key], list[str]]:
    """Every tr/translate call in stsdesk/ui and app.py: the messages, and the calls lupdate
    cannot read."""
    messages: set[Key] = set()
    problems: list[str] = []
    data_contexts = set(translations.core_strings())
    for path in [*sorted(UI.glob("*.py")), REPO / "stsdesk" / "app.py"]:
        tree = ast.parse(path.read_text("utf-8"))
        classes = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for inner in ast.walk(node):
                    classes.setdefault(id(inner), node.name)  # the innermost class wins
        # A class's own tr() (wording.Stats.tr) passes its argument on: its callers are read.
        wrappers = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and node.name == "tr"
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if id(node) in wrappers:
                continue
            where = f"{path.name}:{node.lineno}"
            name = node.func.attr
            owner = node.func.value
            if name == "replace" and node.args and (_literal(node.args[0]) or "").startswith("%"):
                problems.append(f"{where}: .replace of a placeholder (use i18n.fmt)")
            if name == "tr" and isinstance(owner, ast.Name):
                context = classes.get(id(node)) if owner.id == "self" else owner.id
                text = _literal(node.args[0]) if node.args else None
                if context is None or text is None:
                    problems.append(f"{where}: tr() of something lupdate cannot read")
                    continue
                messages.add((context, text, len(node.args) >= 3))
            elif (
                name in TRANSLATE
                and isinstance(owner, ast.Name)
                and owner.id.endswith("Application")
            ):
                context = _literal(node.args[0]) if node.args else None
                text = _literal(node.args[1]) if len(node.args) > 1 else None
                if context is None:
                    problems.append(f"{where}: translate() with a context lupdate cannot read")
                elif text is None:
                    if context not in data_contexts:
                        problems.append(f"{where}: translate() of a variable in {context!r}")
                elif len(node.args) >= 4:
                    problems.append(f"{where}: a plural through translate() (lupdate misses it)")
                else:
                    messages.add((context, text, False))
            elif name == "tr":
                problems.append(f"{where}: tr() through an attribute (lupdate loses the context)")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "plural":
                problems.append(f"{path.name}:{node.lineno}: plural() (use tr(..., '', n))")
    return messages, problems


def _extracted(tmp_path: Path) -> set[Key]:
    ts = tmp_path / "all.ts"
    translations.lupdate(ts, "en")
    found = set()
    for context in ET.parse(ts).iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            numerus = message.get("numerus") == "yes"
            found.add((name, message.findtext("source") or "", numerus))
    return found


def test_every_interface_string_is_extracted_in_its_context(tmp_path: Path) -> None:
    messages, problems = _calls()
    assert problems == []
    extracted = _extracted(tmp_path)
    assert sorted(messages - extracted) == []
    for context, texts in translations.core_strings().items():
        assert {(context, text, False) for text in texts} <= extracted


def test_the_core_words_file_lists_every_marked_string() -> None:
    """A new setting (or contact, family, tag, phase) cannot be left out of strings.py."""
    expected = translations.render_strings(translations.core_strings())
    assert (UI / "strings.py").read_text("utf-8") == expected, (
        "stsdesk/ui/strings.py is out of date: run python packaging/translations.py"
    )


def test_the_shipped_catalogues_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (UI / "translations" / "stsdesk_en.qm").is_file()


def test_english_plurals_read_properly() -> None:
    i18n.install_translations("en")
    one = QCoreApplication.translate("PracticesPage", "%n practice(s)", None, 1)
    many = QCoreApplication.translate("PracticesPage", "%n practice(s)", None, 3)
    assert (one, many) == ("1 practice", "3 practices")


def test_the_language_setting_picks_a_catalogue_and_falls_back_to_english(
    tmp_path: Path,
) -> None:
    pseudo = translations.pseudo(tmp_path, "eo")
    assert pseudo.is_file()
    try:
        assert i18n.install_translations("eo", tmp_path) == "eo"
        assert QCoreApplication.translate("PracticesPage", "%n practice(s)", None, 1) == (
            "⟦1 practice(s)⟧"
        )
        # No Spanish catalogue in that folder: English, with its plurals, is what shows.
        assert i18n.install_translations("es") == "en"
        assert QCoreApplication.translate("PracticesPage", "%n practice(s)", None, 1) == (
            "1 practice"
        )
    finally:
        i18n.install_translations("en")


@pytest.fixture(autouse=True)
def _app(qapp):
    return qapp


# --- The pseudo locale: every word on screen must have come through a translation ----------

WRAPPED = re.compile(r"⟦[^⟦⟧]*⟧")
URL = re.compile(r"https?://\S+")  # an address is not a word to translate
NO_BUTTON = QDialogButtonBox.StandardButton.NoButton


def _untranslated(text: str, allowed: list[str]) -> str:
    """What is left of ``text`` once translated parts and allowed data are taken out, if that
    still has a letter in it ("" when everything went through translation)."""
    rest = text
    while True:
        shorter = WRAPPED.sub(" ", rest)
        if shorter == rest:
            break
        rest = shorter
    for data in allowed:  # longest first, so a title is not half taken by a shorter one
        if data:
            rest = rest.replace(data, " ")
    rest = URL.sub(" ", rest)
    return rest.strip() if re.search(r"[^\W\d_]", rest) else ""


def _texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every word a person can see in ``root`` now."""
    found: list[tuple[str, str]] = []
    if root.windowTitle():
        found.append((f"{type(root).__name__} title", root.windowTitle()))
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        name = f"{type(widget).__name__} {widget.objectName()}".strip()
        box = widget.parent()
        if isinstance(box, QDialogButtonBox) and box.standardButton(widget) is not NO_BUTTON:
            continue  # Qt's own words ("Close", "Cancel"): qtbase's catalogue, not ours
        if isinstance(widget, QLabel | QAbstractButton):
            found.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append((name, widget.title()))
        elif isinstance(widget, QComboBox):
            found += [(name, widget.itemText(i)) for i in range(widget.count())]
        if widget.toolTip():
            found.append((f"{name} tooltip", widget.toolTip()))
        if widget.accessibleName():  # what a screen reader says
            found.append((f"{name} accessible name", widget.accessibleName()))
    return found


def _data_allowed(services) -> list[str]:
    """Untrusted data shown on purpose, which no catalogue translates: the practices' and
    Learn cards' own words (content, translated by its pack, not by Qt), the organization's
    name and contacts, the paths and versions About reports, and the locale's day names."""
    allowed: list[str] = []
    for exercise in services.catalog.exercises:
        allowed += [exercise.title, exercise.summary, exercise.credit.text, exercise.caution]
        allowed += [variant.label for variant in exercise.variants]
        allowed += [text for step in exercise.steps for text in (step.say, step.show) if text]
    for pack in services.catalog.packs:
        allowed += [credit.text for credit in pack.credits.values()]
    for card in services.learn_cards:
        allowed += [card.title, *card.body.split("\n")]
    course = services.course.course if services.course is not None else None
    if course is not None:
        allowed += [course.title, course.summary, course.credit]
        for day in course.days:
            allowed += [day.title, *day.reading.split("\n"), day.prompt]
    allowed += [str(services.paths.data), str(services.paths.settings_file)]
    allowed += [str(services.log_file), platform.system(), platform.release(), sys.platform]
    locale = QLocale()
    for day in range(1, 8):
        allowed += [locale.dayName(day), locale.dayName(day, QLocale.FormatType.ShortFormat)]
    allowed += ["stsdesk"]  # the program's name, in the window title and the About dialog
    return sorted({visible(text) for text in allowed if text}, key=len, reverse=True)


def test_pseudo_locale_every_visible_word_went_through_translation(
    make_app_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    shipped = i18n.TRANSLATIONS
    folder = tmp_path / "pseudo"
    folder.mkdir()
    translations.pseudo(folder, "en")  # found as "the English catalogue": no setting needed
    monkeypatch.setattr(i18n, "TRANSLATIONS", folder)
    try:
        app_window = make_app_window()
        window = app_window.window
        services = app_window.services
        allowed = _data_allowed(services)
        seen: dict[str, list[str]] = {}

        def look(where: str, root: QWidget) -> None:
            for name, text in _texts(root):
                left = _untranslated(text, allowed)
                if left:
                    seen.setdefault(f"{where}: {name}", []).append(text)

        # Every page, the player's too (those not built yet are built when shown).
        for key in [*window._pages, *getattr(window, "_makers", {})]:
            window.show_page(key)
            look(key, window)
        # The player: the check-in, the practice running and paused, the after check-in, done.
        shell = app_window.shell
        exercise = services.catalog.exercises[0]
        shell.play(exercise.id, exercise.lengths[0])
        player = shell.player
        assert player.stack.currentWidget() is player.before
        look("player before", window)
        player.before.confirm.click()
        assert player.stack.currentWidget() is player.view
        look("player running", window)
        player.toggle_pause()
        look("player paused", window)
        player.stop()
        assert player.stack.currentWidget() is player.after
        look("player after", window)
        player.after.confirm.click()
        assert player.stack.currentWidget() is player.done
        look("player done", window)
        # Dialogs: About, the Journal's manual entry and note.
        dialogs = []
        window.show_about()
        for dialog in window.findChildren(QDialog):
            if dialog.isVisible():
                dialogs.append(type(dialog).__name__)
                look(type(dialog).__name__, dialog)
                dialog.close()
        journal = shell.journal
        window.show_page("journal")
        journal.open_manual_entry()
        journal.history.setCurrentRow(0)
        journal.open_note_editor()
        for dialog in journal.findChildren(QDialog):
            if dialog.isVisible():
                dialogs.append(type(dialog).__name__)
                look(type(dialog).__name__, dialog)
                dialog.close()
        assert sorted(dialogs) == ["AboutDialog", "ManualEntryDialog", "NoteDialog"]
        assert seen == {}, "\n".join(f"{where}: {texts}" for where, texts in seen.items())
    finally:
        i18n.install_translations("en", shipped)


def _literals(path: Path) -> list[str]:
    """The string literals of a module that are not docstrings (words a user may read)."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {  # a string standing alone: a docstring, of a module, class, function or name
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_one_spelling_american_on_screen_and_on_the_command_line(tmp_path: Path) -> None:
    """Like the voice and the content (tests/core/test_library.py): "practiced", not "practised"."""
    from tests.core.test_library import BRITISH

    words = [source for _context, source, _n in _extracted(tmp_path)]
    for path in (*REPO.glob("stsdesk/cli*.py"), *REPO.glob("stsdesk/core/*.py")):
        words += _literals(path)
    assert sorted({m.group(0) for text in words for m in BRITISH.finditer(text)}) == []
