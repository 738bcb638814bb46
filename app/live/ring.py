"""Fixed-size ring buffers of (time, value) samples for live trends."""

from __future__ import annotations

import numpy as np

from app.i18n import _

DEFAULT_CAPACITY = 7_200  # two hours at one sample a second (115 kB per series)


class RingBuffer:
    """The last ``capacity`` samples of one series; times in s (epoch), values as float (NaN = n/a)."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError(_("a ring buffer needs room for at least one sample"))
        self._times = np.empty(capacity)
        self._values = np.empty(capacity)
        self._next = 0
        self._count = 0

    @property
    def capacity(self) -> int:
        return self._times.size

    def __len__(self) -> int:
        return self._count

    def append(self, time: float, value: float | None) -> None:
        self._times[self._next] = time
        self._values[self._next] = np.nan if value is None else value
        self._next = (self._next + 1) % self.capacity
        self._count = min(self._count + 1, self.capacity)

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """Copies of the times and values, oldest first."""
        if self._count < self.capacity:
            return self._times[: self._count].copy(), self._values[: self._count].copy()
        order = np.r_[self._next : self.capacity, 0 : self._next]
        return self._times[order], self._values[order]

    def last(self) -> tuple[float, float] | None:
        if not self._count:
            return None
        k = (self._next - 1) % self.capacity
        return float(self._times[k]), float(self._values[k])

    def clear(self) -> None:
        self._next = self._count = 0
