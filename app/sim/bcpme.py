"""BCPME simulator: one panel per Modbus unit; the panels of a board share its voltage taps.

Behaviour, with the manual lines it follows (user guide Z206856, seed 001, "L…";
register facts from register-maps.md §2):

* A board has 2 strips (one panel) or 4 (two panels); panel k answers on unit
  base + k − 1 and both panels measure the same voltage taps (L153–L154,
  L167–L169, L576, L1047–L1052). Only those unit ids answer: the lab treats the
  board as a gateway, not as a meter that answers every unit id.
* Each physical CT measures the breaker it surrounds. Register 6 says how the
  strips are installed and so which channel number shows which CT; if it does
  not match the installation, readings appear on unexpected channels (L522–L530,
  L1362, L1373).
* A channel's power uses the voltage of the phase the meter assigns to it:
  automatic (A, B, C as the numbering implies; L377–L385, L1393–L1396) or, with
  62017 bit 0 set, the phase written to 62116–62157. A wrong assignment shows as
  a wrong power factor (L1362–L1371).
* Currents below 50 mA read 0 A; such a channel reads 0 kW, 0 kVA and power
  factor "not available" (L1375–L1376).
* The aux (mains) inputs read the phasor sums of the breaker currents per phase
  and the neutral, scaled by the configured aux CT size over the installed CT
  rating (register-maps.md §2 115–118, "CT scaling").
* Demand: sliding average over 1–6 sub-intervals (71) of 10–32767 s (72), or
  10–3600 s with RTC timing (62017 bit 3); with 72 = 0 (sync to comms) writing
  26012 to 295 ends a sub-interval. Max demands and max instantaneous values
  hold the highest value since cleared; energy accumulates (L299–L313,
  L391–L402). Changing 71 or 72 restarts demand.
* Per-channel commands 1126–1167: 29877 clears that channel's max values, 10203
  its energy (register-maps.md §2 2a; 10203's meaning is read from V2, L).
* Events on every branch and aux channel, thresholds in % of the channel's
  breaker size: non-latched bits follow the current, latched bits set once the
  current stays beyond the threshold for the level's delay and stay until a
  client writes 0 to them (L328–L337; details in :mod:`app.sim.bcpme_state`).
  Voltage events stay clear: their thresholds are not public.
* Protocol_Mode (1–4) is a web-GUI setting, carried here as a convention
  register; Modbus TCP runs in every mode and is the only protocol served
  (L796–L812).
* Reads answer on FC03 and FC04 alike (register-maps.md §2 conventions);
  unmapped registers answer exception 02; values out of range, a sub-interval
  length of 1–9 s, or over 3600 s with RTC timing, answer exception 03.
"""

from __future__ import annotations

import cmath
import math
import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from app.devices.bcpme_circuits import AUX_CHANNELS, CHANNELS, Layout, channel_at, ct_of, default_phase
from app.devices.bcpme_settings import Options, PanelSettings, check_demand
from app.errors import ValidationError
from app.profiles.model import Profile, Register
from app.sim.bcpme_state import ChannelEvents, Demand
from app.sim.device import ILLEGAL_VALUE, Reply, SimulatedDevice
from app.sim.physics import Phase, ThreePhaseSystem, balanced
from app.sim.security import BCPME_RULES, SecuredDevice

MIN_CURRENT = 0.05  # A; smaller currents read 0 (manual L1375–L1376)
CLEAR_MAX = 29877
CLEAR_ENERGY = 10203
SYNC_DEMAND = 26012
#: Per-channel integer blocks (profile register prefixes); each has a float twin "<prefix>_float_{n}".
BLOCKS = (
    "current", "power", "apparent_power", "pf", "energy", "current_demand", "max_current_demand",
    "power_demand", "max_power_demand", "max_current", "max_power",
)  # fmt: skip
_MAINS_TAGS = ("v_an", "v_bn", "v_cn", "v_ln_avg", "v_ab", "v_bc", "v_ca", "v_ll_avg", "freq")


@dataclass
class BranchLoad:
    """The load on one breaker: RMS current (A), displacement power factor (lagging), energy used so far (kWh)."""

    amps: float
    pf: float = 0.95
    kwh: float = 0.0


