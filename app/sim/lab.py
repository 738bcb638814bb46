"""Run simulated devices: a lab of servers, in the current loop or a background thread.

The demo lab is what ``meterdesk simulate --demo`` and the GUI's demo site
start: every seed device on loopback ports from ``base_port`` up.
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.modbus import tls
from app.profiles import profile_by_id
from app.sim import sftp
from app.sim.bcpme import BcpmeBoard, BcpmeSimulator, demo_board
from app.sim.device import SimulatedDevice
from app.sim.ion7400 import Ion7400Simulator
from app.sim.iskra import (
    BicomSimulator,
    IskraGatewaySimulator,
    IskraMeterSimulator,
    iskra_sg_specs,
)
from app.sim.physics import Energies, ThreePhaseSystem, balanced
from app.sim.server import Bus, SerialServer, TcpServer

SIMULATORS: dict[str, type[SimulatedDevice]] = {"ion7400": Ion7400Simulator, "bcpme": BcpmeSimulator}
SIMULATORS.update({"iskra-sg": IskraGatewaySimulator, "iskra-ie38md": IskraMeterSimulator,
                   "iskra-wm3m4c": IskraMeterSimulator, "iskra-bicom": BicomSimulator})
DEFAULT_BASE_PORT = 5020


@dataclass
class DeviceSpec:
    """One simulated device and where it is served.

    ``link`` is ``tcp``, ``rtu-tcp`` or ``serial``; for ``serial`` a ``port``
    of None creates a pty. Devices sharing ``link`` + ``port`` share one bus;
    on an ephemeral port (0) or a new pty, devices with the same ``bus`` do.
    A gateway's spec may bring a ``bus_factory`` (its own routing of unit ids
    over the group's devices) and ``services``: more servers started with the
    bus, e.g. an HTTP read-out. ``tls`` serves a TCP bus as Modbus/TCP Security
    with a self-signed certificate made at start; with ``tls_client_ca`` (PEM)
    clients must present a certificate that it signed.
    """

    profile: str
    name: str
    link: str = "tcp"
    host: str = "127.0.0.1"
    port: int | str | None = 0
    unit: int = 1
    baud: int = 19200
    parity: str = "N"
    settings: dict[str, Any] = field(default_factory=dict)
    identity: dict[str, str] = field(default_factory=dict)
    system: ThreePhaseSystem | None = None
    bus: str = ""
    bus_factory: Callable[[dict[int, SimulatedDevice]], Bus] | None = None
    services: list[Callable[[Bus], Service]] = field(default_factory=list)
    tls: bool = False
    tls_client_ca: bytes | None = None


class Service(Protocol):
    """A server that runs next to a bus (:attr:`DeviceSpec.services`)."""

    async def start(self) -> str:
        """Start serving; return the endpoint (e.g. ``http://127.0.0.1:5023``)."""

    async def stop(self) -> None: ...


@dataclass
class Served:
    """A running simulated device, as printed for scripts."""

    name: str
    profile: str
    endpoint: str
    unit: int

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "profile": self.profile, "endpoint": self.endpoint, "unit": self.unit}


def build_device(spec: DeviceSpec) -> SimulatedDevice:
    profile = profile_by_id(spec.profile)
    cls = SIMULATORS.get(profile.id, SimulatedDevice)
    return cls(profile, name=spec.name, system=spec.system, settings=spec.settings, identity=spec.identity)


class Lab:
    """Servers for a set of device specs, grouped into buses by endpoint."""

    def __init__(self, specs: list[DeviceSpec]) -> None:
        self.specs = specs
        self.devices: dict[str, SimulatedDevice] = {}
        self.buses: dict[str, Bus] = {}
        self.served: list[Served] = []
        self._servers: list[TcpServer | SerialServer | Service] = []

    async def start(self) -> list[Served]:
        groups: dict[tuple, list[DeviceSpec]] = {}
        for spec in self.specs:
            key = (spec.link, spec.host, spec.port) if spec.port not in (0, None) else (spec.link, spec.bus or spec.name)
            groups.setdefault(key, []).append(spec)
        for specs in groups.values():
            first = specs[0]
            devices = {s.unit: build_device(s) for s in specs}
            lone = len(devices) == 1 and next(iter(devices.values())).answers_any_unit
            factory = next((s.bus_factory for s in specs if s.bus_factory), None)
            bus = factory(devices) if factory else Bus(devices, any_unit=first.link == "tcp" and lone)
            if first.link == "serial":
                server = SerialServer(bus, first.port or None, first.baud, first.parity)
            else:
                context = None
                if first.tls:
                    context = tls.server_context(*tls.self_signed(first.name), first.tls_client_ca)
                server = TcpServer(bus, first.host, int(first.port or 0), rtu_framing=first.link == "rtu-tcp",
                                   ssl_context=context)
            await server.start()
            self._servers.append(server)
            scheme = "tls" if first.tls else first.link
            endpoint = (
                f"rtu:{server.client_port}?baud={first.baud}&parity={first.parity}"
                if isinstance(server, SerialServer) else f"{scheme}://{server.host}:{server.port}"
            )  # fmt: skip
            for spec in specs:
                self.devices[spec.name] = devices[spec.unit]
                self.buses[spec.name] = bus
                self.served.append(Served(spec.name, spec.profile, endpoint, spec.unit))
            for spec in specs:
                for make in spec.services:
                    service = make(bus)
                    self.served.append(Served(spec.name, spec.profile, await service.start(), spec.unit))
                    self._servers.append(service)
        return self.served

    async def stop(self) -> None:
        for server in self._servers:
            await server.stop()
        self._servers.clear()


