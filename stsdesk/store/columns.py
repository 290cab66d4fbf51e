"""The columns of one practice, named once: the log's tables, its reads and writes, and exports.

``PRACTICE_FIELDS`` are the columns of a practice without its id, in the order the store
writes them: the ``practices`` table (with ``id`` first), the ``in_progress`` checkpoints and
the pending-practices file share them. Every other list of columns is derived from it, and
the export's chosen columns are checked against it when this module loads.
"""

from __future__ import annotations

PRACTICE_FIELDS: tuple[str, ...] = (
    "exercise_id",
    "exercise_title",
    "family",
    "minutes_chosen",
    "started_at",
    "started_utc",
    "time_zone",
    "local_day",
    "practiced_seconds",
    "completed",
    "source",
    "distress_before",
    "distress_after",
    "zone_before",
    "zone_after",
    "note",
    "tags",
)

PRACTICE_COLUMNS: tuple[str, ...] = ("id", *PRACTICE_FIELDS)
"""The ``practices`` table's columns (schema versions 1 to 3 have exactly these)."""

RECORD_COLUMNS: tuple[str, ...] = tuple(c for c in PRACTICE_COLUMNS if c != "started_utc")
"""What a ``PracticeRecord`` is read back from, in its fields' order (``started_utc`` is only
for ordering: ``started_at`` holds the same instant)."""

EXPORT_COLUMNS: tuple[str, ...] = (
    "started_at",
    "local_day",
    "exercise_id",
    "exercise_title",
    "minutes_chosen",
    "practiced_seconds",
    "completed",
    "source",
    "distress_before",
    "distress_after",
    "zone_before",
    "zone_after",
    "note",
    "tags",
)
"""The columns of a CSV or JSON export, in their order: a stable interface for scripts."""

_UNKNOWN = set(EXPORT_COLUMNS) - set(PRACTICE_FIELDS)
if _UNKNOWN:  # pragma: no cover - a mistake caught the first time the module is imported
    raise ImportError(f"export columns that are not practice columns: {sorted(_UNKNOWN)}")


def column_list(columns: tuple[str, ...]) -> str:
    """``columns`` as SQL lists them: ``a, b, c``."""
    return ", ".join(columns)
