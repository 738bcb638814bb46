"""Writing COMTRADE records: CFG+DAT pairs or single .cff files, in all four formats.

The writer takes a :class:`Config` and :class:`Samples` holding *raw* values
(what the DAT stores, before ``a * raw + b``). Raw values that the target
format can hold are written unchanged, so read -> write -> read is exact for
binary data; otherwise the channel is rescaled (new a and b) to the target's
integer range, which loses no more than the format's own resolution. Lines
end in CR LF, as the standard asks; text is UTF-8 unless told otherwise.
"""

from __future__ import annotations

import dataclasses
import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.comtrade.cfg import (
    AnalogChannel,
    Config,
    DataFormat,
    DigitalChannel,
    SampleRate,
    Stamp,
)
from app.comtrade.dat import missing_sentinel, record_dtype, status_words
from app.comtrade.errors import ComtradeError
from app.comtrade.timebase import rate_segments, rate_times
from app.i18n import _, ngettext

_INT32 = 2**31 - 1
_ASCII_MISSING = 99999
_ASCII_SPAN = 99998  # range used when an ASCII channel must be rescaled
_BLANK = np.iinfo(np.int64).min + 1  # stands for an empty ASCII field while formatting


@dataclass
class Samples:
    """Raw sample data to write; ``count`` samples.

    ``analog[k]`` holds raw values of channel k (float64, NaN = missing);
    ``digital[k]`` bools; ``stamps`` raw DAT time stamps in timemult units
    (NaN = missing), or None to compute them from the sampling rates.
    """

    count: int
    analog: list[np.ndarray]
    digital: list[np.ndarray]
    stamps: np.ndarray | None = None


def _num(x: float) -> str:
    """Shortest text that reads back as exactly x."""
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def _text(value: str) -> str:
    """A CFG text field: commas and line breaks would break the line, so they are replaced."""
    return value.replace(",", ";").replace("\r", " ").replace("\n", " ")


_PLACEHOLDER_STAMP = "01/01/1970,00:00:00.000000"


def _stamp_text(stamp: Stamp, revision: int) -> str:
    """The stamp in the revision's layout; an impossible date is written back as read."""
    if stamp.when is None:
        return (
            stamp.text
            if "/" in stamp.text and ":" in stamp.text
            else _PLACEHOLDER_STAMP
        )
    w = stamp.when
    if revision == 1991:
        date = f"{w.month:02d}/{w.day:02d}/{w.year % 100:02d}"
    else:
        date = f"{w.day:02d}/{w.month:02d}/{w.year:04d}"
    ns = w.microsecond * 1000 + stamp.nanosecond
    frac = (
        f"{ns:09d}"
        if revision >= 2013 and stamp.fraction_digits > 6
        else f"{w.microsecond:06d}"
    )
    return f"{date},{w.hour:02d}:{w.minute:02d}:{w.second:02d}.{frac}"


def format_cfg(config: Config) -> str:
    """The CFG text of ``config`` in its revision's layout (CR LF line ends)."""
    rev = config.revision
    lines = [
        f"{_text(config.station_name)},{_text(config.rec_dev_id)}"
        + ("" if rev == 1991 else f",{rev}"),
        f"{len(config.analog) + len(config.digital)},{len(config.analog)}A,{len(config.digital)}D",
    ]
    for ch in config.analog:
        fields = [
            str(ch.index),
            _text(ch.name),
            _text(ch.phase),
            _text(ch.circuit),
            _text(ch.unit),
            _num(ch.a),
            _num(ch.b),
            _num(ch.skew),
            _num(ch.min),
            _num(ch.max),
        ]
        if rev != 1991:
            fields += [_num(ch.primary), _num(ch.secondary), ch.ps]
        lines.append(",".join(fields))
    for ch in config.digital:
        y = "1" if ch.normal else "0"
        if rev == 1991:
            lines.append(f"{ch.index},{_text(ch.name)},{y}")
        else:
            lines.append(
                f"{ch.index},{_text(ch.name)},{_text(ch.phase)},{_text(ch.circuit)},{y}"
            )
    lines.append(_num(config.line_frequency))
    lines.append(str(config.nrates))
    lines.extend(f"{_num(r.rate)},{r.end_sample}" for r in config.rates)
    lines.append(_stamp_text(config.start, rev))
    lines.append(_stamp_text(config.trigger, rev))
    lines.append(config.data_format.value)
    if rev != 1991:
        lines.append(_num(config.timemult))
    if rev >= 2013:
        lines.append(f"{config.time_code or '0'},{config.local_code or '0'}")
        lines.append(f"{config.tmq_code or '0'},{config.leap_second}")
    return "\r\n".join(lines) + "\r\n"


