"""Shared helpers: samples per cycle and the window of samples ending at an index."""

from __future__ import annotations

import numpy as np

from app.i18n import _


def check_rates(fs: float, frequency: float) -> None:
    """Raise ValueError unless the sample rate and the frequency (Hz) are both positive."""
    if not (fs > 0 and frequency > 0):
        raise ValueError(
            _(
                "sample rate ({rate} Hz) and frequency ({frequency} Hz) must be positive"
            ).format(rate=fs, frequency=frequency)
        )


def samples_per_cycle(fs: float, frequency: float) -> int:
    """Samples in one cycle of ``frequency`` Hz at ``fs`` Hz, rounded (at least 2)."""
    check_rates(fs, frequency)
    return max(2, round(fs / frequency))


def window_end(length: int, size: int, stop: int | None) -> int:
    """A valid exclusive end index for a ``size``-sample window in ``length`` samples.

    ``stop`` None means the end of the data; a window that would start before
    the data is moved to start at sample 0.
    """
    if size > length:
        raise ValueError(
            _("{length} samples are fewer than the {size}-sample window").format(
                length=length, size=size
            )
        )
    stop = length if stop is None else int(stop)
    return int(np.clip(stop, size, length))
