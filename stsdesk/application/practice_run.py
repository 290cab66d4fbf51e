"""One practice, from "begin" to the record in the log, with no Qt in sight.

A ``PracticeRun`` compiles the exercise at the chosen length, prepares its sounds, runs the
core ``Session`` on an injected clock, sends each due cue to the audio port itself, keeps a
checkpoint of the practice in the log while it runs (so a crash costs seconds), and at the end
builds and writes the one record. The player page, the tray's quick starts, reminders,
``stsdesk play`` and the course all start practices through it; a thin Qt driver
(``ui.practice_driver``) only decides *when* to call ``poll``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from stsdesk.core.catalog import playable_clips
from stsdesk.core.errors import StsdeskError
from stsdesk.core.exercise import Exercise
from stsdesk.core.pack_files import format_problem
from stsdesk.core.ports import AudioPort, Journal
from stsdesk.core.records import CheckIn, PracticeRecord
from stsdesk.core.session import Frame, Session, State
from stsdesk.core.timeline import CueKind, Timeline, compile_timeline
from stsdesk.infra.resources import ambience_files, bell_files

log = logging.getLogger(__name__)

CHECKPOINT_S = 30.0
"""How often a running practice is checkpointed in the log: a crash costs at most this much."""
QUIET_S = 0.25
"""A checkpoint waits for a moment with no cue due this soon, so a write never delays one."""


NO_ANSWER = CheckIn()
"""A check-in the person skipped (or that is switched off)."""


@dataclass(frozen=True)
class Sound:
    """How the practice should sound when it starts (the player's controls change it live).

    ``voice`` off is the silent mode, for a shared room: captions only, so no voice, no bells,
    no pacing tones and no background sound (``ambience`` and ``pacing`` are kept for when
    the voice comes back).
    """

    voice: bool = True
    volume: float = 0.8
    ambience: str | None = None
    pacing: str = "off"  # "tone": a soft tone as each breath in and out begins

    @property
    def silent(self) -> bool:
        """Captions only: nothing of the practice is heard."""
        return not self.voice

    @property
    def bed(self) -> str | None:
        """The background sound to play now (none while silent)."""
        return None if self.silent else self.ambience


PACING_CUES = {"in": "pace-in", "out": "pace-out"}
"""The sound (``AudioPort.play_bell`` name) each breath phase starts with, when pacing is on."""


@dataclass(frozen=True)
class Outcome:
    """What ending a practice left: the record, and whether the log has it on disk yet.

    ``error`` is the store's reason when the disk refused; the log then keeps the practice in
    memory and writes it later, so nothing is lost either way.
    """

    record: PracticeRecord
    saved: bool
    error: StsdeskError | None = None


class PracticeRun:
    """Start, pause, resume, skip and stop one practice; ``finish`` writes its record."""

    def __init__(
        self,
        exercise: Exercise,
        minutes: int,
        *,
        journal: Journal,
        audio: AudioPort,
        clock: Callable[[], float],
        wall_clock: Callable[[], datetime],
        zone_name: Callable[[], str],
        sound: Sound = Sound(),
        variant_id: str | None = None,
    ) -> None:
        self.exercise = exercise
        self.minutes = minutes
        self.journal = journal
        self.audio = audio
        self._clock = clock
        self._wall_clock = wall_clock
        self._zone_name = zone_name
        self.sound = sound
        self.timeline: Timeline = compile_timeline(exercise, minutes, variant_id=variant_id)
        self.session = Session(self.timeline, clock)
        self.before = CheckIn()
        self.started_wall: datetime | None = None
        self._checkpointed = 0.0
        self._ended = False
        self._released = False
        self._prepare_audio()

    # --- state ---------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self.session.state

    @property
    def active(self) -> bool:
        """Running or paused: the practice is under way and would be lost by leaving."""
        return self.session.state in (State.RUNNING, State.PAUSED)

    @property
    def ended(self) -> bool:
        """The record has been written (or kept); nothing more happens to this run."""
        return self._ended

    # --- flow ----------------------------------------------------------------------------

    def _prepare_audio(self) -> None:
        """Open the sound and decode this practice's sounds; narration files are checked here
        (a clip that is missing or leaves its pack is logged, and its line is captions only)."""
        wanted = [
            cue.clip
            for cue in self.timeline.cues
            if cue.kind is CueKind.SPEECH and cue.clip is not None
        ]
        found, problems = playable_clips(self.exercise, wanted)
        for problem in problems:
            log.warning("Narration skipped: %s", format_problem(problem))
        clips = {str(path): real for path, real in found.items()}
        self.audio.prepare(clips, bell_files(), ambience_files())
        self.audio.set_volume(self.sound.volume)
        self.audio.set_voice_enabled(self.sound.voice)

    def start(self, before: CheckIn = NO_ANSWER) -> Frame:
        """Begin the clock with the before check-in; returns the first frame."""
        self.before = before
        self.started_wall = self._wall_clock()
        self.session.start()
        self._checkpointed = self._clock()
        self.audio.set_ambience(self.sound.bed)
        return self.poll()

    def poll(self) -> Frame:
        """What now: the frame to paint; due cues go to the audio, a checkpoint if it is time."""
        frame = self.session.poll()
        for cue in frame.due:
            if cue.kind is CueKind.SPEECH and cue.clip is not None:
                self.audio.play_voice(str(cue.clip))
            elif self.sound.silent:
                continue  # captions only: no bell, no pacing tone
            elif cue.kind is CueKind.BELL:
                self.audio.play_bell(cue.text)
            elif cue.kind is CueKind.BREATH and self.sound.pacing != "off" and cue.phase:
                self._pace(cue.phase)
        self.audio.tick(self._clock())
        if frame.state is State.FINISHED:
            # Let the end bell ring out; only the background sound fades.
            self.audio.set_ambience(None)
            self.release_audio()
        elif frame.state is State.RUNNING and self._checkpoint_due():
            self.checkpoint()
        return frame

    def _pace(self, phase: str) -> None:
        """Audible pacing: a soft tone as a breath in or out begins (holds and rests are quiet)."""
        if phase in PACING_CUES:
            self.audio.play_bell(PACING_CUES[phase])

    def next_cue_in(self) -> float | None:
        """Seconds until the next cue (None when none is left or the practice is not running)."""
        return self.session.next_cue_in()

    def _checkpoint_due(self) -> bool:
        wait = self.session.next_cue_in()
        quiet = wait is None or wait > QUIET_S
        return quiet and self._clock() - self._checkpointed >= CHECKPOINT_S

    def checkpoint(self) -> None:
        """Keep the practice so far in the log (stopped early, its seconds until now)."""
        if self.started_wall is None or self._ended:
            return
        self._checkpointed = self._clock()
        self.journal.checkpoint(self._record(NO_ANSWER))

    def toggle_pause(self) -> None:
        if not self.active:
            return
        self.session.toggle_pause()
        if self.session.state is State.PAUSED:
            self.audio.pause()
            self.checkpoint()
        else:
            self.audio.resume()

    def skip(self) -> None:
        """On to the next step; the words in between are never played."""
        if self.session.state is State.RUNNING:
            self.audio.stop_voice()
            self.session.skip()

    def stop(self) -> None:
        """End early: what was practised still counts. Sound stops at once."""
        if self.active:
            self.session.stop()
            self.audio.stop()
        self.release_audio()

    def release_audio(self) -> None:
        """Nothing more will sound: the device closes a little later (once per run). Also for
        a practice prepared but never started (the person left at the check-in)."""
        if not self._released and not self.active:
            self._released = True
            self.audio.release()

    def awaiting_after(self) -> None:
        """The practice ended and the after check-in is open (it may stay open a long time)."""
        self.checkpoint()

    def finish(self, after: CheckIn = NO_ANSWER) -> Outcome:
        """Write the one record of this practice (stopping it first if it still runs)."""
        self.stop()
        self._ended = True
        record = self._record(after)
        try:
            self.journal.add(record)
        except StsdeskError as error:
            log.warning("Practice not saved yet: %s", error)
            return Outcome(record, saved=False, error=error)
        return Outcome(record, saved=True)

    def _record(self, after: CheckIn) -> PracticeRecord:
        assert self.started_wall is not None
        return self.session.record(
            self.exercise, self.started_wall, self._zone_name(), self.before, after
        )

    # --- sound controls ------------------------------------------------------------------

    def set_voice(self, enabled: bool) -> None:
        """Voice on, or silent (captions only: the bells and the background sound go quiet too)."""
        self.sound = replace(self.sound, voice=enabled)
        self.audio.set_voice_enabled(enabled)
        if self.active:  # paused too: the bed that resumes is the right one
            self.audio.set_ambience(self.sound.bed)

    def set_volume(self, volume: float) -> None:
        self.sound = replace(self.sound, volume=volume)
        self.audio.set_volume(volume)

    def set_ambience(self, name: str | None) -> None:
        self.sound = replace(self.sound, ambience=name)
        if self.session.state is State.RUNNING:
            self.audio.set_ambience(self.sound.bed)
