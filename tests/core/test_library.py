"""The built-in library keeps CONTENT.md's promises: coverage, credit, labels, safety."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stsdesk.core.content import Exercise, load_catalog
from stsdesk.core.learn import load_learn

ASSETS = Path(__file__).resolve().parents[2] / "assets"
CRM_CREDIT = (
    "Modeled on skills described in the Community Resiliency Model (CRM®) of the Trauma "
    "Resource Institute."
)
MSC_CREDIT = "Adapted from practices developed by Kristin Neff and Christopher Germer."
PROGRAM_NAMES = re.compile(
    r"\b(CRM|MSC|SCHC|CFT|EFT(-HP)?|Community Resiliency|Mindful Self-Compassion|"
    r"Compassion-Focused|Emotion-Focused|Help Now)\b",
    re.IGNORECASE,
)
ENDORSEMENT = re.compile(r"\b(endorsed|certified|official|approved by)\b", re.IGNORECASE)
WAY_OUT = re.compile(
    r"open your eyes|stop|any time|anytime|another anchor|look around|step away|come back",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def exercises() -> tuple[Exercise, ...]:
    catalog = load_catalog([ASSETS / "packs" / "core"])
    assert catalog.problems == []
    return catalog.exercises


def _spoken(exercise: Exercise) -> str:
    return " ".join(step.say or "" for step in exercise.steps)


def _all_text(exercise: Exercise) -> str:
    parts = [exercise.title, exercise.summary, exercise.caution or "", _spoken(exercise)]
    parts += [step.show or "" for step in exercise.steps]
    return " ".join(parts)


def test_size_and_coverage(exercises) -> None:
    assert len(exercises) >= 30
    assert sum(1 for e in exercises if min(e.lengths) <= 3) >= 12
    assert sum(1 for e in exercises if e.discreet) >= 10
    assert {e.family for e in exercises} == {
        "resiliency",
        "compassion",
        "self-compassion",
        "emotion",
        "stress",
    }
    ids = {e.id for e in exercises}
    for required in (
        "resilient-zone-intro",
        "tracking-sensations",
        "resourcing",
        "grounding-feet-and-seat",
        "gesturing",
        "quick-sensory-reset",
        "shift-and-stay",
        "soothing-rhythm-breathing",
        "safe-place",
        "compassionate-self",
        "compassionate-other",
        "answering-the-inner-critic",
        "self-compassion-break",
        "supportive-touch",
        "affectionate-breathing",
        "soften-soothe-allow",
        "giving-and-receiving-compassion",
        "naming-an-emotion",
        "clearing-a-space",
        "compassionate-self-soothing",
        "protective-self-assertion",
        "paced-breathing",
        "five-senses",
        "progressive-muscle-relaxation",
        "body-scan",
        "between-clients-reset",
        "leaving-work-at-work",
        "mindful-walking",
    ):
        assert required in ids, required


def test_paced_breathing_offers_a_choice_of_ratio(exercises) -> None:
    paced = next(e for e in exercises if e.id == "paced-breathing")
    assert len(paced.variants) >= 3


def test_credits_follow_the_rules(exercises) -> None:
    credits = {e.credit.key: e.credit.text for e in exercises}
    assert credits["crm"] == CRM_CREDIT
    assert credits["msc"] == MSC_CREDIT
    assert "Compassion-Focused Therapy (Paul Gilbert)" in credits["cft"]
    assert "emotion-focused" in credits["eft"].lower()
    assert "EFT" not in credits["eft"]
    assert sum(1 for e in exercises if e.credit.key == "msc") <= 8
    crm = [e for e in exercises if e.family == "resiliency"]
    assert all(e.credit.key == "crm" for e in crm)


def test_no_program_name_in_titles_or_spoken_words(exercises) -> None:
    for exercise in exercises:
        for text in (exercise.title, exercise.summary, _spoken(exercise)):
            assert not PROGRAM_NAMES.search(text), (exercise.id, PROGRAM_NAMES.search(text))


def test_no_claim_of_endorsement_anywhere(exercises) -> None:
    for exercise in exercises:
        assert not ENDORSEMENT.search(_all_text(exercise)), exercise.id
    cards, problems = load_learn(ASSETS / "learn")
    assert problems == []
    for card in cards:
        assert not ENDORSEMENT.search(card.body), card.id


def test_every_practice_offers_a_way_out(exercises) -> None:
    for exercise in exercises:
        assert WAY_OUT.search(_all_text(exercise)), exercise.id


def test_discreet_means_eyes_open_and_still(exercises) -> None:
    for exercise in exercises:
        if exercise.discreet:
            assert not re.search(r"close your eyes", _spoken(exercise), re.IGNORECASE), exercise.id
            assert not exercise.eyes_closed
            assert not exercise.movement
            assert not exercise.needs_audio


def test_scripts_are_written_for_the_ear(exercises) -> None:
    for exercise in exercises:
        for step in exercise.steps:
            if step.say:
                assert "..." not in step.say, exercise.id
                assert "[" not in step.say, exercise.id
                sentences = [s for s in re.split(r"(?<=[.!?])\s+", step.say) if s]
                assert len(sentences) <= 4, (exercise.id, step.say)


def test_learn_cards_cover_the_basics_and_safety() -> None:
    cards, _ = load_learn(ASSETS / "learn")
    ids = {card.id for card in cards}
    assert {
        "what-is-sts",
        "sts-burnout-vicarious",
        "signs-to-notice",
        "resilient-zone",
        "three-systems",
        "when-to-seek-help",
    } <= ids
    help_card = next(card for card in cards if card.id == "when-to-seek-help")
    assert "988" in help_card.body
    assert "emergency" in help_card.body
    assert "not a treatment" in help_card.body
