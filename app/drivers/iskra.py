"""Drivers for Iskra devices: energy meters, the Bicom latching switch and the SG gateway.

* :class:`IskraMeter` (IE38MD, WM3M4C): energy counters as value + unit + direction,
  from the counter registers and their unit/quadrant settings (register-maps.md §3c).
* :class:`IskraBicom`: relay state and ON / OFF / Toggle commands (SG manual L1056),
  each verified by reading the state back.
* :class:`IskraGateway` (SG-E1/SG-W1/SG-W1A): the devices behind the SG (L211, L213)
  and the consequences of a settings write that users must see first, above all that
  an RS-485 device type other than "not connected" turns the SG's RS-485 port into a
  master (L443, L479).

Counter registers follow one rule in every Iskra profile: the registers of group
``counters`` are the counters (``counter_<n>`` resettable, ``counter_nr_<n>``
non-resettable), with their settings ``<name>_unit`` and ``<name>_quadrants``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.drivers.generic import Device, WriteResult
from app.errors import ValidationError
from app.i18n import N_, _
from app.modbus import codec
from app.modbus.errors import LinkError
from app.profiles import Profile, load_all, profile_by_id

#: Counter unit register (low 2 bits) → unit (register-maps.md §3c).
COUNTER_UNITS = {0: "", 1: "Wh", 2: "varh", 3: "VAh"}
#: Counter quadrant mask → direction (register-maps.md §3c).
COUNTER_DIRECTIONS = {6: "import", 12: "import", 9: "export", 3: "export", 15: "bidirectional"}
#: Bit of holding register 40151: reverse connection, import and export swap (register-maps.md §3c).
REVERSE_CONNECTION_BIT = 1
_PREFIXES = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9}

#: Bicom commands and the raw values of its command register (convention, iskra-bicom.toml).
SWITCH_COMMANDS = {"ON": 1, "OFF": 2, "TOGGLE": 3}

#: Warnings before a write (shown through :func:`app.i18n._`).
RS485_MASTER_WARNING = N_(
    "Setting an RS-485 device type other than 'Not connected' makes the SG's RS-485 port a "
    "Modbus master: the SG then polls its RS-485 devices and stops answering on RS-485 as a "
    "slave, so MiQen or MeterDesk can no longer configure it over RS-485; use Modbus TCP "
    "(port 10001) instead (SG manual L443, L479)."
)
RS485_SLAVE_WARNING = N_(
    "With every RS-485 device type 'Not connected' the SG's RS-485 port is a slave again: the "
    "devices on its RS-485 bus are no longer reachable through the SG (SG manual L443)."
)


def counter_direction(quadrants: int | None, reverse: bool = False) -> str:
    """Direction a counter counts for its quadrant mask; "" when the mask means nothing known."""
    direction = COUNTER_DIRECTIONS.get(int(quadrants or 0) & 0x0F, "")
    if reverse and direction in ("import", "export"):
        return "export" if direction == "import" else "import"
    return direction


def counter_unit(raw: int | None) -> str:
    """Unit of a counter from its unit register (only the low 2 bits count)."""
    return COUNTER_UNITS[int(raw or 0) & 0x3]


def is_reversed(connection_settings: int | None) -> bool:
    return bool(int(connection_settings or 0) >> REVERSE_CONNECTION_BIT & 1)


@dataclass(frozen=True)
class Counter:
    """One energy counter: ``value`` in ``unit`` (Wh, varh or VAh; "" when none is set)."""

    name: str  # register name: counter_<n> or counter_nr_<n>
    label: str
    value: float | None
    unit: str
    direction: str = ""  # import, export, bidirectional, or "" when the path does not say
    resettable: bool = True

    def value_in(self, unit: str) -> float | None:
        """The value in ``unit``, which must be this counter's unit with an SI prefix (kWh)."""
        prefix = unit[: len(unit) - len(self.unit)] if unit.endswith(self.unit) else None
        if prefix not in _PREFIXES:
            if self.unit:
                problem = _("{counter}: cannot express {unit} in {target}")
            else:
                problem = _("{counter}: cannot express a unit-less value in {target}")
            raise ValueError(problem.format(counter=self.name, unit=self.unit, target=unit))
        return None if self.value is None else self.value / _PREFIXES[prefix]


def counter_registers(profile: Profile) -> list[str]:
    """Names of a profile's energy counters, in profile order."""
    return [r.name for r in profile.in_group("counters")]


