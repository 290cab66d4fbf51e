"""The single-instance lock with real processes: a real holder wins, a stale or odd lock never
makes stsdesk exit silently."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from stsdesk.ui.instance import InstanceGuard

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="process checks through /proc")

HOLDER = """
import sys
from pathlib import Path
from stsdesk.ui.instance import InstanceGuard
guard = InstanceGuard(Path(sys.argv[1]))
print("locked" if guard.acquire() else "refused", flush=True)
sys.stdin.read()
guard.release()
"""


def _process(*args: str) -> subprocess.Popen:
    """A real process that runs until its stdin closes."""
    return subprocess.Popen(
        [sys.executable, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def _end(process: subprocess.Popen) -> None:
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=30)


@pytest.fixture
def other_program() -> Iterator[subprocess.Popen]:
    """Another Python program, not stsdesk, that stays running."""
    process = _process("-c", "import sys; sys.stdin.read()")
    yield process
    _end(process)


def _forge_lock(state: Path, pid: int) -> None:
    """The lock a crashed stsdesk leaves, naming ``pid`` (in QLockFile's own format)."""
    state.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(state / "stsdesk.lock"))
    assert lock.tryLock(0)
    content = (state / "stsdesk.lock").read_bytes()
    lock.unlock()
    rest = content.split(b"\n", 1)[1]
    (state / "stsdesk.lock").write_bytes(str(pid).encode() + b"\n" + rest)


def test_a_stale_lock_naming_another_running_program_is_taken_over(
    tmp_path: Path, other_program: subprocess.Popen
) -> None:
    state = tmp_path / "state"
    _forge_lock(state, other_program.pid)
    # An owner file from the crashed stsdesk: same PID, but a process started at another time.
    (state / "stsdesk.lock.owner").write_text(f"{other_program.pid} 1\n")
    guard = InstanceGuard(state)
    assert guard.acquire()  # today: False, and the app exits 0 without a word
    assert guard.problem == ""
    assert (state / "stsdesk.lock").read_text().split("\n")[0] == str(os.getpid())
    guard.release()


def test_a_stale_lock_without_an_owner_file_is_taken_over(
    tmp_path: Path, other_program: subprocess.Popen
) -> None:
    _forge_lock(tmp_path / "state", other_program.pid)
    guard = InstanceGuard(tmp_path / "state")
    assert guard.acquire()
    guard.release()


def test_a_running_stsdesk_keeps_its_lock(tmp_path: Path) -> None:
    holder = _process("-c", HOLDER, str(tmp_path / "state"))
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        guard = InstanceGuard(tmp_path / "state")
        assert not guard.acquire()
        assert guard.problem == ""
    finally:
        _end(holder)
    assert InstanceGuard(tmp_path / "state").acquire()  # released: the next start runs


def test_a_folder_where_the_lock_should_be_is_named_and_the_start_goes_on(
    tmp_path: Path,
) -> None:
    lock = tmp_path / "state" / "stsdesk.lock"
    lock.mkdir(parents=True)
    guard = InstanceGuard(tmp_path / "state")
    assert guard.acquire()  # today: False, logged as "another stsdesk is running"
    assert guard.problem == (
        f"stsdesk cannot tell whether it is already running, because {lock} is a folder, "
        "not a file; it started anyway."
    )
    guard.release()


def test_a_state_folder_that_cannot_be_created_does_not_stop_the_start(
    tmp_path: Path, qapp
) -> None:
    (tmp_path / "blocker").write_text("")
    state = tmp_path / "blocker" / "state"
    guard = InstanceGuard(state)  # today: NotADirectoryError
    assert guard.acquire()
    assert "cannot be created" in guard.problem
    guard.listen()
    guard.hand_over({"action": "raise"})
    guard.release()
