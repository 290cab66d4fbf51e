"""Policy checks that say what the app refuses: deep keys, http links, UNC paths, bad logos."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from stsdesk.app import start_core
from stsdesk.infra.policy_file import MAX_LOGO_SIDE, logo_problem, read_policy

REPO = Path(__file__).resolve().parents[2]
DEEP = ".".join(["a"] * 1000)  # about 2 KB


def stsdesk(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stsdesk", "--data-dir", str(tmp_path / "data"), *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def deep_policy(tmp_path: Path) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(
        f'[organization]\nname = "Acme"\n\n[defaults]\n{DEEP} = 1\njournal.hide_streaks = true\n'
    )
    return path


def test_a_1000_part_key_is_one_problem_and_the_rest_applies(tmp_path: Path) -> None:
    policy = read_policy(deep_policy(tmp_path))
    assert policy.name == "Acme"
    assert policy.defaults == {"journal.hide_streaks": True}
    (problem,) = policy.problems
    assert problem.line == 5
    assert "key defaults.a.a.a… is nested too deeply" in problem.problem


def test_settings_and_policy_check_survive_a_1000_part_key(tmp_path: Path) -> None:
    policy = deep_policy(tmp_path)
    settings = stsdesk(tmp_path, "--policy", str(policy), "settings", "--json")
    assert settings.returncode == 0, settings.stderr
    assert "Traceback" not in settings.stderr
    report = json.loads(settings.stdout)
    assert report["policy"]["organization"] == "Acme"
    assert any("nested too deeply" in p for p in report["policy"]["problems"])
    rows = {row["key"]: row["origin"] for row in report["settings"]}
    assert rows["journal.hide_streaks"] == "organization"
    check = stsdesk(tmp_path, "policy", "check", str(policy))
    assert check.returncode != 0
    assert "Traceback" not in check.stderr
    assert f"{policy}:5: key defaults.a.a.a… is nested too deeply" in check.stdout


def test_a_1000_part_key_in_the_user_settings_is_ignored_alone(tmp_path: Path) -> None:
    settings_file = tmp_path / "data" / "config" / "settings.toml"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(f"[appearance]\ntext_size = 150\n{DEEP} = 1\n")
    result = stsdesk(tmp_path, "settings", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    rows = {row["key"]: row["value"] for row in report["settings"]}
    assert rows["appearance.text_size"] == 150
    (ignored,) = report["ignored_user_settings"]
    assert "line 3" in ignored
    assert "nested too deeply" in ignored


def test_the_app_starts_with_a_1000_part_key_in_policy_and_settings(
    data_dir: Path, tmp_path: Path
) -> None:
    settings_file = data_dir / "config" / "settings.toml"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(f"[{DEEP}]\nb = 1\n[practice]\nvoice = false\n")
    core = start_core(str(data_dir), policy_file=str(deep_policy(tmp_path)))
    assert core.policy.name == "Acme"
    assert core.settings["practice.voice"] is False
    assert any("nested too deeply" in notice for notice in core.notices)


@pytest.mark.parametrize(
    "address", ["http://eap.example.org", "ftp://eap.example.org", "https://", "eap.example.org"]
)
def test_eap_web_accepts_https_only(tmp_path: Path, address: str) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(f'[support]\neap_web = "{address}"\neap_phone = "555"\n')
    policy = read_policy(path)
    assert policy.contacts.eap_web == ""
    assert policy.contacts.eap_phone == "555"
    (problem,) = policy.problems
    assert problem.line == 2
    assert "must be a web address starting with https://" in problem.problem


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("organization.logo", "//server/share/logo.png"),
        ("organization.logo", "\\\\server\\share\\logo.png"),
        ("organization.logo", "\\\\?\\UNC\\server\\share\\logo.svg"),
        ("content.packs", ["//server/share/packs"]),
        ("content.packs", ["\\\\server\\share\\packs"]),
    ],
)
def test_network_paths_are_refused(tmp_path: Path, key: str, value: str | list[str]) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(f'support.note = "Hi"\n{key} = {json.dumps(value)}\n', encoding="utf-8")
    policy = read_policy(path)
    assert (policy.logo, policy.packs, policy.contacts.note) == (None, (), "Hi")
    (problem,) = policy.problems
    assert problem.line == 2
    assert "is a network path; stsdesk never uses the network" in problem.problem


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + b"\0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


SVG = '<svg xmlns="http://www.w3.org/2000/svg" {}><circle cx="5" cy="5" r="4"/></svg>'
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
    + ']>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&i;</text></svg>'
)
LOGOS = {
    "huge.svg": (SVG.format('width="1000000" height="1000000"').encode(), "1000000 × 1000000"),
    "wide.svg": (SVG.format('viewBox="0 0 5000 10"').encode(), "5000 × 10 pixels"),
    "inches.svg": (SVG.format('width="50in" height="1in"').encode(), "4500 × 90 pixels"),
    "bomb.svg": (BOMB.encode(), "defines XML entities"),
    "wide.png": (_png(MAX_LOGO_SIDE + 1, 1), f"{MAX_LOGO_SIDE + 1} × 1 pixels"),
    "fake.png": (b"GIF89a" + b"\0" * 100, "is not a PNG image"),
    "fake.svg": (b"\x1f\x8b\x08\x00compressed", "is not an SVG image"),
}


@pytest.mark.parametrize("name", sorted(LOGOS))
def test_policy_check_refuses_the_logos_the_app_refuses(tmp_path: Path, name: str) -> None:
    data, words = LOGOS[name]
    (tmp_path / name).write_bytes(data)
    path = tmp_path / "policy.toml"
    path.write_text(f'[organization]\nname = "Acme"\nlogo = "{name}"\n')
    result = stsdesk(tmp_path, "policy", "check", str(path))
    assert result.returncode == 1
    assert f"{path}:3: logo {tmp_path / name} " in result.stdout
    assert words in result.stdout
    assert read_policy(path).logo is None  # so the app does not draw it either


def test_good_logos_pass(tmp_path: Path) -> None:
    assert logo_problem(REPO / "packaging" / "examples" / "riverside-logo.svg") == ""
    (tmp_path / "ok.png").write_bytes(_png(64, 64))
    assert logo_problem(tmp_path / "ok.png") == ""
    (tmp_path / "ok.svg").write_text(SVG.format('width="100%" viewBox="0 0 300 200"'))
    assert logo_problem(tmp_path / "ok.svg") == ""


def test_markup_in_policy_text_is_accepted_as_text_with_length_caps(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        "[organization]\nname = '<img src=\"/dev/zero\">'\n"
        '[support]\ncrisis_line = "<font size=99 color=red>555</font>"\n'
        f'note = "{"<table>" * 40}"\npeer_support = "{"x" * 121}"\n'
    )
    policy = read_policy(path)
    assert policy.name == '<img src="/dev/zero">'
    assert policy.contacts.crisis_line == "<font size=99 color=red>555</font>"
    assert policy.contacts.note == "<table>" * 40
    (problem,) = policy.problems
    assert problem.problem == "support.peer_support is longer than 120 characters"


def test_a_policy_name_with_a_terminal_escape_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('[organization]\nname = "Acme\\u001b[2J"\n')
    policy = read_policy(path)
    assert policy.name == ""
    assert "control characters" in policy.problems[0].problem
