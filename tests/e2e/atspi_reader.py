"""Read the running app the way a Linux screen reader does: over AT-SPI (run by test_atspi.py).

Runs inside a private session bus (``dbus-run-session``) on an X server. It asks the session
bus for the accessibility bus (``org.a11y.Bus.GetAddress``, which starts at-spi2-core's
``at-spi-bus-launcher``; the app's bridge starts ``at-spi2-registryd``), starts the real app
with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``, finds it under the registry's desktop and walks its
showing objects with ``busctl`` calls on ``org.a11y.atspi.Accessible`` (no pyatspi: it needs
PyGObject). Then it hands a practice over to the running app (``stsdesk play``, as a keyboard
launcher would) and reads the player. Prints one JSON line of what it read.

    python atspi_reader.py DATA_DIR
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ACCESSIBLE = "org.a11y.atspi.Accessible"
SHOWING = 25  # AtspiStateType
LABELLED_BY = 2  # AtspiRelationType
DEADLINE = 60.0
GDBUS = ("gdbus", "call", "--session", "--dest", "org.a11y.Bus")


class Bus:
    """``busctl`` on the accessibility bus, answers as JSON."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.calls = 0

    def _run(self, *args: str) -> Any:
        self.calls += 1
        done = subprocess.run(
            ["busctl", f"--address={self.address}", "--json=short", *args],
            capture_output=True,
            text=True,
            timeout=20,
        )
        if done.returncode != 0:
            raise RuntimeError(f"busctl {' '.join(args)}: {done.stderr.strip()}")
        return json.loads(done.stdout)["data"]

    def call(self, node: tuple[str, str], method: str, *args: str) -> Any:
        return self._run("call", node[0], node[1], ACCESSIBLE, method, *args)

    def prop(self, node: tuple[str, str], name: str) -> Any:
        return self._run("get-property", node[0], node[1], ACCESSIBLE, name)


def children(bus: Bus, node: tuple[str, str]) -> list[tuple[str, str]]:
    return [tuple(child) for child in bus.call(node, "GetChildren")[0]]


def read(bus: Bus, node: tuple[str, str]) -> dict[str, Any]:
    low, high = bus.call(node, "GetState")[0]
    states = low | (high << 32)
    labels = []
    for kind, targets in bus.call(node, "GetRelationSet")[0]:
        if kind == LABELLED_BY:
            labels += [bus.prop(tuple(target), "Name") for target in targets]
    return {
        "name": bus.prop(node, "Name"),
        "description": bus.prop(node, "Description"),
        "role": bus.call(node, "GetRoleName")[0],
        "showing": bool(states >> SHOWING & 1),
        "labelled_by": labels,
    }


def walk(bus: Bus, root: tuple[str, str]) -> list[dict[str, Any]]:
    """Every showing object under ``root`` (hidden pages are not descended into)."""
    found, todo = [], [root]
    while todo:
        node = todo.pop(0)
        seen = read(bus, node)
        if not seen["showing"] and node != root:
            continue
        found.append(seen)
        todo += children(bus, node)
    return found


def find_app(bus: Bus) -> tuple[str, str]:
    desktop = ("org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root")
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        for app in children(bus, desktop):
            if bus.prop(app, "Name") == "stsdesk":
                windows = children(bus, app)
                if windows and read(bus, windows[0])["showing"]:
                    return app
        time.sleep(0.2)
    raise RuntimeError("stsdesk never appeared on the accessibility bus")


def wait_for(bus: Bus, app: tuple[str, str], test: Any) -> list[dict[str, Any]]:
    deadline = time.monotonic() + DEADLINE
    while True:
        tree = walk(bus, app)
        if test(tree) or time.monotonic() > deadline:
            return tree
        time.sleep(0.3)


def main(data_dir: str) -> int:
    reply = subprocess.run(
        [*GDBUS, "--object-path", "/org/a11y/bus", "--method", "org.a11y.Bus.GetAddress"],
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    address = reply.stdout.strip().removeprefix("('").removesuffix("',)")
    bus = Bus(address)
    stsdesk = [sys.executable, "-m", "stsdesk", "--data-dir", data_dir]
    env = {**os.environ, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"}
    subprocess.run([*stsdesk, "settings", "set", "practice.check_ins", "false"], check=True)
    app_process = subprocess.Popen(stsdesk, env=env)
    seen: dict[str, Any] = {}
    try:
        app = find_app(bus)
        home = walk(bus, app)
        seen["home_buttons"] = [n["name"] for n in home if n["role"] == "push button"]
        seen["nameless"] = [
            n["role"]
            for n in home
            if n["role"] in ("push button", "toggle button", "check box", "combo box")
            and not n["name"]
        ]
        # A keyboard launcher starts a practice in the running app (the hand-over).
        play = "answering-the-inner-critic"  # it breathes from 11 s
        subprocess.run([*stsdesk, "play", play, "--minutes", "5"], env=env, check=True)

        def breathing(tree: list[dict[str, Any]]) -> bool:
            return any(n["name"].startswith("Breathing guide:") for n in tree)

        player = wait_for(bus, app, breathing)
        seen["pacer"] = [n["name"] for n in player if n["name"].startswith("Breathing guide")]
        seen["pacer_description"] = next(
            (n["description"] for n in player if n["name"].startswith("Breathing guide")), ""
        )
        seen["combos"] = [
            {"name": n["name"], "labelled_by": n["labelled_by"]}
            for n in player
            if n["role"] == "combo box"
        ]
        seen["calls"] = bus.calls
    finally:
        app_process.terminate()
        app_process.wait(timeout=20)
    sys.stdout.write(json.dumps(seen) + "\n")
    return 0


if __name__ == "__main__":
    Path(sys.argv[1]).mkdir(parents=True, exist_ok=True)
    sys.exit(main(sys.argv[1]))
