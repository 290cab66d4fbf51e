"""The course: the built-in content, hostile course folders, and the unlock rules over real
calendars (local days, DST changes, a time-zone change, a missed week, pause, start over)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stsdesk.core.catalog import Catalog, load_catalog
from stsdesk.core.course import (
    Course,
    CourseError,
    CourseProgress,
    check_courses,
    course_view,
    finish_day,
    load_course,
    pause,
    resume,
    start_over,
    view_rows,
)
from stsdesk.core.pack_files import format_problem

ASSETS = Path(__file__).resolve().parents[2] / "assets"
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([ASSETS / "packs" / "core"])


@pytest.fixture(scope="module")
def course(catalog: Catalog) -> Course:
    loaded = load_course(ASSETS / "packs" / "course", catalog)
    assert loaded.problems == []
    assert loaded.course is not None
    return loaded.course


def states(view) -> list[str]:
    return [str(d.state) for d in view.days]


# --- the built-in course -----------------------------------------------------------------


def test_builtin_course_has_fourteen_short_original_days(course: Course, catalog: Catalog) -> None:
    assert [d.day for d in course.days] == list(range(1, 15))
    assert "emotion-focused" in course.credit
    assert "compassion-focused" in course.credit
    for day in course.days:
        words = len(day.reading.split())
        assert 150 <= words <= 300, (day.day, words)
        exercise = catalog.get(day.practice)
        assert exercise is not None
        assert day.practice_minutes in exercise.lengths
        # Reading at an unhurried 180 words a minute, the practice, a minute for the prompt.
        total = words / 180 + day.practice_minutes + 1
        assert 5 <= total <= 10, (day.day, total)
        assert day.prompt.strip()
        assert len(day.paragraphs) >= 2


def test_builtin_course_is_never_named_after_a_program(course: Course) -> None:
    programs = r"\b(EFT|EFT-HP|MSC|SCHC|ProQOL|CFT)\b|Emotion-Focused Training|Mindful Self"
    forbidden = re.compile(programs, re.I)
    texts = [course.title, course.summary, course.credit]
    texts += [t for d in course.days for t in (d.title, d.reading, d.prompt)]
    assert not [t for t in texts if forbidden.search(t)]


def test_builtin_course_covers_the_themes_in_order(course: Course) -> None:
    titles = " / ".join(d.title.lower() for d in course.days)
    themes = [
        "stress in your body",
        "resilient zone",
        "soothing rhythm",
        "signals of needs",
        "inner critic",
        "compassionate self",
        "empathy and compassion",
        "boundaries",
        "giving and receiving",
        "leaving work at work",
        "personal plan",
    ]
    positions = [titles.find(theme) for theme in themes]
    assert -1 not in positions, dict(zip(themes, positions, strict=True))
    assert positions == sorted(positions)


# --- hostile course folders --------------------------------------------------------------


def _q(text: str) -> str:
    """A TOML basic string; control characters written as escapes, as a hostile author can."""
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f]", lambda m: f"\\u{ord(m.group()):04x}", body) + '"'


GOOD_READING = "A short, kind reading.\n\nA second paragraph."


def write_day(root: Path, name: str, number: int, **fields: object) -> None:
    values: dict[str, object] = {
        "day": number,
        "title": f"Day {number}",
        "reading": GOOD_READING,
        "practice": "tracking-sensations",
        "practice_minutes": 3,
        "prompt": "What did you notice?",
    }
    values.update(fields)
    lines = []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, str):
            lines.append(f"{key} = {_q(value)}")
        else:
            lines.append(f"{key} = {value}")
    (root / "days").mkdir(parents=True, exist_ok=True)
    (root / "days" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_course(root: Path, days: int = 3) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "course.toml").write_text(
        '[course]\nid = "test-course"\ntitle = "A test course"\n'
        'summary = "Three days."\ncredit = "Written for the tests."\n',
        encoding="utf-8",
    )
    for number in range(1, days + 1):
        write_day(root, f"{number:02d}.toml", number)
    return root


def test_a_good_course_folder_loads(tmp_path: Path, catalog: Catalog) -> None:
    loaded = load_course(write_course(tmp_path / "c"), catalog)
    assert loaded.problems == []
    assert loaded.course is not None
    assert [d.day for d in loaded.course.days] == [1, 2, 3]
    assert loaded.course.days[0].paragraphs == ("A short, kind reading.", "A second paragraph.")


HOSTILE_DAYS = [
    ("unknown key", {"colour": "red"}, "colour", "unknown field"),
    ("unknown practice", {"practice": "no-such-practice"}, "practice", "not a practice"),
    ("length not offered", {"practice_minutes": 7}, "practice_minutes", "offered at 1, 3, 5, 10"),
    ("day not a number", {"day": '"two"'}, "day", "whole number"),
    ("day out of range", {"day": 999}, "day", "from 1 to 60"),
    ("missing prompt", {"prompt": None}, "prompt", "required"),
    ("empty title", {"title": "  "}, "title", "must not be empty"),
    ("title two lines", {"title": "a\nb"}, "title", "single line"),
    ("huge reading", {"reading": "word " * 2000}, "reading", "at most 3000"),
    ("escape in prompt", {"prompt": "hi \x1b[2J"}, "prompt", "control"),
    ("bidi in title", {"title": "evil \u202e title"}, "title", "bidirectional"),
]


@pytest.mark.parametrize(("case", "fields", "field", "problem"), HOSTILE_DAYS)
def test_a_hostile_day_is_one_clear_problem_and_the_rest_loads(
    tmp_path: Path, catalog: Catalog, case: str, fields: dict, field: str, problem: str
) -> None:
    root = write_course(tmp_path / "c")
    if fields.get("day") == '"two"':
        (root / "days" / "02.toml").write_text(
            (root / "days" / "02.toml").read_text().replace("day = 2", 'day = "two"')
        )
    else:
        fields = dict(fields)
        write_day(root, "02.toml", fields.pop("day", 2), **fields)
    loaded = load_course(root, catalog)
    assert len(loaded.problems) == 1, [str(p) for p in loaded.problems]
    error = loaded.problems[0]
    assert error.file.endswith("02.toml")
    assert error.field == field
    assert problem in error.problem
    assert loaded.course is not None
    assert [d.day for d in loaded.course.days] == [1, 3]
    assert "\x1b" not in format_problem(error)
    assert "\u202e" not in format_problem(error)


def test_many_problems_give_one_each_and_the_good_days_still_load(
    tmp_path: Path, catalog: Catalog
) -> None:
    root = write_course(tmp_path / "c", days=6)
    write_day(root, "02.toml", 2, practice="gone")
    (root / "days" / "03.toml").write_bytes(b"day = 3\ntitle = [unclosed\n")
    (root / "days" / "04.toml").write_bytes(b"\xef\xbb\xbfday = 4\n")
    write_day(root, "05.toml", 4)  # claims the wrong day
    (root / "days" / "06.toml").unlink()
    write_day(root, "08.toml", 8)  # leaves day 6 and 7 without a file
    (root / "days" / ".01.toml.swp").write_text("editor litter")
    loaded = load_course(root, catalog)
    found = sorted((Path(p.file).name, p.field, p.problem) for p in loaded.problems)
    assert len(found) == 5, found
    assert found[0][0] == "02.toml"
    assert found[0][1] == "practice"
    assert found[1][0] == "03.toml"
    assert "not valid TOML" in found[1][2]
    assert found[2][0] == "04.toml"
    assert "byte-order mark" in found[2][2]
    assert found[3][:2] == ("05.toml", "day")
    assert "must match the file name" in found[3][2]
    assert found[4][0] == "days"
    assert "day 6, 7" in found[4][2]
    assert loaded.course is not None
    assert [d.day for d in loaded.course.days] == [1, 8]


def test_a_broken_manifest_is_one_problem_and_no_course(tmp_path: Path, catalog: Catalog) -> None:
    root = write_course(tmp_path / "c")
    (root / "course.toml").write_text('[course]\nid = "Bad Id"\ntitle = "x"\n')
    loaded = load_course(root, catalog)
    assert loaded.course is None
    assert len(loaded.problems) == 1
    assert loaded.problems[0].field == "course.id"


def test_missing_parts_are_one_problem_each(tmp_path: Path, catalog: Catalog) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert [p.problem for p in load_course(empty, catalog).problems] == [
        "missing; a course needs one"
    ]
    root = write_course(tmp_path / "nodays", days=0)
    loaded = load_course(root, catalog)
    assert loaded.course is None
    assert [p.problem for p in loaded.problems] == ["folder not found"]


def test_too_many_day_files_are_capped(tmp_path: Path, catalog: Catalog) -> None:
    root = write_course(tmp_path / "c", days=0)
    for number in range(1, 66):
        write_day(root, f"{number:02d}.toml", min(number, 60))
    loaded = load_course(root, catalog)
    assert [p.problem for p in loaded.problems] == [
        "has 65 day files; at most 60 are read (the rest are left out)"
    ]
    assert loaded.course is not None
    assert len(loaded.course.days) == 60


def test_a_day_file_linking_outside_is_refused(tmp_path: Path, catalog: Catalog) -> None:
    root = write_course(tmp_path / "c")
    outside = tmp_path / "secret.toml"
    outside.write_text("day = 2\n")
    (root / "days" / "02.toml").unlink()
    (root / "days" / "02.toml").symlink_to(outside)
    loaded = load_course(root, catalog)
    assert len(loaded.problems) == 1
    assert "outside" in loaded.problems[0].problem


def test_check_courses_finds_course_folders_and_packs_with_a_course(
    tmp_path: Path, catalog: Catalog
) -> None:
    write_course(tmp_path / "alone")
    write_course(tmp_path / "pack" / "course")
    write_day(tmp_path / "pack" / "course", "02.toml", 2, practice="gone")
    (tmp_path / "plain").mkdir()
    loaded, problems = check_courses(
        [tmp_path / "alone", tmp_path / "pack", tmp_path / "plain"], catalog
    )
    assert loaded == 5
    assert [p.field for p in problems] == ["practice"]


# --- unlocking ---------------------------------------------------------------------------


def at(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone)


def test_a_new_course_opens_day_one(course: Course) -> None:
    view = course_view(course, CourseProgress(course.id), at(BERLIN, 2026, 5, 4, 9), 0)
    assert states(view) == ["today"] + ["locked"] * 13
    assert view.current is not None
    assert view.current.day.day == 1
    assert not view.started
    assert view.opens_at is None


def test_one_day_opens_per_local_day(course: Course) -> None:
    progress = CourseProgress(course.id)
    progress = finish_day(course, progress, 1, at(BERLIN, 2026, 5, 4, 9), 0)
    view = course_view(course, progress, at(BERLIN, 2026, 5, 4, 23, 59), 0)
    assert states(view)[:3] == ["done", "waiting", "locked"]
    assert view.opens_at == at(BERLIN, 2026, 5, 5, 0)
    with pytest.raises(CourseError, match="opens on the next day"):
        finish_day(course, progress, 2, at(BERLIN, 2026, 5, 4, 23, 59), 0)
    with pytest.raises(CourseError, match="already done"):
        finish_day(course, progress, 1, at(BERLIN, 2026, 5, 5, 9), 0)
    with pytest.raises(CourseError, match="not open yet"):
        finish_day(course, progress, 3, at(BERLIN, 2026, 5, 5, 9), 0)
    view = course_view(course, progress, at(BERLIN, 2026, 5, 5, 0), 0)
    assert states(view)[:3] == ["done", "today", "locked"]


def test_the_day_boundary_hour_decides_when_a_day_opens(course: Course) -> None:
    # A night shift: day 1 finished at 01:30 counts for the evening before (boundary 4).
    progress = finish_day(course, CourseProgress(course.id), 1, at(BERLIN, 2026, 5, 5, 1, 30), 4)
    assert progress.completions[0].practice_day(4).isoformat() == "2026-05-04"
    assert states(course_view(course, progress, at(BERLIN, 2026, 5, 5, 3, 59), 4))[1] == "waiting"
    view = course_view(course, progress, at(BERLIN, 2026, 5, 5, 4, 0), 4)
    assert states(view)[1] == "today"


def test_spring_forward_and_fall_back(course: Course) -> None:
    # New York springs forward on 8 March 2026 (02:00 -> 03:00) and falls back on 1 November.
    progress = finish_day(course, CourseProgress(course.id), 1, at(NEW_YORK, 2026, 3, 7, 22), 4)
    view = course_view(course, progress, at(NEW_YORK, 2026, 3, 8, 1, 30), 4)
    assert states(view)[1] == "waiting"
    assert view.opens_at is not None
    assert view.opens_at.utcoffset() == timedelta(hours=-4)
    assert view.opens_at == datetime(2026, 3, 8, 8, 0, tzinfo=ZoneInfo("UTC"))
    assert states(course_view(course, progress, at(NEW_YORK, 2026, 3, 8, 4, 0), 4))[1] == "today"

    progress = finish_day(course, CourseProgress(course.id), 1, at(NEW_YORK, 2026, 10, 31, 23), 0)
    # 01:30 happens twice on 1 November; both belong to the new day.
    for fold in (0, 1):
        now = datetime(2026, 11, 1, 1, 30, fold=fold, tzinfo=NEW_YORK)
        assert states(course_view(course, progress, now, 0))[1] == "today"


def test_a_time_zone_change_never_moves_a_finished_day(course: Course) -> None:
    # Day 1 at 22:00 in New York (3 March); in Tokyo it is already noon on 4 March.
    progress = finish_day(course, CourseProgress(course.id), 1, at(NEW_YORK, 2026, 3, 3, 22), 0)
    assert progress.completions[0].finished_at.isoformat() == "2026-03-03T22:00:00-05:00"
    tokyo_now = at(NEW_YORK, 2026, 3, 3, 23).astimezone(TOKYO)
    assert states(course_view(course, progress, tokyo_now, 0))[1] == "today"
    # Flying west: day 2 finished on the morning of 5 March in Tokyo, then back in New York
    # on the evening of 4 March local time: day 3 waits until the local calendar reaches 6 March.
    progress = finish_day(course, progress, 2, at(TOKYO, 2026, 3, 5, 8), 0)
    view = course_view(course, progress, at(NEW_YORK, 2026, 3, 4, 20), 0)
    assert states(view)[:3] == ["done", "done", "waiting"]
    assert view.opens_at == at(NEW_YORK, 2026, 3, 6, 0)
    assert states(course_view(course, progress, at(NEW_YORK, 2026, 3, 6, 0), 0))[2] == "today"


def test_a_missed_week_waits_without_losing_anything(course: Course) -> None:
    progress = CourseProgress(course.id)
    for offset, day in enumerate((1, 2, 3)):
        progress = finish_day(course, progress, day, at(BERLIN, 2026, 6, 1 + offset, 8), 0)
    view = course_view(course, progress, at(BERLIN, 2026, 6, 11, 8), 0)
    assert states(view) == ["done"] * 3 + ["today"] + ["locked"] * 10
    progress = finish_day(course, progress, 4, at(BERLIN, 2026, 6, 11, 8), 0)
    assert states(course_view(course, progress, at(BERLIN, 2026, 6, 11, 9), 0))[3:5] == [
        "done",
        "waiting",
    ]


def test_pause_resume_and_start_over(course: Course) -> None:
    progress = finish_day(course, CourseProgress(course.id), 1, at(BERLIN, 2026, 6, 1, 8), 0)
    paused = pause(progress)
    view = course_view(course, paused, at(BERLIN, 2026, 6, 9, 8), 0)
    assert view.paused
    assert states(view)[:3] == ["done", "waiting", "locked"]
    assert view.opens_at is None
    with pytest.raises(CourseError, match="paused"):
        finish_day(course, paused, 2, at(BERLIN, 2026, 6, 9, 8), 0)
    resumed = resume(paused)
    assert states(course_view(course, resumed, at(BERLIN, 2026, 6, 9, 8), 0))[1] == "today"
    again = start_over(resumed, at(BERLIN, 2026, 6, 9, 9))
    view = course_view(course, again, at(BERLIN, 2026, 6, 9, 9), 0)
    assert view.started
    assert states(view) == ["today"] + ["locked"] * 13


def test_all_done_and_the_json_rows(course: Course) -> None:
    progress = CourseProgress(course.id)
    for day in range(1, 15):
        progress = finish_day(course, progress, day, at(BERLIN, 2026, 7, day, 8), 0)
    view = course_view(course, progress, at(BERLIN, 2026, 8, 1, 8), 0)
    assert view.finished
    assert view.done_count == 14
    rows = view_rows(view)
    assert len(rows) == 14
    assert set(rows[0]) >= {"day", "title", "state", "reading", "practice", "prompt"}
    assert {row["state"] for row in rows} == {"done"}


def test_a_naive_now_is_refused(course: Course) -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        course_view(course, CourseProgress(course.id), datetime(2026, 1, 1), 0)


def test_progress_of_another_course_is_not_used(course: Course) -> None:
    other = finish_day(course, CourseProgress(course.id), 1, at(BERLIN, 2026, 6, 1, 8), 0)
    stranger = CourseProgress("another-course", completions=other.completions)
    view = course_view(course, stranger, at(BERLIN, 2026, 6, 1, 9), 0)
    assert states(view)[0] == "today"
