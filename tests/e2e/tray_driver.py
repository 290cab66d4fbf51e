"""The real window and tray on a real X server with a tray host (run by test_tray_host.py).

Checks, as a person would see it: the icon is in the tray; closing the window leaves stsdesk
running there; the tray's Quit ends it. Prints one JSON line of what it saw.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from stsdesk.app import build_window, open_audio, open_practice_log, start_core


def main(data_dir: str) -> int:
    app = QApplication(sys.argv[:1])
    core = start_core(data_dir)
    window = build_window(core, open_practice_log(core), open_audio())
    window.show()
    seen: dict[str, object] = {"tray_available": QSystemTrayIcon.isSystemTrayAvailable()}

    def close_the_window() -> None:
        tray = window.between.tray
        seen["icon_visible"] = bool(tray and tray.icon and tray.icon.isVisible())
        window.window.close()
        QTimer.singleShot(800, still_running)

    def still_running() -> None:
        seen["running_after_close"] = True
        seen["window_hidden"] = not window.window.isVisible()
        quit_action = window.between.tray.actions["quit"]
        quit_action.trigger()

    QTimer.singleShot(1500, close_the_window)
    QTimer.singleShot(15000, lambda: app.exit(3))  # a safety net, never reached when it works
    status = app.exec()
    seen["exit"] = status
    sys.stdout.write(json.dumps(seen) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
