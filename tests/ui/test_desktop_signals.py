"""Do-not-disturb and waking from sleep, read from a private D-Bus session with stand-ins.

A ``dbus-daemon`` of our own (Debian's dbus package) carries a stand-in for KDE's
``org.freedesktop.Notifications`` (its ``Inhibited`` property) and for the desktop portal's
Settings (GNOME's ``show-banners``), registered with QtDBus in the test; nothing touches the
person's real session.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtCore import ClassInfo, Property, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVariant

from stsdesk.core.reminders import HoldReason
from stsdesk.ui import desktop_signals as ds
from stsdesk.ui.desktop_signals import DesktopSignals

pytestmark = pytest.mark.skipif(
    shutil.which("dbus-daemon") is None, reason="dbus-daemon (Debian's dbus package) is absent"
)


class Bus:
    """The service side and the client side of a private session bus; what is registered on
    it stays alive until the bus is closed (QtDBus would call into a freed object)."""

    def __init__(self, service: QDBusConnection, client: QDBusConnection) -> None:
        self.service, self.client = service, client
        self.kept: list[QObject] = []

    def register(self, name: str, path: str, thing: QObject) -> None:
        assert self.service.registerService(name)
        options = (
            QDBusConnection.RegisterOption.ExportAllProperties
            | QDBusConnection.RegisterOption.ExportAllSlots
        )
        assert self.service.registerObject(path, thing, options)
        self.kept.append(thing)

    def watch(self, signals: DesktopSignals) -> DesktopSignals:
        self.kept.append(signals)
        return signals

    def signal(self, path: str, interface: str, name: str, args) -> None:
        message = QDBusMessage.createSignal(path, interface, name)
        message.setArguments(args)
        assert self.service.send(message)


@pytest.fixture
def bus(qtbot) -> Iterator[Bus]:
    """A private session bus of our own."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    address = daemon.stdout.readline().strip()
    try:
        service = QDBusConnection.connectToBus(address, f"stand-in {address}")
        client = QDBusConnection.connectToBus(address, f"stsdesk {address}")
        assert service.isConnected()
        assert client.isConnected()
        found = Bus(service, client)
        yield found
        for thing in found.kept:  # every answer in before the bus goes
            if isinstance(thing, DesktopSignals):
                qtbot.waitUntil(lambda t=thing: not t.waiting, timeout=5000)
        service.unregisterObject(ds.NOTIFICATIONS_PATH)
        service.unregisterObject(ds.PORTAL_PATH)
    finally:
        QDBusConnection.disconnectFromBus(f"stand-in {address}")
        QDBusConnection.disconnectFromBus(f"stsdesk {address}")
        daemon.terminate()
        daemon.wait(10)


@ClassInfo({"D-Bus Interface": ds.NOTIFICATIONS})
class Notifications(QObject):
    """KDE's notification server, as far as its do-not-disturb goes."""

    def __init__(self) -> None:
        super().__init__()
        self.inhibited = False

    def _inhibited(self) -> bool:
        return self.inhibited

    Inhibited = Property(bool, _inhibited)


@ClassInfo({"D-Bus Interface": ds.PORTAL_SETTINGS})
class PortalSettings(QObject):
    """The desktop portal's Settings, holding GNOME's notification banners switch."""

    def __init__(self) -> None:
        super().__init__()
        self.banners = True

    @Slot(str, str, result=QDBusVariant)
    def Read(self, namespace: str, key: str) -> QDBusVariant:
        assert (namespace, key) == (ds.GNOME_NOTIFICATIONS, ds.SHOW_BANNERS)
        return QDBusVariant(QDBusVariant(self.banners))


def test_kde_do_not_disturb_is_read_and_followed(bus, qtbot) -> None:
    stand_in = Notifications()
    bus.register(ds.NOTIFICATIONS, ds.NOTIFICATIONS_PATH, stand_in)
    signals = bus.watch(DesktopSignals(bus.client, bus.client))
    with qtbot.waitSignal(signals.provided_changed, timeout=5000):
        signals.start()
    assert ds.KDE in signals.provided
    assert not signals.do_not_disturb
    stand_in.inhibited = True
    with qtbot.waitSignal(signals.do_not_disturb_changed, timeout=5000) as changed:
        bus.signal(ds.NOTIFICATIONS_PATH, ds.PROPERTIES, "PropertiesChanged", ["x"])
    assert changed.args == [True]
    assert signals.do_not_disturb
    assert "do-not-disturb holds reminders" in signals.describe()[0]


def test_gnome_banners_off_is_do_not_disturb(bus, qtbot) -> None:
    stand_in = PortalSettings()
    bus.register(ds.PORTAL, ds.PORTAL_PATH, stand_in)
    signals = bus.watch(DesktopSignals(bus.client, bus.client))
    with qtbot.waitSignal(signals.provided_changed, timeout=5000):
        signals.start()
    assert ds.GNOME in signals.provided
    assert not signals.do_not_disturb
    stand_in.banners = False
    with qtbot.waitSignal(signals.do_not_disturb_changed, timeout=5000) as changed:
        bus.signal(ds.PORTAL_PATH, ds.PORTAL_SETTINGS, "SettingChanged", ["x"])
    assert changed.args == [True]


def test_waking_from_sleep_is_announced(bus, qtbot) -> None:
    assert bus.service.registerService(ds.LOGIND)
    signals = bus.watch(DesktopSignals(bus.client, bus.client))
    signals.start()
    assert ds.WAKE in signals.provided
    with qtbot.waitSignal(signals.resumed, timeout=5000):
        bus.signal(ds.LOGIND_PATH, ds.LOGIND_MANAGER, "PrepareForSleep", [False])


def test_a_desktop_without_these_services_provides_nothing(bus, qtbot) -> None:
    signals = bus.watch(DesktopSignals(bus.client, QDBusConnection("not connected")))
    signals.start()
    assert signals.provided == set()
    assert "does not say when do-not-disturb is on" in signals.describe()[0]


def test_do_not_disturb_holds_the_window_s_reminders(bus, qtbot, make_app_window) -> None:
    stand_in = Notifications()
    stand_in.inhibited = True
    bus.register(ds.NOTIFICATIONS, ds.NOTIFICATIONS_PATH, stand_in)
    between = make_app_window().between
    signals = bus.watch(DesktopSignals(bus.client, bus.client))
    signals.do_not_disturb_changed.connect(between.reminders.set_do_not_disturb)
    with qtbot.waitSignal(signals.do_not_disturb_changed, timeout=5000):
        signals.start()
    assert between.reminders.planner.external_hold(HoldReason.DO_NOT_DISTURB)
