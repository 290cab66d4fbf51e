"""Finding and reading the organization policy: a read-only TOML file an administrator owns.

Looked up at ``--policy FILE``, then ``STSDESK_POLICY``, then the system configuration
directories (``/etc/xdg/stsdesk/policy.toml`` on Linux, ``%PROGRAMDATA%\\stsdesk\\policy.toml``
on Windows, ``/Library/Application Support/stsdesk/policy.toml`` on macOS). Reading never
raises: a broken policy becomes a ``Policy`` with no values and the problem, so the app
starts with its usual settings and shows what an administrator has to fix.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from dataclasses import replace
from pathlib import Path

import platformdirs

from stsdesk.core.content import Catalog, load_catalog
from stsdesk.core.errors import SettingsError
from stsdesk.core.policy import Policy, PolicyProblem, key_lines, validate_policy
from stsdesk.infra.paths import APP_NAME
from stsdesk.infra.resources import builtin_pack
from stsdesk.infra.settings_file import read_toml

log = logging.getLogger(__name__)

POLICY_ENV = "STSDESK_POLICY"
POLICY_NAME = "policy.toml"
MAX_POLICY_BYTES = 64 * 1024
MAX_LOGO_BYTES = 512 * 1024
_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


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
        data = read_toml(path, MAX_POLICY_BYTES)
        text = path.read_text(encoding="utf-8")
    except SettingsError as error:
        return broken(error.problem, error.line or _line_in(error.problem))
    except (OSError, UnicodeDecodeError) as error:  # changed between the two reads
        return broken(f"cannot be read ({type(error).__name__})")
    except Exception as error:  # the parser on hostile input: no failure may escape
        return broken(f"cannot be parsed ({type(error).__name__})")
    policy = validate_policy(data, file=file, base=path.absolute().parent, lines=key_lines(text))
    policy = _check_files(policy)
    for problem in policy.problems:
        log.warning("Organization policy: %s", problem)
    return policy


def _line_in(message: str) -> int | None:
    """The line ``tomllib`` names in its message (Python before 3.14 has no ``lineno``)."""
    found = _AT_LINE.search(message)
    return int(found.group(1)) if found else None


def _check_files(policy: Policy) -> Policy:
    """Drop a logo or pack folder that is not there (or not usable), saying which and why."""
    problems = list(policy.problems)
    logo = policy.logo
    if logo is not None:
        try:
            info = logo.stat()
            if not stat.S_ISREG(info.st_mode):
                reason = "is not a regular file"
            elif info.st_size > MAX_LOGO_BYTES:
                reason = f"is larger than {MAX_LOGO_BYTES // 1024} KiB"
            else:
                reason = ""
        except OSError as error:
            reason = f"cannot be read ({error.strerror or type(error).__name__})"
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


def policy_catalog(policy: Policy) -> tuple[Policy, Catalog]:
    """The built-in practices and the policy's packs, as its content rules offer them.

    Mistakes in the content rules (an id that names no practice) join the policy's problems.
    """
    catalog, problems = policy.restrict(load_catalog([builtin_pack(), *policy.packs]))
    if problems:
        for problem in problems:
            log.warning("Organization policy: %s", problem)
        policy = replace(policy, problems=(*policy.problems, *problems))
    return policy, catalog
