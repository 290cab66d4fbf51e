"""``log add``, ``stats`` and ``export`` through a real parser and a real log (R13, R19)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import socket
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from stsdesk import cli_args, cli_journal
from stsdesk.application.startup import StartupContext
from stsdesk.core.errors import StoreError
from stsdesk.core.policy import Policy
from stsdesk.core.settings import Settings
from stsdesk.infra.paths import AppPaths
from stsdesk.store import export
from stsdesk.store.database import PracticeStore

CATALOG = {
    "box-breathing": ("Box breathing", "breathing"),
    "grounding": ("Grounding, 5-4-3-2-1", "grounding"),
}
NOW = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)  # 10:00 in Los Angeles (PDT)

Run = Callable[..., tuple[int, str, str]]


class _Offered:
    """The two practices these tests know, standing in for the context's catalogue."""

    problems = ()

    def get(self, exercise_id: str) -> SimpleNamespace | None:
        known = CATALOG.get(exercise_id)
        return SimpleNamespace(title=known[0], family=known[1]) if known else None


@pytest.fixture
def los_angeles() -> Iterator[None]:
    """The process time zone, as a user's ``TZ`` sets it (restored afterwards)."""
    previous = os.environ.get("TZ")
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()
    yield
    if previous is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = previous
    time.tzset()


@pytest.fixture
def run(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], los_angeles: None
) -> Callable[..., tuple[int, str, str]]:
    """Parse ``argv`` with the handlers registered as the cli does, and call one with a start-up
    context on ``paths`` (its settings ``settings``, its catalogue the two practices above)."""

    def invoke(*argv: str, settings: Settings | None = None) -> tuple[int, str, str]:
        parser = argparse.ArgumentParser(prog="stsdesk")
        commands = parser.add_subparsers(dest="command")
        cli_journal.register(commands, clock=lambda: NOW)
        args = parser.parse_args(argv)
        context = StartupContext(
            paths,
            paths.logs / "stsdesk.log",
            settings or Settings(),
            Policy(),
            offer=lambda policy: (policy, _Offered()),
        )
        capsys.readouterr()
        code = args.handler(args, context)
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


@pytest.fixture
def saved(paths: AppPaths) -> Callable[[], list]:
    def read() -> list:
        with PracticeStore.open(paths.database) as store:
            return store.records()

    return read


def test_log_add_now_in_the_current_time_zone(run, saved, paths) -> None:
    code, out, err = run("log", "add", "--exercise", "box-breathing", "--minutes", "5")
    assert (code, err) == (0, "")
    assert out == "Saved: Box breathing, 5 minutes, on Tuesday 10 March 2026.\n"
    (record,) = saved()
    assert record.started_at.isoformat() == "2026-03-10T10:00:00-07:00"
    assert record.time_zone == "America/Los_Angeles"
    assert record.family == "breathing"
    assert record.source == "manual"
    assert record.practiced_seconds == 300
    assert len(list(paths.backups.iterdir())) == 1  # the CLI takes the daily backup too


@pytest.mark.parametrize(
    ("at", "started_at", "zone"),
    [
        # Without an offset: read in TZ. 02:30 does not exist that night: it is 03:30 PDT.
        ("2025-03-09T02:30", "2025-03-09T03:30:00-07:00", "America/Los_Angeles"),
        ("2025-03-08T22:00", "2025-03-08T22:00:00-08:00", "America/Los_Angeles"),
        # 01:30 happens twice on 2 November: the first (daylight) one is meant.
        ("2025-11-02T01:30", "2025-11-02T01:30:00-07:00", "America/Los_Angeles"),
        # With an offset: that local time, wherever it was; its day is the date written.
        ("2025-06-10T23:30-04:00", "2025-06-10T23:30:00-04:00", ""),
        ("2025-06-11T08:00:00+09:00", "2025-06-11T08:00:00+09:00", ""),
        ("2026-01-15T07:59Z", "2026-01-15T07:59:00+00:00", ""),
    ],
)
def test_log_add_at(run, saved, at, started_at, zone) -> None:
    code, _out, err = run("log", "add", "--exercise", "grounding", "--minutes", "3", "--at", at)
    assert (code, err) == (0, "")
    (record,) = saved()
    assert record.started_at.isoformat() == started_at
    assert record.local_day.isoformat() == started_at[:10]
    assert record.time_zone == zone


