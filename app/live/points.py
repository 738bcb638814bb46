"""The live state of one measured point: value, time, min/max with their times, staleness."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from app.i18n import _
from app.live.units import format_value, is_numeric
from app.modbus.codec import Value
from app.profiles.model import Register


@dataclass
class PointState:
    """One register as the engine last saw it. Times are epoch seconds.

    ``stale`` is True until the first successful read and whenever the last
    read of its group failed; ``reason`` then says why. ``unreadable`` marks a
    register the device refuses (it reads as n/a from then on).
    """

    register: Register
    value: Value = None
    time: float | None = None
    minimum: float | None = None
    min_time: float | None = None
    maximum: float | None = None
    max_time: float | None = None
    stale: bool = True
    reason: str = field(default_factory=lambda: _("not read yet"))
    unreadable: bool = False

    @property
    def name(self) -> str:
        return self.register.name

    @property
    def numeric(self) -> bool:
        return is_numeric(self.register)

    @property
    def number(self) -> float | None:
        """The value as a float for trends and logs; None when not available or not a number."""
        if self.value is None or not self.numeric or isinstance(self.value, str):
            return None
        number = float(self.value)
        return number if math.isfinite(number) else None

    @property
    def text(self) -> str:
        return _("unreadable") if self.unreadable else format_value(self.register, self.value)

    def update(self, value: Value, time: float, unreadable: bool = False) -> None:
        """A fresh reading taken at ``time``."""
        self.value, self.time, self.unreadable = value, time, unreadable
        self.stale, self.reason = False, ""
        number = self.number
        if number is None:
            return
        if self.minimum is None or number < self.minimum:
            self.minimum, self.min_time = number, time
        if self.maximum is None or number > self.maximum:
            self.maximum, self.max_time = number, time

    def mark_stale(self, reason: str) -> None:
        """The last read failed: keep the old value, say why it is old."""
        self.stale, self.reason = True, reason

    def reset_extremes(self) -> None:
        """Min/max start again from the present value."""
        self.minimum = self.maximum = self.number
        self.min_time = self.max_time = self.time if self.number is not None else None
