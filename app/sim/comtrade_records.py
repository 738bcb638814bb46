"""Waveform captures of a simulated meter, written as COMTRADE records.

:func:`waveforms` samples the three-phase model (fundamental phasors plus
harmonics, harmonic n of a phase at n times its fundamental angle) into
V1..V3 and I1..I3, optionally through a :class:`Sag`. :func:`render_capture`
makes the files the ION7400's default COMTRADE_1 module writes: six
channels (the sag/swell waveform recorders' V1, V2, V3, I1, I2, I3), primary
values with the PT and CT ratios as primary/secondary factors, 1999 revision,
binary data.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from app.comtrade.cfg import AnalogChannel, Config, DataFormat, SampleRate, Stamp
from app.comtrade.writer import Samples, format_cfg, prepare
from app.sim.physics import ThreePhaseSystem

CHANNELS = (
    ("V1", "A", "V"),
    ("V2", "B", "V"),
    ("V3", "C", "V"),
    ("I1", "A", "A"),
    ("I2", "B", "A"),
    ("I3", "C", "A"),
)


@dataclass(frozen=True)
class Sag:
    """A voltage sag from ``start`` for ``duration`` (both s from the first sample).

    The voltage of each phase in ``phases`` falls to ``depth`` (0.6 = 60 % of
    its value) while the current of that phase is multiplied by
    ``current_factor`` (above 1 for a fault downstream of the meter).
    """

    start: float
    duration: float
    depth: float = 0.6
    phases: str = "A"
    current_factor: float = 1.0


@dataclass(frozen=True)
class Ratios:
    """PT and CT primary and secondary ratings (V, A)."""

    pt_primary: float = 1.0
    pt_secondary: float = 1.0
    ct_primary: float = 1.0
    ct_secondary: float = 1.0

    @classmethod
    def from_settings(cls, settings: dict) -> Ratios:
        """The ratios an ION7400's settings hold (missing ones default to 1:1)."""
        return cls(
            float(settings.get("pt_primary") or 1.0),
            float(settings.get("pt_secondary") or 1.0),
            float(settings.get("ct_primary") or 1.0),
            float(settings.get("ct_secondary") or 1.0),
        )


def waveforms(
    system: ThreePhaseSystem,
    fs: float,
    count: int,
    *,
    sag: Sag | None = None,
    ratios: Ratios = Ratios(),
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Primary values of V1..V3 (V) and I1..I3 (A): ``count`` samples at ``fs`` Hz from t = 0."""
    t = np.arange(count) / fs
    omega = 2.0 * math.pi * system.frequency
    rng = np.random.default_rng(seed)
    pt = ratios.pt_primary / ratios.pt_secondary
    ct = ratios.ct_primary / ratios.ct_secondary
    out: dict[str, np.ndarray] = {}
    for (name, phase, unit), spec in zip(CHANNELS, [*system.phases, *system.phases]):
        voltage = unit == "V"
        rms = spec.v * pt if voltage else spec.i * ct
        angle = math.radians(spec.v_angle if voltage else spec.i_angle)
        wave = np.cos(omega * t + angle)
        for order, percent in (system.v_harmonics if voltage else system.i_harmonics).items():
            if order * system.frequency < fs / 2:
                wave += percent / 100.0 * np.cos(order * (omega * t + angle))
        wave *= math.sqrt(2.0) * rms
        if sag is not None and phase in sag.phases:
            inside = (t >= sag.start) & (t < sag.start + sag.duration)
            wave[inside] *= sag.depth if voltage else sag.current_factor
        if system.noise:
            wave += rng.normal(0.0, system.noise * rms, count)
        out[name] = wave
    return out


def _stamp(when: dt.datetime) -> Stamp:
    text = f"{when:%d/%m/%Y},{when:%H:%M:%S}.{when.microsecond:06d}"
    return Stamp(text=text, when=when)


def render_capture(
    system: ThreePhaseSystem,
    *,
    when: dt.datetime,
    samples_per_cycle: int = 64,
    cycles: int = 12,
    trigger_cycle: float = 4.0,
    sag: Sag | None = None,
    ratios: Ratios = Ratios(),
    station: str = "ION7400",
    device: str = "ION7400",
    seed: int = 0,
) -> tuple[bytes, bytes]:
    """One capture as the bytes of its .cfg and .dat files; ``when`` is the first sample's time.

    The trigger is ``trigger_cycle`` cycles after the first sample.
    """
    fs = samples_per_cycle * system.frequency
    count = samples_per_cycle * cycles
    waves = waveforms(system, fs, count, sag=sag, ratios=ratios, seed=seed)
    analog = tuple(
        AnalogChannel(
            index=k + 1,
            name=name,
            phase=phase,
            unit=unit,
            primary=ratios.pt_primary if unit == "V" else ratios.ct_primary,
            secondary=ratios.pt_secondary if unit == "V" else ratios.ct_secondary,
            ps="P",
        )
        for k, (name, phase, unit) in enumerate(CHANNELS)
    )
    trigger = when + dt.timedelta(seconds=trigger_cycle / system.frequency)
    config = Config(
        station_name=station,
        rec_dev_id=device,
        revision=1999,
        analog=analog,
        digital=(),
        line_frequency=system.frequency,
        nrates=1,
        rates=(SampleRate(fs, count),),
        start=_stamp(when),
        trigger=_stamp(trigger),
        data_format=DataFormat.BINARY,
    )
    samples = Samples(count=count, analog=[waves[name] for name, _, _ in CHANNELS], digital=[])
    written, dat = prepare(config, samples)
    return format_cfg(written).encode("utf-8"), dat
