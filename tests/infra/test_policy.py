"""The organization policy (R11): a closed schema, located problems, hostile files, lookup."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from stsdesk.application.startup import offered_catalog
from stsdesk.core.catalog import load_catalog
from stsdesk.core.policy import (
    ContentRules,
    Policy,
    key_lines,
    policy_keys,
    validate_policy,
)
from stsdesk.core.settings import SCHEMA
from stsdesk.infra.policy_file import (
    MAX_LOGO_BYTES,
    MAX_POLICY_BYTES,
    find_policy,
    load_policy,
    read_policy,
    site_policy_files,
)
from stsdesk.infra.resources import builtin_pack

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "packaging" / "examples" / "policy.toml"

FIXED_KEYS = {
    "organization.name",
    "organization.logo",
    "support.eap_phone",
    "support.eap_web",
    "support.peer_support",
    "support.supervisor_line",
    "support.crisis_line",
    "support.note",
    "content.families",
    "content.exercises",
    "content.hide_exercises",
    "content.packs",
}
# What a policy must never be able to say; each also appears in a rejected-key test below.
NEVER = ("telemetry", "network", "server", "upload", "data_dir", "export", "delete", "collect")


def write(tmp_path: Path, text: str | bytes, name: str = "policy.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --- the schema is closed ---------------------------------------------------------------------


def test_the_policy_schema_is_exactly_these_keys() -> None:
    settings = {f"{table}.{s.key}" for table in ("defaults", "locked") for s in SCHEMA}
    assert policy_keys() == FIXED_KEYS | settings


def test_no_policy_key_could_reach_the_network_move_data_or_stop_export() -> None:
    for key in policy_keys():
        assert not any(word in key.lower() for word in NEVER), key


@pytest.mark.parametrize(
    "text",
    [
        "telemetry = true",
        "[network]\nenabled = true",
        'server = "https://example.org"',
        "upload = true",
        'data_dir = "/srv/share"',
        "disable_export = true",
        "disable_delete_all = true",
        '[defaults]\ndata_dir = "/srv/share"',
        "[locked]\ntelemetry = true",
        "[locked]\ndisable_export = true",
        "[locked.network]\nenabled = true",
        '[support]\nserver = "https://example.org/collect"',
        '[organization]\nupload_url = "https://example.org"',
        '[content]\nserver = "https://example.org"',
    ],
)
def test_keys_for_network_data_or_export_are_rejected_as_unknown(tmp_path: Path, text: str) -> None:
    policy = read_policy(write(tmp_path, text))
    assert len(policy.problems) == 1
    problem = str(policy.problems[0])
    assert "unknown" in problem
    assert "never uses the network" in problem
    assert policy.defaults == {}
    assert policy.locked == {}
    assert policy.problems[0].line is not None


# --- a good policy ----------------------------------------------------------------------------


def test_the_example_policy_is_valid_and_complete() -> None:
    policy, catalog = offered_catalog(read_policy(EXAMPLE))
    assert policy.problems == ()
    assert policy.name == "Riverside Clinic"
    assert policy.logo == EXAMPLE.parent / "riverside-logo.svg"
    assert len(policy.contacts.entries()) == 5
    assert policy.contacts.note
    assert policy.contacts.eap_web.startswith("https://")
    assert policy.locked == {"journal.hide_streaks": True}
    assert policy.defaults["practice.voice"] is False
    assert policy.packs == (EXAMPLE.parent / "riverside-pack",)
    ids = {exercise.id for exercise in catalog.exercises}
    assert "end-of-shift-check-out" in ids
    assert "mindful-walking" not in ids


def test_nested_tables_and_dotted_keys_mean_the_same(tmp_path: Path) -> None:
    dotted = read_policy(write(tmp_path, "[locked]\njournal.hide_streaks = true\n", "a.toml"))
    nested = read_policy(write(tmp_path, "[locked.journal]\nhide_streaks = true\n", "b.toml"))
    inline = read_policy(
        write(tmp_path, "locked = { journal = { hide_streaks = true } }", "c.toml")
    )
    assert dotted.locked == nested.locked == inline.locked == {"journal.hide_streaks": True}
    assert dotted.problems == nested.problems == inline.problems == ()


def test_values_are_validated_by_the_settings_schema(tmp_path: Path) -> None:
    policy = read_policy(
        write(
            tmp_path,
            "[defaults]\n"
            "appearance.text_size = 150\n"
            "journal.rest_weekdays = [7, 6, 6]\n"
            "[locked]\n"
            "appearance.text_size = 500\n"
            'appearance.theme = "purple"\n',
        )
    )
    assert policy.defaults == {"appearance.text_size": 150, "journal.rest_weekdays": (6, 7)}
    assert policy.locked == {}
    problems = [str(p) for p in policy.problems]
    assert problems == [
        f"{tmp_path / 'policy.toml'}:5: locked.appearance.text_size must be from 100 to 200",
        f"{tmp_path / 'policy.toml'}:6: locked.appearance.theme must be one of 'system', "
        "'light', 'dark', 'high-contrast'",
    ]


def test_a_wrong_entry_is_dropped_and_the_rest_still_applies(tmp_path: Path) -> None:
    policy = read_policy(
        write(
            tmp_path,
            '[organization]\nname = "Acme Care"\n\n'
            '[support]\ncrisis_line = 988\npeer_support = "ext. 4410"\n\n'
            "[locked]\njournal.hide_streaks = true\njournal.hide_streak = true\n",
        )
    )
    assert policy.name == "Acme Care"
    assert policy.contacts.peer_support == "ext. 4410"
    assert policy.contacts.crisis_line == ""
    assert policy.locked == {"journal.hide_streaks": True}
    assert [p.line for p in policy.problems] == [5, 10]
    assert "support.crisis_line must be text in quotes" in str(policy.problems[0])
    assert "did you mean 'journal.hide_streaks'?" in str(policy.problems[1])


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("organization = 3", 1, "organization must be a table"),
        ('[organization]\nname = "a\\nb"', 2, "line breaks"),
        (f'[organization]\nname = "{"x" * 81}"', 2, "longer than 80"),
        ('[organization]\nlogo = "logo.gif"', 2, ".png or .svg"),
        ('[organization]\nlogo = ""', 2, "empty path"),
        ('[support]\neap_web = "javascript:alert(1)"', 2, "https://"),
        ('[support]\nnote = "a\\u202eb"', 2, "control characters"),
        ('[content]\nfamilies = "stress"', 2, "must be a list"),
        ('[content]\nfamilies = ["stress", "yoga"]', 2, "'yoga' is not a family"),
        ('[content]\nexercises = ["Not An Id"]', 2, "is not a practice id"),
        ("[content]\nhide_exercises = [1]", 2, "every entry must be text"),
        ("[content]\nsurprise = 1", 2, "unknown key 'content.surprise'"),
        ('[defaults]\ntheme = "dark"', 2, "did you mean 'appearance.theme'?"),
        ("[defaults]\npractice.volume = 80.5", 2, "must be a whole number"),
        ("[locked]\npractice.voice = 1", 2, "must be true or false"),
        ("[locked]\nsystem.brand_new_setting = true", 2, "unknown setting"),
    ],
)
def test_each_problem_names_the_file_the_line_and_what_is_wrong(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = write(tmp_path, text)
    policy = read_policy(path)
    assert len(policy.problems) == 1, policy.problems
    problem = policy.problems[0]
    assert (problem.file, problem.line) == (str(path), line)
    assert words in str(problem)
    assert str(problem).startswith(f"{path}:{line}: ")


def test_keys_from_a_newer_version_are_reported_not_silently_accepted(tmp_path: Path) -> None:
    policy = read_policy(
        write(
            tmp_path,
            '[organization]\nname = "Acme"\nmotto = "Care first"\n\n'
            "[reminders]\nworking_hours = [9, 17]\n\n"
            "[locked]\nbirdsong.enabled = true\n",
        )
    )
    assert policy.name == "Acme"
    assert [p.line for p in policy.problems] == [3, 5, 9]
    assert all("unknown" in p.problem for p in policy.problems)


# --- hostile files (R11): safe defaults and a clear error ---------------------------------------


@pytest.mark.parametrize(
    ("content", "words", "line"),
    [
        ('[organization\nname = "x"', "is not valid TOML", 1),
        ('[support]\ncrisis_line = "988"\ncrisis_line = "911"\n[x]', "is not valid TOML", 3),
        (b'\xef\xbb\xbf[organization]\nname = "x"', "byte-order mark", 1),
        ('[organization]\nname = "Caf\xe9"'.encode("latin-1"), "not UTF-8", 2),
        ('[organization]\nname = "x"'.encode("utf-16"), "not UTF-8", 1),
        ("a = " + "[" * 1000 + "]" * 1000, "nested too deeply", None),
        ("a = " + "{b = " * 1000 + "1" + "}" * 1000, "nested too deeply", None),
        (b'[organization]\nname = "\x00"', "is not valid TOML", 2),
        ("# " + "x" * MAX_POLICY_BYTES, "too large", None),
    ],
)
def test_a_broken_file_gives_safe_defaults_and_a_located_error(
    tmp_path: Path, content: str | bytes, words: str, line: int | None
) -> None:
    path = write(tmp_path, content)
    policy = read_policy(path)
    assert (policy.defaults, policy.locked, policy.name, policy.packs) == ({}, {}, "", ())
    assert not policy.contacts
    assert len(policy.problems) == 1
    assert words in policy.problems[0].problem
    assert policy.problems[0].line == line
    assert policy.problems[0].file == str(path)


def test_a_missing_named_file_is_an_error_not_silence(tmp_path: Path) -> None:
    policy = load_policy(tmp_path / "nowhere.toml")
    assert policy.file == str(tmp_path / "nowhere.toml")
    assert "cannot be read" in str(policy.problems[0])


@pytest.mark.parametrize("kind", ["directory", "fifo"])
def test_something_that_is_not_a_file_is_refused_without_reading(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "policy.toml"
    if kind == "directory":
        path.mkdir()
    else:
        os.mkfifo(path)  # reading it would block forever
    assert "not a regular file" in str(read_policy(path).problems[0])


def test_an_unreadable_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, '[organization]\nname = "x"')

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)  # root ignores file modes
    assert "cannot be read (Permission denied)" in str(read_policy(path).problems[0])


def test_logo_and_packs_must_exist_and_the_logo_be_small(tmp_path: Path) -> None:
    (tmp_path / "big.png").write_bytes(b"\x89PNG" + b"\0" * MAX_LOGO_BYTES)
    path = write(
        tmp_path,
        '[organization]\nname = "Acme"\nlogo = "big.png"\n\n'
        f'[content]\npacks = ["missing-pack", "/nowhere/pack", "{"n" * 300}"]\n',
    )
    policy = read_policy(path)
    assert (policy.logo, policy.packs, policy.name) == (None, (), "Acme")
    assert [p.line for p in policy.problems] == [3, 6, 6, 6]
    assert "larger than 512 KiB" in str(policy.problems[0])
    assert f"{tmp_path / 'missing-pack'} not found" in str(policy.problems[1])


def test_relative_paths_are_taken_from_the_policy_folder(tmp_path: Path) -> None:
    folder = tmp_path / "etc"
    (folder / "packs" / "ours").mkdir(parents=True)
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10")
    path = write(folder, '[organization]\nlogo = "logo.png"\n[content]\npacks = ["packs/ours"]')
    policy = read_policy(path)
    assert policy.logo == folder / "logo.png"
    assert policy.packs == (folder / "packs" / "ours",)


# --- content rules ------------------------------------------------------------------------------


def _restrict(rules: ContentRules) -> tuple[set[str], list[str]]:
    catalog, problems = Policy(file="p.toml", content=rules).restrict(
        load_catalog([builtin_pack()])
    )
    return {e.id for e in catalog.exercises}, [str(p) for p in problems]


def test_families_and_exercises_together_offer_either_minus_the_hidden() -> None:
    everything = load_catalog([builtin_pack()]).exercises
    stress = {e.id for e in everything if e.family == "stress"}
    extra = next(e.id for e in everything if e.family == "compassion")
    hidden = sorted(stress)[0]
    ids, problems = _restrict(
        ContentRules(frozenset({"stress"}), frozenset({extra}), frozenset({hidden}))
    )
    assert ids == (stress | {extra}) - {hidden}
    assert problems == []


def test_unknown_ids_are_reported_and_rules_that_leave_nothing_are_ignored() -> None:
    everything = {e.id for e in load_catalog([builtin_pack()]).exercises}
    ids, problems = _restrict(ContentRules(hide_exercises=frozenset({"no-such-practice"})))
    assert ids == everything
    assert problems == ["p.toml: no practice is called 'no-such-practice'"]
    ids, problems = _restrict(ContentRules(hide_exercises=frozenset(everything)))
    assert ids == everything
    assert problems == ["p.toml: these rules leave no practice to offer; ignored"]


# --- locating keys --------------------------------------------------------------------------------


def test_key_lines_follow_tables_dotted_and_quoted_keys_and_skip_multiline_strings() -> None:
    text = (
        "# comment\n"
        "[support]\n"
        'note = """\n'
        "fake = 1\n"
        '"""\n'
        "crisis_line = '988'\n"
        "[ locked . journal ]\n"
        '"hide_streaks" = true\n'
        "[defaults]\n"
        "practice . voice = false\n"
    )
    lines = key_lines(text)
    assert lines[("support", "note")] == 3
    assert ("support", "fake") not in lines
    assert lines[("support", "crisis_line")] == 6
    assert lines[("locked", "journal", "hide_streaks")] == 8
    assert lines[("locked",)] == 7
    assert lines[("defaults", "practice", "voice")] == 10


