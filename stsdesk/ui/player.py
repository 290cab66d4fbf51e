"""The player: check in, practise with voice, captions and the breathing shape, check out.

One Qt timer polls the core session and paints the answer; due cues go to the audio port.
Nothing on this path reads the disk: narration is prepared before the practice begins.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from stsdesk.core import pacer
from stsdesk.core.content import Exercise
from stsdesk.core.errors import StsdeskError
from stsdesk.core.records import CheckIn
from stsdesk.core.session import Frame, Session, State
from stsdesk.core.settings import BY_KEY
from stsdesk.core.timeline import CueKind, Timeline, compile_timeline
from stsdesk.infra.resources import ambience_files, bell_files
from stsdesk.ui.checkin import CheckInPanel
from stsdesk.ui.context import Services
from stsdesk.ui.pacer_widget import PacerWidget
from stsdesk.ui.theme import Palette
from stsdesk.ui.widgets import GRID, centered_card, label, plural

log = logging.getLogger(__name__)

POLL_MS = 16
CHECKPOINT_S = 30.0
"""How often a running practice is checkpointed in the log: a crash costs at most this much."""
QUIET_S = 0.25
"""A checkpoint waits for a moment with no cue due this soon, so a write never delays one."""


def clock_text(seconds: float) -> str:
    """``2:05``: minutes and seconds, rounded up so the last second reads 0:01."""
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d}"


class PracticeView(QWidget):
    """The running practice: caption, breathing shape, time left and a small control row."""

    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(5 * GRID, 3 * GRID, 5 * GRID, 3 * GRID)
        layout.setSpacing(2 * GRID)
        top = QHBoxLayout()
        self.title = label("", "muted", wrap=False)
        self.remaining = label("", "muted", wrap=False)
        self.remaining.setAccessibleName(self.tr("Time left"))
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.remaining)
        layout.addLayout(top)
        self.pacer = PacerWidget(palette)
        layout.addWidget(self.pacer, 3)
        self.phase = label("", "title")
        self.phase.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase.setAccessibleName(self.tr("Breathing phase"))
        layout.addWidget(self.phase)
        self.caption = label("", "caption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setMinimumHeight(12 * GRID)
        self.caption.setAccessibleName(self.tr("Caption"))
        layout.addWidget(self.caption, 1)
        self.notice = label("", "small")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setVisible(False)
        layout.addWidget(self.notice)
        controls = QHBoxLayout()
        controls.setSpacing(GRID)
        self.pause = self._button(self.tr("Pause"), self.tr("Pause or resume (Space)"))
        self.skip = self._button(self.tr("Next"), self.tr("Skip to the next step (N)"))
        self.stop = self._button(self.tr("Stop"), self.tr("Stop the practice (Escape)"))
        self.voice = self._button(self.tr("Voice on"), self.tr("Voice on or off (V)"))
        self.voice.setCheckable(True)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setFixedWidth(12 * GRID)
        self.volume.setToolTip(self.tr("Volume"))
        self.volume.setAccessibleName(self.tr("Volume"))
        self.ambience = QComboBox()
        self.ambience.setAccessibleName(self.tr("Background sound"))
        for name, text in BY_KEY["practice.ambience"].choices:
            self.ambience.addItem(self.tr(text), name)
        self.fullscreen = self._button(self.tr("Full screen"), self.tr("Full screen (F11)"))
        for widget in (self.pause, self.skip, self.stop):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.voice)
        controls.addWidget(self.volume)
        controls.addWidget(self.ambience)
        controls.addWidget(self.fullscreen)
        layout.addLayout(controls)

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button


class PlayerPage(QWidget):
    """Before, during and after one practice.

    Signals:
        saved: a practice was written to the log.
        closed: the person is done with the player.
        support_requested: the person wants the Support page.
        immersive: True while a practice runs (the window gives it all the room).
    """

    saved = Signal()
    closed = Signal()
    support_requested = Signal()
    immersive = Signal(bool)

    def __init__(self, services: Services, palette: Palette, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.setObjectName("page")
        self.setAccessibleName(self.tr("Player"))
        self.session: Session | None = None
        self.exercise: Exercise | None = None
        self.minutes = 0
        self._before = CheckIn()
        self._started_wall: datetime | None = None
        self._last_caption = ""
        self._last_phase: str | None = None
        self._checkpointed = 0.0

        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.before = CheckInPanel(after=False)
        self.view = PracticeView(palette)
        self.after = CheckInPanel(after=True)
        self.done = self._build_done()
        for panel in (self.before, self.view, self.after, self.done):
            self.stack.addWidget(panel)
        self.before.answered.connect(self._on_before_answered)
        self.before.cancelled.connect(self.closed)
        self.after.answered.connect(self._on_after_answered)

        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.tick)
        # Wakes the player exactly when a cue is due between two frames.
        self.cue_timer = QTimer(self)
        self.cue_timer.setSingleShot(True)
        self.cue_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.cue_timer.timeout.connect(self.tick)

        view = self.view
        view.pause.clicked.connect(self.toggle_pause)
        view.skip.clicked.connect(self.skip)
        view.stop.clicked.connect(self.stop)
        view.voice.toggled.connect(self._on_voice_toggled)
        view.volume.valueChanged.connect(self._on_volume_changed)
        view.ambience.currentIndexChanged.connect(self._on_ambience_changed)
        view.fullscreen.clicked.connect(self.toggle_fullscreen)
        for keys, slot in (
            ("Space", self.toggle_pause),
            ("Escape", self.stop),
            ("N", self.skip),
            ("Right", self.skip),
            ("V", view.voice.toggle),
            ("F11", self.toggle_fullscreen),
        ):
            shortcut = QShortcut(QKeySequence(keys), view)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _build_done(self) -> QWidget:
        page = QWidget()
        layout = centered_card(page)
        self.done_title = label("", "title")
        self.done_text = label("")
        self.done_support = QPushButton(self.tr("Get support"))
        self.done_support.setProperty("role", "link")
        self.done_support.clicked.connect(self.support_requested)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_text)
        layout.addWidget(self.done_support)
        row = QHBoxLayout()
        self.again = QPushButton(self.tr("Practise again"))
        self.again.clicked.connect(lambda: self.begin(self.exercise, self.minutes))
        self.home = QPushButton(self.tr("Done"))
        self.home.setProperty("role", "primary")
        self.home.clicked.connect(self.closed)
        row.addWidget(self.home)
        row.addWidget(self.again)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    # --- flow ----------------------------------------------------------------------------

    def begin(self, exercise: Exercise, minutes: int, variant_id: str | None = None) -> None:
        """Prepare ``exercise`` at ``minutes`` and open the check-in (or start at once)."""
        self.flush()
        self.exercise = exercise
        self.minutes = minutes
        timeline = compile_timeline(exercise, minutes, variant_id=variant_id)
        self._prepare_audio(timeline)
        self.session = Session(timeline, self.services.monotonic)
        self._before = CheckIn()
        self.view.title.setText(f"{exercise.title} · {minutes} min")
        self.before.heading.setText(exercise.title)
        if self.services.settings["practice.check_ins"]:
            self.before.reset()
            self.stack.setCurrentWidget(self.before)
            self.before.confirm.setFocus()
        else:
            self._start()

    def _prepare_audio(self, timeline: Timeline) -> None:
        audio = self.services.audio
        clips = {
            str(cue.clip): cue.clip
            for cue in timeline.cues
            if cue.kind is CueKind.SPEECH and cue.clip is not None
        }
        audio.prepare(clips, bell_files(), ambience_files())
        settings, view = self.services.settings, self.view
        audio.set_volume(settings["practice.volume"] / 100)
        audio.set_voice_enabled(settings["practice.voice"])
        view.notice.setVisible(not audio.available)
        view.notice.setText(
            self.tr("Sound is off on this computer; follow the captions and the circle.")
        )
        # The controls start from the settings; the audio already has them, so no signals.
        with QSignalBlocker(view.voice), QSignalBlocker(view.volume), QSignalBlocker(view.ambience):
            view.voice.setChecked(settings["practice.voice"])
            view.volume.setValue(settings["practice.volume"])
            view.ambience.setCurrentIndex(
                max(view.ambience.findData(settings["practice.ambience"]), 0)
            )
        self._show_voice(view.voice.isChecked())

    @Slot(object)
    def _on_before_answered(self, checkin: CheckIn) -> None:
        self._before = checkin
        self._start()

    def _start(self) -> None:
        assert self.session is not None
        self.stack.setCurrentWidget(self.view)
        self.view.setFocus()
        self._last_caption = ""
        self.immersive.emit(True)
        # Lay the practice out and paint it once before the clock starts, so the first
        # cues are not held up by the page change.
        self.window().repaint()
        self._started_wall = self.services.now()
        self.session.start()
        ambience = self.view.ambience.currentData()
        self.services.audio.set_ambience(None if ambience == "none" else ambience)
        self._checkpointed = self.services.monotonic()
        self.timer.start()
        self.tick()

    @Slot()
    def tick(self) -> None:
        """Ask the session what now, paint it, and send due cues to the audio."""
        if self.session is None:
            return
        frame = self.session.poll()
        audio = self.services.audio
        for cue in frame.due:
            if cue.kind is CueKind.SPEECH and cue.clip is not None:
                audio.play_voice(str(cue.clip))
            elif cue.kind is CueKind.BELL:
                audio.play_bell(cue.text)
        audio.tick(self.services.monotonic())
        self._paint(frame)
        if frame.state is State.FINISHED:
            self._finish()
            return
        wait = self.session.next_cue_in()
        if wait is not None and wait * 1000 < POLL_MS:
            # Wake exactly when the next cue is due rather than at the next frame.
            self.cue_timer.start(round(wait * 1000))
        quiet = wait is None or wait > QUIET_S
        if quiet and self.services.monotonic() - self._checkpointed >= CHECKPOINT_S:
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Keep the practice so far in the log, so a crash cannot take it (see CHECKPOINT_S)."""
        if self.session is None or self.exercise is None or self._started_wall is None:
            return
        self._checkpointed = self.services.monotonic()
        record = self.session.record(
            self.exercise, self._started_wall, self.services.zone_name(), self._before, CheckIn()
        )
        self.services.practice_log.checkpoint(record)

    def _paint(self, frame: Frame) -> None:
        view = self.view
        if frame.caption != self._last_caption:
            self._last_caption = frame.caption
            view.caption.setText(frame.caption)
        phase_text = self.tr(pacer.phase_label(frame.phase)) if frame.phase else ""
        if frame.phase != self._last_phase:
            self._last_phase = frame.phase
            view.phase.setText(phase_text)
        view.pacer.set_state(frame.level, frame.phase is not None, phase_text)
        remaining = self.tr("%1 left").replace("%1", clock_text(frame.remaining))
        if view.remaining.text() != remaining:
            view.remaining.setText(remaining)

    @Slot()
    def toggle_pause(self) -> None:
        if self.session is None or self.session.state not in (State.RUNNING, State.PAUSED):
            return
        self.session.toggle_pause()
        if self.session.state is State.PAUSED:
            self.timer.stop()
            self.cue_timer.stop()
            self.services.audio.pause()
            self._checkpoint()
            self.view.pause.setText(self.tr("Resume"))
            self.view.phase.setText(self.tr("Paused"))
        else:
            self.services.audio.resume()
            self.view.pause.setText(self.tr("Pause"))
            self._last_phase = "paused"
            self.timer.start()
        self.tick()

    @Slot()
    def skip(self) -> None:
        if self.session is not None and self.session.state is State.RUNNING:
            self.services.audio.stop_voice()
            self.session.skip()
            self.tick()

    @Slot()
    def stop(self) -> None:
        """End early: the practice is still recorded, as stopped early."""
        if self.session is None or self.session.state not in (State.RUNNING, State.PAUSED):
            return
        self.session.stop()
        self._finish()

    def _finish(self) -> None:
        self.timer.stop()
        self.cue_timer.stop()
        if self.session is not None and self.session.state is State.FINISHED:
            # Let the end bell ring out; only the background sound fades.
            self.services.audio.set_ambience(None)
        else:
            self.services.audio.stop()
        self._leave_fullscreen()
        self.immersive.emit(False)
        if self.services.settings["practice.check_ins"]:
            self._checkpoint()  # the after check-in may stay open a long time
            self.after.reset()
            self.after.heading.setText(self.tr("How are you now?"))
            self.stack.setCurrentWidget(self.after)
            self.after.confirm.setFocus()
        else:
            self._save(CheckIn())

    @Slot(object)
    def _on_after_answered(self, checkin: CheckIn) -> None:
        self._save(checkin)

    def flush(self) -> None:
        """Save a practice whose after check-in was never answered (leaving, quitting)."""
        if self.stack.currentWidget() is self.after and self.session is not None:
            self._save(CheckIn())
        elif self.session is not None and self.session.state in (State.RUNNING, State.PAUSED):
            self.session.stop()
            self.timer.stop()
            self.cue_timer.stop()
            self.services.audio.stop()
            self.immersive.emit(False)
            self._save(CheckIn())

    def _save(self, after: CheckIn) -> None:
        session, exercise = self.session, self.exercise
        assert session is not None
        assert exercise is not None
        assert self._started_wall is not None
        self.session = None
        record = session.record(
            exercise, self._started_wall, self.services.zone_name(), self._before, after
        )
        minutes = max(round(record.practiced_seconds / 60), 1)
        self.done_title.setText(
            self.tr("Well done.")
            if record.completed
            else self.tr("You stopped early, and that's fine.")
        )
        try:
            self.services.practice_log.add(record)
        except StsdeskError as error:
            log.warning("Practice not saved yet: %s", error)
            self.done_text.setText(str(error))
        else:
            self.done_text.setText(
                plural(
                    minutes,
                    self.tr("Saved to your journal: about 1 minute of practice."),
                    self.tr("Saved to your journal: about %1 minutes of practice."),
                )
            )
            self.saved.emit()
        self.done_support.setVisible(record.high_distress)
        self.done_support.setText(
            self.tr("That sounds like a lot to carry. Support is here, one click away.")
        )
        self.stack.setCurrentWidget(self.done)
        self.home.setFocus()

    # --- controls ------------------------------------------------------------------------

    @Slot(bool)
    def _on_voice_toggled(self, enabled: bool) -> None:
        self.services.audio.set_voice_enabled(enabled)
        self._show_voice(enabled)

    def _show_voice(self, enabled: bool) -> None:
        self.view.voice.setText(self.tr("Voice on") if enabled else self.tr("Voice off"))

    @Slot(int)
    def _on_volume_changed(self, value: int) -> None:
        self.services.audio.set_volume(value / 100)

    @Slot(int)
    def _on_ambience_changed(self, _index: int) -> None:
        name = self.view.ambience.currentData()
        if self.session is not None and self.session.state is State.RUNNING:
            self.services.audio.set_ambience(None if name == "none" else name)

    @Slot()
    def toggle_fullscreen(self) -> None:
        window = self.window()
        if window.isFullScreen():
            window.showNormal()
        else:
            window.showFullScreen()

    def _leave_fullscreen(self) -> None:
        if self.window().isFullScreen():
            self.window().showNormal()
