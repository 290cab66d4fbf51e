"""Screenshots of every page, at 100 % and 200 % text, in every theme: to look at before a
release, and for the README (``packaging/screenshots/home.png``).

    python packaging/screenshots.py OUT_DIR [--size 1440x900] [--readme]

Runs the real window on a throwaway data folder with a few practices logged, offscreen unless
a display is set; the dialogs are saved too (``dialog-NAME-THEME-SIZE.png``). Each page is
shown with the keyboard focus on its first control, so the focus ring is in the picture.
``--readme`` also writes Home, light, 100 % to ``packaging/screenshots/home.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

THEMES = ("light", "dark", "high-contrast")
SIZES = (100, 200)


def _history(services) -> None:
    from stsdesk.core.practice import guided_record
    from stsdesk.core.records import CheckIn

    catalog = services.catalog
    ids = [e.id for e in catalog.exercises][:6]
    now = datetime.now(UTC)
    for day in range(0, 40, 2):
        exercise = catalog.get(ids[day % len(ids)])
        services.practice_log.add(
            guided_record(
                exercise_id=exercise.id,
                title=exercise.title,
                family=exercise.family,
                minutes_chosen=exercise.lengths[0],
                started=now - timedelta(days=day, hours=2),
                zone="UTC",
                practiced_seconds=exercise.lengths[0] * 60,
                completed=True,
                before=CheckIn(distress=6 - day % 3),
                after=CheckIn(distress=3 - day % 2),
            )
        )


def _focus_first(page) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    page.setFocus()
    page.focusNextChild()
    QApplication.processEvents()
    widget = QApplication.focusWidget()
    if widget is not None and widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
        page.focusNextChild()


def _dialogs(window, out: Path, look: str) -> None:
    """Each dialog a person meets, over the page it opens from, saved as ``dialog-NAME-LOOK``."""
    from PySide6.QtWidgets import QApplication

    from stsdesk.ui.keys_help import KeysHelpDialog

    main_window, shell = window.window, window.shell
    journal = shell.journal

    def note() -> None:
        journal.open_note_editor(window.services.practice_log.recent(1)[0])

    openers = {
        "log-a-practice": journal.open_manual_entry,
        "note": note,
        "delete-all": journal.confirm_delete_all,
        "about": main_window.show_about,
        "keys": lambda: KeysHelpDialog(main_window).open(),
        "weekly-summary": window.between.show_summary,
    }
    main_window.show_page("journal")
    for name, open_it in openers.items():
        before = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        open_it()
        for _ in range(4):
            QApplication.processEvents()
        new = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w not in before]
        for dialog in new:
            dialog.grab().save(str(out / f"dialog-{name}-{look}.png"))
            dialog.close()
            dialog.deleteLater()
        QApplication.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1440x900")
    parser.add_argument("--readme", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    width, height = (int(n) for n in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from stsdesk.app import build_window, open_audio, open_practice_log, start_core

    app = QApplication(sys.argv[:1])
    data = Path(tempfile.mkdtemp(prefix="stsdesk-shots-"))
    core = start_core(str(data / "data"))
    window = build_window(core, open_practice_log(core), open_audio())
    services = window.services
    _history(services)
    window.show()
    window.window.resize(width, height)
    pages = ["home", "practices", "journal", "learn", "course", "self_check", "support"]
    pages += ["settings"]
    for theme in THEMES:
        for size in SIZES:
            services.settings.set("appearance.theme", theme)
            services.settings.set("appearance.text_size", size)
            for key in pages:
                window.window.show_page(key)
                _focus_first(window.window.page(key))
                app.processEvents()
                shot = window.window.grab()
                shot.save(str(args.out / f"{key}-{theme}-{size}.png"))
                if args.readme and (key, theme, size) == ("home", "light", 100):
                    shot.save(str(REPO / "packaging" / "screenshots" / "home.png"))
            _dialogs(window, args.out, f"{theme}-{size}")
            shell = window.shell
            shell.play("grounding-at-the-desk", 3)
            app.processEvents()
            window.window.grab().save(str(args.out / f"player-checkin-{theme}-{size}.png"))
            shell.player.before.confirm.click()
            for _ in range(30):
                app.processEvents()
            window.window.grab().save(str(args.out / f"player-running-{theme}-{size}.png"))
            shell.player.stop()
            app.processEvents()
            window.window.grab().save(str(args.out / f"player-after-{theme}-{size}.png"))
            shell.player.after.confirm.click()
            app.processEvents()
            window.window.grab().save(str(args.out / f"player-done-{theme}-{size}.png"))
            window.window.show_page("home")
    services.practice_log.close()
    sys.stdout.write(f"screenshots in {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
