"""How the practice log scales: 100,000 practices (about 25 years of heavy use).

Figures, each against a baseline measured in the same run:
- ``stsdesk stats --json``: the time after start-up (open, check, summarise, print), for an
  empty log and for the large one;
- the Journal page's data load (``JournalPage.refresh``) on the large log against the empty one;
- app start-up to its first painted window and to Home's first paint (``startup.py``'s
  measures, interleaved), large log against empty log (target at most 1.1 times).

    python tests/benchmarks/journal.py
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from stsdesk.core.days import stamp
from stsdesk.core.records import PracticeRecord, Zone
from stsdesk.infra.paths import resolve_paths
from stsdesk.store.database import _row  # exactly the row the store writes
from stsdesk.store.recovery import open_log

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import child_env, start_once

RECORDS = 100_000
RUNS = 9
EXERCISES = [
    ("grounding-feet-and-seat", "Grounding: feet and seat", "resiliency"),
    ("soothing-rhythm-breathing", "Soothing rhythm breathing", "compassion"),
    ("self-compassion-break", "Self-compassion break", "self-compassion"),
    ("paced-breathing", "Paced breathing", "stress"),
    ("naming-an-emotion", "Naming a feeling", "emotion"),
]


def fill(data: Path, count: int) -> None:
    """Write ``count`` practices in one transaction, spread over 25 years."""
    paths = resolve_paths(data)
    paths.ensure()
    store = open_log(paths).store
    assert store is not None
    rng = random.Random(7)
    start = datetime.now(UTC) - timedelta(days=25 * 365)
    rows = []
    for i in range(count):
        instant = start + timedelta(minutes=i * 25 * 365 * 24 * 60 / count)
        local, day = stamp(instant, "America/Chicago")
        exercise_id, title, family = rng.choice(EXERCISES)
        before = rng.randint(2, 9)
        rows.append(
            _row(
                PracticeRecord(
                    exercise_id,
                    title,
                    family,
                    3,
                    local,
                    "America/Chicago",
                    day,
                    180.0,
                    True,
                    distress_before=before,
                    distress_after=max(before - rng.randint(0, 3), 0),
                    zone_before=Zone.HIGH,
                    zone_after=Zone.RESILIENT,
                    note="after the afternoon intake" if i % 7 == 0 else "",
                )
            )
        )
    store.close()
    import sqlite_utils

    db = sqlite_utils.Database(paths.database)
    with db.conn:
        db["practices"].insert_all(rows, batch_size=5000)
    db.close()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def stats_after_startup(data: Path) -> float:
    """``stsdesk stats --json`` in-process: what it does after Python and imports are up."""
    from stsdesk.cli import main

    devnull = open(os.devnull, "w")  # noqa: SIM115
    real, sys.stdout = sys.stdout, devnull
    try:
        t0 = time.perf_counter()
        assert main(["--data-dir", str(data), "stats", "--json"]) == 0
        return time.perf_counter() - t0
    finally:
        sys.stdout = real
        devnull.close()


def stats_process(data: Path) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "stsdesk", "--data-dir", str(data), "stats", "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    elapsed = time.perf_counter() - t0
    json.loads(out)
    return elapsed


def journal_load(data: Path) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from stsdesk.app import build_window, open_audio, open_practice_log, start_core

    app = QApplication.instance() or QApplication([])
    core = start_core(str(data))
    window = build_window(core, open_practice_log(core), open_audio())
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        window.shell.journal.refresh()
        app.processEvents()
        times.append(time.perf_counter() - t0)
    window.window.close()
    return times


def startup(data: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawning the app to its first painted window and to Home's first paint
    (``startup.py``'s way)."""
    sample = start_once("stsdesk", data, env, 0.0)
    return sample[0] / 1000, sample[4] / 1000


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    root = Path(tempfile.mkdtemp(prefix="stsdesk-bench-"))
    empty, large = root / "empty", root / "large"
    resolve_paths(empty).ensure()
    t0 = time.perf_counter()
    fill(large, RECORDS)
    size = resolve_paths(large).database.stat().st_size / 1e6
    print(f"{RECORDS} practices written in {time.perf_counter() - t0:.1f} s ({size:.0f} MB)")
    print(f"{'':<44}{'empty':>10}{'100k':>10}{'ratio':>8}")
    for name, measure in (
        ("stats --json after start-up (ms)", stats_after_startup),
        ("stats --json, whole process (ms)", stats_process),
    ):
        a = median_ms([measure(empty) for _ in range(RUNS)])
        b = median_ms([measure(large) for _ in range(RUNS)])
        print(f"{name:<44}{a:>10.1f}{b:>10.1f}{b / a:>8.2f}")
    a, b = median_ms(journal_load(empty)), median_ms(journal_load(large))
    print(f"{'Journal page data load (ms)':<44}{a:>10.1f}{b:>10.1f}{b / a:>8.2f}")
    env = child_env(root)
    startup(empty, env), startup(large, env)  # warm-up: byte code, caches
    pairs = [(startup(empty, env), startup(large, env)) for _ in range(RUNS)]  # interleaved
    for index, name in (
        (0, "app start-up to the first paint (ms)"),
        (1, "app start-up to Home (ms)"),
    ):
        a = median_ms([p[0][index] for p in pairs])
        b = median_ms([p[1][index] for p in pairs])
        print(f"{name:<44}{a:>10.1f}{b:>10.1f}{b / a:>8.2f}")
    print("targets: stats and Journal load at most 100 ms on the large log; start-up ratio <= 1.1")


if __name__ == "__main__":
    main()
