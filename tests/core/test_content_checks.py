"""Pack checks that say what the app refuses: unsafe text, length caps, ids taken, deep keys."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stsdesk.core.catalog import check_catalog, load_catalog
from stsdesk.core.learn import load_learn

REPO = Path(__file__).resolve().parents[2]
BUILTIN = REPO / "assets" / "packs" / "core"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "Calm \x1b[31mbreath\x1b[0m"}, "title"),
        ({"title": "Calm \u202ehtaerb"}, "title"),
        ({"summary": "A few slow\x07 breaths."}, "summary"),
        ({"caution": "Stop if \x1b]0;owned\x07 dizzy."}, "caution"),
    ],
    ids=["ANSI escape in a title", "bidi override", "bell in a summary", "OSC in a caution"],
)
def test_unsafe_characters_are_one_problem_naming_file_and_field(
    packs, fields: dict[str, str], field: str
) -> None:
    problem = packs.lone_problem(packs.exercise("bad", **fields))
    assert problem.field == field
    assert "control, terminal escape or bidirectional-override characters" in problem.problem


def test_markup_is_accepted_as_text(packs) -> None:
    exercise = packs.load_one(packs.exercise(title="<b>Calm</b> & <i>slow</i>"))
    assert exercise.title == "<b>Calm</b> & <i>slow</i>"


@pytest.mark.parametrize("field", ["title", "summary", "caution"])
def test_every_text_field_has_a_length_cap(packs, field: str) -> None:
    problem = packs.lone_problem(packs.exercise("bad", **{field: "x" * 5000}))
    assert problem.field == field
    assert "at most" in problem.problem


def test_a_long_pack_name_or_credit_is_refused_clearly(packs) -> None:
    credits = {"stress": {"text": "<table>" * 400}}
    loaded = packs.load(packs.create(credits=credits, exercises=(packs.exercise(),)))
    assert loaded.pack is None
    (problem,) = loaded.problems
    assert problem.field == "credits.stress.text"
    assert "at most 2000" in problem.problem


def test_a_pack_with_the_reserved_id_core_is_refused(packs) -> None:
    root = packs.create("mine", pack_id="core", exercises=(packs.exercise("mine-calm"),))
    catalog = load_catalog([BUILTIN, root])
    assert catalog.get("mine-calm") is None
    (problem,) = catalog.problems
    assert (Path(problem.file), problem.field) == (root / "pack.toml", "pack.id")
    assert "'core' is reserved" in problem.problem


def test_check_catalog_compares_with_the_builtin_pack(packs) -> None:
    taken = packs.exercise("paced-breathing", lengths=[1])
    root = packs.create("mine", exercises=(packs.exercise("mine-calm"), taken))
    catalog = check_catalog([root], BUILTIN)
    assert [e.id for e in catalog.exercises] == ["mine-calm"]
    assert [p.id for p in catalog.packs] == ["mine"]
    (problem,) = catalog.problems
    assert "'paced-breathing' is already used by" in problem.problem
    assert str(BUILTIN) in problem.problem


def test_check_catalog_of_the_builtin_pack_itself_is_clean() -> None:
    catalog = check_catalog([BUILTIN], BUILTIN)
    assert catalog.problems == []
    assert len(catalog.exercises) > 20


def test_check_content_reports_the_builtin_clash_and_an_ansi_title(packs, tmp_path: Path) -> None:
    root = packs.create("mine", pack_id="stsdesk-core", exercises=(packs.exercise("mine-calm"),))
    other = packs.create("other", exercises=(packs.exercise("good"),))
    packs.write(other, packs.exercise("shouty", title="\x1b[2J\x1b[31mURGENT"))
    command = [sys.executable, "-m", "stsdesk", "--data-dir", str(tmp_path / "d")]
    # The command line is an outer layer: it runs without the core-only test's import blocker.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [*command, "check-content", str(root), str(other)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 1
    assert "\x1b" not in result.stdout
    assert f"{root / 'pack.toml'}: pack.id: 'stsdesk-core' is already the id of" in result.stdout
    assert f"{other / 'exercises' / 'shouty.toml'}: title: contains control" in result.stdout
    assert "1 exercise" in result.stdout  # the good one in the other pack still loads


def test_a_deep_key_in_an_exercise_or_card_is_one_problem(packs, tmp_path: Path) -> None:
    deep = ".".join(["a"] * 1000)
    problem = packs.lone_problem(f'id = "bad"\n{deep} = 1\n')
    assert "nested too deeply" in problem.problem
    cards = tmp_path / "learn"
    cards.mkdir()
    (cards / "good.toml").write_text('id = "good"\ntitle = "Good"\norder = 1\nbody = "Text."\n')
    (cards / "bad.toml").write_text(f'id = "bad"\n[{deep}]\n')
    loaded, problems = load_learn(cards)
    assert [card.id for card in loaded] == ["good"]
    assert len(problems) == 1
    assert "nested too deeply" in str(problems[0])
