"""Colours, type and the application style sheet: a quiet room, light or dark."""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

FONT_FAMILY = "Atkinson Hyperlegible"
BASE_PX = 15
SCALE = {"small": 13, "body": 15, "title": 20, "display": 28}


@dataclass(frozen=True)
class Palette:
    """The few colours stsdesk uses; every text colour meets WCAG AA on its background."""

    name: str
    window: str
    surface: str
    sidebar: str
    text: str
    muted: str
    accent: str
    on_accent: str
    accent_soft: str
    border: str
    focus: str
    warning_bg: str
    control: str
    """The outline of check boxes and input boxes: at least 3:1 on window and surface."""
    focus_on_accent: str
    """The focus ring on an accent (primary) button: 3:1 against the button and the page."""


LIGHT = Palette(
    name="light",
    window="#F5F3EE",
    surface="#FFFFFF",
    sidebar="#EAE7E0",
    text="#1F2A26",
    muted="#4E5B56",
    accent="#3A7467",
    on_accent="#FFFFFF",
    accent_soft="#DCEAE5",
    border="#D9D5CC",
    focus="#2E6B8F",
    warning_bg="#F4E9D3",
    control="#6E7A75",
    focus_on_accent="#111A17",
)

DARK = Palette(
    name="dark",
    window="#1C2220",
    surface="#252D2A",
    sidebar="#171C1A",
    text="#E6EBE8",
    muted="#AEBBB5",
    # A deeper green than the text colours, so a light ring shows on it and on the page.
    accent="#34816F",
    on_accent="#FFFFFF",
    accent_soft="#2E4741",
    border="#36413D",
    focus="#BFE3F8",
    warning_bg="#3D3625",
    control="#808D88",
    focus_on_accent="#BFE3F8",
)

HIGH_CONTRAST = Palette(
    name="high-contrast",
    window="#000000",
    surface="#000000",
    sidebar="#000000",
    text="#FFFFFF",
    muted="#E6E6E6",
    accent="#1D6B5A",
    on_accent="#FFFFFF",
    accent_soft="#003D33",
    border="#D0D0D0",
    focus="#FFFF00",
    warning_bg="#3A2E00",
    control="#FFFFFF",
    focus_on_accent="#FFFF00",
)


# Every fixed look by name (each one a choice of ``appearance.theme``); ``system`` picks
# light or dark.
PALETTES: dict[str, Palette] = {p.name: p for p in (LIGHT, DARK, HIGH_CONTRAST)}


class Theme(QObject):
    """The look in use, observable: widgets read ``palette`` when they paint and repaint on
    ``changed``, so switching the theme reaches every widget at once.

    Signals:
        changed: the palette is now a different one.
    """

    changed = Signal()

    def __init__(self, palette: Palette = LIGHT, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._palette = palette

    @property
    def palette(self) -> Palette:
        return self._palette

    def set_palette(self, palette: Palette) -> None:
        if palette != self._palette:
            self._palette = palette
            self.changed.emit()


def load_fonts() -> str:
    """Register the bundled Atkinson Hyperlegible faces; return the family actually in use."""
    try:
        import fontpkg_atkinson_hyperlegible as atkinson
    except ImportError:
        log.warning("Atkinson Hyperlegible is not installed; using the system font")
        return QApplication.font().family()
    for ttf in sorted(Path(atkinson.ROOT, "files").glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(ttf)) < 0:
            log.warning("Could not load font file %s", ttf.name)
    if FONT_FAMILY in QFontDatabase.families():
        return FONT_FAMILY
    return QApplication.font().family()


def system_prefers_dark() -> bool:
    """Whether the desktop asks for a dark look (Qt 6.5+ reports the colour scheme)."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def choose_palette(theme: str) -> Palette:
    """``system`` follows the desktop; a named palette (``light``, ``dark``) is fixed."""
    if theme == "system":
        return DARK if system_prefers_dark() else LIGHT
    return PALETTES.get(theme, LIGHT)


def px(role: str, text_size: int) -> int:
    """The pixel size for a type role at the user's text size (100 to 200 %)."""
    return round(SCALE[role] * text_size / 100)


def apply_theme(app: QApplication, palette: Palette, family: str, text_size: int) -> None:
    """Apply colours, font and style sheet to the whole application."""
    app.setStyle("Fusion")
    qpal = QPalette()
    roles = {
        QPalette.ColorRole.Window: palette.window,
        QPalette.ColorRole.Base: palette.surface,
        QPalette.ColorRole.AlternateBase: palette.window,
        QPalette.ColorRole.WindowText: palette.text,
        QPalette.ColorRole.Text: palette.text,
        QPalette.ColorRole.ButtonText: palette.text,
        QPalette.ColorRole.Button: palette.surface,
        QPalette.ColorRole.Highlight: palette.accent,
        QPalette.ColorRole.HighlightedText: palette.on_accent,
        QPalette.ColorRole.PlaceholderText: palette.muted,
        QPalette.ColorRole.ToolTipBase: palette.surface,
        QPalette.ColorRole.ToolTipText: palette.text,
        QPalette.ColorRole.Link: palette.focus,
    }
    for role, colour in roles.items():
        qpal.setColor(role, QColor(colour))
    app.setPalette(qpal)
    font = QFont(family)
    font.setPixelSize(px("body", text_size))
    app.setFont(font)
    app.setStyleSheet(style_sheet(palette, text_size))


_ARROW = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12">'
    '<path d="{path}" fill="none" stroke="{colour}" stroke-width="2" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>'
)
_arrow_dir: Path | None = None


