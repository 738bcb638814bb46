"""RMS values: whole-signal RMS and the sliding one-cycle RMS used by relays.

The sliding RMS uses a running sum of squares (O(n) for any window length);
windows that contain a missing sample (NaN) give NaN.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from app.analysis.window import check_rates


def rms(x: ArrayLike) -> float:
    """RMS of the finite samples of x (NaN when there are none)."""
    values = np.asarray(x, np.float64)
    values = values[np.isfinite(values)]
    return float(np.sqrt(np.mean(values * values))) if values.size else float("nan")


def sliding_rms(x: ArrayLike, fs: float, frequency: float) -> np.ndarray:
    """RMS over the one-cycle window ending at each sample (same length as x).

    The window spans exactly ``fs / frequency`` samples: when that is not a
    whole number, the oldest sample enters with its fractional weight, so
    off-nominal sample rates do not bias the result. The first outputs,
    before a full cycle, are NaN. ``fs`` and ``frequency`` in Hz.
    """
    values = np.asarray(x, np.float64)
    n = values.size
    check_rates(fs, frequency)
    length = fs / frequency
    whole = int(np.floor(length))
    frac = length - whole
    if frac < 1e-9:
        frac = 0.0
    span = whole + (1 if frac else 0)  # samples touched by one window
    out = np.full(n, np.nan)
    if whole < 1 or n < span:
        return out
    squares = values * values
    bad = ~np.isfinite(squares)
    squares[bad] = 0.0
    running = np.concatenate(([0.0], np.cumsum(squares)))
    sums = running[span:] - running[span - whole : n + 1 - whole]
    bad_count = np.concatenate(([0], np.cumsum(bad)))
    bad_in = (bad_count[span:] - bad_count[: n + 1 - span]) > 0
    if frac:
        sums += frac * squares[: n + 1 - span]
    window = np.sqrt(np.maximum(sums, 0.0) / length)
    window[bad_in] = np.nan
    out[span - 1 :] = window
    return out
