"""The Qt side of a practice run: timers that ask "what now?", and frames for the page.

All the practice's logic lives in ``application.practice_run``; this object only owns the
two timers. One precise timer polls about 60 times a second while the practice runs; a
single-shot timer wakes exactly when a cue falls between two polls. Neither counts ticks:
every frame comes from the run's clock.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from stsdesk.application.practice_run import PracticeRun
from stsdesk.core.session import State

POLL_MS = 16


class PracticeDriver(QObject):
    """Drives one ``PracticeRun`` at a time.

    Signals:
        frame(Frame): paint this.
        reached_end: the practice ran to its end by itself (not stopped).
    """

    frame = Signal(object)
    reached_end = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.run: PracticeRun | None = None
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.tick)
        self.cue_timer = QTimer(self)
        self.cue_timer.setSingleShot(True)
        self.cue_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.cue_timer.timeout.connect(self.tick)

    def drive(self, run: PracticeRun) -> None:
        """Start polling ``run`` (already started) and paint its first frame."""
        self.run = run
        self.timer.start()
        self.tick()

    def halt(self) -> None:
        """Stop the timers (a pause, the end, leaving); the run itself is not touched."""
        self.timer.stop()
        self.cue_timer.stop()

    def resume(self) -> None:
        if self.run is not None and self.run.state is State.RUNNING:
            self.timer.start()
            self.tick()

    @Slot()
    def tick(self) -> None:
        run = self.run
        if run is None or run.ended:
            return
        frame = run.poll()
        self.frame.emit(frame)
        if frame.state is State.FINISHED:
            self.halt()
            self.reached_end.emit()
            return
        if frame.state is not State.RUNNING:
            return
        wait = run.next_cue_in()
        if wait is not None and wait * 1000 < POLL_MS:
            self.cue_timer.start(round(wait * 1000))
