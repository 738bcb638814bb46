"""Calculators from the manuals, for the settings they feed (profiles name them in ``[[calculators]]``).

* :func:`pulse_weight`: energy per output pulse (ION7400 manual L4707-L4736).
* :func:`burst_records`: burst-recorder record counts and depth (L6160-L6222, L6666-L6700).
* :func:`waveform_capture`: waveform-capture length and trigger position (L6702-L6765).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.errors import ValidationError
from app.i18n import _

MAX_PULSE_RATE = 25.0  # Hz, the base digital output's highest pulse frequency (manual L9072)
RECORDS_PER_CYCLE = 2  # burst records are half-cycle values: 2 x frequency per second (L6687-L6693)


def pulse_weight(peak_kw: float, pulses_per_second: float, kyz: bool = False) -> float:
    """kWh per pulse for a peak load (kW) at a pulse rate (pulses/s): peak kW / 3600 / rate, halved in KYZ mode.

    The manual's example: 1600 kW at 2 pulses/s gives 0.222 kWh/pulse, 0.111 in KYZ mode.
    """
    if not peak_kw > 0:
        raise ValidationError(_("peak load {peak:g} kW: it must be above 0").format(peak=peak_kw))
    if not 0 < pulses_per_second <= MAX_PULSE_RATE:
        raise ValidationError(_("pulse rate {rate:g} pulses/s: it must be above 0 and at most {limit:g}, "
                                "the digital output's limit (manual L9072)").format(
            rate=pulses_per_second, limit=MAX_PULSE_RATE))
    kwh = peak_kw / 3600.0 / pulses_per_second
    return kwh / 2 if kyz else kwh


@dataclass(frozen=True)
class Burst:
    """Record counts of a burst recorder. ``per_burst`` = pre + post + 1 records."""

    pre_records: int
    post_records: int
    per_burst: int
    depth: int
    buffer_depth: int
    records_per_second: float


def burst_records(pre_seconds: float, post_seconds: float, frequency: float, bursts: int,
                  buffered_bursts: int = 1) -> Burst:
    """Records for ``pre_seconds`` before and ``post_seconds`` after a trigger at ``frequency`` (Hz).

    Records = 2 x frequency x seconds (one per half cycle); depth and buffer
    depth hold whole bursts: ``bursts`` and ``buffered_bursts`` of them.
    """
    if frequency <= 0:
        raise ValidationError(_("frequency {frequency:g} Hz: it must be above 0").format(frequency=frequency))
    if pre_seconds < 0 or post_seconds < 0 or pre_seconds + post_seconds <= 0:
        raise ValidationError(_("give the seconds to keep before and/or after the trigger (at least one above 0)"))
    if not 1 <= buffered_bursts <= bursts:
        raise ValidationError(_("buffered bursts {buffered}: it must be 1..{bursts} (the bursts kept)").format(
            buffered=buffered_bursts, bursts=bursts))
    rate = RECORDS_PER_CYCLE * frequency
    pre, post = round(rate * pre_seconds), round(rate * post_seconds)
    per_burst = pre + post + 1
    return Burst(pre, post, per_burst, per_burst * bursts, per_burst * buffered_bursts, rate)


@dataclass(frozen=True)
class Capture:
    """One waveform capture: ``samples`` per channel over ``duration`` s, split around the trigger."""

    samples_per_cycle: int
    cycles: int
    frequency: float
    delay_cycles: int = 0

    @property
    def samples(self) -> int:
        return self.samples_per_cycle * self.cycles

    @property
    def duration(self) -> float:
        """Length of the capture, s."""
        return self.cycles / self.frequency

    @property
    def sample_rate(self) -> float:
        """Samples per second, Hz."""
        return self.samples_per_cycle * self.frequency

    @property
    def before_trigger(self) -> float:
        """Time captured before the trigger, s."""
        return (self.cycles - self.delay_cycles) / self.frequency

    @property
    def after_trigger(self) -> float:
        """Time captured after the trigger, s (the record delay)."""
        return self.delay_cycles / self.frequency


def waveform_capture(samples_per_cycle: int, cycles: int, frequency: float, delay_cycles: int = 0) -> Capture:
    """A capture of format ``samples_per_cycle`` x ``cycles`` at ``frequency`` (Hz), delayed by ``delay_cycles``."""
    if frequency <= 0:
        raise ValidationError(_("frequency {frequency:g} Hz: it must be above 0").format(frequency=frequency))
    if cycles < 1 or samples_per_cycle < 1:
        raise ValidationError(_("a waveform format needs at least one cycle of at least one sample"))
    if not 0 <= delay_cycles <= cycles:
        raise ValidationError(_("record delay {delay} cycles: it must be 0..{cycles}, the cycles captured").format(
            delay=delay_cycles, cycles=cycles))
    return Capture(samples_per_cycle, cycles, frequency, delay_cycles)


def cycles_for(seconds: float, frequency: float) -> int:
    """The fewest whole cycles that last at least ``seconds`` at ``frequency`` (Hz)."""
    if seconds <= 0 or frequency <= 0:
        raise ValidationError(_("give a duration and a frequency above 0"))
    return max(1, math.ceil(seconds * frequency - 1e-9))
