"""Paths honour --data-dir and STSDESK_DATA_DIR, are owner-only, and assets are found."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from stsdesk.infra.paths import resolve_paths, restrict_umask
from stsdesk.infra.resources import asset, assets_root, builtin_pack
from stsdesk.infra.settings_file import load_user_settings, save_user_settings


def test_data_dir_argument_puts_everything_there(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "here")
    for place in (paths.data, paths.config, paths.logs, paths.state, paths.database):
        assert place.is_relative_to(tmp_path / "here")


def test_environment_variable_is_honoured(data_dir: Path) -> None:
    assert resolve_paths().data == data_dir.resolve()


def test_default_paths_are_in_the_users_platform_dirs() -> None:
    paths = resolve_paths()
    assert paths.data.is_relative_to(Path(os.environ["XDG_DATA_HOME"]))
    assert paths.config.is_relative_to(Path(os.environ["XDG_CONFIG_HOME"]))


def test_directories_are_owner_only_even_under_a_loose_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        paths = resolve_paths(tmp_path / "d")
        paths.ensure()
        for place in (paths.data, paths.config, paths.logs, paths.state):
            assert stat.S_IMODE(place.stat().st_mode) == 0o700
        restrict_umask()
        save_user_settings(paths.settings_file, {"appearance.theme": "dark"})
        assert stat.S_IMODE(paths.settings_file.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_assets_are_found_from_the_checkout() -> None:
    assert (assets_root() / "README.md").is_file()
    assert (builtin_pack() / "pack.toml").is_file()
    with pytest.raises(ValueError, match="inside the assets"):
        asset("..", "pyproject.toml")


def test_settings_round_trip_and_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    save_user_settings(path, {"journal.rest_weekdays": (6, 7), "appearance.text_size": 150})
    values, problems = load_user_settings(path)
    assert values == {"journal.rest_weekdays": (6, 7), "appearance.text_size": 150}
    assert problems == []
    path.write_bytes(b"\xef\xbb\xbf[appearance]\n")
    values, problems = load_user_settings(path)
    assert values == {}
    assert "byte-order mark" in problems[0]
    path.write_text("[appearance\n")
    assert "not valid TOML" in load_user_settings(path)[1][0]
