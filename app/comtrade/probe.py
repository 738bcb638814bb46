"""Measurements of a record at an instant: what the analysis cursors show.

Times are in s on the record's time axis (:attr:`Record.time`). A channel's
value at t is the last sample at or before t; its RMS and phasor are those
of the one-cycle window ending at that sample, as a protection relay sees
them (the window starts at the record's first sample when t is earlier).
Cycles are of the record's line frequency (CFG ``lf``), or of the frequency
estimated from the first analog channel when the CFG gives none. Only a small
window of samples is read, so probing a long record costs microseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.analysis.angles import wrap_degrees
from app.analysis.frequency import zero_crossing_frequency
from app.analysis.harmonics import Spectrum, harmonics
from app.analysis.phasor import phasor
from app.analysis.rms import rms
from app.analysis.window import samples_per_cycle
from app.comtrade.channel_groups import phase_of, phase_rank, quantity_of
from app.comtrade.errors import ComtradeError
from app.comtrade.record import ChannelKey, Record
from app.i18n import _

_ESTIMATE_SAMPLES = 1 << 16


@dataclass(frozen=True)
class Window:
    """Samples ``start`` (inclusive) to ``stop`` (exclusive) at ``fs`` Hz, starting at ``t_first`` s."""

    start: int
    stop: int
    fs: float
    t_first: float


@dataclass(frozen=True)
class PhasorReading:
    """A channel's phasor: RMS magnitude in the channel's unit, angle in degrees."""

    name: str
    unit: str
    magnitude: float
    angle: float


@dataclass(frozen=True)
class PhasorSet:
    """Voltage and current phasors with angles relative to ``reference`` (Va when present)."""

    reference: str
    voltages: list[PhasorReading]
    currents: list[PhasorReading]


def analysis_frequency(record: Record) -> float:
    """The frequency whose cycles the probes use, Hz."""
    lf = record.config.line_frequency
    if lf and lf > 0:
        return float(lf)
    if record.analog_channels:
        seg = record.segments[0]
        if seg.rate > 0:
            stop = min(seg.stop, seg.start + _ESTIMATE_SAMPLES)
            try:
                return zero_crossing_frequency(record.analog(0)[seg.start : stop], seg.rate)
            except ValueError:
                pass
    raise ComtradeError(
        _("the record gives no line frequency and none can be estimated"), file=record.path.name
    )


def sample_index(record: Record, t: float) -> int:
    """Index of the last sample at or before ``t`` (the first sample when t is earlier)."""
    i = int(np.searchsorted(record.time, t, side="right")) - 1
    return min(max(i, 0), record.sample_count - 1)


def cycle_window(record: Record, t: float, frequency: float, cycles: int = 1) -> Window:
    """The ``cycles`` whole cycles of samples ending at the sample at ``t``, within one rate segment."""
    i = sample_index(record, t)
    seg = record.segment_at(float(record.time[i]))
    fs = seg.rate if seg.rate > 0 else _local_rate(record, i)
    size = samples_per_cycle(fs, frequency) * max(1, int(cycles))
    if seg.stop - seg.start < size:
        raise ComtradeError(
            _("fewer than {count} samples at {rate:g} Hz around {time:.6g} s: no whole cycle to analyse").format(
                count=size, rate=fs, time=t
            ),
            file=record.path.name,
        )
    stop = min(max(i + 1, seg.start + size), seg.stop)
    return Window(stop - size, stop, fs, float(record.time[stop - size]))


def _local_rate(record: Record, i: int) -> float:
    """Sample rate from time stamps around sample i (records without sampling rates)."""
    lo, hi = max(0, i - 512), min(record.sample_count, i + 512)
    steps = np.diff(record.time[lo:hi])
    steps = steps[steps > 0]
    if not steps.size:
        raise ComtradeError(_("the time stamps do not give a sample rate"), file=record.path.name)
    return float(1.0 / np.median(steps))


def value_at(record: Record, key: ChannelKey, t: float, side: str | None = None) -> float:
    """Instantaneous value of an analog channel at ``t`` (NaN for a missing sample)."""
    k = record.analog_index(key)
    return float(record.analog(k)[sample_index(record, t)]) * record.side_factor(k, side)


def state_at(record: Record, key: ChannelKey, t: float) -> bool:
    """State of a digital channel at ``t``."""
    return bool(record.digital(key)[sample_index(record, t)])


def _window_values(record: Record, k: int, window: Window, side: str | None) -> np.ndarray:
    values = np.asarray(record.analog(k)[window.start : window.stop], np.float64)
    return values * record.side_factor(k, side)


def rms_at(
    record: Record, key: ChannelKey, t: float, frequency: float, side: str | None = None
) -> float:
    """RMS of the cycle ending at ``t`` (NaN when it holds a missing sample)."""
    k = record.analog_index(key)
    values = _window_values(record, k, cycle_window(record, t, frequency), side)
    return rms(values) if np.all(np.isfinite(values)) else math.nan


def phasor_at(
    record: Record, key: ChannelKey, t: float, frequency: float, side: str | None = None
) -> complex:
    """DFT phasor of the cycle ending at ``t``: RMS magnitude, angle against a cosine at time 0."""
    k = record.analog_index(key)
    window = cycle_window(record, t, frequency)
    values = _window_values(record, k, window, side)
    return phasor(values, window.fs, frequency, t_first=window.t_first)




def phasors_at(
    record: Record,
    t: float,
    frequency: float,
    side: str | None = None,
    channels: list[int] | None = None,
) -> PhasorSet:
    """Phasors of the voltage and current channels (default: all) at ``t``.

    Angles are relative to the phase-A voltage (else the first voltage, else
    the first current), positive counter-clockwise, as the ION7400 shows them.
    """
    positions = range(len(record.analog_channels)) if channels is None else channels
    chosen = [k for k in positions if quantity_of(record.analog_channels[k]) in ("V", "A")]
    chosen.sort(
        key=lambda k: (quantity_of(record.analog_channels[k]) != "V", phase_rank(record.analog_channels[k]), k)
    )
    values = {k: phasor_at(record, k, t, frequency, side) for k in chosen}
    voltages = [k for k in chosen if quantity_of(record.analog_channels[k]) == "V"]
    reference = next(
        (k for k in voltages if phase_of(record.analog_channels[k]) == "A"),
        voltages[0] if voltages else (chosen[0] if chosen else None),
    )
    ref_angle = math.degrees(np.angle(values[reference])) if reference is not None else 0.0
    if not math.isfinite(ref_angle):
        ref_angle = 0.0
    readings = {
        k: PhasorReading(
            record.analog_channels[k].name,
            record.analog_channels[k].unit,
            abs(values[k]),
            wrap_degrees(math.degrees(np.angle(values[k])) - ref_angle),
        )
        for k in chosen
    }
    return PhasorSet(
        record.analog_channels[reference].name if reference is not None else "",
        [readings[k] for k in voltages],
        [readings[k] for k in chosen if k not in voltages],
    )


def spectrum_at(
    record: Record,
    key: ChannelKey,
    t: float,
    frequency: float,
    cycles: int = 1,
    side: str | None = None,
) -> Spectrum:
    """Harmonic spectrum of the ``cycles`` cycles ending at ``t`` (orders to 63 or Nyquist)."""
    k = record.analog_index(key)
    window = cycle_window(record, t, frequency, cycles)
    values = _window_values(record, k, window, side)
    if not np.all(np.isfinite(values)):
        raise ComtradeError(
            _("'{name}' has missing samples in the analysis window").format(name=record.analog_channels[k].name),
            file=record.path.name,
        )
    return harmonics(values, window.fs, frequency, cycles=cycles, t_first=window.t_first)


def whole_cycles(t1: float, t2: float, frequency: float) -> int:
    """Whole cycles of ``frequency`` between two instants (at least 1)."""
    return max(1, int(abs(t2 - t1) * frequency + 1e-6))
