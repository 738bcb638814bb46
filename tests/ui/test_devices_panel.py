"""My devices: sites and devices through their dialogs, drag and drop, project files, File menu."""

import json
import os

import pytest
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from app.modbus.link import Endpoint
from app.project.file import load_project
from app.project.model import DeviceEntry, Site
from app.session import DeviceAddress
from tests.conftest import endpoint_of
from tests.ui.conftest import run_until
from ui.main import demo_addresses
from ui.main_window import DEMO_SITE, MainWindow


def make_window(data_dir):
    """A main window whose errors are collected instead of shown (closed by the caller)."""
    window = MainWindow(data_dir=data_dir)
    window.errors = []
    window.devices.show_error = lambda title, text: window.errors.append(text)
    window.show()
    return window


def close(window):
    window.devices.set_modified(False)  # no "save changes?" question
    window.close()
    window.deleteLater()


@pytest.fixture
def window(qtbot, aloop, tmp_path):
    w = make_window(tmp_path / "data")
    yield w
    close(w)


def in_dialog(action):
    """Run ``action(dialog)`` on the modal dialog that the next call opens."""
    def run():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        action(dialog)
    QTimer.singleShot(0, run)


def site_names(window):
    return [window.tree.topLevelItem(i).text(0) for i in range(window.tree.topLevelItemCount())]


def test_adding_a_serial_and_a_gateway_site_through_the_dialog(window):
    seen = {}

    def fill_serial(dialog):
        dialog.name_edit.setText("Panel 3 RS-485")
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("serial"))
        dialog.port_combo.setEditText("")
        dialog.accept()  # no port: refused with a message, the dialog stays open
        seen["error"] = dialog.error_label.text()
        dialog.port_combo.setEditText("/dev/ttyUSB7")
        dialog.baud_combo.setCurrentIndex(dialog.baud_combo.findData(9600))
        dialog.parity_combo.setCurrentIndex(dialog.parity_combo.findData("E"))
        dialog.delay_spin.setValue(0.02)
        dialog.accept()

    in_dialog(fill_serial)
    window.devices.add_site_action.trigger()
    assert seen["error"] == "no serial port is given"

    def fill_gateway(dialog):
        dialog.name_edit.setText("Iskra SG")
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("gateway"))
        dialog.host_edit.setText("10.1.2.3")
        dialog.security_combo.setCurrentIndex(dialog.security_combo.findData("tls"))
        seen["tls port"] = dialog.port_spin.value()
        seen["cert shown"] = dialog.cert_edit.isVisibleTo(dialog)
        dialog.accept()

    in_dialog(fill_gateway)
    window.devices.add_site_action.trigger()
    assert seen["tls port"] == 802 and seen["cert shown"]
    serial, gateway = window.devices.project.sites
    assert (serial.port, serial.baud, serial.parity, serial.frame_delay) == ("/dev/ttyUSB7", 9600, "E", 0.02)
    assert gateway.endpoint().kind == "tls"
    assert site_names(window) == ["Panel 3 RS-485", "Iskra SG"]
    items = [window.tree.topLevelItem(i) for i in range(2)]
    assert items[0].text(1) == "/dev/ttyUSB7 9600 8E1"
    assert items[1].text(1) == "10.1.2.3:802, TLS"
    assert window.isWindowModified() and window.windowTitle().startswith("My devices (not saved)")

    def fill_device(dialog):
        dialog.profile_combo.setCurrentIndex(dialog.profile_combo.findData("iskra-sg"))
        dialog.unit_spin.setValue(34)
        dialog.accept()

    window.tree.setCurrentItem(items[1])
    in_dialog(fill_device)
    window.devices.add_device_action.trigger()
    assert [(d.name, d.unit, d.profile) for d in gateway.devices] == [("Iskra SG-E1 / SG-W1 / SG-W1A", 34, "iskra-sg")]

    def clash(dialog):
        dialog.name_edit.setText("Twin")
        dialog.unit_spin.setValue(34)
        dialog.accept()
        seen["clash"] = dialog.error_label.text()
        dialog.reject()

    in_dialog(clash)
    window.devices.add_device_action.trigger()
    assert seen["clash"] == "'Iskra SG' already has unit 34 ('Iskra SG-E1 / SG-W1 / SG-W1A')"
    assert len(gateway.devices) == 1


def test_plain_tcp_is_marked_unencrypted(window):
    window.devices.add_site(Site("Meter", "tcp", host="10.0.0.7"))
    item = window.tree.topLevelItem(0)
    assert item.text(1) == "10.0.0.7:502, unencrypted"
    assert "not encrypted" in item.toolTip(1)


def test_saving_and_reopening_the_project(window, tmp_path):
    devices = window.devices
    site = devices.add_site(Site("Substation 4 gateway", "gateway", host="10.0.0.9"))
    devices.add_device(site, DeviceEntry("WM3M4C feeder 2", 1, "iskra-wm3m4c"))
    path = tmp_path / "projects" / "substation 4"
    assert devices.save_as(path)
    saved = tmp_path / "projects" / "substation 4.mdproj"
    assert saved.is_file() and not window.isWindowModified()
    assert window.windowTitle().startswith("My devices")
    text = saved.read_text()
    assert '"host": "10.0.0.9"' in text and '"unit": 1' in text

    again = make_window(tmp_path / "data")
    try:
        assert again.devices.reopen_last()  # the recent list remembers it
        assert site_names(again) == ["Substation 4 gateway"]
        device_item = again.tree.topLevelItem(0).child(0)
        assert device_item.text(0) == "WM3M4C feeder 2" and device_item.text(1) == "#1 iskra-wm3m4c"
        menu = again.recent_menu
        again.devices.fill_recent_menu(menu)
        assert [a.text() for a in menu.actions()] == ["substation 4"]
    finally:
        close(again)


