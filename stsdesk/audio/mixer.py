"""The player's sound through pygame's mixer: voice, bells and ambience; silence with no device.

Everything is decoded by ``prepare`` before a practice, so nothing on the play path touches the
disk. Voice, bells and ambience each have two reserved channels used in turn, so a new sound
never cuts the tail or the fade-out of the previous one. Fades are the mixer's own, so they
finish even if nobody ticks; only ducking the ambience under the voice needs ``tick``, which the
player's poll timer calls. Our gains are set on the sounds, never on the channels, which the
mixer's fades own. One instance per process: SDL opens the device once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# SDL would otherwise take over SIGINT and SIGTERM, and a logout could not end the app.
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
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

# What pygame will be asked to decode: its decoders are an attack surface, and a file with the
# wrong content otherwise fails with a misleading message (random bytes named .ogg → libmodplug).
_SIGNATURES = {".ogg": (0, b"OggS"), ".wav": (8, b"WAVE")}


class _Pair:
    """Two reserved channels used in turn."""

    def __init__(self, first: int) -> None:
        self.channels = (pygame.mixer.Channel(first), pygame.mixer.Channel(first + 1))
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
    """The ``AudioPort`` on pygame.mixer. Without a device it is silent: every call a no-op."""

    def __init__(self, device: bool) -> None:
        """Use ``PygameAudio.open()``, which knows whether the mixer opened."""
        self._mix = _Mix(_Pair(0), _Pair(2), _Pair(4)) if device else None
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
        """Open the sound device, or return a silent instance (and log one line) if there is none.

        ``preferred_driver`` names an SDL audio driver (``pulseaudio``, ``disk``...); by default
        SDL chooses, honouring ``SDL_AUDIODRIVER``.
        """
        if preferred_driver:
            os.environ["SDL_AUDIODRIVER"] = preferred_driver
        try:
            pygame.mixer.init(FREQUENCY, -16, 2, BUFFER_FRAMES)
        except pygame.error as error:
            log.warning("No sound device (%s): practices run with captions only", error)
            return cls(device=False)
        pygame.mixer.set_num_channels(max(8, pygame.mixer.get_num_channels()))
        pygame.mixer.set_reserved(6)
        return cls(device=True)

    @property
    def available(self) -> bool:
        """Whether sound can actually be heard."""
        return self._mix is not None

    def prepare(
        self,
        voice: Mapping[str, Path],
        bells: Mapping[str, Path],
        ambience: Mapping[str, Path],
    ) -> list[Path]:
        """Decode every sound a practice may play, before it starts; return the files skipped.

        Keys are what ``play_voice``, ``play_bell`` and ``set_ambience`` are later called with.
        Sounds already decoded for the previous practice are reused; the rest are released.
        """
        if self._mix is None:
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
        return skipped

    def play_voice(self, clip: str) -> None:
        """Start a narration clip, unless the voice is off; a clip still speaking fades out."""
        sound = self._clips.get(clip)
        if self._mix is None or self._paused or not self._voice_enabled or sound is None:
            return
        self._mix.voice.fadeout(VOICE_FADE_MS)
        sound.set_volume(self._gain)
        self._mix.voice.play(sound)

    def stop_voice(self) -> None:
        """Hush the narration with a short fade (the user skipped ahead)."""
        if self._mix is not None:
            self._mix.voice.fadeout(VOICE_FADE_MS)

    def play_bell(self, name: str) -> None:
        """Ring a bell; the previous one rings out on the other channel."""
        sound = self._bells.get(name)
        if self._mix is None or self._paused or sound is None:
            return
        sound.set_volume(self._gain)
        self._mix.bells.play(sound)

    def set_ambience(self, name: str | None) -> None:
        """Fade the current bed out and ``name``'s in (``None``: just fade out)."""
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
        if self._mix is not None and not self._paused:
            pygame.mixer.pause()
            self._paused = True

    def resume(self) -> None:
        """Continue every channel from where it was held."""
        if self._mix is not None and self._paused:
            pygame.mixer.unpause()
            self._paused = False
            self._last_tick = None

    def stop(self) -> None:
        """End the practice's sound: a short fade, or at once if paused (it is silent already)."""
        if self._mix is None:
            return
        if self._paused:
            pygame.mixer.stop()
            pygame.mixer.unpause()
            self._paused = False
        else:
            pygame.mixer.fadeout(STOP_FADE_MS)
        self._bed = None
        self._duck_db = 0.0
        self._last_tick = None

    def close(self) -> None:
        """Release the device and every decoded sound; the instance is silent afterwards."""
        if self._mix is None:
            return
        pygame.mixer.quit()
        self._mix = None
        self._cache, self._clips, self._bells, self._beds = {}, {}, {}, {}
        self._bed = None

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
            return pygame.mixer.Sound(path)
        except (OSError, ValueError, pygame.error) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            log.warning("Skipping sound %s: %s", path, reason)
            return None
