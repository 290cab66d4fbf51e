"""Drive the real app for minutes: a breathing practice with its pacer, then a Journal scroll.

Run as a child process by ``test_soak.py``: ``python soak_driver.py DATA_DIR PRACTICE_S SCROLL_S``.
Prints one JSON line (pacer frames painted, scroll steps) and exits 0 if the app survived.
A binding that leaks references (PySide6 6.12.0 on Python 3.11) aborts this process instead.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from stsdesk.app import build_window, open_audio, open_practice_log, start_core
from stsdesk.core.days import stamp
from stsdesk.core.records import PracticeRecord

EXERCISE = "soothing-rhythm-breathing"


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.frames = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.frames += 1
        return False


def history(count: int) -> list[PracticeRecord]:
    """A year of varied practices, so the Journal has a long list to scroll."""
    records = []
    for n in range(count):
        started, day = stamp(datetime(2026, 1, 1, 8, tzinfo=UTC) + timedelta(hours=7 * n), "UTC")
        records.append(
            PracticeRecord(
                exercise_id=EXERCISE,
                exercise_title="Soothing rhythm breathing",
                family="breathing",
                minutes_chosen=5,
                started_at=started,
                time_zone="UTC",
                local_day=day,
                practiced_seconds=300,
                completed=True,
                distress_before=n % 11,
                distress_after=max(n % 11 - 2, 0),
                note=f"note {n}" * (n % 3),
            )
        )
    return records


def main(data_dir: str, practice_s: float, scroll_s: float) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    core = start_core(data_dir)
    app_window = build_window(core, open_practice_log(core), open_audio())
    services = app_window.services
    for record in history(600):
        services.practice_log.add(record)
    services.settings.set("practice.check_ins", False)
    app_window.show()
    shell = app_window.shell
    counter = PaintCounter()
    shell.player.view.pacer.installEventFilter(counter)
    shell.play(EXERCISE, 5)
    scrolled = [0]
    started = time.monotonic()

    def to_journal() -> None:
        shell.player.stop()  # saved, as stopped early
        shell.window.show_page("journal")
        bar = shell.journal.verticalScrollBar()  # the page is its own scroll area

        def step() -> None:
            if time.monotonic() - started > practice_s + scroll_s:
                scroller.stop()
                app.quit()
                return
            scrolled[0] += 1
            bar.setValue((bar.value() + 40) % (bar.maximum() + 1))

        scroller = QTimer(app)
        scroller.timeout.connect(step)
        scroller.start(16)

    QTimer.singleShot(round(practice_s * 1000), to_journal)
    app.exec()
    services.practice_log.close()
    sys.stdout.write(
        json.dumps({"pacer_frames": counter.frames, "scroll_steps": scrolled[0]}) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2]), float(sys.argv[3])))
