"""Link cuts at ten and more points of an upgrade from 2.0.0 to 4.6.0, and a power loss during a restart.

Each time the meter must still run a valid firmware, the next run must
resume and finish the upgrade, and the restored settings and energies must
verify against what the meter held before.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from app.modbus.errors import LinkError
from app.upgrade.backup import BackupStore, read_settings
from app.upgrade.device_port import DevicePort, UpgradeError
from app.upgrade.package import open_package
from app.upgrade.runner import Upgrade, UpgradeOptions
from app.upgrade.versions import Version
from tests.app.upgrade.support import (
    RESTART,
    Cut,
    Match,
    command,
    image_read,
    image_write,
    manifest_write,
    package,
    register_write,
    start_meter,
    status_read_after_boot,
    trusted,
)

VALID = {Version(2, 0, 0), Version(2, 1, 0), Version(4, 6, 0)}
ONCE = UpgradeOptions(restart_timeout=3, attempts=1, retry_pause=0.01)
FAST = UpgradeOptions(restart_timeout=3, retry_pause=0.01)


@dataclass(frozen=True)
class Point:
    name: str
    match: Match
    nth: int = 1
    mode: str = "answer"
    resumes_image: bool = False  # the next run continues a partly sent image


POINTS = [
    Point("agent step: first write of the signed manifest, request lost", manifest_write(), mode="request"),
    Point("agent image: first block written, answer lost", image_write("agent", "2.1.0")),
    Point("2.1.0 image: fifth block written, answer lost", image_write("firmware", "2.1.0"), 5,
          resumes_image=True),
    Point("2.1.0 image: third read-back lost", image_read("firmware", "2.1.0"), 3, "request", resumes_image=True),
    Point("activation of 2.1.0: answer lost as the meter restarts", command("Activate"), 2),
    Point("version check after the restart into 2.1.0", status_read_after_boot(3)),
    Point("4.6.0 image: last block written, answer lost", image_write("firmware", "4.6.0"), 13,
          resumes_image=True),
    Point("verification of 4.6.0: request lost", command("Verify"), 3, "request"),
    Point("activation of 4.6.0: request lost", command("Activate"), 3, "request"),
    Point("power loss during the restart into 4.6.0", command("Activate"), 3, "power"),
    Point("template: Begin lost", command("Begin"), 4, "request"),
    Point("restore: a setting written, answer lost", register_write("ct_primary")),
    Point("restore: an energy value, request lost", register_write("wh_delivered_preset"), mode="request"),
]


@pytest.fixture(scope="module")
def pkg(tmp_path_factory):
    return open_package(package(tmp_path_factory.mktemp("pkg")), trusted())


def test_the_package_gives_the_fault_points_their_meaning(pkg):
    image = next(c for c in pkg.manifest.components if str(c.version) == "4.6.0" and c.kind == "firmware")
    assert -(-image.size // 240) == 13  # the 13th block is the last one of 4.6.0


@pytest.mark.parametrize("point", POINTS, ids=[p.name for p in POINTS])
async def test_a_cut_leaves_valid_firmware_and_the_next_run_finishes(pkg, tmp_path, point):
    meter = await start_meter("2.0.0", "2.0.0")
    try:
        settings = (await read_settings(meter.device)).values
        energy = (await meter.device.read(["wh_delivered", "varh_delivered"]))
        store = BackupStore(tmp_path)
        cut = Cut(meter, point.match, point.nth, point.mode)
        try:
            await Upgrade(meter.device, pkg, store=store, options=ONCE).run()
            failed = False
        except (UpgradeError, LinkError):
            failed = True
        assert cut.fired

        await asyncio.sleep(3 * RESTART)  # any restart under way ends
        firmware = meter.sim.firmware
        assert not firmware.offline and firmware.version in VALID
        checker = meter.client()
        try:
            status = await DevicePort(checker).status()  # the meter answers, on the firmware it says it runs
        finally:
            checker.link.close()
        assert status.version == firmware.version and status.state != "Restarting"

        if failed:
            result = await Upgrade(meter.device, pkg, store=store, options=FAST).run()
            assert result.resumed and result.restore.ok
            log = (result.folder / "upgrade.log").read_text()
            if point.resumes_image:
                assert "resuming after the last verified block, at byte" in log
        assert firmware.version == Version(4, 6, 0) and firmware.agent == Version(2, 1, 0)
        assert (await read_settings(meter.device)).values == settings
        after = await meter.device.read(list(energy))
        for name, value in energy.items():
            assert after[name] == pytest.approx(value, abs=100)
    finally:
        await meter.close()
