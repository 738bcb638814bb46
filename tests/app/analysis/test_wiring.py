"""Wiring diagnosis against every fault the simulator can inject, on wye and delta systems."""

import pytest

from app.analysis.wiring import LOAD_TYPES, Phasor, PhasorSet, diagnose
from app.errors import MeterDeskError
from app.sim.physics import ThreePhaseSystem, balanced
from app.sim.wiring import WiringFaults


def phasors(faults=(), *, delta=False, lag=25.0, sequence="ABC", expected="ABC", amps=100.0):
    system = ThreePhaseSystem(phases=balanced(230.0, amps, lag, sequence))
    system.wiring = WiringFaults.parse(faults)
    q = system.meter_phasors(delta)
    labels = ("Vab", "Vbc", "Vca") if delta else ("Va", "Vb", "Vc")
    volts = tuple(Phasor(labels[n - 1], q[f"v{n}_mag"], q[f"v{n}_angle"]) for n in (1, 2, 3))
    currents = tuple(Phasor(f"I{'abc'[n - 1]}", q[f"i{n}_mag"], q[f"i{n}_angle"]) for n in (1, 2, 3))
    return PhasorSet(volts, currents, "delta" if delta else "wye", expected)


def faults_of(diagnosis):
    return [(f.fault, "".join(f.phases)) for f in diagnosis.faults]


SINGLE_FAULTS = [
    ("sequence=ACB", ("sequence", "ABC")),
    *[(f"swap-v={p}", ("swapped_voltages", p)) for p in ("AB", "BC", "AC")],
    *[(f"swap-i={p}", ("swapped_currents", p)) for p in ("AB", "BC", "AC")],
    ("rotate-i", ("rotated_currents", "ABC")),
    *[(f"reverse-ct={p}", ("reversed_ct", p)) for p in "ABC"],
    ("reverse-ct=ABC", ("reversed_ct", "ABC")),
    *[(f"drop-v={p}", ("missing_voltage", p)) for p in "ABC"],
    *[(f"drop-i={p}", ("missing_current", p)) for p in "ABC"],
]


@pytest.mark.parametrize("delta", [False, True], ids=["wye", "delta"])
@pytest.mark.parametrize(("fault", "expected"), SINGLE_FAULTS, ids=[f for f, _ in SINGLE_FAULTS])
def test_every_injected_fault_is_named_with_its_phase(fault, expected, delta):
    diagnosis = diagnose(phasors([fault], delta=delta))
    assert faults_of(diagnosis) == [expected]
    finding = diagnosis.faults[0]
    assert finding.evidence and finding.check  # the why, and what to do on site
    assert diagnosis.confidence in ("high", "medium")


@pytest.mark.parametrize(
    ("faults", "expected"),
    [
        (["reverse-ct=B", "swap-i=AC"], [("swapped_currents", "AC"), ("reversed_ct", "B")]),
        (["drop-v=B", "reverse-ct=C"], [("missing_voltage", "B"), ("reversed_ct", "C")]),
        (["drop-i=A", "reverse-ct=B"], [("missing_current", "A"), ("reversed_ct", "B")]),
    ],
)
def test_two_faults_at_once(faults, expected):
    assert faults_of(diagnose(phasors(faults))) == expected


@pytest.mark.parametrize("delta", [False, True], ids=["wye", "delta"])
@pytest.mark.parametrize(("load", "lag"), [("load", 25.0), ("load", -20.0), ("inductive", 40.0),
                                           ("resistive", 3.0), ("capacitive", -45.0), ("generator", 180.0)])
def test_healthy_wiring_raises_no_alarm(load, lag, delta):
    diagnosis = diagnose(phasors(lag=lag, delta=delta), load)
    assert diagnosis.ok and diagnosis.findings == ()
    assert diagnosis.displacement == pytest.approx(lag if lag <= 180 else lag - 360, abs=1e-6)
    assert diagnosis.voltage_sequence == "ABC"
    assert "Wiring looks correct" in diagnosis.summary()


