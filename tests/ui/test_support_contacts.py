"""Support: crisis lines beyond the US, the person's own contacts kept privately, and the
"your organization has not added contacts" line only where a policy exists."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from stsdesk.core.policy import Contacts, Policy
from stsdesk.infra.contacts_file import contacts_file, load_contacts


def texts(widget) -> list[str]:
    return [child.text() for child in widget.findChildren(QLabel) if child.isVisibleTo(widget)]


@pytest.fixture
def services(make_services):
    return make_services()


@pytest.fixture
def support(services, qtbot):
    return _page(services, qtbot)


def _page(services, qtbot):
    from stsdesk.ui.support import SupportPage

    page = SupportPage(services)
    qtbot.addWidget(page)
    page.resize(1000, 900)
    with qtbot.waitExposed(page):
        page.show()
    return page


def test_crisis_lines_beyond_the_us(support) -> None:
    shown = "\n".join(texts(support))
    for line in (
        "US and Canada: call or text 988.",
        "UK and Ireland: Samaritans, 116 123.",
        "Australia: Lifeline, 13 11 14.",
        "Elsewhere: your local emergency number, or a helpline directory",
    ):
        assert line in shown
    flags = support.crisis_lines.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse


def test_without_a_policy_no_organization_line(support) -> None:
    support.show_organization(Policy())
    assert not support.contacts_note.isVisibleTo(support)


def test_a_policy_without_contacts_says_so(support) -> None:
    support.show_organization(Policy(file="/etc/stsdesk/policy.toml"))
    assert support.contacts_note.isVisibleTo(support)
    assert "has not added its own contacts" in support.contacts_note.text()


def test_a_policy_with_contacts_does_not(support) -> None:
    policy = Policy(file="/etc/p.toml", contacts=Contacts(eap_phone="555-0100"))
    support.show_organization(policy)
    assert not support.contacts_note.isVisibleTo(support)


def _add(qtbot, own, name: str, reach: str) -> None:
    own.name.setText(name)
    own.reach.setText(reach)
    qtbot.mouseClick(own.save, Qt.MouseButton.LeftButton)


def test_add_edit_remove_kept_privately(support, services, qtbot) -> None:
    own = support.own_contacts
    path = contacts_file(services.paths)
    assert not own.list_host.isVisibleTo(support)
    _add(qtbot, own, "Dr. Rivera (my therapist)", "555-0199, Tuesdays")
    _add(qtbot, own, "Sam", 'sam@example.org "after 5"')
    assert "Dr. Rivera (my therapist)" in texts(support)
    assert "555-0199, Tuesdays" in texts(support)
    assert own.message.text() == "Saved Sam."
    assert load_contacts(path)[0][1].reach == 'sam@example.org "after 5"'
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    # Edit the first one.
    own.row_labels[0][1].click()
    assert own.name.text() == "Dr. Rivera (my therapist)"
    assert own.save.text() == "Save changes"
    own.reach.setText("555-0199, Tuesdays and Thursdays")
    qtbot.keyClick(own.reach, Qt.Key.Key_Return)
    assert own.save.text() == "Add contact"
    # Remove the second.
    own.row_labels[1][2].click()
    assert own.message.text() == "Removed Sam."
    (kept,), problems = load_contacts(path)
    assert problems == []
    assert (kept.name, kept.reach) == (
        "Dr. Rivera (my therapist)",
        "555-0199, Tuesdays and Thursdays",
    )
    # A new page (the next start) shows what was kept.
    again = _page(services, qtbot)
    assert "555-0199, Tuesdays and Thursdays" in texts(again)
    assert "Sam" not in texts(again)


def test_an_empty_or_multi_line_contact_is_refused_calmly(support, services, qtbot) -> None:
    own = support.own_contacts
    _add(qtbot, own, "", "555-0100")
    assert own.message.text() == "Please give the contact a name."
    _add(qtbot, own, "Ana", "   ")
    assert own.message.text().startswith("Please add how to reach them")
    assert not contacts_file(services.paths).exists()
    assert own.name.text() == "Ana"  # what was typed stays


def test_hostile_text_is_shown_literally(support, qtbot) -> None:
    own = support.own_contacts
    _add(qtbot, own, "<b>Boss</b>", "<a href='x'>call</a> & more")
    shown = texts(support)
    assert "<b>Boss</b>" in shown
    assert "<a href='x'>call</a> & more" in shown


def test_a_refused_disk_keeps_the_list_as_it_was(support, services, qtbot, monkeypatch) -> None:
    own = support.own_contacts
    _add(qtbot, own, "Lee", "555-0101")

    def refuse(path: Path, contacts) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("stsdesk.ui.own_contacts.save_contacts", refuse)
    _add(qtbot, own, "Kim", "555-0102")
    assert own.message.text() == (
        "The contact could not be saved (No space left on device). "
        "Your contacts are as they were; you can try again."
    )
    assert [c.name for c in own.contacts] == ["Lee"]
    assert own.name.text() == "Kim"


def test_an_unreadable_file_is_said_and_left_alone(services, qtbot) -> None:
    path = contacts_file(services.paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"[[contacts]]\nname = \n")
    page = _page(services, qtbot)
    assert page.own_contacts.message.text().startswith(
        "Some of your saved contacts could not be read"
    )
    assert path.read_bytes() == b"[[contacts]]\nname = \n"


def test_contacts_file_round_trip_and_bad_entries(tmp_path: Path) -> None:
    from stsdesk.core.personal_contacts import PersonalContact
    from stsdesk.infra.contacts_file import save_contacts

    path = tmp_path / "contacts.toml"
    save_contacts(path, [PersonalContact('A "quoted" \\ name', "x")])
    assert load_contacts(path) == ((PersonalContact('A "quoted" \\ name', "x"),), [])
    path.write_text('[[contacts]]\nname = "ok"\nreach = "1"\n[[contacts]]\nname = "no reach"\n')
    found, problems = load_contacts(path)
    assert [c.name for c in found] == ["ok"]
    assert len(problems) == 1
    assert "contact 2" in problems[0]
