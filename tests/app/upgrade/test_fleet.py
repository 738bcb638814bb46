"""The fleet queue: one device at a time per serial bus, several over TCP, pause and resume, isolated failures."""

from __future__ import annotations

import asyncio
import os
from collections import defaultdict

import pytest

from app.modbus.link import Endpoint
from app.session import DeviceAddress
from app.sim.lab import Lab, ion7400_spec
from app.upgrade.backup import BackupStore
from app.upgrade.fleet import (
    DONE,
    FAILED,
    PAUSED,
    REFUSED,
    RUNNING,
    Fleet,
    FleetEntry,
    bus_of,
)
from app.upgrade.package import open_package
from app.upgrade.runner import UpgradeOptions
from app.upgrade.versions import Version
from tests.app.upgrade.support import package, prepare, trusted

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the serial bus is a pseudo-terminal")


def meter_spec(name, **kw):
    spec = ion7400_spec(name, **kw)
    spec.services.clear()
    spec.system.noise = 0.0
    return spec


async def test_a_fleet_runs_buses_in_parallel_pauses_resumes_and_isolates_failures(tmp_path):
    # 2.1.0 -> 4.6.0 without the Ethernet-only rule, so that the serial bus may carry it
    pkg = open_package(package(tmp_path, size=1500, direct_ethernet=False), trusted())
    specs = [meter_spec(f"tcp {i}") for i in range(3)]
    specs += [meter_spec(f"line {u}", link="serial", port=None, unit=u, bus="line") for u in (1, 2)]
    lab = Lab(specs)
    served = await lab.start()
    for sim in lab.devices.values():
        prepare(sim.firmware, "2.1.0", "2.1.0")
    lab.devices["tcp 2"].firmware.set_revenue_lock(True)
    entries = [FleetEntry(DeviceAddress(s.name, "ion7400", Endpoint.parse(s.endpoint), s.unit, timeout=0.5))
               for s in served]
    entries.append(FleetEntry(DeviceAddress("gone", "ion7400", Endpoint.tcp("127.0.0.1:1"), 1, timeout=0.3)))
    running: dict[str, set[str]] = defaultdict(set)
    peak: dict[str, int] = defaultdict(int)
    tcp_peak = [0]
    seen_paused = []

    def on_change(entry):
        bus = bus_of(entry.address)[0].split()[0]
        (running[bus].add if entry.state == RUNNING else running[bus].discard)(entry.name)
        peak[bus] = max(peak[bus], len(running[bus]))
        tcp_peak[0] = max(tcp_peak[0], len(running["tcp"]))
        if entry.state == PAUSED:
            seen_paused.append(entry.name)

    fleet = Fleet(pkg, entries, store=BackupStore(tmp_path / "backups"), tcp_parallel=2, on_change=on_change,
                  options=UpgradeOptions(restart_timeout=5, retry_pause=0.01))
    task = asyncio.ensure_future(fleet.run())
    while not any(e.progress and e.progress.phase == "transfer" for e in entries):
        await asyncio.sleep(0.005)
    fleet.pause()
    await asyncio.sleep(0.05)
    frozen = [(e.name, e.progress) for e in entries]
    await asyncio.sleep(0.3)
    assert [(e.name, e.progress) for e in entries] == frozen  # nothing moves while paused
    assert seen_paused
    fleet.resume()
    await asyncio.wait_for(task, 60)
    await lab.stop()

    states = {e.name: e.state for e in entries}
    assert states == {"tcp 0": DONE, "tcp 1": DONE, "tcp 2": REFUSED, "line 1": DONE, "line 2": DONE,
                      "gone": FAILED}
    assert "revenue-locked" in next(e for e in entries if e.name == "tcp 2").message
    assert peak["serial"] == 1  # one device at a time on the RS-485 line
    assert tcp_peak[0] == 2  # several over TCP, within the limit
    for name in ("tcp 0", "tcp 1", "line 1", "line 2"):
        assert lab.devices[name].firmware.version == Version(4, 6, 0)
    report = [e.report() for e in entries]
    assert report[0].startswith("tcp 0: done, firmware 2.1.0 → 4.6.0")
