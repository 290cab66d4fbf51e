"""The organization policy file: finding it and reading it (a read-only TOML an administrator owns).

Looked up at ``--policy FILE``, then ``STSDESK_POLICY``, then the system configuration
directories (``/etc/xdg/stsdesk/policy.toml`` on Linux, ``%PROGRAMDATA%\\stsdesk\\policy.toml``
on Windows, ``/Library/Application Support/stsdesk/policy.toml`` on macOS). Reading never
raises: a broken policy becomes a ``Policy`` with no values and the problem, so the app
starts with its usual settings and shows what an administrator has to fix.

What the policy offers of the catalogue is decided in ``stsdesk.application.startup``
(``offered_catalog``), not here: this module only reads files.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
from dataclasses import replace
from pathlib import Path

import platformdirs

from stsdesk.core.errors import SettingsError
from stsdesk.core.policy import Policy, PolicyProblem, validate_policy
from stsdesk.core.toml_input import TomlProblem, key_lines, parse_toml
from stsdesk.infra.paths import APP_NAME
from stsdesk.infra.settings_file import read_toml_text

log = logging.getLogger(__name__)

POLICY_ENV = "STSDESK_POLICY"
POLICY_NAME = "policy.toml"
MAX_POLICY_BYTES = 64 * 1024
MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_SIDE = 4096  # pixels; the logo is shown 24 and 48 px high
_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
_SVG_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?svg\b([^>]*)>")
_SVG_ATTRIBUTE = re.compile(r"(?:^|\s)(width|height|viewBox)\s*=\s*([\"'])(.*?)\2", re.DOTALL)
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_LENGTH = re.compile(rf"({_NUMBER.pattern})\s*(px|pt|pc|mm|cm|in|em|ex|%)?")
# Qt's SVG units in pixels (90 per inch); em and ex as for a 16-pixel font.
_UNITS = {None: 1.0, "px": 1.0, "pt": 1.25, "pc": 15.0, "mm": 3.543307, "cm": 35.43307}
_UNITS |= {"in": 90.0, "em": 16.0, "ex": 8.0}


def site_policy_files() -> list[Path]:
    """Where an installed policy may be, first match wins (``XDG_CONFIG_DIRS`` on Linux)."""
    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False, multipath=True).site_config_dir
    return [Path(directory) / POLICY_NAME for directory in dirs.split(os.pathsep) if directory]


def find_policy(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The policy file in effect: ``explicit``, ``STSDESK_POLICY``, else an installed one.

    A file named explicitly is returned even if it does not exist, so that its absence is
    reported rather than silently ignored.
    """
    chosen = explicit or os.environ.get(POLICY_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return next((path for path in site_policy_files() if os.path.lexists(path)), None)


def read_policy(path: Path) -> Policy:
    """Read and check the policy at ``path``; every failure is a problem, never an exception."""
    file = str(path)

    def broken(problem: str, line: int | None = None) -> Policy:
        log.warning("Organization policy not used: %s", PolicyProblem(file, line, problem))
        return Policy(file=file, problems=(PolicyProblem(file, line, problem),))

    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return broken("is not a regular file")
    except OSError as error:
        return broken(f"cannot be read ({error.strerror or type(error).__name__})")
    try:
        text = read_toml_text(path, MAX_POLICY_BYTES)
        data, deep = parse_toml(text)
    except SettingsError as error:
        return broken(error.problem, error.line)
    except TomlProblem as error:
        return broken(error.problem, error.line)
    policy = validate_policy(data, file=file, base=path.absolute().parent, lines=key_lines(text))
    if deep:
        found = tuple(PolicyProblem(file, d.line, d.problem) for d in deep)
        policy = replace(policy, problems=(*found, *policy.problems))
    policy = _check_files(policy)
    for problem in policy.problems:
        log.warning("Organization policy: %s", problem)
    return policy


def logo_problem(path: Path) -> str:
    """Why the app will not draw the logo at ``path``, or "" if it will.

    The one rule for ``policy check``, the start-up and the logo's drawing: a regular file
    of at most ``MAX_LOGO_BYTES``, a real PNG or SVG (by its bytes, not only its name), no
    side longer than ``MAX_LOGO_SIDE`` pixels, and no XML entity definitions (the
    "billion laughs"). Reads the file's bytes only; never decodes the image.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return "is not a regular file"
        if info.st_size > MAX_LOGO_BYTES:
            return f"is larger than {MAX_LOGO_BYTES // 1024} KiB"
        with path.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except (OSError, ValueError) as error:
        return f"cannot be read ({getattr(error, 'strerror', None) or type(error).__name__})"
    if len(data) > MAX_LOGO_BYTES:
        return f"is larger than {MAX_LOGO_BYTES // 1024} KiB"
    return logo_data_problem(data, path.suffix)


def logo_data_problem(data: bytes, suffix: str) -> str:
    """``logo_problem`` for bytes already read, with the file name's ``suffix``."""
    if suffix.lower() == ".png":
        size = _png_size(data)
        if size is None:
            return "is not a PNG image"
    elif suffix.lower() == ".svg":
        text = _svg_text(data)
        if _ENTITY.search(text):
            return "defines XML entities, which stsdesk does not draw; remove the <!ENTITY> lines"
        root = _SVG_ROOT.search(text)
        if root is None:
            return "is not an SVG image"
        size = _svg_size(root.group(1))
    else:
        return "must be a .png or .svg file"
    if size is not None and max(size) > MAX_LOGO_SIDE:
        width, height = (f"{side:.0f}" if side < 1e9 else "over 10⁹" for side in size)
        return f"is {width} × {height} pixels; at most {MAX_LOGO_SIDE} on each side"
    return ""


def _png_size(data: bytes) -> tuple[float, float] | None:
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    return float(int.from_bytes(data[16:20], "big")), float(int.from_bytes(data[20:24], "big"))


def _svg_text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace")


def _svg_size(attributes: str) -> tuple[float, float] | None:
    """The size Qt gives an SVG: its width and height in pixels, else its viewBox's."""
    found = {name: value for name, _quote, value in _SVG_ATTRIBUTE.findall(attributes)}
    box = [float(n) for n in _NUMBER.findall(found.get("viewBox", ""))]
    sides = []
    for index, name in enumerate(("width", "height")):
        length = _LENGTH.fullmatch(found.get(name, "").strip())
        if length and length.group(2) != "%":
            sides.append(float(length.group(1)) * _UNITS[length.group(2)])
        elif len(box) == 4:
            sides.append(box[2 + index])
        else:
            return None
    return sides[0], sides[1]


def _check_files(policy: Policy) -> Policy:
    """Drop a logo or pack folder that is not there (or not usable), saying which and why."""
    problems = list(policy.problems)
    logo = policy.logo
    if logo is not None:
        reason = logo_problem(logo)
        if reason:
            problems.append(policy.problem(("organization", "logo"), f"logo {logo} {reason}"))
            logo = None
    packs = []
    for pack in policy.packs:
        if os.path.isdir(pack):  # unlike Path.is_dir, never raises (a name too long, say)
            packs.append(pack)
        else:
            problems.append(policy.problem(("content", "packs"), f"pack folder {pack} not found"))
    problems.sort(key=lambda problem: problem.line or 0)
    return replace(policy, logo=logo, packs=tuple(packs), problems=tuple(problems))


def load_policy(explicit: str | os.PathLike[str] | None = None) -> Policy:
    """The policy in effect, or an empty one when there is none."""
    path = find_policy(explicit)
    if path is None:
        return Policy()
    log.info("Organization policy: %s", path)
    return read_policy(path)
