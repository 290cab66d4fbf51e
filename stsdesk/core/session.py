"""A practice in progress: a state machine driven by an injected monotonic clock.

The player never counts timer ticks. It asks ``poll()`` "what now?" as often as it likes; the
answer comes from elapsed clock time, so a late timer, a hidden window or a slow frame can
never shift the script. Skipping moves the script position without counting as practice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from stsdesk.core import pacer
from stsdesk.core.exercise import Exercise
from stsdesk.core.practice import counts_as_completed, guided_record
from stsdesk.core.records import CheckIn, PracticeRecord
from stsdesk.core.timeline import Cue, Timeline

Clock = Callable[[], float]
_EPSILON = 1e-6


class State(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Frame:
    """Everything the player shows at one moment, and the cues that just became due."""

    state: State
    position: float
    remaining: float
    caption: str
    step: int
    phase: str | None
    level: float
    due: tuple[Cue, ...]


class Session:
    """Runs one compiled timeline: start, pause, resume, skip, stop, finish."""

    def __init__(self, timeline: Timeline, clock: Clock) -> None:
        self.timeline = timeline
        self._clock = clock
        self.state = State.READY
        self._started_at = 0.0
        self._paused_at = 0.0
        self._paused_total = 0.0
        self._skipped = 0.0
        self._next_cue = 0

    # --- transitions ---------------------------------------------------------------------

    def start(self) -> None:
        if self.state is not State.READY:
            raise RuntimeError(f"cannot start a session that is {self.state}")
        self._started_at = self._clock()
        self.state = State.RUNNING

    def pause(self) -> None:
        if self.state is State.RUNNING:
            self._paused_at = self._clock()
            self.state = State.PAUSED

    def resume(self) -> None:
        if self.state is State.PAUSED:
            self._paused_total += self._clock() - self._paused_at
            self.state = State.RUNNING

    def toggle_pause(self) -> None:
        if self.state is State.RUNNING:
            self.pause()
        else:
            self.resume()

    def skip(self) -> None:
        """Jump to the start of the next step; the cues in between are never played."""
        if self.state not in (State.RUNNING, State.PAUSED):
            return
        here = self.position
        target = self.timeline.next_step_start(here)
        self._skipped += target - here
        cues = self.timeline.cues
        while self._next_cue < len(cues) and cues[self._next_cue].at < target - _EPSILON:
            self._next_cue += 1

    def stop(self) -> None:
        """End early; what was practised so far still counts."""
        if self.state in (State.RUNNING, State.PAUSED):
            self._freeze()
            self.state = State.STOPPED

    # --- reading -------------------------------------------------------------------------

    @property
    def practiced_seconds(self) -> float:
        """Time actually spent practising: running time, without pauses and skipped parts."""
        if self.state is State.READY:
            return 0.0
        now = self._paused_at if self.state is not State.RUNNING else self._clock()
        spent = now - self._started_at - self._paused_total
        return min(max(spent, 0.0), self.timeline.total - self._skipped)

    @property
    def position(self) -> float:
        """Where in the script we are, in seconds (practice time plus skipped time)."""
        return min(self.practiced_seconds + self._skipped, self.timeline.total)

    def poll(self) -> Frame:
        """The current frame; cues are reported as due exactly once each."""
        position = self.position
        due: list[Cue] = []
        if self.state in (State.RUNNING, State.PAUSED, State.FINISHED):
            cues = self.timeline.cues
            while self._next_cue < len(cues) and cues[self._next_cue].at <= position + _EPSILON:
                due.append(cues[self._next_cue])
                self._next_cue += 1
        if self.state is State.RUNNING and position >= self.timeline.total - _EPSILON:
            self._freeze()
            self.state = State.FINISHED
        breath, progress = self.timeline.breath_at(position)
        # A breathing section always ends breathed out, so outside one the shape rests empty
        # and nothing ever jumps.
        level = 0.0
        if breath is not None and breath.phase is not None:
            level = pacer.level(breath.phase, progress)
        return Frame(
            state=self.state,
            position=position,
            remaining=max(self.timeline.total - position, 0.0),
            caption=self.timeline.caption_at(position),
            step=self.timeline.step_at(position),
            phase=breath.phase if breath is not None else None,
            level=level,
            due=tuple(due),
        )

    def record(
        self, exercise: Exercise, started: datetime, zone: str, before: CheckIn, after: CheckIn
    ) -> PracticeRecord:
        """The practice as it happened, for the log: stamped once, with where its day was."""
        return guided_record(
            exercise_id=exercise.id,
            title=exercise.title,
            family=exercise.family,
            minutes_chosen=self.timeline.minutes,
            started=started,
            zone=zone,
            practiced_seconds=self.practiced_seconds,
            completed=counts_as_completed(
                reached_end=self.state is State.FINISHED,
                practiced_seconds=self.practiced_seconds,
                planned_seconds=self.timeline.total,
            ),
            before=before,
            after=after,
        )

    def next_cue_in(self) -> float | None:
        """Seconds until the next cue is due (None if none is left or the session is not running).

        Lets the player wake exactly on time for a bell or a line instead of up to a frame late.
        """
        cues = self.timeline.cues
        if self.state is not State.RUNNING or self._next_cue >= len(cues):
            return None
        return max(cues[self._next_cue].at - self.position, 0.0)

    def _freeze(self) -> None:
        if self.state is State.RUNNING:
            self._paused_at = self._clock()
