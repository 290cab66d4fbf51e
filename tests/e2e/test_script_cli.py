"""``stsdesk script``: a practice as a transcript, from the real command in a subprocess."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from stsdesk.core.catalog import load_pack

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "assets" / "packs" / "core"
RIVERSIDE = REPO / "packaging" / "examples" / "riverside-pack"
CLIP_SECONDS = {
    clip["text"]: clip["seconds"]
    for clip in tomllib.loads((PACK / "narration" / "manifest.toml").read_text("utf-8"))["clips"]
}


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


def spoken(exercise_id: str, minutes: int) -> list[str]:
    exercise = next(e for e in load_pack(PACK).exercises if e.id == exercise_id)
    return [step.say for step in exercise.steps_for(minutes) if step.say]


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_json_lists_every_spoken_line_in_time_order_with_its_clip_length(tmp_path: Path) -> None:
    result = stsdesk(tmp_path, "script", "body-scan", "--minutes", "10", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    times = [item["at"] for item in items]
    assert times == sorted(times)
    assert items[0] == {"at": 0.0, "kind": "bell", "bell": "start"}
    assert items[-2:] == [
        {"at": 600.0, "kind": "bell", "bell": "end"},
        {"at": 600.0, "kind": "end"},
    ]
    speech = [item for item in items if item["kind"] == "speech"]
    assert [item["text"] for item in speech] == spoken("body-scan", 10)
    for item in speech:
        assert item["duration"] == pytest.approx(CLIP_SECONDS[item["text"]], abs=0.01)
    for item in items:
        assert set(item) <= {"at", "kind", "text", "duration", "bell", "breaths", "pattern"}
        assert item["kind"] in {"bell", "speech", "show", "breath", "pause", "end"}
    # Speech never overlaps the next item, and pauses fill the silences between them.
    for item, after in itertools.pairwise(items):
        if item["kind"] in ("speech", "pause"):
            assert item["at"] + item["duration"] <= after["at"] + 0.02


def test_breathing_is_one_item_a_section_and_one_line_of_text(tmp_path: Path) -> None:
    as_json = stsdesk(tmp_path, "script", "breath-holds", "--minutes", "3", "--json")
    assert as_json.returncode == 0, as_json.stderr
    sections = [item for item in json.loads(as_json.stdout) if item["kind"] == "breath"]
    assert sections[0]["breaths"] == 4  # the capped holds: four rounds, no more
    assert sections[0]["pattern"] == {"in": 4, "hold": 4, "out": 4, "rest": 4}
    assert sections[0]["duration"] == 64
    text = stsdesk(tmp_path, "script", "breath-holds", "--minutes", "3")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "Box or 4-7-8 breathing, 3 minutes (Box: 4 in, hold 4, 4 out, hold 4)"
    assert " 0:00  (start bell)" in lines
    assert any(
        line.endswith("(breathing: 4 breaths, in 4 s, hold 4 s, out 4 s, hold 4 s; 1 min 04 s)")
        for line in lines
    )
    assert lines[-2:] == [" 3:00  (end bell)", " 3:00  (end)"]


def test_text_shows_each_line_at_its_time(tmp_path: Path) -> None:
    result = stsdesk(tmp_path, "script", "grounding-at-the-desk", "--minutes", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == ["Grounding at the desk, 1 minute", "", " 0:00  (start bell)"]
    said = spoken("grounding-at-the-desk", 1)
    assert lines[3] == f" 0:03  {said[0]}"
    texts = [line[7:] for line in lines[3:]]
    assert [t for t in texts if not t.startswith("(")] == said


def test_a_variant_and_the_shortest_length_by_default(tmp_path: Path) -> None:
    result = stsdesk(tmp_path, "script", "breath-holds", "--variant", "four-seven-eight")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Box or 4-7-8 breathing, 3 minutes (4 in, hold 7, 8 out")
    assert "in 4 s, hold 7 s, out 8 s" in result.stdout


def test_a_pack_from_the_policy_at_each_of_its_lengths(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(f"[content]\npacks = [{json.dumps(str(RIVERSIDE))}]\n", encoding="utf-8")
    later = "Name one thing that is still with you. You can leave it here until tomorrow."
    for minutes, included in (("1", False), ("3", True)):
        result = stsdesk(
            tmp_path, "--policy", str(policy), "script", "end-of-shift-check-out",
            "--minutes", minutes,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert (later in result.stdout) is included


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("no-such-practice",), "There is no practice called 'no-such-practice'"),
        (("body-scan", "--minutes", "7"), "Body scan is offered at 5, 10, 15, 20 minutes, not 7."),
        (("body-scan", "--minutes", "٣"), "--minutes must be a whole number of minutes"),
        (("breath-holds", "--variant", "square"), "has the variants box, four-seven-eight"),
        (("body-scan", "--variant", "box"), "Body scan has no breathing variants."),
    ],
)
def test_unusable_input_is_one_sentence_and_exit_status_2(
    tmp_path: Path, args: tuple[str, ...], sentence: str
) -> None:
    line = one_sentence(stsdesk(tmp_path, "script", *args, "--json"))
    assert line.startswith("stsdesk: ")
    assert sentence in line


def test_a_hostile_id_is_shown_not_obeyed(tmp_path: Path) -> None:
    line = one_sentence(stsdesk(tmp_path, "script", "\x1b[2J\u202eevil"))
    assert "\x1b" not in line
    assert "\u202e" not in line
    assert "'evil'" in line  # the escape sequence removed whole
