"""One way to find the assets, whether stsdesk runs from a checkout, a wheel or a frozen bundle."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

ASSETS_ENV = "STSDESK_ASSETS"


def assets_root() -> Path:
    """The directory holding ``packs/``, ``sounds/``, ``icons/`` and ``learn/``.

    Order: ``STSDESK_ASSETS``; a frozen bundle's ``assets`` beside the executable's data;
    ``stsdesk/assets`` inside an installed wheel; the repository's top-level ``assets``.
    """
    override = os.environ.get(ASSETS_ENV)
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "stsdesk" / "assets"
    packaged = Path(str(resources.files("stsdesk"))) / "assets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "assets"


def asset(*parts: str) -> Path:
    """A path below the assets root, refusing anything that would leave it."""
    for part in parts:
        if not part or part.startswith(("/", "\\")) or ".." in Path(part).parts:
            raise ValueError(f"asset path must be relative and inside the assets: {part!r}")
    return assets_root().joinpath(*parts)


def builtin_pack() -> Path:
    """The built-in content pack."""
    return asset("packs", "core")


BELLS = ("start", "step", "end")
AMBIENCES = ("rain", "ocean", "warm")


def bell_files() -> dict[str, Path]:
    """The bells the player rings, by name."""
    return {name: asset("sounds", f"bell-{name}.ogg") for name in BELLS}


def ambience_files() -> dict[str, Path]:
    """The background sound beds, by the names the ``practice.ambience`` setting uses."""
    return {name: asset("sounds", f"ambience-{name}.ogg") for name in AMBIENCES}
