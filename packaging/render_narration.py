"""Render a pack's narration: every spoken line, offline, with hibari-tts.

Each distinct ``say`` text of every exercise becomes one Ogg Vorbis clip in the pack's
``narration/`` folder, listed in ``narration/manifest.toml`` with its measured length (the
timeline uses it). A clip is named by a hash of the engine, its version, the voice, the speed
and the text as spoken (after the pronunciation overrides), so re-rendering changes only what
changed, and an edited script can never play a stale clip: the loader matches clips by text.

Per clip: synthesis (fixed noise seed; again, slower, while a line is faster than MAX_WPM),
the engine's own leading and trailing silence cut and
0.25 s of digital silence added at each end (pauses belong to the script, not the engine),
two-pass EBU R128 loudness normalisation with ffmpeg's ``loudnorm``, then Ogg Vorbis mono.
Unchanged texts and settings write nothing and never import the engine, so ``--check`` runs
where hibari-tts is not installed. ``--force`` re-renders every clip (after changing the
loudness or encoding settings below, which are not part of the file names).

Usage: python packaging/render_narration.py [PACK] [--check] [--force] [--jobs N]
(hibari-tts and ffmpeg are build tools: ``pip install 'stsdesk[narration]'``; the app only
plays the files.)
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import wave
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from stsdesk.core.catalog import load_pack
from stsdesk.core.pack_files import format_problem

if TYPE_CHECKING:
    from hibari import Hibari

DEFAULT_PACK = Path(__file__).resolve().parents[1] / "assets" / "packs" / "core"

ENGINE = "hibari-tts"
ENGINE_VERSION = "0.2.1"  # pinned: another version would sound different; a change re-renders all
VOICE = "heart"
# hibari's speed 1.0 is a conversational pace. At 0.85 the pack's clips measured a median of
# 177 words a minute (350 of 558 above 170); 0.75 gives 144, the pace the timeline's estimate
# (140) was written for.
SPEED = 0.75
# The voice's pace still varies from line to line: at 0.75, 118 of 612 clips measured above 160
# words a minute. Such a line is rendered again at each slower speed in turn until it is at or
# under MAX_WPM (the slowest is kept whatever it measures). A clip's name includes the speed it
# was rendered at, so clips at SPEED keep their names, and a render repeats exactly.
SLOWER_SPEEDS = (0.7, 0.65, 0.6)
MAX_WPM = 158.0
SEED = 0  # the engine's noise component, fixed so a render is repeatable

SAMPLE_RATE = 24000  # the engine's own rate: no resampling
FRAME = 240  # 10 ms, for finding where the speech starts and ends
TRIM_BELOW_PEAK_DB = 50.0  # quieter than this under the loudest 10 ms counts as silence
TRIM_MARGIN = 480  # 20 ms kept around the speech, for soft onsets and decays
PAD_SECONDS = 0.25
TARGET_LUFS = -18.0
LIMITER_CEILINGS = (-3.0, -4.0, -5.0)  # dBTP, each tried in turn while Vorbis overshoots
LOWPASS_HZ = 10000  # the engine's hiss above this only gives Vorbis peaks to overshoot on
TRUE_PEAK_LIMIT = -1.5
LOUDNESS_RANGE = 7.0
LOUDNESS_TOLERANCE = 0.5  # LU between the target and what the encoded clip measures
VORBIS_QUALITY = 3
WPM_RANGE = (110.0, 170.0)

# Words the engine gets wrong, respelled or given phonemes inline (misaki's "[word](/phonemes/)").
# Each key is matched as whole words, case-sensitively; the first three are heteronyms the
# part-of-speech tagger misreads in these scripts.
PRONUNCIATIONS: dict[str, str] = {
    "eyes close": "eyes [close](/klˈOz/)",  # "let your eyes close": the verb, not "near"
    "feeling live": "feeling [live](/lˈɪv/)",  # "where does this feeling live": not "live music"
    "wound up": "[wound](/wˈWnd/) up",  # "feel wound up": not an injury
    "wellbeing": "well-being",  # the lexicon has only this spelling; the guess lost the stress
}


@dataclass(frozen=True)
class Line:
    """One distinct spoken text, as written and as sent to the engine."""

    text: str
    spoken: str
    speed: float = SPEED

    @property
    def file(self) -> str:
        """The clip's name: a hash of everything that decides how it sounds."""
        recipe = json.dumps([ENGINE, ENGINE_VERSION, VOICE, self.speed, self.spoken])
        return hashlib.sha256(recipe.encode()).hexdigest()[:16] + ".ogg"

    def at(self, speed: float) -> Line:
        """The same line, rendered at ``speed``."""
        return dataclasses.replace(self, speed=speed)

    def too_fast(self, seconds: float) -> bool:
        """Faster than MAX_WPM, with a slower speed still to try."""
        return self.speed != SLOWER_SPEEDS[-1] and words_per_minute(self, seconds) > MAX_WPM

    @property
    def words(self) -> int:
        return len(self.text.split())


