"""Exports of a COMTRADE record: CSV tables and COMTRADE extracts.

:func:`extract` cuts a time window and a channel subset out of a record as a
(Config, Samples) pair ready for :func:`app.comtrade.writer.write`;
:func:`save_comtrade` does both steps. :func:`export_csv` writes time plus the
chosen channels, primary or secondary values, block by block so large records
do not need a second full copy in memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from app.comtrade.cfg import Config, DataFormat, SampleRate, Stamp
from app.comtrade.errors import ComtradeError
from app.comtrade.record import ChannelKey, Record
from app.comtrade.writer import Samples, write
from app.i18n import _

Progress = Callable[[float], None]
_CSV_BLOCK = 65536


def sample_range(
    record: Record, start: float | None, end: float | None
) -> tuple[int, int]:
    """Indices [i0, i1) of the samples with start <= t <= end (s on the record's time axis)."""
    t = record.time
    i0 = 0 if start is None else int(np.searchsorted(t, start, side="left"))
    i1 = len(t) if end is None else int(np.searchsorted(t, end, side="right"))
    if i1 <= i0:
        raise ComtradeError(
            _("no samples between {start} s and {end} s (the record spans {first:.6g}..{last:.6g} s)").format(
                start=start, end=end, first=t[0], last=t[-1]
            ),
            file=record.path.name,
        )
    return i0, i1


#: A channel to export: a name (see :meth:`Record.find`), an analog position, or
#: ``("analog"|"digital", position)`` as ``Record.find`` returns it (the way to
#: name one of several channels that share a name).
ChannelRef = ChannelKey | tuple[str, int]


def resolve_channels(
    record: Record, names: Sequence[ChannelRef] | None
) -> tuple[list[int], list[int]]:
    """Analog and digital positions for user-given names (all channels when None)."""
    if not names:
        return list(range(len(record.analog_channels))), list(
            range(len(record.digital_channels))
        )
    analog, digital = [], []
    for name in names:
        if isinstance(name, tuple):
            kind, pos = name
            pos = record.digital_index(pos) if kind == "digital" else record.analog_index(pos)
        elif isinstance(name, str):
            kind, pos = record.find(name)
        else:
            kind, pos = "analog", record.analog_index(name)
        (analog if kind == "analog" else digital).append(pos)
    return analog, digital


def _shifted(stamp: Stamp, seconds: float) -> Stamp:
    """A stamp moved later by ``seconds`` (unchanged when its date is unknown)."""
    if stamp.when is None or seconds == 0:
        return stamp
    total_ns = round(seconds * 1e9) + stamp.nanosecond
    when = stamp.when + dt.timedelta(microseconds=total_ns // 1000)
    return dataclasses.replace(stamp, when=when, nanosecond=total_ns % 1000, text="")


def extract(
    record: Record,
    start: float | None = None,
    end: float | None = None,
    channels: Sequence[ChannelRef] | None = None,
) -> tuple[Config, Samples]:
    """The samples between ``start`` and ``end`` (s) of the chosen channels, as raw data.

    The new start stamp is the time of the first sample kept; sampling-rate
    segments are cut to the window.
    """
    i0, i1 = sample_range(record, start, end)
    analog_pos, digital_pos = resolve_channels(record, channels)
    config = record.config
    first_time = float(record.time[i0])
    if config.uses_timestamps:
        rates = (SampleRate(0.0, i1 - i0),)
        nrates = min(config.nrates, 1)
        per_stamp = config.timemult * config.timestamp_unit
        stamps = np.round((record.time[i0:i1] - first_time) / per_stamp)
    else:
        rates = tuple(
            SampleRate(seg.rate, min(seg.stop, i1) - i0)
            for seg in record.segments
            if seg.stop > i0 and seg.start < i1
        )
        nrates = len(rates)
        stamps = record.stamps()[i0:i1]
        if i0 and np.isfinite(stamps[0]):
            stamps = stamps - stamps[0]
    new_config = dataclasses.replace(
        config,
        analog=tuple(config.analog[k] for k in analog_pos),
        digital=tuple(config.digital[k] for k in digital_pos),
        rates=rates,
        nrates=nrates,
        start=_shifted(config.start, first_time),
    )
    samples = Samples(
        count=i1 - i0,
        analog=[record.raw(k)[i0:i1] for k in analog_pos],
        digital=[np.asarray(record.digital(k)[i0:i1]) for k in digital_pos],
        stamps=stamps,
    )
    return new_config, samples


def save_comtrade(
    record: Record,
    path: str | Path,
    data_format: DataFormat | str | None = None,
    *,
    cff: bool = False,
    start: float | None = None,
    end: float | None = None,
    channels: Sequence[ChannelRef] | None = None,
) -> Config:
    """Write (a window and channel subset of) ``record`` as COMTRADE; returns the written Config."""
    config, samples = extract(record, start, end, channels)
    return write(
        path,
        config,
        samples,
        data_format=data_format,
        cff=cff,
        header=record.header,
        info=record.info,
    )


def export_csv(
    record: Record,
    path: str | Path,
    channels: Sequence[ChannelRef] | None = None,
    *,
    side: str | None = None,
    start: float | None = None,
    end: float | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Write time (s) and channel values as CSV (UTF-8); returns the number of rows.

    Analog columns are headed ``name [unit]`` and hold recorded, primary or
    secondary values (``side``); missing samples are empty cells; digital
    columns hold 0/1.
    """
    i0, i1 = sample_range(record, start, end)
    analog_pos, digital_pos = resolve_channels(record, channels)
    factors = [record.side_factor(k, side) for k in analog_pos]
    heads = ["time_s"]
    heads += [
        _csv_name(record.analog_channels[k].name, record.analog_channels[k].unit)
        for k in analog_pos
    ]
    heads += [_csv_name(record.digital_channels[k].name, "") for k in digital_pos]
    fmt = ["%.9f"] + ["%.9g"] * len(analog_pos) + ["%d"] * len(digital_pos)
    path = Path(path)
    try:
        with open(path, "wb") as fh:
            fh.write((",".join(heads) + "\r\n").encode("utf-8"))
            for b0 in range(i0, i1, _CSV_BLOCK):
                if cancel is not None and cancel.is_set():
                    raise ComtradeError(_("export cancelled"), file=path.name)
                b1 = min(i1, b0 + _CSV_BLOCK)
                block = np.empty((b1 - b0, len(heads)), np.float64)
                block[:, 0] = record.time[b0:b1]
                for col, (k, factor) in enumerate(zip(analog_pos, factors), start=1):
                    block[:, col] = record.analog(k)[b0:b1] * factor
                for col, k in enumerate(digital_pos, start=1 + len(analog_pos)):
                    block[:, col] = record.digital(k)[b0:b1]
                out = io.BytesIO()
                np.savetxt(out, block, fmt=fmt, delimiter=",", newline="\r\n")
                fh.write(out.getvalue().replace(b"nan", b""))
                if progress is not None:
                    progress((b1 - i0) / (i1 - i0))
    except OSError as exc:
        raise ComtradeError(exc.strerror or str(exc), file=path.name) from exc
    return i1 - i0


def _csv_name(name: str, unit: str) -> str:
    text = f"{name} [{unit}]" if unit else name
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text
