"""Iskra SG gateway simulator with the devices behind it, and the SG's REST read-out.

One TCP server (the SG's Modbus TCP port) serves the SG and its attached devices by
unit id, as the SG does ("all devices connected to SG are visible at their Modbus
addresses", SG manual L211):

* the SG itself at its Local Modbus Address (34, L433, L454);
* the IR energy meter (left IR port, L202) at the IR Energy Counter Modbus Address
  while the IR Energy Counter is Enabled (L883-L889);
* the IR Bicom (right IR port, L202) at unit 35 (MeterDesk convention, see
  iskra-bicom.toml) unless the IR Relay Operating Mode is Not Connected (L898-L902);
* devices on the RS-485 bus at their own addresses while the RS-485 port is a master,
  i.e. while an RS-485 device type is not "not connected" (L443); then every device on
  the bus is reachable, not only devices 1 and 2 (L213).

A unit nothing answers for gets exception 11 (gateway target failed to respond).
:class:`Rs485SlavePort` is the SG's RS-485 terminal, answering as the SG only while the
port is a slave (L443, L479); :class:`RestServer` serves the REST API (L500-L664).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import numpy as np

from app.drivers.iskra import (
    counter_direction,
    counter_registers,
    counter_unit,
    is_reversed,
)
from app.modbus.codec import PowerFactor
from app.profiles import Profile, Register, profile_by_id
from app.sim.device import ILLEGAL_ADDRESS, ILLEGAL_VALUE, Reply, SimulatedDevice
from app.sim.physics import Energies, ThreePhaseSystem, balanced
from app.sim.server import Bus, SerialServer

if TYPE_CHECKING:
    from app.sim.lab import DeviceSpec

#: The IE38MD and WM3M4C have no public active-tariff register; the simulated meters run on
#: tariff 1, as the REST example and the measurements page show (L569, L1040).
ACTIVE_TARIFF = 1


class IskraDevice(SimulatedDevice):
    """What all simulated Iskra devices share.

    * Unlisted registers inside a block the profile declares readable answer 0 (Iskra's
      own library reads those blocks whole, register-maps.md §3); anything else that is
      not mapped gets exception 02.
    * Write-only registers (passwords, the Bicom command) always read as zeros.
    * Identity values are text; numeric identity registers (software version) take their number.
    """

    unmapped_read = 0

    def __init__(self, profile: Profile, **kwargs: Any) -> None:
        self._spanned = {fc: np.zeros(65536, dtype=bool) for fc in (3, 4)}
        for span in profile.readable:
            self._spanned[span.function][span.start : span.end] = True
        super().__init__(profile, **kwargs)

    def read(self, function: int, address: int, count: int) -> Reply:
        if function in (3, 4) and count >= 1 and address + count <= 65536:
            window = slice(address, address + count)
            if (~self._mapped[function][window] & ~self._spanned[function][window]).any():
                return Reply(exception=ILLEGAL_ADDRESS)
        return super().read(function, address, count)

    def _store(self, reg: Register, value: Any) -> None:
        if reg.access == "W":
            self._image[reg.function][reg.address : reg.end] = 0
            return
        if isinstance(value, str) and reg.type != "string":
            value = float(value)
        super()._store(reg, value)


class IskraMeterSimulator(IskraDevice):
    """IE38MD / WM3M4C: measurements from the three-phase model, and energy counters.

    * Power factors are T7 with the meter's flags: capacitive when the IEEE-signed PF is
      positive, export when the phase's active power is negative.
    * Power angle = atan2(Q, P) in degrees, as the REST example shows (P0 6.5 W,
      Q0 -27.7 var, PA0 -76.91, L542-L558).
    * Each counter counts the energy its unit register (Wh, varh, VAh) and quadrant mask
      (import, export, both) select; bit 1 of 40151 swaps import and export
      (register-maps.md §3c). Resettable counters count from their last
      :meth:`reset_counters`.
    """

    internal_temperature = 36.7  # °C, as in the REST example (L562)
    counter_exponent = 1  # exponent of T3 counters: steps of 10 Wh (MeterDesk's choice)

    def __init__(self, profile: Profile, **kwargs: Any) -> None:
        self._counters = counter_registers(profile)
        self._reset_at: dict[str, float] = {}
        super().__init__(profile, **kwargs)

    def measurements(self, q: dict[str, float]) -> dict[str, Any]:
        out: dict[str, Any] = dict(q)
        for key in ("total", "a", "b", "c"):
            p, reactive = q[f"p_{key}"], q[f"q_{key}"]
            out[f"pf_{key}"] = PowerFactor(q[f"pf_{key}"], export=p < 0)
            out[f"pa_{key}"] = math.degrees(math.atan2(reactive, p))
        out["t_internal"] = self.internal_temperature
        return out

    def set_counter_exponent(self, exponent: int) -> None:
        """Simulator control: serve T3 counters with this decade exponent from now on."""
        self.counter_exponent = exponent
        self._update_measurements()

    def counter_energy(self, name: str) -> float:
        """Energy a counter's settings select, in its unit, since the start (before any reset)."""
        unit = counter_unit(self.settings.get(f"{name}_unit"))
        direction = counter_direction(self.settings.get(f"{name}_quadrants"),
                                      is_reversed(self.settings.get("connection_settings")))
        if not unit or not direction:
            return 0.0
        e: Energies = self.system.energies
        imported, exported = {"Wh": (e.wh_del, e.wh_rec), "varh": (e.varh_del, e.varh_rec),
                              "VAh": (e.vah_del, e.vah_rec)}[unit]
        return {"import": imported, "export": exported, "bidirectional": imported + exported}[direction]

    def reset_counters(self) -> None:
        """Reset every resettable counter to zero (simulator control)."""
        for name in self._counters:
            if not name.startswith("counter_nr_"):
                self._reset_at[name] = self.counter_energy(name)
        self._update_measurements()

    def _update_measurements(self) -> None:
        super()._update_measurements()
        for name in self._counters:
            reg = self.profile.register(name)
            if reg.scale_register:  # stored first: the counter is stored as value ÷ 10^exponent
                self._store(self.profile.register(reg.scale_register), self.counter_exponent)
            self._store(reg, max(0.0, self.counter_energy(name) - self._reset_at.get(name, 0.0)))


