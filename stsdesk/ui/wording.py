"""The GUI's words for what the core says (``stsdesk.core.messages.Message``): one table.

Every sentence is a literal in a ``Stats.tr(...)`` call (context "Stats"), so
``pyside6-lupdate`` extracts it; counts use Qt's plural forms (``%n``). The command line has
its own table in ``stsdesk.cli_wording``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication, QObject

from stsdesk.core.messages import Message
from stsdesk.core.stats import Length, Say
from stsdesk.ui.i18n import fmt

Args = Mapping[str, int | float | str]


class Stats(QObject):
    """The translation context of these sentences: ``Stats.tr(text, "", n)`` is a call
    ``pyside6-lupdate`` reads with its plural forms (``QCoreApplication.translate`` with a
    count is not)."""

    @classmethod
    def tr(  # a class's words: no instance needed
        cls, text: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return QCoreApplication.translate("Stats", text, disambiguation, n)


def _n(args: Args, key: str) -> int:
    return int(args[key])


WORDING: Mapping[str, Callable[[Args], str]] = {
    Say.KIND_EMPTY: lambda a: Stats.tr("Your journal is empty so far. A few minutes is plenty."),
    Say.KIND_WELCOME_BACK: lambda a: Stats.tr(
        "Welcome back. Whenever you're ready, a few minutes is enough."
    ),
    Say.KIND_LAST_7: lambda a: Stats.tr("You practiced %n of the last 7 days.", "", _n(a, "days")),
    Say.KIND_IN_A_ROW: lambda a: Stats.tr(
        "That is %n practice day(s) in a row.", "", _n(a, "days")
    ),
    Say.KIND_LAST_30: lambda a: Stats.tr(
        "%n of the last 30 days had a practice.", "", _n(a, "days")
    ),
    Say.STREAK: lambda a: fmt(
        Stats.tr("Days in a row: %n now, %1 at most.", "", _n(a, "current")), _n(a, "longest")
    ),
    Say.TODAY_NONE: lambda a: Stats.tr("No practice yet today. Even one minute counts."),
    Say.TODAY_DONE: lambda a: fmt(
        Stats.tr("Today: %n practice(s), about %1 min.", "", _n(a, "practices")),
        _n(a, "minutes"),
    ),
    Say.TODAY_SHORT: lambda a: Stats.tr(
        "Today: %n practice(s), under a minute.", "", _n(a, "practices")
    ),
    Length.SECONDS: lambda a: Stats.tr("%n s", "", _n(a, "seconds")),
    Length.MINUTES: lambda a: Stats.tr("%n min", "", _n(a, "minutes")),
}


def word(message: Message) -> str:
    """``message`` in the GUI's words, translated. Raises ``KeyError`` for an id not worded
    here (a test words every id the core has)."""
    return WORDING[message.id](message.args)