def pronounce(text: str) -> str:
    """``text`` with the pronunciation overrides applied."""
    for phrase, replacement in PRONUNCIATIONS.items():
        text = re.sub(rf"\b{re.escape(phrase)}\b", replacement, text)
    return text


def spoken_lines(pack: Path) -> list[Line]:
    """Every distinct ``say`` text of the pack's exercises, sorted.

    The pack is loaded from a copy without its narration: with real clip lengths an exercise
    may no longer fit a length and would be dropped, and its lines with it; those lines still
    need their clips. Any other problem stops the render (its clips would be deleted).
    """
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "pack"
        shutil.copytree(pack, copy, symlinks=True, ignore=shutil.ignore_patterns("narration"))
        loaded = load_pack(copy)
    if loaded.problems or loaded.pack is None:
        problems = "\n".join(format_problem(p) for p in loaded.problems)
        raise SystemExit(f"{pack}: fix these first (stsdesk check-content):\n{problems}")
    texts = {step.say for e in loaded.exercises for step in e.steps if step.say}
    return [Line(text, pronounce(text)) for text in sorted(texts)]


# --- ffmpeg ---------------------------------------------------------------------------------


def ffmpeg(*args: str) -> str:
    """Run ffmpeg and return its stderr, where the measuring filters print."""
    result = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stderr


def seconds_of(path: Path) -> float:
    """The encoded clip's length, from its last granule position, to the millisecond."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return round(float(result.stdout), 3)


@dataclass(frozen=True)
class Loudness:
    """ffmpeg's EBU R128 meter (``ebur128``) on one file: LUFS, and the true peak in dBTP."""

    integrated: float
    peak: float


def parse_ebur128(log: str, name: str) -> Loudness:
    """The summary ``ebur128=peak=true`` prints at the end of a run."""
    summary = log[log.rindex("Summary:") :]
    lufs = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if lufs is None or peak is None:
        raise RuntimeError(f"could not read the loudness of {name}:\n{summary}")
    return Loudness(float(lufs.group(1)), float(peak.group(1)))


def measure(path: Path) -> Loudness:
    """Measure with the meter the bells, the ambience and the tests use."""
    log = ffmpeg("-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-")
    return parse_ebur128(log, path.name)