def test_log_add_with_ratings_note_tags_and_title(run, saved) -> None:
    code, _, _ = run(
        "log", "add", "--exercise", "walk", "--title", "A walk outside", "--minutes", "20",
        "--before", "8", "--after", "5", "--note", "after court, café ☕", "--tag", "court",
        "--tag", "heavy exposure day",
    )  # fmt: skip
    assert code == 0
    (record,) = saved()
    assert (record.exercise_title, record.family) == ("A walk outside", "")
    assert (record.distress_before, record.distress_after) == (8, 5)
    assert record.note == "after court, café ☕"
    assert record.tags == ("court", "heavy exposure day")


BOX = ("--exercise", "box-breathing")
BOX3 = (*BOX, "--minutes", "3")


@pytest.mark.parametrize(
    ("argv", "problem", "status"),
    [
        ((*BOX, "--minutes", "five"), "--minutes must be", 2),
        ((*BOX, "--minutes", "0"), "--minutes must be", 2),
        ((*BOX, "--minutes", "241"), "at most 240", 2),
        ((*BOX, "--minutes", "nan"), "--minutes must be", 2),
        ((*BOX3, "--before", "11"), "--before must", 2),
        ((*BOX3, "--after", "-1"), "--after must", 2),
        ((*BOX3, "--after", "²"), "--after must", 2),
        ((*BOX3, "--before", "٣"), "--before must", 2),
        ((*BOX3, "--at", "yesterday"), "--at", 2),
        ((*BOX3, "--at", "2027-01-01T00:00"), "future", 2),
        ((*BOX3, "--at", "1969-12-31T23:00"), "1970", 2),
        ((*BOX3, "--at", "0001-01-01T00:00+14:00"), "1970", 2),
        ((*BOX3, "--note", "caf\udce9"), "--note", 2),
        (("--exercise", "box-\udcff", "--minutes", "3"), "--exercise", 2),
        (("--exercise", "nope", "--minutes", "3"), "no practice called 'nope'", 1),
    ],
)
def test_log_add_problems_are_one_sentence(run, saved, paths, argv, problem, status) -> None:
    code, out, err = run("log", "add", *argv)
    assert code == status
    assert out == ""
    assert err.startswith("stsdesk: ")
    assert problem in err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert not paths.database.exists() or saved() == []


def test_stats_json_and_text(run) -> None:
    for at in ("2026-03-08T09:00", "2026-03-09T21:00", "2026-03-10T07:30"):
        run("log", "add", "--exercise", "box-breathing", "--minutes", "10", "--at", at,
            "--before", "6", "--after", "3")  # fmt: skip
    run("log", "add", "--exercise", "grounding", "--minutes", "5", "--at", "2026-03-02T12:00")

    code, out, err = run("stats", "--json")

    assert (code, err) == (0, "")
    numbers = json.loads(out)
    assert numbers["today"] == "2026-03-10"
    assert numbers["current_streak"] == 3
    assert numbers["longest_streak"] == 3
    assert numbers["days_last_7"] == 3
    assert numbers["days_last_30"] == 4
    assert numbers["total_sessions"] == 4
    assert numbers["total_minutes"] == 35
    assert numbers["by_family"] == {"breathing": 3, "grounding": 1}
    assert numbers["what_helps"] == [
        {"exercise_id": "box-breathing", "title": "Box breathing", "count": 3, "mean_change": -3}
    ]

    code, out, _ = run("stats")
    assert code == 0
    assert out.startswith("You practiced 3 of the last 7 days. That is 3 practice days in a row.")
    assert "Box breathing: -3.0 over 3 rated practices" in out
    assert "In all: 4 practices, 35 minutes." in out


def test_counts_of_one_are_singular(run) -> None:
    code, out, _ = run("log", "add", "--exercise", "box-breathing", "--minutes", "1",
                       "--before", "5", "--after", "4")  # fmt: skip
    assert (code, out) == (0, "Saved: Box breathing, 1 minute, on Tuesday 10 March 2026.\n")
    code, out, _ = run("stats")
    assert "In all: 1 practice, 1 minute." in out
    assert "Current streak: 1 practice day (longest: 1)." in out
    assert "over 1 rated practice\n" in out


