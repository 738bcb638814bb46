"""Phasors read from the simulated ION7400 (its phasor registers over a real socket) and diagnosed."""

import asyncio

import pytest

from app.analysis.wiring import diagnose
from app.live.phasors import has_phasors, phasor_registers, phasor_set
from app.profiles import profile_by_id
from app.sim.wiring import WiringFaults


async def read_phasors(meter):
    await asyncio.sleep(0.06)  # let the simulator refresh its image
    values = await meter.read(phasor_registers(meter.profile))
    return phasor_set(meter.profile, values)


async def test_healthy_meter_phasors_follow_the_manuals_convention(meter):
    ph = await read_phasors(meter)
    assert ph.system == "wye" and ph.expected_sequence == "ABC"
    assert [(p.label, round(p.magnitude), round(p.angle)) for p in ph.voltages] == [
        ("Va", 230, 0), ("Vb", 230, -120), ("Vc", 230, 120)]
    assert [(p.label, round(p.magnitude), round(p.angle)) for p in ph.currents] == [
        ("Ia", 100, -25), ("Ib", 100, -145), ("Ic", 100, 95)]  # primary amps (200:5 CTs)
    assert diagnose(ph).ok


async def test_injected_fault_reaches_the_diagnosis_through_the_registers(meter, meter_lab):
    meter_lab.devices["meter"].system.wiring = WiringFaults.parse(["reverse-ct=C"])
    diagnosis = diagnose(await read_phasors(meter))
    assert [(f.fault, f.phases) for f in diagnosis.faults] == [("reversed_ct", ("C",))]


async def test_delta_gives_line_voltages_and_the_phase_order_setting_counts(meter):
    assert all(r.ok for r in await meter.write({"volts_mode": 1, "phase_order": 1}))  # DELTA, expect ACB
    ph = await read_phasors(meter)
    assert ph.system == "delta" and ph.expected_sequence == "ACB"
    assert [p.label for p in ph.voltages] == ["Vab", "Vbc", "Vca"]
    assert ph.voltages[0].magnitude == pytest.approx(230 * 3**0.5) and ph.voltages[1].angle == pytest.approx(-120)
    assert [f.fault for f in diagnose(ph).faults] == ["sequence"]  # the supply turns ABC


async def test_single_phase_mode_has_no_second_and_third_phasors(meter):
    assert (await meter.write({"volts_mode": 3}))[0].ok  # SINGLE
    ph = await read_phasors(meter)
    assert ph.voltages[1].magnitude is None and not ph.currents[2].known


def test_only_profiles_with_phasor_registers_offer_phasors():
    assert has_phasors(profile_by_id("ion7400"))
    assert not has_phasors(profile_by_id("bcpme")) and not has_phasors(profile_by_id("iskra-ie38md"))
