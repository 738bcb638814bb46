"""Frequency estimation against sinusoids of known frequency."""

import numpy as np
import pytest

from app.analysis.frequency import estimate_frequency, zero_crossing_frequency


def wave(f, fs, seconds=0.4, third=0.0):
    t = np.arange(int(fs * seconds)) / fs
    return (
        np.sin(2 * np.pi * f * t + 0.4)
        + third * np.sin(2 * np.pi * 3 * f * t + 1.0)
        + 0.2
    )


@pytest.mark.parametrize("f", [47.5, 49.8, 50.0, 50.37, 59.9, 60.0, 61.2])
@pytest.mark.parametrize("fs", [1200.0, 4000.0, 7678.4833984375])
def test_estimate_is_within_a_millihertz(f, fs):
    nominal = 50.0 if f < 55 else 60.0
    assert estimate_frequency(wave(f, fs), fs, nominal) == pytest.approx(f, abs=1e-3)
    assert estimate_frequency(wave(f, fs, third=0.1), fs, nominal) == pytest.approx(
        f, abs=1e-3
    )


def test_without_a_nominal_frequency_zero_crossings_start_the_search():
    assert zero_crossing_frequency(wave(50.2, 10000.0), 10000.0) == pytest.approx(
        50.2, abs=1e-3
    )
    assert estimate_frequency(wave(50.2, 4000.0), 4000.0) == pytest.approx(
        50.2, abs=1e-3
    )


def test_unusable_signals_raise_value_error():
    with pytest.raises(ValueError, match="at least three cycles"):
        estimate_frequency(wave(50.0, 1000.0, seconds=0.04), 1000.0, 50.0)
    with pytest.raises(ValueError, match="zero crossings"):
        zero_crossing_frequency(np.ones(100), 1000.0)
    with pytest.raises(ValueError):
        estimate_frequency(np.zeros(400), 1000.0, 50.0)
