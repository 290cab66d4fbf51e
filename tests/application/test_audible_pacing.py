"""Audible pacing: with practice.audible_pacing on, each breath in and out starts a soft tone
through the audio port; off, the breathing is silent as before."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from stsdesk.application.practice_run import PACING_CUES, PracticeRun, Sound
from stsdesk.core.catalog import load_catalog
from stsdesk.core.ports import MemoryPracticeLog
from stsdesk.core.session import State
from stsdesk.core.settings import BY_KEY, Settings
from stsdesk.core.timeline import CueKind
from stsdesk.infra.resources import builtin_pack
from tests.fakes import FakeClock, RecordingAudio


@pytest.fixture(scope="module")
def catalog():
    return load_catalog([builtin_pack()])


def _play(catalog, pacing: str, exercise: str = "paced-breathing", minutes: int = 1):
    clock, audio = FakeClock(), RecordingAudio()
    run = PracticeRun(
        catalog.get(exercise),
        minutes,
        journal=MemoryPracticeLog(),
        audio=audio,
        clock=clock,
        wall_clock=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        zone_name=lambda: "UTC",
        sound=Sound(pacing=pacing),
    )
    run.start()
    while run.state is State.RUNNING:
        clock.advance(0.25)
        run.poll()
    return run, audio


def _pacing_heard(audio) -> list[str]:
    return [name for kind, name in audio.heard if kind == "bell" and name.startswith("pace-")]


def test_the_setting_exists_off_by_default() -> None:
    setting = BY_KEY["practice.audible_pacing"]
    assert Settings()["practice.audible_pacing"] == "off"
    assert [name for name, _ in setting.choices] == ["off", "tone"]


def test_tones_follow_every_breath_in_and_out_when_on(catalog) -> None:
    run, audio = _play(catalog, "tone")
    breaths = [c for c in run.timeline.cues if c.kind is CueKind.BREATH]
    expected = [PACING_CUES[c.phase] for c in breaths if c.phase in PACING_CUES]
    assert expected  # the 1-minute paced breathing has breaths
    assert _pacing_heard(audio) == expected
    assert expected.count("pace-in") == expected.count("pace-out")


def test_no_pacing_sound_when_off(catalog) -> None:
    _, audio = _play(catalog, "off")
    assert _pacing_heard(audio) == []
    assert ("play_bell", "start") in audio.calls  # the other bells still ring


def test_a_practice_without_breathing_sounds_no_pacing(catalog) -> None:
    _, audio = _play(catalog, "tone", exercise="grounding-at-the-desk")
    assert _pacing_heard(audio) == []


def test_changing_the_voice_keeps_the_pacing(catalog) -> None:
    clock, audio = FakeClock(), RecordingAudio()
    run = PracticeRun(
        catalog.get("paced-breathing"),
        1,
        journal=MemoryPracticeLog(),
        audio=audio,
        clock=clock,
        wall_clock=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        zone_name=lambda: "UTC",
        sound=Sound(pacing="tone"),
    )
    run.set_voice(False)
    run.set_volume(0.5)
    run.set_ambience("rain")
    assert run.sound == Sound(voice=False, volume=0.5, ambience="rain", pacing="tone")
