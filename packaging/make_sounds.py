"""Synthesise stsdesk's bells and ambience beds: our own sounds, reproducible, no recordings.

Pure-Python synthesis with fixed seeds writes 16-bit mono WAVs (byte-identical on every run);
ffmpeg then sets the loudness in two passes and encodes Ogg Vorbis. Pass one measures with
ffmpeg's EBU R128 meter (``ebur128``); pass two applies one linear gain (the ``volume`` filter),
which is what ``loudnorm``'s linear mode does. ``loudnorm`` itself is not used: on these
few-second bells its measurement was 1.8 LU off the reference meter, and its second pass
resamples through 192 kHz, which would disturb a loop's first and last samples.
``assets/sounds/manifest.toml`` records each file's measured loudness and a hash of this script:
when the hash and every file match, the script writes nothing.

Usage: python packaging/make_sounds.py [--out DIR] [--check] [--force] [--keep-wav DIR]
(ffmpeg is a build tool here, never a runtime dependency.)
"""

from __future__ import annotations

import argparse
import hashlib
import io
import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import wave
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

RATE = 44100
SOUNDS_DIR = Path(__file__).resolve().parents[1] / "assets" / "sounds"
BELL_LUFS = -20.0
AMBIENCE_LUFS = -30.0  # a quiet bed under a voice normalised to -18 LUFS
STEP_BELL_LEVEL = -5.0  # dB under the start and end bells
TRUE_PEAK_LIMIT = -2.0  # dBTP; the tests allow -1.5, this leaves room for the encoder
LOUDNESS_TOLERANCE = 0.5  # LU between the target and what the encoded file measures
VORBIS_QUALITY = 4
WAV_PEAK = 0.5  # the intermediates keep 6 dB of headroom; ffmpeg sets the real level

# A singing bowl's modes are inharmonic; each is split in two close frequencies, which gives the
# slow beating of a real bowl. (frequency ratio, amplitude, decay relative to the fundamental)
BOWL_MODES = ((1.0, 1.0, 1.0), (2.76, 0.45, 0.6), (5.40, 0.18, 0.35), (8.93, 0.06, 0.2))
TOP_PARTIAL_HZ = 3800.0  # nothing harsh on laptop speakers
BELL_ATTACK = 0.012  # seconds: soft mallet, no click
BELL_RELEASE = 1.0  # seconds of raised-cosine fade, ending on an exact zero

PRE_ROLL = RATE // 2  # samples discarded while the filters settle
LOOP_CROSSFADE = 2 * RATE  # samples of tail folded into the head
# The ocean's waves come one by one, each its own length and height, so the ear follows them;
# over a 24 s loop the same three waves came round again and again. 90 s holds about ten.
OCEAN_SECONDS = 90.0
WAVE_GAP = (6.5, 13.0)  # seconds between crests
CONTROL_RATE = 100  # swell envelope points a second, interpolated to the sample rate


@dataclass(frozen=True)
class SoundSpec:
    """One output file: ``synth(seconds)`` returns float samples in -1..1."""

    name: str
    kind: str  # "bell" or "ambience"
    seconds: float
    synth: Callable[[float], list[float]]
    level: float = 0.0  # dB relative to the kind's loudness

    @property
    def target_lufs(self) -> float:
        return (BELL_LUFS if self.kind == "bell" else AMBIENCE_LUFS) + self.level


# --- building blocks ----------------------------------------------------------------------


def lowpass(x: list[float], cutoff: float) -> list[float]:
    """One-pole low-pass: 6 dB per octave, no ringing, the gentlest way to take the edge off."""
    a = math.exp(-2.0 * math.pi * cutoff / RATE)
    b = 1.0 - a
    y = 0.0
    out = [0.0] * len(x)
    for i, v in enumerate(x):
        y = b * v + a * y
        out[i] = y
    return out


def highpass(x: list[float], cutoff: float) -> list[float]:
    """The complement of ``lowpass``: removes rumble and DC."""
    return [v - w for v, w in zip(x, lowpass(x, cutoff), strict=True)]


def white(rng: random.Random, n: int) -> list[float]:
    return [rng.random() * 2.0 - 1.0 for _ in range(n)]


