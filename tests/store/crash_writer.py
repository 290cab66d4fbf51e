"""The crash-test session writer: ``python tests/store/crash_writer.py DB [--ack-before-commit]``.

A test tool, not part of the shipped package: ``test_killnine`` runs it as a script.

Saves practices in a loop through ``PracticeStore.add``, the same call the player makes, and
prints each id only after ``add`` returns: that line is the acknowledgement the kill -9 test
holds the store to. ``--ack-before-commit`` prints the id inside the transaction and lingers
a little before COMMIT, a deliberate bug that proves the test can see lost records.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from stsdesk.core.days import stamp
from stsdesk.core.records import PracticeRecord, Zone
from stsdesk.store.database import PracticeStore

_EARLY_ACK_LINGER_S = 0.003


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Write practices until killed."""
    parser = argparse.ArgumentParser(prog="crash_writer.py", description=__doc__)
    parser.add_argument("database", type=Path, metavar="DB")
    parser.add_argument("--ack-before-commit", action="store_true", help="fault injection")
    parser.add_argument("--seed", type=int, default=0, help="for the random notes and ratings")
    args = parser.parse_args(argv)

    store = PracticeStore.open(
        args.database, before_commit=_acknowledge_early if args.ack_before_commit else None
    )
    rng = random.Random(args.seed)
    _say("ready")
    while True:
        record_id = store.add(_practice(rng))
        if not args.ack_before_commit:
            _say(str(record_id))


def _acknowledge_early(record_id: int) -> None:
    _say(str(record_id))
    time.sleep(_EARLY_ACK_LINGER_S)


def _practice(rng: random.Random) -> PracticeRecord:
    """A practice with a multi-page note, so a commit spans several pages of the file."""
    started_at, local_day = stamp(datetime.now(UTC), "America/Los_Angeles")
    note = "".join(rng.choices("abcdefghij klmnopqrstuvwxyz.\n", k=rng.randint(200, 3000)))
    return PracticeRecord(
        exercise_id="box-breathing",
        exercise_title="Box breathing",
        family="breathing",
        minutes_chosen=3,
        started_at=started_at,
        time_zone="America/Los_Angeles",
        local_day=local_day,
        practiced_seconds=rng.uniform(10, 180),
        completed=rng.random() < 0.8,
        distress_before=rng.randint(0, 10),
        distress_after=rng.randint(0, 10),
        zone_before=rng.choice(list(Zone)),
        note=note,
        tags=("crash-test",),
    )


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