def test_a_corrupt_or_foreign_file_is_explained_and_nothing_is_lost(window, tmp_path):
    devices = window.devices
    devices.add_site(Site("Keep me", "tcp", host="10.0.0.1"))
    devices.save_as(tmp_path / "mine")
    damaged = tmp_path / "damaged.mdproj"
    damaged.write_text('{"format": "meterdesk-project", "version": 1,\n "sites": [ {"name": "x",, ]}\n')
    before = damaged.read_text()
    assert not devices.open_project(damaged)
    assert "damaged.mdproj, line 2" in window.errors[-1] and "damaged" in window.errors[-1]
    assert damaged.read_text() == before
    assert site_names(window) == ["Keep me"] and devices.project.path.name == "mine.mdproj"

    foreign = tmp_path / "notes.txt"
    foreign.write_text("site list: panel 3")
    assert not devices.open_project(foreign)
    assert "notes.txt is not a MeterDesk project" in window.errors[-1]
    assert not devices.import_from(foreign)
    assert site_names(window) == ["Keep me"]


def test_import_and_export(window, tmp_path):
    devices = window.devices
    devices.add_site(Site("A", "tcp", host="10.0.0.1"))
    assert devices.export_to(tmp_path / "shared")
    exported = load_project(tmp_path / "shared.mdproj")
    assert [s.name for s in exported.sites] == ["A"]
    assert devices.project.path is None  # exporting does not change the open file
    assert devices.import_from(tmp_path / "shared.mdproj")
    assert site_names(window) == ["A", "A (2)"]


def test_dragging_devices_between_sites(window, ion_lab):
    devices = window.devices
    first = devices.add_site(Site("Line 1", "tcp", host="10.0.0.1"))
    second = devices.add_site(Site("Line 2", "tcp", host="10.0.0.2"))
    devices.add_device(first, DeviceEntry("Meter", 5, "ion7400"))
    devices.add_device(second, DeviceEntry("Other", 6, "ion7400"))
    window.add_site(DEMO_SITE, demo_addresses(ion_lab.served))

    def drop(items, target):
        tree = window.tree
        tree.clearSelection()
        for item in items:
            item.setSelected(True)
        point = QPointF(tree.visualItemRect(target).center())
        event = QDropEvent(point, Qt.DropAction.MoveAction, tree.mimeData(items), Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
        tree.dropEvent(event)

    drop([window.tree.topLevelItem(0).child(0)], window.tree.topLevelItem(1))
    assert first.devices == [] and [d.name for d in second.devices] == ["Other", "Meter"]
    assert window.tree.topLevelItem(1).childCount() == 2

    demo = window.tree.topLevelItem(2)
    tcp_meter = next(demo.child(i) for i in range(demo.childCount()) if demo.child(i).text(0) == "tcp meter")
    drop([tcp_meter], window.tree.topLevelItem(0))  # from the unsaved demo group: copied into the project
    assert [(d.name, d.unit) for d in first.devices] == [("tcp meter", 1)]
    assert demo.childCount() == 2

    devices.add_device(first, DeviceEntry("Six", 6, "ion7400"))
    drop([window.tree.topLevelItem(1).child(0)], window.tree.topLevelItem(0))  # "Other", unit 6 too
    assert "'Line 1' already has unit 6 ('Six')" in window.errors[-1]
    assert [d.name for d in second.devices] == ["Other", "Meter"]
    assert window.isWindowModified()

    bus = devices.add_site(Site("Bus", "serial", port="/dev/ttyS9"))
    window.add_site("Manual", [DeviceAddress("Unit zero", "ion7400", Endpoint.parse("tcp://10.0.0.9:502"), 0)])
    manual = next(window.tree.topLevelItem(i) for i in range(window.tree.topLevelItemCount())
                  if window.tree.topLevelItem(i).text(0) == "Manual")
    drop([manual.child(0)], window.tree.site_item("Bus"))  # unit 0 cannot be on an RS-485 line
    assert "unit id 0 is outside 1..247" in window.errors[-1] and bus.devices == []


@pytest.mark.skipif(os.name != "posix", reason="uses a pseudo-terminal")
def test_connecting_a_project_device_remembers_its_identity(window, aloop, ion_lab, tmp_path):
    endpoint = endpoint_of(ion_lab, "tcp meter")
    host, port = endpoint.removeprefix("tcp://").rsplit(":", 1)
    devices = window.devices
    site = devices.add_site(Site("Lab", "tcp", host=host, tcp_port=int(port)))
    devices.add_device(site, DeviceEntry("Incomer", 1, "ion7400"))
    devices.save_as(tmp_path / "lab")
    item = window.tree.topLevelItem(0).child(0)
    window.tree.itemDoubleClicked.emit(item, 0)
    run_until(aloop, lambda: item.text(2) == "connected")
    identity = site.devices[0].identity
    assert (identity.model, identity.serial, identity.firmware) == ("METSEION7400", "MR-2111A123-01", "4.6.0")
    assert identity.seen and window.isWindowModified()
    assert "MR-2111A123-01" in item.toolTip(0)
    devices.save()
    data = json.loads((tmp_path / "lab.mdproj").read_text())
    assert data["sites"][0]["devices"][0]["last_identity"]["serial"] == "MR-2111A123-01"