def pink(rng: random.Random, n: int) -> list[float]:
    """Pink (1/f) noise by Paul Kellet's refined filter bank: even energy per octave."""
    b0 = b1 = b2 = b3 = b4 = b5 = b6 = 0.0
    out = [0.0] * n
    for i in range(n):
        w = rng.random() * 2.0 - 1.0
        b0 = 0.99886 * b0 + w * 0.0555179
        b1 = 0.99332 * b1 + w * 0.0750759
        b2 = 0.96900 * b2 + w * 0.1538520
        b3 = 0.86650 * b3 + w * 0.3104856
        b4 = 0.55000 * b4 + w * 0.5329522
        b5 = -0.7616 * b5 - w * 0.0168980
        out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362
        b6 = w * 0.115926
    return out


def unit_rms(x: list[float]) -> list[float]:
    """Scale to an RMS of 1, so layers can be mixed by their intended relative level."""
    scale = 1.0 / math.sqrt(sum(v * v for v in x) / len(x))
    return [v * scale for v in x]


def seamless(x: list[float], n: int) -> list[float]:
    """Fold the tail ``x[n:]`` into the head with an equal-power crossfade.

    On loop, the last sample (``x[n-1]``) is followed by what was ``x[n]``: the seam is the
    signal's own continuation, and the crossfade hides the join inside the first seconds.
    """
    out = x[:n]
    for i in range(LOOP_CROSSFADE):
        g = 0.5 * math.pi * i / LOOP_CROSSFADE
        out[i] = x[i] * math.sin(g) + x[n + i] * math.cos(g)
    return out


# --- the sounds ---------------------------------------------------------------------------


def bell(fundamental: float, seconds: float, decay: float, seed: int) -> list[float]:
    """A struck singing bowl: inharmonic modes, each decaying exponentially, higher ones faster."""
    rng = random.Random(seed)
    n = round(seconds * RATE)
    out = [0.0] * n
    for ratio, amplitude, decay_factor in BOWL_MODES:
        frequency = fundamental * ratio
        if frequency > TOP_PARTIAL_HZ:
            continue
        step = math.exp(-1.0 / (decay * decay_factor * RATE))
        for f in (frequency, frequency + rng.uniform(0.4, 1.2)):
            omega = 2.0 * math.pi * f / RATE
            phase = rng.uniform(0.0, 2.0 * math.pi)
            envelope = amplitude / 2.0
            for i in range(n):
                out[i] += envelope * math.sin(omega * i + phase)
                envelope *= step
    attack = round(BELL_ATTACK * RATE)
    for i in range(attack):
        out[i] *= 0.5 - 0.5 * math.cos(math.pi * i / attack)
    release = round(BELL_RELEASE * RATE)
    for i in range(release):
        out[n - 1 - i] *= 0.5 - 0.5 * math.cos(math.pi * i / release)
    return out


def rain(seconds: float, seed: int) -> list[float]:
    """Gentle rain: soft band-limited hiss, a little low body, and sparse quiet droplets."""
    rng = random.Random(seed)
    n = round(seconds * RATE)
    total = PRE_ROLL + n + LOOP_CROSSFADE
    hiss = unit_rms(lowpass(lowpass(highpass(white(rng, total), 400.0), 2500.0), 2500.0))
    body = unit_rms(lowpass(lowpass(pink(rng, total), 600.0), 600.0))
    x = [h + 0.5 * b for h, b in zip(hiss, body, strict=True)]
    for _ in range(round(6.0 * total / RATE)):  # about six droplets a second
        start = rng.randrange(total)
        omega = 2.0 * math.pi * rng.uniform(1200.0, 3000.0) / RATE
        amplitude = 1.6 * rng.random() ** 2
        length = round(rng.uniform(0.006, 0.025) * RATE)
        onset = round(0.0015 * RATE)
        for i in range(min(6 * length, total - start)):
            rise = 0.5 - 0.5 * math.cos(math.pi * i / onset) if i < onset else 1.0
            x[start + i] += amplitude * rise * math.exp(-i / length) * math.sin(omega * i)
    return seamless(x[PRE_ROLL:], n)