class BicomSimulator(IskraDevice):
    """IR Bicom latching switch: ON, OFF and Toggle commands (Bicom control page, L1056).

    The relay takes ``switch_delay`` seconds to reach its new state; a Toggle acts on the
    state the relay is heading for.
    """

    switch_delay = 0.0

    def __init__(self, profile: Profile, **kwargs: Any) -> None:
        self.state = 0  # 0 OFF, 1 ON
        self._pending: tuple[float, int] | None = None
        super().__init__(profile, **kwargs)

    def on_setting_changed(self, reg: Register, value: Any) -> None:
        if reg.name == "command":
            heading = self._pending[1] if self._pending else self.state
            target = {1: 1, 2: 0, 3: 1 - heading}[int(value)]
            self._pending = (self._clock() + self.switch_delay, target)

    def measurements(self, q: dict[str, float]) -> dict[str, Any]:
        if self._pending and self._clock() >= self._pending[0]:
            self.state, self._pending = self._pending[1], None
        return {"relay_state": self.state}


class IskraGatewaySimulator(IskraDevice):
    """The SG itself: settings, status, and the routing to the devices attached to it."""

    answers_any_unit = False  # a gateway answers its own address only (L433)
    temperature = 20.4  # °C on the Pt1000 input (status page example, L712)
    wifi_rssi = -35  # dBm (L698)
    ip_address = "127.0.0.1"

    def __init__(self, profile: Profile, **kwargs: Any) -> None:
        self.pulses = 0
        self.ir_meter: SimulatedDevice | None = None
        self.ir_relay: SimulatedDevice | None = None
        self.rs485: dict[int, SimulatedDevice] = {}
        self._boot: float | None = None
        enum = profile.register("rs485_dev1_type").enum or {}
        self._meter_type = next(k for k, label in enum.items() if label == "Energy meter")
        #: Files on the SG filesystem, as the Certificate Manager lists them (L1063-L1074).
        self.certificates = ["mqtt-broker-ca.pem", "iskra-upgrade-server.pem"]
        super().__init__(profile, **kwargs)
        self._show_certificates()

    def _show_certificates(self) -> None:
        """The Certificate Manager's files in the convention registers (empty slots read "")."""
        for n in range(1, 5):
            name = self.certificates[n - 1] if n <= len(self.certificates) else ""
            self._store(self.profile.register(f"certificate_{n}"), name)

    def refuse_write(self, reg: Register, value: Any) -> int:
        if reg.name == "upgrade_certificate" and value and value not in self.certificates:
            return ILLEGAL_VALUE  # the certificate must be on the SG filesystem (L1063-L1074)
        return super().refuse_write(reg, value)

    def attach(self, ir_meter: SimulatedDevice | None = None, ir_relay: SimulatedDevice | None = None,
               rs485: dict[int, SimulatedDevice] | None = None) -> None:
        """Connect devices: on the left IR port, the right IR port, the RS-485 bus (by address)."""
        self.ir_meter, self.ir_relay, self.rs485 = ir_meter, ir_relay, dict(rs485 or {})

    def pulse(self, count: int = 1) -> None:
        """Pulses on the digital input (L108), counted on the status page (L713)."""
        self.pulses += count
        self._update_measurements()

    @property
    def rs485_master(self) -> bool:
        """True once an RS-485 device type is not "not connected" (L443)."""
        return any(self.settings.get(f"rs485_dev{n}_type", 0) for n in (1, 2))

    def route(self, unit: int) -> SimulatedDevice | None:
        """The device answering ``unit`` on the SG's Modbus TCP port (see the module docstring)."""
        s = self.settings
        if unit == s.get("local_modbus_address"):
            return self
        if self.ir_meter is not None and s.get("ir_counter_enabled") == 1 and unit == s.get("ir_counter_address"):
            return self.ir_meter
        if self.ir_relay is not None and s.get("ir_relay_mode", 0) != 0 and unit == bicom_unit():
            return self.ir_relay
        return self.rs485.get(unit) if self.rs485_master else None

    def rest_device(self, index: int) -> SimulatedDevice | None:
        """The meter behind REST device 0 (left IR) or 1/2 (RS-485 device 1/2), L506-L514."""
        s = self.settings
        if index == 0:
            return self.ir_meter if s.get("ir_counter_enabled") == 1 else None
        if s.get(f"rs485_dev{index}_type") != self._meter_type:
            return None
        return self.rs485.get(s.get(f"rs485_dev{index}_address"))

    def measurements(self, q: dict[str, float]) -> dict[str, Any]:
        now = self._clock()
        self._boot = now if self._boot is None else self._boot
        return {
            "rs485_role": int(self.rs485_master),
            "uptime": int(now - self._boot),
            "temperature": self.temperature,
            "pulse_count": self.pulses,
            "wifi_rssi": self.wifi_rssi,
            "ip_address": int(ipaddress.IPv4Address(self.ip_address)),
        }


