"""BCPME branch circuits: channel numbering, default phases and logical circuits (pure logic).

One panel (one Modbus unit) has two 21-CT strips, A and B, giving 42 branch
channels, plus 4 aux inputs (mains phases A, B, C and neutral). Register 6 tells
the meter how the strips are installed, and so which CT each channel number reads:

==============  =================  =================
register 6      strip A, CT k      strip B, CT k
==============  =================  =================
0 top feed      channel 2k − 1     channel 2k
1 bottom feed   channel 44 − 2k    channel 43 − 2k
2 sequential    channel 22 − k     channel 21 + k
3 odd/even      channel 43 − 2k    channel 2k
==============  =================  =================

Sources: the values 0–3 are register-maps.md §2 register 6 (H), with 2 =
sequential also in the manual (L1385–L1387); the CT table is the user guide's
strip figure as tabulated by V1 (dariofurlan/BCPME-Interface README, M).

Default phases (automatic assignment, manual L377–L385): sequential numbering
runs A, B, C, A, … along the row (manual L1393–L1396). In the two-column
numberings the two circuits facing each other share a bus bar: 1–2 on A, 3–4 on
B, 5–6 on C (convention: the usual panelboard layout; the seed shows only the
sequential case).

Logical circuits group 1–3 channels that are adjacent in the panel (manual
L345–L360): neighbouring positions of one column, i.e. channels n and n + 1 in
sequential numbering, n and n + 2 in the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum, IntFlag
from statistics import fmean

from app.errors import ValidationError
from app.i18n import _

CHANNELS = 42  # branch channels per panel
CTS_PER_STRIP = 21
AUX_CHANNELS = 4  # aux inputs per panel: mains A, B, C and neutral
MAX_PANELS = 2
PHASE_NAMES = "ABC"


class Layout(IntEnum):
    """Register 6: how the strips are installed, and so how circuits are numbered."""

    TOP_FEED = 0
    BOTTOM_FEED = 1
    SEQUENTIAL = 2
    ODD_EVEN = 3

    @property
    def label(self) -> str:
        """The layout's name: the label of register 6 in the profile, as settings and files show it."""
        return ("Top feed", "Bottom feed", "Sequential", "Odd/even")[self]  # untranslated: enum labels of the profile

    @property
    def step(self) -> int:
        """Channel-number difference between neighbouring positions of one column."""
        return 1 if self is Layout.SEQUENTIAL else 2


def channel_at(layout: Layout, strip: str, ct: int) -> int:
    """The channel number (1–42) that reads CT ``ct`` (1–21) of strip ``"A"`` or ``"B"``."""
    _check_ct(strip, ct)
    n, a = CTS_PER_STRIP, strip == "A"
    match layout:
        case Layout.TOP_FEED:
            return 2 * ct - 1 if a else 2 * ct
        case Layout.BOTTOM_FEED:
            return 2 * n + 2 - 2 * ct if a else 2 * n + 1 - 2 * ct
        case Layout.SEQUENTIAL:
            return n + 1 - ct if a else n + ct
        case Layout.ODD_EVEN:
            return 2 * n + 1 - 2 * ct if a else 2 * ct
    raise ValueError(_("unknown layout {layout!r}").format(layout=layout))