def normalise(wav: Path, gain: float, ceiling: float, ogg: Path) -> None:
    """Two-pass ``loudnorm``, always linear: one gain, the voice otherwise left as it is.

    loudnorm falls back to a dynamic mode when its gain would push the true peak over the
    limit, and that mode leaves clips under 3 s far too quiet (one measured -33.6 LUFS). Speech
    peaks 14 to 22 dB above its loudness, so first the clip gets ``gain`` (to near the target),
    a low-pass and a limiter (4x oversampled, so it sees the peaks between samples) that holds
    the peaks under ``ceiling`` dBTP. Pass one measures; pass two applies, and must stay linear.
    Its gain is set by ``ebur128``, the meter the bells, the ambience and the tests use:
    loudnorm's own meter reads up to 0.7 LU quieter on these clips.
    """
    limited = wav.with_suffix(".limited.wav")
    ffmpeg(
        "-y", "-loglevel", "error", "-i", str(wav), "-af",
        f"volume={gain:.2f}dB,lowpass=f={LOWPASS_HZ},aresample={4 * SAMPLE_RATE},"
        f"alimiter=limit={10 ** (ceiling / 20):.4f}:level=false:latency=true,"
        f"aresample={SAMPLE_RATE}",
        "-c:a", "pcm_f32le", str(limited),
    )  # fmt: skip
    target = f"loudnorm=I={TARGET_LUFS}:TP={TRUE_PEAK_LIMIT}:LRA={LOUDNESS_RANGE}"
    log = ffmpeg(
        "-i", str(limited), "-af", f"ebur128=peak=true,{target}:print_format=json",
        "-f", "null", "-",
    )  # fmt: skip
    stats = json.loads(log[log.rindex("{") :])
    level = parse_ebur128(log[: log.rindex("{")], limited.name)
    log = ffmpeg(
        "-y", "-i", str(limited), "-af",
        f"{target}:measured_I={level.integrated}:measured_TP={stats['input_tp']}"
        f":measured_LRA={stats['input_lra']}:measured_thresh={stats['input_thresh']}"
        ":linear=true:print_format=json",
        "-ac", "1", "-ar", str(SAMPLE_RATE), "-c:a", "libvorbis", "-q:a", str(VORBIS_QUALITY),
        "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact", str(ogg),
    )  # fmt: skip
    limited.unlink()
    mode = json.loads(log[log.rindex("{") :])["normalization_type"]
    if mode != "linear":
        raise RuntimeError(f"{wav.name}: loudnorm went {mode}, not linear")


# --- synthesis (in worker processes) --------------------------------------------------------


@cache
def engine() -> Hibari:
    """The TTS engine, loaded once per worker process, and only when a clip is missing."""
    from hibari import Hibari

    return Hibari(voice=VOICE, threads=1)


