"""Translation helpers: arguments placed safely into translated sentences.

Qt's ``QString.arg`` is not available in PySide6, and chained ``str.replace("%1", …)`` lets one
argument corrupt the next (a practice titled "%2" would swallow the second argument). ``fmt``
fills ``%1`` … ``%9`` in a single pass, so what an argument contains is never read again.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QTranslator

_PLACE = re.compile(r"%([1-9])")


def fmt(template: str, *args: object) -> str:
    """``template`` with ``%1``, ``%2``… replaced by ``args``, in one pass."""

    def place(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(args[index]) if index < len(args) else match.group(0)

    return _PLACE.sub(place, template)


_WEEKDAY = re.compile(r"\s*dddd\s*[,.\u060c]?\s*|\s*[,.\u060c]?\s*dddd\s*")


def day_text(day: date, locale: QLocale | None = None) -> str:
    """A calendar day the locale's long way, without the weekday ("2 December 2026",
    "December 2, 2026"): never digits alone, which read differently from country to country."""
    locale = locale or QLocale()
    pattern = _WEEKDAY.sub("", locale.dateFormat(QLocale.FormatType.LongFormat)).strip(" ,.\u060c")
    return locale.toString(QDate(day.year, day.month, day.day), pattern)


TRANSLATIONS = Path(__file__).with_name("translations")
"""The compiled catalogues (``stsdesk_<locale>.qm``), shipped as package data."""

_installed: list[QTranslator] = []


def install_translations(language: str = "system", directory: Path | None = None) -> str:
    """Install stsdesk's translators for ``language`` ("system" or a locale name like "es").

    English is always installed first: it holds the proper English plural forms of the
    ``%n`` messages, and it is what shows for any message a translation lacks. The catalogue
    for ``language`` (for "system", the system's languages, best match first) is installed
    over it. Installing again replaces what an earlier call installed. ``directory`` is where
    the ``.qm`` files are (``TRANSLATIONS`` unless given). Returns the locale name of the
    catalogue in use ("en" when English is all there is).
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translations needs a QCoreApplication")
    folder = str(directory or TRANSLATIONS)
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    english = QTranslator(app)
    if english.load("stsdesk_en", folder):
        QCoreApplication.installTranslator(english)
        _installed.append(english)
    locale = QLocale.system() if language in ("", "system") else QLocale(language)
    chosen = QTranslator(app)
    if not chosen.load(locale, "stsdesk", "_", folder):
        return "en"
    name = Path(chosen.filePath()).stem.removeprefix("stsdesk_")
    if name != "en":
        QCoreApplication.installTranslator(chosen)
        _installed.append(chosen)
        # Qt's own words (the standard buttons' "Cancel", "Close"), where the bundle has them.
        qt = QTranslator(app)
        if qt.load(
            QLocale(name),
            "qtbase",
            "_",
            QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        ):
            QCoreApplication.installTranslator(qt)
            _installed.append(qt)
    return name
