"""Upgrade pane against simulated ION7400s: 2.0.0 → 4.6.0 through 2.1.0 with backup, progress, restore, log."""

from __future__ import annotations

import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings

from app.modbus.link import Endpoint
from app.security.credentials import DEFAULT_PROJECT, CredentialKey, CredentialStore
from app.session import DeviceAddress
from app.sim.lab import ion7400_spec
from app.upgrade.keys import public_pem
from app.upgrade.versions import Version
from tests.app.upgrade.support import KEY, lab_thread, package
from tests.ui.conftest import run_until
from ui.panes.upgrade import UpgradePane
from ui.sessions import Sessions


@pytest.fixture
def lab():
    with lab_thread([ion7400_spec("incomer"), ion7400_spec("feeder", link="serial", port=None, unit=100)]) as lab:
        yield lab


@pytest.fixture
def pane(qtbot, aloop, tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "test.pub").write_bytes(public_pem(KEY))
    credentials = CredentialStore(session_fallback=True, backend=fail.Keyring())  # in memory, never the user's
    credentials.set(CredentialKey(DEFAULT_PROJECT, "incomer", "USER1"), "0")
    sessions = Sessions()
    pane = UpgradePane(sessions, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                       trusted_dirs=[keys], backup_root=tmp_path / "backups", data_dir=tmp_path,
                       credentials=credentials)
    qtbot.addWidget(pane)
    pane.resize(1000, 800)
    pane.confirm = lambda text: True
    yield pane
    pane.shutdown()
    sessions.close_all()


def address(lab, name, scheme=("tcp", "rtu")):
    served = next(s for s in lab.served if s.name == name and s.endpoint.startswith(scheme))
    sftp = next((int(s.endpoint.rsplit(":", 1)[1]) for s in lab.served
                 if s.name == name and s.endpoint.startswith("sftp")), 22)
    return DeviceAddress(name, "ion7400", Endpoint.parse(served.endpoint), served.unit, sftp, timeout=0.5)


