"""``course``, ``proqol``, ``check-content`` on a course and the full export, as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from stsdesk.core.course import Completion, CourseProgress
from stsdesk.infra.paths import resolve_paths
from stsdesk.store.database import PracticeStore
from stsdesk.store.selfcheck_store import SelfCheckLog

KEYS = {"day", "title", "state", "reading", "practice", "prompt"}


def stsdesk(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STSDESK_")}
    environment["TZ"] = "UTC"
    return subprocess.run(
        [sys.executable, "-m", "stsdesk", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_course_json_lists_fourteen_days_with_offered_practices(tmp_path: Path) -> None:
    result = stsdesk(tmp_path / "data", "course", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    days = json.loads(result.stdout)
    assert [d["day"] for d in days] == list(range(1, 15))
    assert all(set(d) >= KEYS for d in days)
    assert [d["state"] for d in days] == ["today"] + ["locked"] * 13
    offered = {e["id"] for e in json.loads(stsdesk(tmp_path / "data", "list", "--json").stdout)}
    assert {d["practice"] for d in days} <= offered
    assert all(150 <= len(d["reading"].split()) <= 300 for d in days)


def test_course_shows_progress_saved_in_the_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert stsdesk(data, "course").returncode == 0  # creates the log
    now = datetime.now(UTC)
    with PracticeStore.open(resolve_paths(data).database) as store:
        log = SelfCheckLog(store)
        # Day 1 three days ago, day 2 two days ahead (as after flying west): day 3 waits.
        first = CourseProgress("steadier-caring", completions=(Completion(1, now - timedelta(3)),))
        log.finish_course_day(first, practice_id=None, answer="my first answer")
        second = CourseProgress(
            "steadier-caring", completions=(*first.completions, Completion(2, now + timedelta(2)))
        )
        log.finish_course_day(second, practice_id=None)

    days = json.loads(stsdesk(data, "course", "--json").stdout)
    assert [d["state"] for d in days[:4]] == ["done", "done", "waiting", "locked"]
    text = stsdesk(data, "course")
    assert text.returncode == 0
    assert text.stdout.startswith("Fourteen days of steadier caring: 2 of 14 days done.")
    assert "Day  1  Noticing stress in your body  [done]" in text.stdout
    assert "Day  3  Resources that steady you  [opens later]" in text.stdout


def test_proqol_add_and_list(tmp_path: Path) -> None:
    data = tmp_path / "data"
    empty = stsdesk(data, "proqol")
    assert empty.returncode == 0
    assert "proqol.org" in empty.stdout
    assert "No ProQOL scores recorded yet." in empty.stdout

    added = stsdesk(data, "proqol", "add", "--cs", "38", "--bo", "24", "--sts", "30")
    assert added.returncode == 0, added.stderr
    assert "burnout 24 (moderate)" in added.stdout
    assert "high band" not in added.stdout
    high = stsdesk(
        data, "proqol", "add", "--cs", "41", "--bo", "22", "--sts", "42", "--date", "2026-01-05"
    )
    assert high.returncode == 0
    assert "Support page" in high.stdout
    assert "stsdesk play grounding-feet-and-seat" in high.stdout

    rows = json.loads(stsdesk(data, "proqol", "--json").stdout)
    assert next(r["taken_on"] for r in rows) == "2026-01-05"
    assert rows[0]["secondary_traumatic_stress"] == 42
    assert rows[0]["bands"] == {
        "compassion_satisfaction": "moderate",
        "burnout": "low",
        "secondary_traumatic_stress": "high",
    }
    assert len(rows) == 2


def test_proqol_entries_out_of_range_are_refused_with_a_sentence(tmp_path: Path) -> None:
    data = tmp_path / "data"
    cases = [
        (
            ("--cs", "9", "--bo", "20", "--sts", "20"),
            "Compassion satisfaction must be from 10 to 50",
        ),
        (("--cs", "20", "--bo", "51", "--sts", "20"), "Burnout must be from 10 to 50"),
        (("--cs", "20", "--bo", "20", "--sts", "x"), "Secondary traumatic stress must be a whole"),
        (("--cs", "20", "--bo", "20", "--sts", "20", "--date", "2999-01-01"), "in the future"),
        (("--cs", "20", "--bo", "20", "--sts", "20", "--date", "2026-02-30"), "a real day"),
    ]
    for arguments, message in cases:
        result = stsdesk(data, "proqol", "add", *arguments)
        assert result.returncode == 2, arguments
        assert result.stderr.startswith("stsdesk: ")
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
    assert json.loads(stsdesk(data, "proqol", "--json").stdout) == []


def test_check_content_reports_each_course_problem(tmp_path: Path) -> None:
    root = tmp_path / "course"
    (root / "days").mkdir(parents=True)
    (root / "course.toml").write_text(
        '[course]\nid = "mine"\ntitle = "Mine"\nsummary = "Two days."\ncredit = "Ours."\n'
    )
    good = (
        'title = "A day"\nreading = "Kind words."\npractice = "tracking-sensations"\n'
        'practice_minutes = 3\nprompt = "What did you notice?"\n'
    )
    (root / "days" / "01.toml").write_text("day = 1\n" + good)
    (root / "days" / "02.toml").write_text("day = 2\n" + good.replace("tracking", "\\u001b[31mx"))
    (root / "days" / "04.toml").write_text("day = 4\ncolour = 1\n" + good)
    result = stsdesk(tmp_path / "data", "check-content", str(root))
    assert result.returncode == 1
    assert "\x1b" not in result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) == 4, lines
    assert any("02.toml" in line and "practice" in line for line in lines)
    assert any("04.toml: colour: unknown field" in line for line in lines)
    assert any("has no file for day 3" in line for line in lines)
    assert lines[-1] == "3 problems; 0 exercises, 1 course day loaded."


def test_the_full_export_has_the_self_check_section(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert stsdesk(data, "proqol", "add", "--cs", "38", "--bo", "24", "--sts", "30").returncode == 0
    full = stsdesk(data, "export", "--format", "full-json")
    assert full.returncode == 0, full.stderr
    document = json.loads(full.stdout)
    assert document["format"] == "stsdesk-full"
    assert document["practices"] == []
    assert document["self_check"]["proqol"][0]["burnout"] == 24
    assert set(document["self_check"]) == {
        "proqol",
        "weekly_check_ins",
        "reflections",
        "course_days",
    }
    assert json.loads(stsdesk(data, "export", "--format", "json").stdout) == []  # unchanged