def waves(seconds: float, rng: random.Random) -> list[float]:
    """A swell envelope (0..1) at ``CONTROL_RATE``: irregular waves that wrap round the loop.

    Crests come ``WAVE_GAP`` apart at random, the gaps scaled to fill the loop exactly; each
    wave rises slowly, breaks and recedes faster, at its own height. Distances are taken round
    the loop, so the envelope is periodic: its end runs into its start without a step.
    """
    gaps: list[float] = []
    while sum(gaps) < seconds - WAVE_GAP[0]:
        gaps.append(rng.uniform(*WAVE_GAP))
    gaps = [gap * seconds / sum(gaps) for gap in gaps]
    crests, at = [], 0.0
    for gap in gaps:
        at += gap
        # (crest, rise, fall, height); the rise and fall span about two gaps, so waves overlap
        crests.append((at % seconds, gap * rng.uniform(0.9, 1.2), gap * rng.uniform(0.5, 0.7),
                       rng.uniform(0.45, 1.0)))  # fmt: skip
    points = round(seconds * CONTROL_RATE)
    envelope = [0.0] * points
    for k in range(points):
        t = k / CONTROL_RATE
        level = 0.0
        for crest, rise, fall, height in crests:
            d = (t - crest + seconds / 2) % seconds - seconds / 2  # round the loop
            if -rise < d <= 0.0:
                level += height * (0.5 + 0.5 * math.cos(math.pi * d / rise))
            elif 0.0 < d < fall:
                level += height * (0.5 + 0.5 * math.cos(math.pi * d / fall))
        envelope[k] = min(level, 1.0)
    return envelope


def ocean(seconds: float, seed: int) -> list[float]:
    """Low ocean: deep rumbling noise that swells, with a soft wash on each crest.

    The waves (``waves``) are irregular and wrap round the loop, so they too are continuous
    at the seam; the noise is folded by ``seamless`` as in the other beds.
    """
    rng = random.Random(seed)
    n = round(seconds * RATE)
    total = PRE_ROLL + n + LOOP_CROSSFADE
    body = unit_rms(lowpass(lowpass(pink(rng, total), 300.0), 300.0))
    wash = unit_rms(lowpass(lowpass(highpass(pink(rng, total), 300.0), 1500.0), 1500.0))
    envelope = waves(seconds, rng)
    points = len(envelope)
    x = [0.0] * total
    for i in range(total):
        position = ((i - PRE_ROLL) % n) * CONTROL_RATE / RATE
        k = int(position)
        frac = position - k
        swell = envelope[k % points] * (1.0 - frac) + envelope[(k + 1) % points] * frac
        x[i] = body[i] * (0.3 + 0.7 * swell) + 0.5 * wash[i] * swell**3
    return seamless(x[PRE_ROLL:], n)


def warm(seconds: float, seed: int) -> list[float]:
    """Warm pink noise: pink noise with the top rolled off, like a distant fan."""
    rng = random.Random(seed)
    n = round(seconds * RATE)
    total = PRE_ROLL + n + LOOP_CROSSFADE
    x = highpass(lowpass(lowpass(pink(rng, total), 700.0), 700.0), 30.0)
    return seamless(x[PRE_ROLL:], n)


SOUNDS = (
    SoundSpec("bell-start", "bell", 4.0, partial(bell, 330.0, decay=1.2, seed=11)),
    # Between steps, mid-practice: a reminder, not an alarm. At -20 LUFS its attack (the loudest
    # 400 ms) was louder than the voice's loudest moments; 5 dB down, it sits under them.
    SoundSpec("bell-step", "bell", 3.0, partial(bell, 392.0, decay=0.8, seed=12), STEP_BELL_LEVEL),
    SoundSpec("bell-end", "bell", 5.0, partial(bell, 262.0, decay=1.5, seed=13)),
    SoundSpec("ambience-rain", "ambience", 24.0, partial(rain, seed=21)),
    SoundSpec("ambience-ocean", "ambience", OCEAN_SECONDS, partial(ocean, seed=22)),
    SoundSpec("ambience-warm", "ambience", 24.0, partial(warm, seed=23)),
)


def render(name: str) -> bytes:
    """The WAV intermediate of one sound: mono, 16-bit, peak at ``WAV_PEAK``."""
    spec = next(s for s in SOUNDS if s.name == name)
    samples = spec.synth(spec.seconds)
    scale = WAV_PEAK * 32767.0 / max(abs(v) for v in samples)
    pcm = array("h", (round(v * scale) for v in samples))
    if sys.byteorder == "big":
        pcm.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.tobytes())
    return buffer.getvalue()


# --- loudness and encoding ----------------------------------------------------------------


def ffmpeg(*args: str) -> str:
    """Run ffmpeg and return its stderr, where the measuring filters print."""
    result = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"ffmpeg {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stderr


def encode(wav: Path, ogg: Path, gain: float) -> None:
    """Pass two: the gain, then Ogg Vorbis; bit-exact flags keep reruns byte-identical."""
    ffmpeg(
        "-y", "-loglevel", "error", "-i", str(wav), "-af", f"volume={gain:.3f}dB",
        "-ac", "1", "-ar", str(RATE), "-c:a", "libvorbis", "-q:a", str(VORBIS_QUALITY),
        "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact", str(ogg),
    )  # fmt: skip