def _int_limits(
    fmt: DataFormat, revision: int, exact: bool
) -> tuple[int, int, int | None]:
    """(lowest, highest, forbidden value) for raw integers in ``fmt``."""
    if fmt is DataFormat.BINARY:
        return (-32768, 32767, -1) if revision == 1991 else (-32767, 32767, None)
    if fmt is DataFormat.BINARY32:
        return -_INT32, _INT32, None
    forbidden = _ASCII_MISSING if revision >= 1999 else None
    return (
        (-_INT32, _INT32, forbidden)
        if exact
        else (-_ASCII_SPAN, _ASCII_SPAN, forbidden)
    )


def _missing_raw(fmt: DataFormat, revision: int) -> int:
    """The raw value written for a missing sample in an integer format."""
    if fmt is DataFormat.ASCII:
        return _ASCII_MISSING if revision >= 1999 else _BLANK
    return missing_sentinel(fmt, revision)


def _fits(values: np.ndarray, lo: int, hi: int, forbidden: int | None) -> bool:
    if values.size == 0:
        return True
    if not np.all(values == np.round(values)) or values.min() < lo or values.max() > hi:
        return False
    return forbidden is None or not np.any(values == forbidden)


def fit_channel(
    ch: AnalogChannel, raw: np.ndarray, fmt: DataFormat, revision: int
) -> tuple[AnalogChannel, np.ndarray]:
    """The channel definition and raw array to write for ``fmt``.

    Returns int64 values (missing samples as the format's marker) for integer
    formats, float32 for FLOAT32. Unchanged when the raw values fit; shifted by
    a few counts to dodge a missing-data marker; rescaled otherwise.
    """
    raw = np.asarray(raw, np.float64)
    missing = ~np.isfinite(raw)
    finite = raw[~missing]
    if fmt is DataFormat.FLOAT32:
        return ch, raw.astype(np.float32)
    lo, hi, forbidden = _int_limits(fmt, revision, exact=True)
    out_ch, ints = ch, None
    if _fits(finite, lo, hi, None):
        for shift in (0, 1, -1, 2, -2):
            if _fits(finite + shift, lo, hi, forbidden):
                out_ch = dataclasses.replace(ch, b=ch.b - ch.a * shift) if shift else ch
                ints = np.where(missing, 0, raw + shift).astype(np.int64)
                break
    if ints is None:
        lo, hi, forbidden = _int_limits(fmt, revision, exact=False)
        values = ch.a * finite + ch.b
        vmin = float(values.min()) if values.size else 0.0
        vmax = float(values.max()) if values.size else 0.0
        if vmax > vmin:
            a = (vmax - vmin) / (hi - lo)
            b = vmin - a * lo
        else:
            a, b = (ch.a if ch.a else 1.0), vmin
        scaled = np.clip(
            np.round((ch.a * np.where(missing, 0, raw) + ch.b - b) / a), lo, hi
        )
        if forbidden is not None:
            scaled[scaled == forbidden] -= 1
        ints = scaled.astype(np.int64)
        out_ch = dataclasses.replace(ch, a=a, b=b, min=float(lo), max=float(hi))
    ints[missing] = _missing_raw(fmt, revision)
    return out_ch, ints


