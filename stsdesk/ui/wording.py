"""The GUI's words for what the core says (``stsdesk.core.messages.Message``): one table.

Every sentence is a literal in a ``QCoreApplication.translate("Stats", ...)`` call, so
``pyside6-lupdate`` extracts it; counts use Qt's plural forms (``%n``). The command line has
its own table in ``stsdesk.cli_wording``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication

from stsdesk.core.messages import Message
from stsdesk.core.stats import Say

Args = Mapping[str, int | float | str]


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Stats", text, None, n)


def _n(args: Args, key: str) -> int:
    return int(args[key])


def _today(practices: int) -> str:
    if practices == 1:
        return _tr("Today: 1 practice, about %1 min.")
    return _tr("Today: %n practices, about %1 min.", practices)


WORDING: Mapping[str, Callable[[Args], str]] = {
    Say.KIND_EMPTY: lambda a: _tr("Your journal is empty so far. A few minutes is plenty."),
    Say.KIND_WELCOME_BACK: lambda a: _tr(
        "Welcome back. Whenever you're ready, a few minutes is enough."
    ),
    Say.KIND_LAST_7: lambda a: _tr("You practised %n of the last 7 days.", _n(a, "days")),
    Say.KIND_IN_A_ROW: lambda a: _tr("That is %n practice days in a row.", _n(a, "days")),
    Say.KIND_LAST_30: lambda a: _tr("%n of the last 30 days had a practice.", _n(a, "days")),
    Say.STREAK: lambda a: _tr("Days in a row: %n now, %1 at most.", _n(a, "current")).replace(
        "%1", str(_n(a, "longest"))
    ),
    Say.TODAY_NONE: lambda a: _tr("No practice yet today. Even one minute counts."),
    Say.TODAY_DONE: lambda a: _today(_n(a, "practices")).replace("%1", str(_n(a, "minutes"))),
}


def word(message: Message) -> str:
    """``message`` in the GUI's words, translated. Raises ``KeyError`` for an id not worded
    here (a test words every id the core has)."""
    return WORDING[message.id](message.args)
