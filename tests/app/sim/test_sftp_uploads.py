"""The simulated ION7400's SFTP site takes uploads where the manual allows them (part 2 §13.2, §13.4, §13.7)."""

from __future__ import annotations

import asyncssh
import pytest

from app.comtrade.fetch import HostKeys, SftpTarget, open_site
from app.sim.firmware import OptionModule, simulator_s19
from tests.app.upgrade.support import start_meter

S19 = simulator_s19("digital", "1.3.0", 2000)


@pytest.fixture
async def meter():
    meter = await start_meter("4.6.0", "2.1.0", sftp=True)
    meter.sim.firmware.modules["B"] = OptionModule("digital", "1.2.0")
    yield meter
    await meter.close()


def site(meter, tmp_path, user: str = "USER1") -> tuple[SftpTarget, HostKeys]:
    port = int(next(s.endpoint for s in meter.lab.served if s.endpoint.startswith("sftp")).rsplit(":", 1)[1])
    return SftpTarget("127.0.0.1", port, user, "0"), HostKeys(tmp_path / "known_hosts.json")


async def put(sftp, path: str, data: bytes) -> None:
    async with sftp.open(path, "wb") as f:
        await f.write(data)


async def test_web_pages_are_stored_and_read_back(meter, tmp_path):
    async with open_site(*site(meter, tmp_path)) as sftp:
        assert {"web", "optionModuleUpg"} <= set(await sftp.listdir("."))
        await put(sftp, "web/index.html", b"old page, longer than the new one")
        await put(sftp, "web/index.html", b"<p>new</p>")  # a re-upload replaces the whole file
        async with sftp.open("web/index.html", "rb") as f:
            assert await f.read() == b"<p>new</p>"
    sftp_site = next(s for s in meter.lab._servers if hasattr(s, "folders"))
    assert sftp_site.folders["web"]["index.html"].data == b"<p>new</p>"


@pytest.mark.parametrize("path", ["COMTRADE_1/cmt0_00009.cfg", "index.html", "optionModuleUpg/E/x.S19",
                                  "optionModuleUpg/B/status.txt", "web/sub/page.html"])
async def test_writes_elsewhere_are_refused(meter, tmp_path, path):
    async with open_site(*site(meter, tmp_path)) as sftp:
        with pytest.raises(asyncssh.SFTPError):
            await put(sftp, path, b"x")


async def test_a_read_only_account_cannot_upload(meter, tmp_path):
    async with open_site(*site(meter, tmp_path, "USER2")) as sftp:
        with pytest.raises(asyncssh.SFTPPermissionDenied, match="Full meter config"):
            await put(sftp, "web/index.html", b"x")
        await sftp.listdir("web")  # reading is still allowed


async def test_an_s19_file_goes_to_the_module_and_is_not_stored(meter, tmp_path):
    modules = meter.sim.firmware.modules
    async with open_site(*site(meter, tmp_path)) as sftp:
        await put(sftp, "optionModuleUpg/B/METSEPM89M2600_v1.3.0.S19", S19)
        assert await sftp.listdir("optionModuleUpg/B") == [".", "..", "status.txt"]
        async with sftp.open("optionModuleUpg/B/status.txt", "rb") as f:
            status = (await f.read()).decode()
        with pytest.raises(asyncssh.SFTPFailure, match="no option module in slot A"):
            await put(sftp, "optionModuleUpg/A/METSEPM89M2600_v1.3.0.S19", S19)
    assert modules["B"].version == "1.3.0" and "version: 1.3.0" in status and "state: running" in status


async def test_a_cut_upload_reverts_the_module_and_a_damaged_one_is_refused(meter, tmp_path):
    module = meter.sim.firmware.modules["B"]
    async with open_site(*site(meter, tmp_path)) as sftp:
        await put(sftp, "optionModuleUpg/B/m.S19", S19[: len(S19) // 2])
        assert (module.version, module.loading) == ("1.2.0", False) and "interrupted" in module.result
        damaged = S19[:40] + (b"0" if S19[40:41] != b"0" else b"1") + S19[41:]  # one digit of the S0 record
        await put(sftp, "optionModuleUpg/B/m.S19", damaged)
        assert module.version == "1.2.0" and "Invalid S19" in module.result
        await put(sftp, "optionModuleUpg/B/m.S19", S19)
    assert module.version == "1.3.0"


async def test_a_power_loss_mid_load_reverts_the_module(meter, tmp_path):
    module = meter.sim.firmware.modules["B"]
    async with open_site(*site(meter, tmp_path)) as sftp, sftp.open("optionModuleUpg/B/m.S19", "wb") as f:
        await f.write(S19[:1000])
        assert module.loading
        meter.sim.firmware.power_loss()
        await f.write(S19[1000:], 1000)
    assert module.version == "1.2.0" and "reverted" in module.result