def _stamps_to_write(
    config: Config, samples: Samples, binary: bool
) -> tuple[Config, np.ndarray]:
    """Raw time stamps (float64, NaN = missing) the target can hold, and the config to go with them."""
    n = samples.count
    unit = config.timestamp_unit
    stamps = samples.stamps
    if stamps is None:
        if config.uses_timestamps:
            raise ComtradeError(
                _("no time stamps to write for a record without sampling rates")
            )
        seconds = rate_times(rate_segments(config, n))
        stamps = np.round(seconds / (config.timemult * unit))
    stamps = np.asarray(stamps, np.float64)
    finite = stamps[np.isfinite(stamps)]
    hi = 2.0**32 - 2 if binary else 2.0**53
    lo = 0.0 if binary else -(2.0**53)
    if finite.size == 0 or (
        np.all(finite == np.round(finite)) and finite.min() >= lo and finite.max() <= hi
    ):
        return config, stamps
    if not config.uses_timestamps:
        return config, np.full(n, np.nan)  # informative only: mark as missing
    seconds = stamps * config.timemult * unit
    seconds -= np.nanmin(seconds)
    span = float(np.nanmax(seconds))
    timemult = max(config.timemult, span / (unit * hi)) if span > 0 else config.timemult
    return dataclasses.replace(config, timemult=timemult), np.round(
        seconds / (timemult * unit)
    )


def _encode_binary(
    fmt: DataFormat,
    n: int,
    analog: list[np.ndarray],
    digital: list[np.ndarray],
    stamps: np.ndarray,
) -> bytes:
    dtype = record_dtype(fmt, len(analog), len(digital))
    rows = np.zeros(n, dtype)
    rows["n"] = np.arange(1, n + 1, dtype=np.uint64).astype(np.uint32)
    rows["t"] = np.where(np.isfinite(stamps), stamps, 0xFFFFFFFF).astype(np.uint32)
    if analog:
        target = rows["a"]
        for k, values in enumerate(analog):
            target[:, k] = values
    if digital:
        words = status_words(len(digital))
        bits = np.zeros((n, words * 16), np.uint8)
        for k, values in enumerate(digital):
            bits[:, k] = values
        rows["s"] = np.packbits(bits, axis=1, bitorder="little").view("<u2")
    return rows.tobytes()


def _encode_ascii(
    n: int, analog: list[np.ndarray], digital: list[np.ndarray], stamps: np.ndarray
) -> bytes:
    table = np.empty((n, 2 + len(analog) + len(digital)), np.int64)
    table[:, 0] = np.arange(1, n + 1)
    table[:, 1] = np.where(np.isfinite(stamps), stamps, 0).astype(np.int64)
    table[~np.isfinite(stamps), 1] = _BLANK
    for k, values in enumerate(analog):
        table[:, 2 + k] = values
    for k, values in enumerate(digital):
        table[:, 2 + len(analog) + k] = values
    out = io.BytesIO()
    np.savetxt(out, table, fmt="%d", delimiter=",", newline="\r\n")
    return out.getvalue().replace(str(_BLANK).encode(), b"")


def prepare(
    config: Config, samples: Samples, data_format: DataFormat | None = None
) -> tuple[Config, bytes]:
    """The config as it will be written and the DAT bytes, for ``data_format``."""
    fmt = DataFormat(data_format or config.data_format)
    n = samples.count
    if len(samples.analog) != len(config.analog) or len(samples.digital) != len(
        config.digital
    ):
        raise ComtradeError(
            _("{analog} analog and {digital} digital arrays for a CFG with {cfg_analog} and {cfg_digital} channels").format(
                analog=len(samples.analog),
                digital=len(samples.digital),
                cfg_analog=len(config.analog),
                cfg_digital=len(config.digital),
            )
        )
    if n < 1:
        raise ComtradeError(_("nothing to write: no samples"))
    stamp_seconds = config.timemult * config.timestamp_unit
    revision = (
        2013 if fmt in (DataFormat.BINARY32, DataFormat.FLOAT32) else config.revision
    )
    config = dataclasses.replace(
        config,
        revision=revision,
        data_format=fmt,
        rev_text="" if revision == 1991 else str(revision),
        timemult=1.0 if revision == 1991 else config.timemult,
    )
    if (
        samples.stamps is not None
        and config.timemult * config.timestamp_unit != stamp_seconds
    ):
        factor = stamp_seconds / (config.timemult * config.timestamp_unit)
        samples = dataclasses.replace(
            samples, stamps=np.asarray(samples.stamps, np.float64) * factor
        )
    config = _fix_sample_count(config, n)
    channels, analog = [], []
    for ch, raw in zip(config.analog, samples.analog):
        if len(raw) != n:
            raise ComtradeError(
                ngettext(
                    "channel '{name}' has {count} sample, not {expected}",
                    "channel '{name}' has {count} samples, not {expected}",
                    len(raw),
                ).format(name=ch.name, count=len(raw), expected=n)
            )
        new_ch, values = fit_channel(ch, raw, fmt, revision)
        channels.append(new_ch)
        analog.append(values)
    digital = [np.asarray(v, bool) for v in samples.digital]
    analog_channels, digital_channels = renumber(channels, list(config.digital))
    config = dataclasses.replace(
        config, analog=analog_channels, digital=digital_channels
    )
    binary = fmt is not DataFormat.ASCII
    config, stamps = _stamps_to_write(config, samples, binary)
    if binary:
        data = _encode_binary(fmt, n, analog, digital, stamps)
    else:
        data = _encode_ascii(n, analog, digital, stamps)
    return config, data


