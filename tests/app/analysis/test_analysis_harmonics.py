"""Harmonic spectrum to the 63rd order and THD against analytic signals."""

import numpy as np
import pytest

from app.analysis.harmonics import harmonics, thd


def signal(fs, cycles, f, parts, dc=0.0):
    t = np.arange(round(fs / f * cycles)) / fs
    x = np.full(t.size, dc)
    for order, rms_value, angle in parts:
        x += (
            np.sqrt(2)
            * rms_value
            * np.cos(2 * np.pi * order * f * t + np.radians(angle))
        )
    return x


def test_spectrum_to_the_63rd_with_exact_magnitudes_and_angles():
    fs, f = 12800.0, 50.0  # 256 samples per cycle: orders up to 127 are below fs/2
    parts = [(1, 100.0, 30.0), (3, 10.0, -45.0), (5, 5.0, 90.0), (63, 1.0, 10.0)]
    spec = harmonics(signal(fs, 2, f, parts, dc=2.0), fs, f)
    assert spec.max_order == 63 and spec.fundamental == 50.0
    assert spec.magnitude[0] == pytest.approx(2.0)
    for order, rms_value, angle in parts:
        assert spec.magnitude[order] == pytest.approx(rms_value, rel=1e-9)
        assert spec.angle[order] == pytest.approx(angle, abs=1e-6)
    others = np.delete(spec.magnitude, [0, 1, 3, 5, 63])
    assert others.max() < 1e-9
    assert spec.thd == pytest.approx(100 * np.sqrt(10**2 + 5**2 + 1**2) / 100)
    assert spec.percent[3] == pytest.approx(10.0)


def test_orders_stop_below_nyquist_and_cycles_average():
    fs, f = 1000.0, 50.0  # 20 samples per cycle: orders 1..9
    spec = harmonics(signal(fs, 4, f, [(1, 1.0, 0.0), (7, 0.2, 0.0)]), fs, f, cycles=3)
    assert spec.max_order == 9
    assert spec.thd == pytest.approx(20.0)
    assert (
        harmonics(signal(fs, 4, f, [(1, 1.0, 0.0)]), fs, f, max_order=5).max_order == 5
    )


def test_thd_edge_cases():
    assert thd([0.0, 10.0, 3.0, 4.0]) == pytest.approx(50.0)
    assert np.isnan(thd([1.0, 0.0, 1.0]))
    with pytest.raises(ValueError, match="cannot resolve"):
        harmonics(np.ones(10), 100.0, 50.0)
