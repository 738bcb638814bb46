"""Synthetic COMTRADE records with known content, written with MeterDesk's writer (tests and bench)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.comtrade.cfg import AnalogChannel, Config, DataFormat, DigitalChannel, SampleRate, Stamp
from app.comtrade.writer import Samples, write

START = dt.datetime(2024, 5, 17, 10, 30, 0)


@dataclass
class Analog:
    """An analog channel: engineering values as recorded (``ps`` side)."""

    name: str
    phase: str
    unit: str
    values: np.ndarray
    primary: float = 1.0
    secondary: float = 1.0
    ps: str = "P"


def sine(
    count: int,
    rate: float,
    rms: float,
    angle: float = 0.0,
    frequency: float = 50.0,
    harmonics: dict[int, tuple[float, float]] | None = None,
) -> np.ndarray:
    """sqrt(2)·rms·cos(2πft + angle) plus harmonics {order: (rms, angle in degrees)}."""
    t = np.arange(count) / rate
    out = math.sqrt(2) * rms * np.cos(2 * np.pi * frequency * t + math.radians(angle))
    for order, (h_rms, h_angle) in (harmonics or {}).items():
        out += math.sqrt(2) * h_rms * np.cos(2 * np.pi * order * frequency * t + math.radians(h_angle))
    return out


def _stamp(when: dt.datetime) -> Stamp:
    return Stamp(text=f"{when:%d/%m/%Y},{when:%H:%M:%S}.{when.microsecond:06d}", when=when)


def write_record(
    path: Path,
    analog: list[Analog],
    digital: list[tuple[str, np.ndarray]] = (),
    *,
    rate: float = 3200.0,
    frequency: float = 50.0,
    trigger: float = 0.0,
    data_format: str = "FLOAT32",
) -> Path:
    """Write a record at ``path`` (.cfg + .dat); ``trigger`` in s after the first sample."""
    count = len(analog[0].values)
    config = Config(
        station_name="TEST STATION",
        rec_dev_id="SYNTH",
        revision=1999,
        analog=tuple(
            AnalogChannel(k + 1, a.name, a.phase, "", a.unit, primary=a.primary, secondary=a.secondary, ps=a.ps)
            for k, a in enumerate(analog)
        ),
        digital=tuple(DigitalChannel(k + 1, name) for k, (name, _) in enumerate(digital)),
        line_frequency=frequency,
        nrates=1,
        rates=(SampleRate(rate, count),),
        start=_stamp(START),
        trigger=_stamp(START + dt.timedelta(seconds=trigger)),
        data_format=DataFormat.BINARY,
    )
    samples = Samples(
        count=count,
        analog=[np.asarray(a.values, np.float64) for a in analog],
        digital=[np.asarray(states, bool) for _, states in digital],
    )
    write(path, config, samples, data_format=data_format)
    return path
