"""Wiring faults between the installation and a simulated meter's inputs.

A :class:`WiringFaults` turns the phases of the installation into what the
meter's voltage inputs V1..V3 and current inputs I1..I3 see, so users can
train with the classic commissioning mistakes and tests can prove the wiring
diagnosis (:mod:`app.analysis.wiring`) on every one of them:

* ``sequence=ACB``: phases B and C crossed on both voltages and CTs, so the
  meter sees the supply turn A-C-B;
* ``swap-v=AB``: two voltage leads crossed;
* ``swap-i=AB``: two CTs' secondaries crossed;
* ``rotate-i``: every CT one phase off (I1 carries phase C, I2 phase A, I3 phase B);
* ``reverse-ct=B``: a CT mounted backwards, or its S1/S2 leads swapped;
* ``drop-v=C`` / ``drop-i=A``: a voltage input or a CT that gives nothing
  (blown PT fuse, loose lead, CT shorting link left closed).

Faults apply in that order. They are written as ``NAME[=PHASES]`` on the
command line (``meterdesk simulate --wiring reverse-ct=B``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from app.errors import MeterDeskError
from app.i18n import _

if TYPE_CHECKING:
    from app.sim.physics import Phase

PHASES = "ABC"
FAULT_NAMES = ("sequence", "swap-v", "swap-i", "rotate-i", "reverse-ct", "drop-v", "drop-i")


@dataclass
class WiringFaults:
    """How the meter's inputs are wired; the default is correct wiring.

    Phases are letters ``"A"``, ``"B"``, ``"C"`` naming the meter's inputs
    (A = V1/I1, B = V2/I2, C = V3/I3).
    """

    sequence_acb: bool = False
    swapped_voltages: tuple[str, str] | None = None
    swapped_currents: tuple[str, str] | None = None
    rotated_currents: bool = False
    reversed_cts: set[str] = field(default_factory=set)
    missing_voltages: set[str] = field(default_factory=set)
    missing_currents: set[str] = field(default_factory=set)

    @property
    def healthy(self) -> bool:
        return self == WiringFaults()

    def apply(self, phases: list[Phase]) -> list[Phase]:
        """The phases as the meter's inputs see them (new objects; ``phases`` is untouched)."""
        volts = [(p.v, p.v_angle) for p in phases]
        amps = [(p.i, p.i_angle) for p in phases]
        if self.sequence_acb:
            volts = [volts[0], volts[2], volts[1]]
            amps = [amps[0], amps[2], amps[1]]
        if self.swapped_voltages:
            volts = _swapped(volts, self.swapped_voltages)
        if self.swapped_currents:
            amps = _swapped(amps, self.swapped_currents)
        if self.rotated_currents:
            amps = [amps[2], amps[0], amps[1]]
        seen = []
        for k, p in enumerate(phases):
            letter = PHASES[k]
            v, v_angle = volts[k]
            i, i_angle = amps[k]
            if letter in self.reversed_cts:
                i_angle += 180.0
            if letter in self.missing_voltages:
                v = 0.0
            if letter in self.missing_currents:
                i = 0.0
            seen.append(replace(p, v=v, v_angle=v_angle, i=i, i_angle=i_angle))
        return seen

    def describe(self) -> list[str]:
        """The faults in the command-line notation, e.g. ``["reverse-ct=B"]``."""
        out = []
        if self.sequence_acb:
            out.append("sequence=ACB")
        if self.swapped_voltages:
            out.append("swap-v=" + "".join(self.swapped_voltages))
        if self.swapped_currents:
            out.append("swap-i=" + "".join(self.swapped_currents))
        if self.rotated_currents:
            out.append("rotate-i")
        out += [f"reverse-ct={p}" for p in sorted(self.reversed_cts)]
        out += [f"drop-v={p}" for p in sorted(self.missing_voltages)]
        out += [f"drop-i={p}" for p in sorted(self.missing_currents)]
        return out

    @classmethod
    def parse(cls, items: Iterable[str]) -> WiringFaults:
        """Faults from ``NAME[=PHASES]`` texts; raises :class:`MeterDeskError` naming the bad one."""
        faults = cls()
        for item in items:
            name, _equals, arg = item.strip().partition("=")
            name, arg = name.strip().lower(), arg.strip().upper()
            if name not in FAULT_NAMES:
                raise MeterDeskError(_("wiring fault '{fault}': unknown fault; choose one of {names}").format(
                    fault=item, names=", ".join(FAULT_NAMES)))
            if name == "sequence":
                if arg not in ("ABC", "ACB"):
                    raise MeterDeskError(_("wiring fault '{fault}': the sequence is ABC or ACB").format(fault=item))
                faults.sequence_acb = arg == "ACB"
            elif name == "rotate-i":
                if arg:
                    raise MeterDeskError(_("wiring fault '{fault}': rotate-i takes no phases").format(fault=item))
                faults.rotated_currents = True
            elif name in ("swap-v", "swap-i"):
                pair = _phases(item, arg, count=2)
                setattr(faults, "swapped_voltages" if name == "swap-v" else "swapped_currents", (pair[0], pair[1]))
            else:
                target = {"reverse-ct": faults.reversed_cts, "drop-v": faults.missing_voltages,
                          "drop-i": faults.missing_currents}[name]  # fmt: skip
                target.update(_phases(item, arg))
        return faults


def _swapped(pairs: list[tuple[float, float]], which: tuple[str, str]) -> list[tuple[float, float]]:
    a, b = (PHASES.index(p) for p in which)
    out = list(pairs)
    out[a], out[b] = pairs[b], pairs[a]
    return out


def _phases(item: str, arg: str, count: int | None = None) -> str:
    letters = arg.replace(",", "")
    if not letters or any(c not in PHASES for c in letters) or len(set(letters)) != len(letters):
        raise MeterDeskError(_("wiring fault '{fault}': name the phases with the letters A, B and C, e.g. {name}=B").format(
            fault=item, name=item.split("=")[0]))
    if count is not None and len(letters) != count:
        raise MeterDeskError(_("wiring fault '{fault}': name exactly {count} phases, e.g. {name}=AB").format(
            fault=item, count=count, name=item.split("=")[0]))
    return letters
