"""The simulated ION7400's dual-bank firmware, driven over Modbus file records (ion7400-part2.md §13)."""

from __future__ import annotations

import asyncio
import json
import os

import pytest

from app.comtrade.fetch import HostKeys, SftpTarget, list_records
from app.sim.firmware import ion7400_sources
from app.upgrade.device_port import DevicePort, UpgradeError
from app.upgrade.manifest import Manifest, signed_blob
from app.upgrade.package import open_package
from app.upgrade.versions import Version
from tests.app.upgrade.support import RESTART, package, start_meter, trusted


@pytest.fixture(scope="module")
def pkg(tmp_path_factory):
    return open_package(package(tmp_path_factory.mktemp("pkg"), size=2500), trusted())


def component(pkg, kind, version):
    return next(c for c in pkg.manifest.components if c.kind == kind and str(c.version) == version)


async def stage(port, pkg, kind, version, blob=None, image=None):
    c = component(pkg, kind, version)
    await port.stage(blob or pkg.blob, c, image if image is not None else pkg.read(c))
    return c


async def test_a_staged_image_runs_only_after_verification_and_restart(pkg):
    meter = await start_meter("2.1.0", "2.1.0")
    try:
        port = DevicePort(meter.device)
        before = await port.status()
        c = await stage(port, pkg, "firmware", "4.6.0")
        staged = await port.status()
        assert (staged.state, staged.version, staged.received) == ("Verified", Version(2, 1, 0), c.size)
        after = await port.activate(c, restart_timeout=5)
        assert after.version == Version(4, 6, 0) and after.boot_count == before.boot_count + 1
        assert after.bank != before.bank  # the other bank now runs
        identity = await meter.device.link.read_device_identification(1)
        assert identity[2] == b"4.6.0"  # FC43 revision follows the running firmware
    finally:
        await meter.close()


async def test_an_image_that_fails_its_hash_is_never_booted(pkg):
    meter = await start_meter("2.1.0", "2.1.0")
    try:
        port = DevicePort(meter.device)
        c = component(pkg, "firmware", "4.6.0")
        image = bytearray(pkg.read(c))
        image[-5] ^= 0xFF
        with pytest.raises(UpgradeError, match="Image hash mismatch"):
            await port.stage(pkg.blob, c, bytes(image))
        with pytest.raises(UpgradeError, match="did not activate"):
            await port.activate(c, restart_timeout=2)
        status = await port.status()
        assert status.version == Version(2, 1, 0) and status.state == "Rejected"
    finally:
        await meter.close()


async def test_the_meter_checks_the_signature_itself(pkg):
    meter = await start_meter("2.1.0", "2.1.0")
    try:
        forged = Manifest(pkg.manifest.name, ("ION7400",), pkg.manifest.components).to_bytes()
        with pytest.raises(UpgradeError, match="Bad signature"):
            await stage(DevicePort(meter.device), pkg, "firmware", "4.6.0", blob=signed_blob(forged, pkg.signature))
        assert "upgrade refused" in meter.sim.firmware.events[-1]
    finally:
        await meter.close()


@pytest.mark.parametrize("setup, kind, version, reason", [
    ({"version": "4.6.0", "agent": "2.1.0"}, "firmware", "2.1.0", "Downgrade refused"),
    ({"version": "2.0.0", "agent": "2.1.0"}, "firmware", "4.6.0", "Needs an intermediate version"),
    ({"version": "2.0.0", "agent": "2.0.0"}, "firmware", "2.1.0", "Upgrade agent too old"),
    ({"version": "2.1.0", "agent": "2.1.0", "revenue_lock": True}, "firmware", "4.6.0", "Revenue locked"),
])
async def test_the_meter_applies_the_manuals_rules(pkg, setup, kind, version, reason):
    meter = await start_meter(**setup)
    try:
        with pytest.raises(UpgradeError, match=reason):
            await stage(DevicePort(meter.device), pkg, kind, version)
        assert meter.sim.firmware.version == Version.parse(setup["version"])
    finally:
        await meter.close()


async def test_power_loss_during_the_restart_keeps_the_old_firmware_and_the_staged_image(pkg):
    meter = await start_meter("2.1.0", "2.1.0")
    try:
        port = DevicePort(meter.device)
        c = await stage(port, pkg, "firmware", "4.6.0")
        await port.command("Activate")
        assert meter.sim.firmware.offline
        meter.sim.firmware.power_loss()
        await asyncio.sleep(RESTART * 2)
        status = await port.status()
        assert status.version == Version(2, 1, 0)
        assert status.received == c.size and status.state == "Receiving"  # in flash, not verified
        await port.stage(pkg.blob, c, pkg.read(c))  # resumes: nothing left to send
        assert (await port.activate(c, restart_timeout=5)).version == Version(4, 6, 0)
    finally:
        await meter.close()


