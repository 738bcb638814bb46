"""Site dialog: serial ports follow hot-plug, port checks say missing or busy, TLS fields."""

import os

import pytest
import serial

from app.discovery import ports
from app.project.model import DeviceEntry, Site
from ui.dialogs.site_dialog import SerialPortWatcher, SiteDialog


class PortInfo:
    """What pyserial's ``list_ports.comports()`` yields, for a USB adapter being plugged in."""

    def __init__(self, device: str, description: str) -> None:
        self.device, self.description, self.hwid = device, description, "USB VID:PID=0403:6001"


def test_ports_follow_hot_plug(qtbot, monkeypatch):
    plugged: list[PortInfo] = []
    monkeypatch.setattr(ports.list_ports, "comports", lambda: list(plugged))
    watcher = SerialPortWatcher(interval_ms=60_000)
    dialog = SiteDialog(Site("Line", "serial", port="/dev/ttyUSB0"), watcher=watcher)
    qtbot.addWidget(dialog)
    assert dialog.port_combo.count() == 0 and dialog.port_combo.currentText() == "/dev/ttyUSB0"
    changes = []
    watcher.sig_changed.connect(lambda now, added, removed: changes.append((added, removed)))

    plugged.append(PortInfo("/dev/ttyUSB0", "FT232R USB UART"))
    watcher.poll()
    assert changes == [(["/dev/ttyUSB0"], [])]
    assert dialog.port_combo.itemText(0) == "/dev/ttyUSB0 — FT232R USB UART"
    assert dialog.port_status.text() == "Plugged in: /dev/ttyUSB0"
    watcher.poll()
    assert len(changes) == 1  # nothing changed, nothing said

    plugged.clear()
    watcher.poll()
    assert changes[-1] == ([], ["/dev/ttyUSB0"])
    assert dialog.port_status.text() == "/dev/ttyUSB0 was unplugged."
    assert dialog.site().port == "/dev/ttyUSB0"  # what the user chose is kept


def test_missing_port_is_named(qtbot):
    dialog = SiteDialog(Site("Line", "serial", port="/dev/ttyMETERDESK-NONE"))
    qtbot.addWidget(dialog)
    assert not dialog.check_port()
    assert "/dev/ttyMETERDESK-NONE: no such serial port" in dialog.port_status.text()


@pytest.mark.skipif(os.name != "posix", reason="uses a pseudo-terminal")
def test_busy_port_is_named(qtbot):
    master, slave = os.openpty()
    name = os.ttyname(slave)
    holder = serial.Serial(name, exclusive=True)
    try:
        dialog = SiteDialog(Site("Line", "serial", port=name))
        qtbot.addWidget(dialog)
        assert not dialog.check_port()
        assert dialog.port_status.text() == f"{name}: the serial port is in use by another program"
        holder.close()
        assert dialog.check_port() and dialog.port_status.text() == f"{name} is free."
    finally:
        holder.close()
        os.close(master)
        os.close(slave)


def test_editing_keeps_devices_and_tls_needs_no_secret(qtbot):
    site = Site("Meter", "tcp", host="10.0.0.5", devices=[DeviceEntry("ION", 1, "ion7400")])
    dialog = SiteDialog(site)
    qtbot.addWidget(dialog)
    assert not dialog.cert_edit.isVisibleTo(dialog)
    dialog.security_combo.setCurrentIndex(dialog.security_combo.findData("tls"))
    assert dialog.port_spin.value() == 802 and dialog.cert_edit.isVisibleTo(dialog)
    dialog.key_edit.setText("me.key")
    dialog.accept()
    assert dialog.error_label.text() == "a client key is given without its certificate"
    dialog.cert_edit.setText("me.pem")
    edited = dialog.site()
    assert (edited.security, edited.tcp_port, edited.client_cert) == ("tls", 802, "me.pem")
    assert edited.devices == site.devices and edited is not site
    field_names = [name.lower() for name in vars(edited)]
    assert not any("password" in name or "passphrase" in name for name in field_names)
