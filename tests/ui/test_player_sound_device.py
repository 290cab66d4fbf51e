"""The player lets the sound device go when a practice is left before it starts."""

from __future__ import annotations


def test_leaving_at_the_check_in_releases_the_sound_once(make_services, qtbot) -> None:
    from stsdesk.ui.player import PlayerPage
    from stsdesk.ui.theme import Theme

    services = make_services()
    page = PlayerPage(services, Theme())
    qtbot.addWidget(page)
    exercise = services.catalog.get("one-breath-pause")
    page.begin(exercise, exercise.lengths[0])  # prepared; the before check-in is open
    assert page.stack.currentWidget() is page.before
    assert services.audio.released == 0
    page.flush()  # the person went to another page
    page.flush()
    assert services.audio.released == 1
