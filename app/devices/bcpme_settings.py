"""BCPME per-panel settings: the 62017 options, demand and event set-up, and their rules.

Register names are those of ``resources/profiles/bcpme.toml``; values are
engineering values as :mod:`app.modbus.codec` decodes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import IntFlag
from typing import Any

from app.devices.bcpme_circuits import (
    AUX_CHANNELS,
    CHANNELS,
    CurrentLimits,
    Layout,
    default_phase,
)
from app.errors import ValidationError
from app.i18n import _

SYNC_TO_COMMS = 0  # sub-interval length 0: a client ends each sub-interval (register-maps.md §2, 72)
TIMER_LENGTH = (10, 32767)  # s, interval-timer demand source (manual L393–L396)
RTC_LENGTH = (10, 3600)  # s, RTC demand source (manual L399–L402)


class Options(IntFlag):
    """Register 62017, set per panel (manual L341–L344).

    Bit 0 is public (register-maps.md §2, H). The manual names the other options
    but not their bits (L361–L402); bits 1–3 are MeterDesk's convention, each
    chosen so that 0 is the manual's default.
    """

    NONE = 0
    USER_PHASES = 1 << 0  # explicit per-channel CT phase assignment (default: automatic)
    LEGACY_MAPS = 1 << 1  # 4000–9999 holds the legacy 2/3-phase maps (default: alternate map)
    ANGLES_TO_ASSIGNED = 1 << 2  # phase angles relative to the channel's phase (default: to V1)
    RTC_DEMAND = 1 << 3  # demand timing from the RTC (default: interval timer)


def check_demand(length: int, options: Options) -> None:
    """Check a demand sub-interval length (s) against the timing source.

    Interval timer: 10–32767 s, or 0 to sync to comms; RTC: 10–3600 s.
    """
    if options & Options.RTC_DEMAND:
        low, high = RTC_LENGTH
        if not low <= length <= high:
            raise ValidationError(
                _("demand sub-interval {length} s: with RTC timing it must be {low}–{high} s (manual L399–L402)").format(
                    length=length, low=low, high=high)
            )
        return
    low, high = TIMER_LENGTH
    if length != SYNC_TO_COMMS and not low <= length <= high:
        raise ValidationError(
            _("demand sub-interval {length} s: it must be {low}–{high} s, or 0 to sync to comms "
              "(manual L393–L396)").format(length=length, low=low, high=high)
        )


@dataclass(frozen=True, slots=True)
class AlarmSetup:
    """Panel-wide event set-up (registers 165–177).

    Thresholds are % of each channel's breaker size, 0 switching that event
    off; ``hysteresis`` is % of the non-latching threshold; times are seconds.
    """

    hh: float = 70.0
    h: float = 0.0
    l: float = 0.0  # noqa: E741 (the manual's name)
    ll: float = 0.0
    high: float = 0.0
    low: float = 0.0
    hysteresis: float = 0.0
    hh_delay: float = 10.0
    h_delay: float = 10.0
    l_delay: float = 10.0
    ll_delay: float = 10.0
    on_time: float = 10.0
    off_time: float = 30.0

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> AlarmSetup:
        """From register values by name; a missing or unreadable value keeps the default."""
        kwargs = {}
        for f in fields(cls):
            value = values.get(ALARM_REGISTERS[f.name])
            if value is not None:
                kwargs[f.name] = float(value)
        return cls(**kwargs)

    def limits(self, breaker: float | None) -> CurrentLimits:
        """Thresholds in A for a channel with this breaker size (A); none without a size."""
        def amps(percent: float) -> float | None:
            return breaker * percent / 100.0 if breaker and percent else None

        return CurrentLimits(
            hh=amps(self.hh), h=amps(self.h), l=amps(self.l), ll=amps(self.ll),
            high=amps(self.high), low=amps(self.low),
        )  # fmt: skip


#: AlarmSetup field → profile register name.
ALARM_REGISTERS = {
    "hh": "hh_threshold", "h": "h_threshold", "l": "l_threshold", "ll": "ll_threshold",
    "high": "high_threshold", "low": "low_threshold", "hysteresis": "hysteresis",
    "hh_delay": "hh_delay", "h_delay": "h_delay", "l_delay": "l_delay", "ll_delay": "ll_delay",
    "on_time": "latch_on_time", "off_time": "latch_off_time",
}  # fmt: skip


def per_channel(prefix: str, count: int = CHANNELS) -> list[str]:
    """Register names ``prefix_1`` … ``prefix_count``."""
    return [f"{prefix}_{n}" for n in range(1, count + 1)]


@dataclass(frozen=True)
class PanelSettings:
    """Everything the Settings pane edits for one panel. Sizes in A, lengths in s."""

    panel: int
    layout: Layout
    options: Options
    subintervals: int
    subinterval_length: int  # 0 = sync to comms
    alarm: AlarmSetup
    breaker_sizes: tuple[float | None, ...]  # channels 1–42
    aux_breaker_sizes: tuple[float | None, ...]  # aux 1–4
    aux_ct_sizes: tuple[float | None, ...]  # aux 1–4
    phase_assignment: tuple[int | None, ...]  # channels 1–42, 0–2; used with Options.USER_PHASES

    @staticmethod
    def register_names() -> list[str]:
        """The registers :meth:`from_values` needs."""
        return [
            "strip_layout", "advanced_options", "demand_subintervals", "subinterval_length",
            *ALARM_REGISTERS.values(), *per_channel("breaker_size"),
            *per_channel("aux_breaker_size", AUX_CHANNELS), *per_channel("aux_ct_size", AUX_CHANNELS),
            *per_channel("phase_assignment"),
        ]  # fmt: skip

    @classmethod
    def from_values(cls, panel: int, values: Mapping[str, Any]) -> PanelSettings:
        """Build from register values by name.

        Unreadable (``None``) sizes and phases stay ``None``; unreadable scalars
        take the factory defaults (top feed, no options, 1 × 900 s).
        """
        def ints(prefix: str, count: int = CHANNELS) -> tuple[int | None, ...]:
            return tuple(None if values.get(n) is None else int(values[n]) for n in per_channel(prefix, count))

        def value(name: str, default: int) -> int:
            return default if values.get(name) is None else int(values[name])

        return cls(
            panel=panel,
            layout=Layout(value("strip_layout", Layout.TOP_FEED)),
            options=Options(value("advanced_options", Options.NONE)),
            subintervals=value("demand_subintervals", 1),
            subinterval_length=value("subinterval_length", 900),
            alarm=AlarmSetup.from_values(values),
            breaker_sizes=tuple(values.get(n) for n in per_channel("breaker_size")),
            aux_breaker_sizes=tuple(values.get(n) for n in per_channel("aux_breaker_size", AUX_CHANNELS)),
            aux_ct_sizes=tuple(values.get(n) for n in per_channel("aux_ct_size", AUX_CHANNELS)),
            phase_assignment=ints("phase_assignment"),
        )

    def values(self) -> dict[str, Any]:
        """Register values by name, the inverse of :meth:`from_values` (unknown values left out)."""
        out: dict[str, Any] = {
            "strip_layout": int(self.layout),
            "advanced_options": int(self.options),
            "demand_subintervals": self.subintervals,
            "subinterval_length": self.subinterval_length,
        }
        out.update({ALARM_REGISTERS[f.name]: getattr(self.alarm, f.name) for f in fields(AlarmSetup)})
        for prefix, items in (
            ("breaker_size", self.breaker_sizes), ("aux_breaker_size", self.aux_breaker_sizes),
            ("aux_ct_size", self.aux_ct_sizes), ("phase_assignment", self.phase_assignment),
        ):  # fmt: skip
            out.update((name, v) for name, v in zip(per_channel(prefix, len(items)), items) if v is not None)
        return out

    def phase(self, channel: int) -> int:
        """Phase index the meter uses for ``channel``: explicit if enabled and set, else automatic."""
        assigned = self.phase_assignment[channel - 1]
        if self.options & Options.USER_PHASES and assigned is not None:
            return assigned
        return default_phase(self.layout, channel)

    def limits(self, channel: int) -> CurrentLimits:
        """Event thresholds (A) of branch ``channel``."""
        return self.alarm.limits(self.breaker_sizes[channel - 1])

    def aux_limits(self, aux: int) -> CurrentLimits:
        """Event thresholds (A) of aux input ``aux`` (1–4)."""
        return self.alarm.limits(self.aux_breaker_sizes[aux - 1])


def changes(old: PanelSettings, new: PanelSettings) -> dict[str, Any]:
    """The register values that differ between two settings, in write order.

    The sub-interval length is written after the options (or before them when
    leaving RTC timing) so that each intermediate state passes :func:`check_demand`.
    """
    before, after = old.values(), new.values()
    diff = {k: v for k, v in after.items() if before.get(k) != v}
    if "subinterval_length" in diff and "advanced_options" in diff:
        to_rtc = bool(new.options & Options.RTC_DEMAND) and not old.options & Options.RTC_DEMAND
        first, second = ("subinterval_length", "advanced_options") if to_rtc else ("advanced_options", "subinterval_length")
        ordered = {first: diff.pop(first), second: diff.pop(second)}
        diff = {**ordered, **diff}
    return diff
