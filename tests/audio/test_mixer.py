"""PygameAudio against real SDL output: the disk driver writes what the mixer mixed; we read it.

Each scenario runs in its own process (``scenario.py``; SDL reads its driver settings once) and
all of them run at the same time, since the disk driver writes in real time. Positions in the
output come from marks: the frames written when a call was made. Sound starts at or after its
mark (the file may lag the mixer by a few kilobytes of stdio buffer, never lead it), so windows
leave a margin of 0.1 s or more after a mark. The driver writes at most as fast as real time
(slower on a busy machine), so a window ends at the next mark, not a fixed time after its start.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import subprocess
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from stsdesk.audio.mixer import PygameAudio
from stsdesk.core.ports import AudioPort

REPO = Path(__file__).resolve().parents[2]
SCENARIO = Path(__file__).with_name("scenario.py")
SOUNDS = REPO / "assets" / "sounds"
RATE = 44100
SILENT_DB = -200.0


def write_tone(path: Path, seconds: float, amplitude: float) -> Path:
    """A 440 Hz sine WAV standing in for a narration clip (amplitude 0: a silent clip)."""
    n = round(seconds * RATE)
    ramp = round(0.005 * RATE)  # no click at either end
    samples = array("h")
    for i in range(n):
        edge = min(1.0, i / ramp, (n - 1 - i) / ramp)
        samples.append(round(amplitude * 32767 * edge * math.sin(2 * math.pi * 440 * i / RATE)))
    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(RATE)
        file.writeframes(samples.tobytes())
    return path


@dataclass
class Played:
    """One scenario's report and the stereo samples it produced."""

    report: dict[str, Any]
    samples: array

    def at(self, mark: str, seconds: float = 0.0) -> int:
        """The frame ``seconds`` after ``mark``."""
        return self.report["marks"][mark] + round(seconds * RATE)

    def level(self, start: int, end: int) -> float:
        """RMS in dBFS over frames ``start..end`` (both channels)."""
        assert 0 <= start < end <= len(self.samples) // 2, f"{start}..{end} is not in the output"
        window = self.samples[2 * start : 2 * end]
        power = sum(v * v for v in window) / len(window)
        return 10 * math.log10(power / 32768**2) if power else SILENT_DB

    def peak(self, start: int, end: int) -> int:
        assert 0 <= start < end <= len(self.samples) // 2, f"{start}..{end} is not in the output"
        return max(abs(v) for v in self.samples[2 * start : 2 * end])

    def sounding_seconds(self, threshold_db: float = -50.0) -> float:
        """How long the output is above ``threshold_db``, in 10 ms blocks."""
        block = RATE // 100
        blocks = len(self.samples) // 2 // block
        loud = sum(self.level(i * block, (i + 1) * block) > threshold_db for i in range(blocks))
        return loud / 100