def _fix_sample_count(config: Config, n: int) -> Config:
    """Rates as written: degenerate segments dropped, the last ending at sample n."""
    if config.nrates == 0:
        return dataclasses.replace(config, rates=(SampleRate(0.0, n),))
    rates = tuple(SampleRate(seg.rate, seg.stop) for seg in rate_segments(config, n))
    return dataclasses.replace(config, rates=rates, nrates=len(rates))


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ComtradeError(exc.strerror or str(exc), file=path.name) from exc


def write(
    path: str | Path,
    config: Config,
    samples: Samples,
    *,
    data_format: DataFormat | str | None = None,
    cff: bool = False,
    header: str | None = None,
    info: str | None = None,
    encoding: str = "utf-8",
) -> Config:
    """Write a record; returns the Config as written (rescaled channels, revision).

    ``path`` is the .cfg (its .dat, .hdr and .inf go beside it) or, with
    ``cff=True``, the .cff file. BINARY32, FLOAT32 and .cff need the 2013
    revision, which is then used.
    """
    path = Path(path)
    fmt = DataFormat(str(data_format).upper()) if data_format else config.data_format
    if cff and config.revision < 2013:
        config = dataclasses.replace(config, revision=2013, rev_text="2013")
    config, data = prepare(config, samples, fmt)
    cfg_text = format_cfg(config).encode(encoding)
    if cff:
        kind = "ASCII" if fmt is DataFormat.ASCII else f"{fmt.value}: {len(data)}"
        parts = [
            b"--- file type: CFG ---\r\n",
            cfg_text,
            b"--- file type: INF ---\r\n",
            _body(info, encoding),
            b"--- file type: HDR ---\r\n",
            _body(header, encoding),
            f"--- file type: DAT {kind} ---\r\n".encode("ascii"),  # untranslated: .cff section header (file format)
            data,
        ]
        _atomic_write(path, b"".join(parts))
        return config
    upper = path.suffix.isupper()
    _atomic_write(path, cfg_text)
    _atomic_write(path.with_suffix(".DAT" if upper else ".dat"), data)
    for text, suffix in ((header, ".hdr"), (info, ".inf")):
        if text:
            _atomic_write(
                path.with_suffix(suffix.upper() if upper else suffix),
                text.encode(encoding),
            )
    return config


def _body(text: str | None, encoding: str) -> bytes:
    if not text:
        return b""
    body = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return (body if body.endswith("\r\n") else body + "\r\n").encode(encoding)


def renumber(
    analog: list[AnalogChannel], digital: list[DigitalChannel]
) -> tuple[tuple[AnalogChannel, ...], tuple[DigitalChannel, ...]]:
    """Channels with indices 1..A and 1..D, as a written CFG has them."""
    return (
        tuple(dataclasses.replace(c, index=i) for i, c in enumerate(analog, start=1)),
        tuple(dataclasses.replace(c, index=i) for i, c in enumerate(digital, start=1)),
    )
