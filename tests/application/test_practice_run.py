"""A practice run without Qt: cues reach the audio on time, checkpoints, one record."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from stsdesk.application.practice_run import CHECKPOINT_S, PracticeRun, Sound
from stsdesk.core.catalog import load_catalog
from stsdesk.core.errors import StoreError
from stsdesk.core.ports import MemoryPracticeLog
from stsdesk.core.records import CheckIn
from stsdesk.core.session import State
from stsdesk.core.timeline import CueKind
from stsdesk.infra.resources import builtin_pack
from tests.fakes import FakeClock, RecordingAudio

WALL = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog([builtin_pack()])


class CheckpointLog(MemoryPracticeLog):
    def __init__(self) -> None:
        super().__init__()
        self.checkpoints: list = []

    def checkpoint(self, record) -> bool:
        self.checkpoints.append(record)
        return True


def _run(catalog, exercise="grounding-feet-and-seat", minutes=3, **kwargs):
    clock, audio, journal = FakeClock(), RecordingAudio(), CheckpointLog()
    run = PracticeRun(
        catalog.get(exercise),
        minutes,
        journal=journal,
        audio=audio,
        clock=clock,
        wall_clock=lambda: WALL,
        zone_name=lambda: "UTC",
        **kwargs,
    )
    return run, clock, audio, journal


def test_every_cue_reaches_the_audio_once_in_order(catalog) -> None:
    run, clock, audio, _ = _run(catalog)
    run.start()
    while run.state is State.RUNNING:
        clock.advance(0.5)
        run.poll()
    expected = [
        ("play_voice", str(c.clip)) if c.kind is CueKind.SPEECH else ("play_bell", c.text)
        for c in run.timeline.cues
        if c.kind in (CueKind.SPEECH, CueKind.BELL)
    ]
    sent = [call for call in audio.calls if call[0] in ("play_voice", "play_bell")]
    assert sent == expected


def test_voice_off_sends_no_spoken_word(catalog) -> None:
    run, clock, audio, _ = _run(catalog, sound=Sound(voice=False))
    run.start()
    clock.advance(run.timeline.total + 1)
    run.poll()
    assert not [h for h in audio.heard if h[0] == "voice"]


def test_a_running_practice_is_checkpointed_every_thirty_seconds(catalog) -> None:
    run, clock, _, journal = _run(catalog, minutes=5)
    run.start(CheckIn(distress=6))
    for _ in range(int(95 / 0.5)):
        clock.advance(0.5)
        run.poll()
    assert len(journal.checkpoints) == 3
    latest = journal.checkpoints[-1]
    assert not latest.completed
    assert latest.distress_before == 6
    assert 90 <= latest.practiced_seconds <= 90 + CHECKPOINT_S


def test_finish_writes_one_record_with_both_check_ins(catalog) -> None:
    run, clock, _, journal = _run(catalog)
    run.start(CheckIn(distress=7))
    clock.advance(40)
    run.poll()
    run.toggle_pause()
    clock.advance(600)  # paused time is not practice
    run.toggle_pause()
    clock.advance(5)
    outcome = run.finish(CheckIn(distress=3, note="calmer"))
    assert outcome.saved
    (record,) = journal.records()
    assert replace(record, id=None) == outcome.record
    assert record.practiced_seconds == pytest.approx(45, abs=0.2)
    assert (record.distress_before, record.distress_after, record.note) == (7, 3, "calmer")
    assert not record.completed
    assert run.ended


def test_a_refused_write_is_an_outcome_not_an_exception(catalog) -> None:
    run, clock, _, journal = _run(catalog)

    def refuse(record):
        raise StoreError("The disk is full; the practice is kept.")

    journal.add = refuse
    run.start()
    clock.advance(10)
    outcome = run.finish()
    assert not outcome.saved
    assert "disk is full" in str(outcome.error)


def test_skip_moves_on_without_counting_as_practice(catalog) -> None:
    run, clock, audio, _ = _run(catalog)
    run.start()
    clock.advance(2)
    run.poll()
    run.skip()
    assert ("stop_voice", None) in audio.calls
    assert run.session.practiced_seconds == pytest.approx(2, abs=0.01)
    assert run.session.position > 2
