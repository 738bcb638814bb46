"""Symmetrical components (Fortescue) and unbalance of three-phase phasors.

Inputs are complex phasors, or magnitudes with angles in degrees as meters
report them; scalars or numpy arrays (time series of phasors) alike. Phase
order A-B-C: a balanced positive-sequence set has B lagging A by 120 degrees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from app.analysis.phasor import polar
from app.i18n import _

A = np.exp(2j * np.pi / 3)  # the 120-degree operator "a"


def from_polar(magnitude: ArrayLike, angle_deg: ArrayLike) -> np.ndarray:
    """Complex phasor(s) from magnitude and angle in degrees."""
    return np.asarray(magnitude, np.float64) * np.exp(
        1j * np.radians(np.asarray(angle_deg, np.float64))
    )


@dataclass(frozen=True)
class SequenceComponents:
    """Zero, positive and negative sequence phasors (same units as the inputs)."""

    zero: np.ndarray | complex
    positive: np.ndarray | complex
    negative: np.ndarray | complex

    @property
    def negative_unbalance(self) -> np.ndarray | float:
        """|negative| / |positive| in % (the IEC voltage unbalance factor)."""
        return _ratio(self.negative, self.positive)

    @property
    def zero_unbalance(self) -> np.ndarray | float:
        """|zero| / |positive| in %."""
        return _ratio(self.zero, self.positive)

    def polar(self) -> dict[str, tuple]:
        """{"zero"|"positive"|"negative": (magnitude, angle in degrees)}."""
        return {"zero": polar(self.zero), "positive": polar(self.positive), "negative": polar(self.negative)}


def _ratio(part, positive):
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 100.0 * np.abs(part) / np.abs(positive)
    return out if np.ndim(out) else float(out)


def symmetrical_components(
    a: ArrayLike, b: ArrayLike, c: ArrayLike
) -> SequenceComponents:
    """Zero, positive and negative sequence of phase phasors A, B, C (complex)."""
    va, vb, vc = (np.asarray(v, np.complex128) for v in (a, b, c))
    zero = (va + vb + vc) / 3.0
    positive = (va + A * vb + A * A * vc) / 3.0
    negative = (va + A * A * vb + A * vc) / 3.0
    if zero.ndim == 0:
        return SequenceComponents(complex(zero), complex(positive), complex(negative))
    return SequenceComponents(zero, positive, negative)


def symmetrical_components_polar(
    magnitudes: ArrayLike, angles_deg: ArrayLike
) -> SequenceComponents:
    """Symmetrical components from three magnitudes and three angles in degrees (A, B, C first)."""
    phasors = from_polar(magnitudes, angles_deg)
    if phasors.shape[0] != 3:
        raise ValueError(
            _("three phases expected, got {count}").format(count=phasors.shape[0])
        )
    return symmetrical_components(phasors[0], phasors[1], phasors[2])


def magnitude_unbalance(magnitudes: ArrayLike) -> np.ndarray | float:
    """Largest deviation from the mean of three magnitudes, % of the mean (NEMA MG-1 style).

    Useful when a meter gives magnitudes but no angles.
    """
    m = np.asarray(magnitudes, np.float64)
    if m.shape[0] != 3:
        raise ValueError(
            _("three magnitudes expected, got {count}").format(count=m.shape[0])
        )
    mean = m.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 100.0 * np.max(np.abs(m - mean), axis=0) / mean
    return out if np.ndim(out) else float(out)
