"""Time-based state of a simulated BCPME panel: demand windows and channel events.

Times are simulated seconds from the device clock; values are engineering units.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import numpy as np

from app.devices.bcpme_circuits import Alarm, CurrentLimits
from app.devices.bcpme_settings import SYNC_TO_COMMS, AlarmSetup


class Demand:
    """Sliding-window demand of a vector of values (manual L303–L309).

    Each sub-interval averages the values over its length; the present demand
    is the mean of the last ``subintervals`` completed sub-intervals (1 = block
    demand) and the peak is its highest value since cleared. With a length of
    0 (sync to comms) only :meth:`close` ends a sub-interval.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.present = np.zeros(size)
        self.peak = np.zeros(size)
        self.configure(1, 900)

    def configure(self, subintervals: int, length: float) -> None:
        """Start over with new timing (completed sub-intervals are dropped)."""
        self.subintervals, self.length = subintervals, length
        self._windows: deque[np.ndarray] = deque(maxlen=subintervals)
        self._sum = np.zeros(self.size)
        self._elapsed = 0.0

    def advance(self, values: np.ndarray, seconds: float) -> None:
        """Integrate ``values``, held for ``seconds``, closing sub-intervals as the timer runs out."""
        while seconds > 0:
            step = seconds if self.length == SYNC_TO_COMMS else min(seconds, self.length - self._elapsed)
            self._sum += values * step
            self._elapsed += step
            seconds -= step
            if self.length != SYNC_TO_COMMS and self._elapsed >= self.length:
                self.close(values)

    def close(self, values: np.ndarray) -> None:
        """End the running sub-interval (``values`` stand in for an empty one)."""
        average = self._sum / self._elapsed if self._elapsed > 0 else values.astype(float)
        self._windows.append(average)
        self.present = np.mean(self._windows, axis=0)
        self.peak = np.maximum(self.peak, self.present)
        self._sum = np.zeros(self.size)
        self._elapsed = 0.0

    def clear_peak(self, index: Sequence[int]) -> None:
        """Restart the peaks at ``index`` from the present demand."""
        self.peak[list(index)] = self.present[list(index)]


class ChannelEvents:
    """Event state of a panel's channels (manual L328–L337).

    * Latching levels HH, H (current above) and L, LL (current below, while
      current flows) set their bit once the condition has held for the
      level's delay; the bit stays until :meth:`clear` and the delay restarts
      then.
    * Non-latching HIGH/LOW follow the current; they clear once it is back
      inside the threshold by the hysteresis (% of the threshold).
    * A channel that has carried current for the ON time and then reads 0 A
      for the OFF time is declared off (latched OFF bit).

    A threshold of ``None`` (breaker size or percentage 0) disables its event.
    """

    _LEVELS = (
        (Alarm.HH, "hh", "hh_delay", True),
        (Alarm.H, "h", "h_delay", True),
        (Alarm.L, "l", "l_delay", False),
        (Alarm.LL, "ll", "ll_delay", False),
    )

    def __init__(self, count: int) -> None:
        self.latched = [Alarm.NONE] * count
        self.active = [Alarm.NONE] * count
        self._since: list[dict[Alarm, float]] = [{} for _ in range(count)]
        self._on_since: list[float | None] = [None] * count
        self._off_since: list[float | None] = [None] * count
        self._armed = [False] * count

    def status(self, index: int) -> Alarm:
        """The channel's status word: latched and non-latched bits."""
        return self.latched[index] | self.active[index]

    def update(self, now: float, currents: Sequence[float], limits: Sequence[CurrentLimits], setup: AlarmSetup) -> None:
        """Evaluate every channel at time ``now`` (s) with its present current (A)."""
        for i, (current, lim) in enumerate(zip(currents, limits)):
            self._latching(i, now, current, lim, setup)
            self._non_latching(i, current, lim, setup.hysteresis)
            self._on_off(i, now, current, setup)

    def clear(self, index: int, keep: int, now: float) -> None:
        """A client wrote ``keep`` to the status word: latched bits written as 0 clear."""
        old = int(self.latched[index])
        new = old & keep
        self.latched[index] = Alarm(new)
        for level in Alarm(old & ~new):
            if level in self._since[index]:
                self._since[index][level] = now

    def _latching(self, i: int, now: float, current: float, lim: CurrentLimits, setup: AlarmSetup) -> None:
        since = self._since[i]
        for level, attr, delay_attr, above in self._LEVELS:
            limit = getattr(lim, attr)
            beyond = limit is not None and (current > limit if above else 0 < current < limit)
            if not beyond:
                since.pop(level, None)
                continue
            start = since.setdefault(level, now)
            if now - start >= getattr(setup, delay_attr):
                self.latched[i] |= level

    def _non_latching(self, i: int, current: float, lim: CurrentLimits, hysteresis: float) -> None:
        band = hysteresis / 100.0
        active = self.active[i]
        if lim.high is None or current <= lim.high * (1 - band):
            active &= ~Alarm.HIGH
        elif current > lim.high:
            active |= Alarm.HIGH
        if lim.low is None or current == 0 or current >= lim.low * (1 + band):
            active &= ~Alarm.LOW
        elif current < lim.low:
            active |= Alarm.LOW
        self.active[i] = active

    def _on_off(self, i: int, now: float, current: float, setup: AlarmSetup) -> None:
        if current > 0:
            self._off_since[i] = None
            on_since = self._on_since[i] = self._on_since[i] if self._on_since[i] is not None else now
            if now - on_since >= setup.on_time:
                self._armed[i] = True
            return
        self._on_since[i] = None
        if not self._armed[i]:
            return
        off_since = self._off_since[i] = self._off_since[i] if self._off_since[i] is not None else now
        if now - off_since >= setup.off_time:
            self.latched[i] |= Alarm.OFF
            self._armed[i] = False