def write_speech(spoken: str, wav: Path, speed: float = SPEED) -> float:
    """Synthesise, cut the engine's silence at both ends, pad, and write a 16-bit WAV.

    Returns the WAV's length in seconds.
    """
    import numpy as np

    audio = engine()(spoken, speed=speed, seed=SEED)
    frames = audio[: len(audio) // FRAME * FRAME].reshape(-1, FRAME)
    level = 10.0 * np.log10(np.mean(frames.astype(np.float64) ** 2, axis=1) + 1e-20)
    loud = np.flatnonzero(level > level.max() - TRIM_BELOW_PEAK_DB)
    start = max(int(loud[0]) * FRAME - TRIM_MARGIN, 0)
    end = min((int(loud[-1]) + 1) * FRAME + TRIM_MARGIN, len(audio))
    pad = np.zeros(round(PAD_SECONDS * SAMPLE_RATE), np.float32)
    speech = np.concatenate([pad, audio[start:end], pad])
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes((np.clip(speech, -1.0, 1.0) * 32767.0).astype("<i2").tobytes())
    return len(speech) / SAMPLE_RATE


def render_clip(line: Line, work: Path) -> tuple[Line, Path, float]:
    """One clip, in ``work``: returns the line at the speed it was rendered at, the clip's path
    and its length, once its pace, loudness and peak pass.

    A line faster than MAX_WPM is synthesised again at the next slower speed. Vorbis lets the
    true peak overshoot by a dB or so at this quality, so a clip that ends up over the limit is
    normalised again under the next, lower limiter ceiling.
    """
    for speed in (SPEED, *SLOWER_SPEEDS):
        line = line.at(speed)
        wav = work / f"{line.file}.wav"
        if not line.too_fast(write_speech(line.spoken, wav, speed)):
            break
        wav.unlink()
    ogg = work / line.file
    gain = TARGET_LUFS - measure(wav).integrated
    for ceiling in LIMITER_CEILINGS:
        normalise(wav, gain, ceiling, ogg)
        level = measure(ogg)
        if level.peak < TRUE_PEAK_LIMIT:  # the meter rounds to 0.1 dB: -1.5 may be over
            break
    wav.unlink()
    if abs(level.integrated - TARGET_LUFS) > LOUDNESS_TOLERANCE or level.peak >= TRUE_PEAK_LIMIT:
        raise RuntimeError(f"{line.text!r}: encoded at {level.integrated} LUFS, {level.peak} dBTP")
    return line, ogg, seconds_of(ogg)


# --- the manifest ---------------------------------------------------------------------------


def toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes are all valid TOML escapes."""
    return json.dumps(value, ensure_ascii=False)


def manifest_text(lines: Iterable[Line], seconds: dict[str, float]) -> str:
    """The manifest the loader reads: the voice, then one clip per text, sorted by text."""
    out = [
        "# Written by packaging/render_narration.py; do not edit.",
        "[voice]",
        f"engine = {toml_string(f'{ENGINE} {ENGINE_VERSION}')}",
        f"voice = {toml_string(VOICE)}",
        f"speed = {SPEED}",
    ]
    for line in lines:
        out += [
            "",
            "[[clips]]",
            f"file = {toml_string(line.file)}",
            f"text = {toml_string(line.text)}",
            f"seconds = {seconds[line.file]}",
        ]
    return "\n".join(out) + "\n"


def known_files(narration: Path) -> dict[str, str]:
    """The clip the current manifest records for each text; none if it is missing or broken."""
    try:
        manifest = tomllib.loads((narration / "manifest.toml").read_text(encoding="utf-8"))
        return {clip["text"]: clip["file"] for clip in manifest.get("clips", [])}
    except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError):
        return {}


def recorded_speed(line: Line, file: str | None) -> Line:
    """``line`` at the speed its recorded clip was rendered at (SPEED if none matches)."""
    for speed in SLOWER_SPEEDS:
        if line.at(speed).file == file:
            return line.at(speed)
    return line


def known_seconds(narration: Path) -> dict[str, float]:
    """Clip lengths the current manifest records, by file; none if it is missing or broken."""
    try:
        manifest = tomllib.loads((narration / "manifest.toml").read_text(encoding="utf-8"))
        return {clip["file"]: float(clip["seconds"]) for clip in manifest.get("clips", [])}
    except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError):
        return {}


def words_per_minute(line: Line, seconds: float) -> float:
    """The speaking rate, over the clip less the silence this script adds."""
    return line.words * 60.0 / max(seconds - 2 * PAD_SECONDS, 0.1)


# --- the build ------------------------------------------------------------------------------


def require_engine() -> None:
    """Rendering needs the pinned engine; say how to get it, not a traceback."""
    try:
        installed = importlib.metadata.version(ENGINE)
    except importlib.metadata.PackageNotFoundError:
        raise SystemExit(f"{ENGINE} is needed: pip install 'stsdesk[narration]'") from None
    if installed != ENGINE_VERSION:
        raise SystemExit(
            f"{ENGINE} {installed} is installed; this script renders with {ENGINE_VERSION} "
            f"(pip install '{ENGINE}=={ENGINE_VERSION}', or raise ENGINE_VERSION to re-render all)"
        )


def require_ffmpeg() -> None:
    """Normalising, encoding and measuring are ffmpeg's."""
    if shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None:
        raise SystemExit("ffmpeg and ffprobe are needed (Debian: apt-get install ffmpeg)")


def render(
    missing: list[Line], narration: Path, jobs: int
) -> tuple[dict[str, float], dict[str, Line]]:
    """Render the missing clips in ``jobs`` processes, moving each into place when done.

    Returns each new clip's length by file, and the line at its rendered speed by spoken text.
    """
    seconds: dict[str, float] = {}
    rendered: dict[str, Line] = {}
    narration.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(dir=narration, prefix=".render-") as tmp,
        ProcessPoolExecutor(max_workers=jobs) as pool,
    ):
        futures = {pool.submit(render_clip, line, Path(tmp)): line for line in missing}
        try:
            for done, future in enumerate(as_completed(futures), start=1):
                line, ogg, length = future.result()
                seconds[line.file] = length
                rendered[line.spoken] = line
                os.replace(ogg, narration / line.file)
                if done % 50 == 0 or done == len(missing):
                    print(f"rendered {done}/{len(missing)}")
        except BaseException:
            pool.shutdown(cancel_futures=True)  # stop at the first failure, not after the rest
            raise
    return seconds, rendered


