"""Cost at rest: stsdesk idle (window hidden as in the tray, reminders on) against a bare
PySide6 window, in the same run, for 60 s each (side by side).

    .venv/bin/python tests/benchmarks/idle.py [SECONDS]

Each child settles for a few seconds, then measures for SECONDS: the CPU time it used (user
and system, ``getrusage``) as a percentage of one core, and the timer wake-ups it handled
(every ``QTimerEvent`` the application delivered, counted by an application-wide event
filter; the figure is per minute, with the busiest receivers named). Without a display the
offscreen platform is used, where there is no tray: the window is hidden with quitting on
the last window turned off, as the tray does.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

SETTLE_S = 5.0


def child(mode: str, seconds: float, data_dir: str) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    class Count(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.on = False
            self.by: Counter[str] = Counter()

        def eventFilter(self, watched, event) -> bool:
            if self.on and event.type() == QEvent.Type.Timer:
                name = watched.objectName() or type(watched).__name__
                parent = watched.parent()
                owner = type(parent).__name__ if parent is not None else ""
                self.by[f"{name} of {owner}" if owner else name] += 1
            return False

    app = QApplication.instance() or QApplication(sys.argv[:1])
    counter = Count()
    app.installEventFilter(counter)
    app.setQuitOnLastWindowClosed(False)
    if mode == "stsdesk":
        from stsdesk.app import build_window, open_audio, open_practice_log, start_core

        core = start_core(data_dir)
        window = build_window(core, open_practice_log(core), open_audio())
        services = window.services
        services.settings.set("reminders.enabled", True)
        services.settings.set("reminders.every_minutes", 30)
        services.settings.set("reminders.working_hours", "")
        services.settings.set("reminders.weekdays", [1, 2, 3, 4, 5, 6, 7])
        services.settings.set("reminders.quiet_hours", "")
        window.show()
        shown = window.window
    else:
        shown = QMainWindow()
        shown.resize(1040, 720)
        shown.show()
    start: list[resource.struct_rusage] = []

    def begin() -> None:
        shown.hide()  # closed to the tray (for the bare window: hidden the same way)
        counter.on = True
        start.append(resource.getrusage(resource.RUSAGE_SELF))

    def end() -> None:
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (used.ru_utime - start[0].ru_utime) + (used.ru_stime - start[0].ru_stime)
        total = sum(counter.by.values())
        print(
            json.dumps(
                {
                    "mode": mode,
                    "cpu_percent": 100 * cpu / seconds,
                    "timer_wakeups_per_minute": 60 * total / seconds,
                    "busiest": counter.by.most_common(4),
                }
            ),
            flush=True,
        )
        app.quit()

    QTimer.singleShot(int(SETTLE_S * 1000), begin)
    QTimer.singleShot(int((SETTLE_S + seconds) * 1000), end)
    app.exec()


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    env = dict(os.environ)
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    with tempfile.TemporaryDirectory(prefix="stsdesk-idle-") as temp:
        env["HOME"] = temp  # nothing of the person's is read or written
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(Path(temp) / name.lower())
        children = [
            subprocess.Popen(
                [sys.executable, __file__, "--child", mode, str(seconds), str(Path(temp) / mode)],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for mode in ("stsdesk", "bare")
        ]
        results = [json.loads(c.communicate()[0].strip().splitlines()[-1]) for c in children]
    print(f"idle for {seconds:.0f} s (after {SETTLE_S:.0f} s to settle), side by side:")
    for found in results:
        print(
            f"  {found['mode']:<8} CPU {found['cpu_percent']:.3f} % of one core, "
            f"{found['timer_wakeups_per_minute']:.1f} timer wake-ups a minute"
        )
        for receiver, count in found["busiest"]:
            print(f"           {count:>5}  {receiver}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], float(sys.argv[3]), sys.argv[4])
    else:
        main()
