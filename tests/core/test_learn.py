"""Psychoeducation cards: loaded in order, paragraphs kept, broken cards reported one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from stsdesk.core.learn import load_learn

WHAT_IS_STS = '''\
id = "what-is-sts"
title = "What secondary traumatic stress is"
order = 1
body = """
Hearing about other people's trauma, again and again,
can leave traces in you too.

It is a common response to the work, not a weakness.
"""
see_also = ["sts-or-burnout", "calm-breath"]
'''

BURNOUT = """\
id = "sts-or-burnout"
title = "Is it STS or burnout?"
order = 2
body = "Burnout grows from workload and conditions."
"""


def _write(folder: Path, name: str, text: str | bytes) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    (folder / f"{name}.toml").write_bytes(data)


@pytest.fixture
def learn_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "learn"
    folder.mkdir()
    _write(folder, "sts-or-burnout", BURNOUT)
    _write(folder, "what-is-sts", WHAT_IS_STS)
    return folder


def test_cards_load_sorted_by_order(learn_dir):
    cards, problems = load_learn(learn_dir)
    assert problems == []
    assert [c.id for c in cards] == ["what-is-sts", "sts-or-burnout"]
    first = cards[0]
    assert first.title == "What secondary traumatic stress is"
    assert first.see_also == ("sts-or-burnout", "calm-breath")
    assert first.source == learn_dir / "what-is-sts.toml"
    assert cards[1].see_also == ()


def test_paragraphs_split_at_blank_lines_and_reflow(learn_dir):
    cards, _ = load_learn(learn_dir)
    assert cards[0].paragraphs == (
        "Hearing about other people's trauma, again and again, can leave traces in you too.",
        "It is a common response to the work, not a weakness.",
    )
    assert cards[1].paragraphs == ("Burnout grows from workload and conditions.",)


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        (BURNOUT.replace("order = 2", "order = true"), "order", "whole number"),
        (BURNOUT.replace("order = 2\n", ""), "order", "required"),
        (BURNOUT.replace('"sts-or-burnout"', '"other"'), "id", "file name"),
        (BURNOUT + 'sources = ["x"]\n', "sources", "unknown field"),
        (BURNOUT + "see_also = [1]\n", "see_also", "list of non-empty texts"),
        (BURNOUT.replace("Burnout grows from workload and conditions.", ""), "body", "empty"),
        ("\ufeff" + BURNOUT, "", "byte-order mark"),
        (BURNOUT.encode("utf-16"), "", "UTF-16"),
        (BURNOUT.replace("Burnout", "Burnout é").encode("latin-1"), "", "UTF-8"),
        ("id = ", "", "not valid TOML"),
    ],
)  # fmt: skip
def test_a_broken_card_is_one_problem_and_the_others_still_load(learn_dir, text, field, words):
    _write(learn_dir, "sts-or-burnout", text)
    cards, problems = load_learn(learn_dir)
    assert [c.id for c in cards] == ["what-is-sts"]
    (problem,) = problems
    assert Path(problem.file).name == "sts-or-burnout.toml"
    assert problem.field == field
    assert words in problem.problem


def test_a_card_linked_from_outside_the_folder_is_not_read(learn_dir, tmp_path):
    outside = tmp_path / "secret.toml"
    outside.write_text(BURNOUT.replace("sts-or-burnout", "secret"))
    (learn_dir / "secret.toml").symlink_to(outside)
    cards, problems = load_learn(learn_dir)
    assert len(cards) == 2
    (problem,) = problems
    assert "outside" in problem.problem


def test_a_missing_folder_is_one_problem(tmp_path):
    cards, problems = load_learn(tmp_path / "nowhere")
    assert cards == ()
    (problem,) = problems
    assert "not found" in problem.problem
