"""The player page: check in, practise with voice, captions and the breathing shape, check out.

The page paints and forwards buttons. The practice itself is an ``application.PracticeRun``
(timeline, session, cues to the audio, checkpoints, the record), polled by a
``PracticeDriver`` whose frames the page paints.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from stsdesk.application.practice_run import PracticeRun, Sound
from stsdesk.core import pacer
from stsdesk.core.errors import StsdeskError
from stsdesk.core.exercise import Exercise
from stsdesk.core.records import CheckIn
from stsdesk.core.session import Frame, Session, State
from stsdesk.core.settings import BY_KEY
from stsdesk.core.stats import length_message
from stsdesk.ui.checkin import CheckInPanel
from stsdesk.ui.context import Services
from stsdesk.ui.i18n import fmt
from stsdesk.ui.pacer_widget import PacerWidget
from stsdesk.ui.practice_driver import PracticeDriver
from stsdesk.ui.theme import Theme
from stsdesk.ui.widgets import GRID, FlowLayout, WrapButton, centered_card, label, plain
from stsdesk.ui.wording import word

log = logging.getLogger(__name__)


def clock_text(seconds: float) -> str:
    """``2:05``: minutes and seconds, rounded up so the last second reads 0:01."""
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d}"


class PracticeView(QWidget):
    """The running practice: caption, breathing shape, time left and a small control row."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
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
        self.pacer = PacerWidget(theme)
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
        self.support = QPushButton(self.tr("Get support"))  # shown during "Help me now"
        self.support.setProperty("role", "link")
        self.support.setAccessibleName(self.tr("Get support"))
        self.support.setVisible(False)
        layout.addWidget(self.support, 0, Qt.AlignmentFlag.AlignCenter)
        controls = FlowLayout(spacing=GRID)  # the row wraps at large text, never clips
        self.pause = self._button(self.tr("Pause"), self.tr("Pause or resume (Space)"))
        self.skip = self._button(self.tr("Next"), self.tr("Skip to the next step (N)"))
        self.stop = self._button(self.tr("Stop"), self.tr("Stop the practice (Esc)"))
        self.voice = self._button(
            self.tr("Voice on"), self.tr("Voice on, or silent: captions only, no bells (V)")
        )
        self.voice.setCheckable(True)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setFixedWidth(12 * GRID)
        self.volume.setToolTip(self.tr("Volume"))
        self.volume.setAccessibleName(self.tr("Volume"))
        self.ambience = QComboBox()
        self.ambience.setAccessibleName(self.tr("Background sound"))
        for name, text in BY_KEY["practice.ambience"].choices:
            self.ambience.addItem(QCoreApplication.translate("Settings", text), name)
        self.fullscreen = self._button(
            self.tr("Full screen"), self.tr("Full screen (F11; Esc leaves it)")
        )
        for widget in (self.pause, self.skip, self.stop):
            controls.addWidget(widget)
        controls.addWidget(self.voice)
        controls.addWidget(self.volume)
        controls.addWidget(self.ambience)
        controls.addWidget(self.fullscreen)
        layout.addLayout(controls)

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        # Its name is its words ("Pause", then "Resume"); the tip with its key describes it.
        button.setToolTip(tip)
        return button


