"""RMS values: whole-signal RMS and the sliding one-cycle RMS used by relays.

The sliding RMS uses a running sum of squares (O(n) for any window length);
windows that contain a missing sample (NaN) give NaN.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from app.analysis.window import samples_per_cycle


def rms(x: ArrayLike) -> float:
    """RMS of the finite samples of x (NaN when there are none)."""
    values = np.asarray(x, np.float64)
    values = values[np.isfinite(values)]
    return float(np.sqrt(np.mean(values * values))) if values.size else float("nan")


def sliding_rms(x: ArrayLike, fs: float, frequency: float) -> np.ndarray:
    """RMS over the one-cycle window ending at each sample (same length as x).

    The window is ``round(fs / frequency)`` samples; the first window-1
    outputs are NaN (no full cycle yet). ``fs`` and ``frequency`` in Hz.
    """
    values = np.asarray(x, np.float64)
    n = values.size
    size = samples_per_cycle(fs, frequency)
    out = np.full(n, np.nan)
    if n < size:
        return out
    squares = values * values
    bad = ~np.isfinite(squares)
    squares[bad] = 0.0
    running = np.concatenate(([0.0], np.cumsum(squares)))
    sums = running[size:] - running[:-size]
    bad_count = np.concatenate(([0], np.cumsum(bad)))
    bad_in = (bad_count[size:] - bad_count[:-size]) > 0
    window = np.sqrt(np.maximum(sums, 0.0) / size)
    window[bad_in] = np.nan
    out[size - 1 :] = window
    return out
