"""Hostile places: stsdesk starts on a read-only or full disk, beside a file in the way, in a
folder of another user's, and never changes a mode through a symbolic link.

The tests run as root, where permission bits deny nothing, so they use what fails for root
too: a file where a folder should be, a read-only or tiny tmpfs (mounted in a private mount
namespace of the child process, gone when it ends), and ``chown``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from stsdesk.app import open_practice_log, start_core
from stsdesk.core.ports import MemoryPracticeLog

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Linux mounts and modes")

EXERCISE = ["--exercise", "between-clients-reset", "--minutes", "3"]

# Runs in the child: start as the app does, and say what the person would see.
START = """
import json, sys
from stsdesk.app import open_practice_log, start_core
core = start_core(sys.argv[1])
opening = open_practice_log(core)
print(json.dumps({"notices": core.notices, "message": opening.message,
                  "journal": type(opening.journal).__name__, "log_file": str(core.log_file)}))
"""


def _stsdesk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stsdesk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def _one_sentence(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def fallback_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private temporary folder for fallback logs; the stsdesk logger closed afterwards."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    yield temp
    root = logging.getLogger("stsdesk")
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()


def _namespace_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = "mount -t tmpfs -o size=64k tmpfs /mnt"
    return subprocess.run(["unshare", "-m", "sh", "-c", probe], capture_output=True).returncode == 0


needs_mounts = pytest.mark.skipif(
    not _namespace_works(), reason="mounting in a private mount namespace is not permitted here"
)


def _in_namespace(setup: str, *command: str) -> subprocess.CompletedProcess:
    """Run ``command`` after the shell ``setup`` in a private mount namespace."""
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", f'set -e; {setup}; exec "$@"', "sh", *command],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _read_only(folder: Path) -> str:
    return f"mount --bind {folder} {folder}; mount -o remount,ro,bind {folder}"


def _full(folder: Path, size: str = "64k") -> str:
    return f"mount -t tmpfs -o size={size} tmpfs {folder}; cat /dev/zero > {folder}/fill || true"


# -- --data-dir that cannot be used -----------------------------------------------------------


def test_an_empty_data_dir_is_refused_instead_of_using_the_real_folder(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg-data")}
    result = _stsdesk("--data-dir", "", "stats", env=env)
    assert result.returncode == 1
    assert "--data-dir needs a folder name" in _one_sentence(result)
    assert not (tmp_path / "xdg-data" / "stsdesk").exists()


@pytest.mark.parametrize("command", [["stats"], ["export", "--format", "csv"], ["log", "add"]])
@pytest.mark.parametrize("kind", ["file", "under-file", "proc"])
def test_a_data_dir_that_cannot_be_used_is_one_sentence(
    tmp_path: Path, kind: str, command: list[str]
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    folder = {"file": a_file, "under-file": a_file / "data", "proc": Path("/proc/1")}[kind]
    args = [*command, *EXERCISE] if command == ["log", "add"] else command
    result = _stsdesk("--data-dir", str(folder), *args)
    assert result.returncode == 1
    line = _one_sentence(result)
    assert f"the folder {folder} cannot hold stsdesk's data" in line
    assert "choose another folder with --data-dir" in line
    assert a_file.read_text() == "mine"


def test_the_app_starts_in_memory_beside_a_file_in_the_way(
    tmp_path: Path, fallback_temp: Path
) -> None:
    (tmp_path / "blocker").write_text("")
    data = tmp_path / "blocker" / "data"
    core = start_core(str(data))  # today: NotADirectoryError
    assert core.notices[0] == (
        f"stsdesk cannot use {data} (a part of the path is a file, not a folder). "
        "Practices you do now are kept until stsdesk closes."
    )
    assert core.log_file.parent == fallback_temp  # the log fell back to the temp folder
    logging.getLogger("stsdesk.test").warning("still logging")
    assert "still logging" in core.log_file.read_text()
    opening = open_practice_log(core)
    assert isinstance(opening.journal, MemoryPracticeLog)
    assert opening.message == ""  # the notice above already says it


# -- read-only and full disks --------------------------------------------------------------------


@needs_mounts
def test_the_app_starts_on_a_read_only_disk_and_shows_the_history(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _stsdesk("--data-dir", str(data), "log", "add", *EXERCISE).returncode == 0
    result = _in_namespace(_read_only(data), sys.executable, "-c", START, str(data))
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["notices"] == [
        f"stsdesk cannot write to {data} (the disk is read-only). "
        "Practices you do now are kept until stsdesk closes."
    ]
    assert seen["journal"] == "PracticeStore"  # the history is there, read-only
    assert seen["message"] == ""
    assert not seen["log_file"].startswith(str(data))


@needs_mounts
def test_commands_on_a_read_only_disk_read_and_refuse_writes_in_one_sentence(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    assert _stsdesk("--data-dir", str(data), "log", "add", *EXERCISE).returncode == 0
    stsdesk = [sys.executable, "-m", "stsdesk", "--data-dir", str(data)]
    stats = _in_namespace(_read_only(data), *stsdesk, "stats")
    assert stats.returncode == 0, stats.stderr
    assert "In all: 1 practice, 3 minutes." in stats.stdout
    added = _in_namespace(_read_only(data), *stsdesk, "log", "add", *EXERCISE)
    assert added.returncode == 1
    assert "not saved" in _one_sentence(added)
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = _in_namespace(_read_only(empty), *stsdesk[:-1], str(empty), "stats")
    assert refused.returncode == 1
    assert "(the disk is read-only)" in _one_sentence(refused)


@needs_mounts
def test_the_app_starts_on_a_full_disk(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    result = _in_namespace(_full(data), sys.executable, "-c", START, str(data))
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["notices"][0].startswith(f"stsdesk cannot write to {data} (the disk is full).")
    assert seen["journal"] == "MemoryPracticeLog"
    assert "Traceback" not in result.stderr


@needs_mounts
def test_a_full_disk_keeps_the_log_readable_and_in_place(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    stsdesk = [sys.executable, "-m", "stsdesk", "--data-dir", str(data)]
    script = " && ".join(
        [
            " ".join([*stsdesk, "log", "add", *EXERCISE]),
            f"cat /dev/zero > {data}/fill || true",
            " ".join([*stsdesk, "stats"]),
        ]
    )
    setup = f"mount -t tmpfs -o size=2m tmpfs {data}"  # the log, its WAL and a backup fit
    result = _in_namespace(setup, "sh", "-c", f"{script} && ls {data}")
    assert result.returncode == 0, result.stderr  # today: "damaged", quarantined, then ENOSPC
    assert "In all: 1 practice, 3 minutes." in result.stdout
    assert "quarantine" not in result.stdout
    assert "Traceback" not in result.stderr


# -- other people's folders, shared folders and symbolic links ---------------------------------


def test_a_folder_of_another_user_is_left_alone_and_named(
    tmp_path: Path, fallback_temp: Path
) -> None:
    data = tmp_path / "theirs"
    open_practice_log(start_core(str(data))).journal.close()
    theirs = data / "practice-log.sqlite3"
    os.chmod(data, 0o755)
    os.chmod(theirs, 0o644)
    for path in (data, theirs):
        os.chown(path, 65534, 65534)
    core = start_core(str(data))
    open_practice_log(core).journal.close()
    assert stat.S_IMODE(data.stat().st_mode) == 0o755  # today: 0700
    assert stat.S_IMODE(theirs.stat().st_mode) == 0o644  # today: 0600
    assert data.stat().st_uid == 65534
    assert core.notices[0].startswith(f"The folder {data} belongs to another user")


def test_a_shared_folder_keeps_its_mode_and_stsdesks_files_are_private(
    tmp_path: Path, fallback_temp: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    core = start_core(str(shared))
    opening = open_practice_log(core)
    opening.journal.close()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777  # today: 0700
    for own in (core.paths.config, core.paths.logs, core.paths.state):
        assert stat.S_IMODE(own.stat().st_mode) == 0o700
    assert stat.S_IMODE(core.paths.database.stat().st_mode) == 0o600
    assert core.notices == []


def test_modes_are_never_changed_through_a_symbolic_link(
    tmp_path: Path, fallback_temp: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    first = start_core(str(outside / "log-source"))  # a real practice log to point at
    open_practice_log(first).journal.close()
    victim_log = outside / "victim.sqlite3"
    shutil.copy(first.paths.database, victim_log)
    victim_text = outside / "victim.txt"
    victim_text.write_text("root:x:0:0\n")
    for victim in (victim_log, victim_text):
        os.chmod(victim, 0o644)
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    (data / "practice-log.sqlite3").symlink_to(victim_log)
    (data / "logs" / "stsdesk.log").symlink_to(victim_text)

    core = start_core(str(data))
    open_practice_log(core).journal.close()

    assert stat.S_IMODE(victim_log.stat().st_mode) == 0o644  # today: 0600
    assert stat.S_IMODE(victim_text.stat().st_mode) == 0o644
    assert victim_text.read_text() == "root:x:0:0\n"  # today: the log was appended to it
    assert core.log_file.parent == fallback_temp


@needs_mounts
def test_a_log_that_cannot_be_created_on_a_full_disk_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    add = [sys.executable, "-m", "stsdesk", "--data-dir", str(data), "log", "add", *EXERCISE]
    setup = f"mount -t tmpfs -o size=64k tmpfs {data}"
    result = _in_namespace(setup, "sh", "-c", " ".join(add))
    assert result.returncode == 1
    assert "the disk is full" in result.stderr
    assert "report this problem" not in result.stderr
    assert "Traceback" not in result.stderr