def test_a_problem_in_an_inline_table_points_at_its_key(tmp_path: Path) -> None:
    path = write(tmp_path, '\n\nlocked = { practice = { voice = "no" } }\n')
    assert read_policy(path).problems[0].line == 3


def test_validate_policy_reports_without_lines_when_none_are_known() -> None:
    policy = validate_policy({"telemetry": True}, file="p.toml", base=Path("/"))
    assert str(policy.problems[0]).startswith("p.toml: unknown key 'telemetry'")


# --- where the policy is looked up ----------------------------------------------------------------


def test_lookup_order_is_argument_then_environment_then_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = tmp_path / "xdg" / "stsdesk" / "policy.toml"
    system.parent.mkdir(parents=True)
    system.write_text('[organization]\nname = "System"')
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{tmp_path / 'empty'}:{tmp_path / 'xdg'}")
    assert site_policy_files()[1] == system
    assert find_policy() == system
    assert load_policy().name == "System"
    monkeypatch.setenv("STSDESK_POLICY", str(tmp_path / "env.toml"))
    assert find_policy() == tmp_path / "env.toml"
    assert find_policy(tmp_path / "arg.toml") == tmp_path / "arg.toml"


def test_no_installed_policy_means_an_empty_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path))
    assert find_policy() is None
    assert load_policy() == Policy()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's location")
def test_linux_looks_in_etc_xdg_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CONFIG_DIRS", raising=False)
    assert site_policy_files() == [Path("/etc/xdg/stsdesk/policy.toml")]
