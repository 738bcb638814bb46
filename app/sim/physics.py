"""Three-phase electrical model that drives the simulated meters.

The model holds per-phase fundamental phasors (RMS magnitude, angle in degrees
relative to Va, positive counter-clockwise), harmonic content in % of the
fundamental, and the frequency. Every measured quantity derives from those, so
the register values a simulator serves are mutually consistent:

* P = V·I·cos φ, Q = V·I·sin φ, S = V·I per phase (φ = angle(V) − angle(I)),
  totals are sums; PF = P/S with the IEEE or IEC sign rule;
* line-line voltages and the neutral current are phasor differences and sums;
* THD = √(Σ hₙ²) over the harmonic percentages;
* energies integrate P, Q and S over (simulated) time, delivered and received
  separately;
* wiring faults (:mod:`app.sim.wiring`) change what the meter's inputs see, and
  so every quantity derived from them.
"""

from __future__ import annotations

import cmath
import math
import random
from dataclasses import dataclass, field

from app.analysis.angles import wrap_degrees
from app.sim.wiring import WiringFaults


@dataclass
class Phase:
    """Fundamental of one phase: RMS magnitudes (V, A) and angles (degrees)."""

    v: float = 230.0
    v_angle: float = 0.0
    i: float = 10.0
    i_angle: float = -25.0

    def phasors(self) -> tuple[complex, complex]:
        return (cmath.rect(self.v, math.radians(self.v_angle)), cmath.rect(self.i, math.radians(self.i_angle)))


@dataclass
class Energies:
    """Accumulated energies: Wh, varh, VAh delivered (into load) and received."""

    wh_del: float = 0.0
    wh_rec: float = 0.0
    varh_del: float = 0.0
    varh_rec: float = 0.0
    vah_del: float = 0.0
    vah_rec: float = 0.0

    def add(self, p: float, q: float, s: float, hours: float) -> None:
        if p >= 0:
            self.wh_del += p * hours
            self.vah_del += s * hours
        else:
            self.wh_rec += -p * hours
            self.vah_rec += s * hours
        if q >= 0:
            self.varh_del += q * hours
        else:
            self.varh_rec += -q * hours


def balanced(v: float = 230.0, i: float = 10.0, pf_angle: float = 25.0, sequence: str = "ABC") -> list[Phase]:
    """Three phases 120° apart; currents lag voltages by ``pf_angle`` degrees."""
    step = -120.0 if sequence == "ABC" else 120.0
    return [Phase(v, wrap_degrees(k * step), i, wrap_degrees(k * step - pf_angle)) for k in range(3)]


