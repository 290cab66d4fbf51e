"""The local zone name comes from TZ or /etc/localtime; empty when only an offset is known."""

from __future__ import annotations

import pytest

from stsdesk.infra.timezone import local_zone_name


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("America/Los_Angeles", "America/Los_Angeles"),
        (":Asia/Tokyo", "Asia/Tokyo"),
        ("PST8PDT,M3.2.0,M11.1.0", ""),
        ("/usr/share/zoneinfo/Europe/Berlin", ""),
        ("Not/AZone", ""),
    ],
)
def test_tz_variable(monkeypatch: pytest.MonkeyPatch, tz: str, expected: str) -> None:
    monkeypatch.setenv("TZ", tz)
    assert local_zone_name() == expected
