"""The journal from the command line, as a script or an administrator would use it."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

COLUMNS = [
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
]


def stsdesk(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STSDESK_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "stsdesk", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_log_add_stats_and_export(tmp_path: Path) -> None:
    data = tmp_path / "data"
    added = stsdesk(
        data,
        "log",
        "add",
        "--exercise",
        "grounding-feet-and-seat",
        "--minutes",
        "5",
        "--at",
        "2026-03-08T07:30-08:00",
        "--before",
        "6",
        "--after",
        "3",
        "--note",
        'felt "lighter", then tired',
    )
    assert added.returncode == 0, added.stderr
    stats = stsdesk(data, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    numbers = json.loads(stats.stdout)
    for key in (
        "current_streak",
        "longest_streak",
        "days_last_7",
        "days_last_30",
        "total_sessions",
        "total_minutes",
        "by_family",
        "what_helps",
    ):
        assert key in numbers
    assert numbers["total_sessions"] == 1
    assert numbers["by_family"] == {"resiliency": 1}
    assert numbers["what_helps"][0]["mean_change"] == -3
    out = tmp_path / "journal.csv"
    exported = stsdesk(data, "export", "--format", "csv", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == COLUMNS
    assert rows[0]["started_at"] == "2026-03-08T07:30:00-08:00"
    assert rows[0]["local_day"] == "2026-03-08"
    assert rows[0]["exercise_title"] == "Grounding: feet and seat"
    assert rows[0]["note"] == 'felt "lighter", then tired'
    assert rows[0]["source"] == "manual"


def test_unknown_exercise_is_one_clear_sentence(tmp_path: Path) -> None:
    result = stsdesk(tmp_path / "data", "log", "add", "--exercise", "nope", "--minutes", "5")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_locked_policy_setting_applies_to_stats(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[locked]\n"journal.hide_streaks" = true\n', encoding="utf-8")
    data = tmp_path / "data"
    stsdesk(data, "log", "add", "--exercise", "paced-breathing", "--minutes", "3")
    result = stsdesk(data, "--policy", str(policy), "stats", "--json")
    assert result.returncode == 0, result.stderr
    numbers = json.loads(result.stdout)
    assert numbers["current_streak"] is None
    assert numbers["total_sessions"] == 1


def test_stats_and_list_read_as_plain_english(tmp_path: Path) -> None:
    import re

    data = tmp_path / "data"
    added = stsdesk(
        data, "log", "add", "--exercise", "body-scan", "--minutes", "1", "--before", "6",
        "--after", "4",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert ", 1 minute, on " in added.stdout
    text = stsdesk(data, "stats").stdout
    assert "Current streak: 1 practice day (longest: 1)." in text
    assert "In all: 1 practice, 1 minute." in text
    assert "Consistency is given once your log goes back 14 days." in text  # not 100/100
    assert "not a measurement" in text
    assert "  Body scan: -2.0 over 1 rated practice" in text
    assert not re.search(r"\b1 (practices|minutes|practice days|days)\b", text), text
    listing = stsdesk(data, "list").stdout.splitlines()
    assert not [line for line in listing if line.endswith("; ]") or "(s)" in line]
    (critic,) = [line for line in listing if line.startswith("answering-the-inner-critic ")]
    assert critic.endswith("[compassion; 5, 10 min]")
    (reset,) = [line for line in listing if line.startswith("between-clients-reset ")]
    assert reset.endswith("[stress; 1, 2, 3 min; discreet]")
