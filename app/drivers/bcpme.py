"""BCPME driver: one board presented as one device of up to 84 branch circuits plus mains.

Panel 1 answers on the base unit and panel 2 on base + 1, with the same register
map; a two-strip model has only panel 1 (manual L167–L169, L1047–L1052;
register-maps.md §2). The register-level :class:`~app.drivers.generic.Device`
API (``read``, ``write``) works on the base unit, as for any device;
:meth:`BcpmeDevice.panel` gives the same API for either panel.

Branch values come from the integer blocks and their per-channel scale
registers (value = raw × 10^scale), the map's best-confirmed part.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.devices.bcpme_circuits import (
    AUX_CHANNELS,
    CHANNELS,
    MAX_PANELS,
    Alarm,
    Circuit,
    CurrentLimits,
    LogicalCircuit,
    logical_circuits,
)
from app.devices.bcpme_settings import Options, PanelSettings, check_demand, per_channel
from app.drivers.generic import Device, WriteResult
from app.errors import ValidationError
from app.i18n import _
from app.modbus.codec import Value
from app.modbus.errors import LinkError
from app.modbus.link import ModbusLink
from app.profiles.model import Profile

CLEAR_MAX = 29877  # per-channel command: clear max values (register-maps.md §2 2a)
CLEAR_ENERGY = 10203  # per-channel command: clear energy (V2 "clear kW"; L)
SYNC_DEMAND = 26012  # demand sync command, register 295 (register-maps.md §2)

#: Circuit field → profile register prefix (``<prefix>_<channel>``).
CIRCUIT_FIELDS = {
    "current": "current", "power": "power", "apparent": "apparent_power", "pf": "pf", "energy": "energy",
    "current_demand": "current_demand", "max_current_demand": "max_current_demand",
    "power_demand": "power_demand", "max_power_demand": "max_power_demand",
    "max_current": "max_current", "max_power": "max_power",
}  # fmt: skip
_MAINS = {
    "voltage_ln": ("voltage_an", "voltage_bn", "voltage_cn"),
    "voltage_ll": ("voltage_ab", "voltage_bc", "voltage_ca"),
    "current": ("mains_current_a", "mains_current_b", "mains_current_c", "mains_current_n"),
    "power": ("mains_power_a", "mains_power_b", "mains_power_c"),
    "apparent": ("mains_apparent_a", "mains_apparent_b", "mains_apparent_c"),
    "pf": ("mains_pf_a", "mains_pf_b", "mains_pf_c"),
    "current_demand": tuple(per_channel("aux_current_demand", AUX_CHANNELS)),
}
_MAINS_SCALARS = {
    "frequency": "frequency", "power_total": "mains_power_total", "apparent_total": "mains_apparent_total",
    "pf_total": "mains_pf_total", "energy": "mains_energy", "power_demand": "aux_power_demand",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Mains:
    """A panel's mains (aux inputs and the shared voltage taps). Units: V, Hz, A, kW, kVA, kWh.

    Per-phase tuples are (A, B, C); currents and their demands add the neutral.
    ``limits`` are the aux channels' event thresholds (A).
    """

    panel: int
    voltage_ln: tuple[float | None, ...]
    voltage_ll: tuple[float | None, ...]  # A-B, B-C, C-A
    frequency: float | None
    current: tuple[float | None, ...]
    power: tuple[float | None, ...]
    apparent: tuple[float | None, ...]
    pf: tuple[float | None, ...]
    power_total: float | None
    apparent_total: float | None
    pf_total: float | None
    energy: float | None
    current_demand: tuple[float | None, ...]
    power_demand: float | None
    limits: tuple[CurrentLimits, ...]
    alarms: tuple[Alarm, ...]  # aux 1–4
    voltage_alarms: tuple[int | None, ...]  # registers 241–243: bit 0/1 high/low latched, 8/9 non-latched


class BcpmeDevice(Device):
    """A BCPME board on ``link``: panel 1 at ``unit``, panel 2 (if fitted) at ``unit + 1``.

    ``panels`` fixes the number of panels; ``None`` finds out on first use by
    asking ``unit + 1`` for register 6.
    """

    def __init__(self, link: ModbusLink, profile: Profile, unit: int, name: str = "",
                 panels: int | None = None) -> None:
        super().__init__(link, profile, unit, name=name)
        if panels is not None and not 1 <= panels <= MAX_PANELS:
            raise ValueError(_("a BCPME board has 1 or 2 panels, not {panels}").format(panels=panels))
        self._panels = panels
        self._panel_devices: dict[int, Device] = {1: self}

    # ---- panels

    async def panel_count(self) -> int:
        """1 or 2. Panel 2 counts as absent when ``unit + 1`` times out or answers with an exception."""
        if self._panels is None:
            try:
                await self.panel(2).read(["strip_layout"])
                self._panels = 2
            except LinkError as exc:
                if exc.kind not in ("timeout", "exception"):
                    raise
                self._panels = 1
        return self._panels

    def panel(self, k: int) -> Device:
        """Register-level access to panel ``k`` (1 or 2)."""
        if not 1 <= k <= MAX_PANELS:
            raise ValueError(_("panel {panel} is outside 1..{count}").format(panel=k, count=MAX_PANELS))
        if k not in self._panel_devices:
            name = _("{device} panel {panel}").format(device=self.name, panel=k)
            self._panel_devices[k] = Device(self.link, self.profile, self.unit + k - 1, name=name)
        return self._panel_devices[k]

    async def panels(self) -> range:
        return range(1, await self.panel_count() + 1)

    # ---- reading

    async def read_settings(self, panel: int) -> PanelSettings:
        """Strip layout, 62017 options, demand, sizes, phases and event set-up of one panel."""
        values = await self.panel(panel).read(PanelSettings.register_names())
        return PanelSettings.from_values(panel, values)

    async def read_circuits(self, settings: Mapping[int, PanelSettings] | None = None) -> list[Circuit]:
        """Every branch circuit of every panel, ordered by circuit number (1–84).

        ``settings`` (per panel, from :meth:`read_settings`) saves reading them
        again on every poll; without it they are read in the same pass.
        """
        names = [f"{prefix}_{ch}" for prefix in CIRCUIT_FIELDS.values() for ch in range(1, CHANNELS + 1)]
        names += per_channel("alarm_status")
        circuits = []
        for panel in await self.panels():
            cfg = settings.get(panel) if settings else None
            values = await self.panel(panel).read(names + ([] if cfg else PanelSettings.register_names()))
            cfg = cfg or PanelSettings.from_values(panel, values)
            circuits += [_circuit(cfg, ch, values) for ch in range(1, CHANNELS + 1)]
        return circuits

    async def read_mains(self, settings: Mapping[int, PanelSettings] | None = None) -> list[Mains]:
        """The mains of every panel (both panels share the voltage taps, manual L576)."""
        names = [n for group in _MAINS.values() for n in group] + list(_MAINS_SCALARS.values())
        names += per_channel("aux_alarm_status", AUX_CHANNELS) + per_channel("voltage_alarm_status", 3)
        result = []
        for panel in await self.panels():
            cfg = settings.get(panel) if settings else None
            values = await self.panel(panel).read(names + ([] if cfg else PanelSettings.register_names()))
            cfg = cfg or PanelSettings.from_values(panel, values)
            result.append(Mains(
                panel=panel,
                **{key: tuple(values[n] for n in group) for key, group in _MAINS.items()},
                **{key: values[n] for key, n in _MAINS_SCALARS.items()},
                limits=tuple(cfg.aux_limits(k) for k in range(1, AUX_CHANNELS + 1)),
                alarms=tuple(_alarm(values[n]) for n in per_channel("aux_alarm_status", AUX_CHANNELS)),
                voltage_alarms=tuple(values[n] for n in per_channel("voltage_alarm_status", 3)),
            ))  # fmt: skip
        return result

    @staticmethod
    def logical_circuits(circuits: list[Circuit], groups: Iterable[Iterable[int]] = ()) -> list[LogicalCircuit]:
        """Group circuits (board-wide numbers) into logical circuits; see :func:`~app.devices.bcpme_circuits.logical_circuits`."""
        return logical_circuits(circuits, groups)

    # ---- writing

    async def write_settings(self, panel: int, values: Mapping[str, Any]) -> list[WriteResult]:
        """Write settings of one panel by register name, in order, each verified.

        The demand sub-interval length is checked against the timing source
        (62017 bit 3) first, reading whichever of the two is not being written.
        """
        device = self.panel(panel)
        if "subinterval_length" in values or "advanced_options" in values:
            current = await device.read([n for n in ("subinterval_length", "advanced_options") if n not in values])
            merged = {**current, **values}
            if merged["subinterval_length"] is None or merged["advanced_options"] is None:
                raise ValidationError(_("{device}: cannot check the demand timing, the device did not give it").format(
                    device=device.name))
            check_demand(int(merged["subinterval_length"]), Options(int(merged["advanced_options"])))
        return await device.write(values)

    async def clear_max(self, panel: int, channels: Iterable[int] | None = None) -> None:
        """Clear the max values (demand and instantaneous) of channels (default: all)."""
        await self._command(panel, CLEAR_MAX, channels)

    async def clear_energy(self, panel: int, channels: Iterable[int] | None = None) -> None:
        """Clear the energy accumulators of channels (default: all)."""
        await self._command(panel, CLEAR_ENERGY, channels)

    async def sync_demand(self) -> None:
        """End the running demand sub-interval on every panel (sync to comms)."""
        for panel in await self.panels():
            await self._write_words(panel, "demand_sync", [SYNC_DEMAND])

    async def clear_alarms(self, panel: int, channels: Iterable[int] | None = None, aux: bool = True) -> None:
        """Clear the latched events of branch channels (default: all) and, with ``aux``, of the aux inputs.

        A latched event whose condition persists latches again after its delay.
        """
        for first, last in _runs(channels):
            await self._write_words(panel, f"alarm_status_{first}", [0] * (last - first + 1))
        if aux:
            await self._write_words(panel, "aux_alarm_status_1", [0] * AUX_CHANNELS)

    async def _command(self, panel: int, code: int, channels: Iterable[int] | None) -> None:
        for first, last in _runs(channels):
            await self._write_words(panel, f"command_{first}", [code] * (last - first + 1))

    async def _write_words(self, panel: int, first: str, words: list[int]) -> None:
        """One FC16 (FC06 for one word) write of consecutive registers from ``first``."""
        await self.link.write_registers(self.profile.register(first).address, words, self.unit + panel - 1)


def _circuit(cfg: PanelSettings, channel: int, values: Mapping[str, Value]) -> Circuit:
    return Circuit(
        panel=cfg.panel,
        channel=channel,
        layout=cfg.layout,
        phase=cfg.phase(channel),
        breaker=cfg.breaker_sizes[channel - 1],
        limits=cfg.limits(channel),
        alarms=_alarm(values[f"alarm_status_{channel}"]),
        **{f: values[f"{prefix}_{channel}"] for f, prefix in CIRCUIT_FIELDS.items()},
    )


def _alarm(value: Value) -> Alarm:
    return Alarm(int(value)) if value is not None else Alarm.NONE


def _runs(channels: Iterable[int] | None) -> list[tuple[int, int]]:
    """Consecutive runs of channel numbers (default: all), as (first, last) pairs; each must be 1–42."""
    runs: list[tuple[int, int]] = []
    for ch in sorted(set(channels)) if channels is not None else range(1, CHANNELS + 1):
        if not 1 <= ch <= CHANNELS:
            raise ValidationError(_("channel {channel} is outside 1..{count}").format(channel=ch, count=CHANNELS))
        if runs and runs[-1][1] == ch - 1:
            runs[-1] = (runs[-1][0], ch)
        else:
            runs.append((ch, ch))
    return runs
