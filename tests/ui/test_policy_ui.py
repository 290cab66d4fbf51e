"""What staff see of a real organization policy: contacts, the name, locks, and its problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "packaging" / "examples"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "org"
    shutil.copytree(EXAMPLES, folder)
    monkeypatch.setenv("STSDESK_POLICY", str(folder / "policy.toml"))
    return folder / "policy.toml"


def texts(widget) -> list[str]:
    return [child.text() for child in widget.findChildren(QLabel) if child.isVisibleTo(widget)]


def test_support_shows_the_organizations_contacts(make_app_window, example: Path) -> None:
    support = make_app_window().shell.support
    shown = texts(support)
    assert not support.contacts_note.isVisibleTo(support)
    assert "Your organization's crisis line: Call or text 988, day or night" in shown
    assert "1-800-555-0199 (Riverside EAP, free and confidential)" in shown
    assert "https://eap.example.org/riverside" in shown
    assert "Peer support team: extension 4410, weekdays 9 to 5" in shown
    assert "On-call supervisor: 555-0142" in shown
    assert any(text.startswith("Talking to the EAP is confidential") for text in shown)
    assert "From Riverside Clinic" in shown
    eap = support.contacts["Employee Assistance Program (EAP)"]
    assert eap.accessibleName().startswith("Employee Assistance Program (EAP): 1-800")
    assert eap.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_home_names_the_organization_discreetly_with_its_logo(
    make_app_window, example: Path
) -> None:
    home = make_app_window().shell.home
    assert home.organization is not None
    assert "Provided by Riverside Clinic" in texts(home.organization)
    logo = next(label for label in home.organization.findChildren(QLabel) if label.pixmap())
    assert not logo.pixmap().isNull()
    assert logo.pixmap().height() == 24
    assert home.body.indexOf(home.organization) == home.body.count() - 1  # at the foot


def test_locked_settings_are_greyed_and_say_so(make_app_window, example: Path) -> None:
    settings = make_app_window().shell.settings
    hide = settings.controls["journal.hide_streaks"]
    assert isinstance(hide, QCheckBox)
    assert hide.isChecked()
    assert not hide.isEnabled()
    assert hide.toolTip() == "Set by your organization"
    voice = settings.controls["practice.voice"]
    assert voice.isEnabled()
    assert not voice.isChecked()  # the organization's default, still the user's to change
    shown = texts(settings)
    assert "Set by your organization" in shown
    assert "stsdesk was set up for you by Riverside Clinic." in shown
    assert f"Policy file: {example}" in shown


def test_a_broken_policy_is_shown_on_home_and_in_settings(
    make_app_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[organization]\nname = "Acme"\nwebsite = "https://acme.example"\n')
    monkeypatch.setenv("STSDESK_POLICY", str(policy))
    shell = make_app_window().shell
    problem = f"{policy}:3: unknown key 'organization.website'"
    assert any(problem in text for text in texts(shell.home))
    assert any(text.startswith(problem) for text in texts(shell.settings))
    assert "Provided by Acme" in texts(shell.home)


def test_without_a_policy_nothing_changes(
    make_app_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "none"))
    shell = make_app_window().shell
    # No organization, so no "your organization has not added contacts" line (issue 14).
    assert not shell.support.contacts_note.isVisibleTo(shell.support)
    assert shell.support.own_contacts.isVisibleTo(shell.support)
    assert shell.home.organization is None
    assert shell.settings.policy_box is None
