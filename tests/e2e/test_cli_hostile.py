"""The real command under hostile input and hostile places: one sentence, never a traceback.

Every case runs ``python -m stsdesk`` in a subprocess with its own ``--data-dir``. Arguments
are passed as bytes where they must not be UTF-8, as a shell would pass them.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "packaging" / "examples" / "riverside-pack"
ADD = ("log", "add", "--exercise", "paced-breathing", "--minutes", "3")
ESC = "\x1b"
RLO = "\u202e"


def stsdesk(
    data: Path, *args: str | bytes, stdin: bytes | None = None
) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STSDESK_")}
    environment["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run(
        [sys.executable, "-m", "stsdesk", "--data-dir", str(data), *args],
        capture_output=True,
        env=environment,
        input=stdin,
        timeout=120,
    )
    result.stdout = result.stdout.decode("utf-8", errors="replace")
    result.stderr = result.stderr.decode("utf-8", errors="replace")
    return result


def one_sentence(result: subprocess.CompletedProcess, code: int) -> str:
    """The single ``stsdesk: ...`` line on stderr, after checking the exit status."""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("stsdesk: ")
    assert result.returncode == code, result.stderr
    return lines[0]


def sessions(data: Path) -> int:
    result = stsdesk(data, "stats", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["total_sessions"]


# -- input: one sentence, exit status 2, nothing stored ------------------------------------------

BAD_INPUT = {
    "superscript-before": (("--before", "²"), "--before"),
    "superscript-after": (("--after", "²"), "--after"),
    "arabic-indic-three": (("--before", "٣"), "--before"),
    "arabic-indic-minutes": (("--minutes", "٣"), "--minutes"),
    "ten-hours": (("--minutes", "600"), "at most 240"),
    "zero-minutes": (("--minutes", "0"), "--minutes"),
    "negative-minutes": (("--minutes", "-5"), "--minutes"),
    "infinite-minutes": (("--minutes", "inf"), "--minutes"),
    "year-one-east": (("--at", "0001-01-01T00:00+14:00"), "1970"),
    "year-one": (("--at", "0001-01-01T08:00"), "1970"),
    "far-future": (("--at", "9999-12-31T23:59-14:00"), "future"),
    "note-not-utf8": ((b"--note", b"caf\xe9"), "--note"),
    "tag-not-utf8": ((b"--tag", b"\xff\xfe"), "--tag"),
    "title-not-utf8": ((b"--title", b"walk \xc3"), "--title"),
}


@pytest.mark.parametrize(("extra", "named"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_log_add_refuses_unusable_input_in_one_sentence(tmp_path, extra, named) -> None:
    data = tmp_path / "data"
    line = one_sentence(stsdesk(data, *ADD, *extra), 2)
    assert named in line
    assert sessions(data) == 0  # nothing was stored: not 3, not a year-1 practice


def test_an_exercise_id_that_is_not_utf8_is_one_sentence(tmp_path) -> None:
    data = tmp_path / "data"
    result = stsdesk(data, "log", "add", "--exercise", b"box-\xff", "--minutes", "3")
    assert "--exercise" in one_sentence(result, 2)
    assert sessions(data) == 0


def test_minutes_limit_is_documented_in_help(tmp_path) -> None:
    result = stsdesk(tmp_path / "data", "log", "add", "--help")
    assert result.returncode == 0
    assert "at most 240" in " ".join(result.stdout.split())


def test_good_input_still_saves(tmp_path) -> None:
    data = tmp_path / "data"
    result = stsdesk(data, *ADD, "--at", "1970-01-02T08:00", "--before", "7", "--after", "3")
    assert result.returncode == 0, result.stderr
    assert sessions(data) == 1


# -- the last line of defence ---------------------------------------------------------------------


def test_an_unexpected_error_is_one_sentence_pointing_at_the_log(tmp_path) -> None:
    data = tmp_path / "data"
    script = (
        "import sys\n"
        "from stsdesk import cli\n"
        "def broken(args, context):\n"
        "    raise ZeroDivisionError('private note text')\n"
        "cli._list = broken\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "--data-dir", str(data), "list"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = one_sentence(result, 1)
    log_file = data / "logs" / "stsdesk.log"
    assert str(log_file) in line
    logged = log_file.read_text(encoding="utf-8")
    assert "ZeroDivisionError" in logged
    assert "broken" in logged  # where it happened...
    assert "private note text" not in logged  # ...but not the text, which may be the user's


# -- exports --------------------------------------------------------------------------------------


def test_export_to_an_empty_name_is_one_sentence(tmp_path) -> None:
    data = tmp_path / "data"
    assert stsdesk(data, *ADD).returncode == 0
    assert "--out" in one_sentence(stsdesk(data, "export", "--format", "csv", "--out", ""), 2)


def test_export_to_a_fifo_writes_through_it_and_keeps_it(tmp_path) -> None:
    data = tmp_path / "data"
    assert stsdesk(data, *ADD, "--note", "through the pipe").returncode == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        result = stsdesk(data, "export", "--format", "json", "--out", str(fifo))
        assert stat.S_ISFIFO(fifo.lstat().st_mode)  # never replaced by a regular file
        assert result.returncode == 0, result.stderr
        received, _ = reader.communicate(timeout=60)
    finally:
        reader.kill()
        reader.wait()
    assert json.loads(received)[0]["note"] == "through the pipe"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod needs root")
def test_export_to_a_device_node_writes_to_it_and_never_replaces_it(tmp_path) -> None:
    """As root, ``--out /dev/null`` once replaced the device with a regular file. Tried on a
    private null device node in tmp_path, never on the real /dev/null."""
    data = tmp_path / "data"
    assert stsdesk(data, *ADD).returncode == 0
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    result = stsdesk(data, "export", "--format", "csv", "--out", str(node))
    assert result.returncode == 0, result.stderr
    mode = node.lstat().st_mode
    assert stat.S_ISCHR(mode)
    assert node.lstat().st_rdev == os.makedev(1, 3)
    assert list(tmp_path.glob(".null*")) == []


def test_export_to_a_folder_is_one_sentence_and_leaves_it(tmp_path) -> None:
    data = tmp_path / "data"
    assert stsdesk(data, *ADD).returncode == 0
    folder = tmp_path / "exports"
    folder.mkdir()
    assert "folder" in one_sentence(
        stsdesk(data, "export", "--format", "csv", "--out", str(folder)), 1
    )
    assert folder.is_dir()
    assert list(folder.iterdir()) == []


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def test_csv_cells_never_start_a_formula_and_json_keeps_the_text(tmp_path) -> None:
    data = tmp_path / "data"
    for index, text in enumerate(FORMULAS):
        added = stsdesk(
            data, "log", "add", f"--exercise==own{index}", f"--title={text}",
            "--minutes", "3", f"--note={text}", f"--tag={text}",
            "--at", f"2026-03-0{index + 1}T08:00",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
    csv_file, json_file = tmp_path / "out.csv", tmp_path / "out.json"
    assert stsdesk(data, "export", "--format", "csv", "--out", str(csv_file)).returncode == 0
    assert stsdesk(data, "export", "--format", "json", "--out", str(json_file)).returncode == 0
    with csv_file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # A note is kept without its surrounding white space (core.practice.manual_record).
    notes = [text.strip() for text in FORMULAS]
    assert [row["note"] for row in rows] == [
        "'" + note if note.startswith(("=", "+", "-", "@")) else note for note in notes
    ]
    assert [row["exercise_title"] for row in rows] == ["'" + text for text in FORMULAS]
    assert [row["exercise_id"] for row in rows] == [f"'=own{i}" for i in range(len(FORMULAS))]
    assert all(not row[c].startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for c in row)
    items = json.loads(json_file.read_text(encoding="utf-8"))
    assert [item["note"] for item in items] == notes
    assert [item["exercise_title"] for item in items] == FORMULAS
    assert [item["tags"] for item in items] == [[text.strip()] for text in FORMULAS]


# -- a damaged log: recovered as the app does, said in one line -----------------------------------


def _damaged_log_with_backup(data: Path) -> None:
    """Four practices through ``log add`` (the first takes the daily backup), then the header
    zeroed, so SQLite can no longer read the file."""
    for day in (1, 2, 3, 4):
        result = stsdesk(data, *ADD, "--at", f"2026-03-0{day}T08:00")
        assert result.returncode == 0, result.stderr
    assert list((data / "backups").iterdir())
    with open(data / "practice-log.sqlite3", "r+b") as handle:
        handle.write(bytes(100))


@pytest.mark.parametrize("command", [("stats", "--json"), ("export", "--format", "json"), ADD])
def test_a_damaged_log_is_restored_and_said_in_one_line(tmp_path, command) -> None:
    data = tmp_path / "data"
    _damaged_log_with_backup(data)
    result = stsdesk(data, *command)
    line = one_sentence(result, 0)
    (kept,) = (data / "quarantine").iterdir()
    assert "damaged" in line
    assert str(kept) in line
    # The day the log now reaches: the backup holds the first practice; salvage may add more.
    assert any(f"{day} March 2026" in line for day in (1, 2, 3, 4))
    assert (kept / "practice-log.sqlite3").exists()
    if command[0] in ("stats", "export"):
        json.loads(result.stdout)  # stdout stays clean for scripts
    again = stsdesk(data, "stats", "--json")  # recovered once; now quiet
    assert (again.returncode, again.stderr) == (0, "")


def test_a_damaged_log_without_a_backup_tells_to_start_the_app(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    log_file = data / "practice-log.sqlite3"
    log_file.write_text("my notes, not a database\n" * 50)
    line = one_sentence(stsdesk(data, "stats", "--json"), 1)
    assert "start the app" in line
    assert log_file.read_text() == "my notes, not a database\n" * 50


# -- text from packs and the log is shown, not obeyed ---------------------------------------------


def _pack_with_a_hostile_title(folder: Path) -> Path:
    pack = folder / "pack"
    shutil.copytree(PACK, pack)
    exercise = pack / "exercises" / "end-of-shift-check-out.toml"
    text = exercise.read_text(encoding="utf-8")
    hostile = 'title = "\\u001b[31mRed\\u001b[0m \\u202egnol check-out\\u0007"'
    exercise.write_text(text.replace('title = "End-of-shift check-out"', hostile), "utf-8")
    policy = folder / "policy.toml"
    policy.write_text(f"[content]\npacks = ['{pack}']\n", encoding="utf-8")
    return policy


def test_list_never_prints_terminal_controls_from_a_pack(tmp_path) -> None:
    policy = _pack_with_a_hostile_title(tmp_path)
    data = tmp_path / "data"
    listing = stsdesk(data, "--policy", str(policy), "list")
    assert listing.returncode == 0, listing.stderr
    assert ESC not in listing.stdout
    assert RLO not in listing.stdout
    assert "\x07" not in listing.stdout
    as_json = stsdesk(data, "--policy", str(policy), "list", "--json")
    assert as_json.returncode == 0, as_json.stderr
    assert ESC not in as_json.stdout
    assert RLO not in as_json.stdout
    titles = [item["title"] for item in json.loads(as_json.stdout)]
    offered = [t for t in titles if "check-out" in t]
    if offered:  # still offered (the content check may refuse it): the JSON keeps it exactly
        assert offered == ["\x1b[31mRed\x1b[0m \u202egnol check-out\x07"]
        assert "Red gnol check-out" in listing.stdout


def test_stats_never_prints_terminal_controls_from_the_log(tmp_path) -> None:
    data = tmp_path / "data"
    title = f"{ESC}]0;owned{ESC}\\{ESC}[2JWalk {RLO}edistuo"
    added = stsdesk(
        data, "log", "add", "--exercise", "walk", "--title", title, "--minutes", "20",
        "--before", "7", "--after", "4",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert ESC not in added.stdout
    text = stsdesk(data, "stats")
    assert text.returncode == 0, text.stderr
    assert ESC not in text.stdout
    assert RLO not in text.stdout
    assert "Walk edistuo: -3.0 over 1 rated practice" in text.stdout
    assert "In all: 1 practice, 20 minutes." in text.stdout
    as_json = stsdesk(data, "stats", "--json")
    assert ESC not in as_json.stdout
    assert RLO not in as_json.stdout
    assert json.loads(as_json.stdout)["what_helps"][0]["title"] == title