def _arrows(colour: str) -> tuple[str, str]:
    """Paths of an up and a down chevron in ``colour``, for the style sheet's ``image:``
    (it takes files only): written once per colour to a private temporary folder."""
    global _arrow_dir
    if _arrow_dir is None:
        _arrow_dir = Path(tempfile.mkdtemp(prefix="stsdesk-style-"))
        atexit.register(shutil.rmtree, _arrow_dir, True)
    paths = []
    for name, path in (("up", "M2 8 L6 4 L10 8"), ("down", "M2 4 L6 8 L10 4")):
        file = _arrow_dir / f"{name}-{colour.lstrip('#')}.svg"
        if not file.exists():
            file.write_text(_ARROW.format(path=path, colour=colour), encoding="utf-8")
        paths.append(file.as_posix())
    return paths[0], paths[1]


def style_sheet(p: Palette, text_size: int) -> str:
    """The style sheet: cards, not boxes; an 8 px grid; a visible focus ring."""
    body, small, title, display = (px(r, text_size) for r in ("body", "small", "title", "display"))
    arrows = round(24 * text_size / 100)  # the width of a combo's or spin box's arrows
    tri = max(round(body * 2 / 3), 8)  # an arrow's width
    up, down = _arrows(p.text)
    up_off, down_off = _arrows(p.muted)
    return f"""
    QMainWindow, QWidget#page {{ background: {p.window}; }}
    QWidget#sidebar {{ background: {p.sidebar}; }}
    QLabel {{ color: {p.text}; }}
    QLabel[role="display"] {{ font-size: {display}px; font-weight: 600; }}
    QLabel[role="title"] {{ font-size: {title}px; font-weight: 600; }}
    QLabel[role="muted"] {{ color: {p.muted}; }}
    QLabel[role="strong"] {{ font-weight: 600; }}
    QLabel[role="small"] {{ color: {p.muted}; font-size: {small}px; }}
    QLabel[role="caption"] {{ font-size: {display}px; font-weight: 500; }}
    QLabel[role="brand"] {{ font-size: {title}px; font-weight: 700; color: {p.accent}; }}
    QFrame[role="card"] {{
        background: {p.surface}; border-radius: 10px; border: 1px solid {p.border};
    }}
    QFrame[role="banner"] {{ background: {p.warning_bg}; border-radius: 8px; }}
    /* Focus: a 2 px ring in the focus colour on every control; where a control has no
       border of its own it keeps a transparent one of the same width, and the padding
       gives up what the ring takes, so nothing moves or gets squeezed. */
    QPushButton {{
        background: {p.surface}; color: {p.text}; border: 1px solid {p.border};
        border-radius: 8px; padding: 8px 16px; font-size: {body}px;
    }}
    QPushButton:hover {{ background: {p.accent_soft}; }}
    QPushButton:focus, QToolButton:focus {{
        outline: none; border: 2px solid {p.focus}; padding: 7px 15px;
    }}
    QPushButton[role="rating"] {{ padding: 8px 4px; }}
    QPushButton[role="rating"]:focus {{ padding: 7px 3px; }}
    QPushButton[role="choice"]:focus {{ padding: 7px 15px; }}
    /* A chosen rating or zone: a strong border, bold text and a check mark in its label
       (set by the check-in), never the colour alone. */
    QPushButton[role="rating"]:checked, QPushButton[role="choice"]:checked {{
        background: {p.accent_soft}; color: {p.text}; font-weight: 700;
        border: 2px solid {p.text};
    }}
    QPushButton[role="rating"]:checked {{ padding: 7px 3px; }}
    QPushButton[role="choice"]:checked {{ padding: 7px 15px; }}
    QPushButton[role="rating"]:checked:focus, QPushButton[role="choice"]:checked:focus {{
        border: 2px solid {p.focus};
    }}
    QPushButton[role="primary"] {{
        background: {p.accent}; color: {p.on_accent}; border: 2px solid {p.accent};
        padding: 7px 15px;
    }}
    QPushButton[role="primary"]:focus {{ border: 2px solid {p.focus_on_accent}; }}
    QPushButton[role="minutes"] {{
        font-size: {title}px; padding: 14px 6px; min-width: 96px; background: {p.accent_soft};
        border: 2px solid transparent;
    }}
    QPushButton[role="minutes"]:focus {{ border: 2px solid {p.focus}; padding: 14px 6px; }}
    QPushButton[role="minutes"]:hover {{ background: {p.accent}; color: {p.on_accent}; }}
    QPushButton[role="minutes"]:hover:focus {{ border: 2px solid {p.focus_on_accent}; }}
    QPushButton[role="link"] {{
        background: transparent; border: 2px solid transparent; color: {p.focus};
        text-decoration: underline; padding: 2px 2px; text-align: left;
    }}
    QPushButton[role="link"]:focus {{ border: 2px solid {p.focus}; padding: 2px 2px; }}
    QPushButton[role="nav"] {{
        background: transparent; border: 2px solid transparent; border-radius: 8px;
        text-align: left; padding: 8px 14px; color: {p.text};
    }}
    QPushButton[role="nav"]:checked {{ background: {p.accent_soft}; font-weight: 600; }}
    QPushButton[role="nav"]:focus {{ border: 2px solid {p.focus}; padding: 8px 14px; }}
    QPushButton:disabled, QCheckBox:disabled, QComboBox:disabled, QSpinBox:disabled,
    QDateTimeEdit:disabled {{
        color: {p.muted};
    }}
    QCheckBox {{
        color: {p.text}; spacing: 8px; border: 2px solid transparent; border-radius: 4px;
        padding: 2px;
    }}
    QCheckBox:focus {{ border: 2px solid {p.focus}; }}
    /* Unticked boxes are outlined in the control colour (3:1 on every background);
       ticked ones are filled. */
    QCheckBox::indicator {{
        width: {body}px; height: {body}px; border: 2px solid {p.control}; border-radius: 3px;
        background: {p.surface};
    }}
    QCheckBox::indicator:checked {{ background: {p.accent}; border: 2px solid {p.control}; }}
    QCheckBox::indicator:checked:disabled, QCheckBox::indicator:disabled {{
        border: 2px solid {p.muted};
    }}
    QComboBox, QSpinBox, QDateTimeEdit, QLineEdit, QPlainTextEdit {{
        background: {p.surface}; color: {p.text}; border: 1px solid {p.control};
        border-radius: 6px; padding: 4px 8px;
    }}
    QComboBox:focus, QSpinBox:focus, QDateTimeEdit:focus, QLineEdit:focus,
    QPlainTextEdit:focus {{
        border: 2px solid {p.focus}; padding: 3px 7px;
    }}
    QComboBox::drop-down {{ border: none; width: {arrows}px; }}
    /* Spin boxes: two plain arrows in the text colour that grow with the text (Fusion's own
       are drawn as broken stubs once the box has a style sheet). */
    QSpinBox, QDateTimeEdit {{ padding: 4px {arrows}px 4px 8px; }}
    QSpinBox:focus, QDateTimeEdit:focus {{ padding: 3px {arrows - 1}px 3px 7px; }}
    QSpinBox::up-button, QSpinBox::down-button,
    QDateTimeEdit::up-button, QDateTimeEdit::down-button {{
        subcontrol-origin: border; width: {arrows}px; border: none; background: transparent;
    }}
    QSpinBox::up-button, QDateTimeEdit::up-button {{ subcontrol-position: top right; }}
    QSpinBox::down-button, QDateTimeEdit::down-button {{ subcontrol-position: bottom right; }}
    QSpinBox::up-arrow, QDateTimeEdit::up-arrow {{
        image: url({up}); width: {tri}px; height: {tri}px;
    }}
    QSpinBox::down-arrow, QDateTimeEdit::down-arrow, QComboBox::down-arrow {{
        image: url({down}); width: {tri}px; height: {tri}px;
    }}
    QSpinBox::up-arrow:disabled, QSpinBox::up-arrow:off,
    QDateTimeEdit::up-arrow:disabled, QDateTimeEdit::up-arrow:off {{ image: url({up_off}); }}
    QSpinBox::down-arrow:disabled, QSpinBox::down-arrow:off, QComboBox::down-arrow:disabled,
    QDateTimeEdit::down-arrow:disabled, QDateTimeEdit::down-arrow:off {{
        image: url({down_off});
    }}
    QScrollArea {{ border: none; background: transparent; }}
    QScrollArea > QWidget > QWidget {{ background: transparent; }}
    QToolTip {{ color: {p.text}; background: {p.surface}; border: 1px solid {p.border}; }}
    /* Words on dialog buttons, never the stock floppy-disk and red-X icons. */
    QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
    """


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#RRGGBB`` colour."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