@dataclass
class PanelFeed(ThreePhaseSystem):
    """The electrical side of one panel: voltage taps, installed strips and breaker loads.

    ``phases`` hold the tap voltages; their currents are the mains currents,
    kept equal to the phasor sums of the breaker loads on each phase. ``layout``
    is how the strips are really installed (what register 6 should say),
    ``loads`` are keyed by breaker number in that numbering, ``aux_ct_rating``
    is the primary rating (A) of the installed aux CTs.
    """

    phases: list[Phase] = field(default_factory=lambda: balanced(120.0, 0.0, 0.0))
    frequency: float = 60.0
    panel: int = 1
    layout: Layout = Layout.TOP_FEED
    loads: dict[int, BranchLoad] = field(default_factory=dict)
    aux_ct_rating: float = 200.0

    def breaker_phasor(self, breaker: int) -> complex:
        """Current phasor (A) of a breaker, on the bus phase its position gives it."""
        load = self.loads.get(breaker)
        if load is None:
            return 0j
        v = self.phases[default_phase(self.layout, breaker)]
        lag = math.degrees(math.acos(max(-1.0, min(1.0, load.pf))))
        return cmath.rect(load.amps, math.radians(v.v_angle - lag))

    def sync_mains(self) -> None:
        """Set each phase's current to the sum of its breakers' currents."""
        sums = [0j, 0j, 0j]
        for breaker in self.loads:
            sums[default_phase(self.layout, breaker)] += self.breaker_phasor(breaker)
        for phase, i in zip(self.phases, sums):
            phase.i = abs(i)
            phase.i_angle = math.degrees(cmath.phase(i)) if abs(i) else 0.0

    def quantities(self, pf_convention: str = "IEEE", noise: bool = True) -> dict[str, float]:
        self.sync_mains()
        return super().quantities(pf_convention, noise)

    def commissioning(self) -> dict[str, Any]:
        """Settings of a commissioned panel: register 6 and aux CT sizes matching the installation."""
        sizes = {f"aux_ct_size_{n}": int(self.aux_ct_rating) for n in range(1, AUX_CHANNELS + 1)}
        return {"strip_layout": int(self.layout), **sizes}