class IskraMeter(Device):
    """An Iskra energy meter (IE38MD, WM3M4C…) read over Modbus."""

    async def counters(self) -> list[Counter]:
        """Every energy counter with its unit and direction, in one planned read."""
        names = counter_registers(self.profile)
        settings = [f"{n}_{kind}" for n in names for kind in ("unit", "quadrants")]
        if self.profile.has("connection_settings"):
            settings.append("connection_settings")
        values = await self.read(names + settings)
        reverse = is_reversed(values.get("connection_settings"))
        return [
            Counter(
                name=n,
                label=self.profile.register(n).label,
                value=values[n],
                unit=counter_unit(values[f"{n}_unit"]),
                direction=counter_direction(values[f"{n}_quadrants"], reverse),
                resettable=not n.startswith("counter_nr_"),
            )
            for n in names
        ]


@dataclass(frozen=True)
class SwitchResult:
    """Outcome of a Bicom command: ``ok`` when the read-back state is the expected one."""

    command: str
    before: str | None
    expected: str | None
    after: str | None
    ok: bool
    message: str


class IskraBicom(Device):
    """An Iskra Bicom latching switch: state, and ON / OFF / Toggle verified by read-back."""

    async def state(self) -> str | None:
        """The relay state, "ON" or "OFF" (None if the switch reports something else)."""
        reg = self.profile.register("relay_state")
        raw = (await self.read([reg.name]))[reg.name]
        return (reg.enum or {}).get(raw)

    def confirmation(self, command: str) -> str:
        """The question to ask before sending ``command`` (the relay switches real loads)."""
        question = {
            "ON": _("Switch ON the latching switch {device} (unit {unit})? This switches its load."),
            "OFF": _("Switch OFF the latching switch {device} (unit {unit})? This switches its load."),
            "TOGGLE": _("Toggle the latching switch {device} (unit {unit})? This switches its load."),
        }[_command(command)]
        return question.format(device=self.name, unit=self.unit)

    async def switch(self, command: str, settle: float = 2.0, poll: float = 0.05) -> SwitchResult:
        """Send ON, OFF or TOGGLE and read the state back until it matches (at most ``settle`` s)."""
        command = _command(command)
        reg = self.profile.register("command")
        words = codec.encode(reg, SWITCH_COMMANDS[command])
        before = expected = None
        try:
            before = await self.state()
            expected = {"ON": "OFF", "OFF": "ON"}.get(before or "") if command == "TOGGLE" else command
            if expected is None:
                return SwitchResult(command, before, None, before, False, _("state unknown, so Toggle was not sent"))
            await self.link.write_registers(reg.address, words, self.unit)
            deadline = time.monotonic() + settle
            after = await self.state()
            while after != expected and time.monotonic() < deadline:
                await asyncio.sleep(poll)
                after = await self.state()
        except LinkError as exc:
            return SwitchResult(command, before, expected, None, False, str(exc))
        if after == expected:
            return SwitchResult(command, before, expected, after, True,
                                _("verified: the relay is {state}").format(state=after))
        return SwitchResult(command, before, expected, after, False,
                            _("the relay reads {state} {seconds:g} s after {command}, expected {expected}").format(
                                state=after or _("unknown"), seconds=settle, command=command, expected=expected))


def _command(command: str) -> str:
    key = command.strip().upper()
    if key not in SWITCH_COMMANDS:
        raise ValidationError(_("{command!r} is not a Bicom command; choose ON, OFF or Toggle").format(command=command))
    return key


@dataclass(frozen=True)
class Attached:
    """A device behind the SG, as its settings declare it and as it identifies itself."""

    slot: str  # "IR energy meter", "IR relay", "RS 485 device 1", "RS 485 device 2" (in the current language)
    unit: int
    profile: str | None  # matching profile id, None when unknown or not answering
    model: str = ""
    serial: str = ""
    rest_device: int | None = None  # 0, 1 or 2 for the REST commands (L507-L514); None: not served
    error: str = ""


