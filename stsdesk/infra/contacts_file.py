"""The person's own Support contacts: a small owner-only TOML file in the data folder.

``contacts.toml`` beside the practice log, written atomically and readable only by its owner,
like the log. It is not part of the log, so ``export`` and ``delete-all`` leave it alone; the
Support page removes contacts one by one. A file that cannot be read is reported, never
overwritten until the person saves a change.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from stsdesk.core.errors import SettingsError
from stsdesk.core.personal_contacts import MAX_CONTACTS, PersonalContact, checked_contact
from stsdesk.infra.paths import AppPaths
from stsdesk.infra.settings_file import read_toml

log = logging.getLogger(__name__)

FILE_NAME = "contacts.toml"


def contacts_file(paths: AppPaths) -> Path:
    """Where the person's own contacts are kept."""
    return paths.data / FILE_NAME


def load_contacts(path: Path) -> tuple[tuple[PersonalContact, ...], list[str]]:
    """The contacts kept in ``path`` and a sentence for each one left out (or for a file that
    cannot be read at all). A missing file holds none."""
    if not path.exists():
        return (), []
    try:
        data, _deep = read_toml(path)
    except SettingsError as error:
        log.warning("Personal contacts not read: %s", error)
        return (), [str(error)]
    entries = data.get("contacts", [])
    if not isinstance(entries, list):
        return (), [f"{path}: contacts must be a list of [[contacts]] tables"]
    found: list[PersonalContact] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, start=1):
        if len(found) == MAX_CONTACTS:
            problems.append(f"{path}: only the first {MAX_CONTACTS} contacts are shown")
            break
        try:
            if not isinstance(entry, dict):
                raise ValueError("each contact must be a table with name and reach")
            found.append(checked_contact(entry.get("name"), entry.get("reach")))
        except ValueError as error:
            problems.append(f"{path}: contact {number}: {error}")
    for problem in problems:
        log.warning("Personal contacts: %s", problem)
    return tuple(found), problems


def _toml_string(text: str) -> str:
    # Contacts are checked printable, so only the backslash and the quote need escaping.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def save_contacts(path: Path, contacts: Iterable[PersonalContact]) -> None:
    """Write ``contacts`` atomically, owner-only (``OSError`` if the disk refuses; the old file
    is then unchanged)."""
    lines = ["# Your own contacts for stsdesk's Support page. Only you can read this file.", ""]
    for contact in contacts:
        checked = checked_contact(contact.name, contact.reach)
        lines += [
            "[[contacts]]",
            f"name = {_toml_string(checked.name)}",
            f"reach = {_toml_string(checked.reach)}",
            "",
        ]
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)
        raise
