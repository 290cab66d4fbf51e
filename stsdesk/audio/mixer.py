"""The player's sound through pygame's mixer: voice, bells and ambience; silence with no device.

The sound device is open only while a practice needs it: ``PygameAudio.open()`` neither imports
pygame nor touches the device (the window's start does not wait for either); ``prepare``, called
when a practice is prepared, opens the device and decodes everything the practice may play, so
nothing on the play path touches the disk; ``release`` says the practice is over, and the device
is closed ``idle_close_s`` seconds later (after the end bell has rung out) unless another
practice is prepared first. An idle app holds no audio stream.

Voice, bells and ambience each have two reserved channels used in turn, so a new sound never
cuts the tail or the fade-out of the previous one. Fades are the mixer's own, so they finish even
if nobody ticks; only ducking the ambience under the voice needs ``tick``, which the player's poll
timer calls. Our gains are set on the sounds, never on the channels, which the mixer's fades own.
One instance per process: SDL has one mixer.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from array import array
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import pygame.mixer

log = logging.getLogger(__name__)

FREQUENCY = 44100
BUFFER_FRAMES = 512  # about 12 ms: bells land on time
AMBIENCE_FADE_MS = 2000
STOP_FADE_MS = 1000
VOICE_FADE_MS = 250  # hushing the voice mid-sentence, without a click
DUCK_DB = -9.0
DUCK_DOWN_SECONDS = 0.3
DUCK_UP_SECONDS = 0.8  # coming back more slowly than going down sounds natural
MAX_TICK_SECONDS = 0.25  # a late tick (slow frame, suspend) moves the duck no further than this
IDLE_CLOSE_SECONDS = 10.0  # after a practice, the device stays open this long, then closes
# Audible breath pacing (``play_bell("pace-in")``): a soft sine, made here, not a file; a
# rising pitch for the breath in, a lower one for the breath out, peaking at -20 dBFS.
PACE_TONES = {"pace-in": 392.0, "pace-out": 294.0}
PACE_TONE_SECONDS = 0.35
PACE_TONE_PEAK = 0.1

# What pygame will be asked to decode: its decoders are an attack surface, and a file with the
# wrong content otherwise fails with a misleading message (random bytes named .ogg → libmodplug).
_SIGNATURES = {".ogg": (0, b"OggS"), ".wav": (8, b"WAVE")}


_LOCK = threading.RLock()  # one mixer per process: every instance and the idle timer share it
_owner: PygameAudio | None = None  # the instance whose device is open (guarded by _LOCK)


def _mixer() -> Any:
    """``pygame.mixer``, imported the first time a practice needs sound (not at start)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    # SDL would otherwise take over SIGINT and SIGTERM, and a logout could not end the app.
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    import pygame.mixer

    return pygame.mixer


class _Pair:
    """Two reserved channels used in turn."""

    def __init__(self, first: int) -> None:
        mixer = _mixer()
        self.channels = (mixer.Channel(first), mixer.Channel(first + 1))
        self._turn = 0

    def play(self, sound: pygame.mixer.Sound, loops: int = 0, fade_ms: int = 0) -> None:
        self._turn ^= 1
        channel = self.channels[self._turn]
        # SDL_mixer leaves a channel that is re-played mid-fade at the faded volume for good;
        # halting it first restores the volume.
        channel.stop()
        channel.play(sound, loops=loops, fade_ms=fade_ms)

    def fadeout(self, ms: int) -> None:
        for channel in self.channels:
            channel.fadeout(ms)

    def busy(self) -> bool:
        return any(channel.get_busy() for channel in self.channels)

    def set_volume(self, gain: float) -> None:
        """Scale whatever is playing now (later sounds get the gain when they start)."""
        for channel in self.channels:
            sound = channel.get_sound()
            if sound is not None:
                sound.set_volume(gain)


class _Mix(NamedTuple):
    voice: _Pair
    bells: _Pair
    beds: _Pair


