"""``stsdesk script ID [--minutes N] [--variant V] [--json]``: a practice as a transcript.

For people who want to read a practice before they hear it, screen-reader users, and
administrators reviewing a pack: the practice compiled at one length, exactly as the player
would run it, as timed lines of text or as JSON. ``stsdesk.cli`` calls ``register``.

The length must be one the practice offers (the transcript is the one that plays at that
length, not a neighbour's): otherwise one sentence naming the lengths, and exit status 2, as
for an unknown id or variant.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from stsdesk import cli_args
from stsdesk.application.startup import StartupContext
from stsdesk.cli_args import UsageError
from stsdesk.cli_text import count, json_text, shown
from stsdesk.core.exercise import Exercise
from stsdesk.core.timeline import Cue, CueKind, Timeline, compile_timeline

QUIET_SECONDS = 5.0
"""A silence at least this long between two items is listed as a pause of its own."""

_BELLS = {"start": "start bell", "step": "bell", "end": "end bell"}
# The pacer calls the hold after breathing out "rest"; a reader knows it as a hold.
_PHASES = {"in": "in", "hold": "hold", "out": "out", "rest": "hold"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``script`` to the sub-commands."""
    script = subparsers.add_parser(
        "script",
        help="print a practice as a timed transcript",
        description="Print a practice as it plays at one length: every spoken line with the "
        "time it starts, the breathing sections, the pauses and the bells. N must be one of "
        "the lengths the practice offers ('stsdesk list' shows them); another length, an "
        "unknown ID or an unknown variant is refused with exit status 2.",
    )
    script.add_argument("exercise", metavar="ID", help="exercise id (see 'stsdesk list')")
    script.add_argument(
        "--minutes", metavar="N", help="one of the practice's lengths (default: its shortest)"
    )
    script.add_argument(
        "--variant", metavar="V", help="breathing variant id (default: the practice's first)"
    )
    script.add_argument("--json", action="store_true", help="machine-readable output")
    script.set_defaults(handler=_script)


def _script(args: argparse.Namespace, context: StartupContext) -> int:
    minutes = cli_args.whole_minutes(args.minutes)
    exercise = context.catalog.get(cli_args.text(args.exercise, "ID"))
    if exercise is None:
        raise UsageError(
            f"There is no practice called {shown(args.exercise)!r}; 'stsdesk list' shows them all."
        )
    if minutes is None:
        minutes = exercise.lengths[0]
    if minutes not in exercise.lengths:
        offered = ", ".join(str(m) for m in exercise.lengths)
        raise UsageError(f"{shown(exercise.title)} is offered at {offered} minutes, not {minutes}.")
    variant = _variant(exercise, args.variant)
    items = transcript(compile_timeline(exercise, minutes, variant_id=variant))
    if args.json:
        sys.stdout.write(json_text(items) + "\n")
    else:
        sys.stdout.write(_text(exercise, minutes, variant, items))
    return 0


def _variant(exercise: Exercise, asked: str | None) -> str | None:
    if asked is None:
        return None
    wanted = cli_args.text(asked, "--variant")
    if any(v.id == wanted for v in exercise.variants):
        return wanted
    if not exercise.variants:
        raise UsageError(f"{shown(exercise.title)} has no breathing variants.")
    ids = ", ".join(shown(v.id) for v in exercise.variants)
    raise UsageError(f"{shown(exercise.title)} has the variants {ids}, not {shown(wanted)!r}.")


def _seconds(value: float) -> float:
    return round(value, 2)


def _breath_section(cues: list[Cue]) -> dict[str, Any]:
    """Consecutive breathing phases of one step, as one item: the pattern and how many."""
    pattern: dict[str, float] = {}
    for cue in cues:
        if cue.phase is not None and cue.phase not in pattern:
            pattern[cue.phase] = _seconds(cue.duration)
    return {
        "at": _seconds(cues[0].at),
        "kind": "breath",
        "duration": _seconds(cues[-1].end - cues[0].at),
        "breaths": sum(1 for cue in cues if cue.phase == cues[0].phase),
        "pattern": pattern,
    }