def gain_to(target: float, lufs: float, peak: float, name: str) -> float:
    """The one linear gain (dB) that brings a measured file to ``target`` within the peak limit."""
    gain = target - lufs
    if peak + gain > TRUE_PEAK_LIMIT:
        raise SystemExit(f"{name}: too peaky for {target} LUFS under {TRUE_PEAK_LIMIT} dBTP")
    return gain


def measure(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) by ffmpeg's EBU R128 meter."""
    log = ffmpeg("-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-")
    summary = log[log.rindex("Summary:") :]
    lufs = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if lufs is None or peak is None:
        raise SystemExit(f"could not read the loudness of {path}:\n{summary}")
    return float(lufs.group(1)), float(peak.group(1))


# --- up to date? --------------------------------------------------------------------------


def recipe_hash() -> str:
    """A hash of this script (parameters and code): any change to either rebuilds everything."""
    source = Path(__file__).read_text(encoding="utf-8").replace("\r\n", "\n")
    return hashlib.sha256(source.encode()).hexdigest()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def up_to_date(out: Path, recipe: str) -> bool:
    """The manifest was written by this very script, and every file is the one it lists."""
    try:
        manifest = tomllib.loads((out / "manifest.toml").read_text(encoding="utf-8"))
        if manifest.get("recipe") != recipe:
            return False
        listed = {entry["file"]: entry["sha256"] for entry in manifest["sounds"]}
        return all(listed[f"{s.name}.ogg"] == sha256(out / f"{s.name}.ogg") for s in SOUNDS)
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError):
        return False


# --- the build ----------------------------------------------------------------------------


def build(out: Path, recipe: str, keep_wav: Path | None) -> None:
    """Render, normalise and encode every sound, then move them into ``out`` with the manifest."""
    lines = [
        "# Written by packaging/make_sounds.py; do not edit. `recipe` is the script's hash.",
        f'recipe = "{recipe}"',
    ]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for spec in SOUNDS:
            wav = (keep_wav or work) / f"{spec.name}.wav"
            wav.parent.mkdir(parents=True, exist_ok=True)
            wav.write_bytes(render(spec.name))
            ogg = work / f"{spec.name}.ogg"
            encode(wav, ogg, gain_to(spec.target_lufs, *measure(wav), wav.name))
            lufs, peak = measure(ogg)
            if abs(lufs - spec.target_lufs) > LOUDNESS_TOLERANCE or peak > TRUE_PEAK_LIMIT + 0.5:
                raise SystemExit(f"{ogg.name}: measured {lufs} LUFS, {peak} dBTP")
            print(f"{ogg.name:22} {spec.seconds:5.1f} s {lufs:6.1f} LUFS {peak:6.1f} dBTP "
                  f"{ogg.stat().st_size / 1024:6.0f} KiB")  # fmt: skip
            lines += [
                "",
                "[[sounds]]",
                f'file = "{ogg.name}"',
                f'kind = "{spec.kind}"',
                f"seconds = {spec.seconds}",
                f"target_lufs = {spec.target_lufs}",
                f"lufs = {lufs}",
                f"true_peak_dbtp = {peak}",
                f'wav_sha256 = "{hashlib.sha256(wav.read_bytes()).hexdigest()}"',
                f'sha256 = "{sha256(ogg)}"',
            ]
        out.mkdir(parents=True, exist_ok=True)
        for spec in SOUNDS:
            shutil.move(work / f"{spec.name}.ogg", out / f"{spec.name}.ogg")
    (out / "manifest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Synthesise stsdesk's bells and ambience.")
    parser.add_argument("--out", type=Path, default=SOUNDS_DIR, help="default: assets/sounds")
    parser.add_argument("--check", action="store_true", help="exit 1 if out of date; write nothing")
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    parser.add_argument("--keep-wav", type=Path, metavar="DIR", help="keep the WAVs here too")
    args = parser.parse_args(argv)
    recipe = recipe_hash()
    if not args.force and up_to_date(args.out, recipe):
        print(f"{args.out}: up to date")
        return 0
    if args.check:
        print(f"{args.out}: out of date; run python packaging/make_sounds.py")
        return 1
    if shutil.which("ffmpeg") is None:
        print("make_sounds.py needs ffmpeg (Debian: apt-get install ffmpeg)", file=sys.stderr)
        return 2
    build(args.out, recipe, args.keep_wav)
    return 0


if __name__ == "__main__":
    sys.exit(main())