class BcpmeBoard:
    """One data acquisition board: 2 strips (one panel) or 4 (two panels) on shared voltage taps."""

    def __init__(
        self,
        strips: int = 4,
        layouts: Sequence[Layout] = (Layout.TOP_FEED, Layout.TOP_FEED),
        volts: float = 120.0,
        frequency: float = 60.0,
    ) -> None:
        if strips not in (2, 4):
            raise ValueError(f"a BCPME board has 2 or 4 strips, not {strips} (manual L153-L154, L167-L169)")
        self.panels = [
            PanelFeed(phases=balanced(volts, 0.0, 0.0), frequency=frequency, panel=k, layout=Layout(layouts[k - 1]))
            for k in range(1, strips // 2 + 1)
        ]

    def panel(self, k: int) -> PanelFeed:
        return self.panels[k - 1]

    def set_voltage(self, volts: float, phase: int | None = None) -> None:
        """Set the tap voltage (V, line-neutral) of one phase (0–2) or all; both panels see it."""
        for feed in self.panels:
            for k, p in enumerate(feed.phases):
                if phase is None or k == phase:
                    p.v = volts


def demo_board(seed: int = 84) -> BcpmeBoard:
    """A data-centre distribution board, 120/208 V 60 Hz, the same on every run.

    Panel 1 is top-fed, panel 2 bottom-fed. About one breaker in seven is spare;
    panel 1 has a three-pole load on circuits 1-3-5 and a 30 mA trickle on 41
    (which reads 0 A).
    """
    board = BcpmeBoard(4, (Layout.TOP_FEED, Layout.BOTTOM_FEED))
    rng = random.Random(seed)
    for feed in board.panels:
        for breaker in range(1, CHANNELS + 1):
            if rng.random() < 0.15:
                continue
            amps = round(rng.uniform(0.5, 14.0), 2)
            feed.loads[breaker] = BranchLoad(amps, round(rng.uniform(0.85, 0.99), 3), round(amps * rng.uniform(300, 900), 1))
    first = board.panel(1)
    for breaker in (1, 3, 5):
        first.loads[breaker] = BranchLoad(12.0, 0.9, 8400.0)
    first.loads[41] = BranchLoad(0.03, 0.9, 0.0)
    return board


class BcpmeSimulator(SecuredDevice, SimulatedDevice):
    """One BCPME panel. Pass its :class:`PanelFeed` as ``system`` (default: panel 1 of :func:`demo_board`).

    Test controls: :meth:`set_load`, :meth:`set_scale`; state in :attr:`events`,
    :attr:`demand`, :attr:`energy`. Exponents default to 10^-2 A, 10^-3 kW and
    10^-3 kWh per channel, 10^-1 A and 10^-2 kW for the aux demands.
    """

    answers_any_unit = False
    security_rules = BCPME_RULES  # admin account and web security: app/sim/security.py

    @property
    def serves_security(self) -> bool:
        """The board's web GUI answers through panel 1's unit (convention)."""
        return self.feed.panel == 1

    def __init__(self, profile: Profile, *, system: ThreePhaseSystem | None = None,
                 settings: dict[str, Any] | None = None, **kwargs: Any) -> None:
        if system is not None and not isinstance(system, PanelFeed):
            raise TypeError("a simulated BCPME panel needs a PanelFeed as its system")
        self.feed = system or demo_board().panel(1)
        self._lock = threading.RLock()
        self._time: float | None = None
        self._exponents = {name: np.full(CHANNELS, e) for name, e in (("current", -2), ("power", -3), ("energy", -3))}
        self._aux_exponents = {"aux_current_scale": -1, "aux_power_scale": -2}
        self.events = ChannelEvents(CHANNELS + AUX_CHANNELS)
        self.demand = Demand(2 * CHANNELS + AUX_CHANNELS + 1)  # branch A, branch kW, aux A, mains kW
        self.energy = np.zeros(CHANNELS)
        self.max_current = np.zeros(CHANNELS)
        self.max_power = np.zeros(CHANNELS)
        self.mains_energy = 0.0
        self._present = np.zeros(self.demand.size)
        self._regs = {f"{block}{suffix}": [profile.register(f"{block}{suffix}_{n}") for n in range(1, CHANNELS + 1)]
                      for block in BLOCKS for suffix in ("", "_float")}  # fmt: skip
        defaults: dict[str, Any] = {
            **{f"breaker_size_{n}": 20 for n in range(1, CHANNELS + 1)},
            **{f"aux_breaker_size_{n}": int(self.feed.aux_ct_rating) for n in range(1, AUX_CHANNELS + 1)},
            **{f"aux_ct_size_{n}": int(self.feed.aux_ct_rating) for n in range(1, AUX_CHANNELS + 1)},
            **{f"phase_assignment_{n}": default_phase(Layout.TOP_FEED, n) for n in range(1, CHANNELS + 1)},
            "power_up_count": 1,
            "protocol_mode": 4,
        }
        super().__init__(profile, system=self.feed, settings={**defaults, **(settings or {})}, **kwargs)

    # ---- controls for tests and demos

    def set_load(self, breaker: int, amps: float, pf: float | None = None) -> None:
        """Put ``amps`` (A) at ``pf`` on breaker ``breaker`` (numbered as installed); 0 A is an open breaker."""
        if not 1 <= breaker <= CHANNELS:
            raise ValueError(f"breaker {breaker} is outside 1..{CHANNELS}")
        with self._lock:
            self._update_measurements()
            old = self.feed.loads.get(breaker, BranchLoad(0.0))
            self.feed.loads[breaker] = BranchLoad(amps, old.pf if pf is None else pf, old.kwh)
            self._update_measurements()

    def set_scale(self, channel: int, *, current: int | None = None, power: int | None = None,
                  energy: int | None = None) -> None:
        """Change a channel's scale exponents (power of ten of the integer registers)."""
        with self._lock:
            for name, exponent in (("current", current), ("power", power), ("energy", energy)):
                if exponent is not None:
                    self._exponents[name][channel - 1] = exponent
            self._update_measurements()

    # ---- Modbus operations

    def read(self, function: int, address: int, count: int) -> Reply:
        with self._lock:
            return super().read(3 if function == 4 else function, address, count)

    def write(self, address: int, values: list[int]) -> Reply:
        with self._lock:
            try:
                self._check_demand_write(address, values)
            except ValidationError:
                return Reply(exception=ILLEGAL_VALUE)
            self._update_measurements()  # bring the state up to now under the old settings
            return super().write(address, values)

    def _check_demand_write(self, address: int, values: list[int]) -> None:
        regs = [self.profile.register(n) for n in ("subinterval_length", "advanced_options")]
        if not any(address <= r.address < address + len(values) for r in regs):
            return
        length, options = (
            values[r.address - address] if address <= r.address < address + len(values) else self.settings[r.name]
            for r in regs
        )
        check_demand(int(length), Options(int(options)))

    def on_setting_changed(self, reg: Register, value: Any) -> None:
        name = reg.name
        if name.startswith(("command_", "alarm_status_", "aux_alarm_status_", "voltage_alarm_status_")) or name == "demand_sync":
            del self.settings[name]  # status words and commands are not settings
        if name.startswith("command_"):
            ch = int(name.rpartition("_")[2]) - 1
            if value == CLEAR_MAX:
                self.max_current[ch], self.max_power[ch] = self._present[ch], self._present[CHANNELS + ch]
                self.demand.clear_peak([ch, CHANNELS + ch])
            elif value == CLEAR_ENERGY:
                self.energy[ch] = 0.0
            self._store(reg, 0)
        elif name == "demand_sync":
            self.demand.close(self._present)
            self._store(reg, 0)
        elif name.startswith("alarm_status_"):
            self.events.clear(int(name.rpartition("_")[2]) - 1, int(value), self._now())
        elif name.startswith("aux_alarm_status_"):
            self.events.clear(CHANNELS + int(name.rpartition("_")[2]) - 1, int(value), self._now())

    # ---- state and register image

    def _now(self) -> float:
        return self._time if self._time is not None else self._clock()

    def _update_measurements(self) -> None:
        with self._lock:
            now = self._clock()
            dt = 0.0 if self._time is None else max(0.0, now - self._time)
            cfg = PanelSettings.from_values(self.feed.panel, self.settings)
            if self._time is None:
                self._seed_energy(cfg.layout)
            self._time = now
            if (self.demand.subintervals, self.demand.length) != (cfg.subintervals, cfg.subinterval_length):
                self.demand.configure(cfg.subintervals, cfg.subinterval_length)
            current, power, apparent, pf = self._branch_readings(cfg)
            mains = self._mains_readings(cfg)
            aux = np.array([mains[k] for k in ("i_a", "i_b", "i_c", "i_n")])
            self.energy += np.maximum(power, 0.0) * dt / 3600.0
            self.mains_energy += max(mains["p_total"], 0.0) * dt / 3600.0
            self._present = np.concatenate([current, power, aux, [mains["p_total"]]])
            self.demand.advance(self._present, dt)
            self.max_current = np.maximum(self.max_current, current)
            self.max_power = np.maximum(self.max_power, power)
            limits = [cfg.limits(n) for n in range(1, CHANNELS + 1)]
            limits += [cfg.aux_limits(k) for k in range(1, AUX_CHANNELS + 1)]
            self.events.update(now, [*current, *aux], limits, cfg.alarm)
            self._publish(current, power, apparent, pf, mains)

    def _seed_energy(self, layout: Layout) -> None:
        for ch in range(1, CHANNELS + 1):
            load = self.feed.loads.get(channel_at(self.feed.layout, *ct_of(layout, ch)))
            self.energy[ch - 1] = load.kwh if load else 0.0
        self.mains_energy = sum(load.kwh for load in self.feed.loads.values())

    def _branch_readings(self, cfg: PanelSettings) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Current (A), power (kW), apparent power (kVA) and PF (NaN: n/a) per channel, as the meter sees them."""
        taps = [cmath.rect(p.v, math.radians(p.v_angle)) for p in self.feed.phases]
        out = np.zeros((4, CHANNELS))
        out[3] = np.nan
        for ch in range(1, CHANNELS + 1):
            i = self.feed.breaker_phasor(channel_at(self.feed.layout, *ct_of(cfg.layout, ch)))
            if abs(i) < MIN_CURRENT:
                continue
            s = taps[cfg.phase(ch)] * i.conjugate() / 1000.0
            out[:, ch - 1] = abs(i), s.real, abs(s), s.real / abs(s) if abs(s) else np.nan
        return out[0], out[1], out[2], out[3]

    def _mains_readings(self, cfg: PanelSettings) -> dict[str, float | None]:
        """Voltages, frequency and the aux-input currents and powers (V, Hz, A, kW, kVA)."""
        q = self.feed.quantities(noise=False)
        out: dict[str, float | None] = {tag: q[tag] for tag in _MAINS_TAGS}
        for k, x in enumerate("abcn"):
            size = cfg.aux_ct_sizes[k]
            amps = q[f"i_{x}"] * (size or 0) / self.feed.aux_ct_rating
            out[f"i_{x}"] = amps if amps >= MIN_CURRENT else 0.0
        for x in "abc":
            ratio = out[f"i_{x}"] / q[f"i_{x}"] if out[f"i_{x}"] else 0.0
            p, s = q[f"p_{x}"] / 1000.0 * ratio, q[f"s_{x}"] / 1000.0 * ratio
            out[f"p_{x}"], out[f"s_{x}"], out[f"pf_{x}"] = p, s, p / s if s else None
        out["i_avg"] = (out["i_a"] + out["i_b"] + out["i_c"]) / 3
        out["p_total"] = out["p_a"] + out["p_b"] + out["p_c"]
        out["s_total"] = out["s_a"] + out["s_b"] + out["s_c"]
        out["pf_total"] = out["p_total"] / out["s_total"] if out["s_total"] else None
        out["kwh_del"] = self.mains_energy
        return out

    def _publish(self, current: np.ndarray, power: np.ndarray, apparent: np.ndarray, pf: np.ndarray,
                 mains: dict[str, float | None]) -> None:
        store, register = self._store, self.profile.register
        for name, exponents in self._exponents.items():
            for n, e in enumerate(exponents, 1):
                store(register(f"{name}_scale_{n}"), int(e))
        for name, e in self._aux_exponents.items():
            store(register(name), e)
        present, peak = self.demand.present, self.demand.peak
        blocks = {
            "current": current, "power": power, "apparent_power": apparent, "pf": pf, "energy": self.energy,
            "current_demand": present[:CHANNELS], "max_current_demand": peak[:CHANNELS],
            "power_demand": present[CHANNELS:2 * CHANNELS], "max_power_demand": peak[CHANNELS:2 * CHANNELS],
            "max_current": self.max_current, "max_power": self.max_power,
        }  # fmt: skip
        for block, values in blocks.items():
            for reg, float_reg, value in zip(self._regs[block], self._regs[f"{block}_float"], values.tolist()):
                value = None if math.isnan(value) else value
                store(reg, value)
                store(float_reg, value)
        for k in range(1, AUX_CHANNELS + 1):
            store(register(f"aux_current_demand_{k}"), float(present[2 * CHANNELS + k - 1]))
        store(register("aux_power_demand"), float(present[-1]))
        for reg in self.profile.in_group("mains"):
            if reg.quantity is not None:
                store(reg, mains[reg.quantity])
        latched = active = 0
        for i in range(CHANNELS + AUX_CHANNELS):
            name = f"alarm_status_{i + 1}" if i < CHANNELS else f"aux_alarm_status_{i - CHANNELS + 1}"
            store(register(name), int(self.events.status(i)))
            latched |= int(self.events.latched[i])
            active |= int(self.events.active[i])
        store(register("latched_alarms"), latched)
        store(register("active_alarms"), (active >> 8) & 0b11)  # channel HIGH/LOW → global bits 0/1
        for k in range(1, 4):
            store(register(f"voltage_alarm_status_{k}"), 0)