def test_a_supply_turning_acb_is_fine_when_the_meter_expects_it():
    diagnosis = diagnose(phasors(sequence="ACB", expected="ACB"))
    assert diagnosis.ok and diagnosis.voltage_sequence == "ACB"
    assert faults_of(diagnose(phasors(sequence="ACB"))) == [("sequence", "ABC")]


def test_implausible_power_factor_for_the_load_type():
    diagnosis = diagnose(phasors(lag=40.0), "resistive")
    assert faults_of(diagnosis) == [("implausible_pf", "ABC")]
    assert "PF 0.77 lagging" in diagnosis.faults[0].evidence
    assert "PF 0.95 leading and PF 0.95 lagging" in diagnosis.faults[0].evidence
    assert diagnose(phasors(lag=40.0), "inductive").ok


def test_evidence_gives_the_angles_in_words():
    finding = diagnose(phasors(["reverse-ct=B"])).faults[0]
    assert finding.message == "the CT of phase B is reversed"
    assert "155° from Vb" in finding.evidence and "25° from theirs" in finding.evidence
    assert "S1 and S2" in finding.check and "I2" in finding.check
    sequence = diagnose(phasors(["sequence=ACB"])).faults[0]
    assert "Vb +120°" in sequence.evidence and "phase order" in sequence.check


def test_no_current_limits_the_diagnosis_without_calling_it_a_fault():
    diagnosis = diagnose(phasors(amps=0.0))
    assert diagnosis.ok and [f.fault for f in diagnosis.findings] == ["no_current"]
    assert diagnosis.confidence != "high" and "cannot be checked" in diagnosis.confidence_reason


def test_no_voltage_is_a_fault_and_unknown_values_are_missing():
    assert faults_of(diagnose(phasors(["drop-v=ABC"]))) == [("no_voltage", "ABC")]
    base = phasors()
    unknown = PhasorSet(base.voltages, (Phasor("Ia", None, None), *base.currents[1:]))
    assert faults_of(diagnose(unknown)) == [("missing_current", "A")]


def test_symmetrical_components_and_unbalance():
    diagnosis = diagnose(phasors())
    assert diagnosis.voltage_unbalance == pytest.approx(0.0, abs=1e-9)
    assert diagnosis.sequences["voltage"]["positive"][0] == pytest.approx(230.0)
    high_a = phasors()
    high_a = PhasorSet((Phasor("Va", 240.0, 0.0), *high_a.voltages[1:]), high_a.currents)
    assert diagnose(high_a).voltage_unbalance == pytest.approx(100 * (10 / 3) / (230 + 10 / 3))
    swapped = diagnose(phasors(["swap-i=AB"]))  # currents turning the other way: all negative sequence
    assert swapped.sequences["current"]["negative"][0] == pytest.approx(100.0)
    assert swapped.sequences["current"]["positive"][0] == pytest.approx(0.0, abs=1e-9)
    assert swapped.current_unbalance is None  # undefined without a positive sequence


def test_ambiguous_cases_say_what_else_it_could_be():
    diagnosis = diagnose(phasors(["rotate-i"], lag=-20.0))  # a leading load: 180° and 120° errors look alike
    assert diagnosis.confidence == "medium" and "next best explanation" in diagnosis.confidence_reason


def test_unknown_load_type_and_bad_fault_text():
    with pytest.raises(ValueError, match="unknown load type"):
        diagnose(phasors(), "nuclear")
    assert set(LOAD_TYPES) >= {"load", "inductive", "resistive", "capacitive"}
    for text, message in (("swap-i=A", "exactly 2"), ("reverse-ct=D", "letters A, B and C"),
                          ("flip", "unknown fault"), ("sequence=BAC", "ABC or ACB")):
        with pytest.raises(MeterDeskError, match=message):
            WiringFaults.parse([text])


def test_fault_texts_round_trip():
    faults = WiringFaults.parse(["reverse-ct=B", "swap-i=ac", "drop-v=C", "sequence=ACB", "rotate-i"])
    assert WiringFaults.parse(faults.describe()) == faults
    assert not faults.healthy and WiringFaults().healthy
