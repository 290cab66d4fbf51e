"""The layer rules, lint and format hold, and the core runs without Qt, pygame or SQLite."""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is not installed (pip install -e '.[test]')"
    return found


def test_import_contracts_hold() -> None:
    result = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_lint_and_format_are_clean() -> None:
    lint = subprocess.run([_tool("ruff"), "check", "."], cwd=REPO, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run(
        [_tool("ruff"), "format", "--check", "."], cwd=REPO, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", *args], cwd=REPO, capture_output=True, text=True
    )


def test_mypy_is_clean() -> None:
    """``python -m mypy`` as configured in pyproject.toml: strict on core, store and infra."""
    result = _mypy()
    assert result.returncode == 0, result.stdout + result.stderr


# The most the known mypy exceptions in pyproject.toml may ever be, module by module. Entries
# leave both lists once fixed (the test below says when); none is added to either.
MYPY_EXCEPTIONS_AT_MOST = {
    "stsdesk.app": {"attr-defined"},
    "stsdesk.cli": {"arg-type"},
    "stsdesk.ui.app_window": {"arg-type", "union-attr"},
    "stsdesk.ui.charts": {"call-overload"},
    "stsdesk.ui.home": {"union-attr"},
    "stsdesk.ui.journal": {"attr-defined", "call-overload", "union-attr"},
    "stsdesk.ui.player": {"arg-type"},
    "stsdesk.ui.practices": {"arg-type", "union-attr"},
    "stsdesk.ui.tray": {"call-overload"},
    "stsdesk.ui.widgets": {"arg-type"},
}


def _is_exception(override: dict[str, object]) -> bool:
    return bool(override.get("disable_error_code") or override.get("ignore_errors"))


def _ini_value(value: object) -> str:
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


def _mypy_ini(config: dict[str, object], overrides: list[dict[str, object]]) -> str:
    """pyproject.toml's mypy settings as a mypy.ini (stdlib Python writes no TOML)."""
    lines = ["[mypy]"] + [f"{k} = {_ini_value(v)}" for k, v in config.items() if k != "overrides"]
    for override in overrides:
        modules = override["module"]
        lines.append(f"[mypy-{_ini_value(modules)}]")
        lines += [f"{k} = {_ini_value(v)}" for k, v in override.items() if k != "module"]
    return "\n".join(lines) + "\n"


def test_mypy_exceptions_only_shrink(tmp_path: Path) -> None:
    """No exception is added, and each one listed still hides an error (else: delete it)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["mypy"]
    overrides = config.get("overrides", [])
    listed: dict[str, set[str]] = {}
    for override in filter(_is_exception, overrides):
        modules = override["module"]
        codes = set(override.get("disable_error_code", [])) | (
            {"*"} if override.get("ignore_errors") else set()
        )
        for module in [modules] if isinstance(modules, str) else modules:
            listed.setdefault(module, set()).update(codes)
    added = {
        module: codes - MYPY_EXCEPTIONS_AT_MOST.get(module, set())
        for module, codes in listed.items()
        if codes - MYPY_EXCEPTIONS_AT_MOST.get(module, set())
    }
    assert not added, f"new mypy exceptions {added}: fix the errors instead"

    ini = tmp_path / "mypy.ini"
    ini.write_text(_mypy_ini(config, [o for o in overrides if not _is_exception(o)]))
    cache = REPO / ".mypy_cache" / "without-exceptions"
    result = _mypy("--config-file", str(ini), "--cache-dir", str(cache))
    found = set()
    for path, code in re.findall(r"^(\S+)\.py:\d+: error: .*\[([a-z-]+)\]$", result.stdout, re.M):
        module = path.replace("/", ".").removesuffix(".__init__")
        found |= {(module, code), (module, "*")}

    def hides_something(pattern: str, code: str) -> bool:
        return any(
            c == code and (m == pattern or fnmatch.fnmatchcase(m, pattern)) for m, c in found
        )

    stale = sorted(
        f"{module}: {code}"
        for module, codes in listed.items()
        for code in codes
        if not hides_something(module, code)
    )
    assert not stale, (
        f"these mypy exceptions hide nothing now: remove them from pyproject.toml and from "
        f"MYPY_EXCEPTIONS_AT_MOST: {stale}"
    )


BLOCKER = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {'PySide6', 'pygame', 'sqlite3', '_sqlite3', 'sqlite_utils'}:
            raise ImportError(f'{name} is blocked: the core must not need it')
sys.meta_path.insert(0, Block())
"""


def test_core_tests_pass_without_qt_pygame_or_sqlite(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(BLOCKER)
    env = {"PYTHONPATH": f"{tmp_path}:{REPO}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:pytest-qt",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=--import-mode=importlib",
            "-o",
            "qt_api=",
            "-W",
            "ignore::pytest.PytestConfigWarning",
            "tests/core",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


NETWORK_MODULES = {"socket", "ssl", "http", "urllib", "requests", "httpx", "ftplib", "smtplib"}


def test_no_network_imports_anywhere_in_the_package() -> None:
    """A static check of every module, including Qt's network module (not a package rule)."""
    import ast

    offenders = []
    for path in (REPO / "stsdesk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if name.split(".")[0] in NETWORK_MODULES or "QtNetwork" in name:
                    offenders.append(f"{path.relative_to(REPO)}: {name}")
    assert offenders == []
