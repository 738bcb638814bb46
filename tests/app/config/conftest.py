"""Simulated devices for the configuration tests, each lab on ephemeral loopback ports."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from app.drivers import open_device
from app.drivers.generic import Device
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import profile_by_id
from app.sim.iskra import iskra_sg_specs
from app.sim.lab import Lab, LabThread, bcpme_specs, ion7400_spec


class Bench:
    """A running lab and the devices in it, reached over real sockets from the test's loop."""

    def __init__(self, lab: Lab) -> None:
        self.lab = lab
        self.links: list[ModbusLink] = []

    def device(self, name: str, timeout: float = 0.5, retries: int = 0) -> Device:
        served = next(s for s in self.lab.served if s.name == name and not s.endpoint.startswith("sftp"))
        link = ModbusLink(Endpoint.parse(served.endpoint), timeout=timeout, retries=retries)
        self.links.append(link)
        return open_device(profile_by_id(served.profile), link, served.unit, name)

    def sim(self, name: str):
        return self.lab.devices[name]

    def faults(self, name: str):
        return self.lab.buses[name].faults

    def close(self) -> None:
        for link in self.links:
            link.close()


@asynccontextmanager
async def _bench(specs):
    """The lab runs in its own thread; links close in the test's loop, before it ends."""
    thread = LabThread(specs)
    thread.start()
    bench = Bench(thread.lab)
    try:
        yield bench
    finally:
        bench.close()
        thread.stop()


def ion_specs() -> list:
    """One ION7400 on Modbus TCP (no SFTP site), named "ion"."""
    spec = ion7400_spec("ion", port=0)
    spec.services.clear()
    return [spec]


SPECS = {
    "ion": ion_specs,
    "bcpme": lambda: bcpme_specs("bcpme", port=0),  # "bcpme panel 1" (unit 1) and "bcpme panel 2" (unit 2)
    "sg": lambda: iskra_sg_specs(0, None),  # "Iskra SG-W1" at unit 34 and the devices behind it
}


@pytest.fixture
async def bench(request):
    """The lab named by the test's parameter (``indirect=True``)."""
    async with _bench(SPECS[request.param]()) as running:
        yield running


@pytest.fixture
async def ion_bench():
    async with _bench(SPECS["ion"]()) as running:
        yield running


@pytest.fixture
async def bcpme_bench():
    async with _bench(SPECS["bcpme"]()) as running:
        yield running


@pytest.fixture
async def sg_bench():
    async with _bench(SPECS["sg"]()) as running:
        yield running
