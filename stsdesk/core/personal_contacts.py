"""The person's own contacts on the Support page (their therapist, a colleague): pure rules.

Kept privately on this computer (``infra.contacts_file``), never sent anywhere, never part of
the organization's policy. A contact is a name and, as free text, how to reach them.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_NAME = 60
MAX_REACH = 200
MAX_CONTACTS = 20


@dataclass(frozen=True)
class PersonalContact:
    """Someone the person can reach: ``name`` and ``reach`` (a number, an address, a note)."""

    name: str
    reach: str


def checked_contact(name: object, reach: object) -> PersonalContact:
    """A contact from what was typed or read, trimmed; ``ValueError`` with a sentence if not."""
    if not isinstance(name, str) or not isinstance(reach, str):
        raise ValueError("A contact needs a name and how to reach them, as text.")
    name, reach = name.strip(), reach.strip()
    if not name:
        raise ValueError("Please give the contact a name.")
    if not reach:
        raise ValueError("Please add how to reach them: a number, an address or a note.")
    # isprintable() is False for controls, line breaks and bidi marks.
    if not (name.isprintable() and reach.isprintable()):
        raise ValueError("A contact's name and details must each be one line of plain text.")
    if len(name) > MAX_NAME:
        raise ValueError(f"A name can be at most {MAX_NAME} characters.")
    if len(reach) > MAX_REACH:
        raise ValueError(f"How to reach them can be at most {MAX_REACH} characters.")
    return PersonalContact(name, reach)


def with_contact(
    contacts: tuple[PersonalContact, ...], contact: PersonalContact, index: int | None = None
) -> tuple[PersonalContact, ...]:
    """``contacts`` with ``contact`` added at the end, or in place of the one at ``index``."""
    if index is None:
        if len(contacts) >= MAX_CONTACTS:
            raise ValueError(f"You can keep up to {MAX_CONTACTS} contacts here.")
        return (*contacts, contact)
    if not 0 <= index < len(contacts):
        raise ValueError("That contact is no longer in the list.")
    return (*contacts[:index], contact, *contacts[index + 1 :])


def without_contact(
    contacts: tuple[PersonalContact, ...], index: int
) -> tuple[PersonalContact, ...]:
    """``contacts`` without the one at ``index``."""
    if not 0 <= index < len(contacts):
        raise ValueError("That contact is no longer in the list.")
    return (*contacts[:index], *contacts[index + 1 :])