class LabThread:
    """A :class:`Lab` running in its own thread and event loop (tests, GUI demo site)."""

    def __init__(self, specs: list[DeviceSpec]) -> None:
        self.lab = Lab(specs)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="meterdesk-lab", daemon=True)

    def start(self, timeout: float = 10.0) -> list[Served]:
        # Free the caller's pending garbage here, in the caller's (GUI) thread: the
        # lab thread allocates a lot while it starts, and a collection it triggers
        # would otherwise destroy the caller's Qt objects off their thread.
        gc.collect()
        self._thread.start()
        return asyncio.run_coroutine_threadsafe(self.lab.start(), self._loop).result(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        if not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self.lab.stop(), self._loop).result(timeout)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        self._loop.close()

    def __enter__(self) -> LabThread:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def ion7400_spec(name: str = "ION7400 main incomer", **overrides: Any) -> DeviceSpec:
    """An ION7400 on a 400 V LV supply with 200:5 CTs, about 100 A per phase at PF 0.9."""
    settings = dict(volts_mode=0, phase_order=0, pt_primary=230, pt_secondary=230, ct_primary=200,
                    ct_secondary=5, i4_primary=200, i4_secondary=5, nominal_voltage=230,
                    nominal_current=200, nominal_frequency=50, scale_rev_param=1, com1_protocol=1,
                    com1_baud=19200, com1_framing=0, com1_rx_timeout=1.0, com1_rts_delay=0.0, com1_bias=0,
                    ipv6_enabled=1, device_name="ION7400-173393", rx_timeout=30,
                    modbus_tcp_idle_timeout=120, modbus_gateway=0, modbus_rtu_eth_enabled=1,
                    dnp_enabled=0, time_sync_source=2, time_sync_type=0, clock_source=0, ntp_mode=0,
                    ntp_interval=3600, ntp_event_threshold=0.001, pulse_kt=0.2, pulse_output_mode=0,
                    pulse_width=0.05, burst_depth=3360, burst_buffer_depth=20, waveform_samples_per_cycle=64,
                    waveform_cycles=12, waveform_delay_cycles=8, waveform_depth=10, comtrade_log_depth=10)  # fmt: skip
    settings["modbus_access"] = 2  # commissioned with Modbus programming on (Read/Write): the security audit flags it
    identity = dict(meter_name="Main incomer", meter_model="METSEION7400", manufacturer="Schneider Electric",
                    serial_number="MR-2111A123-01", firmware_version="4.6.0")  # fmt: skip
    system = ThreePhaseSystem(
        phases=balanced(230.0, 2.5, 25.0), frequency=50.0, noise=0.002,
        energies=Energies(wh_del=1_205_341.0, varh_del=525_510.0, vah_del=1_335_000.0),
    )  # fmt: skip
    spec = DeviceSpec("ion7400", name, settings=settings, identity=identity, system=system)
    for key, value in overrides.items():
        setattr(spec, key, value)
    if spec.link == "tcp":  # the internal SFTP site (COMTRADE records) is reachable over Ethernet only
        spec.services.append(sftp.lab_service)
    return spec


def bcpme_specs(name: str = "BCPME", board: BcpmeBoard | None = None, unit: int = 1,
                **overrides: Any) -> list[DeviceSpec]:
    """A commissioned BCPME board: panel k on unit ``unit + k - 1``, all on one endpoint."""
    board = board or demo_board()
    specs = []
    for feed in board.panels:
        spec = DeviceSpec("bcpme", f"{name} panel {feed.panel}", unit=unit + feed.panel - 1,
                          settings=feed.commissioning(), system=feed, bus=name)
        for key, value in overrides.items():
            setattr(spec, key, value)
        specs.append(spec)
    return specs


def lab_port(base_port: int, offset: int) -> int:
    """Port ``offset`` of a lab starting at ``base_port``; base 0 means ephemeral ports."""
    return base_port + offset if base_port else 0


def demo_specs(base_port: int = DEFAULT_BASE_PORT) -> list[DeviceSpec]:
    """The demo site: every simulated device on loopback ports from ``base_port``."""
    return [
        ion7400_spec("ION7400 main incomer", port=lab_port(base_port, 0)),
        _rtu_feeder(base_port),
        *bcpme_specs("BCPME data hall PDU", port=lab_port(base_port, 1)),
        *iskra_sg_specs(lab_port(base_port, 2), rest_port=lab_port(base_port, 3)),
    ]


def _rtu_feeder(base_port: int) -> DeviceSpec:
    """The demo's RTU meter: on a pseudo-terminal, or RTU over TCP where there are none (Windows)."""
    if hasattr(os, "openpty"):
        return ion7400_spec("ION7400 feeder (RTU)", link="serial", port=None, unit=100, baud=19200)
    return ion7400_spec("ION7400 feeder (RTU)", link="rtu-tcp", port=lab_port(base_port, 4), unit=100)
