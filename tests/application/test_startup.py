"""One start for the window and every sub-command: the context, and the log opened one way.

The window's side runs in this process (``start_core`` and ``open_practice_log``, as
``stsdesk.app`` builds the window from them); the command's side is the real ``python -m
stsdesk`` in a subprocess. Both are given the same files, and must say the same.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from stsdesk.app import open_practice_log, start_core
from stsdesk.application.startup import (
    CRASHED_NOTICE,
    StartupContext,
    crash_notice,
    open_log,
    policy_notice,
    start,
)
from stsdesk.core.errors import StsdeskError
from stsdesk.infra.logging_setup import CRASH_FILE_NAME
from stsdesk.store.recovery import OpenStatus

BAD_POLICY = '[locked]\njournal.hide_streaks = "yes"\n[support]\ncrisis_line = "988"\n'
OWN = ("log", "add", "--exercise", "own-walk", "--title", "A walk outside", "--minutes", "3")


def stsdesk(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STSDESK_")}
    environment["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "stsdesk", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=120,
    )


# -- the context on a fresh data folder ----------------------------------------------------------


def test_a_fresh_start_makes_private_folders_and_reads_content_on_first_use(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    context = start(data)
    assert isinstance(context, StartupContext)
    assert context.paths.data == data
    for folder in (data, context.paths.config, context.paths.logs, context.paths.state):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert context.log_file == context.paths.logs / "stsdesk.log"
    assert "stsdesk starting" in context.log_file.read_text(encoding="utf-8")
    assert all(effective.origin == "default" for _, effective in context.settings.table())
    assert context.policy_as_read.file == ""  # none installed
    assert "_offered" not in vars(context)  # `stats` never pays for loading content
    assert len(context.catalog.exercises) > 20
    assert context.learn_cards
    assert context.notices == []


def test_the_context_words_its_problems_in_order(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "config").mkdir(parents=True)
    (data / "config" / "settings.toml").write_text("[practice]\nvoice = 3\n")
    policy = tmp_path / "policy.toml"
    policy.write_text(BAD_POLICY)
    context = start(data, policy_file=policy)
    (ignored,) = context.ignored_settings
    assert "practice.voice" in ignored
    said = [f"Some settings were ignored: {ignored}", policy_notice(context.policy)]
    assert context.notices == said
    assert f"{policy}:2: locked.journal.hide_streaks" in context.notices[-1]
    assert context.policy.contacts.crisis_line == "988"  # the rest of the policy applies


def test_a_data_folder_that_is_a_file_refuses_a_command_but_not_the_window(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.write_text("in the way")
    with pytest.raises(StsdeskError, match="cannot hold stsdesk's data"):
        start(data)
    context = start(data, for_gui=True)
    assert "Practices you do now are kept until stsdesk closes" in context.notices[0]
    opening = open_log(context)
    assert (opening.store, opening.error, opening.report) == (None, None, None)


def test_a_new_log_is_created_and_nothing_is_said(tmp_path: Path) -> None:
    context = start(tmp_path / "data")
    opening = open_log(context)
    try:
        assert opening.store is not None
        assert opening.report is not None
        assert opening.report.status is OpenStatus.CREATED
        assert (opening.message, opening.kept, opening.needs_choice) == ("", [], False)
        assert crash_notice(context, opening) == ""
        (context.paths.logs / CRASH_FILE_NAME).write_text("Fatal Python error: Aborted\n")
        assert crash_notice(context, opening) == CRASHED_NOTICE
        assert "Fatal Python error: Aborted" in context.log_file.read_text(encoding="utf-8")
        assert crash_notice(context, opening) == ""  # told once
    finally:
        opening.journal.close()


# -- the window and a command, given the same files, say the same -------------------------------


def test_a_policy_problem_is_the_same_notice_on_home_and_in_settings_json(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(BAD_POLICY)
    result = stsdesk(tmp_path / "cli", "--policy", str(policy), "settings", "--json")
    assert result.returncode == 0, result.stderr
    window = start_core(str(tmp_path / "gui"), policy_file=str(policy))
    assert window.notices  # the policy notice Home shows
    assert json.loads(result.stdout)["notices"] == window.notices


def _damaged_log_with_backup(data: Path) -> None:
    """Three practices (the first takes the daily backup), then the header zeroed."""
    for day in (1, 2, 3):
        result = stsdesk(data, *OWN, "--at", f"2026-03-0{day}T08:00")
        assert result.returncode == 0, result.stderr
    with open(data / "practice-log.sqlite3", "r+b") as handle:
        handle.write(bytes(100))


def test_a_damaged_log_is_recovered_identically_by_stats_and_by_the_window(tmp_path: Path) -> None:
    cli, gui = tmp_path / "cli", tmp_path / "gui"
    _damaged_log_with_backup(cli)
    shutil.copytree(cli, gui)

    result = stsdesk(cli, "stats", "--json")
    opening = open_practice_log(start_core(str(gui)))
    try:
        assert result.returncode == 0, result.stderr
        assert opening.restored
        assert opening.report is not None
        assert opening.report.status is OpenStatus.RESTORED
        practices = len(opening.journal.records())
    finally:
        opening.journal.close()

    def same(text: str, data: Path) -> str:
        (kept,) = (data / "quarantine").iterdir()  # named by the second it happened
        return " ".join(text.replace(str(kept), "<kept>").replace(str(data), "<data>").split())

    said = same(result.stderr, cli)
    assert said.startswith("stsdesk: " + same(opening.message, gui))
    assert result.stderr.count("\n") == 1
    assert json.loads(result.stdout)["total_sessions"] == practices >= 1
    assert sorted(f.name for f in next((cli / "quarantine").iterdir()).iterdir()) == sorted(
        f.name for f in next((gui / "quarantine").iterdir()).iterdir()
    )


def test_a_command_starts_without_loading_qt_or_pygame(tmp_path: Path) -> None:
    """The start is the window's, but a sub-command must not pay for (or depend on) Qt."""
    script = (
        "import sys\n"
        "from stsdesk import cli\n"
        "status = cli.main(sys.argv[1:])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'pygame'})\n"
        "print(status, loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "--data-dir", str(tmp_path / "data"), "stats", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 []"
