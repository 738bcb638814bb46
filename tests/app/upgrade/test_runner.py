"""Whole upgrades of a simulated ION7400: plan, backup, transfer, restarts, restore, log, resume."""

from __future__ import annotations

import asyncio
import json
import re

import pytest

from app import __version__
from app.config import load as load_configuration
from app.upgrade.backup import BackupStore, default_root, read_settings
from app.upgrade.package import open_package
from app.upgrade.runner import Upgrade, UpgradeOptions, UpgradeRefused
from app.upgrade.versions import Version
from tests.app.upgrade.support import package, start_meter, trusted

FAST = UpgradeOptions(restart_timeout=5, retry_pause=0.01)


@pytest.fixture(scope="module")
def pkg(tmp_path_factory):
    return open_package(package(tmp_path_factory.mktemp("pkg")), trusted())


async def settings_of(device):
    return (await read_settings(device)).values


async def test_upgrade_from_2_0_0_to_4_6_0_with_backup_restore_and_log(pkg, tmp_path):
    meter = await start_meter("2.0.0", "2.0.0")
    try:
        before = await settings_of(meter.device)
        energy = (await meter.device.read(["wh_delivered"]))["wh_delivered"]
        progress = []
        upgrade = Upgrade(meter.device, pkg, store=BackupStore(tmp_path), options=FAST, on_progress=progress.append)
        result = await upgrade.run()
        assert (result.before, result.after) == (Version(2, 0, 0), Version(4, 6, 0))
        assert meter.sim.firmware.agent == Version(2, 1, 0)
        assert result.restore.ok and result.restore.written
        assert await settings_of(meter.device) == before
        assert (await meter.device.read(["wh_delivered"]))["wh_delivered"] == pytest.approx(energy, abs=100)
        folder = result.folder
        assert folder.parent.name == "meter_MR-2111A123-01"
        assert load_configuration(folder / "settings.toml").values["ct_primary"] == 200
        assert "modbus_access" not in load_configuration(folder / "settings.toml").values  # security: not kept
        assert json.loads((folder / "state.json").read_text())["status"] == "done"
        log = (folder / "upgrade.log").read_text()
        for text in (f"by MeterDesk {__version__}",
                     "Firmware 2.0.0 → 2.1.0 (intermediate", "restarted (boot 4", "firmware 4.6.0",
                     "every restored value verified by read-back", "done: meter runs firmware 4.6.0 (was 2.0.0)"):
            assert text in log
        transfers = [p for p in progress if p.phase == "transfer"]
        assert transfers[-1].done == transfers[-1].total and transfers[-1].rate > 0
        assert {p.step for p in transfers} == {1, 2, 3, 4}
    finally:
        await meter.close()


async def test_a_refused_plan_sends_nothing(pkg, tmp_path):
    meter = await start_meter("2.1.0", "2.1.0", revenue_lock=True)
    try:
        requests = meter.bus.requests
        with pytest.raises(UpgradeRefused, match="revenue-locked"):
            await Upgrade(meter.device, pkg, store=BackupStore(tmp_path), options=FAST).run()
        assert not list(tmp_path.iterdir())  # no backup folder either
        assert meter.sim.firmware.staging is None and meter.bus.requests > requests  # it read, but wrote nothing
    finally:
        await meter.close()


async def test_a_cancelled_upgrade_resumes_after_the_last_verified_block(pkg, tmp_path):
    meter = await start_meter("2.1.0", "2.1.0")
    try:
        store = BackupStore(tmp_path)
        holder = {}

        def cancel_halfway(p):
            if p.phase == "transfer" and p.done > p.total // 2:
                holder["task"].cancel()

        first = Upgrade(meter.device, pkg, store=store, options=FAST, on_progress=cancel_halfway)
        holder["task"] = asyncio.ensure_future(first.run())
        with pytest.raises(asyncio.CancelledError):
            await holder["task"]
        staged = meter.sim.firmware.staging
        assert staged is not None and 0 < staged.received < staged.component.size
        received = staged.received
        assert meter.sim.firmware.version == Version(2, 1, 0)
        second = Upgrade(meter.device, pkg, store=store, options=FAST)
        result = await second.run()
        assert result.resumed and result.after == Version(4, 6, 0) and result.restore.ok
        log = (result.folder / "upgrade.log").read_text()
        assert "cancelled; the next run with this package resumes here" in log
        # A block in flight when the task was cancelled may have landed; its read-back now verifies it.
        at = int(re.search(r"resuming after the last verified block, at byte (\d+)", log).group(1))
        assert received <= at < staged.component.size
        assert len(store.folders(result.folder.parent.name)) == 1  # one upgrade, one backup
    finally:
        await meter.close()


def test_backups_go_into_the_data_folder_meterdesk_data_dir_names(tmp_path, monkeypatch):
    monkeypatch.setenv("METERDESK_DATA_DIR", str(tmp_path))
    assert default_root() == tmp_path / "upgrades"
    assert BackupStore().root == tmp_path / "upgrades"
