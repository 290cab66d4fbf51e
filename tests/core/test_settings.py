"""The settings schema and its layering: defaults < organization < user, locked wins."""

from __future__ import annotations

import pytest

from stsdesk.core.settings import SCHEMA, Kind, Origin, Settings, flatten, validate_values


def test_every_setting_validates_its_own_default() -> None:
    for setting in SCHEMA:
        assert setting.validate(setting.default) == setting.default or setting.kind is Kind.WEEKDAYS
        assert setting.label
        if setting.kind is Kind.CHOICE:
            assert setting.default in [name for name, _ in setting.choices]


def test_layers_resolve_in_order_and_locked_wins() -> None:
    settings = Settings(
        user={"journal.hide_streaks": True, "appearance.theme": "dark"},
        org_defaults={"appearance.theme": "light", "appearance.text_size": 120},
        org_locked={"journal.hide_streaks": False},
    )
    assert settings.effective("journal.hide_streaks").origin is Origin.LOCKED
    assert settings["journal.hide_streaks"] is False
    assert settings.effective("appearance.theme").origin is Origin.USER
    assert settings.effective("appearance.text_size").origin is Origin.ORGANIZATION
    assert settings.effective("system.tray_icon").origin is Origin.DEFAULT


def test_user_cannot_change_a_locked_setting() -> None:
    settings = Settings(org_locked={"journal.hide_streaks": True})
    with pytest.raises(PermissionError):
        settings.with_user_value("journal.hide_streaks", False)


def test_choosing_the_default_again_forgets_the_override() -> None:
    settings = Settings().with_user_value("appearance.theme", "dark")
    assert settings.user == {"appearance.theme": "dark"}
    assert settings.with_user_value("appearance.theme", "system").user == {}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("appearance.text_size", 250),
        ("appearance.text_size", True),
        ("appearance.theme", "purple"),
        ("journal.hide_streaks", "yes"),
        ("journal.rest_weekdays", [0]),
        ("no.such", 1),
    ],
)
def test_bad_values_are_described_not_accepted(key: str, value: object) -> None:
    good, problems = validate_values({key: value})
    assert good == {}
    assert len(problems) == 1
    assert problems[0].startswith(key)


def test_flatten_nested_tables() -> None:
    assert flatten({"journal": {"hide_streaks": True}}) == {"journal.hide_streaks": True}
