"""Painting must not eat references to None (PySide6-Essentials 6.12.0 on CPython 3.11 did).

On 3.11 None's reference count is finite: a binding that drops one reference per
``QPainter.setPen`` aborts the process with ``Fatal Python error: none_dealloc`` after a minute
or two of the breathing pacer. pyproject.toml excludes that release where it is broken; this
test catches any release that brings the leak back (on 3.12+ None is immortal, its count
constant, and the test passes trivially).

The painting runs in a child process: a leaking binding depletes None for good, and the abort
that follows would take the whole test run with it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO

PAINT = r"""
import json, sys
from datetime import date, timedelta
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication
from stsdesk.ui.charts import CalendarHeatmap, WeekBars
from stsdesk.ui.pacer_widget import PacerWidget
from stsdesk.ui.theme import DARK, LIGHT, Theme

app = QApplication([])

def drift(widget, frames, step=lambda f: None):
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    widget.render(image)  # warm caches first
    before = sys.getrefcount(None)
    for frame in range(frames):
        step(frame)
        widget.render(image)  # the widget's own paintEvent, as on screen
    return before - sys.getrefcount(None)

today = date(2026, 12, 2)
results = {}
for name, palette in (("light", LIGHT), ("dark", DARK)):
    pacer = PacerWidget(Theme(palette))
    pacer.resize(320, 320)
    results[f"pacer-{name}"] = drift(
        pacer, 400, lambda f: pacer.set_state((f % 100) / 100, f % 7 != 0, "Breathe in")
    )
    heatmap = CalendarHeatmap(Theme(palette))
    heatmap.resize(900, 160)
    heatmap.set_days({today - timedelta(days=d): d % 30 for d in range(0, 365, 2)}, today)
    results[f"heatmap-{name}"] = drift(heatmap, 8)  # ~370 brushes a frame
    bars = WeekBars(Theme(palette))
    bars.resize(900, 200)
    bars.set_weeks(tuple((today - timedelta(weeks=w), float(w * 3 % 40)) for w in range(12)))
    results[f"bars-{name}"] = drift(bars, 40)

image = QImage(8, 8, QImage.Format.Format_ARGB32)
painter = QPainter(image)
pen, brush = QPen(QColor("#336699")), QBrush(QColor("#996633"))
before = sys.getrefcount(None)
for _ in range(400):
    painter.setPen(pen)
    painter.setBrush(brush)
results["setPen-setBrush"] = before - sys.getrefcount(None)
painter.end()

from stsdesk.ui.binding_check import painting_leak  # what --smoke-test checks in a bundle

results["smoke-test check"] = 0 if painting_leak() is None else 1000
print(json.dumps(results))
"""


def test_painting_keeps_none_alive() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", PAINT], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, f"painting aborted the process:\n{done.stderr[-2000:]}"
    lost = json.loads(done.stdout.strip().splitlines()[-1])
    leaking = {name: count for name, count in lost.items() if count > 20}
    assert not leaking, f"references to None lost while painting: {leaking}"
