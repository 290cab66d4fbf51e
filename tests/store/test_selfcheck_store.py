"""Schema v4 on real SQLite files: the self-check, reflections and course progress are saved,
survive a restart, count in streaks, migrate from every earlier version, and delete-all
removes them without a trace."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stsdesk.core import stats
from stsdesk.core.catalog import load_catalog
from stsdesk.core.course import CourseProgress, course_view, finish_day, load_course
from stsdesk.core.errors import StoreError
from stsdesk.core.selfcheck import STATEMENTS, check_in, proqol_entry
from stsdesk.infra.resources import asset, builtin_pack
from stsdesk.store import schema
from stsdesk.store.selfcheck_schema import TABLES
from stsdesk.store.selfcheck_store import Reflection, ReflectionKind, SelfCheckLog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"
BERLIN = ZoneInfo("Europe/Berlin")
SECRET = "canary-reflection: the small boy in room 4"


@pytest.fixture(scope="module")
def course():
    loaded = load_course(asset("packs", "course"), load_catalog([builtin_pack()]))
    assert loaded.course is not None
    return loaded.course


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


@pytest.mark.parametrize("version", range(1, schema.CURRENT_VERSION))
def test_every_earlier_version_migrates_to_v4_with_empty_new_tables(
    version, paths, open_app_log
) -> None:
    assert schema.CURRENT_VERSION == 4
    shutil.copyfile(FIXTURES / f"v{version}.sqlite3", paths.database)
    store = open_app_log().store
    assert store is not None
    assert set(TABLES) <= _tables(paths.database)
    log = SelfCheckLog(store)
    assert log.proqol_entries() == []
    assert log.check_ins() == []
    assert log.reflections() == []
    assert store.count() == 5
    entry = proqol_entry(30, 30, 30, date(2026, 6, 1), date(2026, 6, 2))
    log.add_proqol(entry, datetime(2026, 6, 2, 9, tzinfo=BERLIN))
    assert [e.burnout for e in log.proqol_entries()] == [30]


def test_the_v4_fixture_reads_back(paths, open_app_log) -> None:
    shutil.copyfile(FIXTURES / "v4.sqlite3", paths.database)
    store = open_app_log().store
    assert store is not None
    log = SelfCheckLog(store)
    (entry,) = log.proqol_entries()
    assert (entry.compassion_satisfaction, entry.burnout, entry.secondary_traumatic_stress) == (
        38,
        24,
        42,
    )
    (weekly,) = log.check_ins()
    assert weekly.score == 11
    (reflection,) = log.reflections()
    assert reflection.answer == 'canary-v4: shoulders, "tight"; 東京'
    progress = log.course_progress("steadier-caring")
    assert [c.day for c in progress.completions] == [1]
    assert progress.completions[0].finished_at.isoformat() == "2026-06-10T19:05:00-10:00"


def test_records_survive_a_restart(paths, open_app_log) -> None:
    store = open_app_log().store
    assert store is not None
    log = SelfCheckLog(store)
    now = datetime(2026, 6, 2, 9, tzinfo=BERLIN)
    log.add_proqol(proqol_entry(40, 22, 43, date(2026, 6, 1), now.date()), now)
    answers = {s.id: 2 for s in STATEMENTS}
    log.add_check_in(check_in(answers, now.date()), now)
    note = Reflection(
        ReflectionKind.SUPERVISION_BEFORE, now, now.date(), "What stayed with me?", SECRET
    )
    log.add_reflection(note)
    store.close()

    again = SelfCheckLog(open_app_log().store)
    assert [e.secondary_traumatic_stress for e in again.proqol_entries()] == [43]
    assert [c.score for c in again.check_ins()] == [14]
    (kept,) = again.reflections(ReflectionKind.SUPERVISION_BEFORE)
    assert kept.answer == SECRET
    assert kept.written_at == now
    assert again.reflections(ReflectionKind.COURSE) == []


def test_the_database_refuses_out_of_range_scores(store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store._db.execute(
            "INSERT INTO proqol_entries (taken_on, compassion_satisfaction, burnout, "
            "secondary_traumatic_stress, recorded_at) VALUES ('2026-01-01', 9, 20, 20, 'x')"
        )


def test_course_progress_survives_restarts_and_counts_in_streaks(
    course, open_app_log, make_record
) -> None:
    store = open_app_log().store
    assert store is not None
    log = SelfCheckLog(store)
    progress = log.course_progress(course.id)
    for n, moment in enumerate(
        (datetime(2026, 3, 10, 8, tzinfo=BERLIN), datetime(2026, 3, 11, 21, tzinfo=BERLIN)),
        start=1,
    ):
        day = course.get(n)
        assert day is not None
        practice = make_record(moment, zone="Europe/Berlin", exercise_id=day.practice)
        practice_id = store.add(practice)
        progress = finish_day(course, progress, n, moment, 0)
        log.finish_course_day(
            progress, practice_id=practice_id, prompt=day.prompt, answer=f"answer {n}"
        )
    store.close()

    store = open_app_log().store
    assert store is not None
    log = SelfCheckLog(store)
    progress = log.course_progress(course.id)
    view = course_view(course, progress, datetime(2026, 3, 12, 7, tzinfo=BERLIN), 0)
    assert [str(d.state) for d in view.days[:4]] == ["done", "done", "today", "locked"]
    summary = stats.summarise(store.records(), 0)
    assert summary == store.summary(0)
    computed = stats.compute(store.records(), date(2026, 3, 11), stats.StatsSettings())
    assert computed.current_streak == 2
    answers = log.reflections(ReflectionKind.COURSE)
    assert [(r.course_day, r.answer, r.prompt) for r in answers] == [
        (1, "answer 1", course.days[0].prompt),
        (2, "answer 2", course.days[1].prompt),
    ]


def test_pause_and_start_over_are_kept(course, open_app_log) -> None:
    store = open_app_log().store
    log = SelfCheckLog(store)
    now = datetime(2026, 3, 10, 8, tzinfo=BERLIN)
    log.start_course(course.id, now)
    progress = finish_day(course, log.course_progress(course.id), 1, now, 0)
    log.finish_course_day(progress, practice_id=None, answer="")
    log.set_paused(course.id, True, now)
    store.close()

    store = open_app_log().store
    log = SelfCheckLog(store)
    progress = log.course_progress(course.id)
    assert progress.paused
    assert [c.day for c in progress.completions] == [1]
    log.set_paused(course.id, False, now)
    log.start_over(course.id, datetime(2026, 3, 20, 8, tzinfo=BERLIN))
    fresh = log.course_progress(course.id)
    assert fresh.completions == ()
    assert not fresh.paused
    assert fresh.started_at == datetime(2026, 3, 20, 8, tzinfo=BERLIN)
    assert [row["day"] for row in log.export_section()["course_days"]] == [1, None]


def test_a_missing_practice_is_refused_and_nothing_is_kept(course, store) -> None:
    log = SelfCheckLog(store)
    now = datetime(2026, 3, 10, 8, tzinfo=BERLIN)
    progress = finish_day(course, CourseProgress(course.id), 1, now, 0)
    with pytest.raises(StoreError, match="no longer in your log"):
        log.finish_course_day(progress, practice_id=999, answer="kept?")
    assert log.course_progress(course.id).completions == ()
    assert log.reflections() == []


def test_the_export_section_holds_everything(course, store, make_record) -> None:
    log = SelfCheckLog(store)
    now = datetime(2026, 3, 10, 8, tzinfo=BERLIN)
    log.add_proqol(proqol_entry(40, 22, 43, date(2026, 3, 1), now.date()), now)
    log.add_check_in(check_in({s.id: 1 for s in STATEMENTS}, now.date()), now)
    practice_id = store.add(make_record(now, zone="Europe/Berlin"))
    progress = finish_day(course, CourseProgress(course.id), 1, now, 0)
    log.finish_course_day(progress, practice_id=practice_id, prompt="Q?", answer=SECRET)
    section = log.export_section()
    assert section["proqol"] == [
        {
            "taken_on": "2026-03-01",
            "compassion_satisfaction": 40,
            "burnout": 22,
            "secondary_traumatic_stress": 43,
        }
    ]
    assert section["weekly_check_ins"][0]["answers"]["sleep"] == 1
    assert section["reflections"][0]["answer"] == SECRET
    assert section["course_days"][0]["practice_id"] == practice_id


def test_delete_all_removes_every_new_record_without_a_trace(
    course, paths, open_app_log, make_record
) -> None:
    store = open_app_log().store
    log = SelfCheckLog(store)
    now = datetime(2026, 3, 10, 8, tzinfo=BERLIN)
    log.add_proqol(proqol_entry(40, 22, 43, date(2026, 3, 1), now.date()), now)
    log.add_check_in(check_in({s.id: 1 for s in STATEMENTS}, now.date()), now)
    log.add_reflection(Reflection(ReflectionKind.SUPERVISION_AFTER, now, now.date(), "", SECRET))
    practice_id = store.add(make_record(now, zone="Europe/Berlin"))
    progress = finish_day(course, CourseProgress(course.id), 1, now, 0)
    log.finish_course_day(progress, practice_id=practice_id, answer=SECRET + " (course)")
    store.backup_now()

    store.delete_all()
    store.close()

    for table in TABLES:
        conn = sqlite3.connect(paths.database)
        try:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        finally:
            conn.close()
    leftovers = [p for p in paths.data.rglob("*") if p.is_file()]
    for path in leftovers:
        assert SECRET.encode() not in path.read_bytes(), path


def test_writes_on_a_read_only_log_are_refused_calmly(paths, open_app_log) -> None:
    store = open_app_log().store
    store.read_only = True  # as the store does when the disk or folder refuses writes
    log = SelfCheckLog(store)
    now = datetime(2026, 3, 10, 8, tzinfo=BERLIN)
    with pytest.raises(StoreError, match="read-only") as raised:
        log.add_proqol(proqol_entry(40, 22, 43, date(2026, 3, 1), now.date()), now)
    assert "was not saved" in str(raised.value)
    store.read_only = False