def ct_of(layout: Layout, channel: int) -> tuple[str, int]:
    """Strip (``"A"``/``"B"``) and CT number (1–21) that channel ``channel`` reads."""
    _check_channel(channel)
    n, odd = CTS_PER_STRIP, channel % 2 == 1
    match layout:
        case Layout.TOP_FEED:
            return ("A", (channel + 1) // 2) if odd else ("B", channel // 2)
        case Layout.BOTTOM_FEED:
            return ("B", (2 * n + 1 - channel) // 2) if odd else ("A", (2 * n + 2 - channel) // 2)
        case Layout.SEQUENTIAL:
            return ("A", n + 1 - channel) if channel <= n else ("B", channel - n)
        case Layout.ODD_EVEN:
            return ("A", (2 * n + 1 - channel) // 2) if odd else ("B", channel // 2)
    raise ValueError(_("unknown layout {layout!r}").format(layout=layout))


def default_phase(layout: Layout, channel: int) -> int:
    """Phase index (0 = A, 1 = B, 2 = C) that automatic assignment gives ``channel``."""
    _check_channel(channel)
    return (channel - 1) % 3 if layout is Layout.SEQUENTIAL else ((channel - 1) // 2) % 3


def circuit_number(panel: int, channel: int) -> int:
    """Board-wide circuit number: panel 1 is 1–42, panel 2 is 43–84."""
    if not 1 <= panel <= MAX_PANELS:
        raise ValueError(_("panel {panel} is outside 1..{count}").format(panel=panel, count=MAX_PANELS))
    _check_channel(channel)
    return (panel - 1) * CHANNELS + channel


def check_group(layout: Layout, channels: Iterable[int]) -> tuple[int, ...]:
    """Validate the channels of one logical circuit (one panel); return them sorted.

    Raises :class:`ValidationError` unless there are 1–3 distinct channels,
    each next to the following one in the panel (manual L345–L347).
    """
    given = list(channels)
    ordered = tuple(sorted(set(given)))
    if len(ordered) != len(given):
        raise ValidationError(_("logical circuit {circuit}: a channel is named twice").format(circuit=given))
    if not 1 <= len(ordered) <= 3:
        raise ValidationError(_("logical circuit {circuit}: it must have 1, 2 or 3 channels").format(circuit=given))
    for ch in ordered:
        _check_channel(ch)
    for a, b in zip(ordered, ordered[1:]):
        if b - a != layout.step:
            raise ValidationError(
                _("logical circuit {circuit}: channels {first} and {second} are not adjacent "
                  "({layout} numbering: neighbours differ by {step})").format(
                    circuit=list(ordered), first=a, second=b, layout=layout.label, step=layout.step)
            )
    return ordered


def _check_channel(channel: int) -> None:
    if not 1 <= channel <= CHANNELS:
        raise ValueError(_("channel {channel} is outside 1..{count}").format(channel=channel, count=CHANNELS))


def _check_ct(strip: str, ct: int) -> None:
    if strip not in ("A", "B") or not 1 <= ct <= CTS_PER_STRIP:
        raise ValueError(_("strip {strip!r} CT {ct}: expected strip A or B, CT 1..{count}").format(
            strip=strip, ct=ct, count=CTS_PER_STRIP))


# ---- events and severities


class Alarm(IntFlag):
    """Event status bits of one channel (registers 178–223; bit sources in the profile)."""

    NONE = 0
    HH = 1 << 0  # latched high-high
    H = 1 << 1  # latched high
    L = 1 << 2  # latched low
    LL = 1 << 3  # latched low-low
    OFF = 1 << 4  # latched: the channel stopped carrying current
    HIGH = 1 << 8  # non-latched high
    LOW = 1 << 9  # non-latched low


class Severity(IntEnum):
    """How a circuit should be shown: within limits, near them, or beyond the outer ones."""

    OK = 0
    WARNING = 1
    ALARM = 2


@dataclass(frozen=True, slots=True)
class CurrentLimits:
    """Event thresholds of one channel, in A (``None``: that event is off).

    ``hh``/``h``/``l``/``ll`` are the latching levels, ``high``/``low`` the
    non-latching ones. Low levels apply only while current flows: a channel
    at 0 A is off, not low.
    """

    hh: float | None = None
    h: float | None = None
    l: float | None = None  # noqa: E741 (the manual's name)
    ll: float | None = None
    high: float | None = None
    low: float | None = None

    def severity(self, current: float | None) -> Severity:
        """Where ``current`` (A) sits against these limits."""
        if current is None:
            return Severity.OK
        if _above(current, self.hh) or _below(current, self.ll):
            return Severity.ALARM
        if any(_above(current, x) for x in (self.h, self.high)) or any(_below(current, x) for x in (self.l, self.low)):
            return Severity.WARNING
        return Severity.OK


def _above(current: float, limit: float | None) -> bool:
    return limit is not None and current > limit


def _below(current: float, limit: float | None) -> bool:
    return limit is not None and 0 < current < limit


def alarm_severity(alarms: Alarm) -> Severity:
    """Severity of event bits: outer levels and "off" are alarms, the others warnings."""
    if alarms & (Alarm.HH | Alarm.LL | Alarm.OFF):
        return Severity.ALARM
    if alarms & (Alarm.H | Alarm.L | Alarm.HIGH | Alarm.LOW):
        return Severity.WARNING
    return Severity.OK


# ---- circuits


@dataclass(frozen=True, slots=True)
class Circuit:
    """One branch channel as read. Units: A, kW, kVA, kWh; ``None`` = not available."""

    panel: int  # 1 or 2 (Modbus unit base, base + 1)
    channel: int  # 1–42 within the panel, numbered as register 6 says
    layout: Layout
    phase: int  # 0 = A, 1 = B, 2 = C, as the meter assigns it
    current: float | None = None
    power: float | None = None
    apparent: float | None = None
    pf: float | None = None
    energy: float | None = None
    current_demand: float | None = None  # present
    max_current_demand: float | None = None
    power_demand: float | None = None  # present
    max_power_demand: float | None = None
    max_current: float | None = None  # highest instantaneous since cleared
    max_power: float | None = None
    breaker: float | None = None  # breaker size, A (the base of the thresholds)
    limits: CurrentLimits = CurrentLimits()
    alarms: Alarm = Alarm.NONE

    @property
    def number(self) -> int:
        """Board-wide circuit number, 1–84."""
        return circuit_number(self.panel, self.channel)

    @property
    def phase_name(self) -> str:
        return PHASE_NAMES[self.phase]

    @property
    def strip(self) -> str:
        """Connector label of the strip this channel reads: "1A", "1B", "2A" or "2B" (manual L1047–L1052)."""
        return f"{self.panel}{ct_of(self.layout, self.channel)[0]}"

    @property
    def ct(self) -> int:
        """CT number (1–21) on that strip."""
        return ct_of(self.layout, self.channel)[1]

    @property
    def severity(self) -> Severity:
        return max(alarm_severity(self.alarms), self.limits.severity(self.current))


@dataclass(frozen=True, slots=True)
class LogicalCircuit:
    """1–3 adjacent channels metered as one multi-phase load (manual L345–L360, Table 3 L403–L440).

    Current and current demand are the multi-phase averages; powers, demands
    and energies are totals; the power factor is total kW / total kVA.
    """

    members: tuple[Circuit, ...]

    @property
    def panel(self) -> int:
        return self.members[0].panel

    @property
    def number(self) -> int:
        """Board-wide number of the first member."""
        return self.members[0].number

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(c.number for c in self.members)

    @property
    def label(self) -> str:
        return "-".join(str(n) for n in self.numbers)

    @property
    def phases(self) -> str:
        return "".join(c.phase_name for c in self.members)

    @property
    def current(self) -> float | None:
        return _mean(c.current for c in self.members)

    @property
    def current_demand(self) -> float | None:
        return _mean(c.current_demand for c in self.members)

    @property
    def power(self) -> float | None:
        return _sum(c.power for c in self.members)

    @property
    def apparent(self) -> float | None:
        return _sum(c.apparent for c in self.members)

    @property
    def power_demand(self) -> float | None:
        return _sum(c.power_demand for c in self.members)

    @property
    def energy(self) -> float | None:
        return _sum(c.energy for c in self.members)

    @property
    def pf(self) -> float | None:
        p, s = self.power, self.apparent
        return None if p is None or not s else p / s

    @property
    def alarms(self) -> Alarm:
        result = Alarm.NONE
        for c in self.members:
            result |= c.alarms
        return result

    @property
    def severity(self) -> Severity:
        return max(c.severity for c in self.members)


def logical_circuits(circuits: Sequence[Circuit], groups: Iterable[Iterable[int]] = ()) -> list[LogicalCircuit]:
    """Group circuits into logical circuits, ordered by their first circuit number.

    ``groups`` lists board-wide circuit numbers (1–84) per logical circuit.
    Every circuit belongs to exactly one logical circuit; those no group names
    stand alone. Raises :class:`ValidationError` for an unknown circuit, one
    named twice, a group spanning panels, or channels that are not adjacent.
    """
    by_number = {c.number: c for c in circuits}
    used: set[int] = set()
    result = []
    for group in groups:
        numbers = list(group)
        unknown = [n for n in numbers if n not in by_number]
        if unknown:
            raise ValidationError(_("logical circuit {circuit}: no circuit {number} was read").format(
                circuit=numbers, number=unknown[0]))
        taken = [n for n in numbers if n in used]
        if taken:
            raise ValidationError(_("logical circuit {circuit}: circuit {number} is already in another one").format(
                circuit=numbers, number=taken[0]))
        members = [by_number[n] for n in numbers]
        if len({c.panel for c in members}) > 1:
            raise ValidationError(_("logical circuit {circuit}: its circuits are on different panels").format(
                circuit=numbers))
        channels = check_group(members[0].layout, [c.channel for c in members])
        used.update(numbers)
        panel = members[0].panel
        result.append(LogicalCircuit(tuple(by_number[circuit_number(panel, ch)] for ch in channels)))
    result += [LogicalCircuit((c,)) for c in circuits if c.number not in used]
    return sorted(result, key=lambda lc: lc.number)


def _mean(values: Iterable[float | None]) -> float | None:
    values = list(values)
    return None if any(v is None for v in values) else fmean(values)  # type: ignore[arg-type]


def _sum(values: Iterable[float | None]) -> float | None:
    values = list(values)
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]
