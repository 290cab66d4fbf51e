"""Psychoeducation cards ("what secondary traumatic stress is", ...) from ``assets/learn``.

Cards are TOML like the packs and go through the same hostile-input reading, so a broken
card is one problem and the others still show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stsdesk.core.errors import ContentError
from stsdesk.core.fields import FieldReader
from stsdesk.core.pack_files import read_toml, toml_files

MAX_ORDER = 9999
BODY_MAX = 10_000
_CARD_KEYS = ("id", "title", "order", "body", "see_also")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class LearnCard:
    """One card; ``body`` is kept as written, ``paragraphs`` is what a page lays out."""

    id: str
    title: str
    order: int
    body: str
    see_also: tuple[str, ...]
    source: Path

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Paragraphs split at blank lines, each re-flowed onto one line."""
        blocks = _BLANK_LINE.split(self.body.replace("\r\n", "\n").strip())
        return tuple(" ".join(block.split()) for block in blocks if block.strip())


def _see_also(reader: FieldReader) -> tuple[str, ...]:
    values = reader.raw("see_also")
    if values is None:
        return ()
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        reader.fail("see_also", "must be a list of non-empty texts")
    return tuple(values)


def _parse_card(data: dict[str, Any], path: Path) -> LearnCard:
    reader = FieldReader(data, str(path), "", _CARD_KEYS)
    card_id = reader.identifier("id")
    if card_id != path.stem:
        reader.fail("id", f"{card_id!r} must match the file name")
    title = reader.need_text("title", one_line=True)
    order = reader.integer("order", 0, MAX_ORDER, required=True) or 0
    return LearnCard(
        card_id, title, order, reader.need_text("body", max_len=BODY_MAX), _see_also(reader), path
    )


def load_learn(folder: Path) -> tuple[tuple[LearnCard, ...], list[ContentError]]:
    """All cards in ``folder`` sorted by ``order`` (then id), and the problems met."""
    folder = Path(folder)
    problems: list[ContentError] = []
    cards: list[LearnCard] = []
    try:
        files = toml_files(folder, folder)
    except ContentError as err:
        return (), [err]
    for path in files:
        try:
            cards.append(_parse_card(read_toml(path, folder), path))
        except ContentError as err:
            problems.append(err)
    cards.sort(key=lambda card: (card.order, card.id))
    return tuple(cards), problems
