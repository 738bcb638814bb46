"""Scan dialog against the simulated demo lab (loopback) and a real pseudo-terminal."""

import os
import time
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from app.modbus.link import Endpoint
from app.project.model import Project, Site
from app.sim.lab import LabThread, demo_specs, ion7400_spec
from tests.ui.conftest import run_until
from ui.dialogs.scan_dialog import ScanDialog

posix_only = pytest.mark.skipif(os.name != "posix", reason="bus scans use a pseudo-terminal")


@pytest.fixture
def demo_lab():
    lab = LabThread(demo_specs(0))
    lab.start()
    yield lab.lab
    lab.stop()


@pytest.fixture
def bus_lab():
    spec = ion7400_spec("bus meter", link="serial", port=None, unit=7, baud=19200)
    lab = LabThread([spec])
    lab.start()
    yield lab.lab
    lab.stop()


def tcp_ports(lab) -> list[int]:
    return sorted({int(s.endpoint.rsplit(":", 1)[1]) for s in lab.served if s.endpoint.startswith("tcp://")})


def rows(dialog):
    return [(dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text(), dialog.table.item(r, 3).text(),
             dialog.table.item(r, 4).text()) for r in range(dialog.table.rowCount())]


def test_network_scan_of_the_demo_lab_adds_every_device(qtbot, aloop, demo_lab):
    dialog = ScanDialog()
    qtbot.addWidget(dialog)
    assert "127.0.0.1" in dialog.hosts_edit.text()  # defaults: local subnet and loopback
    ports = tcp_ports(demo_lab)
    dialog.hosts_edit.setText("127.0.0.1")
    dialog.ports_edit.setText(",".join(map(str, ports)) + f",{ports[-1] + 1}")
    dialog.net_units_edit.setText("1-40")
    dialog.net_timeout_spin.setValue(0.3)
    values = []
    dialog.progress.valueChanged.connect(values.append)
    dialog.start()
    run_until(aloop, lambda: not dialog.running, timeout=30)
    assert dialog.progress.maximum() == len(ports) + 1 and values[-1] == len(ports) + 1
    assert dialog.verdict_label.text() == "7 device(s) found"
    found = dialog.found_rows()
    assert sorted((r["endpoint"].port, r["unit"]) for r in found) == sorted(
        (int(s.endpoint.rsplit(":", 1)[1]), s.unit) for s in demo_lab.served if s.endpoint.startswith("tcp://"))
    closed = [r for r in rows(dialog) if r[2].startswith("closed")]
    assert closed == [(f"127.0.0.1:{ports[-1] + 1}", "", "closed (no connection)", "")]
    assert all(dialog.table.isRowHidden(r) for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 3).text().startswith("closed"))
    dialog.show_quiet.setChecked(True)
    assert not any(dialog.table.isRowHidden(r) for r in range(dialog.table.rowCount()))

    bcpme = [r for r in found if r["ident"].likely]
    assert len(bcpme) == 2 and all(r["picker"].currentData() == "bcpme" for r in bcpme)
    row = next(i for i, r in enumerate(dialog._rows) if r is bcpme[0])
    assert dialog.table.item(row, 4).text() == "Schneider Electric PowerLogic BCPME (likely)"
    assert "exception 02" in dialog.table.item(row, 6).text()  # what was read from it

    project = Project()
    dialog.sig_add.connect(lambda sites: project.sites.extend(replace(s, devices=d) for s, d in sites))
    assert dialog.add_button.isEnabled()
    dialog.add_button.click()
    by_port = {s.tcp_port: s for s in project.sites}
    sg_port = next(int(s.endpoint.rsplit(":", 1)[1]) for s in demo_lab.served if s.profile == "iskra-sg")
    sg = by_port[sg_port]
    assert sg.kind == "gateway" and sorted(d.unit for d in sg.devices) == [1, 33, 34, 35]
    assert {d.profile for d in sg.devices} == {"iskra-sg", "iskra-ie38md", "iskra-bicom", "iskra-wm3m4c"}
    wm = next(d for d in sg.devices if d.unit == 1)
    assert wm.name == "WM3M4C (unit 1)" and wm.identity.serial == "18230001" and wm.identity.seen
    board = next(s for s in project.sites if any(d.profile == "bcpme" for d in s.devices))
    assert [d.unit for d in board.devices] == [1, 2] and board.devices[0].identity.model == ""  # not reported


