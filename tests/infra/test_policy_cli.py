"""The policy from the outside: start-up with a broken policy, `policy check`, `settings`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from stsdesk.app import start_core
from stsdesk.cli import main
from stsdesk.core.settings import SCHEMA
from stsdesk.infra.settings_file import save_user_settings

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "packaging" / "examples"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example policy with its logo and pack."""
    folder = tmp_path / "org"
    shutil.copytree(EXAMPLES, folder)
    return folder / "policy.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_a_broken_policy_never_stops_the_start(data_dir: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[locked]\njournal.hide_streaks = "yes"\n[support]\ncrisis_line = "988"\n')
    core = start_core(str(data_dir), policy_file=str(policy))
    assert core.settings.effective("journal.hide_streaks").origin == "default"
    assert core.policy.contacts.crisis_line == "988"
    assert len(core.catalog.exercises) > 20
    notice = core.notices[-1]
    assert f"{policy}:2: locked.journal.hide_streaks must be true or false" in notice
    assert "IT administrator" in notice


def test_an_unparsable_policy_gives_the_usual_settings(data_dir: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_bytes(b"\xff\xfe[locked")
    core = start_core(str(data_dir), policy_file=str(policy))
    assert all(effective.origin == "default" for _, effective in core.settings.table())
    assert str(policy) in core.notices[-1]


def test_the_policy_applies_to_settings_and_content(data_dir: Path, example: Path) -> None:
    core = start_core(str(data_dir), policy_file=str(example))
    assert core.notices == []
    assert core.settings.effective("journal.hide_streaks").origin == "organization-locked"
    assert core.settings.effective("practice.voice").origin == "organization"
    assert core.catalog.get("end-of-shift-check-out") is not None
    assert core.catalog.get("mindful-walking") is None


def test_policy_check_accepts_a_good_policy(
    data_dir: Path, example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = run(capsys, "policy", "check", str(example))
    assert status == 0
    assert out.startswith(f"OK: {example}: Riverside Clinic; 5 contacts, 3 defaults, ")
    assert "1 locked setting, 1 pack" in out


def test_policy_check_lists_each_problem_as_file_line_problem(
    data_dir: Path, example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = example.read_text().replace("hide_streaks = true", "hide_streaks = 1")
    example.write_text(text + "\ntelemetry = true\n")
    bad = example.parent / "riverside-pack" / "exercises" / "end-of-shift-check-out.toml"
    bad.write_text(bad.read_text().replace('family = "stress"', 'family = "yoga"'))
    status, out, _err = run(capsys, "policy", "check", str(example))
    lines = out.splitlines()
    hide_line = text.splitlines().index("journal.hide_streaks = 1") + 1
    assert status == 1
    assert lines[0] == f"{example}:{hide_line}: locked.journal.hide_streaks must be true or false"
    assert lines[1].startswith(
        f"{example}:{len(text.splitlines()) + 2}: unknown key 'content.telemetry'"
    )
    assert lines[2].startswith(f"{bad}: family: ")
    assert lines[3].startswith("3 problems;")


def test_policy_check_without_a_file_checks_the_one_in_effect(
    data_dir: Path, example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = run(capsys, "--policy", str(example), "policy", "check")
    assert status == 0
    assert out.startswith(f"OK: {example}")


def test_policy_check_says_where_it_looked_when_none_is_installed(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "xdg"))
    status, _out, err = run(capsys, "policy", "check")
    assert status == 1
    assert f"looked in {tmp_path / 'xdg' / 'stsdesk' / 'policy.toml'}" in err


def test_settings_json_shows_every_value_and_its_origin(
    data_dir: Path, example: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("STSDESK_POLICY", str(example))
    settings_file = data_dir / "config" / "settings.toml"
    save_user_settings(
        settings_file,
        {"appearance.text_size": 150, "journal.hide_streaks": False, "practice.voice": True},
    )
    status, out, _err = run(capsys, "settings", "--json")
    assert status == 0
    report = json.loads(out)
    rows = {row["key"]: (row["value"], row["origin"]) for row in report["settings"]}
    assert len(rows) == len(report["settings"]) == len(SCHEMA)
    assert rows["journal.hide_streaks"] == (True, "organization-locked")  # the user cannot win
    assert rows["practice.voice"] == (True, "user")
    assert rows["practice.default_minutes"] == ("3", "organization")
    assert rows["appearance.text_size"] == (150, "user")
    assert rows["journal.rest_weekdays"] == ([], "default")
    policy = report["policy"]
    assert policy["file"] == str(example)
    assert policy["organization"] == "Riverside Clinic"
    assert policy["support"]["crisis_line"] == "Call or text 988, day or night"
    assert policy["problems"] == []


def test_settings_text_without_a_policy(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "none"))
    status, out, _err = run(capsys, "settings")
    assert status == 0
    assert out.startswith("Organization policy: none\n")
    assert re.search(r'^appearance\.theme +"system" +default$', out, re.MULTILINE)


def test_list_offers_what_the_policy_offers(
    data_dir: Path, example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = run(capsys, "--policy", str(example), "list", "--json")
    ids = {row["id"] for row in json.loads(out)}
    assert status == 0
    assert "end-of-shift-check-out" in ids
    assert "mindful-walking" not in ids