class PygameAudio:
    """The ``AudioPort`` on pygame.mixer. Without a device it is silent: every call a no-op.

    The device opens in ``prepare`` and closes ``idle_close_s`` after ``release``; calls from
    the idle timer's thread and the caller's are serialized by one lock.
    """

    idle_close_s = IDLE_CLOSE_SECONDS

    def __init__(self) -> None:
        """Use ``PygameAudio.open()``; nothing is opened or imported until ``prepare``."""
        self._lock = _LOCK
        self._mix: _Mix | None = None
        self._failed = False  # the last attempt to open the device found none
        self._closed = False  # ``close``: silent for good
        self._idle: threading.Timer | None = None
        self._cache: dict[Path, pygame.mixer.Sound] = {}
        self._clips: dict[str, pygame.mixer.Sound] = {}
        self._bells: dict[str, pygame.mixer.Sound] = {}
        self._beds: dict[str, pygame.mixer.Sound] = {}
        self._gain = 1.0
        self._voice_enabled = True
        self._paused = False
        self._bed: pygame.mixer.Sound | None = None
        self._duck_db = 0.0
        self._last_tick: float | None = None

    @classmethod
    def open(cls, preferred_driver: str | None = None) -> PygameAudio:
        """The audio port; the device itself is opened when a practice is prepared.

        ``preferred_driver`` names an SDL audio driver (``pulseaudio``, ``disk``...); by default
        SDL chooses, honouring ``SDL_AUDIODRIVER``.
        """
        if preferred_driver:
            os.environ["SDL_AUDIODRIVER"] = preferred_driver
        return cls()

    @property
    def available(self) -> bool:
        """Whether sound can be heard: false once opening the device has failed (until an
        attempt succeeds) and after ``close``; before the first practice, true."""
        return not self._closed and not self._failed

    @property
    def device_open(self) -> bool:
        """Whether the sound device is open (an audio stream exists) right now."""
        return self._mix is not None

    def _open_device(self) -> bool:
        """Open the mixer if it is not open; whether it is (logs one line when there is none).

        SDL has one mixer per process: an instance opening it takes it from any other."""
        global _owner
        if self._mix is not None and _owner is self:
            return True
        if self._closed:
            return False
        if _owner is not None and _owner is not self:
            _owner._forget_device()  # its sounds belong to the mixer it is about to lose
        mixer = _mixer()
        if mixer.get_init() is not None:
            mixer.quit()  # opened by someone else (a test, a script): ours from now on
        try:
            mixer.init(FREQUENCY, -16, 2, BUFFER_FRAMES)
        except Exception as error:  # pygame.error, raised by SDL without a device
            if not isinstance(error, _pygame_error()):
                raise
            if not self._failed:
                log.warning("No sound device (%s): practices run with captions only", error)
            self._failed = True
            return False
        mixer.set_num_channels(max(8, mixer.get_num_channels()))
        mixer.set_reserved(6)
        self._failed = False
        self._mix = _Mix(_Pair(0), _Pair(2), _Pair(4))
        _owner = self
        log.debug("Sound device opened")
        return True

    def _close_device(self) -> None:
        global _owner
        if self._mix is None:
            return
        if _owner is self:
            _mixer().quit()
            _owner = None
        self._forget_device()

    def _forget_device(self) -> None:
        """Drop the device and the sounds decoded for it (another instance has it now)."""
        self._cancel_idle()
        self._mix = None
        self._cache, self._clips, self._bells, self._beds = {}, {}, {}, {}
        self._bed = None
        self._paused = False
        self._duck_db = 0.0
        self._last_tick = None
        log.debug("Sound device closed")

    def _cancel_idle(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None

    def prepare(
        self,
        voice: Mapping[str, Path],
        bells: Mapping[str, Path],
        ambience: Mapping[str, Path],
    ) -> list[Path]:
        """Open the device and decode every sound a practice may play, before it starts;
        return the files skipped.

        Keys are what ``play_voice``, ``play_bell`` and ``set_ambience`` are later called with.
        Sounds already decoded for the previous practice are reused; the rest are released.
        A pending idle close is cancelled: the device stays open until ``release``.
        """
        with self._lock:
            self._cancel_idle()
            if not self._open_device():
                return []
            previous, self._cache = self._cache, {}
            skipped = []
            for path in dict.fromkeys([*voice.values(), *bells.values(), *ambience.values()]):
                sound = previous[path] if path in previous else self._load(path)
                if sound is None:
                    skipped.append(path)
                else:
                    self._cache[path] = sound
            self._clips = {key: self._cache[p] for key, p in voice.items() if p in self._cache}
            self._bells = {key: self._cache[p] for key, p in bells.items() if p in self._cache}
            self._beds = {key: self._cache[p] for key, p in ambience.items() if p in self._cache}
            for name, hz in PACE_TONES.items():
                self._bells.setdefault(name, _tone(hz))
            return skipped

    def release(self) -> None:
        """The practice is over: close the device ``idle_close_s`` from now (the end bell and
        any fade ring out first), unless a practice is prepared before then."""
        with self._lock:
            if self._mix is None or self._idle is not None:
                return
            self._idle = threading.Timer(self.idle_close_s, self._close_when_idle)
            self._idle.daemon = True
            self._idle.start()

    def _close_when_idle(self) -> None:
        with self._lock:
            if threading.current_thread() is not self._idle:
                return  # cancelled, or replaced by a later release
            self._idle = None
            if self._mix is not None and (self._paused or self._busy()):
                self.release()  # still sounding (or held): look again later
                return
            self._close_device()

    def _busy(self) -> bool:
        mix = self._mix
        return mix is not None and any(pair.busy() for pair in mix)

    def play_voice(self, clip: str) -> None:
        """Start a narration clip, unless the voice is off; a clip still speaking fades out."""
        with self._lock:
            sound = self._clips.get(clip)
            if self._mix is None or self._paused or not self._voice_enabled or sound is None:
                return
            self._mix.voice.fadeout(VOICE_FADE_MS)
            sound.set_volume(self._gain)
            self._mix.voice.play(sound)

    def stop_voice(self) -> None:
        """Hush the narration with a short fade (the user skipped ahead)."""
        with self._lock:
            if self._mix is not None:
                self._mix.voice.fadeout(VOICE_FADE_MS)

    def play_bell(self, name: str) -> None:
        """Ring a bell; the previous one rings out on the other channel."""
        with self._lock:
            sound = self._bells.get(name)
            if self._mix is None or self._paused or sound is None:
                return
            sound.set_volume(self._gain)
            self._mix.bells.play(sound)

    def set_ambience(self, name: str | None) -> None:
        """Fade the current bed out and ``name``'s in (``None``: just fade out)."""
        with self._lock:
            sound = self._beds.get(name) if name is not None else None
            if self._mix is None or sound is self._bed:
                return
            beds = self._mix.beds
            beds.fadeout(AMBIENCE_FADE_MS)
            self._bed = sound
            if sound is None:
                return
            self._apply_bed_gain()
            beds.play(sound, loops=-1, fade_ms=AMBIENCE_FADE_MS)
            if self._paused:
                beds.channels[0].pause()
                beds.channels[1].pause()

    def set_volume(self, volume: float) -> None:
        """Master volume from a 0..1 slider; squared, so equal steps sound roughly equal."""
        with self._lock:
            self._gain = min(max(volume, 0.0), 1.0) ** 2
            if self._mix is not None:
                self._mix.voice.set_volume(self._gain)
                self._mix.bells.set_volume(self._gain)
                self._apply_bed_gain()

    def set_voice_enabled(self, enabled: bool) -> None:
        """Voice on or off (captions only, for a shared office); off also hushes a clip playing."""
        self._voice_enabled = enabled
        if not enabled:
            self.stop_voice()

    def tick(self, now: float) -> None:
        """Move the ambience towards -9 dB while the voice speaks, and back when it stops.

        ``now`` is monotonic seconds; the player's poll timer calls this 30 to 60 times a second.
        """
        with self._lock:
            if self._mix is None or self._paused:
                return
            last, self._last_tick = self._last_tick, now
            elapsed = 0.0 if last is None else min(max(now - last, 0.0), MAX_TICK_SECONDS)
            if self._mix.voice.busy():
                self._duck_db = max(DUCK_DB, self._duck_db + DUCK_DB * elapsed / DUCK_DOWN_SECONDS)
            else:
                self._duck_db = min(0.0, self._duck_db - DUCK_DB * elapsed / DUCK_UP_SECONDS)
            self._apply_bed_gain()

    def pause(self) -> None:
        """Hold every channel where it is."""
        with self._lock:
            if self._mix is not None and not self._paused:
                _mixer().pause()
                self._paused = True

    def resume(self) -> None:
        """Continue every channel from where it was held."""
        with self._lock:
            if self._mix is not None and self._paused:
                _mixer().unpause()
                self._paused = False
                self._last_tick = None

    def stop(self) -> None:
        """End the practice's sound: a short fade, or at once if paused (it is silent already)."""
        with self._lock:
            if self._mix is None:
                return
            mixer = _mixer()
            if self._paused:
                mixer.stop()
                mixer.unpause()
                self._paused = False
            else:
                mixer.fadeout(STOP_FADE_MS)
            self._bed = None
            self._duck_db = 0.0
            self._last_tick = None

    def close(self) -> None:
        """Release the device and every decoded sound now; the instance is silent afterwards."""
        with self._lock:
            self._cancel_idle()
            self._closed = True
            self._close_device()

    def _apply_bed_gain(self) -> None:
        if self._bed is not None:
            self._bed.set_volume(self._gain * 10 ** (self._duck_db / 20))

    @staticmethod
    def _load(path: Path) -> pygame.mixer.Sound | None:
        """Decode one file, or log why not (naming it) and return None."""
        try:
            with path.open("rb") as file:
                head = file.read(12)
            offset, magic = _SIGNATURES.get(path.suffix.lower(), (0, None))
            if magic is None or head[offset : offset + len(magic)] != magic:
                raise ValueError("not an Ogg Vorbis or WAV file")
            return _mixer().Sound(path)
        except (OSError, ValueError, _pygame_error()) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            log.warning("Skipping sound %s: %s", path, reason)
            return None


def _tone(hz: float) -> pygame.mixer.Sound:
    """A soft tone at ``hz`` in the mixer's format (16-bit), faded in and out (sine squared)."""
    rate, _size, channels = _mixer().get_init()
    frames = int(rate * PACE_TONE_SECONDS)
    samples = array("h")
    for i in range(frames):
        gain = PACE_TONE_PEAK * math.sin(math.pi * i / frames) ** 2
        samples.extend([int(32767 * gain * math.sin(2 * math.pi * hz * i / rate))] * channels)
    return _mixer().Sound(buffer=samples.tobytes())


def _pygame_error() -> type[Exception]:
    import pygame

    return pygame.error
