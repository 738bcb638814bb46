"""One-cycle DFT phasors against analytic sinusoids."""

import numpy as np
import pytest

from app.analysis.phasor import phasor, polar, sliding_phasor


def wave(fs, n, f, rms_value, angle_deg, t_first=0.0, harmonics=()):
    t = t_first + np.arange(n) / fs
    x = np.sqrt(2) * rms_value * np.cos(2 * np.pi * f * t + np.radians(angle_deg))
    for order, amplitude in harmonics:
        x += amplitude * np.cos(2 * np.pi * order * f * t + order)
    return x


@pytest.mark.parametrize("angle", [-170.0, -30.0, 0.0, 45.0, 120.0])
@pytest.mark.parametrize("stop", [20, 37, 100, None])
def test_stationary_phasor_magnitude_and_angle(angle, stop):
    x = wave(1000.0, 100, 50.0, 230.0, angle)
    magnitude, degrees = polar(phasor(x, 1000.0, 50.0, stop))
    assert magnitude == pytest.approx(230.0, rel=1e-12)
    assert degrees == pytest.approx(angle, abs=1e-9)


def test_angle_reference_follows_t_first():
    x = wave(1200.0, 60, 60.0, 10.0, 30.0, t_first=0.0123)
    assert np.degrees(
        np.angle(phasor(x, 1200.0, 60.0, t_first=0.0123))
    ) == pytest.approx(30.0)
    shifted = np.degrees(np.angle(phasor(x, 1200.0, 60.0)))  # as if x started at t = 0
    assert shifted == pytest.approx((30.0 + 360 * 60 * 0.0123 + 180) % 360 - 180)


def test_integer_harmonics_do_not_disturb_the_fundamental():
    x = wave(3200.0, 128, 50.0, 1.0, -60.0, harmonics=[(2, 0.5), (3, 0.3), (13, 0.1)])
    z = phasor(x, 3200.0, 50.0)
    assert abs(z) == pytest.approx(1.0, rel=1e-12)
    assert np.degrees(np.angle(z)) == pytest.approx(-60.0)


def test_sliding_phasor_matches_single_windows():
    fs = 960.0
    x = wave(fs, 80, 60.0, 5.0, 10.0) + np.linspace(0, 1, 80)
    series = sliding_phasor(x, fs, 60.0)
    assert np.isnan(series[:15]).all()
    for stop in (16, 40, 80):
        assert series[stop - 1] == pytest.approx(phasor(x, fs, 60.0, stop), rel=1e-10)


def test_window_longer_than_data_is_an_error():
    with pytest.raises(ValueError, match="fewer than the 20-sample window"):
        phasor(np.ones(10), 1000.0, 50.0)
