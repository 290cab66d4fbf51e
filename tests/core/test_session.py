"""The session state machine on a fake clock: offsets exact, pauses and skips honest."""

from __future__ import annotations

import pytest

from stsdesk.core.session import Session, State
from stsdesk.core.timeline import Cue, CueKind, Timeline


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _timeline() -> Timeline:
    cues = (
        Cue(0.0, CueKind.BELL, 3.0, "start"),
        Cue(3.0, CueKind.SPEECH, 4.0, "Feel your feet.", step=0),
        Cue(10.0, CueKind.SPEECH, 2.0, "Breathe with the circle.", step=1),
        Cue(12.0, CueKind.BREATH, 4.0, phase="in", step=1),
        Cue(16.0, CueKind.BREATH, 6.0, phase="out", step=1),
        Cue(30.0, CueKind.SPEECH, 3.0, "Notice how you are now.", step=2),
        Cue(60.0, CueKind.BELL, 0.0, "end"),
        Cue(60.0, CueKind.END, 0.0),
    )
    return Timeline("t", 1, 60.0, cues, (3.0, 10.0, 30.0))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _texts(frame) -> list[str]:
    return [cue.text or cue.phase for cue in frame.due]


def test_cues_come_due_exactly_once_at_their_offsets(clock: FakeClock) -> None:
    session = Session(_timeline(), clock)
    session.start()
    assert _texts(session.poll()) == ["start"]
    clock.advance(2.999)
    assert session.poll().due == ()
    clock.advance(0.001)
    frame = session.poll()
    assert _texts(frame) == ["Feel your feet."]
    assert frame.caption == "Feel your feet."
    assert session.poll().due == ()


def test_a_late_poll_delivers_everything_missed_in_order(clock: FakeClock) -> None:
    session = Session(_timeline(), clock)
    session.start()
    clock.advance(13.0)
    assert _texts(session.poll()) == ["start", "Feel your feet.", "Breathe with the circle.", "in"]


def test_pause_freezes_the_script_and_resume_continues_at_the_same_point(clock: FakeClock) -> None:
    session = Session(_timeline(), clock)
    session.start()
    clock.advance(5.0)
    session.pause()
    clock.advance(3600.0)  # an hour away, or a suspended laptop
    frame = session.poll()
    assert frame.state is State.PAUSED
    assert frame.position == pytest.approx(5.0)
    session.resume()
    clock.advance(5.0)
    assert session.poll().position == pytest.approx(10.0)
    assert session.practiced_seconds == pytest.approx(10.0)


def test_pacer_level_follows_the_breath(clock: FakeClock) -> None:
    session = Session(_timeline(), clock)
    session.start()
    clock.advance(12.0)
    assert session.poll().level == pytest.approx(0.0)
    clock.advance(2.0)
    frame = session.poll()
    assert frame.phase == "in"
    assert frame.level == pytest.approx(0.5)
    clock.advance(2.0)
    assert session.poll().level == pytest.approx(1.0)
    clock.advance(6.0)
    assert session.poll().level == pytest.approx(0.0)


def test_skip_jumps_to_the_next_step_and_drops_what_it_passes(clock: FakeClock) -> None:
    session = Session(_timeline(), clock)
    session.start()
    clock.advance(4.0)
    session.poll()
    session.skip()
    frame = session.poll()
    assert frame.position == pytest.approx(10.0)
    assert _texts(frame) == ["Breathe with the circle."]
    session.skip()
    frame = session.poll()
    assert _texts(frame) == ["Notice how you are now."]
    assert session.practiced_seconds == pytest.approx(4.0)


def test_finishing_reports_the_end_and_stops_counting(clock: FakeClock) -> None:
    session = Session(_timeline(), clock)
    session.start()
    clock.advance(61.0)
    frame = session.poll()
    assert frame.state is State.FINISHED
    assert "end" in _texts(frame)
    assert frame.remaining == 0.0
    clock.advance(100.0)
    assert session.practiced_seconds == pytest.approx(60.0)


def test_stop_early_keeps_what_was_practised(clock: FakeClock) -> None:
    session = Session(_timeline(), clock)
    session.start()
    clock.advance(20.0)
    session.stop()
    clock.advance(100.0)
    assert session.state is State.STOPPED
    assert session.practiced_seconds == pytest.approx(20.0)
    assert session.poll().due == ()


