"""Listing and downloading COMTRADE records over SFTP from the simulated ION7400 site."""

from __future__ import annotations

import asyncio

import asyncssh
import numpy as np
import pytest

from app.comtrade import read
from app.comtrade.fetch import (
    FetchError,
    HostKeyChanged,
    HostKeys,
    SftpTarget,
    device_folder,
    download_records,
    fetch_new,
    list_records,
    pending,
)
from app.comtrade.probe import rms_at
from app.sim.comtrade_records import Sag
from app.sim.lab import build_device, ion7400_spec
from app.sim.sftp import SftpSite


@pytest.fixture
async def site():
    spec = ion7400_spec("sftp meter")
    spec.system.noise = 0.0
    server = SftpSite(build_device(spec))
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def host_keys(tmp_path):
    return HostKeys(tmp_path / "known_hosts.json")


def target(site: SftpSite, password: str = "0") -> SftpTarget:
    return SftpTarget("127.0.0.1", site.port, "USER1", password)


async def test_lists_the_three_captures_of_comtrade_1(site, host_keys):
    records = await list_records(target(site), host_keys)
    assert [(r.folder, r.name) for r in records] == [
        ("COMTRADE_1", "cmt0_00000"),
        ("COMTRADE_1", "cmt0_00001"),
        ("COMTRADE_1", "cmt0_00002"),
    ]
    first = records[0]
    assert [f.name for f in first.files] == ["cmt0_00000.cfg", "cmt0_00000.dat"]
    assert first.size == sum(len(site.folders["COMTRADE_1"][f.name].data) for f in first.files)
    assert first.main_file == "cmt0_00000.cfg"


async def test_downloads_new_records_only_then_the_next_capture(site, host_keys, tmp_path):
    dest = device_folder(tmp_path / "records", "ION7400: main/incomer")
    assert dest.name == "ION7400_ main_incomer"
    seen = []
    paths = await fetch_new(target(site), dest, host_keys, progress=lambda d, t, n: seen.append((d, t, n)))
    assert [p.relative_to(dest).as_posix() for p in paths] == [
        f"COMTRADE_1/cmt0_0000{k}.cfg" for k in range(3)
    ]
    total = sum(len(f.data) for f in site.folders["COMTRADE_1"].values())
    assert seen[-1] == (total, total, "cmt0_00002.cfg")
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    assert not list(dest.rglob("*.part"))

    assert await fetch_new(target(site), dest, host_keys) == []
    site.capture()
    again = await fetch_new(target(site), dest, host_keys)
    assert [p.name for p in again] == ["cmt0_00003.cfg"]
    everything = await fetch_new(target(site), dest, host_keys, new_only=False)
    assert len(everything) == 4


async def test_the_downloaded_sag_record_reads_back_with_the_sag(site, host_keys, tmp_path):
    paths = await fetch_new(target(site), tmp_path, host_keys)
    sag = read(paths[1])
    assert [c.name for c in sag.analog_channels] == ["V1", "V2", "V3", "I1", "I2", "I3"]
    assert sag.config.line_frequency == 50.0 and sag.config.rates[0].rate == 3200.0
    assert sag.trigger_time == pytest.approx(0.08)
    before = rms_at(sag, "V1", 0.075, 50.0)
    during = rms_at(sag, "V1", 0.16, 50.0)
    assert before == pytest.approx(230.0, rel=0.01)
    assert during == pytest.approx(0.55 * 230.0, rel=0.01)
    assert rms_at(sag, "V2", 0.16, 50.0) == pytest.approx(230.0, rel=0.01)
    assert rms_at(sag, "I1", 0.16, 50.0) == pytest.approx(2 * 100.0, rel=0.02)  # CT 200:5, 2.5 A secondary
    assert sag.side_factor("I1", "secondary") == pytest.approx(5 / 200)
    normal = read(paths[0])
    assert np.max(np.abs(normal.analog("V1"))) == pytest.approx(230 * np.sqrt(2), rel=0.05)


async def test_a_wrong_password_is_refused_in_words(site, host_keys):
    with pytest.raises(FetchError, match="refused the login of USER1: wrong user name or password"):
        await list_records(target(site, "wrong"), host_keys)


async def test_an_unreachable_site_is_reported(host_keys, unused_tcp_port):
    with pytest.raises(FetchError, match=f"cannot reach the SFTP server at 127.0.0.1:{unused_tcp_port}"):
        await list_records(SftpTarget("127.0.0.1", unused_tcp_port, "USER1", "0"), host_keys)


async def test_the_host_key_is_pinned_and_a_change_is_refused(site, host_keys):
    await list_records(target(site), host_keys)
    pinned = host_keys.pinned("127.0.0.1", site.port)
    assert pinned.startswith("ssh-ed25519 ")
    other = HostKeys(host_keys.path.with_name("other.json"))
    other.pin("127.0.0.1", site.port, asyncssh.generate_private_key("ssh-ed25519"))
    with pytest.raises(HostKeyChanged, match="has changed"):
        await list_records(target(site), other)
    other.forget("127.0.0.1", site.port)
    assert len(await list_records(target(site), other)) == 3


async def test_the_site_is_read_only_and_readable_by_a_stock_client(site, host_keys, tmp_path):
    async with asyncssh.connect(
        "127.0.0.1", site.port, username="USER2", password="0", known_hosts=None, client_keys=None, config=[]
    ) as conn, conn.start_sftp_client() as sftp:
        await sftp.get("COMTRADE_1/cmt0_00001.dat", tmp_path / "copy.dat")  # sparse-aware by default
        assert (tmp_path / "copy.dat").read_bytes() == site.folders["COMTRADE_1"]["cmt0_00001.dat"].data
        with pytest.raises(asyncssh.SFTPPermissionDenied):
            await sftp.remove("COMTRADE_1/cmt0_00000.cfg")
        with pytest.raises(asyncssh.SFTPPermissionDenied):
            async with sftp.open("COMTRADE_2/new.cfg", "w"):
                pass
        assert sorted(await sftp.listdir(".")) == [".", "..", "COMTRADE_1", "COMTRADE_2", "COMTRADE_3", "optionModuleUpg",
                                                   "web"]


async def test_cancelling_a_download_leaves_no_partial_file(site, host_keys, tmp_path):
    records = await list_records(target(site), host_keys)
    started = asyncio.Event()

    def progress(done, total, name):
        started.set()

    task = asyncio.ensure_future(download_records(target(site), records, tmp_path, host_keys, progress=progress))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not list(tmp_path.rglob("*.part"))
    assert len(pending(records, tmp_path)) >= 1


async def test_the_oldest_capture_goes_when_the_depth_is_reached(site, host_keys):
    site.depth = 4
    site.capture(Sag(0.02, 0.04))
    site.capture()
    names = [r.name for r in await list_records(target(site), host_keys)]
    assert names == ["cmt0_00001", "cmt0_00002", "cmt0_00003", "cmt0_00004"]
