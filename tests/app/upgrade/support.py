"""Test support for upgrades: a signing key made for this test session, packages, simulated meters, link cuts.

The signing key lives in memory only; the simulated meters and MeterDesk
trust it next to the shipped keys.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pymodbus.pdu import ModbusPDU

from app.drivers import open_device
from app.drivers.generic import Device
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import profile_by_id
from app.sim.firmware import FirmwareModel, ion7400_sources
from app.sim.ion7400 import Ion7400Simulator
from app.sim.lab import DeviceSpec, Lab, LabThread, ion7400_spec
from app.sim.server import Bus
from app.upgrade.keys import TrustedKeys
from app.upgrade.package import ComponentSource, build_package

KEY = Ed25519PrivateKey.generate()
RESTART = 0.05  # s a simulated meter takes to restart


def trusted() -> TrustedKeys:
    keys = TrustedKeys.load()
    keys.add(KEY.public_key())
    return keys


def package(folder: Path, version: str = "4.6.0", *, key: Ed25519PrivateKey = KEY, size: int = 3000,
            sources: list[ComponentSource] | None = None, name: str = "", **options) -> Path:
    """An ION7400 package for the simulator (agent 2.1.0, firmware 2.1.0, ``version``, template)."""
    sources = sources if sources is not None else ion7400_sources(version, size=size, **options)
    return build_package(folder / f"ion7400-{version}.zip", name=name or f"ION7400 firmware package {version}",
                         models=["ION7400"], components=sources, key=key,
                         notes=f"ION7400 {version}: release notes for the simulator.")


def prepare(firmware: FirmwareModel, version: str = "2.0.0", agent: str = "2.0.0", *,
            revenue_lock: bool = False) -> None:
    """Have a simulated meter trust :data:`KEY`, restart in :data:`RESTART` s and run ``version`` and ``agent``."""
    firmware.trusted.add(KEY.public_key())
    firmware.restart_time = RESTART
    firmware.set_version(version)
    firmware.set_agent(agent)
    firmware.set_revenue_lock(revenue_lock)


@contextmanager
def lab_thread(specs: list[DeviceSpec], version: str = "2.0.0", agent: str = "2.0.0") -> Iterator[Lab]:
    """Noiseless simulated meters served by a lab thread, each :func:`prepare`-d, stopped on leaving."""
    for spec in specs:
        spec.system.noise = 0.0
    thread = LabThread(specs)
    thread.start()
    try:
        for sim in thread.lab.devices.values():
            prepare(sim.firmware, version, agent)
        yield thread.lab
    finally:
        thread.stop()


@dataclass
class Meter:
    """A simulated ION7400 served in the test's event loop, and a client device on it."""

    lab: Lab
    sim: Ion7400Simulator
    bus: Bus
    endpoint: str
    device: Device

    async def close(self) -> None:
        self.device.link.close()
        await self.lab.stop()

    def client(self, timeout: float = 0.3, retries: int = 1) -> Device:
        """A new client link and driver for the meter."""
        link = ModbusLink(Endpoint.parse(self.endpoint), timeout=timeout, retries=retries)
        return open_device(profile_by_id("ion7400"), link, 1, "meter")


async def start_meter(version: str = "2.0.0", agent: str = "2.0.0", *, link: str = "tcp", sftp: bool = False,
                      revenue_lock: bool = False, timeout: float = 0.3) -> Meter:
    spec = ion7400_spec("meter", link=link, port=0 if link != "serial" else None, unit=1)
    spec.system.noise = 0.0
    if not sftp:
        spec.services.clear()
    lab = Lab([spec])
    served = await lab.start()
    sim = lab.devices["meter"]
    prepare(sim.firmware, version, agent, revenue_lock=revenue_lock)
    endpoint = next(s.endpoint for s in served if not s.endpoint.startswith("sftp"))
    link = ModbusLink(Endpoint.parse(endpoint), timeout=timeout, retries=1)
    return Meter(lab, sim, lab.buses["meter"], endpoint, open_device(profile_by_id("ion7400"), link, 1, "meter"))


Match = Callable[[ModbusPDU, Ion7400Simulator], bool]


class Cut:
    """Cut the link at the ``nth`` request matching ``match``.

    ``mode``: ``request`` (the device never sees the request), ``answer`` (the
    device acts, its answer is lost) or ``power`` (the device acts, then loses
    power halfway through the restart that follows). The connection then
    drops on the next request, as a pulled cable does.
    """

    def __init__(self, meter: Meter, match: Match, nth: int = 1, mode: str = "answer") -> None:
        self.meter, self.match, self.nth, self.mode = meter, match, nth, mode
        self.seen = 0
        self.fired = False
        self._answer = meter.bus.answer
        meter.bus.answer = self.answer  # type: ignore[method-assign]

    async def answer(self, request: ModbusPDU, serial_line: bool) -> ModbusPDU | None:
        if not self.fired and self.match(request, self.meter.sim):
            self.seen += 1
            if self.seen == self.nth:
                self.fired = True
                self.meter.bus.faults.drop_next = 1
                if self.mode == "request":
                    return None
                await self._answer(request, serial_line)  # the device acts; its answer is lost
                if self.mode == "power":
                    firmware = self.meter.sim.firmware
                    asyncio.get_running_loop().call_later(firmware.restart_time / 2, firmware.power_loss)
                return None
        return await self._answer(request, serial_line)


# ---- request matchers


def command(name: str) -> Match:
    """An upgrade command (Begin, Verify, Activate, Abort) written to fw_command."""
    def match(request: ModbusPDU, sim: Ion7400Simulator) -> bool:
        reg = sim.profile.register("fw_command")
        code = next(k for k, v in (reg.enum or {}).items() if v == name)
        return (request.function_code in (6, 16) and request.address == reg.address
                and list(request.registers)[:1] == [code])
    return match


def _staging(sim: Ion7400Simulator, kind: str, version: str) -> bool:
    staging = sim.firmware.staging
    return staging is not None and staging.component.kind == kind and str(staging.component.version) == version


def image_write(kind: str, version: str) -> Match:
    """An FC21 write into the image files while the device stages that component."""
    return lambda request, sim: (request.function_code == 0x15 and request.records[0].file_number >= 16
                                 and _staging(sim, kind, version))


def image_read(kind: str, version: str) -> Match:
    """An FC20 read-back of the image files while the device stages that component."""
    return lambda request, sim: (request.function_code == 0x14 and request.records[0].file_number >= 16
                                 and _staging(sim, kind, version))


def manifest_write() -> Match:
    return lambda request, sim: request.function_code == 0x15 and request.records[0].file_number < 16


def register_write(*names: str) -> Match:
    def match(request: ModbusPDU, sim: Ion7400Simulator) -> bool:
        addresses = {sim.profile.register(n).address for n in names}
        return request.function_code in (6, 16) and request.address in addresses
    return match


def status_read_after_boot(boots: int) -> Match:
    """A read of the firmware registers once the meter has booted ``boots`` times."""
    def match(request: ModbusPDU, sim: Ion7400Simulator) -> bool:
        first = sim.profile.register("fw_agent_version").address
        return (request.function_code == 3 and request.address <= first < request.address + request.count
                and sim.firmware.boot_count >= boots)
    return match
