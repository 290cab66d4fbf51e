"""The command line's words for what the core says (``stsdesk.core.messages.Message``).

One table, the only place ``stsdesk stats`` (and any later command) words a message id; the
GUI has its own in ``stsdesk.ui.wording``. Arguments are numbers chosen by the core, so they
are formatted here and never parsed back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from stsdesk.cli_text import count
from stsdesk.core.messages import Message
from stsdesk.core.stats import Length, Say

Args = Mapping[str, int | float | str]


def _n(args: Args, key: str) -> float:
    return float(args[key])


WORDING: Mapping[str, Callable[[Args], str]] = {
    Say.KIND_EMPTY: lambda a: (
        "Your practice log is empty so far. Whenever you are ready, a few minutes is plenty."
    ),
    Say.KIND_WELCOME_BACK: lambda a: (
        f"You have {count(_n(a, 'practices'), 'practice')} in your log. "
        "Whenever you are ready, a few minutes is a good way back."
    ),
    Say.KIND_LAST_7: lambda a: f"You practiced {a['days']} of the last 7 days.",
    Say.KIND_IN_A_ROW: lambda a: f"That is {a['days']} practice days in a row.",
    Say.KIND_LAST_30: lambda a: f"{a['days']} of the last 30 days had a practice.",
    Say.STREAK: lambda a: (
        f"Current streak: {count(_n(a, 'current'), 'practice day')} (longest: {a['longest']})."
    ),
    Say.TODAY_NONE: lambda a: "No practice yet today. Even one minute counts.",
    Say.TODAY_DONE: lambda a: (
        f"Today: {count(_n(a, 'practices'), 'practice')}, "
        f"about {count(_n(a, 'minutes'), 'minute')}."
    ),
    Say.TODAY_SHORT: lambda a: f"Today: {count(_n(a, 'practices'), 'practice')}, under a minute.",
    Length.SECONDS: lambda a: count(_n(a, "seconds"), "second"),
    Length.MINUTES: lambda a: count(_n(a, "minutes"), "minute"),
}


def word(message: Message) -> str:
    """``message`` in the command line's words. Raises ``KeyError`` for an id not worded here
    (a test words every id the core has)."""
    return WORDING[message.id](message.args)


def paragraph(messages: Iterable[Message]) -> str:
    """Several messages as one paragraph."""
    return " ".join(word(message) for message in messages)