def transcript(timeline: Timeline) -> list[dict[str, Any]]:
    """The timeline as items in time order: ``at`` (seconds from the start), ``kind``
    (``bell``, ``speech``, ``show``, ``breath``, ``pause``, ``end``) and, by kind, ``text``,
    ``duration``, ``bell`` (start, step, end), ``breaths`` and ``pattern`` (seconds a phase).

    A breathing section is one item, not one per phase; a silence of at least
    ``QUIET_SECONDS`` between two items is a ``pause`` item. Images are left out.
    """
    items: list[dict[str, Any]] = []
    breathing: list[Cue] = []
    busy_until = 0.0  # the end of the last sound or breathing section

    def add(item: dict[str, Any], ends: float) -> None:
        nonlocal busy_until
        if item["at"] - busy_until >= QUIET_SECONDS:
            items.append(
                {
                    "at": _seconds(busy_until),
                    "kind": "pause",
                    "duration": _seconds(item["at"] - busy_until),
                }
            )
        items.append(item)
        busy_until = max(busy_until, ends)

    def flush() -> None:
        if breathing:
            add(_breath_section(breathing), breathing[-1].end)
            breathing.clear()

    for cue in timeline.cues:
        if cue.kind is CueKind.BREATH:
            if breathing and (cue.step != breathing[-1].step or cue.at > breathing[-1].end + 1e-6):
                flush()
            breathing.append(cue)
            continue
        flush()
        at = _seconds(cue.at)
        if cue.kind is CueKind.BELL:
            add({"at": at, "kind": "bell", "bell": cue.text}, cue.end)
        elif cue.kind is CueKind.SPEECH:
            add({"at": at, "kind": "speech", "text": cue.text, "duration": _seconds(cue.duration)},
                cue.end)  # fmt: skip
        elif cue.kind is CueKind.SHOW:
            # On-screen words over a pause: the pause is theirs, not a silence of its own.
            add({"at": at, "kind": "show", "text": cue.text, "duration": _seconds(cue.duration)},
                cue.end)  # fmt: skip
        elif cue.kind is CueKind.END:
            add({"at": at, "kind": "end"}, cue.end)
    flush()
    return items


def clock(seconds: float) -> str:
    """``m:ss`` (``h:mm:ss`` from an hour), to the nearest second."""
    whole = int(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def _length(seconds: float) -> str:
    whole = int(seconds + 0.5)
    return f"{whole} s" if whole < 60 else f"{whole // 60} min {whole % 60:02} s"


def _describe(item: dict[str, Any]) -> str:
    kind = item["kind"]
    if kind in ("speech", "show"):
        words = shown(item["text"])
        return words if kind == "speech" else f"(on screen) {words}"
    if kind == "bell":
        return f"({_BELLS.get(item['bell'], 'bell')})"
    if kind == "breath":
        phases = ", ".join(
            f"{_PHASES.get(phase, phase)} {seconds:g} s"
            for phase, seconds in item["pattern"].items()
        )
        breaths = item["breaths"]
        noun = "breath" if breaths == 1 else "breaths"
        return f"(breathing: {breaths} {noun}, {phases}; {_length(item['duration'])})"
    if kind == "pause":
        return f"(quiet, {_length(item['duration'])})"
    return "(end)"


def _text(
    exercise: Exercise, minutes: int, variant: str | None, items: list[dict[str, Any]]
) -> str:
    label = next((v.label for v in exercise.variants if v.id == variant), None)
    if label is None and variant is None and exercise.variants:
        label = exercise.variants[0].label
    head = f"{shown(exercise.title)}, {count(minutes, 'minute')}"
    if label:
        head += f" ({shown(label)})"
    lines = [head, ""]
    lines += [f"{clock(item['at']):>5}  {_describe(item)}" for item in items]
    return "\n".join(lines) + "\n"
