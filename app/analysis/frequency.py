"""Frequency estimation of a power-system waveform.

A first estimate comes from the nominal frequency or, without one, from
interpolated positive-going zero crossings. It is refined by the rotation
speed of the one-cycle DFT phasor: a least-squares line through the unwrapped
phasor angle gives the offset from the analysis frequency. Two passes bring
the window to a whole cycle of the true frequency, which removes most of the
off-nominal ripple; integer harmonics do not disturb the phasor. (SciPy's
filters and spectral estimators would do part of this, but SciPy is not a
dependency and the whole method is a few numpy lines.)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from app.analysis.phasor import sliding_phasor
from app.analysis.window import samples_per_cycle
from app.i18n import _


def zero_crossing_frequency(x: ArrayLike, fs: float) -> float:
    """Frequency (Hz) from interpolated positive-going zero crossings of x minus its mean."""
    values = np.asarray(x, np.float64)
    values = values[np.isfinite(values)]
    values = values - np.mean(values)
    below = values[:-1] < 0
    rising = np.flatnonzero(below & (values[1:] >= 0))
    if rising.size < 2:
        raise ValueError(
            _("fewer than two rising zero crossings: cannot estimate the frequency")
        )
    frac = -values[rising] / (values[rising + 1] - values[rising])
    crossings = rising + frac
    return float((rising.size - 1) * fs / (crossings[-1] - crossings[0]))


def estimate_frequency(
    x: ArrayLike, fs: float, nominal: float | None = None, *, passes: int = 3
) -> float:
    """Estimated frequency of x in Hz (``fs`` in Hz; ``nominal`` the expected frequency).

    Needs at least three cycles of signal; missing samples (NaN) must not be
    inside the data given.
    """
    values = np.asarray(x, np.float64)
    estimate = (
        float(nominal)
        if nominal and nominal > 0
        else zero_crossing_frequency(values, fs)
    )
    for _pass in range(passes):
        size = samples_per_cycle(fs, estimate)
        if values.size < 3 * size:
            raise ValueError(
                _(
                    "{count} samples: at least three cycles ({needed}) are needed"
                ).format(count=values.size, needed=3 * size)
            )
        ph = sliding_phasor(values, fs, estimate)[size - 1 :]
        if not np.all(np.isfinite(ph)) or np.any(ph == 0):
            raise ValueError(
                _(
                    "the signal has missing samples or no component near the analysis frequency"
                )
            )
        angle = np.unwrap(np.angle(ph))
        t = (np.arange(ph.size) + size - 1) / fs
        slope = np.polyfit(t, angle, 1)[0]
        estimate += slope / (2.0 * np.pi)
        if not estimate > 0:
            raise ValueError(_("no stable frequency found"))
    return float(estimate)