@dataclass
class GatewayBus(Bus):
    """The SG's Modbus TCP side: each unit goes where the gateway's settings route it."""

    gateway: IskraGatewaySimulator | None = None

    def device(self, unit: int) -> SimulatedDevice | None:
        return self.gateway.route(unit)


@dataclass
class SlavePortBus(Bus):
    """The SG's RS-485 terminals: the SG answers there only while the port is a slave (L443, L479)."""

    gateway: IskraGatewaySimulator | None = None

    def device(self, unit: int) -> SimulatedDevice | None:
        g = self.gateway
        return g if not g.rs485_master and unit == g.settings.get("local_modbus_address") else None


class Rs485SlavePort:
    """The SG's RS-485 port as a pseudo-terminal, at the SG's RS-485 baud rate and parity."""

    def __init__(self, gateway: IskraGatewaySimulator) -> None:
        self.baud = int(gateway.settings.get("rs485_baud", 115200))
        self.parity = "NOE"[int(gateway.settings.get("rs485_parity", 0))]
        self._server = SerialServer(SlavePortBus({}, gateway=gateway), None, self.baud, self.parity)

    async def start(self) -> str:
        await self._server.start()
        return f"rtu:{self._server.client_port}?baud={self.baud}&parity={self.parity}"

    async def stop(self) -> None:
        await self._server.stop()


