"""A BCPME board as one live snapshot: every branch circuit and the mains of every panel.

Settings (strip layout, breaker sizes, thresholds) change rarely, so they are
read once and then every ``settings_period`` seconds; circuits and mains are
read on every call.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from app.devices.bcpme_circuits import Circuit, Severity
from app.devices.bcpme_settings import PanelSettings
from app.drivers.bcpme import BcpmeDevice, Mains

SETTINGS_PERIOD = 60.0  # s


@dataclass(frozen=True)
class BoardSnapshot:
    """Circuits ordered by board-wide number (1-84) and the mains of each panel."""

    circuits: tuple[Circuit, ...]
    mains: tuple[Mains, ...]
    settings: dict[int, PanelSettings]

    def alarms(self) -> list[Circuit]:
        """Circuits beyond a threshold or with an event bit set, worst first."""
        flagged = [c for c in self.circuits if c.severity > Severity.OK]
        return sorted(flagged, key=lambda c: (-c.severity, c.number))


class BoardReader:
    """Call it to read a snapshot of ``device`` (a coroutine; settings cached for ``settings_period``)."""

    def __init__(self, device: BcpmeDevice, settings_period: float = SETTINGS_PERIOD,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.device = device
        self.settings_period = settings_period
        self._clock = clock
        self._settings: dict[int, PanelSettings] = {}
        self._settings_time: float | None = None

    def invalidate_settings(self) -> None:
        """Read the settings again on the next call (after they were written)."""
        self._settings_time = None

    async def __call__(self) -> BoardSnapshot:
        now = self._clock()
        if self._settings_time is None or now - self._settings_time >= self.settings_period:
            self._settings = {p: await self.device.read_settings(p) for p in await self.device.panels()}
            self._settings_time = now
        circuits = await self.device.read_circuits(self._settings)
        mains = await self.device.read_mains(self._settings)
        return BoardSnapshot(tuple(circuits), tuple(mains), dict(self._settings))
