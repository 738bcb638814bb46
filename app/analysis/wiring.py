"""Wiring diagnosis from a meter's phasors, in plain words with the evidence.

Input is what a phasor viewer shows (ION7400 manual L6451-L6467): magnitude
and angle of the three voltages and currents, angles in degrees relative to
V1, positive counter-clockwise. V1..V3 are Va, Vb, Vc on a wye system and
Vab, Vbc, Vca on a delta one (converted to equivalent phase voltages here).

The diagnosis looks for what commissioning engineers find on site:

* a missing voltage or current (magnitude far below the other phases);
* the voltage phase sequence against the one the meter expects;
* which voltage each current belongs to and whether a CT is reversed: every
  assignment of the currents to the voltages, with or without each CT
  reversed, is tried; the one that makes the angle between each current and
  its voltage (the displacement, positive when the current lags) the same on
  every phase, with the fewest faults and a power factor plausible for the
  load, wins. Currents on the wrong voltages with the voltages turning the
  wrong way means crossed voltage leads; otherwise crossed CTs;
* a power factor that the declared load type cannot have.

The confidence says how clearly the winning explanation beats the next one,
how consistent the phases are, and what was missing.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise, permutations, product

from app.analysis.angles import wrap_degrees
from app.analysis.sequence import symmetrical_components
from app.i18n import N_, _

#: Confidence levels in words (a Diagnosis keeps the English key).
CONFIDENCE_WORDS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}

PHASES = "ABC"
MISSING_VOLTAGE = 0.2  # a voltage below this fraction of the highest is missing
LOW_LINE_VOLTAGE = 0.75  # delta: a line-line voltage below this fraction of the highest is low
MISSING_CURRENT = 0.05  # a current below this fraction of the highest is missing
CONSISTENT = 35.0  # degrees: the largest spread of displacements one explanation may leave
IMPLAUSIBLE_COST = 2.5  # weight of an implausible power factor against one wiring fault

#: Load types: label, lowest and highest plausible displacement and the typical one
#: (degrees, positive when the current lags its voltage).
LOAD_TYPES: dict[str, tuple[str, float, float, float]] = {
    "load": ("mixed load", -37.0, 60.0, 20.0),  # PF 0.8 leading .. 0.5 lagging
    "inductive": ("inductive load (motors, transformers)", -5.0, 66.0, 30.0),  # PF 1 .. 0.4 lagging
    "resistive": ("resistive load (heating, lighting)", -18.0, 18.0, 0.0),  # PF above 0.95
    "capacitive": ("capacitive load (capacitor bank, lightly loaded UPS)", -90.0, 5.0, -40.0),
    "generator": ("generator (exporting)", 120.0, 240.0, 180.0),  # power flows out
}
#: Cost of each kind of wiring fault in an explanation (a whole CT set mounted backwards is one mistake).
FAULT_COST = {"transposition": 1.0, "rotation": 1.5, "reversal": 1.0, "all_reversed": 1.2}


@dataclass(frozen=True)
class Phasor:
    """One phasor as a meter reports it: magnitude (V or A) and angle (degrees); None if not available."""

    label: str
    magnitude: float | None
    angle: float | None

    @property
    def known(self) -> bool:
        return self.magnitude is not None and self.angle is not None and math.isfinite(self.magnitude) \
            and math.isfinite(self.angle)

    @property
    def complex(self) -> complex:
        return cmath.rect(self.magnitude or 0.0, math.radians(self.angle or 0.0))


@dataclass(frozen=True)
class PhasorSet:
    """The phasors of one meter: three voltages, three currents, the system and expected rotation."""

    voltages: tuple[Phasor, Phasor, Phasor]
    currents: tuple[Phasor, Phasor, Phasor]
    system: str = "wye"  # "wye" (V1..V3 line-neutral) or "delta" (V1..V3 = Vab, Vbc, Vca)
    expected_sequence: str = "ABC"
    voltage_unit: str = "V"
    current_unit: str = "A"


@dataclass(frozen=True)
class Finding:
    """One problem: ``fault`` is a stable id, ``phases`` the meter inputs concerned (letters)."""

    fault: str  # sequence, reversed_ct, swapped_currents, rotated_currents, swapped_voltages,
    # missing_voltage, missing_current, implausible_pf, inconsistent, no_voltage, no_current
    phases: tuple[str, ...]
    message: str
    evidence: str
    check: str

    @property
    def is_fault(self) -> bool:
        """True for wiring faults; False for notes that only limit the diagnosis."""
        return self.fault != "no_current"


@dataclass(frozen=True)
class Diagnosis:
    """What the phasors say about the wiring."""

    findings: tuple[Finding, ...]
    confidence: str  # "high", "medium" or "low"
    confidence_reason: str
    load: str
    voltage_sequence: str | None  # "ABC", "ACB", or None when it cannot be told
    displacement: float | None  # degrees, current lagging its voltage, once the faults found are undone
    displacements: tuple[float | None, ...] = ()  # per phase as measured (V_k minus I_k), degrees
    voltage_unbalance: float | None = None  # negative / positive sequence, %
    current_unbalance: float | None = None
    sequences: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)

    @property
    def faults(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_fault)

    @property
    def ok(self) -> bool:
        return not self.faults

    @property
    def power_factor(self) -> float | None:
        return None if self.displacement is None else math.cos(math.radians(self.displacement))

    def verdict(self) -> str:
        """The verdict in a sentence, without the confidence."""
        if self.ok:
            notes = [f.message for f in self.findings]
            if notes:
                return _("Wiring looks correct as far as can be told ({notes})").format(notes="; ".join(notes))
            return _("Wiring looks correct")
        head = "; ".join(f.message for f in self.faults)
        return head[0].upper() + head[1:]

    def summary(self) -> str:
        """One line: the verdict and the confidence."""
        return _("{verdict}. Confidence: {confidence} ({reason}).").format(
            verdict=self.verdict(), confidence=_(CONFIDENCE_WORDS[self.confidence]), reason=self.confidence_reason)


@dataclass(frozen=True)
class _Hypothesis:
    belongs: tuple[int, int, int]  # belongs[k]: voltage phase of current input k
    reversed: tuple[bool, bool, bool]
    displacement: float
    spread: float
    plausible: bool
    cost: float


def diagnose(phasors: PhasorSet, load: str = "load") -> Diagnosis:
    """Diagnose the wiring from ``phasors`` for a load of type ``load`` (a key of :data:`LOAD_TYPES`)."""
    if load not in LOAD_TYPES:
        raise ValueError(f"unknown load type {load!r}; choose one of {', '.join(LOAD_TYPES)}")
    expected = phasors.expected_sequence.upper()
    findings: list[Finding] = []
    volts, v_present, v_findings = _voltages(phasors, expected)
    findings += v_findings
    amps = [p.complex if p.known else None for p in phasors.currents]
    i_present, i_findings = _currents(phasors)
    findings += i_findings
    v_sequence = _rotation({k: volts[k] for k in v_present})
    sequences, v_unbalance, i_unbalance = _components(volts, amps, v_present, i_present)
    measured = tuple(
        wrap_degrees(_deg(volts[k]) - _deg(amps[k])) if k in v_present and k in i_present else None
        for k in range(3)
    )
    base = {"load": load, "voltage_sequence": v_sequence, "displacements": measured,
            "voltage_unbalance": v_unbalance, "current_unbalance": i_unbalance, "sequences": sequences}
    if not v_present:
        return Diagnosis(tuple(findings), "low", "no voltage to compare the currents with", displacement=None, **base)
    angles = _voltage_angles(volts, v_present, v_sequence or expected)
    if not i_present:
        if v_sequence and v_sequence != expected:
            findings.append(_sequence_finding(v_sequence, expected, volts, v_present))
        return Diagnosis(tuple(findings), "low" if len(v_present) < 2 else "medium",
                         "no current flows, so the CTs cannot be checked", displacement=None, **base)

    ranked = _rank(angles, amps, i_present, load)
    best = ranked[0] if ranked else None
    if best is None:
        spread = _spread([m for m in measured if m is not None])
        findings.append(Finding(
            "inconsistent", tuple(PHASES[k] for k in i_present),
            "the currents fit no single wiring error",
            f"the angle between each current and its voltage differs by up to {spread:.0f}° between phases",
            "check the wiring phase by phase against the drawing; a very unbalanced or single-phase load "
            "also gives this picture",
        ))  # fmt: skip
        return Diagnosis(tuple(findings), "low", "no explanation makes the phases agree", displacement=None, **base)

    i_sequence = _rotation({k: -amps[k] if best.reversed[k] else amps[k] for k in i_present})
    findings += _wiring_findings(best, angles, amps, i_present, v_sequence, i_sequence, expected, volts, v_present,
                                 load)
    if not best.plausible:
        findings.append(_pf_finding(best, load))
    confidence, reason = _confidence(ranked, findings, i_present)
    return Diagnosis(tuple(findings), confidence, reason, displacement=best.displacement, **base)


def load_type_label(load: str) -> str:
    return LOAD_TYPES[load][0]


# ---- voltages and currents present


def _voltages(ph: PhasorSet, expected: str) -> tuple[list[complex | None], list[int], list[Finding]]:
    """Equivalent phase voltages (complex), the phases present, and findings about missing ones."""
    known = [p.complex if p.known else None for p in ph.voltages]
    highest = max((abs(v) for v in known if v is not None), default=0.0)
    if highest <= 0:
        finding = Finding("no_voltage", tuple(PHASES), "no voltage is measured",
                          "every voltage input reads 0 or n/a",
                          "check the voltage fuses or PT secondaries and the meter's voltage terminals")
        return [None, None, None], [], [finding]
    if ph.system == "delta":
        return _delta_voltages(ph, known, highest, expected)
    present = [k for k, v in enumerate(known) if v is not None and abs(v) >= MISSING_VOLTAGE * highest]
    findings = []
    for k in range(3):
        if k not in present:
            value = "n/a" if known[k] is None else _fmt(abs(known[k]), ph.voltage_unit)
            others = ", ".join(f"{ph.voltages[j].label} {_fmt(abs(known[j]), ph.voltage_unit)}" for j in present)
            findings.append(Finding(
                "missing_voltage", (PHASES[k],), f"voltage {ph.voltages[k].label} is missing",
                f"{ph.voltages[k].label} reads {value} while {others}",
                f"check the voltage fuse and the lead to terminal V{k + 1} (phase {PHASES[k]}), "
                "and the PT secondary if there is one",
            ))  # fmt: skip
    return known, present, findings


def _delta_voltages(ph: PhasorSet, known: list[complex | None], highest: float,
                    expected: str) -> tuple[list[complex | None], list[int], list[Finding]]:
    """Phase voltages equivalent to Vab, Vbc, Vca; a phase whose two line voltages are low is missing."""
    low = [k for k, v in enumerate(known) if v is None or abs(v) < LOW_LINE_VOLTAGE * highest]
    findings = []
    missing: set[int] = set()
    if len(low) >= 2:
        pairs = [{k, (k + 1) % 3} for k in low]  # Vab -> {A, B}, Vbc -> {B, C}, Vca -> {C, A}
        common = set.intersection(*pairs[:2])
        missing = common if len(low) == 2 else set(range(3))
    elif len(low) == 1:
        missing = set()
    for k in sorted(missing):
        lines = [ph.voltages[j] for j in low if k in ({j, (j + 1) % 3})]
        evidence = ", ".join(f"{p.label} {_fmt(p.magnitude, ph.voltage_unit) if p.known else 'n/a'}" for p in lines)
        findings.append(Finding(
            "missing_voltage", (PHASES[k],), f"voltage of phase {PHASES[k]} is missing",
            f"both line voltages through phase {PHASES[k]} are low ({evidence}; highest {_fmt(highest, ph.voltage_unit)})",
            f"check the voltage fuse and the lead to terminal V{k + 1} (phase {PHASES[k]}), "
            "and the PT secondary if there is one",
        ))  # fmt: skip
    if len(low) == 1 and all(v is not None for v in known):
        j = low[0]
        findings.append(Finding(
            "missing_voltage", (PHASES[j], PHASES[(j + 1) % 3]), f"line voltage {ph.voltages[j].label} is low",
            f"{ph.voltages[j].label} reads {_fmt(abs(known[j]), ph.voltage_unit)}, "
            f"the highest {_fmt(highest, ph.voltage_unit)}",
            f"check the voltage leads of phases {PHASES[j]} and {PHASES[(j + 1) % 3]}",
        ))  # fmt: skip
    good = [k for k in range(3) if k not in low]
    if len(good) == 3:
        vab, vbc, vca = known
        phase = [(vab - vca) / 3, (vbc - vab) / 3, (vca - vbc) / 3]
        return phase, [0, 1, 2], findings
    # one or two healthy line voltages: the phase voltages from them, turning as expected
    shift = -30.0 if expected == "ABC" else 30.0
    equivalent: list[complex | None] = [None, None, None]
    for j in good:
        equivalent[j] = cmath.rect(abs(known[j]) / math.sqrt(3), math.radians(_deg(known[j]) + shift))
    present = [k for k in range(3) if k not in missing and equivalent[k] is not None]
    return equivalent, present, findings


def _currents(ph: PhasorSet) -> tuple[list[int], list[Finding]]:
    magnitudes = [abs(p.magnitude) if p.known else None for p in ph.currents]
    highest = max((m for m in magnitudes if m is not None), default=0.0)
    if highest <= 0:
        return [], [Finding("no_current", tuple(PHASES), "no current flows",
                            "every current input reads 0 or n/a",
                            "the CTs can only be checked under load: switch some load on, "
                            "and check that no CT shorting link is still closed")]
    present = [k for k, m in enumerate(magnitudes) if m is not None and m >= MISSING_CURRENT * highest]
    findings = []
    for k in range(3):
        if k not in present:
            value = "n/a" if magnitudes[k] is None else _fmt(magnitudes[k], ph.current_unit)
            others = ", ".join(f"{ph.currents[j].label} {_fmt(magnitudes[j], ph.current_unit)}" for j in present)
            findings.append(Finding(
                "missing_current", (PHASES[k],), f"current {ph.currents[k].label} is missing",
                f"{ph.currents[k].label} reads {value} while {others}",
                f"check the CT of phase {PHASES[k]}: shorting link still closed, loose or open S1/S2 lead "
                f"at terminal I{k + 1}; or the load on phase {PHASES[k]} is really off",
            ))  # fmt: skip
    return present, findings


def _voltage_angles(volts: list[complex | None], present: list[int], sequence: str) -> list[float]:
    """Angle of every phase voltage; missing ones placed 120° from the present ones in ``sequence``."""
    step = -120.0 if sequence == "ABC" else 120.0
    k0 = present[0]
    reference = _deg(volts[k0])
    return [_deg(volts[k]) if k in present else wrap_degrees(reference + step * (k - k0)) for k in range(3)]


def _rotation(phasors: dict[int, complex | None]) -> str | None:
    """"ABC" or "ACB" from the angles of two or three phasors (keys: phase index), None if unclear."""
    items = [(k, z) for k, z in phasors.items() if z is not None and abs(z) > 0]
    if len(items) < 2:
        return None
    score = 0.0
    for (k, a), (j, b) in pairwise(items):
        turn = wrap_degrees(_deg(b) - _deg(a))
        score += math.cos(math.radians(turn + 120.0 * (j - k))) - math.cos(math.radians(turn - 120.0 * (j - k)))
    if abs(score) < 0.5:
        return None
    return "ABC" if score > 0 else "ACB"


def _components(volts, amps, v_present, i_present) -> tuple[dict, float | None, float | None]:
    """Symmetrical components (magnitude, angle) and negative-sequence unbalance, when all phases are known."""
    out: dict[str, dict[str, tuple[float, float]]] = {}
    unbalance: list[float | None] = []
    for key, values in (("voltage", volts), ("current", amps)):
        if any(v is None for v in values):
            unbalance.append(None)
            continue
        comp = symmetrical_components(*values)
        out[key] = {name: (float(m), float(a)) for name, (m, a) in comp.polar().items()}
        defined = abs(comp.positive) > 1e-9 * max(abs(v) for v in values)
        unbalance.append(float(comp.negative_unbalance) if defined else None)
    return out, unbalance[0], unbalance[1]


# ---- which voltage each current belongs to


def _rank(angles: list[float], amps: list[complex | None], present: list[int], load: str) -> list[_Hypothesis]:
    """Every consistent explanation of the currents, cheapest first."""
    _, low, high, typical = LOAD_TYPES[load]
    ranked = []
    for belongs in permutations(range(3)):
        if any(belongs[k] != k for k in range(3) if k not in present):
            continue
        for flips in product((False, True), repeat=3):
            if any(flips[k] for k in range(3) if k not in present):
                continue
            shifts = [wrap_degrees(angles[belongs[k]] - _deg(amps[k]) - (180.0 if flips[k] else 0.0)) for k in present]
            mean = _circular_mean(shifts)
            spread = max(abs(wrap_degrees(s - mean)) for s in shifts)
            if spread > CONSISTENT:
                continue
            plausible = low <= _unwrap_into(mean, low) <= high
            moved = sum(belongs[k] != k for k in range(3))
            cost = {0: 0.0, 2: FAULT_COST["transposition"], 3: FAULT_COST["rotation"]}[moved]
            cost += FAULT_COST["all_reversed"] if all(flips) else FAULT_COST["reversal"] * sum(flips)
            cost += (0 if plausible else IMPLAUSIBLE_COST) + spread / 90.0
            cost += abs(wrap_degrees(mean - typical)) / 120.0
            ranked.append(_Hypothesis(belongs, flips, mean, spread, plausible, cost))
    ranked.sort(key=lambda h: h.cost)
    return ranked


def _wiring_findings(best: _Hypothesis, angles, amps, present, v_sequence, i_sequence, expected,
                     volts, v_present, load) -> list[Finding]:
    findings = []
    moved = [k for k in range(3) if best.belongs[k] != k]
    voltage_leads = len(moved) == 2 and v_sequence not in (None, expected) and i_sequence in (None, expected)
    if len(moved) == 2:
        a, b = moved
        evidence = "; ".join(
            f"I{PHASES[k].lower()} sits {_lag(wrap_degrees(angles[best.belongs[k]] - _deg(amps[k]) - (180 if best.reversed[k] else 0)))} "
            f"V{PHASES[best.belongs[k]].lower()}, not V{PHASES[k].lower()}"
            for k in moved
        )  # fmt: skip
        if voltage_leads:
            findings.append(Finding(
                "swapped_voltages", (PHASES[a], PHASES[b]),
                f"voltage leads {PHASES[a]} and {PHASES[b]} are swapped",
                f"{evidence}; the voltages turn {v_sequence} while the currents turn {i_sequence or expected}",
                f"swap the leads on voltage terminals V{a + 1} and V{b + 1} (with the supply isolated)",
            ))  # fmt: skip
        else:
            findings.append(Finding(
                "swapped_currents", (PHASES[a], PHASES[b]),
                f"the CTs of phases {PHASES[a]} and {PHASES[b]} are swapped",
                f"{evidence}; the currents turn {i_sequence or '?'} while the voltages turn {v_sequence or expected}",
                f"swap the CT leads on current terminals I{a + 1} and I{b + 1} "
                "(short the CT secondaries before disconnecting them)",
            ))  # fmt: skip
    elif len(moved) == 3:
        owners = ", ".join(f"I{PHASES[k].lower()} belongs to V{PHASES[best.belongs[k]].lower()}" for k in range(3))
        findings.append(Finding(
            "rotated_currents", tuple(PHASES),
            "the currents are one phase off their voltages",
            f"{owners}: with that, every current is {_lag(best.displacement)} its voltage; as wired, every "
            f"current is {_lag(wrap_degrees(angles[0] - _deg(amps[0]) - (180 if best.reversed[0] else 0)))} "
            "the voltage of its phase",
            "move each CT to the phase its voltage is on (I1 with V1 on phase A, and so on); "
            "short the CT secondaries before disconnecting them",
        ))  # fmt: skip
    if all(best.reversed):
        flow = "into the generator" if load == "generator" else "from the load to the supply"
        other = "a consuming load type" if load == "generator" else "the load a generator"
        findings.append(Finding(
            "reversed_ct", tuple(PHASES), "all three CTs are reversed",
            f"every current is about 180° from where a {load_type_label(load)} puts it: as wired, active "
            f"power flows {flow} on every phase",
            "turn the CTs round or swap S1 and S2 on every CT (short the secondaries first); if the power "
            f"really flows that way, declare {other} instead",
        ))  # fmt: skip
        return _with_sequence(findings, v_sequence, expected, volts, v_present, voltage_leads)
    for k in range(3):
        if best.reversed[k]:
            as_wired = wrap_degrees(angles[best.belongs[k]] - _deg(amps[k]))
            findings.append(Finding(
                "reversed_ct", (PHASES[k],), f"the CT of phase {PHASES[k]} is reversed",
                f"I{PHASES[k].lower()} is {abs(as_wired):.0f}° from V{PHASES[best.belongs[k]].lower()} "
                f"while the other phases are {abs(best.displacement):.0f}° from theirs: about 180° off",
                f"turn the CT of phase {PHASES[k]} round (P1 towards the supply) or swap its S1 and S2 leads "
                f"at terminal I{k + 1} (short the secondary first)",
            ))  # fmt: skip
    return _with_sequence(findings, v_sequence, expected, volts, v_present, voltage_leads)


def _with_sequence(findings: list[Finding], v_sequence, expected, volts, v_present, voltage_leads) -> list[Finding]:
    if v_sequence and v_sequence != expected and not voltage_leads:
        findings.insert(0, _sequence_finding(v_sequence, expected, volts, v_present))
    return findings


def _sequence_finding(found: str, expected: str, volts, present) -> Finding:
    angles = ", ".join(f"V{PHASES[k].lower()} {_deg(volts[k]):+.0f}°" for k in present)
    return Finding(
        "sequence", tuple(PHASES), f"phase sequence {found} instead of {expected}",
        f"the voltages turn {found} ({angles}); the meter expects {expected}",
        f"if the supply really turns {found}, set the meter's phase order to {found}; otherwise two phases "
        "are crossed ahead of the meter: swap the same two phases on both the voltage leads and the CTs",
    )


def _pf_finding(best: _Hypothesis, load: str) -> Finding:
    label, low, high, _ = LOAD_TYPES[load]
    pf = math.cos(math.radians(best.displacement))
    kind = "lagging" if best.displacement > 0 else "leading"
    text = f"PF {abs(pf):.2f} {kind} (current {_lag(best.displacement)} voltage)"
    if load == "generator":
        return Finding(
            "implausible_pf", tuple(PHASES), "a generator should export, but power flows into it",
            f"{text}: active power is positive on every phase",
            "check that the CTs point the way the meter expects (P1 towards the grid for an exporting "
            "generator), or declare the load type again",
        )
    if abs(best.displacement) > 90:
        return Finding(
            "implausible_pf", tuple(PHASES), "power flows from the load back to the supply on every phase",
            f"{text}: active power is negative on all phases, which a {label} does not do",
            "if the site does not generate, all three CTs are reversed (P1 towards the load) or their S1/S2 "
            "leads are swapped; otherwise declare the load a generator",
        )
    return Finding(
        "implausible_pf", tuple(PHASES), f"power factor implausible for a {label}",
        f"{text} on every phase; a {label} runs between {_pf_range(low, high)}",
        "check the load type, then that each CT is on the phase of its voltage (CT and voltage lead of the "
        "same phase on I1/V1, I2/V2, I3/V3)",
    )


def _confidence(ranked: list[_Hypothesis], findings: list[Finding], i_present: list[int]) -> tuple[str, str]:
    best = ranked[0]
    margin = (ranked[1].cost - best.cost) if len(ranked) > 1 else 5.0
    reasons = [f"phases agree within {best.spread:.0f}°"]
    level = 2 if margin >= 1.0 and best.spread <= 12 else 1 if margin >= 0.4 and best.spread <= 25 else 0
    if margin < 1.0:
        reasons.append(f"next best explanation: {_explain(ranked[1])}")
    missing = sum(f.fault in ("missing_voltage", "missing_current") for f in findings)
    if missing:
        level = min(level, 1)
        reasons.append(f"{missing} input{'s' if missing > 1 else ''} missing")
    if len(i_present) < 2:
        level = 0
        reasons.append("only one current to compare")
    return ("low", "medium", "high")[level], ", ".join(reasons)


def _explain(h: _Hypothesis) -> str:
    """A hypothesis in a few words."""
    parts = []
    moved = [k for k in range(3) if h.belongs[k] != k]
    if len(moved) == 2:
        parts.append(f"phases {PHASES[moved[0]]} and {PHASES[moved[1]]} crossed")
    elif len(moved) == 3:
        parts.append("currents one phase off")
    if all(h.reversed):
        parts.append("all CTs reversed")
    else:
        parts += [f"CT {PHASES[k]} reversed" for k in range(3) if h.reversed[k]]
    pf = math.cos(math.radians(h.displacement))
    parts.append(f"PF {abs(pf):.2f} {'lagging' if h.displacement > 0 else 'leading'}")
    return ", ".join(parts) if len(parts) > 1 else f"correct wiring at {parts[0]}"


# ---- helpers


def _deg(z: complex | None) -> float:
    return math.degrees(cmath.phase(z)) if z else 0.0


def _circular_mean(angles: Sequence[float]) -> float:
    return math.degrees(cmath.phase(sum(cmath.rect(1.0, math.radians(a)) for a in angles)))


def _spread(angles: Sequence[float]) -> float:
    if not angles:
        return 0.0
    mean = _circular_mean(angles)
    return max(abs(wrap_degrees(a - mean)) for a in angles)


def _unwrap_into(angle: float, low: float) -> float:
    """``angle`` moved by whole turns into [low, low + 360)."""
    return low + (angle - low) % 360.0


def _lag(displacement: float) -> str:
    if abs(displacement) < 0.5:
        return "in phase with"
    return f"{abs(displacement):.0f}° {'behind' if displacement > 0 else 'ahead of'}"


def _pf_range(low: float, high: float) -> str:
    def pf(angle: float) -> str:
        value = math.cos(math.radians(angle))
        if abs(angle) < 0.5:
            return "PF 1"
        return f"PF {abs(value):.2f} {'lagging' if angle > 0 else 'leading'}"

    return f"{pf(low)} and {pf(high)}"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    for factor, prefix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.4g} {prefix}{unit}"
    return f"{value:.4g} {unit}"
