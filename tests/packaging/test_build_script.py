"""packaging/build.py's own pieces, quickly: baking a policy, refusing a bad one, icons."""

from __future__ import annotations

import importlib.util
import shutil
import struct
import tomllib
from pathlib import Path

import pytest

from stsdesk.core.policy import validate_policy
from stsdesk.infra.policy_file import read_policy

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "packaging" / "examples"

_spec = importlib.util.spec_from_file_location("stsdesk_build", REPO / "packaging" / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


def test_a_baked_policy_says_what_the_original_said_with_installed_paths() -> None:
    org = build.check_organization(EXAMPLES / "policy.toml", [])
    assert set(org.packs) == {"riverside-pack"}
    text = org.policy_text("/opt/x/logo.svg", ["/opt/x/packs/riverside-pack"], "example")
    baked = validate_policy(tomllib.loads(text), file="baked", base=Path("/etc"))
    original = read_policy(EXAMPLES / "policy.toml")
    assert baked.problems == ()
    assert baked.logo == Path("/opt/x/logo.svg")
    assert baked.packs == (Path("/opt/x/packs/riverside-pack"),)
    for field in ("name", "contacts", "defaults", "locked", "content"):
        assert getattr(baked, field) == getattr(original, field), field


def test_the_portable_layout_keeps_policy_logo_and_packs_together(tmp_path: Path) -> None:
    org = build.check_organization(EXAMPLES / "policy.toml", [])
    build.install_organization(org, tmp_path / "org", tmp_path / "org" / "packs")
    policy = read_policy(tmp_path / "org" / "policy.toml")
    assert policy.problems == ()
    assert policy.logo == tmp_path / "org" / "logo.svg"
    assert policy.packs == (tmp_path / "org" / "packs" / "riverside-pack",)


def test_a_policy_or_pack_with_problems_is_never_baked(tmp_path: Path) -> None:
    bad = tmp_path / "policy.toml"
    bad.write_text("[locked]\npractice.voice = 1\n")
    with pytest.raises(build.BuildError, match=r"policy.toml:2: locked.practice.voice"):
        build.check_organization(bad, [])
    pack = tmp_path / "pack"
    shutil.copytree(EXAMPLES / "riverside-pack", pack)
    (pack / "exercises" / "broken.toml").write_text('id = "broken"\n')
    with pytest.raises(build.BuildError, match=r"a pack has problems:\n.*broken.toml"):
        build.check_organization(None, [pack])


def test_icons_are_rendered_in_every_size_and_wrapped_for_windows_and_macos(
    tmp_path: Path,
) -> None:
    icons = build.render_icons(REPO / "assets" / "icons" / "app.svg", tmp_path)
    for size, path in icons.items():
        width, height = struct.unpack(">II", path.read_bytes()[16:24])
        assert (width, height) == (size, size)
    ico = (tmp_path / "app.ico").read_bytes()
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 7)
    icns = (tmp_path / "app.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert (tmp_path / "scalable.svg").exists()


def test_the_name_must_suit_a_package_and_a_command() -> None:
    args = build._parser().parse_args(["--name", "Riverside Care"])
    with pytest.raises(build.BuildError, match="--name"):
        build.build(args)
