"""Phasors by one-cycle DFT.

The phasor of ``x(t) = sqrt(2) * X * cos(2*pi*f*t + phi)`` is ``X * exp(j*phi)``:
magnitude in RMS units, angle in degrees relative to a cosine at ``f`` whose
phase is zero at ``t = 0`` of the caller's time axis (``t_first`` is the time
of ``x[0]``). Channels of one record analysed on one time axis therefore have
directly comparable angles.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from app.analysis.window import samples_per_cycle, window_end


def _rotation(
    count: int, fs: float, frequency: float, t_first: float, first_index: int = 0
) -> np.ndarray:
    t = t_first + (first_index + np.arange(count)) / fs
    return np.exp(-2j * np.pi * frequency * t)


def phasor(
    x: ArrayLike,
    fs: float,
    frequency: float,
    stop: int | None = None,
    *,
    t_first: float = 0.0,
) -> complex:
    """The phasor of the cycle of samples ending before index ``stop`` (default: the end).

    ``fs`` and ``frequency`` in Hz; the window is ``round(fs / frequency)``
    samples. Returns NaN when the window holds a missing sample.
    """
    values = np.asarray(x, np.float64)
    size = samples_per_cycle(fs, frequency)
    end = window_end(values.size, size, stop)
    window = values[end - size : end]
    rot = _rotation(size, fs, frequency, t_first, end - size)
    return complex(np.sqrt(2.0) / size * np.sum(window * rot))


def sliding_phasor(
    x: ArrayLike, fs: float, frequency: float, *, t_first: float = 0.0
) -> np.ndarray:
    """The phasor of the one-cycle window ending at each sample (complex, NaN before a full cycle)."""
    values = np.asarray(x, np.float64)
    n = values.size
    size = samples_per_cycle(fs, frequency)
    out = np.full(n, np.nan + 0j)
    if n < size:
        return out
    terms = values * _rotation(n, fs, frequency, t_first)
    running = np.concatenate(([0j], np.cumsum(terms)))
    out[size - 1 :] = (running[size:] - running[:-size]) * (np.sqrt(2.0) / size)
    return out


def polar(z: complex | np.ndarray) -> tuple[np.ndarray | float, np.ndarray | float]:
    """(magnitude, angle in degrees) of phasor(s)."""
    return np.abs(z), np.degrees(np.angle(z))