@dataclass
class ThreePhaseSystem:
    """The electrical state seen by a meter (secondary-side or direct values)."""

    phases: list[Phase] = field(default_factory=balanced)
    frequency: float = 50.0
    v_harmonics: dict[int, float] = field(default_factory=lambda: {3: 1.2, 5: 2.0, 7: 1.0})
    i_harmonics: dict[int, float] = field(default_factory=lambda: {3: 6.0, 5: 4.0, 7: 2.5, 11: 1.0})
    noise: float = 0.0  # relative RMS noise on magnitudes (0.001 = 0.1 %)
    energies: Energies = field(default_factory=Energies)
    seed: int = 1
    wiring: WiringFaults = field(default_factory=WiringFaults)  # how the meter's inputs are wired

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def advance(self, seconds: float) -> None:
        """Integrate energies over ``seconds`` of simulated time."""
        q = self.quantities(noise=False)
        self.energies.add(q["p_total"], q["q_total"], q["s_total"], seconds / 3600.0)

    def quantities(self, pf_convention: str = "IEEE", noise: bool = True) -> dict[str, float]:
        """Every measured quantity, keyed by the profiles' ``quantity`` tags."""
        jitter = (lambda: 1.0 + self._rng.gauss(0.0, self.noise)) if noise and self.noise else (lambda: 1.0)
        phases = self.wiring.apply(self.phases)
        v = [cmath.rect(p.v * jitter(), math.radians(p.v_angle)) for p in phases]
        i = [cmath.rect(p.i * jitter(), math.radians(p.i_angle)) for p in phases]
        out: dict[str, float] = {}
        totals = [0.0, 0.0]
        for name, vp, ip in zip("abc", v, i):
            s = vp * ip.conjugate()
            out[f"v_{name}n"] = abs(vp)
            out[f"i_{name}"] = abs(ip)
            out[f"v_{name}_angle"] = _angle(vp)
            out[f"i_{name}_angle"] = _angle(ip)
            out[f"p_{name}"], out[f"q_{name}"], out[f"s_{name}"] = s.real, s.imag, abs(s)
            out[f"pf_{name}"] = power_factor(s.real, s.imag, pf_convention)
            totals[0] += s.real
            totals[1] += s.imag
        out["p_total"], out["q_total"] = totals
        out["s_total"] = out["s_a"] + out["s_b"] + out["s_c"]  # arithmetic total, as meters report
        out["pf_total"] = power_factor(totals[0], totals[1], pf_convention, out["s_total"])
        for a, b in (("a", "b"), ("b", "c"), ("c", "a")):
            out[f"v_{a}{b}"] = abs(v["abc".index(a)] - v["abc".index(b)])
        out["v_ln_avg"] = sum(out[f"v_{p}n"] for p in "abc") / 3
        out["v_ll_avg"] = (out["v_ab"] + out["v_bc"] + out["v_ca"]) / 3
        out["i_avg"] = sum(out[f"i_{p}"] for p in "abc") / 3
        out["i_n"] = abs(sum(i))
        out["v_unbal"] = unbalance([out[f"v_{p}n"] for p in "abc"])
        out["i_unbal"] = unbalance([out[f"i_{p}"] for p in "abc"])
        out["freq"] = self.frequency
        thd_v, thd_i = thd(self.v_harmonics), thd(self.i_harmonics)
        for p in "abc":
            out[f"thd_v_{p}"] = thd_v
            out[f"thd_i_{p}"] = thd_i
        out["thd_i_n"] = thd(self.i_harmonics, only_triplen=True) if out["i_n"] > 0.01 * out["i_avg"] else 0.0
        e = self.energies
        out.update(
            wh_del=e.wh_del, wh_rec=e.wh_rec, varh_del=e.varh_del, varh_rec=e.varh_rec,
            vah_del=e.vah_del, vah_rec=e.vah_rec,
            kwh_del=e.wh_del / 1000, kwh_rec=e.wh_rec / 1000, kvarh_del=e.varh_del / 1000,
            kvarh_rec=e.varh_rec / 1000, kvah_del=e.vah_del / 1000, kvah_rec=e.vah_rec / 1000,
        )  # fmt: skip
        return out

    def meter_phasors(self, delta: bool = False) -> dict[str, float]:
        """Fundamental phasors at the meter's inputs, as a phasor viewer shows them (V, A, degrees).

        ``v1``..``v3`` are Va, Vb, Vc, or Vab, Vbc, Vca when ``delta``; ``i1``..``i3``
        are Ia, Ib, Ic. Angles are relative to V1 (to the first voltage present
        when V1 is missing), wrapped to (-180, 180].
        """
        phases = self.wiring.apply(self.phases)
        v = [cmath.rect(p.v, math.radians(p.v_angle)) for p in phases]
        i = [cmath.rect(p.i, math.radians(p.i_angle)) for p in phases]
        if delta:
            v = [v[0] - v[1], v[1] - v[2], v[2] - v[0]]
        largest = max(abs(x) for x in v)
        reference = next((_angle(x) for x in v if largest and abs(x) > 0.01 * largest), 0.0)
        out: dict[str, float] = {}
        for n, (vn, i_n) in enumerate(zip(v, i), 1):
            out[f"v{n}_mag"], out[f"i{n}_mag"] = abs(vn), abs(i_n)
            out[f"v{n}_angle"] = wrap_degrees(_angle(vn) - reference) if abs(vn) > 1e-9 else 0.0
            out[f"i{n}_angle"] = wrap_degrees(_angle(i_n) - reference) if abs(i_n) > 1e-9 else 0.0
        return out


def power_factor(p: float, q: float, convention: str = "IEEE", s: float | None = None) -> float:
    """PF = |P|/S with a sign: IEC follows P; IEEE is negative when lagging (Q1, Q3)."""
    s = math.hypot(p, q) if s is None else s
    if s == 0:
        return 1.0
    magnitude = abs(p) / s
    if convention == "IEC":
        return magnitude if p >= 0 else -magnitude
    lagging = (p >= 0) == (q > 0)
    return -magnitude if lagging and q != 0 else magnitude


def thd(harmonics: dict[int, float], only_triplen: bool = False) -> float:
    """Total harmonic distortion in % from per-order percentages."""
    return math.sqrt(sum(h * h for n, h in harmonics.items() if not only_triplen or n % 3 == 0))


def unbalance(values: list[float]) -> float:
    """Worst deviation from the average, in % of the average."""
    avg = sum(values) / len(values)
    return 0.0 if avg == 0 else max(abs(v - avg) for v in values) / avg * 100.0


def _angle(z: complex) -> float:
    return wrap_degrees(math.degrees(cmath.phase(z))) if abs(z) > 1e-9 else 0.0
