"""Stand-ins shared by tests: a clock to move by hand, an audio port that records calls."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path


class FakeClock:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RecordingAudio:
    """An ``AudioPort`` that hears nothing and remembers everything it was asked to do.

    ``heard`` lists what a person would actually hear started: ("voice", clip) only while the
    voice is on, ("bell", name) always, ("ambience", name) when a bed fades in.
    """

    available = True

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.heard: list[tuple[str, object]] = []
        self.voice_on = True
        self.volume = 1.0
        self.prepared: dict[str, Path] = {}

    def prepare(
        self, voice: Mapping[str, Path], bells: Mapping[str, Path], ambience: Mapping[str, Path]
    ) -> Sequence[Path]:
        self.prepared = dict(voice)
        self.calls.append(("prepare", len(voice)))
        return ()

    def play_voice(self, clip: str) -> None:
        self.calls.append(("play_voice", clip))
        if self.voice_on:
            self.heard.append(("voice", clip))

    def stop_voice(self) -> None:
        self.calls.append(("stop_voice", None))

    def play_bell(self, name: str) -> None:
        self.calls.append(("play_bell", name))
        self.heard.append(("bell", name))

    def set_ambience(self, name: str | None) -> None:
        self.calls.append(("set_ambience", name))
        if name is not None:
            self.heard.append(("ambience", name))

    def set_volume(self, volume: float) -> None:
        self.volume = volume
        self.calls.append(("set_volume", volume))

    def set_voice_enabled(self, enabled: bool) -> None:
        self.voice_on = enabled
        self.calls.append(("set_voice_enabled", enabled))

    def tick(self, now: float) -> None:
        pass

    def pause(self) -> None:
        self.calls.append(("pause", None))

    def resume(self) -> None:
        self.calls.append(("resume", None))

    def stop(self) -> None:
        self.calls.append(("stop", None))

    released = 0  # how many times ``release`` was called (not in ``calls``: order-neutral)

    def release(self) -> None:
        self.released += 1

    def close(self) -> None:
        self.calls.append(("close", None))
