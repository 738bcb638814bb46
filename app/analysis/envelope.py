"""Min/max envelope pyramid: what a plot needs to draw millions of samples quickly.

A plot a few thousand pixels wide cannot show more than a minimum and a
maximum per pixel, so drawing ten million samples only needs their envelope.
:class:`Envelope` summarises a signal once into levels of buckets (32
samples, then 256, 2048... each level 8 times coarser) holding the minimum
and maximum of each bucket, missing samples (NaN) ignored. :meth:`Envelope.curve`
then returns, for any visible sample range, either the raw samples (when few
enough) or min/max pairs of the finest level that fits a point budget; drawn
as a connected line, the pairs give the same picture as the raw data (the
"peak" decimation of plotting libraries, precomputed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.errors import MeterDeskError

FIRST_BUCKET = 32  # samples per bucket of the finest level
STEP = 8  # each level's buckets hold this many of the previous level's
_BLOCK = 1 << 21  # samples per block while building (progress and cancel granularity)

Progress = Callable[[float], None]


class EnvelopeCancelled(MeterDeskError):
    """Building an envelope was cancelled."""


@dataclass(frozen=True)
class Level:
    """Buckets of ``bucket`` samples: bucket j covers samples j*bucket .. (j+1)*bucket - 1."""

    bucket: int
    low: np.ndarray
    high: np.ndarray


class Envelope:
    """The min/max pyramid of one signal (float32 values; bools count as 0 and 1)."""

    def __init__(self, values: np.ndarray, levels: list[Level]) -> None:
        self.values = values
        self.levels = levels

    @classmethod
    def build(
        cls,
        values: np.ndarray,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> Envelope:
        """Summarise ``values`` into levels until a level has at most a few hundred buckets.

        ``progress(fraction)`` is called as blocks are done; setting ``cancel``
        raises :class:`EnvelopeCancelled`.
        """
        n = len(values)
        levels: list[Level] = []
        if n > FIRST_BUCKET:
            low = np.empty((n + FIRST_BUCKET - 1) // FIRST_BUCKET, np.float32)
            high = np.empty_like(low)
            for i0 in range(0, n, _BLOCK):
                if cancel is not None and cancel.is_set():
                    raise EnvelopeCancelled("cancelled")
                block = np.asarray(values[i0 : i0 + _BLOCK], np.float32)
                starts = np.arange(0, len(block), FIRST_BUCKET)
                j0 = i0 // FIRST_BUCKET
                np.fmin.reduceat(block, starts, out=low[j0 : j0 + len(starts)])
                np.fmax.reduceat(block, starts, out=high[j0 : j0 + len(starts)])
                if progress is not None:
                    progress(min(1.0, (i0 + len(block)) / n))
            levels.append(Level(FIRST_BUCKET, low, high))
            while len(low) > 4 * STEP * 8:
                starts = np.arange(0, len(low), STEP)
                low = np.fmin.reduceat(low, starts)
                high = np.fmax.reduceat(high, starts)
                levels.append(Level(levels[-1].bucket * STEP, low, high))
        elif progress is not None:
            progress(1.0)
        return cls(values, levels)

    def __len__(self) -> int:
        return len(self.values)

    def bounds(self) -> tuple[float, float]:
        """(minimum, maximum) of the finite values; (nan, nan) when there are none."""
        if self.levels:
            top = self.levels[-1]
            low, high = top.low, top.high
        else:
            low = high = np.asarray(self.values, np.float32)
        finite_low, finite_high = low[np.isfinite(low)], high[np.isfinite(high)]
        if not finite_low.size:
            return float("nan"), float("nan")
        return float(finite_low.min()), float(finite_high.max())

    def level_for(self, count: int, budget: int) -> Level | None:
        """The finest level drawing ``count`` samples in at most ``budget`` points (None: raw)."""
        if count <= budget:
            return None
        for level in self.levels:
            if 2 * count / level.bucket <= budget:
                return level
        return self.levels[-1] if self.levels else None

    def curve(
        self, time: np.ndarray, i0: int, i1: int, budget: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) to draw samples ``i0 .. i1 - 1`` with at most about ``budget`` points.

        ``time`` holds the sample times; the result is the raw slice or, per
        bucket, the pair (min, max) placed at the bucket's first sample time.
        """
        i0, i1 = max(0, i0), min(len(self.values), i1)
        level = self.level_for(i1 - i0, budget)
        if level is None:
            return time[i0:i1], np.asarray(self.values[i0:i1], np.float32)
        b0, b1 = i0 // level.bucket, -(-i1 // level.bucket)
        x = np.repeat(time[b0 * level.bucket : b1 * level.bucket : level.bucket], 2)
        y = np.empty(2 * (b1 - b0), np.float32)
        y[0::2] = level.low[b0:b1]
        y[1::2] = level.high[b0:b1]
        return x, y
