"""What the core has to say, as a message id with arguments; each front end words it.

The core decides *which* sentence fits (a kind summary, a streak, today's practice); the GUI
(``stsdesk.ui.wording``) and the command line (``stsdesk.cli_wording``) each hold one table
that turns an id and its arguments into words, so the two never disagree about the rule and
each can be translated on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Message:
    """``id`` names the sentence (e.g. ``"kind.last_7"``); ``args`` fill it (``{"days": 3}``)."""

    id: str
    args: Mapping[str, int | float | str] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, message_id: str, **args: int | float | str) -> Message:
        """``Message.of("kind.last_7", days=3)``: the arguments kept read-only."""
        return cls(message_id, MappingProxyType(dict(args)))
