"""Harmonic spectrum (orders 0..63) and total harmonic distortion.

The spectrum is a DFT evaluated at exact multiples of the fundamental over an
integer number of cycles, so a signal made of harmonics of ``frequency``
sampled at an integer number of samples per cycle is resolved exactly.
Orders at or above the Nyquist frequency (fs/2) are not reported. This is
written out rather than taken from ``np.fft`` because an FFT only lands on
the harmonics when the window holds a whole number of samples per cycle;
evaluating the 64 wanted frequencies directly works for any sample rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from app.analysis.window import samples_per_cycle, window_end
from app.i18n import _

MAX_ORDER = 63


@dataclass(frozen=True)
class Spectrum:
    """Harmonic magnitudes (RMS; order 0 is the mean) and angles (degrees) by order."""

    fundamental: float
    orders: np.ndarray
    magnitude: np.ndarray
    angle: np.ndarray

    @property
    def max_order(self) -> int:
        """Highest order resolved (limited by 63 and by the sample rate)."""
        return int(self.orders[-1])

    @property
    def percent(self) -> np.ndarray:
        """Magnitudes as % of the fundamental (NaN when the fundamental is 0)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return 100.0 * self.magnitude / self.magnitude[1]

    @property
    def thd(self) -> float:
        """Total harmonic distortion, % of the fundamental (orders 2..max_order)."""
        return thd(self.magnitude)


def thd(magnitudes: ArrayLike) -> float:
    """THD in % from RMS magnitudes indexed by order (index 0 = DC, 1 = fundamental)."""
    m = np.asarray(magnitudes, np.float64)
    if m.size < 2 or m[1] == 0:
        return float("nan")
    return float(100.0 * np.sqrt(np.sum(m[2:] ** 2)) / m[1])


def harmonics(
    x: ArrayLike,
    fs: float,
    frequency: float,
    stop: int | None = None,
    *,
    cycles: int = 1,
    max_order: int = MAX_ORDER,
    t_first: float = 0.0,
) -> Spectrum:
    """Spectrum of the ``cycles`` cycles of samples ending before index ``stop``.

    ``fs`` and ``frequency`` in Hz; angles follow the convention of
    :mod:`app.analysis.phasor` (cosine reference at t = 0).
    """
    values = np.asarray(x, np.float64)
    size = samples_per_cycle(fs, frequency) * max(1, int(cycles))
    end = window_end(values.size, size, stop)
    window = values[end - size : end]
    top = min(int(max_order), int(np.ceil(fs / (2.0 * frequency))) - 1)
    if top < 1:
        raise ValueError(
            _("{rate} Hz sampling cannot resolve {frequency} Hz").format(
                rate=fs, frequency=frequency
            )
        )
    orders = np.arange(top + 1)
    t = t_first + (end - size + np.arange(size)) / fs
    basis = np.exp(-2j * np.pi * frequency * np.outer(orders, t))
    coeff = basis @ window * (np.sqrt(2.0) / size)
    coeff[0] = np.mean(window)
    return Spectrum(
        fundamental=float(frequency),
        orders=orders,
        magnitude=np.abs(coeff),
        angle=np.degrees(np.angle(coeff)),
    )
