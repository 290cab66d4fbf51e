"""``stsdesk reminders`` and ``stsdesk settings set|unset`` as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path


def stsdesk(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STSDESK_")}
    environment["TZ"] = "America/New_York"
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "stsdesk", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_set_then_list_reminders_as_json(tmp_path: Path) -> None:
    for key, value in [
        ("reminders.enabled", "true"),
        ("reminders.daily_times", "08:30, 12:30"),
        ("reminders.between_clients_minute", "50"),
        ("reminders.working_hours", "09:00-12:00"),
        ("buddy.weekday", "3"),
    ]:
        result = stsdesk(tmp_path, "settings", "set", key, value)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"{key} = ")
    settings_file = (tmp_path / "config" / "settings.toml").read_text(encoding="utf-8")
    assert 'daily_times = ["08:30", "12:30"]' in settings_file
    result = stsdesk(tmp_path, "reminders", "--from", "2026-03-10T08:00", "--count", "6", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"at": "2026-03-10T08:30:00-04:00", "kind": "daily"},
        {"at": "2026-03-10T09:50:00-04:00", "kind": "between-clients"},
        {"at": "2026-03-10T10:50:00-04:00", "kind": "between-clients"},
        {"at": "2026-03-10T11:50:00-04:00", "kind": "between-clients"},
        {"at": "2026-03-10T12:30:00-04:00", "kind": "daily"},
        {"at": "2026-03-11T08:30:00-04:00", "kind": "daily"},
    ]
    for row in json.loads(result.stdout):
        assert datetime.fromisoformat(row["at"]).utcoffset() is not None


def test_reminders_across_the_spring_change_in_text(tmp_path: Path) -> None:
    assert stsdesk(tmp_path, "settings", "set", "reminders.enabled", "on").returncode == 0
    assert stsdesk(tmp_path, "settings", "set", "reminders.weekdays", "1,7").returncode == 0
    result = stsdesk(tmp_path, "reminders", "--from", "2026-03-07T13:00-05:00", "--count", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2026-03-08T12:30:00-04:00  daily reminder",
        "2026-03-09T12:30:00-04:00  daily reminder",
    ]


def test_reminders_are_off_by_default(tmp_path: Path) -> None:
    result = stsdesk(tmp_path, "reminders", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    text = stsdesk(tmp_path, "reminders")
    assert text.stdout == "Reminders are off (reminders.enabled is false).\n"


def test_a_bad_value_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    cases = [
        ("reminders.between_clients_minute", "70", "must be from 0 to 59, or -1 for off"),
        ("reminders.quiet_hours", "22:00-25:00", "is not a time like"),
        ("reminders.daily_times", "noon", "is not a time like"),
        ("reminders.every_minutes", "5", "must be from 15 to 480, or 0 for off"),
        ("reminders.weekdays", "1,8", "weekday numbers"),
        ("reminders.enabled", "maybe", "must be true or false"),
        ("buddy.name", "Sam\u202eevil", "one line of plain text"),
    ]
    for key, value, words in cases:
        result = stsdesk(tmp_path, "settings", "set", key, value)
        assert result.returncode == 2, (key, result.stderr)
        assert result.stdout == ""
        (line,) = result.stderr.splitlines()
        assert words in line
        assert line.endswith("nothing was changed.")
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "config" / "settings.toml").exists()
    unknown = stsdesk(tmp_path, "settings", "set", "reminders.colour", "red")
    assert unknown.returncode == 2
    assert "There is no setting called 'reminders.colour'" in unknown.stderr
    bad_from = stsdesk(tmp_path, "reminders", "--from", "yesterday")
    assert bad_from.returncode == 2
    assert "--from 'yesterday' is not a date and time" in bad_from.stderr
    bad_count = stsdesk(tmp_path, "reminders", "--count", "0")
    assert bad_count.returncode == 2
    assert "--count must be a whole number from 1 to 1000" in bad_count.stderr


def test_a_locked_key_is_refused_and_unset_goes_back(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        '[locked.reminders]\nquiet_hours = "20:00-08:00"\n'
        '[defaults.reminders]\ndaily_times = ["11:00"]\n',
        encoding="utf-8",
    )
    data = tmp_path / "data"
    locked = stsdesk(data, "--policy", str(policy), "settings", "set", "reminders.quiet_hours", "")
    assert locked.returncode == 1
    assert "set by your organization" in locked.stderr
    changed = stsdesk(
        data, "--policy", str(policy), "settings", "set", "reminders.daily_times", "15:00"
    )
    assert changed.returncode == 0, changed.stderr
    back = stsdesk(data, "--policy", str(policy), "settings", "unset", "reminders.daily_times")
    assert back.returncode == 0, back.stderr
    assert back.stdout == "reminders.daily_times = 11:00 (the usual value)\n"
    shown = json.loads(stsdesk(data, "--policy", str(policy), "settings", "--json").stdout)
    rows = {row["key"]: row for row in shown["settings"]}
    assert rows["reminders.daily_times"]["origin"] == "organization"
    assert rows["reminders.quiet_hours"] == {
        "key": "reminders.quiet_hours",
        "value": "20:00-08:00",
        "origin": "organization-locked",
        "label": "Quiet hours",
    }