def report(lines: list[Line], seconds: dict[str, float], narration: Path, took: float) -> None:
    """The summary: clip count, length, size, render time, and clips outside the usual pace."""
    total = sum(seconds[line.file] for line in lines)
    size = sum((narration / line.file).stat().st_size for line in lines)
    rates = {line.text: words_per_minute(line, seconds[line.file]) for line in lines}
    low, high = WPM_RANGE
    flagged = sorted((rate, text) for text, rate in rates.items() if not low <= rate <= high)
    for rate, text in flagged:
        print(f"warning: {rate:5.0f} wpm: {text}")
    print(
        f"{len(lines)} clips, {total / 60:.1f} min, {size / 1e6:.1f} MB; took {took:.0f} s; "
        f"{min(rates.values()):.0f} to {max(rates.values()):.0f} wpm, "
        f"{len(flagged)} outside {low:.0f} to {high:.0f}"
    )


def unused_overrides(lines: list[Line]) -> list[str]:
    """Overrides no line uses any more: stale entries to remove from the table."""
    return [
        phrase
        for phrase in PRONUNCIATIONS
        if not any(re.search(rf"\b{re.escape(phrase)}\b", line.text) for line in lines)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render a pack's narration with hibari-tts.")
    parser.add_argument("pack", nargs="?", type=Path, default=DEFAULT_PACK, help="default: core")
    parser.add_argument("--check", action="store_true", help="exit 1 if out of date; write nothing")
    parser.add_argument("--force", action="store_true", help="re-render every clip")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes to use")
    args = parser.parse_args(argv)
    narration = args.pack / "narration"
    by_text = known_files(narration)
    lines = [recorded_speed(line, by_text.get(line.text)) for line in spoken_lines(args.pack)]
    for phrase in unused_overrides(lines):
        print(f"warning: the pronunciation override {phrase!r} matches no line")
    wanted = {line.file for line in lines}
    recorded = known_seconds(narration)
    seconds = {f: s for f, s in recorded.items() if f in wanted and (narration / f).is_file()}
    # By file: two texts the overrides make identical share one clip. Too fast: rendered before
    # the pace limit, so again, slower.
    missing = {
        line.file: line
        for line in lines
        if args.force
        or not (narration / line.file).is_file()
        or (line.file in seconds and line.too_fast(seconds[line.file]))
    }
    # Rendered but not in the manifest: a render that was interrupted before writing it.
    unmeasured = wanted - missing.keys() - seconds.keys()
    orphans = sorted(p for p in narration.glob("*.ogg") if p.name not in wanted)
    manifest = narration / "manifest.toml"
    old = manifest.read_text(encoding="utf-8") if manifest.is_file() else None
    stale = missing or unmeasured or orphans
    if not stale and old == manifest_text(lines, seconds):
        print(f"{narration}: up to date ({len(lines)} clips)")
        return 0
    if args.check:
        print(
            f"{narration}: out of date ({len(missing)} to render, {len(orphans)} to remove, "
            f"{len(unmeasured)} to measure); run python packaging/render_narration.py"
        )
        return 1
    if missing:
        require_engine()
    require_ffmpeg()
    started = time.monotonic()
    seconds.update({file: seconds_of(narration / file) for file in unmeasured})
    if missing:
        new, rendered = render(list(missing.values()), narration, max(1, args.jobs))
        seconds.update(new)
        lines = [
            line.at(rendered[line.spoken].speed) if line.file in missing else line for line in lines
        ]
    took = time.monotonic() - started
    kept = {line.file for line in lines}
    orphans = sorted(p for p in narration.glob("*.ogg") if p.name not in kept)
    for orphan in orphans:
        orphan.unlink()
    partial = manifest.with_suffix(".toml.partial")
    partial.write_text(manifest_text(lines, seconds), encoding="utf-8")
    os.replace(partial, manifest)  # never half a manifest, even if interrupted
    done = f"{len(missing)} rendered, {len(unmeasured)} measured, {len(orphans)} removed"
    print(f"{narration}: {done}")
    report(lines, seconds, narration, took)
    problems = load_pack(args.pack).problems
    for problem in problems:
        print(f"after rendering: {format_problem(problem)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
