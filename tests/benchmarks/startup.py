"""Start-up time and peak memory: stsdesk against a bare PySide6 window, in the same run.

Each start is a child process (offscreen, SDL's dummy audio driver, a private data folder and
home), run through ``startup_child.py``, which ends the measure at the first paint of the
main window. Three programs are started in turn (interleaved), after one warm-up each: a
bare PySide6 window, the same window with only the sidebar's widgets (``sidebar``: no stsdesk
code, theme, fonts or icons; the floor any first frame of stsdesk stands on) and stsdesk. The
medians of ``--runs`` starts are printed with their ratios to the bare window:

- start-up: from just before the child is spawned to its first painted window;
- CPU to paint: the child's CPU time (user and system) until then, which a busy machine
  disturbs far less than the wall-clock figure;
- RSS at paint: the child's peak resident memory when the window has painted;
- peak RSS: the child's peak over its whole life (``wait4``), which includes ``--settle``
  seconds after the paint, so work deferred until after the first paint is counted;
- ready: from the spawn to the window a person can use, for stsdesk the first paint of Home
  (its first frame is the window without the shell, ``ui.frame``), for the plain windows
  their first paint.

    python tests/benchmarks/startup.py [--runs 9] [--settle 2]

Goals (issue 15): start-up at most 1.3 times the bare window, and RSS at most 1.35 times,
the first painted window as the end point (RSS at paint). The peak over the settle time is
printed beside it, for what the app holds once the work deferred past the paint is done.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHILD = HERE / "startup_child.py"
ROOT = HERE.parents[1]


Sample = tuple[float, float, int, int, float]
MODES = ("bare", "sidebar", "stsdesk")  # the programs, in their columns' order


def start_once(mode: str, data: Path, env: dict[str, str], settle: float) -> Sample:
    """(ms to the first paint, CPU ms to it, RSS KiB at paint, peak RSS KiB, ms until ready)
    of one start."""
    with tempfile.TemporaryFile(mode="w+") as errors:
        begin = time.monotonic_ns()
        child = subprocess.Popen(
            [sys.executable, str(CHILD), mode, str(data), str(settle)],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert child.stdout is not None
        out = child.stdout.read()  # until the child exits
        _, status, usage = os.wait4(child.pid, 0)  # reaped here, with its rusage
        child.returncode = os.waitstatus_to_exitcode(status)
        child.stdout.close()
        errors.seek(0)
        marks = {line.split()[0]: line.split()[1:] for line in out.splitlines()}
        if child.returncode != 0 or not {"painted", "ready"} <= set(marks):
            raise SystemExit(f"{mode} start failed ({child.returncode}):\n{out}\n{errors.read()}")
    stamp, rss, cpu = marks["painted"]
    ready = (int(marks["ready"][0]) - begin) / 1e6
    return (int(stamp) - begin) / 1e6, float(cpu), int(rss), usage.ru_maxrss, ready


def child_env(home: Path) -> dict[str, str]:
    """The children's environment: offscreen, dummy audio, a private home, this tree."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SDL_AUDIODRIVER="dummy",
        HOME=str(home),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "share"),
        XDG_STATE_HOME=str(home / "state"),
        PYTHONPATH=str(ROOT),  # the tree this script is in, whatever is installed
    )
    for name in ("STSDESK_DATA_DIR", "STSDESK_POLICY", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--settle", type=float, default=2.0)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="stsdesk-startup-"))
    data = home / "data"
    env = child_env(home)
    samples: dict[str, list[Sample]] = {mode: [] for mode in MODES}
    # Byte code is written (an installed app has it), so the warm-up start compiles it once.
    for mode in MODES:  # warm-up: caches, byte code, a first log
        start_once(mode, data, env, 0.0)
    for _ in range(args.runs):
        for mode in MODES:
            samples[mode].append(start_once(mode, data, env, args.settle))

    def median(mode: str, index: int) -> float:
        return statistics.median(sample[index] for sample in samples[mode])

    print(f"{args.runs} interleaved starts each, offscreen; medians (settle {args.settle:g} s)")
    print(f"{'':<24}{'bare':>8}{'sidebar':>9}{'ratio':>7}{'stsdesk':>9}{'ratio':>7}{'goal':>6}")
    rows = (
        ("start-up (ms)", 0, 1.0, 1.3),
        ("CPU to paint (ms)", 1, 1.0, None),
        ("RSS at paint (MiB)", 2, 1024.0, 1.35),
        ("peak RSS, settled (MiB)", 3, 1024.0, None),
        ("ready: Home painted (ms)", 4, 1.0, None),
    )
    for label, index, scale, goal in rows:
        bare, floor, ours = (median(mode, index) / scale for mode in MODES)
        target = f"{goal:>6.2f}" if goal else ""
        print(
            f"{label:<24}{bare:>8.1f}{floor:>9.1f}{floor / bare:>7.2f}"
            f"{ours:>9.1f}{ours / bare:>7.2f}{target}"
        )
    spread = [round(sample[0]) for sample in samples["stsdesk"]]
    print(f"stsdesk start-up, every run (ms): {spread}")


if __name__ == "__main__":
    main()