class RestServer:
    """The SG's REST API (JSON over HTTP, L500-L664) on a loopback port.

    ``GET /get_command?command=get_measurements`` (left IR meter) or ``…1`` / ``…2``
    (RS-485 devices 1 and 2), and ``get_counters`` likewise; other parameters (the
    example's ``time``, L580) are ignored. A device that is not there gets 404 with a
    JSON error (the manual does not say what the SG answers).
    """

    def __init__(self, gateway: IskraGatewaySimulator, host: str = "127.0.0.1", port: int = 0) -> None:
        self.gateway = gateway
        self.host = host
        self.port = port
        self._server: asyncio.base_events.Server | None = None

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return f"http://{self.host}:{self.port}"

    async def stop(self) -> None:
        if self._server:
            self._server.close()
            await self._server.wait_closed()

    def respond(self, method: str, target: str) -> tuple[int, dict[str, Any]]:
        """HTTP status and JSON body for a request."""
        url = urlsplit(target)
        if url.path != "/get_command":
            return 404, {"error": f"no such page: {url.path}"}
        if method != "GET":
            return 405, {"error": "use GET"}
        command = parse_qs(url.query).get("command", [""])[0]
        match = re.fullmatch(r"get_(measurements|counters)([12]?)", command)
        if match is None:
            return 400, {"error": f"unknown command {command!r}"}
        index = int(match[2] or 0)
        device = self.gateway.rest_device(index)
        if device is None:
            where = f"RS 485 device {index}" if index else "the left IR port"
            return 404, {"error": f"no energy meter on {where}"}
        device.tick()
        body = measurements_json if match[1] == "measurements" else counters_json
        return 200, body(command, device)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = (await reader.readline()).decode("latin-1").split()
            while (await reader.readline()).strip():  # headers: not needed
                pass
            if len(request) != 3:
                status, body = 400, {"error": "malformed request"}
            else:
                status, body = self.respond(request[0], request[1])
            data = json.dumps(body, indent=2).encode()
            reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}[status]
            writer.write(f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode() + data)
            await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()


def _local_time() -> str:
    return time.strftime("%d.%m.%Y %H:%M:%S")  # format of the examples (L530, L715)


def _header(command: str, device: SimulatedDevice) -> dict[str, Any]:
    return {"cmd": command, "local_time": _local_time(), "model": device.value("model"),
            "serial_number": device.value("serial_number")}


