"""Run one async read at a fixed period, keeping its last result, time and error.

For device data that is more than a set of registers: a BCPME board's
circuits, an Iskra meter's counters with their units. A failed read keeps the
last result (now stale) and says why; the next period tries again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from app.errors import MeterDeskError
from app.live.poller import MIN_PERIOD


class Periodic[T]:
    """``read()`` every ``period`` seconds; listeners are called after every attempt."""

    def __init__(self, read: Callable[[], Awaitable[T]], period: float = 1.0, *,
                 clock: Callable[[], float] = time.monotonic, wall: Callable[[], float] = time.time) -> None:
        self.read = read
        self.period = max(MIN_PERIOD, period)
        self.result: T | None = None
        self.time: float | None = None  # epoch s of the last good read
        self.error = ""
        self.attempts = self.failures = 0
        self.listeners: list[Callable[[Periodic[T]], None]] = []
        self._clock, self._wall = clock, wall
        self._stop = asyncio.Event()

    @property
    def stale(self) -> bool:
        return bool(self.error) or self.result is None

    async def poll(self) -> None:
        self.attempts += 1
        try:
            result = await self.read()
        except MeterDeskError as exc:
            self.failures += 1
            self.error = str(exc)
        else:
            self.result, self.time, self.error = result, self._wall(), ""
        for listener in list(self.listeners):
            listener(self)

    async def run(self) -> None:
        """Read until :meth:`stop` (or cancellation), one read per period without drift."""
        self._stop.clear()
        due = self._clock()
        while not self._stop.is_set():
            await self.poll()
            due += self.period
            now = self._clock()
            due = max(due, now)  # a read that took longer than the period: the next one now, no burst
            try:
                await asyncio.wait_for(self._stop.wait(), due - now)
            except TimeoutError:
                pass

    def stop(self) -> None:
        self._stop.set()
