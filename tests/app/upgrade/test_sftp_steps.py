"""Web pages and option-module images over the meter's SFTP site (ion7400-part2.md §13.4, §13.7)."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from app.comtrade.fetch import HostKeys, SftpTarget
from app.sim.firmware import OptionModule, ion7400_sources, simulator_s19
from app.upgrade.backup import BackupStore
from app.upgrade.device_port import UpgradeError
from app.upgrade.manifest import sha256
from app.upgrade.package import ComponentSource, open_package
from app.upgrade.runner import Upgrade, UpgradeOptions
from app.upgrade.sftp_upload import upload_web
from app.upgrade.versions import Version
from tests.app.upgrade.support import package, start_meter, trusted

FAST = UpgradeOptions(restart_timeout=5, retry_pause=0.01)


@pytest.fixture(scope="module")
def pkg(tmp_path_factory):
    sources = [*ion7400_sources("4.6.0", size=3000, web=True),  # an S19 file of several SFTP writes
               ComponentSource("option-module", "METSEPM89M2600_v1.3.0.S19", simulator_s19("digital", "1.3.0", 20000),
                               "1.3.0", module="digital")]
    return open_package(package(tmp_path_factory.mktemp("pkg"), sources=sources), trusted())


@pytest.fixture
async def meter():
    meter = await start_meter("2.0.0", "2.0.0", sftp=True)
    meter.sim.firmware.modules["B"] = OptionModule("digital", "1.2.0")
    meter.sim.firmware.modules["C"] = OptionModule("analog", "1.0.0")
    yield meter
    await meter.close()


def login(meter, tmp_path) -> dict:
    port = int(next(s.endpoint for s in meter.lab.served if s.endpoint.startswith("sftp")).rsplit(":", 1)[1])
    return {"sftp": SftpTarget("127.0.0.1", port, "USER1", "0"), "host_keys": HostKeys(tmp_path / "hosts.json")}


def site_of(meter):
    return next(s for s in meter.lab._servers if hasattr(s, "folders"))


async def test_2_0_0_to_4_6_0_with_web_pages_and_an_option_module(meter, pkg, tmp_path):
    progress = []
    upgrade = Upgrade(meter.device, pkg, store=BackupStore(tmp_path / "b"), options=FAST,
                      on_progress=progress.append, **login(meter, tmp_path))
    plan = await upgrade.plan()
    texts = [s.text for s in plan.active_steps]
    assert texts[-2] == "Web pages 4.6.0 over SFTP into the meter's web folder (after the firmware, §13.4)"
    assert texts[-1] == "Option module (digital) in slot B: 1.2.0 → 1.3.0 over SFTP (optionModuleUpg/B, §13.7)"
    assert any("Option modules go offline" in w for w in plan.warnings)
    result = await upgrade.run(plan)
    assert result.after == Version(4, 6, 0) and result.restore.ok
    web = pkg.manifest.components[-2]
    stored = site_of(meter).folders["web"][web.file].data
    assert sha256(stored) == web.sha256
    assert meter.sim.firmware.modules["B"].version == "1.3.0"
    assert meter.sim.firmware.modules["C"].version == "1.0.0"  # an analog module is not touched
    log = (result.folder / "upgrade.log").read_text()
    assert f"web/{web.file} read back over SFTP: {web.size} bytes, SHA-256 matches" in log
    assert "the option module in slot B (digital) runs 1.3.0: upgraded from 1.2.0 to 1.3.0" in log
    uploads = [p for p in progress if p.phase == "transfer" and p.text.startswith("uploading")]
    assert {p.step for p in uploads} == {5, 6} and uploads[-1].done == uploads[-1].total


async def test_a_cut_module_upload_reverts_the_module_and_the_next_run_completes(meter, pkg, tmp_path):
    store = BackupStore(tmp_path / "b")
    module = meter.sim.firmware.modules["B"]

    def cut_halfway(p):
        if p.text.startswith("uploading Option module") and 0 < p.done < p.total:
            task.cancel()

    first = Upgrade(meter.device, pkg, store=store, options=FAST, on_progress=cut_halfway, **login(meter, tmp_path))
    task = asyncio.ensure_future(first.run())
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.05)  # the site sees the file end
    assert module.version == "1.2.0" and not module.loading and "interrupted" in module.result
    second = Upgrade(meter.device, pkg, store=store, options=FAST, **login(meter, tmp_path))
    result = await second.run()
    assert result.resumed and result.after == Version(4, 6, 0) and module.version == "1.3.0"
    log = (result.folder / "upgrade.log").read_text()
    assert "cancelled; the next run with this package resumes here" in log
    assert log.count("uploading Option module (digital) 1.3.0 over SFTP into optionModuleUpg/B") == 2


async def test_without_an_sftp_login_or_over_a_gateway_the_plan_says_why(meter, pkg, tmp_path):
    plan = await Upgrade(meter.device, pkg, store=BackupStore(tmp_path)).plan()
    skipped = {s.kind: s.skipped for s in plan.steps if s.skipped}
    assert skipped["web"].startswith("no SFTP login (user and password) was given; upload them over SFTP")
    assert "copy the S19 file over SFTP into optionModuleUpg/<slot A-D>" in skipped["option-module"]
    facts = dataclasses.replace(plan.facts, sftp_problem="", link="gateway")
    from app.upgrade.plan import make_plan

    skipped = {s.kind: s.skipped for s in make_plan(facts, pkg.manifest).steps if s.skipped}
    assert "SFTP needs direct Ethernet" in skipped["web"]


async def test_an_upload_the_meter_refuses_is_named(meter, pkg, tmp_path):
    web = pkg.manifest.components[-2]
    elsewhere = dataclasses.replace(web, file="../COMTRADE_1/pages.zip")
    with pytest.raises(UpgradeError, match="the meter refused the upload of web/../COMTRADE_1/pages.zip: read-only"):
        await upload_web(**{"target" if k == "sftp" else k: v for k, v in login(meter, tmp_path).items()},
                         component=elsewhere, data=pkg.read(web))