def measurements_json(command: str, device: SimulatedDevice) -> dict[str, Any]:
    """The measurements response: strings with the unit inside, as in L526-L571."""
    v = device.value
    m: dict[str, Any] = {"frequency": f"{v('frequency'):.2f} "}
    m.update({f"U{n}": f"{v(f'voltage_{n}'):.1f} V" for n in (1, 2, 3)})
    m.update({f"I{n}": f"{v(f'current_{n}'):.3f} A" for n in (1, 2, 3)})
    for key, unit in (("P", "W"), ("Q", "var"), ("S", "VA")):
        for n, name in enumerate(("total", "1", "2", "3")):
            m[f"{key}{n}"] = f"{v(f'{key.lower()}_{name}'):.1f} {unit}"
    for n, name in enumerate(("total", "1", "2", "3")):
        pf = v(f"pf_{name}")
        m[f"PF{n}"] = f"{abs(pf):.4f} {'Cap' if pf.capacitive else 'Ind'}"
    for n, name in enumerate(("total", "1", "2", "3")):
        m[f"PA{n}"] = f"{v(f'angle_{name}'):.2f}"
    m["Tint"] = f"{v('temperature'):.2f}"
    m.update({f"THDI{n}": f"{v(f'thd_i_{n}'):.2f}" for n in (1, 2, 3)})
    m.update({f"THDUp{n}": f"{v(f'thd_u_{n}'):.2f}" for n in (1, 2, 3)})
    m["tariff"] = ACTIVE_TARIFF
    return {"header": _header(command, device), "measurements": m}


def counters_json(command: str, device: SimulatedDevice) -> dict[str, Any]:
    """The energy counters response, as in L584-L663.

    Values are in kilo-units, the unit from the counter's unit register ("k" alone when it
    has none, as counters 13-16 show, L611-L614). Decimals and tariff lists follow the
    example: one decimal and tariffs "1 2 3 4 " for the non-resettable counters and
    counters 1-8, two decimals and no tariffs for counters 9-16 (L595-L661); the
    header's ``cmd`` is "get_energy_counters" (L587).
    """
    names = counter_registers(device.profile)
    keys = {n: f"counter{n.removeprefix('counter_nr_')}nr" if n.startswith("counter_nr_")
            else f"counter{n.removeprefix('counter_')}" for n in names}
    keys = {n: keys[n] for n in sorted(names, key=lambda n: not n.startswith("counter_nr_"))}
    late = {n for n in names if not n.startswith("counter_nr_") and int(n.removeprefix("counter_")) > 8}
    counters = {}
    for name, key in keys.items():
        unit = counter_unit(device.settings.get(f"{name}_unit"))
        counters[key] = f"{device.value(name) / 1000:.{2 if name in late else 1}f} k{unit}"
    settings = {f"phase{k.removeprefix('counter')}": "" for k in keys.values()}
    settings.update({f"tariff{k.removeprefix('counter')}": "" if n in late else "1 2 3 4 " for n, k in keys.items()})
    header = _header("get_energy_counters", device)
    header["resetable_counters"] = sum(1 for n in names if not n.startswith("counter_nr_"))
    header["non_resetable_counters"] = sum(1 for n in names if n.startswith("counter_nr_"))
    return {"header": header, "counters": counters, "settings": settings}


def bicom_unit() -> int:
    """Where the SG serves its right-IR relay (convention: the manual gives no address)."""
    return profile_by_id("iskra-bicom").links.tcp_unit


# ---- the demo group

SG_UNIT, IE38MD_UNIT, WM3M4C_UNIT = 34, 33, 1


def gateway_bus(sg: int, ir_meter: int | None = None, ir_relay: int | None = None,
                rs485: tuple[int, ...] = ()) -> Callable[[dict[int, SimulatedDevice]], GatewayBus]:
    """A :class:`DeviceSpec` ``bus_factory``: which unit of the group sits where behind the SG."""

    def build(devices: dict[int, SimulatedDevice]) -> GatewayBus:
        gateway = devices[sg]
        gateway.attach(devices.get(ir_meter), devices.get(ir_relay), {u: devices[u] for u in rs485})
        return GatewayBus(devices, gateway=gateway)

    return build


