"""Find where sounds start in raw 16-bit stereo output from SDL's disk driver."""

from __future__ import annotations

import array
import math
from pathlib import Path

RATE = 44100
WINDOW = 64  # frames, about 1.5 ms


def read_mono(path: Path) -> array.array:
    """Left channel of a raw s16 stereo file."""
    data = array.array("h")
    data.frombytes(path.read_bytes())
    return data[0::2]


def onsets(samples: array.array, threshold_db: float = -30.0, gap: float = 0.05) -> list[float]:
    """Seconds at which the level rises above ``threshold_db`` after at least ``gap`` of quiet."""
    limit = 32768 * 10 ** (threshold_db / 20)
    found: list[float] = []
    quiet_since = 0.0
    loud = False
    for start in range(0, len(samples) - WINDOW, WINDOW):
        peak = max(abs(s) for s in samples[start : start + WINDOW])
        t = start / RATE
        if peak >= limit:
            if not loud and (not found or t - quiet_since >= gap):
                # refine to the first loud sample in the window
                first = next(i for i in range(start, start + WINDOW) if abs(samples[i]) >= limit)
                found.append(first / RATE)
            loud = True
        else:
            if loud:
                quiet_since = t
            loud = False
    return found


def frames_per_second(pace: list[list[float]]) -> float:
    """The disk driver's real pace: a least-squares slope of frames written over wall time."""
    n = len(pace)
    mean_t = sum(t for t, _ in pace) / n
    mean_f = sum(f for _, f in pace) / n
    num = sum((t - mean_t) * (f - mean_f) for t, f in pace)
    den = sum((t - mean_t) ** 2 for t, _ in pace)
    return num / den


def match(expected: list[float], found: list[float], merge: float = 0.12) -> list[float]:
    """Onset errors (seconds), each relative to the first onset on both sides.

    ``found`` must already be in real seconds (see ``frames_per_second``). Expected cues closer
    than ``merge`` to the previous one sound as one burst and are skipped.
    """
    kept = [t for i, t in enumerate(expected) if i == 0 or t - expected[i - 1] >= merge]
    if not kept or not found:
        return [math.inf]
    errors = []
    for t in kept:
        target = t - kept[0]
        nearest = min(found, key=lambda f: abs((f - found[0]) - target))
        errors.append((nearest - found[0]) - target)
    return errors
