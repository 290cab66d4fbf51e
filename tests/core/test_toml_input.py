"""The one hardened TOML reader: deep keys are one problem, never a RecursionError."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from stsdesk.core.settings import flatten
from stsdesk.core.toml_input import MAX_DEPTH, TomlProblem, key_lines, parse_toml

REPO = Path(__file__).resolve().parents[2]
DEEP = ".".join(["a"] * 1000)  # about 2 KB
REST = "[defaults]\njournal.hide_streaks = true\n"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f'[organization]\nname = "X"\n{DEEP} = 1\n{REST}', 3),
        (f'{DEEP} = 1\n[organization]\nname = "X"\n{REST}', 1),
        (f'[organization]\nname = "X"\n[{DEEP}]\nb = 1\n{REST}', 3),
        (f'[organization]\nname = "X"\nx = {{ {".".join(["a"] * 200)} = 1 }}\n{REST}', 3),
    ],
    ids=["dotted key", "dotted key at the top", "table header", "inline table"],
)  # fmt: skip
def test_a_key_nested_too_deeply_is_one_problem_and_the_rest_is_read(text: str, line: int) -> None:
    data, deep = parse_toml(text)
    assert data == {"organization": {"name": "X"}, "defaults": {"journal": {"hide_streaks": True}}}
    assert len(deep) == 1
    assert deep[0].line == line
    assert "nested too deeply" in deep[0].problem
    assert flatten(data["defaults"]) == {"journal.hide_streaks": True}


def test_deep_arrays_are_cut_not_recursed() -> None:
    text = "x = " + "[" * 200 + "]" * 200 + "\ny = 2\n"
    data, deep = parse_toml(text)
    assert data == {"y": 2}
    assert [d.line for d in deep] == [1]


def test_a_huge_inline_key_refuses_the_file_quickly() -> None:
    with pytest.raises(TomlProblem, match="nested too deeply") as caught:
        parse_toml("ok = 1\nx = {" + ".".join(["a"] * 20000) + " = 1}\n")
    assert caught.value.line == 2


def test_deeper_than_the_stack_still_gives_a_problem() -> None:
    with pytest.raises(TomlProblem, match="nested too deeply"):
        parse_toml("a = " + "{b = " * 1000 + "1" + "}" * 1000)


def test_key_lines_stay_bounded_for_a_long_key() -> None:
    lines = key_lines(f"[organization]\n{DEEP} = 1\n")
    assert max(len(path) for path in lines) == MAX_DEPTH + 1
    assert lines[("organization", "a")] == 2


def test_flatten_never_recurses() -> None:
    table: dict = {}
    inner = table
    for _ in range(3000):
        inner["a"] = {}
        inner = inner["a"]
    inner["b"] = 1
    (key,) = flatten(table)
    assert key.endswith(".a.b")


def test_every_real_file_reads_exactly_as_tomllib_reads_it() -> None:
    files = [*REPO.glob("assets/**/*.toml"), *REPO.glob("packaging/**/*.toml")]
    assert len(files) > 30
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert parse_toml(text) == (tomllib.loads(text), ()), path