class PlayerPage(QWidget):
    """Before, during and after one practice.

    Signals:
        saved: a practice was written to the log.
        kept: a practice could not be written yet; the log keeps it in memory.
        closed: the person is done with the player.
        support_requested: the person wants the Support page.
        immersive: True while a practice runs (the window gives it all the room).
    """

    saved = Signal()
    kept = Signal()
    closed = Signal()
    support_requested = Signal()
    immersive = Signal(bool)

    def __init__(self, services: Services, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.setObjectName("page")
        self.setAccessibleName(self.tr("Player"))
        self.exercise: Exercise | None = None
        self.minutes = 0
        self._last_caption = ""
        self._last_phase: str | None = None

        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.before = CheckInPanel(after=False)
        self.view = PracticeView(theme)
        self.after = CheckInPanel(after=True)
        self.done = self._build_done()
        for panel in (self.before, self.view, self.after, self.done):
            self.stack.addWidget(panel)
        self.before.answered.connect(self._on_before_answered)
        self.before.switch_requested.connect(self._on_switch_requested)
        self.before.support_requested.connect(self._on_support_instead)
        self.before.cancelled.connect(self.closed)
        self.before.voice.toggled.connect(self._on_voice_toggled)
        self.after.answered.connect(self._on_after_answered)

        self.run: PracticeRun | None = None
        self.end_question: QMessageBox | None = None  # "End the practice you are in?"
        self._wanted: tuple[Exercise, int, str | None, bool] | None = None
        self.driver = PracticeDriver(self)
        self.driver.frame.connect(self._paint)
        self.driver.reached_end.connect(self._finish)

        view = self.view
        view.pause.clicked.connect(self.toggle_pause)
        view.skip.clicked.connect(self.skip)
        view.stop.clicked.connect(self.stop)
        view.voice.toggled.connect(self._on_voice_toggled)
        view.volume.valueChanged.connect(self._on_volume_changed)
        view.ambience.currentIndexChanged.connect(self._on_ambience_changed)
        view.fullscreen.clicked.connect(self.toggle_fullscreen)
        view.support.clicked.connect(self.support_requested)
        for keys, slot in (
            ("Space", self.toggle_pause),
            ("Escape", self.escape),
            ("N", self.skip),
            ("Right", self.skip),
            ("V", view.voice.toggle),
            ("F11", self.toggle_fullscreen),
        ):
            shortcut = QShortcut(QKeySequence(keys), view)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        services.live.setting_changed.connect(self._on_setting_changed)

    @Slot(str)
    def _on_setting_changed(self, key: str) -> None:
        if key == "practice.voice":  # the switches follow it (and a running practice too)
            self.view.voice.setChecked(self.services.settings[key])
            self._show_voice(self.view.voice.isChecked())

    def _build_done(self) -> QWidget:
        page = QWidget()
        layout = centered_card(page)
        self.done_title = label("", "title")
        self.done_text = label("")
        self.done_support = WrapButton(self.tr("Get support"))
        self.done_support.setProperty("role", "link")
        self.done_support.clicked.connect(self.support_requested)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_text)
        layout.addWidget(self.done_support)
        row = QHBoxLayout()
        self.again = QPushButton(self.tr("Practice again"))
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

    @property
    def session(self) -> Session | None:
        """The running practice's session, while one is under way (tests read its state)."""
        return None if self.run is None or self.run.ended else self.run.session

    @property
    def timer(self) -> QTimer:
        return self.driver.timer

    def tick(self) -> None:
        self.driver.tick()

    def begin(
        self,
        exercise: Exercise,
        minutes: int,
        variant_id: str | None = None,
        *,
        help_now: bool = False,
    ) -> None:
        """Prepare ``exercise`` at ``minutes`` and open the check-in (or start at once);
        ``help_now``: no check-in first, and "Get support" on the practice's screen.

        While another practice runs (or is paused), nothing is ended yet: the person is asked
        first (``end_question``), and keeping the practice they are in is the default.
        """
        if self.run is not None and self.run.active:
            self._ask_to_end(exercise, minutes, variant_id, help_now)
            return
        self.flush()
        self.exercise = exercise
        self.minutes = minutes
        settings, services = self.services.settings, self.services
        ambience = settings["practice.ambience"]
        self.run = PracticeRun(
            exercise,
            minutes,
            journal=services.practice_log,
            audio=services.audio,
            clock=services.monotonic,
            wall_clock=services.now,
            zone_name=services.zone_name,
            sound=Sound(
                voice=settings["practice.voice"],
                volume=settings["practice.volume"] / 100,
                ambience=None if ambience == "none" else ambience,
                pacing=settings["practice.audible_pacing"],
            ),
            variant_id=variant_id,
        )
        self._show_sound(settings)
        self.view.title.setText(fmt(self.tr("%1 · %n min", "", minutes), exercise.title))
        self.before.heading.setText(exercise.title)
        self.before.plan_route(exercise, minutes, services)
        self.view.support.setVisible(help_now)
        if settings["practice.check_ins"] and not help_now:
            self.before.reset()
            self.stack.setCurrentWidget(self.before)
            self.before.confirm.setFocus()
        else:
            self._start(CheckIn())

    def _show_sound(self, settings) -> None:
        """The controls start from the settings; the run already has them, so no signals."""
        view = self.view
        view.notice.setVisible(not self.services.audio.available)
        view.notice.setText(
            self.tr("Sound is off on this computer; follow the captions and the circle.")
        )
        with QSignalBlocker(view.volume), QSignalBlocker(view.ambience):
            view.volume.setValue(settings["practice.volume"])
            view.ambience.setCurrentIndex(
                max(view.ambience.findData(settings["practice.ambience"]), 0)
            )
        self._show_voice(settings["practice.voice"])

    @Slot(object)
    def _on_before_answered(self, checkin: CheckIn) -> None:
        self._start(checkin)

    @Slot(str, int, object)
    def _on_switch_requested(self, exercise_id: str, minutes: int, checkin: CheckIn) -> None:
        """The check-in's offer was taken: that practice starts now, with the same answer."""
        exercise = self.services.catalog.get(exercise_id)
        if exercise is not None:
            if self.run is not None:
                self.run.release_audio()
            self.begin(exercise, minutes)
        if self.run is not None and not self.run.active:
            self._start(checkin)

    @Slot()
    def _on_support_instead(self) -> None:
        if self.run is not None:
            self.run.release_audio()
        self.support_requested.emit()

    def _start(self, before: CheckIn) -> None:
        assert self.run is not None
        self.stack.setCurrentWidget(self.view)
        self.view.pacer.setFocus()  # a screen reader follows the phase (ui.pacer_widget)
        self._last_caption = ""
        self.immersive.emit(True)
        # Lay the practice out and paint it once before the clock starts, so the first
        # cues are not held up by the page change.
        self.window().repaint()
        self.run.start(before)
        self.driver.drive(self.run)

    @Slot(object)
    def _paint(self, frame: Frame) -> None:
        view = self.view
        if frame.caption != self._last_caption:
            self._last_caption = frame.caption
            view.caption.setText(frame.caption)
        phase = frame.phase
        phase_text = QCoreApplication.translate("Pacer", pacer.phase_label(phase)) if phase else ""
        if frame.phase != self._last_phase:
            self._last_phase = frame.phase
            view.phase.setText(phase_text)
        view.pacer.set_state(frame.level, frame.phase is not None, phase_text)
        remaining = fmt(self.tr("%1 left"), clock_text(frame.remaining))
        if view.remaining.text() != remaining:
            view.remaining.setText(remaining)

    @Slot()
    def toggle_pause(self) -> None:
        run = self.run
        if run is None or not run.active:
            return
        run.toggle_pause()
        if run.state is State.PAUSED:
            self.driver.halt()
            self.view.pause.setText(self.tr("Resume"))
            self.view.phase.setText(self.tr("Paused"))
            self.driver.tick()
        else:
            self.view.pause.setText(self.tr("Pause"))
            self._last_phase = "paused"
            self.driver.resume()

    @Slot()
    def skip(self) -> None:
        if self.run is not None and self.run.state is State.RUNNING:
            self.run.skip()
            self.driver.tick()

    @Slot()
    def escape(self) -> None:
        """Escape leaves full screen first; outside it, Escape stops the practice."""
        if self.window().isFullScreen():
            self._leave_fullscreen()
        else:
            self.stop()

    def _ask_to_end(
        self, exercise: Exercise, minutes: int, variant_id: str | None, help_now: bool
    ) -> None:
        """A start asked for while a practice runs: ask before ending it (keep it by default).

        A later request while the question is open only changes what would start.
        """
        self._wanted = (exercise, minutes, variant_id, help_now)
        box = self.end_question
        if box is None:
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.NoIcon)
            box.setWindowTitle(self.tr("A practice is under way"))
            box.setText(self.tr("End the practice you are in?"))
            keep = box.addButton(self.tr("Keep practicing"), QMessageBox.ButtonRole.RejectRole)
            end = box.addButton(self.tr("End it and start"), QMessageBox.ButtonRole.AcceptRole)
            keep.setAccessibleName(self.tr("Keep practicing"))
            end.setAccessibleName(self.tr("End this practice and start the new one"))
            box.setDefaultButton(keep)
            box.setEscapeButton(keep)
            box.buttonClicked.connect(self._on_end_answered)
            self.end_question = box
        current = self.exercise.title if self.exercise is not None else ""
        box.setInformativeText(
            fmt(
                self.tr(
                    "%1 is still going. If you end it, it is saved as stopped early, and %2 starts."
                ),
                plain(current),
                plain(exercise.title),
            )
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        detail = box.findChild(QLabel, "qt_msgbox_informativelabel")
        if detail is not None:  # titles are untrusted: shown literally
            detail.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        box.defaultButton().setFocus()

    @Slot(QAbstractButton)
    def _on_end_answered(self, button: QAbstractButton) -> None:
        box, wanted = self.end_question, self._wanted
        self.end_question, self._wanted = None, None
        if box is None or wanted is None:
            return
        box.deleteLater()
        if box.buttonRole(button) is not QMessageBox.ButtonRole.AcceptRole:
            self.view.setFocus()  # back to the practice, which never stopped
            return
        self._leave_fullscreen()
        self.flush()  # the practice so far is saved, as stopped early
        exercise, minutes, variant_id, help_now = wanted
        self.begin(exercise, minutes, variant_id, help_now=help_now)

    @Slot()
    def stop(self) -> None:
        """End early: the practice is still recorded, as stopped early."""
        if self.run is None or not self.run.active:
            return
        self.run.stop()
        self._finish()

    @Slot()
    def _finish(self) -> None:
        self.driver.halt()
        self._leave_fullscreen()
        self.immersive.emit(False)
        prompt = self.exercise.answer_prompt if self.exercise is not None else None
        if self.services.settings["practice.check_ins"] or prompt:  # a letter needs its box
            assert self.run is not None
            self.run.awaiting_after()
            self.after.reset()
            self.after.ask_for(prompt)
            self.after.heading.setText(self.tr("How are you now?"))
            self.stack.setCurrentWidget(self.after)
            (self.after.note if prompt else self.after.confirm).setFocus()
        else:
            self._save(CheckIn())

    @Slot(object)
    def _on_after_answered(self, checkin: CheckIn) -> None:
        self._save(checkin)

    def flush(self) -> None:
        """Save a practice whose after check-in was never answered (leaving, quitting)."""
        run = self.run
        if run is None or run.ended:
            return
        if self.stack.currentWidget() is self.after or run.active:
            self.driver.halt()
            if run.active:
                self.immersive.emit(False)
            self._save(CheckIn(note=self.after.result().note if not run.active else ""))
        else:  # prepared, never started (left at the check-in): the sound device may close
            run.release_audio()

    def _save(self, after: CheckIn) -> None:
        assert self.run is not None
        outcome = self.run.finish(after)
        record = outcome.record
        length = word(length_message(record.practiced_seconds))  # "20 s", never "1 min"
        self.done_title.setText(  # completed: most of it practised (core.practice)
            self.tr("Well done.")
            if record.completed
            else self.tr("You practiced part of it, and that's fine.")
        )
        if outcome.saved:
            self.done_text.setText(fmt(self.tr("Saved to your journal: %1 of practice."), length))
            self.saved.emit()
        else:
            self.done_text.setText(str(outcome.error))
            self.kept.emit()
        self.done_support.setVisible(record.high_distress)
        self.done_support.setText(
            self.tr("That sounds like a lot to carry. Support is here, one click away.")
        )
        self.stack.setCurrentWidget(self.done)
        self.home.setFocus()

    # --- controls ------------------------------------------------------------------------

    @Slot(bool)
    def _on_voice_toggled(self, enabled: bool) -> None:
        """The voice switch (the player's or the check-in's, or V): for this practice, and
        remembered for the next ones."""
        if self.run is not None:
            self.run.set_voice(enabled)
        self._show_voice(enabled)
        settings = self.services.settings
        if settings["practice.voice"] != enabled:
            try:
                settings.set("practice.voice", enabled)
            except (PermissionError, ValueError, OSError, StsdeskError) as error:
                # This practice still follows the switch; only the next one may not.
                log.warning("The voice choice could not be remembered: %s", error)

    def _show_voice(self, enabled: bool) -> None:
        """Both switches show ``enabled``; while silent, there is no volume or background
        sound to set."""
        view = self.view
        text = self.tr("Voice on") if enabled else self.tr("Silent")
        for switch in (view.voice, self.before.voice):
            with QSignalBlocker(switch):
                switch.setChecked(enabled)
            switch.setText(text)
        view.volume.setEnabled(enabled)
        view.ambience.setEnabled(enabled)

    @Slot(int)
    def _on_volume_changed(self, value: int) -> None:
        if self.run is not None:
            self.run.set_volume(value / 100)

    @Slot(int)
    def _on_ambience_changed(self, _index: int) -> None:
        name = self.view.ambience.currentData()
        if self.run is not None:
            self.run.set_ambience(None if name == "none" else name)

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
