"""The pack format of assets/README.md: the model, validation and the catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from stsdesk.core.catalog import load_catalog, load_pack
from stsdesk.core.errors import ContentError
from stsdesk.core.exercise import FAMILIES, TAGS, BreathPattern
from stsdesk.core.pack_files import format_problem

README_EXAMPLE = """\
id = "grounding-feet-and-seat"
title = "Grounding: feet and seat"
family = "resiliency"
summary = "Notice the floor and the chair holding you up, right now."
modeled_on = "crm"
lengths = [1, 3, 5]
tags = ["discreet"]
caution = "If noticing your body feels like too much, open your eyes wider and look around."

[[steps]]
say = "Let your feet rest flat on the floor."
pause = 3

[[steps]]
say = "Notice where the chair holds your weight. Your back. Your seat. Your thighs."
pause = 4
weight = 2

[[steps]]
from_minutes = 3
say = "Is there a place that feels steady, or even a little pleasant? Let your attention rest."
pause = 8
weight = 3
show = "Rest your attention on a steady place."

[[steps]]
say = "Now breathe with the circle, slowly."
[steps.breathe]
pattern = [4, 0, 6, 0]
share = 0.4

[[steps]]
say = "Notice how you are now. When you're ready, come back to your day."
pause = 2
"""


def test_the_readme_example_loads_as_documented(packs):
    root = packs.create()
    packs.write(root, README_EXAMPLE, "grounding-feet-and-seat")

    loaded = load_pack(root)

    assert loaded.problems == []
    (exercise,) = loaded.exercises
    assert exercise.title == "Grounding: feet and seat"
    assert exercise.credit.key == "crm"
    assert exercise.credit.url == "https://example.org"
    assert exercise.lengths == (1, 3, 5)
    assert exercise.discreet
    assert not exercise.needs_audio
    assert not exercise.eyes_closed
    assert not exercise.movement
    assert exercise.pack_id == loaded.pack.id
    assert exercise.source == root / "exercises" / "grounding-feet-and-seat.toml"
    breathing = exercise.steps[3]
    assert breathing.breathe.pattern == BreathPattern(4, 0, 6, 0)
    assert breathing.breathe.share == 0.4
    assert breathing.breathe.cycles is None
    assert breathing.pause == 1.5
    assert exercise.steps[2].show == "Rest your attention on a steady place."
    assert len(exercise.steps_for(1)) == 4
    assert len(exercise.steps_for(3)) == 5


def test_families_and_tags_are_ordered_read_only_display_names():
    assert list(FAMILIES) == ["resiliency", "compassion", "self-compassion", "emotion", "stress"]
    assert FAMILIES["self-compassion"] == "Self-compassion"
    assert set(TAGS) == {"discreet", "needs-audio", "eyes-closed", "movement"}
    with pytest.raises(TypeError):
        FAMILIES["sleep"] = "Sleep"  # type: ignore[index]


def test_breath_pattern_cycle_seconds():
    assert BreathPattern(4, 2, 6, 1).cycle_seconds == 13


@pytest.mark.parametrize(
    ("step", "pause"),
    [
        ({"say": "Hello there."}, 1.5),
        ({"show": "Stay with it"}, 0.0),
        ({"say": "Hello there.", "pause": 0}, 0.0),
        ({"say": "Hello there.", "pause": 7.5}, 7.5),
    ],
)
def test_pause_defaults_to_a_breath_after_words(packs, step, pause):
    exercise = packs.load_one(packs.exercise(steps=[step, {"pause": 3, "weight": 1}]))
    assert exercise.steps[0].pause == pause


def test_tags_set_the_properties(packs):
    exercise = packs.load_one(packs.exercise(tags=["eyes-closed", "movement", "needs-audio"]))
    assert exercise.eyes_closed
    assert exercise.movement
    assert exercise.needs_audio
    assert not exercise.discreet


def test_pack_manifest_defaults_and_resolved_root(packs):
    loaded = load_pack(packs.create("riverside"))
    pack = loaded.pack
    assert (pack.id, pack.name, pack.version) == ("riverside", "Pack riverside", "1.0")
    assert pack.language == "en"
    assert pack.description is None
    assert pack.root == (packs.base / "riverside").resolve()
    assert pack.credits["crm"].text.startswith("Modeled on")
    assert pack.credits["stress"].url is None


def test_media_paths_resolve_inside_the_pack(packs):
    root = packs.create()
    (root / "images").mkdir()
    (root / "images" / "feet.png").write_bytes(b"\x89PNG")
    (root / "narration").mkdir()
    (root / "narration" / "own.wav").write_bytes(b"RIFF")
    steps = [{"say": "Feet down.", "audio": "narration/own.wav", "image": "images/feet.png"}]
    packs.write(root, packs.exercise(steps=steps))

    (exercise,) = load_pack(root).exercises

    assert exercise.steps[0].audio == (root / "narration" / "own.wav").resolve()
    assert exercise.steps[0].image == (root / "images" / "feet.png").resolve()


def test_variants_supply_the_pattern_and_the_first_is_the_default(packs):
    variants = [
        {"id": "even", "label": "Even: 4 in, 4 out", "pattern": [4, 0, 4, 0]},
        {"id": "long-out", "label": "Longer out-breath", "pattern": [4, 0, 6, 0]},
    ]
    steps = [{"say": "Breathe with the circle.", "breathe": {"cycles": 3}}]
    exercise = packs.load_one(packs.exercise(variants=variants, steps=steps))
    assert [v.id for v in exercise.variants] == ["even", "long-out"]
    assert exercise.variants[1].pattern == BreathPattern(4, 0, 6, 0)
    assert exercise.steps[0].breathe.pattern is None


def _step(**fields):
    return [{"say": "Settle in.", "pause": 2, "weight": 1} | fields]


def _breathe(**fields):
    return [{"say": "Breathe.", "breathe": fields}]


# (exercise fields to change, field named in the problem, words in the problem)
INVALID = {
    "unknown field": ({"titel": "Oops"}, "titel", "did you mean 'title'"),
    "missing title": ({"title": None}, "title", "required"),
    "title not text": ({"title": 5}, "title", "text"),
    "empty title": ({"title": "  "}, "title", "empty"),
    "long title": ({"title": "x" * 61}, "title", "at most 60"),
    "two-line title": ({"title": "Calm\nbreath"}, "title", "single line"),
    "long summary": ({"summary": "y" * 121}, "summary", "at most 120"),
    "missing summary": ({"summary": None}, "summary", "required"),
    "unknown family": ({"family": "sleep"}, "family", "not one of"),
    "id pattern": ({"id": "Bad_Id"}, "id", "lower-case"),
    "id not file name": ({"id": "other-name"}, "id", "file name"),
    "missing id": ({"id": None}, "id", "required"),
    "unknown credit": ({"modeled_on": "mbsr"}, "modeled_on", "credits"),
    "missing modeled_on": ({"modeled_on": None}, "modeled_on", "required"),
    "lengths missing": ({"lengths": None}, "lengths", "required"),
    "lengths empty": ({"lengths": []}, "lengths", "empty"),
    "lengths not a list": ({"lengths": 5}, "lengths", "list"),
    "length zero": ({"lengths": [0, 3]}, "lengths", "from 1 to 20"),
    "length over 20": ({"lengths": [5, 21]}, "lengths", "from 1 to 20"),
    "length bool": ({"lengths": [True, 3]}, "lengths", "true/false"),
    "length float": ({"lengths": [1.5]}, "lengths", "whole minutes"),
    "lengths descending": ({"lengths": [5, 3]}, "lengths", "ascending"),
    "lengths repeated": ({"lengths": [3, 3]}, "lengths", "repeats"),
    "unknown tag": ({"tags": ["quiet"]}, "tags", "not one of"),
    "tags not list": ({"tags": "discreet"}, "tags", "list"),
    "discreet eyes closed": ({"tags": ["discreet", "eyes-closed"]}, "tags", "eyes-closed"),
    "discreet movement": ({"tags": ["movement", "discreet"]}, "tags", "movement"),
    "discreet needs audio": ({"tags": ["discreet", "needs-audio"]}, "tags", "needs-audio"),
    "caution not text": ({"caution": ["a"]}, "caution", "text"),
    "steps missing": ({"steps": None}, "steps", "required"),
    "steps empty": ({"steps": []}, "steps", "empty"),
    "steps not tables": ({"steps": ["say hi"]}, "steps[1]", "table"),
    "empty step": ({"steps": [{}]}, "steps[1]", "at least one of"),
    "unknown step field": ({"steps": _step(paws=3)}, "steps[1].paws", "did you mean 'pause'"),
    "say not text": ({"steps": [{"say": 5}]}, "steps[1].say", "text"),
    "empty say": ({"steps": [{"say": ""}]}, "steps[1].say", "empty"),
    "pause negative": ({"steps": _step(pause=-1)}, "steps[1].pause", "from 0"),
    "pause text": ({"steps": _step(pause="3")}, "steps[1].pause", "number"),
    "pause bool": ({"steps": _step(pause=True)}, "steps[1].pause", "true/false"),
    "pause nan": ({"steps": _step(pause=float("nan"))}, "steps[1].pause", "from 0"),
    "pause infinite": ({"steps": _step(pause=float("inf"))}, "steps[1].pause", "from 0"),
    "pause huge int": ({"steps": _step(pause=10**22)}, "steps[1].pause", "from 0"),
    "weight negative": ({"steps": _step(weight=-2)}, "steps[1].weight", "from 0"),
    "from_minutes zero": ({"steps": _step(from_minutes=0)}, "steps[1].from_minutes", "1 to 20"),
    "from_minutes bool": ({"steps": _step(from_minutes=True)}, "steps[1].from_minutes", "whole"),
    "from_minutes float": ({"steps": _step(from_minutes=3.0)}, "steps[1].from_minutes", "whole"),
    "bell not bool": ({"steps": _step(bell="yes")}, "steps[1].bell", "true or false"),
    "breathe not table": ({"steps": _step(breathe=4)}, "steps[1].breathe", "table"),
    "cycles and share": (
        {"steps": _breathe(pattern=[4, 0, 6, 0], cycles=3, share=0.5)},
        "steps[1].breathe",
        "exactly one",
    ),
    "neither cycles nor share": (
        {"steps": _breathe(pattern=[4, 0, 6, 0])},
        "steps[1].breathe",
        "exactly one",
    ),
    "cycles zero": (
        {"steps": _breathe(pattern=[4, 0, 6, 0], cycles=0)},
        "steps[1].breathe.cycles",
        "from 1",
    ),
    "cycles bool": (
        {"steps": _breathe(pattern=[4, 0, 6, 0], cycles=True)},
        "steps[1].breathe.cycles",
        "whole number",
    ),
    "share above one": (
        {"steps": _breathe(pattern=[4, 0, 6, 0], share=1.5)},
        "steps[1].breathe.share",
        "0 to 1",
    ),
    "shares add above one": (
        {
            "steps": _breathe(pattern=[4, 0, 6, 0], share=0.6)
            + _breathe(pattern=[4, 0, 6, 0], share=0.6)
        },
        "steps",
        "add up",
    ),
    "pattern three numbers": (
        {"steps": _breathe(pattern=[4, 6, 0], cycles=2)},
        "steps[1].breathe.pattern",
        "four numbers",
    ),
    "pattern phase too long": (
        {"steps": _breathe(pattern=[16, 0, 6, 0], cycles=2)},
        "steps[1].breathe.pattern",
        "0 to 15",
    ),
    "pattern no in-breath": (
        {"steps": _breathe(pattern=[0, 0, 6, 0], cycles=2)},
        "steps[1].breathe.pattern",
        "at least 1 second",
    ),
    "pattern bool": (
        {"steps": _breathe(pattern=[4, False, 6, 0], cycles=2)},
        "steps[1].breathe.pattern",
        "four numbers",
    ),
    "pattern missing without variants": (
        {"steps": _breathe(cycles=2)},
        "steps[1].breathe.pattern",
        "no variants",
    ),
    "variants empty": ({"variants": []}, "variants", "empty"),
    "variant without pattern": (
        {"variants": [{"id": "even", "label": "Even"}]},
        "variants[1].pattern",
        "required",
    ),
    "variant ids repeat": (
        {
            "variants": [
                {"id": "even", "label": "Even", "pattern": [4, 0, 4, 0]},
                {"id": "even", "label": "Again", "pattern": [4, 0, 6, 0]},
            ]
        },
        "variants[2].id",
        "earlier variant",
    ),
    "length does not fit": (
        {"lengths": [1, 3], "steps": _breathe(pattern=[4, 0, 6, 0], cycles=10)},
        "lengths",
        "needs at least 106 seconds",
    ),
}


@pytest.mark.parametrize(("fields", "field", "words"), INVALID.values(), ids=INVALID.keys())
def test_a_bad_exercise_is_one_problem_naming_file_and_field(packs, fields, field, words):
    problem = packs.lone_problem(packs.exercise("bad", **fields))
    assert problem.field == field
    assert words in problem.problem


def test_audio_needs_a_say_to_record(packs):
    root = packs.create()
    (root / "narration").mkdir()
    (root / "narration" / "a.ogg").write_bytes(b"OggS")
    packs.write(root, packs.exercise("bad", steps=[{"pause": 3, "audio": "narration/a.ogg"}]))
    (problem,) = load_pack(root).problems
    assert (problem.field, problem.problem) == (
        "steps[1].audio",
        "is a recording of 'say', so the step needs 'say'",
    )


def test_narration_clips_attach_to_the_steps_that_say_their_text(packs):
    clips = [{"file": "a1.ogg", "text": "Notice how you feel now.", "seconds": 2.75}]
    exercise = packs.load_one(packs.exercise(), clips=clips)
    clip = exercise.steps[2].clip
    assert clip.seconds == 2.75
    assert clip.path == (packs.base / "pack-1" / "narration" / "a1.ogg").resolve()
    assert exercise.steps[0].clip is None


@pytest.mark.parametrize(
    ("clip", "field", "words"),
    [
        (
            {"file": "gone.ogg", "text": "Hi.", "seconds": 2, "missing": True},
            "clips[1].file",
            "not found",
        ),
        ({"file": "a.ogg", "text": "Hi.", "seconds": 0}, "clips[1].seconds", "more than 0"),
        ({"file": "a.ogg", "text": "Hi."}, "clips[1].seconds", "required"),
        ({"file": "a.mp3", "text": "Hi.", "seconds": 1}, "clips[1].file", ".ogg or .wav"),
        ({"file": "../a.ogg", "text": "Hi.", "seconds": 1}, "clips[1].file", "'..'"),
        ({"file": "a.ogg", "text": "Hi.", "seconds": 1, "volume": 3}, "clips[1].volume", "unknown"),
    ],
)
def test_a_bad_narration_manifest_is_one_problem_and_the_pack_still_loads(
    packs, clip, field, words
):
    root = packs.create(exercises=(packs.exercise(),), clips=[clip])
    loaded = load_pack(root, check_clips=True)  # as check-content loads (the app: at prepare)
    assert [e.id for e in loaded.exercises] == ["calm-breath"]
    (problem,) = loaded.problems
    assert Path(problem.file).name == "manifest.toml"
    assert problem.field == field
    assert words in problem.problem
    assert loaded.pack.clips == {}


def test_a_clip_text_may_appear_only_once(packs):
    clips = [{"file": f"{n}.ogg", "text": "Same words.", "seconds": 1} for n in "ab"]
    loaded = load_pack(packs.create(exercises=(packs.exercise(),), clips=clips))
    (problem,) = loaded.problems
    assert problem.field == "clips[2].text"


@pytest.mark.parametrize(
    ("manifest", "field"),
    [
        (b'[pack]\nid = "x"\nname = ', ""),
        (b'[pack]\nname = "X"\nversion = "1"\n', "pack.id"),
        (b'[pack]\nid = "x"\nname = "X"\nversion = "1"\nlicence = "?"\n', "pack.licence"),
        (b'[pack]\nid = "x"\nname = "X"\nversion = "1"\nlanguage = "english!"\n', "pack.language"),
        (
            b'[pack]\nid = "x"\nname = "X"\nversion = "1"\n[credits.crm]\nurl = "u"\n',
            "credits.crm.text",
        ),
        (b"[credits.crm]\ntext = 'x'\n", "pack"),
        (b"\xef\xbb\xbf[pack]\n", ""),
    ],
)
def test_a_broken_manifest_is_one_problem_and_no_exercises(packs, manifest, field):
    root = packs.create(exercises=(packs.exercise(),))
    (root / "pack.toml").write_bytes(manifest)
    loaded = load_pack(root)
    assert loaded.pack is None
    assert loaded.exercises == ()
    (problem,) = loaded.problems
    assert problem.field == field
    assert Path(problem.file).name == "pack.toml"


def test_a_missing_manifest_is_one_problem(tmp_path):
    loaded = load_pack(tmp_path / "nowhere")
    assert loaded.pack is None
    (problem,) = loaded.problems
    assert "missing" in problem.problem


def test_a_pack_without_exercises_is_a_problem_but_still_a_pack(packs):
    root = packs.create()
    loaded = load_pack(root)
    assert loaded.pack is not None
    (problem,) = loaded.problems
    assert "no exercise files" in problem.problem
    (root / "exercises").rmdir()
    (problem,) = load_pack(root).problems
    assert "not found" in problem.problem


def test_other_names_in_the_exercises_folder_are_ignored(packs):
    root = packs.create(exercises=(packs.exercise(),))
    (root / "exercises" / "notes.txt").write_text("not an exercise")
    (root / "exercises" / ".#calm-breath.toml").write_text("editor lock file")
    (root / "exercises" / "calm-breath.toml~").write_text("backup")
    loaded = load_pack(root)
    assert loaded.problems == []
    assert [e.id for e in loaded.exercises] == ["calm-breath"]


def _catalog_packs(packs):
    first = packs.create(
        "first",
        exercises=(
            packs.exercise("calm-breath", lengths=[1, 3, 5]),
            packs.exercise("office-reset", family="resiliency", tags=["discreet"], lengths=[1, 3]),
            packs.exercise("body-scan", title="A body scan", lengths=[5, 10], tags=["needs-audio"]),
        ),
    )
    second = packs.create(
        "second",
        exercises=(
            packs.exercise("calm-breath", title="Another calm breath"),
            packs.exercise("kind-words", family="self-compassion", lengths=[3]),
        ),
    )
    return first, second


def test_catalog_reports_duplicate_ids_naming_both_files(packs):
    first, second = _catalog_packs(packs)
    catalog = load_catalog([first, second])

    assert [p.id for p in catalog.packs] == ["first", "second"]
    assert sorted(e.id for e in catalog.exercises) == [
        "body-scan",
        "calm-breath",
        "kind-words",
        "office-reset",
    ]
    assert catalog.get("calm-breath").title == "Calm breath"
    assert catalog.get("nope") is None
    (problem,) = catalog.problems
    assert problem.file == str(second / "exercises" / "calm-breath.toml")
    assert problem.field == "id"
    assert str(first / "exercises" / "calm-breath.toml") in problem.problem


def test_catalog_collects_problems_from_every_pack(packs, tmp_path):
    first, _ = _catalog_packs(packs)
    packs.write(first, "id = ", "broken")
    catalog = load_catalog([first, tmp_path / "missing-pack"])
    assert len(catalog.problems) == 2
    assert len(catalog.exercises) == 3


def test_by_family_groups_in_family_order_and_sorts_by_title(packs):
    catalog = load_catalog(_catalog_packs(packs))
    groups = catalog.by_family()
    assert list(groups) == ["resiliency", "self-compassion", "stress"]
    assert [e.id for e in groups["stress"]] == ["body-scan", "calm-breath"]


def test_for_minutes_offers_the_length_or_the_nearest_shorter(packs):
    catalog = load_catalog(_catalog_packs(packs))
    assert [e.id for e in catalog.for_minutes(1)] == ["calm-breath", "office-reset"]
    four = catalog.for_minutes(4)
    assert [e.id for e in four] == ["calm-breath", "office-reset", "kind-words"]
    assert [e.length_for(4) for e in four] == [3, 3, 3]
    ten = catalog.for_minutes(10)
    assert ten[0].id == "body-scan"
    assert ten[0].length_for(10) == 10
    assert [e.id for e in catalog.for_minutes(10, discreet=True)] == ["office-reset"]
    assert "body-scan" not in [e.id for e in catalog.for_minutes(10, no_audio=True)]
    assert catalog.for_minutes(0) == ()


def test_format_problem_keeps_one_line_and_escapes_control_characters():
    err = ContentError("pack/ex\nercises/a\x1b[31m.toml", "title", "must be text")
    line = format_problem(err)
    assert line == "pack/ex\\u000aercises/a\\u001b[31m.toml: title: must be text"
    assert format_problem(ContentError("a.toml", "", "is missing")) == "a.toml: is missing"