def test_backups_and_pinned_host_keys_go_into_the_data_folder(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("METERDESK_DATA_DIR", str(tmp_path / "env"))
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    for data_dir, expected in ((None, tmp_path / "env"), (tmp_path / "given", tmp_path / "given")):
        pane = UpgradePane(settings=settings, trusted_dirs=[], data_dir=data_dir)
        qtbot.addWidget(pane)
        assert pane.store.root == expected / "upgrades"
        assert pane.host_keys.path == expected / "known_hosts.json"
        pane.shutdown()


def test_upgrade_from_2_0_0_to_4_6_0_through_2_1_0(pane, lab, aloop, tmp_path):
    pane.package_box.open_path(package(tmp_path, size=6000))
    run_until(aloop, lambda: pane.package is not None)
    assert pane.package_box.table.rowCount() == 4
    assert "signed by trusted key" in pane.package_box.status_label.text()
    assert "release notes" in pane.package_box.notes.toPlainText()

    pane.set_session(pane.sessions.session(address(lab, "incomer")))
    assert set(pane._group_boxes) >= {"metering", "serial", "ethernet", "protocols"}
    pane._group_boxes["serial"].setChecked(False)  # keep everything but the serial port set-up
    pane.make_plan()
    run_until(aloop, lambda: pane.plan is not None)
    lines = [pane.plan_list.item(i).text() for i in range(pane.plan_list.count())]
    assert "1. Upgrade agent 2.0.0 → 2.1.0 (needed for firmware 2.1.0, §13.1)" in lines
    assert any(line.startswith("2. Firmware 2.0.0 → 2.1.0 (intermediate") for line in lines)
    assert "3. Firmware 2.1.0 → 4.6.0" in lines
    assert any("erases all recorded data" in line for line in lines)
    assert pane.start_button.isEnabled()

    seen = []
    pane.progress_bar.valueChanged.connect(seen.append)
    lab.buses["incomer"].faults.delay = 0.004  # a device's turnaround, so that the transfers take a while
    pane.start()
    run_until(aloop, lambda: not pane.running, timeout=30)
    sim = lab.devices["incomer"]
    assert pane.result is not None, pane.status_label.text()
    assert sim.firmware.version == Version(4, 6, 0)
    assert sim.settings["ct_primary"] == 200 and sim.settings["device_name"] == "ION7400-173393"  # restored
    assert sim.settings["com1_baud"] != 19200  # not kept: left at the factory value
    assert pane.result.restore.ok
    top = pane.progress_bar.maximum()
    assert len([v for v in seen if 0 < v < top]) >= 4 and seen[-1] == top  # the bar moved through the transfers
    log = pane.log_view.toPlainText()
    assert "listed 3 COMTRADE records (they are erased by the upgrade)" in log
    assert "restarted (boot 3, bank B): firmware 2.1.0" in log and "firmware 4.6.0" in log
    assert "every restored value verified by read-back" in log
    assert (pane.result.folder / "upgrade.log").read_text().count("\n") == log.count("\n") + 1
    assert "Done: incomer runs firmware 4.6.0 (was 2.0.0)" in pane.status_label.text()
    assert pane.folder_button.isEnabled()
    run_until(aloop, lambda: pane.plan_button.isEnabled(), timeout=1)  # the buttons follow the end of the run
    assert not pane.cancel_button.isEnabled() and pane.keep_box.isEnabled()


def test_a_refused_plan_cannot_start_and_says_why(pane, lab, aloop, tmp_path):
    pane.package_box.open_path(package(tmp_path))
    run_until(aloop, lambda: pane.package is not None)
    pane.set_session(pane.sessions.session(address(lab, "feeder")))  # on a serial line
    pane.make_plan()
    run_until(aloop, lambda: pane.plan is not None)
    lines = [pane.plan_list.item(i).text() for i in range(pane.plan_list.count())]
    assert any(line.startswith("Refused:") and "direct Ethernet" in line for line in lines)
    assert not pane.start_button.isEnabled()
    assert "refused" in pane.status_label.text()


def test_without_a_stored_password_the_pane_asks_for_it_outside_any_task(pane, lab, aloop, tmp_path):
    import asyncio

    pane.credentials = CredentialStore(session_fallback=True, backend=fail.Keyring())  # nothing stored
    asked = []

    def ask_password(user, device):  # the user backs out (None): the plan goes on without SFTP
        asked.append((user, device, asyncio.current_task()))

    pane.ask_password = ask_password
    pane.package_box.open_path(package(tmp_path))
    run_until(aloop, lambda: pane.package is not None)
    pane.set_session(pane.sessions.session(address(lab, "incomer")))
    pane.make_plan()
    run_until(aloop, lambda: pane.plan is not None)
    assert asked == [("USER1", "incomer", None)]  # a modal dialog inside a task would stall the other tasks
    assert pane.plan.facts.sftp_problem


def test_a_tampered_package_is_refused_with_the_reason(pane, aloop, tmp_path):
    import zipfile

    path = package(tmp_path)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["v004.006.000.upx"] = members["v004.006.000.upx"][:-1] + b"X"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    pane.package_box.open_path(path)
    run_until(aloop, lambda: pane.package_box.status_label.text().startswith("Refused"))
    assert "does not match its SHA-256" in pane.package_box.status_label.text()
    assert pane.package is None and pane.package_box.table.rowCount() == 0


def test_the_fleet_tab_upgrades_queued_devices(pane, lab, aloop, tmp_path):
    pane.package_box.open_path(package(tmp_path, size=2000))
    run_until(aloop, lambda: pane.package is not None)
    for name in ("incomer", "feeder"):
        pane.set_session(pane.sessions.session(address(lab, name)))
        pane.add_to_fleet()
    assert pane.fleet_box.table.rowCount() == 2
    pane.fleet_box.start()
    run_until(aloop, lambda: not pane.fleet_box.running, timeout=30)
    assert pane.fleet_box.state() == {"incomer": "done", "feeder": "refused"}
    assert lab.devices["incomer"].firmware.version == Version(4, 6, 0)
    assert "direct Ethernet" in pane.fleet_box.table.item(1, 4).text()
    run_until(aloop, lambda: pane.fleet_box.start_button.isEnabled(), timeout=1)  # the buttons follow the end
    assert not pane.fleet_box.cancel_button.isEnabled() and not pane.fleet_box.pause_button.isEnabled()