def iskra_sg_specs(port: int = 0, rest_port: int | None = 0, *, host: str = "127.0.0.1",
                   rs485_slave_port: bool = False) -> list[DeviceSpec]:
    """An SG-W1 with an IE38MD on its left IR port (unit 33), an IR Bicom on its right IR
    port (unit 35) and a WM3M4C as RS-485 device 1 (unit 1), all on one Modbus TCP
    ``port``; the REST API on ``rest_port`` (None: not served) and, optionally, the SG's
    RS-485 slave port on a pty (silent here: RS-485 device 1 makes the port a master).
    """
    # lab.py lists this group in its demo, so lab is imported at call time
    from app.sim.lab import DeviceSpec

    services: list[Callable[[Bus], Any]] = []
    if rest_port is not None:
        services.append(lambda bus: RestServer(bus.gateway, host, rest_port))
    if rs485_slave_port:
        services.append(lambda bus: Rs485SlavePort(bus.gateway))
    common = dict(link="tcp", host=host, port=port, bus="Iskra SG")
    sg = DeviceSpec(
        "iskra-sg", "Iskra SG-W1", unit=SG_UNIT, **common,
        bus_factory=gateway_bus(SG_UNIT, IE38MD_UNIT, bicom_unit(), (WM3M4C_UNIT,)), services=services,
        identity=dict(model="SG-W1", serial_number="SG000017", sw_version="0.51", fs_version="22"),
        settings=dict(
            description="MeterDesk demo gateway", location="Lab", connection_mode=0,
            wifi_ssid="MeterDesk-Lab", ntp_sync=1, timezone="CET-1CEST,M3.5.0,M10.5.0/3",
            ntp_servers="pool.ntp.org", debug_console=0, push1_server="broker.example", push1_port=1883,
            push1_protocol=1, push1_mqtt_protocol=0, push1_mqtt_root_topic="meterdesk",
            ir_counter_enabled=1, ir_counter_address=IE38MD_UNIT, ir_counter_push=1, ir_counter_push_interval=60,
            ir_relay_mode=1, ir_relay_description="Boiler", rs485_dev1_type=1, rs485_dev1_address=WM3M4C_UNIT,
            rs485_dev1_push=0, rs485_dev2_address=2,
        ),
    )  # fmt: skip
    # the IE38MD's counter set-up as its REST example reports it (units L595-L614)
    units = {"counter_nr_1": 1, "counter_nr_2": 1, "counter_nr_3": 2, "counter_nr_4": 2}
    units.update({f"counter_{n}": (1, 1, 2, 2)[(n - 1) % 4] if n <= 12 else 0 for n in range(1, 17)})
    ie38_settings: dict[str, Any] = {f"{name}_unit": unit for name, unit in units.items()}
    ie38_settings.update({f"{name}_quadrants": (6, 9)[k % 2] for k, name in enumerate(units)})
    ie38md = DeviceSpec(
        "iskra-ie38md", "IE38MD (left IR)", unit=IE38MD_UNIT, **common, settings=ie38_settings,
        identity=dict(model="IE38MD", serial_number="X0000124"),
        system=ThreePhaseSystem(phases=balanced(230.0, 12.0, 20.0), energies=Energies(
            wh_del=1_234_567.0, wh_rec=2_345.0, varh_del=345_678.0, varh_rec=1_234.0, vah_del=1_400_000.0)),
    )  # fmt: skip
    bicom = DeviceSpec("iskra-bicom", "IR Bicom (right IR)", unit=bicom_unit(), **common,
                       identity=dict(model="IR Bicom", serial_number=""))
    wm3m4c = DeviceSpec(
        "iskra-wm3m4c", "WM3M4C (RS-485 device 1)", unit=WM3M4C_UNIT, **common,
        identity=dict(model="WM3M4C", serial_number="18230001"),
        settings=dict(counter_nr_1_unit=1, counter_nr_1_quadrants=6, counter_nr_2_unit=1, counter_nr_2_quadrants=9),
        system=ThreePhaseSystem(phases=balanced(230.0, 5.0, -40.0), energies=Energies(wh_del=5_432_100.0, wh_rec=0.0)),
    )  # fmt: skip
    return [sg, ie38md, bicom, wm3m4c]
