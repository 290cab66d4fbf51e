"""The window first, everything else after (issue 15): what waits for the first paint.

The tray, reminders, desktop signals and the buddy (``ui.between_sessions``) are imported and
built once the window has painted; until the practice log is open, Home says it is opening
the journal rather than "nothing today"; the Learn cards are read when first looked at.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

WAITING = "Opening your journal…"

CHILD = """
import json, sys
from PySide6.QtCore import QTimer
from stsdesk.app import _qt_application, close_log, open_window, start_core


def main() -> dict:  # as run_gui: the window and the app go before the interpreter ends
    core = start_core(sys.argv[1])
    app = _qt_application(core)
    window, audio = open_window(core)
    report = {"before": "stsdesk.ui.between_sessions" in sys.modules}
    report["cards_read"] = core.learn_cards._load is None
    window.show()
    report["shown"] = "stsdesk.ui.between_sessions" in sys.modules

    def look() -> None:
        if window.settled:
            report["after"] = "stsdesk.ui.between_sessions" in sys.modules
            report["reminders"] = window.between.reminders is not None
            app.quit()
        else:
            QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)
    app.exec()
    audio.close()
    close_log(window)
    return report


print(json.dumps(main()))
"""


def test_between_sessions_is_imported_and_built_only_after_the_first_paint(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STSDESK_", "COVERAGE_"))}
    env |= {"QT_QPA_PLATFORM": "offscreen", "SDL_AUDIODRIVER": "dummy", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report == {
        "before": False,
        "cards_read": False,
        "shown": False,
        "after": True,
        "reminders": True,
    }


def test_home_says_the_journal_is_opening_until_the_log_is_taken(qtbot, tmp_path: Path):
    from stsdesk.app import close_log, open_window, start_core

    QCoreApplication.setOrganizationName("stsdesk-tests")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    core = start_core(str(tmp_path / "data"))
    window, audio = open_window(core)
    qtbot.addWidget(window.window)
    home = window.shell.home
    assert not window.settled
    assert home.today.text() == WAITING
    window.show()
    qtbot.waitUntil(lambda: window.settled)
    assert window.between.reminders is not None
    qtbot.waitUntil(lambda: home.today.text() != WAITING, timeout=20_000)
    assert window.services.practice_log.journal is not window.background.stand_in
    assert home.today.text()  # what the log holds (today: nothing yet), said as usual
    close_log(window)
    audio.close()


def test_what_waits_for_the_paint_is_made_at_once_when_asked_for(make_services, qtbot):
    from stsdesk.ui.app_window import AppWindow

    window = AppWindow(make_services())
    qtbot.addWidget(window.window)
    assert not window.settled
    assert window.between.reminders is not None  # asked for before any paint
    assert window.settled
    window.between.reminders.stop()


def test_a_start_at_a_practice_settles_on_its_paint_not_on_the_timer(
    make_services, qtbot, monkeypatch
):
    """``stsdesk play`` shows the player before Home ever paints: what waits for the shell's
    first paint (the tray, reminders, the log) must not wait for the at-the-latest timer."""
    from stsdesk.ui import app_window as module
    from stsdesk.ui.app_window import AppWindow

    monkeypatch.setattr(module, "AFTER_PAINT_AT_THE_LATEST_MS", 600_000)  # only a paint now
    window = AppWindow(make_services())
    qtbot.addWidget(window.window)
    exercise = window.services.catalog.exercises[0]
    window.handle_request({"action": "play", "exercise": exercise.id})
    assert window.window.current_page == "player"
    with qtbot.waitExposed(window.window):
        window.window.show()
    qtbot.waitUntil(lambda: window.settled)
    assert not window.window.has_page("home") or not window.shell.home.isVisible()
    window.between.reminders.stop()
