"""The timing model of assets/README.md: fixed words, stretching silences, exact totals."""

from __future__ import annotations

import itertools
import math

import pytest

from stsdesk.core.errors import ContentError
from stsdesk.core.timeline import (
    START_BELL_SECONDS,
    WORDS_PER_MINUTE,
    CueKind,
    compile_timeline,
    speech_seconds,
)

EVERY_LENGTH = list(range(1, 21))
LONG_OUT = [4, 0, 6, 0]


def _estimate(text: str, wpm: float = WORDS_PER_MINUTE) -> float:
    return len(text.split()) / wpm * 60 + 0.4


def _rich(packs, clips=None):
    """An exercise using every timing feature, offered at every length."""
    steps = [
        {"say": "Let your feet rest flat on the floor.", "pause": 3, "bell": True},
        {"say": "Notice where the chair holds you.", "pause": 4, "weight": 2},
        {"from_minutes": 3, "say": "Rest on a steady place.", "pause": 8, "weight": 3,
         "show": "Stay with it"},
        {"say": "Now breathe with the circle.", "breathe": {"pattern": [4, 2, 6, 1], "share": 0.4}},
        {"say": "Three more.", "breathe": {"pattern": [3, 0, 3, 0], "cycles": 3}},
        {"say": "Come back to your day.", "pause": 2, "show": "Until next time"},
    ]  # fmt: skip
    return packs.load_one(packs.exercise(lengths=EVERY_LENGTH, steps=steps), clips=clips)


@pytest.mark.parametrize("minutes", EVERY_LENGTH)
def test_the_practice_lasts_exactly_the_chosen_length(packs, minutes):
    timeline = compile_timeline(_rich(packs), minutes)

    assert timeline.total == minutes * 60
    assert timeline.cues[-1].kind is CueKind.END
    assert timeline.cues[-1].at == timeline.total
    last_show = [c for c in timeline.cues if c.kind is CueKind.SHOW][-1]
    assert last_show.end == pytest.approx(timeline.total, abs=1e-6)  # the last pause ends it
    assert all(c.end <= timeline.total + 1e-6 for c in timeline.cues)


@pytest.mark.parametrize("minutes", [1, 7, 20])
def test_cues_are_in_order_and_steps_do_not_overlap(packs, minutes):
    timeline = compile_timeline(_rich(packs), minutes)
    starts = [c.at for c in timeline.cues]
    assert starts == sorted(starts)
    first = timeline.cues[0]
    assert (first.kind, first.at, first.duration, first.text) == (
        CueKind.BELL,
        0.0,
        START_BELL_SECONDS,
        "start",
    )
    assert timeline.step_starts[0] == START_BELL_SECONDS
    assert list(timeline.step_starts) == sorted(timeline.step_starts)
    timed = [c for c in timeline.cues if c.kind in (CueKind.SPEECH, CueKind.SHOW, CueKind.BREATH)]
    for earlier, later in itertools.pairwise(timed):
        assert earlier.end <= later.at + 1e-9
    assert [c.text for c in timeline.cues if c.kind is CueKind.BELL] == ["start", "step", "end"]


def test_speech_is_estimated_at_140_words_a_minute_without_a_clip(packs):
    exercise = _rich(packs)
    speech = [c for c in compile_timeline(exercise, 5).cues if c.kind is CueKind.SPEECH]
    assert speech[0].text == "Let your feet rest flat on the floor."
    assert speech[0].duration == pytest.approx(8 / 140 * 60 + 0.4)
    assert speech[0].clip is None
    assert speech_seconds(exercise.steps[0], wpm=70) == pytest.approx(_estimate(speech[0].text, 70))


def test_clip_durations_and_files_are_used_when_the_text_matches(packs):
    clips = [
        {"file": "feet.ogg", "text": "Let your feet rest flat on the floor.", "seconds": 7.25},
        {"file": "stale.ogg", "text": "Come back to your day, friend.", "seconds": 9.0},
    ]
    timeline = compile_timeline(_rich(packs, clips=clips), 3)
    speech = {c.text: c for c in timeline.cues if c.kind is CueKind.SPEECH}
    feet = speech["Let your feet rest flat on the floor."]
    assert feet.duration == 7.25
    assert feet.clip.name == "feet.ogg"
    last = speech["Come back to your day."]
    assert last.duration == pytest.approx(_estimate(last.text))
    assert last.clip is None
    assert timeline.total == 180


