import math

import pytest

from app.sim.device import NoResponse
from app.sim.lab import build_device, ion7400_spec


@pytest.fixture
def meter():
    spec = ion7400_spec()
    spec.system.noise = 0.0
    return build_device(spec)


def test_measurements_are_consistent(meter):
    v = {n: meter.value(n) for n in ("voltage_an", "current_a", "active_power_a", "reactive_power_a",
                                     "apparent_power_a", "power_factor_a", "active_power_total",
                                     "apparent_power_total", "voltage_ab", "current_n")}
    phi = math.radians(25.0)
    assert v["active_power_a"] == pytest.approx(v["voltage_an"] * v["current_a"] * math.cos(phi), rel=1e-5)
    assert v["reactive_power_a"] == pytest.approx(v["voltage_an"] * v["current_a"] * math.sin(phi), rel=1e-5)
    assert v["apparent_power_a"] ** 2 == pytest.approx(v["active_power_a"] ** 2 + v["reactive_power_a"] ** 2, rel=1e-5)
    assert v["power_factor_a"] == pytest.approx(-math.cos(phi), rel=1e-5)  # IEEE: lagging is negative
    assert v["active_power_total"] == pytest.approx(3 * v["active_power_a"], rel=1e-5)
    assert v["voltage_ab"] == pytest.approx(math.sqrt(3) * v["voltage_an"], rel=1e-5)
    assert v["current_n"] == pytest.approx(0.0, abs=1e-3)
    assert v["current_a"] == pytest.approx(2.5 * 200 / 5, rel=1e-6)  # secondary × CT ratio


def test_thd_follows_harmonics(meter):
    h = meter.system.v_harmonics
    assert meter.value("thd_voltage_an") == pytest.approx(math.sqrt(sum(x * x for x in h.values())), rel=1e-5)


def test_energy_integrates_power_over_time():
    clock = [0.0]
    spec = ion7400_spec()
    spec.system.noise = 0.0
    from app.sim.ion7400 import Ion7400Simulator
    from app.profiles import profile_by_id
    meter = Ion7400Simulator(profile_by_id("ion7400"), system=spec.system, settings=spec.settings,
                             identity=spec.identity, clock=lambda: clock[0])
    before = meter.value("wh_delivered")
    power = meter.value("active_power_total")
    clock[0] = 3600.0
    meter.tick()
    assert meter.value("wh_delivered") - before == pytest.approx(power, rel=1e-3)


def test_write_rules_follow_the_manual(meter):
    assert meter.write(56000, [1]).exception == 0  # volts mode DELTA
    assert meter.value("voltage_an") is None  # no neutral in DELTA
    assert meter.write(56000, [9]).exception == 3  # value not in the enum
    assert meter.write(2999, [0, 0]).exception == 3  # read-only register
    assert meter.write(56003, [0]).exception == 3  # second half of a 32-bit value
    with pytest.raises(NoResponse):
        meter.write(60000, [1])  # unmapped: no answer at all (L3249)
    assert meter.read(3, 60000, 2).words == [0x8000, 0x8000]  # unmapped reads 0x8000 (L3235)


def test_ct_ratio_change_scales_currents(meter):
    before = meter.value("current_a")
    assert meter.write(56006, [0, 400]).exception == 0  # CT primary 400 A
    assert meter.value("current_a") == pytest.approx(2 * before, rel=1e-6)