async def test_an_upgrade_erases_recorded_data_setup_and_energies_but_not_security(pkg, tmp_path):
    meter = await start_meter("2.1.0", "2.1.0", sftp=True)
    try:
        sftp_port = int(next(s.endpoint for s in meter.lab.served if s.endpoint.startswith("sftp")).rsplit(":", 1)[1])
        target = SftpTarget("127.0.0.1", sftp_port, "USER1", "0")
        keys = HostKeys(tmp_path / "known_hosts.json")
        assert len(await list_records(target, keys)) == 3
        sim = meter.sim
        assert sim.settings["ct_primary"] == 200 and sim.settings["modbus_access"] == 2
        port = DevicePort(meter.device)
        c = await stage(port, pkg, "firmware", "4.6.0")
        await port.activate(c, restart_timeout=5)
        assert await list_records(target, keys) == []
        assert sim.settings["ct_primary"] == 1  # factory setup
        assert meter.device.profile.register("ct_primary").default is None
        assert sim.value("wh_delivered") < 10  # energies start again from zero
        assert sim.settings["modbus_access"] == 2  # security settings survive an upgrade
        assert any("COMTRADE files and setup erased" in e for e in sim.firmware.events)
    finally:
        await meter.close()


async def test_a_template_loads_its_settings(pkg):
    meter = await start_meter("4.6.0", "2.1.0")
    try:
        port = DevicePort(meter.device)
        c = component(pkg, "template", "4.6.0")
        template = json.loads(pkg.read(c))["settings"]
        await stage(port, pkg, "template", "4.6.0")
        await port.activate(c)
        values = await meter.device.read(list(template))
        assert values["volts_mode"] == template["volts_mode"] and values["pt_primary"] == template["pt_primary"]
    finally:
        await meter.close()


async def test_energy_register_edit_is_refused_while_revenue_locked():
    meter = await start_meter("4.6.0", "2.1.0")
    try:
        results = await meter.device.write({"wh_delivered_preset": 123_000})
        assert results[0].ok
        assert (await meter.device.read(["wh_delivered"]))["wh_delivered"] == pytest.approx(123_000, abs=50)
        meter.sim.firmware.set_revenue_lock(True)
        results = await meter.device.write({"wh_delivered_preset": 5})
        assert results[0].status == "failed" and "exception 03" in results[0].message
    finally:
        await meter.close()


def test_an_interrupted_option_module_load_reverts(pkg):
    from app.sim.firmware import OptionModule, simulator_s19
    from app.sim.lab import build_device, ion7400_spec

    sim = build_device(ion7400_spec())
    sim.firmware.modules["A"] = OptionModule("digital", "1.2")
    s19 = simulator_s19("digital", "1.3", 500)
    assert sim.firmware.begin_option_module("A") and sim.firmware.modules["A"].loading
    assert not sim.firmware.load_option_module("A", s19[:-20])  # the termination record never came
    assert sim.firmware.modules["A"].version == "1.2" and not sim.firmware.modules["A"].loading
    assert not sim.firmware.begin_option_module("C")  # no module there
    assert sim.firmware.begin_option_module("A")
    assert sim.firmware.load_option_module("A", s19)
    assert sim.firmware.modules["A"].version == "1.3"
    assert [e for e in sim.firmware.events if "option module" in e][-1].endswith("upgraded from 1.2 to 1.3")


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals need a POSIX system")
async def test_file_records_travel_over_rtu_on_a_pseudo_terminal(pkg):
    meter = await start_meter("2.1.0", "2.1.0", link="serial", timeout=1.0)
    try:
        port = DevicePort(meter.device)
        c = await stage(port, pkg, "firmware", "4.6.0")
        assert (await port.status()).received == c.size
    finally:
        await meter.close()


def test_sources_name_their_files_as_the_manual_does():
    names = [s.file for s in ion7400_sources("3.0.0", size=100)]
    assert names == ["UpgradeAgent_v002.001.000.upx", "v002.001.000.upx", "v003.000.000.upx", "Factory_v3.0.0.dcf"]
    extra = ion7400_sources("3.0.0", size=100, web=True, modules=[("analog", "2.0.0")])[-2:]
    assert [s.file for s in extra] == ["WebPages_v003.000.000.zip", "METSEPM89M0024_v2.0.0.S19"]
