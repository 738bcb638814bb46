"""Symmetrical components and unbalance against textbook cases."""

import numpy as np
import pytest

from app.analysis.sequence import (
    A,
    from_polar,
    magnitude_unbalance,
    symmetrical_components,
    symmetrical_components_polar,
)


def test_balanced_positive_sequence():
    va, vb, vc = from_polar([230, 230, 230], [10, -110, 130])
    seq = symmetrical_components(va, vb, vc)
    assert seq.positive == pytest.approx(va)
    assert abs(seq.negative) < 1e-12 and abs(seq.zero) < 1e-12
    assert seq.negative_unbalance == pytest.approx(0.0, abs=1e-12)


def test_balanced_negative_and_zero_sequences():
    seq = symmetrical_components(1.0, A, A * A)  # A-C-B rotation
    assert seq.negative == pytest.approx(1.0) and abs(seq.positive) < 1e-12
    seq = symmetrical_components(2j, 2j, 2j)
    assert seq.zero == pytest.approx(2j) and abs(seq.positive) < 1e-12


def test_single_phase_gives_equal_thirds():
    seq = symmetrical_components(3.0, 0.0, 0.0)
    assert (seq.zero, seq.positive, seq.negative) == pytest.approx((1.0, 1.0, 1.0))
    assert seq.negative_unbalance == pytest.approx(100.0)
    assert seq.zero_unbalance == pytest.approx(100.0)


def test_polar_input_and_output_like_a_meter():
    seq = symmetrical_components_polar([100.0, 100.0, 0.0], [0.0, -120.0, 0.0])
    polar = seq.polar()
    assert polar["positive"][0] == pytest.approx(200 / 3)
    assert polar["negative"][0] == pytest.approx(100 / 3)
    assert polar["negative"][1] == pytest.approx(60.0)
    assert polar["zero"][1] == pytest.approx(-60.0)
    assert seq.negative_unbalance == pytest.approx(50.0)


def test_phasor_time_series_are_vectorised():
    t = np.linspace(0, 1, 5)
    mags = np.vstack([np.full(5, 1.0), 1.0 + 0.1 * t, np.full(5, 1.0)])
    angles = np.vstack([np.zeros(5), np.full(5, -120.0), np.full(5, 120.0)])
    seq = symmetrical_components_polar(mags, angles)
    assert seq.positive.shape == (5,) and seq.negative_unbalance.shape == (5,)
    assert seq.negative_unbalance[0] == pytest.approx(0.0, abs=1e-12)
    assert seq.negative_unbalance[-1] == pytest.approx(
        100 * abs(0.1 / 3) / abs((3 + 0.1) / 3)
    )


def test_magnitude_unbalance_nema():
    assert magnitude_unbalance([230.0, 232.0, 225.0]) == pytest.approx(100 * 4 / 229)
    np.testing.assert_allclose(
        magnitude_unbalance(np.array([[1, 2], [1, 2], [1, 5]])), [0, 100 * 2 / 3]
    )
    with pytest.raises(ValueError, match="three magnitudes expected"):
        magnitude_unbalance([1.0, 2.0])
    with pytest.raises(ValueError, match="three phases expected"):
        symmetrical_components_polar([1.0, 2.0], [0.0, 0.0])
