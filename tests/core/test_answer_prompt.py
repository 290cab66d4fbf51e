"""A written practice's ``answer_prompt``: one plain line, capped, refused when hostile."""

from __future__ import annotations

import pytest

from stsdesk.core.pack_parse import ANSWER_PROMPT_MAX

PROMPT = "Your letter to yourself, in a kind and wise voice"


def test_an_answer_prompt_marks_a_written_practice(packs) -> None:
    exercise = packs.load_one(packs.exercise(answer_prompt=PROMPT))

    assert exercise.answer_prompt == PROMPT


def test_a_practice_without_one_is_not_written(packs) -> None:
    assert packs.load_one(packs.exercise()).answer_prompt is None


@pytest.mark.parametrize(
    ("prompt", "words"),
    [
        ("x" * (ANSWER_PROMPT_MAX + 1), f"at most {ANSWER_PROMPT_MAX}"),
        ("Write here\nand here", "single line"),
        ("Write \x1b[31mhere", "control"),
        ("Write \u202ehere", "bidirectional"),
        ("Write\rhere", "single line"),
        ("Write \x00here", "NUL"),
        ("   ", "empty"),
        (42, "text"),
    ],
    ids=["too long", "two lines", "escape", "bidi", "carriage return", "NUL", "blank", "number"],
)
def test_a_hostile_answer_prompt_is_one_problem_naming_the_field(packs, prompt, words) -> None:
    problem = packs.lone_problem(packs.exercise("bad", answer_prompt=prompt))

    assert problem.field == "answer_prompt"
    assert words in problem.problem