def _scenarios(media: Path) -> dict[str, dict[str, Any]]:
    tone = str(write_tone(media / "tone.wav", 1.0, 0.5))
    long_tone = str(write_tone(media / "long-tone.wav", 2.0, 0.5))
    silent = str(write_tone(media / "silent.wav", 1.2, 0.0))
    (media / "noise.ogg").write_bytes(os.urandom(4096))
    (media / "short.wav").write_bytes((media / "tone.wav").read_bytes()[:30])
    bells = {name: str(SOUNDS / f"bell-{name}.ogg") for name in ("start", "step", "end")}
    beds = {name: str(SOUNDS / f"ambience-{name}.ogg") for name in ("rain", "ocean", "warm")}
    return {
        "cues": {
            "voice": {"tone": tone},
            "bells": bells,
            "actions": [
                {"at": 0.5, "do": "play_bell", "args": ["step"], "mark": "bell"},
                {"at": 1.3, "do": "play_voice", "args": ["tone"], "mark": "voice"},
                {"at": 1.8, "do": "stop", "mark": "stop"},
                {"at": 3.3, "mark": "end"},
            ],
        },
        "ducking": {
            "voice": {"silent": silent},
            "ambience": beds,
            "actions": [
                {"at": 0.0, "do": "set_ambience", "args": ["rain"], "mark": "bed"},
                {"at": 2.3, "mark": "alone"},
                {"at": 2.9, "do": "play_voice", "args": ["silent"], "mark": "voice"},
                {"at": 5.4, "mark": "after"},
                {"at": 5.8, "do": "set_ambience", "args": [None], "mark": "fade"},
                {"at": 8.2, "mark": "end"},
            ],
        },
        "pause": {
            "voice": {"tone": long_tone},
            "actions": [
                {"at": 0.3, "do": "play_voice", "args": ["tone"], "mark": "voice"},
                {"at": 1.0, "do": "pause", "mark": "pause"},
                {"at": 2.0, "do": "resume", "mark": "resume"},
                {"at": 3.6, "mark": "end"},
            ],
        },
        "pause-all": {
            "bells": bells,
            "ambience": beds,
            "actions": [
                {"at": 0.0, "do": "set_ambience", "args": ["ocean"]},
                {"at": 0.1, "do": "play_bell", "args": ["start"]},
                {"at": 0.6, "do": "pause", "mark": "pause"},
                {"at": 1.2, "do": "resume", "mark": "resume"},
                {"at": 1.7, "mark": "end"},
            ],
        },
        "restart": {
            "voice": {"tone": long_tone},
            "actions": [
                {"at": 0.2, "do": "play_voice", "args": ["tone"], "mark": "first"},
                {"at": 0.5, "do": "stop_voice", "mark": "hush"},
                {"at": 1.0, "do": "play_voice", "args": ["tone"], "mark": "again"},
                {"at": 1.4, "do": "play_voice", "args": ["tone"]},
                {"at": 1.5, "do": "play_voice", "args": ["tone"], "mark": "mid-fade"},
                {"at": 2.4, "do": "stop", "mark": "stop"},
                {"at": 2.7, "do": "play_voice", "args": ["tone"], "mark": "after-stop"},
                {"at": 4.1, "mark": "end"},
            ],
        },
        "voice": {
            "voice": {"tone": tone},
            "actions": [
                {"at": 0.0, "do": "set_voice_enabled", "args": [False]},
                {"at": 0.2, "do": "play_voice", "args": ["tone"]},
                {"at": 1.2, "do": "set_voice_enabled", "args": [True], "mark": "on"},
                {"at": 1.3, "do": "play_voice", "args": ["tone"], "mark": "voice"},
                {"at": 1.8, "do": "set_volume", "args": [0.5], "mark": "half"},
                {"at": 2.6, "mark": "end"},
            ],
        },
        "no-device": {
            "driver": "nonexistent",
            "voice": {"tone": tone},
            "bells": bells,
            "ambience": beds,
            "actions": [
                {"at": 0.0, "do": name, "args": args}
                for name, args in [
                    ("play_bell", ["start"]),
                    ("set_ambience", ["rain"]),
                    ("play_voice", ["tone"]),
                    ("tick", [1.0]),
                    ("set_volume", [0.3]),
                    ("set_voice_enabled", [False]),
                    ("pause", []),
                    ("resume", []),
                    ("stop", []),
                ]
            ],
        },
        "bad-files": {
            "driver": "dummy",
            "voice": {
                "noise": str(media / "noise.ogg"),
                "short": str(media / "short.wav"),
                "gone": str(media / "gone.wav"),
                "tone": tone,
            },
            "bells": bells,
            "ambience": beds,
            "actions": [
                {"at": 0.0, "do": "play_voice", "args": ["noise"]},
                {"at": 0.0, "do": "play_voice", "args": ["gone"]},
                {"at": 0.1, "do": "play_voice", "args": ["tone"]},
            ],
        },
    }


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Played]:
    """Run every scenario at once and collect what each wrote."""
    media = tmp_path_factory.mktemp("media")
    running = {}
    for name, spec in _scenarios(media).items():
        output = media / f"{name}.raw"
        env = {
            **os.environ,
            "SDL_AUDIODRIVER": "disk",
            "SDL_DISKAUDIOFILE": str(output),
            "PYGAME_HIDE_SUPPORT_PROMPT": "1",
            "PYTHONPATH": str(REPO),
        }
        process = subprocess.Popen(
            [sys.executable, str(SCENARIO), json.dumps(spec)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        running[name] = (process, output)
    results = {}
    for name, (process, output) in running.items():
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, f"scenario {name} failed:\n{stderr}"
        samples = array("h")
        if output.exists():
            samples.frombytes(output.read_bytes())
        results[name] = Played(json.loads(stdout), samples)
    return results


def test_cues_sound_where_played_and_silence_before_them_and_after_stop(
    played: dict[str, Played],
) -> None:
    run = played["cues"]
    assert run.report["format"] == [RATE, -16, 2]
    assert run.peak(0, run.at("bell")) == 0, "sound before the first cue"
    assert run.level(run.at("bell", 0.1), run.at("bell", 0.6)) > -30.0, "no bell"
    assert run.level(run.at("voice", 0.1), run.at("stop")) > -15.0, "no voice"
    # stop() fades everything out over one second.
    assert run.peak(run.at("stop", 1.2), run.at("end")) == 0, "sound after stop"


def test_ambience_fades_in_ducks_under_the_voice_and_comes_back(
    played: dict[str, Played],
) -> None:
    run = played["ducking"]
    alone = run.level(run.at("alone"), run.at("voice"))
    assert -40.0 < alone < -20.0
    assert run.level(run.at("bed", 0.1), run.at("bed", 0.4)) < alone - 6.0, "no fade-in"
    # The clip is silent: what is measured while it plays is the ducked ambience alone.
    ducked = run.level(run.at("voice", 0.5), run.at("voice", 1.1))
    assert -10.5 < ducked - alone < -7.5
    after = run.level(run.at("after"), run.at("fade"))
    assert abs(after - alone) < 1.0, "the ambience did not come back"
    assert run.peak(run.at("fade", 2.2), run.at("end")) == 0, "no fade-out"


def test_pause_holds_everything_and_resume_continues_at_the_same_point(
    played: dict[str, Played],
) -> None:
    run = played["pause"]
    assert run.level(run.at("voice", 0.1), run.at("pause")) > -12.0
    assert run.peak(run.at("pause", 0.1), run.at("resume")) == 0, "sound while paused"
    assert run.level(run.at("resume", 0.1), run.at("resume", 0.6)) > -12.0
    # A 2-second clip sounds for 2 seconds in all: neither restarted nor cut at the pause.
    assert run.sounding_seconds() == pytest.approx(2.0, abs=0.05)
    everything = played["pause-all"]  # a bell ringing over ambience
    assert everything.peak(everything.at("pause", 0.1), everything.at("resume")) == 0
    assert everything.level(everything.at("resume", 0.1), everything.at("end")) > -30.0


def test_the_voice_hushes_and_a_clip_started_during_a_fade_plays_at_full_level(
    played: dict[str, Played],
) -> None:
    run = played["restart"]
    assert run.level(run.at("first", 0.1), run.at("hush")) == pytest.approx(-9.0, abs=0.5)
    assert run.peak(run.at("hush", 0.35), run.at("again")) == 0, "stop_voice did not hush"
    # Each of these clips starts on a channel that is still fading out (from the clip before
    # last, then from stop()); SDL_mixer would leave it at the faded volume. Measured once the
    # other channel's fade (0.25 s, then stop()'s 1 s) is over.
    for mark, start, end in (("mid-fade", 0.4, "stop"), ("after-stop", 0.8, "end")):
        level = run.level(run.at(mark, start), run.at(end))
        assert level == pytest.approx(-9.0, abs=0.5), mark


def test_voice_off_is_silent_and_volume_scales_the_voice(played: dict[str, Played]) -> None:
    run = played["voice"]
    assert run.peak(0, run.at("on")) == 0, "voice heard while switched off"
    full = run.level(run.at("voice", 0.1), run.at("half"))
    half = run.level(run.at("half", 0.1), run.at("voice", 0.95))
    assert full == pytest.approx(-9.0, abs=0.5)  # a 0.5-amplitude sine
    assert half - full == pytest.approx(-12.0, abs=0.5)  # the slider is squared


def test_no_device_is_silent_says_so_once_and_never_raises(played: dict[str, Played]) -> None:
    report = played["no-device"].report
    assert report["available"] is False
    assert report["skipped"] == []
    assert len(report["log"]) == 1
    assert "No sound device" in report["log"][0]


def test_unreadable_files_are_skipped_and_named_while_good_ones_load(
    played: dict[str, Played],
) -> None:
    report = played["bad-files"].report
    assert report["available"] is True
    bad = {"noise.ogg", "short.wav", "gone.wav"}
    assert {Path(path).name for path in report["skipped"]} == bad
    assert len(report["log"]) == len(bad)
    for name in bad:
        assert sum(name in line for line in report["log"]) == 1, report["log"]


def test_pygame_audio_has_every_method_of_the_audio_port_with_the_same_parameters() -> None:
    for name, member in vars(AudioPort).items():
        if callable(member) and not name.startswith("_"):
            expected = list(inspect.signature(member).parameters)
            assert list(inspect.signature(getattr(PygameAudio, name)).parameters) == expected
    assert isinstance(PygameAudio.available, property)
