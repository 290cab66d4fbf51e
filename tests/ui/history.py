"""A few weeks of practices in a test's log, so the Journal's list and charts, Home's repeats
and the tray's recent practices have something to show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def fill_history(services) -> None:
    """A few weeks of practices, so the journal and its charts are full."""
    from stsdesk.core.practice import guided_record
    from stsdesk.core.records import CheckIn

    catalog = services.catalog
    exercises = list(catalog.exercises)[:6]
    now = datetime.now(UTC)
    for day in range(0, 30, 3):
        exercise = exercises[day % len(exercises)]
        services.practice_log.add(
            guided_record(
                exercise_id=exercise.id,
                title=exercise.title,
                family=exercise.family,
                minutes_chosen=exercise.lengths[0],
                started=now - timedelta(days=day, hours=2),
                zone="UTC",
                practiced_seconds=exercise.lengths[0] * 60,
                completed=True,
                before=CheckIn(distress=6 - day % 3),
                after=CheckIn(
                    distress=3 - day % 2,
                    note="Felt the chair, the floor, and my breath slowing down." if day else "",
                ),
            )
        )
