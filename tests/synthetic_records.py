"""Synthetic COMTRADE records with known content, written with MeterDesk's writer (tests and bench)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.comtrade.cfg import AnalogChannel, Config, DataFormat, DigitalChannel, SampleRate, Stamp
from app.comtrade.dat import record_dtype
from app.comtrade.writer import Samples, format_cfg, write

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


LONG_CHANNELS = (("VA", "A", "V"), ("VB", "B", "V"), ("VC", "C", "V"), ("VN", "N", "V"),
                 ("IA", "A", "A"), ("IB", "B", "A"), ("IC", "C", "A"), ("IN", "N", "A"))  # fmt: skip
_BLOCK = 1 << 20


def write_long_binary(
    path: Path, count: int, channels: int = 8, *, rate: float = 12800.0, trigger: float | None = None
) -> Path:
    """A long 16-bit BINARY record written block by block (never all in memory).

    Channels cycle through VA, VB, VC, VN, IA, IB, IC, IN: 50 Hz sines of
    about 325 V or 140 A peak with a little 5th harmonic. ``trigger`` in s
    after the first sample (default: the middle).
    """
    names = [LONG_CHANNELS[k % len(LONG_CHANNELS)] for k in range(channels)]
    a = [0.012 if unit == "V" else 0.005 for _, _, unit in names]
    config = Config(
        station_name="BENCH",
        rec_dev_id="LONG",
        revision=1999,
        analog=tuple(
            AnalogChannel(k + 1, f"{name}{'' if k < len(LONG_CHANNELS) else k // len(LONG_CHANNELS)}", phase, "",
                          unit, a=a[k], primary=1000.0 if unit == "V" else 400.0, secondary=100.0 if unit == "V" else 5.0)
            for k, (name, phase, unit) in enumerate(names)
        ),
        digital=(),
        line_frequency=50.0,
        nrates=1,
        rates=(SampleRate(rate, count),),
        start=_stamp(START),
        trigger=_stamp(START + dt.timedelta(seconds=count / rate / 2 if trigger is None else trigger)),
        data_format=DataFormat.BINARY,
    )
    path.write_text(format_cfg(config), encoding="utf-8", newline="")
    dtype = record_dtype(DataFormat.BINARY, channels, 0)
    with open(path.with_suffix(".dat"), "wb") as fh:
        for i0 in range(0, count, _BLOCK):
            n = min(_BLOCK, count - i0)
            rows = np.zeros(n, dtype)
            index = np.arange(i0, i0 + n)
            rows["n"] = index + 1
            rows["t"] = np.round(index * (1e6 / rate)).astype(np.uint32)
            phase = 2 * np.pi * 50.0 * index / rate
            for k, (_, ph, unit) in enumerate(names):
                shift = {"A": 0.0, "B": -2.0944, "C": 2.0944, "N": 0.5}[ph]
                peak = 325.0 if unit == "V" else 140.0
                wave = peak * (np.cos(phase + shift) + 0.03 * np.cos(5 * (phase + shift)))
                rows["a"][:, k] = np.round(wave / a[k]).astype(np.int16)
            fh.write(rows.tobytes())
    return path
