"""ION7400 simulator behaviour, from the manual.

* Measurements are primary values: inputs × PT and CT ratios (L2104-L2135).
* Volts mode DELTA and 3W-WYE have no neutral: line-neutral voltages read
  "not available"; SINGLE uses phase A only; DEMO ignores the inputs and
  shows fixed demonstration values (L2114).
* Unmapped registers read 0x8000; a write to an unmapped register gets no
  answer; a write to a read-only register gets exception 03 (L3235-L3253).
* Phasors (L6451-L6467): magnitude and angle of V1..V3 and I1..I3, angles
  relative to V1; V1..V3 are the line-line voltages without a neutral (DELTA,
  3W-WYE), as the manual's "Voltage" delta display shows them.
* Firmware (§13 of part 2): dual banks, staged images over Modbus file
  records, checks and restarts in :mod:`app.sim.firmware`; accumulated
  energies are set through Register Edit, refused while the revenue lock is
  set (§14.1).
"""

from __future__ import annotations

from typing import Any

from app.profiles.model import Profile, Register
from app.sim.device import ILLEGAL_VALUE, Reply, SimulatedDevice
from app.sim.firmware import FirmwareModel
from app.sim.physics import ThreePhaseSystem, balanced
from app.sim.security import ION7400_RULES, SecuredDevice

_VOLTAGE_KEYS = ("v_an", "v_bn", "v_cn", "v_ab", "v_bc", "v_ca", "v_ln_avg", "v_ll_avg")
_CURRENT_KEYS = ("i_a", "i_b", "i_c", "i_n", "i_avg")
_POWER_KEYS = tuple(f"{k}_{p}" for k in "pqs" for p in ("a", "b", "c", "total"))
_ENERGY_KEYS = ("wh", "varh", "vah", "kwh", "kvarh", "kvah")
_PHASOR_23 = tuple(f"{x}{n}_{k}" for x in "vi" for n in (2, 3) for k in ("mag", "angle"))
_DEMO = ThreePhaseSystem(phases=balanced(277.0, 100.0, 18.0))


#: Register Edit points (energy_edit group) and the accumulated energy each one sets.
_PRESETS = {"wh_delivered_preset": "wh_del", "wh_received_preset": "wh_rec",
            "varh_delivered_preset": "varh_del", "varh_received_preset": "varh_rec",
            "vah_delivered_preset": "vah_del", "vah_received_preset": "vah_rec"}  # fmt: skip


class Ion7400Simulator(SecuredDevice, SimulatedDevice):
    unmapped_read = 0x8000
    silent_unmapped_write = True
    security_rules = ION7400_RULES  # login, users, lockouts, options, events: app/sim/security.py

    def __init__(self, profile: Profile, **kwargs: Any) -> None:
        super().__init__(profile, **kwargs)
        self.firmware = FirmwareModel(self, version=self.identity.get("firmware_version") or "4.6.0")

    # ---- firmware and Register Edit

    @property
    def offline(self) -> bool:
        return self.firmware.offline

    def read_file(self, file: int, record: int, count: int) -> Reply:
        data, code = self.firmware.read_file(file, record, count)
        return Reply(exception=code, data=data)

    def write_file(self, file: int, record: int, data: bytes) -> Reply:
        return Reply(exception=self.firmware.write_file(file, record, data))

    def refuse_write(self, reg: Register, value: Any) -> int:
        if reg.name in _PRESETS and self.firmware.revenue_lock:
            return ILLEGAL_VALUE  # unlock the revenue lock first (§14.1)
        return super().refuse_write(reg, value)

    def on_setting_changed(self, reg: Register, value: Any) -> None:
        super().on_setting_changed(reg, value)
        if reg.name == "fw_command":
            self.firmware.command(value)
        elif reg.name in _PRESETS:  # published energies are primary: input energy × PT × CT ratios
            ratio = self._ratio("pt_primary", "pt_secondary") * self._ratio("ct_primary", "ct_secondary")
            setattr(self.system.energies, _PRESETS[reg.name], value / ratio)

    def measurements(self, q: dict[str, float]) -> dict[str, float | None]:
        mode = (self.profile.register("volts_mode").enum or {}).get(self.settings.get("volts_mode", 0))
        if mode == "DEMO":
            demo = _DEMO.quantities(self.pf_convention, noise=False)
            q = {**demo, **{k: v for k, v in q.items() if k.startswith(_ENERGY_KEYS)}}
            return {**q, **_DEMO.meter_phasors()}
        out: dict[str, float | None] = dict(q)
        pt = self._ratio("pt_primary", "pt_secondary")
        ct = self._ratio("ct_primary", "ct_secondary")
        for key in _VOLTAGE_KEYS:
            out[key] = q[key] * pt
        for key in _CURRENT_KEYS:
            out[key] = q[key] * ct
        for key in _POWER_KEYS:
            out[key] = q[key] * pt * ct
        for key, value in q.items():
            if key.startswith(_ENERGY_KEYS):
                out[key] = value * pt * ct
        for key, value in self.system.meter_phasors(delta=mode in ("DELTA", "3W-WYE")).items():
            out[key] = value * (pt if key[0] == "v" else ct) if key.endswith("_mag") else value
        if mode in ("DELTA", "3W-WYE"):
            for key in ("v_an", "v_bn", "v_cn", "v_ln_avg", "v_unbal"):
                out[key] = None
        elif mode == "SINGLE":
            for key in ("v_bn", "v_cn", "v_bc", "v_ca", "i_b", "i_c", *_PHASOR_23):
                out[key] = None
        return out

    def _ratio(self, primary: str, secondary: str) -> float:
        pri, sec = self.settings.get(primary), self.settings.get(secondary)
        return pri / sec if pri and sec else 1.0
