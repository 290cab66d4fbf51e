"""Export the practice log as CSV or JSON with documented, stable columns.

The columns and their order are an interface: scripts and spreadsheets rely on them, so a new
field is added at the end, never renamed or moved. CSV is UTF-8 (no byte-order mark) with the
csv module's quoting, so commas, quotes and newlines in notes survive; ``tags`` is a JSON array
in CSV and a real array in JSON; an unset rating or zone is empty in CSV and ``null`` in JSON.
A file written here is owner-only (0600), like everything else stsdesk writes.

A CSV cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
``'`` (OWASP's CSV-injection advice), so a spreadsheet shows a note such as ``=HYPERLINK(...)``
as text instead of running it; the JSON export keeps every text exactly.

``full-json`` is one JSON object: ``{"format": "stsdesk-full", "version": 1, "practices": [...],
"self_check": {...}}``, where ``practices`` holds the same rows as the JSON export and
``self_check`` the ProQOL entries, weekly check-ins, reflections (course answers, supervision
notes) and course progress (``stsdesk.store.selfcheck_store.SelfCheckLog.export_section``).

An existing target that is not a regular file is never replaced: a character device or a pipe
(``/dev/null``, ``/dev/stdout``, a FIFO) is written to as a stream; anything else is refused.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from stsdesk.core.errors import StoreError
from stsdesk.core.records import PracticeRecord
from stsdesk.store.columns import EXPORT_COLUMNS
from stsdesk.store.errors import reason, reason_of
from stsdesk.store.files import create_private_file, fsync_directory

COLUMNS = EXPORT_COLUMNS

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    FULL_JSON = "full-json"  # practices and the self-check section, in one object


def rows(records: Iterable[PracticeRecord]) -> Iterator[dict[str, object]]:
    """One JSON-ready dict per record, keys in ``COLUMNS`` order."""
    for record in records:
        yield {
            "started_at": record.started_at.isoformat(),
            "local_day": record.local_day.isoformat(),
            "exercise_id": record.exercise_id,
            "exercise_title": record.exercise_title,
            "minutes_chosen": record.minutes_chosen,
            "practiced_seconds": record.practiced_seconds,
            "completed": record.completed,
            "source": str(record.source),
            "distress_before": record.distress_before,
            "distress_after": record.distress_after,
            "zone_before": str(record.zone_before) if record.zone_before else None,
            "zone_after": str(record.zone_after) if record.zone_after else None,
            "note": record.note,
            "tags": list(record.tags),
        }


def write_csv(records: Iterable[PracticeRecord], stream: TextIO) -> int:
    """Write a header and one line per record; return how many records were written.

    ``stream`` should be opened with ``newline=""`` so the csv module controls line endings.
    """
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows(records):
        writer.writerow(_csv_cell(row[column]) for column in COLUMNS)
        count += 1
    return count


def write_json(records: Iterable[PracticeRecord], stream: TextIO) -> int:
    """Write a JSON array of objects; return how many records were written."""
    items = list(rows(records))
    json.dump(items, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
    return len(items)


def write_full_json(
    records: Iterable[PracticeRecord], self_check: Mapping[str, object], stream: TextIO
) -> int:
    """Write the practices and the ``self_check`` section as one object; return the practices."""
    items = list(rows(records))
    document = {"format": "stsdesk-full", "version": 1, "practices": items}
    json.dump(document | {"self_check": dict(self_check)}, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
    return len(items)


def write(
    records: Iterable[PracticeRecord],
    fmt: ExportFormat,
    stream: TextIO,
    self_check: Mapping[str, object] | None = None,
) -> int:
    """Write ``records`` to ``stream`` in ``fmt``; return how many were written."""
    if fmt is ExportFormat.FULL_JSON:
        return write_full_json(records, self_check or {}, stream)
    writer = write_csv if fmt is ExportFormat.CSV else write_json
    return writer(records, stream)


def export_file(
    records: Iterable[PracticeRecord],
    fmt: ExportFormat,
    path: Path,
    self_check: Mapping[str, object] | None = None,
) -> int:
    """Export to ``path`` atomically and owner-only; return how many records were written.

    Written to a temporary file beside ``path`` and renamed, so a full disk never leaves a
    truncated export under the chosen name. An existing device or pipe at ``path`` is written
    to in place (never replaced); a folder or other special file is refused. Raises
    ``StoreError`` with a sentence to show.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG
    except OSError as exc:
        raise StoreError(
            f"The export could not be written to {path}: {reason(exc)}.", reason=reason_of(exc)
        ) from exc
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return _export_stream(records, fmt, path, self_check)
    if stat.S_ISDIR(mode):
        raise StoreError(f"{path} is a folder; give the name of a file to export to.")
    if not stat.S_ISREG(mode):
        raise StoreError(f"{path} is not a regular file; give the name of a file to export to.")
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        create_private_file(temporary)
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            count = write(records, fmt, stream, self_check)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        fsync_directory(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise StoreError(
            f"The export could not be written to {path}: {reason(exc)}.", reason=reason_of(exc)
        ) from exc
    return count


def _export_stream(
    records: Iterable[PracticeRecord],
    fmt: ExportFormat,
    path: Path,
    self_check: Mapping[str, object] | None = None,
) -> int:
    """Write to an existing device or pipe, opened without creating or truncating anything."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        if not (stat.S_ISCHR(os.fstat(fd).st_mode) or stat.S_ISFIFO(os.fstat(fd).st_mode)):
            os.close(fd)  # replaced by something else since the check: leave it alone
            raise StoreError(f"{path} changed while exporting; nothing was written.")
        with open(fd, "w", encoding="utf-8", newline="") as stream:
            return write(records, fmt, stream, self_check)
    except OSError as exc:
        raise StoreError(
            f"The export could not be written to {path}: {reason(exc)}.", reason=reason_of(exc)
        ) from exc


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