def test_a_steps_own_recording_is_played_for_its_words(packs):
    root = packs.create(clips=[{"file": "a.ogg", "text": "Feet down.", "seconds": 1.5}])
    (root / "narration" / "mine.wav").write_bytes(b"RIFF")
    packs.write(root, packs.exercise(steps=[{"say": "Feet down.", "audio": "narration/mine.wav"}]))
    (exercise,) = packs.load(root).exercises
    (speech,) = [c for c in compile_timeline(exercise, 1).cues if c.kind is CueKind.SPEECH]
    assert speech.clip.name == "mine.wav"
    assert speech.duration == 1.5


def _silent(packs, steps, lengths=(1, 3)):
    """Steps without words, so every second is known exactly."""
    return packs.load_one(packs.exercise(lengths=list(lengths), steps=steps))


@pytest.mark.parametrize(("minutes", "cycles", "pause"), [(1, 2, 27.0), (3, 8, 87.0)])
def test_share_breathing_gets_whole_breaths_of_its_share(packs, minutes, cycles, pause):
    # fixed: 3 s bell + 10 s + 5 s = 18 s; spare at 1 min 42 s, half is 21 s: two 10 s breaths.
    exercise = _silent(
        packs,
        [
            {"pause": 10},
            {"breathe": {"pattern": LONG_OUT, "share": 0.5}},
            {"pause": 5, "weight": 1},
        ],
    )
    timeline = compile_timeline(exercise, minutes)
    spare = minutes * 60 - 18
    assert cycles == math.floor(0.5 * spare / 10)
    breaths = [c for c in timeline.cues if c.kind is CueKind.BREATH]
    assert [c.phase for c in breaths] == ["in", "out"] * cycles
    assert sum(c.duration for c in breaths) == cycles * 10
    assert timeline.step_starts[2] - timeline.step_starts[1] == cycles * 10
    assert timeline.total - timeline.step_starts[2] == pytest.approx(pause)


def test_zero_second_phases_are_skipped_and_holds_are_named(packs):
    exercise = _silent(packs, [{"breathe": {"pattern": [4, 2, 6, 1], "cycles": 2}}])
    breaths = [c for c in compile_timeline(exercise, 1).cues if c.kind is CueKind.BREATH]
    assert [(c.phase, c.duration) for c in breaths] == [
        ("in", 4),
        ("hold", 2),
        ("out", 6),
        ("rest", 1),
    ] * 2


def test_spare_time_is_spread_over_pauses_by_weight(packs):
    exercise = _silent(packs, [{"pause": 1, "weight": 1}, {"pause": 2, "weight": 3}, {"pause": 4}])
    timeline = compile_timeline(exercise, 1)
    spare = 60 - 3 - 7
    durations = [b - a for a, b in itertools.pairwise([*timeline.step_starts, 60])]
    assert durations == pytest.approx([1 + spare / 4, 2 + spare * 3 / 4, 4])


def test_without_weights_the_last_pause_takes_the_spare_time(packs):
    exercise = _silent(packs, [{"pause": 5}, {"show": "Stay with it", "pause": 5}])
    timeline = compile_timeline(exercise, 1)
    assert timeline.step_starts == (3.0, 8.0)
    (show,) = [c for c in timeline.cues if c.kind is CueKind.SHOW]
    assert (show.at, show.duration, show.text) == (8.0, 52.0, "Stay with it")


def test_from_minutes_steps_join_only_long_enough_practices(packs):
    exercise = _rich(packs)
    assert len(compile_timeline(exercise, 1).step_starts) == 5
    assert len(compile_timeline(exercise, 2).step_starts) == 5
    three = compile_timeline(exercise, 3)
    assert len(three.step_starts) == 6
    assert "Rest on a steady place." in [c.text for c in three.cues]


def _with_variants(packs):
    variants = [
        {"id": "even", "label": "Even breathing", "pattern": [4, 0, 4, 0]},
        {"id": "long-out", "label": "Longer out-breath", "pattern": LONG_OUT},
    ]
    steps = [
        {"breathe": {"cycles": 2}},
        {"breathe": {"pattern": [3, 0, 3, 0], "cycles": 1}},
        {"pause": 1},
    ]
    return packs.load_one(packs.exercise(lengths=[1], variants=variants, steps=steps))


def test_the_first_variant_is_the_default_and_others_can_be_chosen(packs):
    exercise = _with_variants(packs)

    def durations(timeline):
        return [c.duration for c in timeline.cues if c.kind is CueKind.BREATH]

    assert durations(compile_timeline(exercise, 1)) == [4, 4, 4, 4, 3, 3]
    chosen = compile_timeline(exercise, 1, variant_id="long-out")
    assert durations(chosen) == [4, 6, 4, 6, 3, 3]
    assert chosen.total == 60