@posix_only
def test_bus_scan_shows_progress_and_can_be_cancelled(qtbot, aloop, bus_lab):
    endpoint = Endpoint.parse(bus_lab.served[0].endpoint)
    dialog = ScanDialog(Site("RS-485", "serial", port=endpoint.device, baud=19200))
    qtbot.addWidget(dialog)
    assert dialog.mode_combo.currentData() == "bus" and dialog.bus_units_edit.text() == "1-247"
    dialog.bus_timeout_spin.setValue(0.05)
    dialog.start()
    assert dialog.cancel_button.isEnabled() and not dialog.start_button.isEnabled()
    run_until(aloop, lambda: dialog.progress.value() >= 9, timeout=20)  # unit 7 answered meanwhile
    dialog.cancel_button.click()
    run_until(aloop, lambda: not dialog.running, timeout=10)
    assert dialog.progress.maximum() == 247 and dialog.progress.value() < 60
    assert dialog.verdict_label.text().endswith("(cancelled)")
    assert dialog.start_button.isEnabled() and not dialog.cancel_button.isEnabled()
    found = dialog.found_rows()
    assert [(r["unit"], r["picker"].currentData()) for r in found] == [(7, "ion7400")]
    assert found[0]["check"].checkState() == Qt.CheckState.Checked
    silent = [r for r in rows(dialog) if r[2] == "no answer"]
    assert len(silent) == dialog.progress.value() - 1  # every address has its result


@posix_only
def test_bus_scan_reports_a_baud_mismatch_and_offers_the_setting_that_answers(qtbot, aloop, bus_lab):
    endpoint = Endpoint.parse(bus_lab.served[0].endpoint)
    dialog = ScanDialog(Site("RS-485", "serial", port=endpoint.device, baud=9600))
    qtbot.addWidget(dialog)
    dialog.bus_units_edit.setText("5-9")
    dialog.start()
    run_until(aloop, lambda: not dialog.running, timeout=30)
    verdict = dialog.verdict_label.text()
    assert "line settings mismatch" in verdict and "19200 8N1 answers" in verdict
    assert "no devices" not in verdict
    assert ("7", "garbled answer (wrong baud rate or parity?)") in [(r[1], r[2]) for r in rows(dialog)]
    assert dialog.apply_suggestion.isVisibleTo(dialog)
    dialog.apply_suggestion.click()
    assert dialog.baud_combo.currentData() == 19200
    dialog.start()
    run_until(aloop, lambda: not dialog.running, timeout=30)
    assert [r["unit"] for r in dialog.found_rows()] == [7]


def test_bad_scan_input_is_explained(qtbot, aloop):
    dialog = ScanDialog()
    qtbot.addWidget(dialog)
    dialog.hosts_edit.setText("10.0.0.0/8")
    dialog.start()
    assert "limit is 4096" in dialog.verdict_label.text() and not dialog.running
    dialog.hosts_edit.setText("127.0.0.1")
    dialog.ports_edit.setText("0-10")
    dialog.start()
    assert "outside 1..65535" in dialog.verdict_label.text()


@posix_only
def test_closing_the_dialog_stops_a_running_scan(qtbot, aloop, bus_lab, monkeypatch):
    crashes = []
    monkeypatch.setattr("sys.excepthook", lambda *exc: crashes.append(exc))
    endpoint = Endpoint.parse(bus_lab.served[0].endpoint)
    dialog = ScanDialog(Site("RS-485", "serial", port=endpoint.device, baud=19200))
    qtbot.addWidget(dialog)
    dialog.start()
    run_until(aloop, lambda: dialog.progress.value() >= 3, timeout=20)
    task = dialog._task
    dialog.reject()
    run_until(aloop, task.done, timeout=5)
    assert task.cancelled() and crashes == []
    probes = bus_lab.buses["bus meter"].requests
    later = time.monotonic() + 0.3
    run_until(aloop, lambda: time.monotonic() > later)
    assert bus_lab.buses["bus meter"].requests == probes  # no more probes on the line


def test_a_closed_dialog_no_longer_hears_the_port_watcher(qtbot, aloop, monkeypatch):
    from app.discovery import ports
    from ui.dialogs.site_dialog import SerialPortWatcher

    crashes = []
    monkeypatch.setattr("sys.excepthook", lambda *exc: crashes.append(exc))
    plugged = []
    monkeypatch.setattr(ports.list_ports, "comports", lambda: list(plugged))
    watcher = SerialPortWatcher(interval_ms=60_000)
    dialog = ScanDialog(watcher=watcher)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    destroyed = []
    dialog.destroyed.connect(lambda: destroyed.append(True))
    dialog.close()
    run_until(aloop, lambda: destroyed)

    class Info:
        device, description, hwid = "/dev/ttyUSB3", "CP2102 USB to UART", "USB VID:PID=10C4:EA60"

    plugged.append(Info())
    watcher.poll()  # the dialog is gone: nothing may touch it
    assert crashes == [] and [p.device for p in watcher.ports] == ["/dev/ttyUSB3"]
