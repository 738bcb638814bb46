"""Cursor measurements on records with known content, and lane grouping of channels."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.comtrade import AnalogChannel, ComtradeError, read
from app.comtrade.channel_groups import GroupMode, group_lanes, phase_of, quantity_of
from app.comtrade.probe import (
    analysis_frequency,
    phasors_at,
    rms_at,
    sample_index,
    spectrum_at,
    state_at,
    value_at,
    whole_cycles,
)
from tests.synthetic_records import Analog, sine, write_record

RATE, N = 3200.0, 3200  # 64 samples per 50 Hz cycle, one second


@pytest.fixture
def record(tmp_path):
    states = np.zeros(N, bool)
    states[1600:] = True
    path = write_record(
        tmp_path / "three_phase.cfg",
        [
            Analog("Va", "A", "V", sine(N, RATE, 230.0, 10.0, harmonics={5: (23.0, 40.0)})),
            Analog("Vb", "B", "V", sine(N, RATE, 230.0, -110.0)),
            Analog("Vc", "C", "V", sine(N, RATE, 230.0, 130.0)),
            Analog("Ia", "A", "A", sine(N, RATE, 100.0, -20.0), primary=200.0, secondary=5.0),
            Analog("Ib", "B", "A", sine(N, RATE, 100.0, -140.0), primary=200.0, secondary=5.0),
            Analog("Ic", "C", "A", sine(N, RATE, 100.0, 100.0), primary=200.0, secondary=5.0),
        ],
        [("Breaker open", states)],
        trigger=0.5,
    )
    return read(path)


def test_value_and_state_at_an_instant(record):
    t = 0.25 + 3 / RATE
    assert sample_index(record, t) == 803
    expected = math.sqrt(2) * 230 * math.cos(2 * math.pi * 50 * 803 / RATE + math.radians(10)) + math.sqrt(
        2
    ) * 23 * math.cos(5 * 2 * math.pi * 50 * 803 / RATE + math.radians(40))
    assert value_at(record, "Va", t) == pytest.approx(expected, rel=1e-5)
    assert value_at(record, "Ia", t, "secondary") == pytest.approx(value_at(record, "Ia", t) * 5 / 200)
    assert state_at(record, "Breaker open", 0.49) is False
    assert state_at(record, "Breaker open", 0.5) is True
    assert sample_index(record, -1.0) == 0 and sample_index(record, 9.0) == N - 1


def test_rms_of_the_cycle_ending_at_the_cursor(record):
    assert rms_at(record, "Va", 0.3, 50.0) == pytest.approx(math.hypot(230, 23), rel=1e-5)
    assert rms_at(record, "Ib", 0.3, 50.0) == pytest.approx(100.0, rel=1e-5)
    assert rms_at(record, "Ib", 0.3, 50.0, "secondary") == pytest.approx(2.5, rel=1e-5)
    assert rms_at(record, "Ib", 0.0, 50.0) == pytest.approx(100.0, rel=1e-5)  # first whole cycle


def test_phasors_are_relative_to_va_counter_clockwise(record):
    phasors = phasors_at(record, 0.4, 50.0)
    assert phasors.reference == "Va"
    assert [p.name for p in phasors.voltages] == ["Va", "Vb", "Vc"]
    assert [p.name for p in phasors.currents] == ["Ia", "Ib", "Ic"]
    angles = [p.angle for p in phasors.voltages + phasors.currents]
    assert angles == pytest.approx([0.0, -120.0, 120.0, -30.0, -150.0, 90.0], abs=1e-3)
    assert phasors.voltages[0].magnitude == pytest.approx(230.0, rel=1e-5)
    assert phasors.currents[1].magnitude == pytest.approx(100.0, rel=1e-5)


def test_spectrum_shows_the_fifth_harmonic(record):
    spectrum = spectrum_at(record, "Va", 0.6, 50.0, cycles=10)
    assert spectrum.magnitude[1] == pytest.approx(230.0, rel=1e-5)
    assert spectrum.magnitude[5] == pytest.approx(23.0, rel=1e-4)
    assert spectrum.percent[5] == pytest.approx(10.0, rel=1e-4)
    assert np.max(np.delete(spectrum.magnitude, [1, 5])) < 1e-3
    assert spectrum.thd == pytest.approx(10.0, rel=1e-4)
    assert spectrum.max_order == 31


def test_analysis_frequency_comes_from_the_cfg_or_the_signal(record, tmp_path):
    assert analysis_frequency(record) == 50.0
    no_lf = read(write_record(tmp_path / "nolf.cfg", [Analog("V", "A", "V", sine(N, RATE, 1.0, frequency=60.0))],
                              frequency=0.0))
    assert analysis_frequency(no_lf) == pytest.approx(60.0, rel=1e-3)


def test_a_record_shorter_than_a_cycle_cannot_be_analysed(tmp_path):
    short = read(write_record(tmp_path / "short.cfg", [Analog("V", "A", "V", sine(40, RATE, 1.0))]))
    with pytest.raises(ComtradeError, match="no whole cycle"):
        rms_at(short, "V", 0.0, 50.0)


def test_whole_cycles_between_cursors():
    assert whole_cycles(0.1, 0.3, 50.0) == 10
    assert whole_cycles(0.3, 0.1, 50.0) == 10
    assert whole_cycles(0.1, 0.101, 50.0) == 1


@pytest.mark.parametrize(
    ("name", "phase", "expected"),
    [("Va", "", "A"), ("IB", "", "B"), ("V3", "", "C"), ("IL2", "", "B"), ("UN", "", "N"), ("In", "", "N"),
     ("Anything", "L3", "C"), ("x", "S", "B"), ("Vab", "", "AB"), ("Frequency", "", ""), ("I_PH_A", "", "A")],
)
def test_phase_from_the_ph_field_or_the_name(name, phase, expected):
    assert phase_of(AnalogChannel(1, name, phase)) == expected


def test_lanes_by_quantity_phase_and_channel(record):
    channels = list(record.analog_channels) + [AnalogChannel(7, "Freq", "", unit="Hz")]
    assert quantity_of(channels[0]) == "V" and quantity_of(channels[6]) == "Hz"
    by_quantity = group_lanes(channels, GroupMode.QUANTITY)
    assert [(lane.title, lane.members) for lane in by_quantity] == [
        ("Voltage", (0, 1, 2)), ("Current", (3, 4, 5)), ("Hz", (6,))]
    by_phase = group_lanes(channels, "phase")
    assert [(lane.title, lane.members) for lane in by_phase] == [
        ("Phase A", (0, 3)), ("Phase B", (1, 4)), ("Phase C", (2, 5)), ("Hz", (6,))]
    assert [lane.members for lane in group_lanes(channels, "channel")] == [(k,) for k in range(7)]