def test_stats_respect_hidden_streaks_and_the_day_boundary(run) -> None:
    run("log", "add", "--exercise", "box-breathing", "--minutes", "3", "--at", "2026-03-09T01:30")
    hidden = Settings({"journal.hide_streaks": True, "journal.day_boundary_hour": 4})
    code, out, _ = run("stats", "--json", settings=hidden)
    assert code == 0
    numbers = json.loads(out)
    assert numbers["current_streak"] is None
    assert numbers["longest_streak"] is None
    assert list(numbers["calendar"]) == ["2026-03-08"]  # 01:30 counts for the day before
    code, out, _ = run("stats", settings=hidden)
    assert "streak" not in out.lower()


AWKWARD_NOTES = [
    'She said "enough", and I stopped',
    "line one\nline two, with a comma",
    "Café ☕ — 東京; naïve 🙂",
    "",
]


def _add_awkward(run: Run) -> None:
    for index, note in enumerate(AWKWARD_NOTES):
        argv = ["log", "add", "--exercise", "box-breathing", "--minutes", "3", "--note", note]
        argv += ["--at", f"2026-03-0{index + 1}T08:00", "--tag", "a, b", "--tag", 'say "hi"']
        if index % 2 == 0:
            argv += ["--before", "7", "--after", "4"]
        assert run(*argv)[0] == 0


def test_export_csv_to_stdout_has_the_documented_columns_and_quoting(run, saved) -> None:
    _add_awkward(run)
    code, out, err = run("export", "--format", "csv")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert tuple(rows[0]) == export.COLUMNS == (
        "started_at", "local_day", "exercise_id", "exercise_title", "minutes_chosen",
        "practiced_seconds", "completed", "source", "distress_before", "distress_after",
        "zone_before", "zone_after", "note", "tags",
    )  # fmt: skip
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [row["note"] for row in body] == AWKWARD_NOTES
    assert body[0]["started_at"] == "2026-03-01T08:00:00-08:00"
    assert body[0]["local_day"] == "2026-03-01"
    assert (body[0]["distress_before"], body[1]["distress_before"]) == ("7", "")
    assert body[0]["completed"] == "true"
    assert body[0]["source"] == "manual"
    assert json.loads(body[0]["tags"]) == ["a, b", 'say "hi"']
    assert out.count("\r\n") == len(rows)  # RFC 4180 line ends; the note keeps its own "\\n"


def test_export_json_to_a_private_file_round_trips(run, saved, tmp_path) -> None:
    """R19: what goes out is what the log holds: times with offsets, ratings, Unicode."""
    _add_awkward(run)
    target = tmp_path / "mine.json"
    code, out, _ = run("export", "--format", "json", "--out", str(target))
    assert code == 0
    assert "Exported 4 practices" in out
    assert "not encrypted" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    items = json.loads(target.read_text(encoding="utf-8"))
    assert [list(item) for item in items] == [list(export.COLUMNS)] * 4
    for item, record in zip(items, saved(), strict=True):
        assert datetime.fromisoformat(item["started_at"]) == record.started_at
        assert item["started_at"] == record.started_at.isoformat()
        assert item["note"] == record.note
        assert item["distress_before"] == record.distress_before
        assert item["tags"] == list(record.tags)
        assert item["completed"] is True


def test_export_to_a_folder_that_does_not_exist_is_one_sentence(run, tmp_path) -> None:
    code, _out, err = run("export", "--format", "csv", "--out", str(tmp_path / "no" / "x.csv"))
    assert code == 1
    assert err.startswith("stsdesk: The export could not be written")
    assert err.count("\n") == 1


def test_a_damaged_log_without_backups_asks_for_the_app(run, paths) -> None:
    paths.database.write_text("not a database")
    code, _out, err = run("stats")
    assert code == 1
    assert "start the app to choose" in err
    assert err.count("\n") == 1
    assert paths.database.read_text() == "not a database"


def _damage_an_index(path) -> None:
    """Overwrite one page of an index: the tables and the schema still read fine."""
    conn = sqlite3.connect(path)
    try:
        pages = conn.execute(
            "SELECT pageno FROM dbstat WHERE name IN "
            "(SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'practices') "
            "ORDER BY pageno"
        ).fetchall()
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    assert pages, "the practices table has an index"
    with open(path, "r+b") as handle:
        handle.seek((pages[0][0] - 1) * page_size)
        handle.write(b"\xff" * page_size)