def test_an_unknown_variant_is_a_content_error(packs):
    with pytest.raises(ContentError, match="no variant 'box'"):
        compile_timeline(_with_variants(packs), 1, variant_id="box")


def test_a_length_too_short_names_the_seconds_needed(packs):
    exercise = _silent(packs, [{"pause": 100}], lengths=[2])
    with pytest.raises(ContentError) as caught:
        compile_timeline(exercise, 1)
    assert caught.value.field == "lengths"
    assert "needs at least 103 seconds" in caught.value.problem


def test_a_length_with_no_steps_is_a_content_error(packs):
    exercise = _silent(packs, [{"pause": 3, "from_minutes": 3}], lengths=[3])
    with pytest.raises(ContentError, match="no step"):
        compile_timeline(exercise, 1)


def test_images_and_step_bells_span_their_step(packs):
    root = packs.create()
    (root / "images").mkdir()
    (root / "images" / "hand.svg").write_text("<svg/>")
    steps = [{"pause": 2}, {"say": "Hand on heart.", "image": "images/hand.svg", "bell": True}]
    packs.write(root, packs.exercise(lengths=[1], steps=steps))
    (exercise,) = packs.load(root).exercises
    timeline = compile_timeline(exercise, 1)
    (image,) = [c for c in timeline.cues if c.kind is CueKind.IMAGE]
    assert image.clip.name == "hand.svg"
    assert (image.at, image.end) == (timeline.step_starts[1], pytest.approx(60))
    (bell,) = [c for c in timeline.cues if c.text == "step"]
    assert (bell.at, bell.duration, bell.step) == (timeline.step_starts[1], 0.0, 1)


def test_caption_follows_speech_and_shown_words_within_a_step(packs):
    exercise = _silent(
        packs,
        [
            {"say": "Notice your feet.", "show": "Feet", "pause": 5},
            {"say": "Notice your hands.", "pause": 3},
        ],
    )
    timeline = compile_timeline(exercise, 1)
    speech = [c for c in timeline.cues if c.kind is CueKind.SPEECH]
    assert timeline.caption_at(1.0) == ""
    assert timeline.caption_at(speech[0].at + 0.1) == "Notice your feet."
    assert timeline.caption_at(speech[0].end + 0.1) == "Feet"
    assert timeline.caption_at(speech[1].at) == "Notice your hands."
    assert timeline.caption_at(59.9) == "Notice your hands."
    assert timeline.caption_at(60.0) == ""


def test_breath_at_reports_the_phase_and_progress(packs):
    exercise = _silent(packs, [{"pause": 7}, {"breathe": {"pattern": LONG_OUT, "cycles": 2}}])
    timeline = compile_timeline(exercise, 1)
    start = timeline.step_starts[1]
    assert timeline.breath_at(start - 0.5) == (None, 0.0)
    cue, progress = timeline.breath_at(start + 1.0)
    assert (cue.phase, progress) == ("in", pytest.approx(0.25))
    cue, progress = timeline.breath_at(start + 7.0)
    assert (cue.phase, progress) == ("out", pytest.approx(0.5))
    assert timeline.breath_at(start + 20.5) == (None, 0.0)


def test_next_step_start_is_where_skipping_lands(packs):
    timeline = compile_timeline(_rich(packs), 5)
    starts = timeline.step_starts
    assert timeline.next_step_start(0.0) == starts[0]
    assert timeline.next_step_start(starts[0]) == starts[1]
    assert timeline.next_step_start((starts[2] + starts[3]) / 2) == starts[3]
    assert timeline.next_step_start(starts[-1] + 1) == timeline.total
    assert timeline.step_at(starts[2] + 0.01) == 2
    assert timeline.step_at(1.0) == -1
    assert timeline.step_at(timeline.total) == -1


def test_within_a_step_words_come_first_then_breathing_then_the_pause(packs):
    step = {
        "say": "Breathe with the circle.",
        "show": "Rest",
        "breathe": {"pattern": LONG_OUT, "cycles": 2},
    }
    exercise = _silent(packs, [{"pause": 1}, step])
    timeline = compile_timeline(exercise, 1)
    kinds = [c.kind for c in timeline.cues if c.step == 1]
    assert kinds == [CueKind.SPEECH, *[CueKind.BREATH] * 4, CueKind.SHOW]
    (show,) = [c for c in timeline.cues if c.kind is CueKind.SHOW]
    assert show.end == pytest.approx(60)  # the spare time rests after the breathing
