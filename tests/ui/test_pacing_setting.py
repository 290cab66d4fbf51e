"""The player starts a practice with the audible-pacing setting, and the tones reach the audio."""

from __future__ import annotations

from stsdesk.core.session import State


def test_the_player_sounds_the_pace_when_the_setting_is_on(make_services, qtbot) -> None:
    from stsdesk.ui.player import PlayerPage
    from stsdesk.ui.theme import Theme

    services = make_services(practice__audible_pacing="tone", practice__check_ins=False)
    page = PlayerPage(services, Theme())
    qtbot.addWidget(page)
    page.begin(services.catalog.get("paced-breathing"), 1)
    assert page.run.sound.pacing == "tone"
    clock = services.monotonic
    while page.run.state is State.RUNNING:
        clock.advance(0.5)
        page.tick()
    heard = [name for kind, name in services.audio.heard if kind == "bell"]
    assert "pace-in" in heard
    assert "pace-out" in heard
    page.flush()