def test_stats_checks_the_whole_log_and_says_what_recovery_did(run, paths) -> None:
    """A damaged index passed the quick look ``stats`` used to take; the app found it."""
    for day in range(1, 10):
        run("log", "add", "--exercise", "box-breathing", "--minutes", "3",
            "--at", f"2026-03-0{day}T08:00", "--note", "x" * 500)  # fmt: skip
    _damage_an_index(paths.database)
    code, out, err = run("stats", "--json")
    assert code == 0
    assert json.loads(out)["total_sessions"] >= 1
    assert err.startswith("stsdesk: ")
    assert err.count("\n") == 1
    assert "damaged" in err
    (kept,) = paths.quarantine.iterdir()
    assert str(kept) in err
    code, _out, err = run("stats", "--json")
    assert (code, err) == (0, "")  # recovered once, then quiet


def test_export_refuses_an_empty_out_before_touching_anything(run, paths, tmp_path) -> None:
    code, out, err = run("export", "--format", "csv", "--out", "")
    assert (code, out) == (2, "")
    assert err == "stsdesk: --out needs a file name, e.g. --out practices.csv.\n"


def test_csv_cells_are_neutralised_json_kept_exact(make_record) -> None:
    texts = ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "plain", " =spaced", "'quoted"]
    records = [make_record(title=t, note=t, exercise_id=t, tags=(t,)) for t in texts]
    buffer = io.StringIO(newline="")
    export.write_csv(records, buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))
    expected = ["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "plain", " =spaced", "'quoted"]
    for column in ("note", "exercise_title", "exercise_id"):
        assert [row[column] for row in rows] == expected
    assert [json.loads(row["tags"]) for row in rows] == [[t] for t in texts]
    assert rows[0]["started_at"][0].isdigit()
    buffer = io.StringIO()
    export.write_json(records, buffer)
    items = json.loads(buffer.getvalue())
    assert [item["note"] for item in items] == texts
    assert [item["exercise_title"] for item in items] == texts


def test_export_file_never_replaces_a_fifo_and_refuses_a_socket(make_record, tmp_path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so opening to write works
    try:
        assert export.export_file([make_record()], export.ExportFormat.JSON, fifo) == 1
        assert stat.S_ISFIFO(fifo.lstat().st_mode)
        assert json.loads(os.read(reader, 1 << 16))[0]["exercise_id"] == "box-breathing"
    finally:
        os.close(reader)
    sock_path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        with pytest.raises(StoreError, match="not a regular file"):
            export.export_file([make_record()], export.ExportFormat.CSV, sock_path)
        assert stat.S_ISSOCK(sock_path.lstat().st_mode)


def test_without_a_zone_name_the_system_offset_is_used(run, saved, monkeypatch) -> None:
    """As on a system whose zone has no IANA name: the C library's offset for that time."""
    monkeypatch.setattr(cli_journal, "local_zone_name", lambda: "")
    monkeypatch.setattr(cli_args, "local_zone_name", lambda: "")
    monkeypatch.setenv("TZ", "PST8PDT,M3.2.0,M11.1.0")
    time.tzset()
    try:
        code, _, _ = run(
            "log", "add", "--exercise", "grounding", "--minutes", "3", "--at", "2025-07-04T12:00"
        )
    finally:
        monkeypatch.setenv("TZ", "America/Los_Angeles")
        time.tzset()
    assert code == 0
    (record,) = saved()
    assert record.started_at.isoformat() == "2025-07-04T12:00:00-07:00"
    assert record.time_zone == ""


def test_a_practice_the_log_refuses_is_kept_said_once_and_added_next_time(
    run, paths, monkeypatch
) -> None:
    """The store keeps a refused practice for the next start; the command must not say
    "nothing was recorded, run it again" (that would record it twice)."""

    def full(self, record):
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(PracticeStore, "_insert", full)
        code, out, err = run("log", "add", "--exercise", "box-breathing", "--minutes", "5")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert "kept" in err
    assert "do not add it again" in err
    code, out, err = run("stats", "--json")
    assert code == 0
    assert json.loads(out)["total_sessions"] == 1
    assert err == "stsdesk: 1 practice that could not be saved last time was added to your log.\n"
    code, out, err = run("stats", "--json")
    assert (json.loads(out)["total_sessions"], err) == (1, "")