def test_cannot_start_twice(clock: FakeClock) -> None:
    session = Session(_timeline(), clock)
    session.start()
    with pytest.raises(RuntimeError):
        session.start()


def test_next_cue_in_says_when_to_wake(clock: FakeClock) -> None:
    session = Session(_timeline(), clock)
    assert session.next_cue_in() is None
    session.start()
    session.poll()
    assert session.next_cue_in() == pytest.approx(3.0)
    clock.advance(2.5)
    assert session.next_cue_in() == pytest.approx(0.5)
    session.pause()
    assert session.next_cue_in() is None


def test_record_says_what_happened(clock: FakeClock) -> None:
    from datetime import datetime, timedelta, timezone

    from stsdesk.core.exercise import Credit, Exercise
    from stsdesk.core.records import CheckIn, Source, Zone

    exercise = Exercise(
        id="t",
        title="Feet on the floor",
        family="resiliency",
        summary="",
        credit=Credit("c", ""),
        lengths=(1,),
        tags=frozenset(),
        caution=None,
        variants=(),
        steps=(),
        pack_id="p",
        source=__import__("pathlib").Path("t.toml"),
    )
    session = Session(_timeline(), clock)
    session.start()
    clock.advance(20)
    session.stop()
    started = datetime(2026, 3, 8, 10, 30, tzinfo=timezone(timedelta(0)))
    record = session.record(
        exercise, started, "America/Los_Angeles", CheckIn(9, Zone.HIGH), CheckIn(4, note="ok")
    )
    assert record.started_at.isoformat() == "2026-03-08T03:30:00-07:00"
    assert record.local_day.isoformat() == "2026-03-08"
    assert record.time_zone == "America/Los_Angeles"
    assert record.practiced_seconds == pytest.approx(20)
    assert record.completed is False
    assert record.source is Source.GUIDED
    assert record.minutes_chosen == 1
    assert (record.distress_before, record.distress_after, record.note) == (9, 4, "ok")
    assert record.high_distress
    unknown = session.record(exercise, started, "Nowhere/Else", CheckIn(), CheckIn())
    assert unknown.time_zone == ""
    assert unknown.started_at.isoformat() == "2026-03-08T10:30:00+00:00"
    assert not unknown.high_distress


def _feet() -> object:
    from pathlib import Path

    from stsdesk.core.exercise import Credit, Exercise

    return Exercise(
        id="t",
        title="Feet on the floor",
        family="resiliency",
        summary="",
        credit=Credit("c", ""),
        lengths=(1,),
        tags=frozenset(),
        caution=None,
        variants=(),
        steps=(),
        pack_id="p",
        source=Path("t.toml"),
    )


@pytest.mark.parametrize(
    ("practise_then_skip", "completed"),
    [
        (None, True),  # played through: 60 of 60 s
        (4.0, False),  # skipped through every step after 4 s: reached the end, 4 of 60 s
    ],
)
def test_completed_means_most_of_it_was_practised(
    clock: FakeClock, practise_then_skip: float | None, completed: bool
) -> None:
    from datetime import UTC, datetime

    from stsdesk.core.records import CheckIn

    session = Session(_timeline(), clock)
    session.start()
    if practise_then_skip is None:
        clock.advance(60)
    else:
        clock.advance(practise_then_skip)
        while session.poll().state is State.RUNNING:
            session.skip()
            clock.advance(0.5)
    assert session.poll().state is State.FINISHED
    record = session.record(_feet(), datetime(2026, 3, 8, tzinfo=UTC), "UTC", CheckIn(), CheckIn())
    assert record.completed is completed


def test_the_completed_rule_is_four_fifths_of_the_plan() -> None:
    from stsdesk.core.practice import counts_as_completed

    def rule(reached_end: bool, practised: float) -> bool:
        return counts_as_completed(
            reached_end=reached_end, practiced_seconds=practised, planned_seconds=300
        )

    assert rule(True, 240)
    assert rule(True, 300)
    assert not rule(True, 239)
    assert not rule(True, 2)  # skipped through every step
    assert not rule(False, 300)  # stopped before its end