class IskraGateway(Device):
    """An Iskra SG gateway: its own settings, and the devices reached through it."""

    async def write_warnings(self, values: Mapping[str, Any]) -> list[str]:
        """What writing ``values`` will do beyond the values themselves; show before writing."""
        warnings = []
        types = [f"rs485_dev{n}_type" for n in (1, 2)]
        if any(name in values for name in types):
            current = await self.read(types)
            before = any(current[t] not in (0, None) for t in types)
            after = any(values.get(t, current[t]) not in (0, None) for t in types)
            if after and not before:
                over_rs485 = self.link.endpoint.kind == "rtu"
                warning = _(RS485_MASTER_WARNING)
                if over_rs485:
                    warning += " " + _("You are connected over RS-485: this connection will be lost.")
                warnings.append(warning)
            elif before and not after:
                warnings.append(_(RS485_SLAVE_WARNING))
        address = values.get("local_modbus_address")
        if address is not None and address != self.unit:
            warnings.append(_("The SG will answer at Modbus address {address} instead of {unit}; "
                              "MiQen expects 34 (SG manual L452-L454).").format(address=address, unit=self.unit))
        return warnings

    async def write(self, values: Mapping[str, Any], verify: bool = True) -> list[WriteResult]:
        """As :meth:`Device.write`; a new Local Modbus Address is written last and verified there."""
        address = values.get("local_modbus_address")
        if address is None or address == self.unit:
            return await super().write(values, verify)
        self.validate(values)
        others = {k: v for k, v in values.items() if k != "local_modbus_address"}
        results = await super().write(others, verify) if others else []
        moved = (await super().write({"local_modbus_address": address}, verify=False))[0]
        if moved.status == "failed" or not verify:
            return [*results, moved]
        self.unit = address
        try:
            back = (await self.read(["local_modbus_address"]))["local_modbus_address"]
        except LinkError as exc:
            return [*results, WriteResult("local_modbus_address", address, None, "failed",
                                          _("no answer at the new address {address}: {reason}").format(
                                              address=address, reason=exc))]
        status = "verified" if back == address else "mismatch"
        return [*results, WriteResult("local_modbus_address", address, back, status,
                                      _("verified at the new address {address}").format(address=address)
                                      if back == address else _("read back {value}").format(value=back))]

    async def attached(self) -> list[Attached]:
        """The devices the SG's settings enable (L213), each identified at its unit."""
        names = ["ir_counter_enabled", "ir_counter_address", "ir_relay_mode"]
        names += [f"rs485_dev{n}_{k}" for n in (1, 2) for k in ("type", "address")]
        s = await self.read(names)
        slots: list[tuple[str, int, int | None]] = []
        if s["ir_counter_enabled"] == 1 and s["ir_counter_address"]:
            slots.append((_("IR energy meter"), int(s["ir_counter_address"]), 0))
        if s["ir_relay_mode"] not in (0, None):
            slots.append((_("IR relay"), profile_by_id("iskra-bicom").links.tcp_unit, None))
        for n in (1, 2):
            kind = s[f"rs485_dev{n}_type"]
            if kind not in (0, None) and s[f"rs485_dev{n}_address"]:
                meter = self.profile.register(f"rs485_dev{n}_type").enum.get(kind) == "Energy meter"
                slots.append((_("RS 485 device {number}").format(number=n), int(s[f"rs485_dev{n}_address"]),
                              n if meter else None))
        found = []
        for slot, unit, rest in slots:
            probe = Device(self.link, self.profile, unit)  # identity registers: the Iskra family layout
            try:
                ident = await probe.read(["model", "serial_number"])
            except LinkError as exc:
                found.append(Attached(slot, unit, None, rest_device=rest, error=str(exc)))
                continue
            model, serial = str(ident["model"] or ""), str(ident["serial_number"] or "")
            found.append(Attached(slot, unit, profile_for_model(model), model, serial, rest))
        return found

    def device(self, attached: Attached) -> Device:
        """A driver for an attached device, on this SG's link."""
        if attached.profile is None:
            raise ValidationError(_("{device} at unit {unit} has no known profile").format(
                device=attached.slot, unit=attached.unit))
        profile = profile_by_id(attached.profile)
        cls = ISKRA_DRIVERS.get(profile.driver, Device)
        return cls(self.link, profile, attached.unit, name=f"{attached.slot} ({attached.model})")


def profile_for_model(model: str) -> str | None:
    """The Iskra profile whose identity ``match`` occurs in a model string."""
    for profile in load_all().values():
        if profile.vendor == "Iskra" and profile.identity.match and profile.identity.match in model:
            return profile.id
    return None


ISKRA_DRIVERS: dict[str, type[Device]] = {"iskra-meter": IskraMeter, "iskra-bicom": IskraBicom, "iskra-sg": IskraGateway}
