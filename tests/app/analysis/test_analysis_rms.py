"""Sliding one-cycle RMS and plain RMS against analytic values."""

import numpy as np
import pytest

from app.analysis.rms import rms, sliding_rms


def test_sine_rms_is_amplitude_over_root_two():
    fs, f = 1000.0, 50.0
    t = np.arange(200) / fs
    x = 100 * np.sin(2 * np.pi * f * t + 0.3)
    out = sliding_rms(x, fs, f)
    assert np.isnan(out[:19]).all()
    np.testing.assert_allclose(out[19:], 100 / np.sqrt(2), rtol=1e-12)
    assert rms(x) == pytest.approx(100 / np.sqrt(2))


@pytest.mark.parametrize("fs", [4000.0, 7678.4833984375, 1000.0])
def test_dc_plus_sine_plus_harmonic_with_fractional_cycles(fs):
    f = 60.0  # 66.67, 127.97 and 16.67 samples per cycle
    t = np.arange(4000) / fs
    x = 5 + 10 * np.cos(2 * np.pi * f * t) + 2 * np.cos(2 * np.pi * 3 * f * t)
    expected = np.sqrt(25 + 100 / 2 + 4 / 2)
    out = sliding_rms(x, fs, f)
    first = int(np.ceil(fs / f)) - 1
    assert np.isnan(out[:first]).all()
    np.testing.assert_allclose(
        out[first:], expected, rtol=6e-3 if fs == 1000.0 else 5e-4
    )  # coarse sampling: rectangle rule


def test_missing_samples_blank_only_their_windows():
    fs, f = 1000.0, 50.0
    x = np.full(100, 3.0)
    x[50] = np.nan
    out = sliding_rms(x, fs, f)
    assert np.isnan(out[50:70]).all()
    np.testing.assert_allclose(out[19:50], 3.0)
    np.testing.assert_allclose(out[70:], 3.0)
    assert rms(x) == pytest.approx(3.0)
    assert np.isnan(rms([np.nan]))


def test_short_signal_and_bad_rates():
    assert np.isnan(sliding_rms([1.0, 2.0], 1000.0, 50.0)).all()
    with pytest.raises(ValueError):
        sliding_rms([1.0], 0.0, 50.0)
