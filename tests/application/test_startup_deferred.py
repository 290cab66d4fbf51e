"""What the window's start does not wait for: the store (sqlite-utils), pygame, the log.

The import checks run in a fresh process, since this test process has imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from stsdesk.application.practice_run import PracticeRun
from stsdesk.application.startup import LogInBackground, start
from stsdesk.core.catalog import load_catalog
from stsdesk.core.ports import MemoryPracticeLog
from stsdesk.core.records import CheckIn
from stsdesk.infra.resources import builtin_pack
from tests.fakes import FakeClock, RecordingAudio

WALL = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)

IMPORTS = """
import json, sys
from stsdesk.application.startup import start
from stsdesk.app import open_audio
context = start(sys.argv[1], for_gui=True)
found = len(context.catalog.exercises), len(context.notices), len(context.learn_cards)
audio = open_audio()
heavy = [name for name in ("sqlite_utils", "sqlite3", "pygame", "click") if name in sys.modules]
print(json.dumps({"heavy": heavy, "exercises": found[0]}))
"""


def test_the_start_up_context_and_the_audio_port_import_no_store_and_no_pygame(
    tmp_path: Path,
) -> None:
    # Coverage's own measurement of child processes loads sqlite3 (its data file): off here.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STSDESK_", "COVERAGE_"))}
    for _ in range(2):  # the first start fills the catalogue cache, the second reads it
        result = subprocess.run(
            [sys.executable, "-c", IMPORTS, str(tmp_path / "data")],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["heavy"] == []
        assert report["exercises"] > 30


def test_the_log_opens_in_the_background_and_keeps_what_was_recorded_meanwhile(
    tmp_path: Path,
) -> None:
    context = start(tmp_path / "data", for_gui=True)
    background = LogInBackground(context)
    assert not background.future.done()  # nothing happens before start()
    exercise = context.catalog.get("one-breath-pause")
    clock = FakeClock()
    run = PracticeRun(
        exercise,
        exercise.lengths[0],
        journal=background.stand_in,  # the window's log until the real one is open
        audio=RecordingAudio(),
        clock=clock,
        wall_clock=lambda: WALL,
        zone_name=lambda: "UTC",
    )
    run.start()
    clock.advance(run.timeline.total + 1)
    run.poll()
    assert run.finish(CheckIn()).saved
    future = background.start()
    assert background.start() is future
    opening = background.wait()
    assert opening.store is not None
    assert context.paths.database.is_file()
    assert background.adopt(opening) == 1
    assert [r.exercise_id for r in opening.store.records()] == ["one-breath-pause"]
    opening.store.close()


def test_a_practice_releases_the_sound_once_when_it_ends_stops_or_is_left() -> None:
    context_free = MemoryPracticeLog()
    exercise = load_catalog([builtin_pack()]).get("one-breath-pause")
    for ending in ("finished", "stopped", "left"):
        clock, audio = FakeClock(), RecordingAudio()
        run = PracticeRun(
            exercise,
            exercise.lengths[0],
            journal=context_free,
            audio=audio,
            clock=clock,
            wall_clock=lambda: WALL,
            zone_name=lambda: "UTC",
        )
        assert audio.calls[0][0] == "prepare"
        if ending == "left":  # prepared, the check-in open, then the person went elsewhere
            run.release_audio()
        else:
            run.start()
            assert audio.released == 0  # never while it plays
            if ending == "stopped":
                run.stop()
            else:
                clock.advance(run.timeline.total + 1)
                run.poll()
                run.poll()
            run.finish(CheckIn())
        assert audio.released == 1, ending


def test_the_learn_cards_are_read_once_when_first_looked_into(tmp_path: Path) -> None:
    from stsdesk.application.startup import ReadOnFirstUse

    context = start(tmp_path / "data", for_gui=True)
    cards = context.learn_cards
    assert isinstance(cards, ReadOnFirstUse)
    assert cards._load is not None  # not read by the window's start
    titles = [card.title for card in cards]
    assert titles
    assert len(cards) == len(titles)
    assert cards[0].title == titles[0]
    assert cards._load is None
    reads: list[int] = []
    counted = ReadOnFirstUse(lambda: reads.append(1) or list(context.learn_cards))
    assert len(counted) == len(titles)
    assert list(reversed(counted))
    assert reads == [1]
