"""The organization policy: what an organization may set, and checking a policy against it.

Pure functions over parsed TOML; finding and reading the file is the job of
``stsdesk.infra.policy_file``.
The schema is closed on purpose: no key can turn on network use, send or collect data, move
the user's data or turn off export or delete-all, and an unknown key is reported, never
silently accepted. A wrong entry is dropped and reported; the rest of the policy still applies.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from stsdesk.core.catalog import Catalog
from stsdesk.core.exercise import FAMILIES, Exercise
from stsdesk.core.settings import BY_KEY, N_, SCHEMA, Settings, flatten
from stsdesk.core.text import unsafe_characters
from stsdesk.core.toml_input import key_lines as key_lines  # where policy problems point

SUPPORT_KEYS = ("eap_phone", "eap_web", "peer_support", "supervisor_line", "crisis_line", "note")
FIXED_KEYS: Mapping[str, tuple[str, ...]] = {
    "organization": ("name", "logo"),
    "support": SUPPORT_KEYS,
    "content": ("families", "exercises", "hide_exercises", "packs"),
}
SETTING_TABLES = ("defaults", "locked")
SECTION_ORDER = ("organization", "support", "defaults", "locked", "content")

NAME_MAX = 80
CONTACT_MAX = 120
NOTE_MAX = 600
LIST_MAX = 200
LOGO_EXTENSIONS = frozenset({".png", ".svg"})
WEB_KEYS = frozenset({"eap_web"})  # links: https only, as packaging/README.md says
_HTTPS = re.compile(r"https://[^\s/?#]+\S*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")

# Labels for the Support page and ``stsdesk settings``, in the order they are shown.
CONTACT_LABELS: tuple[tuple[str, str], ...] = (
    ("crisis_line", N_("Crisis line")),
    ("eap_phone", N_("Employee Assistance Program (EAP)")),
    ("eap_web", N_("EAP on the web")),
    ("peer_support", N_("Peer support")),
    ("supervisor_line", N_("Supervisor line")),
)

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Control characters, line separators and bidirectional overrides ("Trojan Source").
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# Words an administrator might look for in vain: say plainly that the answer is no.
_NEVER_WORDS = (
    "telemetry", "network", "server", "upload", "url", "analytic", "track", "report",
    "collect", "data_dir", "datadir", "export", "delete", "sync", "proxy", "update", "send",
)  # fmt: skip
_NEVER_NOTE = (
    "; stsdesk never uses the network or sends data anywhere, and a policy cannot change "
    "where data is kept or turn off export or delete-all"
)


def is_network_path(text: str) -> bool:
    """A UNC path (``\\\\server\\share``, ``//server/share``, ``\\\\?\\UNC\\...``): on Windows,
    opening one is network use, so a policy may never name one (on any system).
    """
    return len(text) >= 2 and text[0] in "/\\" and text[1] in "/\\"


def policy_keys() -> frozenset[str]:
    """Every dotted key a policy may contain: the fixed ones and each setting under
    ``defaults`` and ``locked``. A test pins this set, so widening it is a visible decision.
    """
    fixed = {f"{section}.{key}" for section, keys in FIXED_KEYS.items() for key in keys}
    settings = {f"{table}.{setting.key}" for table in SETTING_TABLES for setting in SCHEMA}
    return frozenset(fixed | settings)


@dataclass(frozen=True)
class PolicyProblem:
    """One thing wrong with a policy, for an administrator: which file, which line, what."""

    file: str
    line: int | None
    problem: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", f"{where}: {self.problem}")


@dataclass(frozen=True)
class Contacts:
    """Where staff can turn; empty strings are contacts the organization did not give."""

    eap_phone: str = ""
    eap_web: str = ""
    peer_support: str = ""
    supervisor_line: str = ""
    crisis_line: str = ""
    note: str = ""

    def entries(self) -> list[tuple[str, str]]:
        """``(label, value)`` for each contact given, most urgent first (the note excluded)."""
        return [(text, getattr(self, key)) for key, text in CONTACT_LABELS if getattr(self, key)]

    def __bool__(self) -> bool:
        return any(getattr(self, key) for key in SUPPORT_KEYS)


@dataclass(frozen=True)
class ContentRules:
    """Which practices are offered: by family or id (all when neither is given), minus hidden."""

    families: frozenset[str] = frozenset()
    exercises: frozenset[str] = frozenset()
    hide_exercises: frozenset[str] = frozenset()

    def offers(self, exercise: Exercise) -> bool:
        if exercise.id in self.hide_exercises:
            return False
        if not (self.families or self.exercises):
            return True
        return exercise.family in self.families or exercise.id in self.exercises


@dataclass(frozen=True)
class Policy:
    """A checked policy. ``file`` is empty when there is none; ``lines`` maps key paths to the
    line they are written on, so problems found later (in the catalog) can point there too.
    """

    file: str = ""
    name: str = ""
    logo: Path | None = None
    contacts: Contacts = field(default_factory=Contacts)
    defaults: Mapping[str, Any] = field(default_factory=dict)
    locked: Mapping[str, Any] = field(default_factory=dict)
    content: ContentRules = field(default_factory=ContentRules)
    packs: tuple[Path, ...] = ()
    problems: tuple[PolicyProblem, ...] = ()
    lines: Mapping[tuple[str, ...], int] = field(default_factory=dict, repr=False)

    def settings(self, user: Mapping[str, Any]) -> Settings:
        """The effective settings: the user's choices layered under this policy."""
        return Settings(user, self.defaults, self.locked)

    def line_of(self, path: Iterable[str]) -> int | None:
        """The line of ``path``, or of its nearest enclosing table that has one."""
        parts = tuple(path)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return None

    def problem(self, path: Iterable[str], text: str) -> PolicyProblem:
        """A problem at ``path`` of this policy."""
        return PolicyProblem(self.file, self.line_of(path), text)

    def restrict(self, catalog: Catalog) -> tuple[Catalog, list[PolicyProblem]]:
        """The catalog as the content rules allow, and what the rules got wrong.

        Ids that name no practice are reported. Rules that would leave nothing to practise
        are ignored (and reported): an empty app helps nobody.
        """
        problems = []
        known = {exercise.id for exercise in catalog.exercises}
        rules = self.content
        for key, ids in (("exercises", rules.exercises), ("hide_exercises", rules.hide_exercises)):
            for missing in sorted(ids - known):
                problems.append(
                    self.problem(("content", key), f"no practice is called {missing!r}")
                )
        kept = tuple(e for e in catalog.exercises if rules.offers(e))
        if catalog.exercises and not kept:
            problems.append(
                self.problem(("content",), "these rules leave no practice to offer; ignored")
            )
            return catalog, problems
        return replace(catalog, exercises=kept), problems


# --- checking --------------------------------------------------------------------------


class _Checker:
    """Collects the problems of one policy while turning its tables into a ``Policy``."""

    def __init__(self, file: str, base: Path, lines: Mapping[tuple[str, ...], int]) -> None:
        self.shell = Policy(file=file, lines=dict(lines))
        self.base = base
        self.problems: list[PolicyProblem] = []

    def fail(self, path: tuple[str, ...], text: str) -> None:
        self.problems.append(self.shell.problem(path, text))

    def unknown(self, path: tuple[str, ...], allowed: Iterable[str]) -> None:
        name = ".".join(path)
        note = _NEVER_NOTE if any(w in name.lower() for w in _NEVER_WORDS) else ""
        self.fail(path, f"unknown key {name!r} (known here: {', '.join(allowed)}){note}")

    def table(self, data: Any, path: tuple[str, ...]) -> Mapping[str, Any]:
        if isinstance(data, Mapping):
            return data
        self.fail(path, f"{'.'.join(path)} must be a table, like [{'.'.join(path)}]")
        return {}

    def text(self, value: Any, path: tuple[str, ...], limit: int, *, multiline: bool) -> str:
        name = ".".join(path)
        if not isinstance(value, str):
            self.fail(path, f"{name} must be text in quotes")
            return ""
        text = value.strip()
        unsafe = _UNSAFE.search(text) or unsafe_characters(text)
        if unsafe or (not multiline and ("\n" in text or "\t" in text)):
            kind = "control characters" if multiline else "line breaks or control characters"
            self.fail(path, f"{name} must not contain {kind}")
            return ""
        if len(text) > limit:
            self.fail(path, f"{name} is longer than {limit} characters")
            return ""
        return text

    def path(self, value: Any, path: tuple[str, ...]) -> Path | None:
        if isinstance(value, str) and not value.strip():
            self.fail(path, f"{'.'.join(path)} is an empty path")
            return None
        text = self.text(value, path, 1000, multiline=False)
        if not text:
            return None
        if _SCHEME.match(text):
            self.fail(path, f"{'.'.join(path)}: {text!r} is a web address, not a file path")
            return None
        absolute = PureWindowsPath(text).is_absolute() or PurePosixPath(text).is_absolute()
        result = Path(text) if absolute else self.base / text
        if is_network_path(text) or is_network_path(str(result)):
            self.fail(
                path,
                f"{'.'.join(path)}: {str(result)!r} is a network path; stsdesk never uses the "
                "network, so copy it to this computer and name the local copy",
            )
            return None
        return result

    def strings(self, value: Any, path: tuple[str, ...]) -> list[tuple[str, str]]:
        """The text items of a list with the label each problem should carry."""
        name = ".".join(path)
        if not isinstance(value, list):
            self.fail(path, f'{name} must be a list, like {path[-1]} = ["..."]')
            return []
        if len(value) > LIST_MAX:
            self.fail(path, f"{name} has more than {LIST_MAX} entries")
            return []
        items = []
        for item in value:
            if isinstance(item, str) and not _UNSAFE.search(item):
                items.append((item, name))
            else:
                self.fail(path, f"{name}: every entry must be text in quotes")
        return items

    def organization(self, data: Mapping[str, Any]) -> tuple[str, Path | None]:
        name, logo = "", None
        for key, value in data.items():
            path = ("organization", key)
            if key == "name":
                name = self.text(value, path, NAME_MAX, multiline=False)
            elif key == "logo":
                logo = self.path(value, path)
                if logo is not None and logo.suffix.lower() not in LOGO_EXTENSIONS:
                    self.fail(path, "organization.logo must be a .png or .svg file")
                    logo = None
            else:
                self.unknown(path, FIXED_KEYS["organization"])
        return name, logo

    def contacts(self, data: Mapping[str, Any]) -> Contacts:
        values: dict[str, str] = {}
        for key, value in data.items():
            path = ("support", key)
            if key not in SUPPORT_KEYS:
                self.unknown(path, SUPPORT_KEYS)
                continue
            limit = NOTE_MAX if key == "note" else CONTACT_MAX
            text = self.text(value, path, limit, multiline=key == "note")
            if key in WEB_KEYS and text and not _HTTPS.fullmatch(text):
                self.fail(path, f"support.{key} must be a web address starting with https://")
                text = ""
            values[key] = text
        return Contacts(**values)

    def settings(self, data: Mapping[str, Any], table: str) -> dict[str, Any]:
        good: dict[str, Any] = {}
        for key, value in flatten(data).items():
            path = (table, *key.split("."))
            setting = BY_KEY.get(key)
            if setting is None:
                self.fail(path, f"{table}.{key}: unknown setting{self._suggest(key)}")
                continue
            try:
                good[key] = setting.validate(value)
            except ValueError as error:
                self.fail(path, f"{table}.{key} {error}")
        return good

    @staticmethod
    def _suggest(key: str) -> str:
        if any(word in key.lower() for word in _NEVER_WORDS):
            return _NEVER_NOTE
        keys = [setting.key for setting in SCHEMA]
        tails = {k.split(".", 1)[1]: k for k in keys}
        close = difflib.get_close_matches(key, keys, n=1, cutoff=0.8)
        close = close or [
            tails[tail]
            for tail in difflib.get_close_matches(key.rsplit(".", 1)[-1], tails, n=1, cutoff=0.8)
        ]
        if close:
            return f" (did you mean {close[0]!r}?)"
        return " (`stsdesk settings` lists every setting)"

    def content(self, data: Mapping[str, Any]) -> tuple[ContentRules, tuple[Path, ...]]:
        sets: dict[str, frozenset[str]] = {}
        packs: list[Path] = []
        for key, value in data.items():
            path = ("content", key)
            if key == "families":
                good = set()
                for item, name in self.strings(value, path):
                    if item in FAMILIES:
                        good.add(item)
                    else:
                        known = ", ".join(FAMILIES)
                        self.fail(path, f"{name}: {item!r} is not a family (known: {known})")
                sets[key] = frozenset(good)
            elif key in ("exercises", "hide_exercises"):
                good = set()
                for item, name in self.strings(value, path):
                    if _ID.fullmatch(item):
                        good.add(item)
                    else:
                        self.fail(path, f"{name}: {item!r} is not a practice id")
                sets[key] = frozenset(good)
            elif key == "packs":
                for item, _name in self.strings(value, path):
                    pack = self.path(item, path)
                    if pack is not None:
                        packs.append(pack)
            else:
                self.unknown(path, FIXED_KEYS["content"])
        return ContentRules(**sets), tuple(packs)


def validate_policy(
    data: Mapping[str, Any],
    *,
    file: str,
    base: Path,
    lines: Mapping[tuple[str, ...], int] | None = None,
) -> Policy:
    """Check parsed policy ``data``; never raises. Relative paths are taken from ``base``.

    Every wrong entry is left out and described in ``problems``; whether files named by the
    policy exist is checked where files are read (``stsdesk.infra.policy_file``).
    """
    check = _Checker(file, base, lines or {})
    name, logo, contacts = "", None, Contacts()
    defaults: dict[str, Any] = {}
    locked: dict[str, Any] = {}
    rules = ContentRules()
    packs: tuple[Path, ...] = ()
    for key, value in data.items():
        path = (key,)
        if key == "organization":
            name, logo = check.organization(check.table(value, path))
        elif key == "support":
            contacts = check.contacts(check.table(value, path))
        elif key == "defaults":
            defaults = check.settings(check.table(value, path), key)
        elif key == "locked":
            locked = check.settings(check.table(value, path), key)
        elif key == "content":
            rules, packs = check.content(check.table(value, path))
        else:
            check.unknown(path, SECTION_ORDER)
    return replace(
        check.shell,
        name=name,
        logo=logo,
        contacts=contacts,
        defaults=defaults,
        locked=locked,
        content=rules,
        packs=packs,
        problems=tuple(check.problems),
    )
