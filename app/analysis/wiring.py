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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise, permutations, product

from app.analysis.angles import wrap_degrees
from app.analysis.sequence import symmetrical_components
from app.i18n import N_, _, ngettext

#: Confidence levels in words (a Diagnosis keeps the English key).
CONFIDENCE_WORDS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}

PHASES = "ABC"
MISSING_VOLTAGE = 0.2  # a voltage below this fraction of the highest is missing
LOW_LINE_VOLTAGE = 0.75  # delta: a line-line voltage below this fraction of the highest is low
MISSING_CURRENT = 0.05  # a current below this fraction of the highest is missing
CONSISTENT = 35.0  # degrees: the largest spread of displacements one explanation may leave
IMPLAUSIBLE_COST = 2.5  # weight of an implausible power factor against one wiring fault

#: Load types: label (shown through :func:`load_type_label`), lowest and highest plausible
#: displacement and the typical one (degrees, positive when the current lags its voltage).
LOAD_TYPES: dict[str, tuple[str, float, float, float]] = {
    "load": (N_("mixed load"), -37.0, 60.0, 20.0),  # PF 0.8 leading .. 0.5 lagging
    "inductive": (N_("inductive load (motors, transformers)"), -5.0, 66.0, 30.0),  # PF 1 .. 0.4 lagging
    "resistive": (N_("resistive load (heating, lighting)"), -18.0, 18.0, 0.0),  # PF above 0.95
    "capacitive": (N_("capacitive load (capacitor bank, lightly loaded UPS)"), -90.0, 5.0, -40.0),
    "generator": (N_("generator (exporting)"), 120.0, 240.0, 180.0),  # power flows out
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
                return _("Wiring looks correct as far as can be told ({notes})").format(notes=_clauses(notes))
            return _("Wiring looks correct")
        head = _clauses(f.message for f in self.faults)
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
        raise ValueError(_("unknown load type {load!r}; choose one of {choices}").format(
            load=load, choices=", ".join(LOAD_TYPES)))
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
        return Diagnosis(tuple(findings), "low", _("no voltage to compare the currents with"), displacement=None,
                         **base)
    angles = _voltage_angles(volts, v_present, v_sequence or expected)
    if not i_present:
        if v_sequence and v_sequence != expected:
            findings.append(_sequence_finding(v_sequence, expected, volts, v_present))
        return Diagnosis(tuple(findings), "low" if len(v_present) < 2 else "medium",
                         _("no current flows, so the CTs cannot be checked"), displacement=None, **base)

    ranked = _rank(angles, amps, i_present, load)
    best = ranked[0] if ranked else None
    if best is None:
        spread = _spread([m for m in measured if m is not None])
        findings.append(Finding(
            "inconsistent", tuple(PHASES[k] for k in i_present),
            _("the currents fit no single wiring error"),
            _("the angle between each current and its voltage differs by up to {spread:.0f}° between phases").format(
                spread=spread),
            _("check the wiring phase by phase against the drawing; a very unbalanced or single-phase load "
              "also gives this picture"),
        ))  # fmt: skip
        return Diagnosis(tuple(findings), "low", _("no explanation makes the phases agree"), displacement=None,
                         **base)

    i_sequence = _rotation({k: -amps[k] if best.reversed[k] else amps[k] for k in i_present})
    findings += _wiring_findings(best, angles, amps, i_present, v_sequence, i_sequence, expected, volts, v_present,
                                 load)
    if not best.plausible:
        findings.append(_pf_finding(best, load))
    confidence, reason = _confidence(ranked, findings, i_present)
    return Diagnosis(tuple(findings), confidence, reason, displacement=best.displacement, **base)


def load_type_label(load: str) -> str:
    """The load type ``load`` (a key of :data:`LOAD_TYPES`) in words, in the current language."""
    return _(LOAD_TYPES[load][0])


# ---- voltages and currents present


def _voltages(ph: PhasorSet, expected: str) -> tuple[list[complex | None], list[int], list[Finding]]:
    """Equivalent phase voltages (complex), the phases present, and findings about missing ones."""
    known = [p.complex if p.known else None for p in ph.voltages]
    highest = max((abs(v) for v in known if v is not None), default=0.0)
    if highest <= 0:
        finding = Finding("no_voltage", tuple(PHASES), _("no voltage is measured"),
                          _("every voltage input reads 0 or n/a"),
                          _("check the voltage fuses or PT secondaries and the meter's voltage terminals"))
        return [None, None, None], [], [finding]
    if ph.system == "delta":
        return _delta_voltages(ph, known, highest, expected)
    present = [k for k, v in enumerate(known) if v is not None and abs(v) >= MISSING_VOLTAGE * highest]
    findings = []
    for k in range(3):
        if k not in present:
            value = _("n/a") if known[k] is None else _fmt(abs(known[k]), ph.voltage_unit)
            others = ", ".join(f"{ph.voltages[j].label} {_fmt(abs(known[j]), ph.voltage_unit)}" for j in present)
            findings.append(Finding(
                "missing_voltage", (PHASES[k],), _("voltage {voltage} is missing").format(voltage=ph.voltages[k].label),
                _("{input} reads {value} while {others}").format(input=ph.voltages[k].label, value=value,
                                                                 others=others),
                _("check the voltage fuse and the lead to terminal V{terminal} (phase {phase}), "
                  "and the PT secondary if there is one").format(terminal=k + 1, phase=PHASES[k]),
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
    for k in sorted(missing):
        lines = [ph.voltages[j] for j in low if k in ({j, (j + 1) % 3})]
        evidence = ", ".join(f"{p.label} {_fmt(p.magnitude, ph.voltage_unit) if p.known else _('n/a')}" for p in lines)
        findings.append(Finding(
            "missing_voltage", (PHASES[k],), _("voltage of phase {phase} is missing").format(phase=PHASES[k]),
            _("both line voltages through phase {phase} are low ({values}; highest {highest})").format(
                phase=PHASES[k], values=evidence, highest=_fmt(highest, ph.voltage_unit)),
            _("check the voltage fuse and the lead to terminal V{terminal} (phase {phase}), "
              "and the PT secondary if there is one").format(terminal=k + 1, phase=PHASES[k]),
        ))  # fmt: skip
    if len(low) == 1 and all(v is not None for v in known):
        j = low[0]
        findings.append(Finding(
            "missing_voltage", (PHASES[j], PHASES[(j + 1) % 3]),
            _("line voltage {voltage} is low").format(voltage=ph.voltages[j].label),
            _("{input} reads {value}, the highest {highest}").format(
                input=ph.voltages[j].label, value=_fmt(abs(known[j]), ph.voltage_unit),
                highest=_fmt(highest, ph.voltage_unit)),
            _("check the voltage leads of phases {first} and {second}").format(
                first=PHASES[j], second=PHASES[(j + 1) % 3]),
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
        return [], [Finding("no_current", tuple(PHASES), _("no current flows"),
                            _("every current input reads 0 or n/a"),
                            _("the CTs can only be checked under load: switch some load on, "
                              "and check that no CT shorting link is still closed"))]
    present = [k for k, m in enumerate(magnitudes) if m is not None and m >= MISSING_CURRENT * highest]
    findings = []
    for k in range(3):
        if k not in present:
            value = _("n/a") if magnitudes[k] is None else _fmt(magnitudes[k], ph.current_unit)
            others = ", ".join(f"{ph.currents[j].label} {_fmt(magnitudes[j], ph.current_unit)}" for j in present)
            findings.append(Finding(
                "missing_current", (PHASES[k],), _("current {current} is missing").format(current=ph.currents[k].label),
                _("{input} reads {value} while {others}").format(input=ph.currents[k].label, value=value,
                                                                 others=others),
                _("check the CT of phase {phase}: shorting link still closed, loose or open S1/S2 lead "
                  "at terminal I{terminal}; or the load on phase {phase} is really off").format(
                    phase=PHASES[k], terminal=k + 1),
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
    _label, low, high, typical = LOAD_TYPES[load]
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
        evidence = _clauses(
            _sits(f"I{PHASES[k].lower()}", f"V{PHASES[best.belongs[k]].lower()}", f"V{PHASES[k].lower()}",
                  wrap_degrees(angles[best.belongs[k]] - _deg(amps[k]) - (180 if best.reversed[k] else 0)))
            for k in moved
        )  # fmt: skip
        if voltage_leads:
            findings.append(Finding(
                "swapped_voltages", (PHASES[a], PHASES[b]),
                _("voltage leads {first} and {second} are swapped").format(first=PHASES[a], second=PHASES[b]),
                _("{evidence}; the voltages turn {voltages} while the currents turn {currents}").format(
                    evidence=evidence, voltages=v_sequence, currents=i_sequence or expected),
                _("swap the leads on voltage terminals V{first} and V{second} (with the supply isolated)").format(
                    first=a + 1, second=b + 1),
            ))  # fmt: skip
        else:
            findings.append(Finding(
                "swapped_currents", (PHASES[a], PHASES[b]),
                _("the CTs of phases {first} and {second} are swapped").format(first=PHASES[a], second=PHASES[b]),
                _("{evidence}; the currents turn {currents} while the voltages turn {voltages}").format(
                    evidence=evidence, currents=i_sequence or "?", voltages=v_sequence or expected),
                _("swap the CT leads on current terminals I{first} and I{second} "
                  "(short the CT secondaries before disconnecting them)").format(first=a + 1, second=b + 1),
            ))  # fmt: skip
    elif len(moved) == 3:
        owners = ", ".join(
            _("{current} belongs to {voltage}").format(current=f"I{PHASES[k].lower()}",
                                                       voltage=f"V{PHASES[best.belongs[k]].lower()}")
            for k in range(3)
        )  # fmt: skip
        as_wired = wrap_degrees(angles[0] - _deg(amps[0]) - (180 if best.reversed[0] else 0))
        findings.append(Finding(
            "rotated_currents", tuple(PHASES),
            _("the currents are one phase off their voltages"),
            _("{owners}: with that, {belonging}; as wired, {as_wired}").format(
                owners=owners, belonging=_every_current(best.displacement, own_phase=False),
                as_wired=_every_current(as_wired, own_phase=True)),
            _("move each CT to the phase its voltage is on (I1 with V1 on phase A, and so on); "
              "short the CT secondaries before disconnecting them"),
        ))  # fmt: skip
    if all(best.reversed):
        if load == "generator":
            evidence = _("every current is about 180° from where a {load} puts it: as wired, active power flows "
                         "into the generator on every phase")
            check = _("turn the CTs round or swap S1 and S2 on every CT (short the secondaries first); if the power "
                      "really flows that way, declare a consuming load type instead")
        else:
            evidence = _("every current is about 180° from where a {load} puts it: as wired, active power flows "
                         "from the load to the supply on every phase")
            check = _("turn the CTs round or swap S1 and S2 on every CT (short the secondaries first); if the power "
                      "really flows that way, declare the load a generator instead")
        findings.append(Finding(
            "reversed_ct", tuple(PHASES), _("all three CTs are reversed"),
            evidence.format(load=load_type_label(load)), check,
        ))  # fmt: skip
        return _with_sequence(findings, v_sequence, expected, volts, v_present, voltage_leads)
    for k in range(3):
        if best.reversed[k]:
            as_wired = wrap_degrees(angles[best.belongs[k]] - _deg(amps[k]))
            findings.append(Finding(
                "reversed_ct", (PHASES[k],), _("the CT of phase {phase} is reversed").format(phase=PHASES[k]),
                _("{current} is {angle:.0f}° from {voltage} while the other phases are {others:.0f}° from theirs: "
                  "about 180° off").format(current=f"I{PHASES[k].lower()}", angle=abs(as_wired),
                                           voltage=f"V{PHASES[best.belongs[k]].lower()}",
                                           others=abs(best.displacement)),
                _("turn the CT of phase {phase} round (P1 towards the supply) or swap its S1 and S2 leads "
                  "at terminal I{terminal} (short the secondary first)").format(phase=PHASES[k], terminal=k + 1),
            ))  # fmt: skip
    return _with_sequence(findings, v_sequence, expected, volts, v_present, voltage_leads)


def _with_sequence(findings: list[Finding], v_sequence, expected, volts, v_present, voltage_leads) -> list[Finding]:
    if v_sequence and v_sequence != expected and not voltage_leads:
        findings.insert(0, _sequence_finding(v_sequence, expected, volts, v_present))
    return findings


def _sequence_finding(found: str, expected: str, volts, present) -> Finding:
    angles = ", ".join(f"V{PHASES[k].lower()} {_deg(volts[k]):+.0f}°" for k in present)
    return Finding(
        "sequence", tuple(PHASES), _("phase sequence {found} instead of {expected}").format(found=found,
                                                                                              expected=expected),
        _("the voltages turn {found} ({angles}); the meter expects {expected}").format(
            found=found, angles=angles, expected=expected),
        _("if the supply really turns {found}, set the meter's phase order to {found}; otherwise two phases "
          "are crossed ahead of the meter: swap the same two phases on both the voltage leads and the CTs").format(
            found=found),
    )


def _pf_finding(best: _Hypothesis, load: str) -> Finding:
    _label, low, high, _typical = LOAD_TYPES[load]
    label = load_type_label(load)
    text = _pf_evidence(best.displacement)
    if load == "generator":
        return Finding(
            "implausible_pf", tuple(PHASES), _("a generator should export, but power flows into it"),
            _("{power_factor}: active power is positive on every phase").format(power_factor=text),
            _("check that the CTs point the way the meter expects (P1 towards the grid for an exporting "
              "generator), or declare the load type again"),
        )
    if abs(best.displacement) > 90:
        return Finding(
            "implausible_pf", tuple(PHASES), _("power flows from the load back to the supply on every phase"),
            _("{power_factor}: active power is negative on all phases, which a {load} does not do").format(
                power_factor=text, load=label),
            _("if the site does not generate, all three CTs are reversed (P1 towards the load) or their S1/S2 "
              "leads are swapped; otherwise declare the load a generator"),
        )
    return Finding(
        "implausible_pf", tuple(PHASES), _("power factor implausible for a {load}").format(load=label),
        _("{power_factor} on every phase; a {load} runs between {low} and {high}").format(
            power_factor=text, load=label, low=_pf_words(low), high=_pf_words(high)),
        _("check the load type, then that each CT is on the phase of its voltage (CT and voltage lead of the "
          "same phase on I1/V1, I2/V2, I3/V3)"),
    )


def _confidence(ranked: list[_Hypothesis], findings: list[Finding], i_present: list[int]) -> tuple[str, str]:
    best = ranked[0]
    margin = (ranked[1].cost - best.cost) if len(ranked) > 1 else 5.0
    reasons = [_("phases agree within {spread:.0f}°").format(spread=best.spread)]
    level = 2 if margin >= 1.0 and best.spread <= 12 else 1 if margin >= 0.4 and best.spread <= 25 else 0
    if margin < 1.0:
        reasons.append(_("next best explanation: {explanation}").format(explanation=_explain(ranked[1])))
    missing = sum(f.fault in ("missing_voltage", "missing_current") for f in findings)
    if missing:
        level = min(level, 1)
        reasons.append(ngettext("{count} input missing", "{count} inputs missing", missing).format(count=missing))
    if len(i_present) < 2:
        level = 0
        reasons.append(_("only one current to compare"))
    return ("low", "medium", "high")[level], ", ".join(reasons)


def _explain(h: _Hypothesis) -> str:
    """A hypothesis in a few words."""
    parts = []
    moved = [k for k in range(3) if h.belongs[k] != k]
    if len(moved) == 2:
        parts.append(_("phases {first} and {second} crossed").format(first=PHASES[moved[0]], second=PHASES[moved[1]]))
    elif len(moved) == 3:
        parts.append(_("currents one phase off"))
    if all(h.reversed):
        parts.append(_("all CTs reversed"))
    else:
        parts += [_("CT {phase} reversed").format(phase=PHASES[k]) for k in range(3) if h.reversed[k]]
    parts.append(_pf_words(h.displacement))
    return ", ".join(parts) if len(parts) > 1 else _("correct wiring at {power_factor}").format(power_factor=parts[0])


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


def _clauses(clauses: Iterable[str]) -> str:
    """Clauses one after the other, separated by semicolons (with the spacing of the current language)."""
    items = list(clauses)
    text = items[0] if items else ""
    for clause in items[1:]:
        text = _("{first}; {second}").format(first=text, second=clause)
    return text


def _sits(current: str, voltage: str, own: str, displacement: float) -> str:
    """"Ib sits 25° behind Va, not Vb": a current against the voltage it belongs to and its own."""
    if abs(displacement) < 0.5:
        text = _("{current} sits in phase with {voltage}, not {own}")
    elif displacement > 0:
        text = _("{current} sits {degrees:.0f}° behind {voltage}, not {own}")
    else:
        text = _("{current} sits {degrees:.0f}° ahead of {voltage}, not {own}")
    return text.format(current=current, voltage=voltage, own=own, degrees=abs(displacement))


def _every_current(displacement: float, own_phase: bool) -> str:
    """"every current is 25° behind its voltage" (or "the voltage of its phase" when ``own_phase``)."""
    if own_phase:
        if abs(displacement) < 0.5:
            text = _("every current is in phase with the voltage of its phase")
        elif displacement > 0:
            text = _("every current is {degrees:.0f}° behind the voltage of its phase")
        else:
            text = _("every current is {degrees:.0f}° ahead of the voltage of its phase")
    elif abs(displacement) < 0.5:
        text = _("every current is in phase with its voltage")
    elif displacement > 0:
        text = _("every current is {degrees:.0f}° behind its voltage")
    else:
        text = _("every current is {degrees:.0f}° ahead of its voltage")
    return text.format(degrees=abs(displacement))


def _pf_words(displacement: float) -> str:
    """"PF 0.77 lagging": the power factor of a displacement (degrees, positive when the current lags)."""
    if abs(displacement) < 0.5:
        return _("PF 1")
    pf = abs(math.cos(math.radians(displacement)))
    return (_("PF {pf:.2f} lagging") if displacement > 0 else _("PF {pf:.2f} leading")).format(pf=pf)


def _pf_evidence(displacement: float) -> str:
    """"PF 0.77 lagging (current 40° behind voltage)"."""
    if abs(displacement) < 0.5:
        return _("PF 1 (current in phase with voltage)")
    if displacement > 0:
        text = _("PF {pf:.2f} lagging (current {degrees:.0f}° behind voltage)")
    else:
        text = _("PF {pf:.2f} leading (current {degrees:.0f}° ahead of voltage)")
    return text.format(pf=abs(math.cos(math.radians(displacement))), degrees=abs(displacement))


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return _("n/a")
    for factor, prefix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.4g} {prefix}{unit}"
    return f"{value:.4g} {unit}"
