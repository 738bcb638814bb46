"""Decoding of COMTRADE DAT data into numpy arrays.

Binary formats (BINARY, BINARY32, FLOAT32) are viewed in place through a
structured dtype: ``np.frombuffer`` over the file bytes, or ``np.memmap`` when
the DAT is large, so opening a record copies nothing and a channel is decoded
by one strided pass over its column. Decoding every channel walks the rows in
cache-sized blocks. ASCII data has no random access: it is checked for shape
quirks with vectorised byte scans and parsed by ``np.loadtxt`` (numpy's C
parser) in blocks, so progress can be reported and cancellation honoured.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.comtrade.cfg import DataFormat
from app.comtrade.errors import ComtradeError, ReadCancelled, WarningLog

Progress = Callable[[float], None]

#: DATs at least this large are memory-mapped instead of read into memory.
MMAP_THRESHOLD = 32 * 1024 * 1024
_BLOCK_ROWS = 32768
_ASCII_BLOCK_BYTES = 2 * 1024 * 1024
_STAMP_MISSING = 0xFFFFFFFF
_ASCII_MISSING = 99999.0

_ANALOG_TYPES = {
    DataFormat.BINARY: "<i2",
    DataFormat.BINARY32: "<i4",
    DataFormat.FLOAT32: "<f4",
}


def status_words(n_digital: int) -> int:
    """16-bit status words per binary record."""
    return (n_digital + 15) // 16


def record_dtype(fmt: DataFormat, n_analog: int, n_digital: int) -> np.dtype:
    """The numpy dtype of one binary DAT record (little-endian, packed)."""
    fields: list[tuple] = [("n", "<u4"), ("t", "<u4")]
    if n_analog:
        fields.append(("a", _ANALOG_TYPES[fmt], (n_analog,)))
    if n_digital:
        fields.append(("s", "<u2", (status_words(n_digital),)))
    return np.dtype(fields)


def missing_sentinel(fmt: DataFormat, revision: int) -> int | None:
    """Raw analog value that marks a missing sample in a binary DAT, if any."""
    if fmt is DataFormat.BINARY:
        return -1 if revision == 1991 else -32768
    if fmt is DataFormat.BINARY32:
        return -(2**31)
    return None  # FLOAT32: missing samples are NaN patterns already


@dataclass(frozen=True)
class DatSource:
    """Where DAT bytes live: a whole file, or a byte range of a .cff file."""

    path: Path
    label: str
    offset: int = 0
    length: int | None = None
    first_line: int = 1

    def size(self) -> int:
        total = self.path.stat().st_size - self.offset
        return max(0, total if self.length is None else min(self.length, total))

    def read(self) -> bytes:
        with open(self.path, "rb") as fh:
            fh.seek(self.offset)
            return fh.read(self.size())


def _check_cancel(cancel: threading.Event | None, label: str) -> None:
    if cancel is not None and cancel.is_set():
        raise ReadCancelled("reading cancelled", file=label)


def _report(progress: Progress | None, fraction: float) -> None:
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)))


class BinaryTable:
    """Samples of a binary DAT, viewed in place as a structured array."""

    def __init__(
        self,
        rows: np.ndarray,
        fmt: DataFormat,
        n_analog: int,
        n_digital: int,
        sentinel: int | None,
    ) -> None:
        self.rows = rows
        self.fmt = fmt
        self.n_analog = n_analog
        self.n_digital = n_digital
        self.sentinel = sentinel

    @property
    def n(self) -> int:
        return len(self.rows)

    def sample_numbers(self) -> np.ndarray:
        return self.rows["n"].astype(np.int64)

    def stamps(self) -> np.ndarray:
        """Raw time stamps as float64, NaN where the 0xFFFFFFFF marker says missing."""
        raw = self.rows["t"]
        out = raw.astype(np.float64)
        out[raw == _STAMP_MISSING] = np.nan
        return out

    def raw(self, k: int) -> np.ndarray:
        """Raw values of analog channel k as float64, NaN for missing samples."""
        col = self.rows["a"][:, k]
        out = col.astype(np.float64)
        if self.sentinel is not None:
            out[col == self.sentinel] = np.nan
        return out

    def values(self, k: int, a: float, b: float, dtype: np.dtype) -> np.ndarray:
        """a * raw + b for analog channel k (NaN for missing samples)."""
        out = np.empty(self.n, dtype)
        col = self.rows["a"][:, k]
        for i0 in range(0, self.n, _BLOCK_ROWS * 4):
            i1 = min(self.n, i0 + _BLOCK_ROWS * 4)
            _scale(col[i0:i1], a, b, self.sentinel, out[i0:i1])
        return out

    def digital(self, k: int) -> np.ndarray:
        words = self.rows["s"][:, k >> 4]
        out = np.empty(self.n, np.bool_)
        np.bitwise_and(
            np.right_shift(words, k & 15), 1, out=out.view(np.uint8), casting="unsafe"
        )
        return out

    def decode_all(
        self,
        a: np.ndarray,
        b: np.ndarray,
        analog_out: np.ndarray,
        digital_out: np.ndarray,
        label: str,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> None:
        """Fill ``analog_out`` (A, N) and ``digital_out`` (D, N) block by block."""
        n, n_dig = self.n, self.n_digital
        a_col = a.reshape(-1, 1)
        b_col = b.reshape(-1, 1)
        for i0 in range(0, n, _BLOCK_ROWS):
            _check_cancel(cancel, label)
            i1 = min(n, i0 + _BLOCK_ROWS)
            block = self.rows[i0:i1]
            if self.n_analog:
                _scale(block["a"].T, a_col, b_col, self.sentinel, analog_out[:, i0:i1])
            if n_dig:
                words = np.ascontiguousarray(block["s"]).view(np.uint8)
                bits = np.unpackbits(words, axis=1, count=n_dig, bitorder="little")
                digital_out[:, i0:i1] = bits.T.view(np.bool_)
            _report(progress, i1 / n)


def _scale(raw: np.ndarray, a, b, sentinel: int | None, out: np.ndarray) -> None:
    """out = a * raw + b computed in float64, NaN where raw == sentinel."""
    tmp = np.multiply(raw, a, dtype=np.float64)
    tmp += b
    if sentinel is not None:
        tmp[raw == sentinel] = np.nan
    out[...] = tmp


class AsciiTable:
    """Samples of an ASCII DAT, parsed into a float64 table (NaN = missing)."""

    def __init__(self, table: np.ndarray, n_analog: int, n_digital: int) -> None:
        self.table = table
        self.n_analog = n_analog
        self.n_digital = n_digital

    @property
    def n(self) -> int:
        return self.table.shape[0]

    def sample_numbers(self) -> np.ndarray:
        col = self.table[:, 0]
        return np.where(np.isfinite(col), col, -1).astype(np.int64)

    def stamps(self) -> np.ndarray:
        return self.table[:, 1].copy()

    def raw(self, k: int) -> np.ndarray:
        return self.table[:, 2 + k].copy()

    def values(self, k: int, a: float, b: float, dtype: np.dtype) -> np.ndarray:
        out = self.table[:, 2 + k] * a
        out += b
        return out.astype(dtype, copy=False)

    def digital(self, k: int) -> np.ndarray:
        return self.table[:, 2 + self.n_analog + k] != 0

    def decode_all(
        self, a, b, analog_out, digital_out, label, progress, cancel
    ) -> None:
        total = self.n_analog + self.n_digital
        for k in range(self.n_analog):
            _check_cancel(cancel, label)
            analog_out[k] = self.values(k, a[k], b[k], analog_out.dtype)
            _report(progress, (k + 1) / total)
        for k in range(self.n_digital):
            digital_out[k] = self.digital(k)
        _report(progress, 1.0)


def open_binary(
    source: DatSource,
    fmt: DataFormat,
    n_analog: int,
    n_digital: int,
    revision: int,
    log: WarningLog,
) -> BinaryTable:
    """View a binary DAT; trailing partial records and Ctrl-Z padding are reported."""
    dtype = record_dtype(fmt, n_analog, n_digital)
    size = source.size()
    n, rest = divmod(size, dtype.itemsize)
    if n == 0:
        raise ComtradeError(
            f"no complete {fmt} record: {size} bytes, one record is {dtype.itemsize} bytes",
            file=source.label,
        )
    if rest:
        with open(source.path, "rb") as fh:
            fh.seek(source.offset + n * dtype.itemsize)
            tail = fh.read(rest)
        if tail.strip(b"\x1a\x00") == b"":
            log.add(
                source.label,
                None,
                None,
                f"{rest} end-of-file padding bytes (Ctrl-Z/NUL) ignored",
            )
        else:
            log.add(
                source.label,
                None,
                None,
                f"{rest} trailing bytes ignored: not a whole record of {dtype.itemsize} bytes "
                "(truncated file, or channel counts that do not match the CFG)",
            )
    if size >= MMAP_THRESHOLD:
        rows = np.memmap(
            source.path, dtype=dtype, mode="r", offset=source.offset, shape=(n,)
        )
    else:
        with open(source.path, "rb") as fh:
            fh.seek(source.offset)
            data = fh.read(n * dtype.itemsize)
        rows = np.frombuffer(data, dtype=dtype, count=n)
    return BinaryTable(rows, fmt, n_analog, n_digital, missing_sentinel(fmt, revision))


def looks_like_ascii(source: DatSource) -> bool:
    """True when the DAT starts like ASCII COMTRADE text ('1,0,...')."""
    with open(source.path, "rb") as fh:
        fh.seek(source.offset)
        head = fh.read(min(256, source.size()))
    line = head.split(b"\n", 1)[0].strip()
    if not line or any(c < 0x20 and c not in (0x09, 0x0D) for c in line):
        return False
    fields = line.split(b",")
    return len(fields) >= 2 and fields[0].strip().lstrip(b"+-").isdigit()


def _line_bounds(u8: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of every line (ends exclude the newline)."""
    nl = np.flatnonzero(u8 == 10)
    starts = np.concatenate(([0], nl + 1))
    ends = np.concatenate((nl, [len(u8)]))
    if len(u8) and u8[-1] == 10:
        starts, ends = starts[:-1], ends[:-1]
    return starts, ends


def _skip_spaces(u8: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Advance each position past spaces and tabs (vectorised, one step per column of padding)."""
    pos = pos.copy()
    size = len(u8)
    while True:
        inside = pos < size
        move = np.zeros(len(pos), bool)
        move[inside] = (u8[pos[inside]] == 32) | (u8[pos[inside]] == 9)
        if not move.any():
            return pos
        pos[move] += 1


def parse_ascii(
    source: DatSource,
    n_analog: int,
    n_digital: int,
    names: list[str],
    revision: int,
    log: WarningLog,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> AsciiTable:
    """Parse an ASCII DAT into a table of sample number, stamp, analog and digital columns.

    ``names`` are the column names used in messages (n, timestamp, channel names).
    Recovered with a warning: Ctrl-Z padding, CR or CR CR LF line ends, blank
    lines, a truncated last record, trailing commas, empty fields (missing).
    Fatal: a record with the wrong number of fields, text that is not a number.
    """
    label = source.label
    data = source.read()
    stripped = data.rstrip(b"\x1a\x00 \t\r\n")
    pad = data[len(stripped) :]
    if b"\x1a" in pad or b"\x00" in pad:
        count = pad.count(b"\x1a") + pad.count(b"\x00")
        log.add(
            label, None, None, f"{count} end-of-file padding bytes (Ctrl-Z/NUL) ignored"
        )
    data = stripped
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if not data:
        raise ComtradeError("the DAT holds no samples", file=label)
    ncol = 2 + n_analog + n_digital
    u8 = np.frombuffer(data, np.uint8)
    starts, ends = _line_bounds(u8)
    commas = np.flatnonzero(u8 == 44)
    fields = np.searchsorted(commas, ends) - np.searchsorted(commas, starts) + 1
    line_numbers = np.arange(len(starts)) + source.first_line
    # Lines without a comma may be blank (only spaces): drop those.
    candidates = np.flatnonzero(fields == 1)
    blank = [i for i in candidates if not data[starts[i] : ends[i]].strip()]
    keep = np.ones(len(starts), bool)
    if blank:
        keep[blank] = False
        log.add(
            label,
            int(line_numbers[blank[0]]),
            None,
            f"{len(blank)} blank line(s) ignored",
        )
    rows = np.flatnonzero(keep)
    bad = rows[fields[rows] != ncol]
    if len(bad):
        last = rows[-1]
        if bad[-1] == last and fields[last] < ncol:
            log.add(
                label,
                int(line_numbers[last]),
                names[fields[last]] if fields[last] < len(names) else None,
                f"last record truncated ({fields[last]} of {ncol} fields); dropped",
            )
            keep[last] = False
            rows = rows[:-1]
            bad = bad[:-1]
    cut = ends
    if len(bad) and len(bad) == len(rows) and np.all(fields[rows] == ncol + 1):
        last_comma = _skip_back_spaces(u8, ends - 1)
        if np.all(u8[last_comma[rows]] == 44):
            log.add(
                label,
                int(line_numbers[rows[0]]),
                None,
                "every record ends with a comma; ignored",
            )
            cut = last_comma
            bad = bad[:0]
    if len(bad):
        i = bad[0]
        got = int(fields[i])
        field = names[got] if got < ncol else None
        raise ComtradeError(
            f"record has {got} fields; the CFG implies {ncol} "
            f"(sample number, time stamp, {n_analog} analog, {n_digital} digital)",
            file=label,
            line=int(line_numbers[i]),
            field=field,
        )
    if len(rows) == 0:
        raise ComtradeError("the DAT holds no samples", file=label)
    if not keep.all() or cut is not ends:
        data = b"\n".join(data[starts[i] : cut[i]] for i in rows)
        u8 = np.frombuffer(data, np.uint8)
        starts, ends = _line_bounds(u8)
        commas = np.flatnonzero(u8 == 44)
    row_lines = line_numbers[rows]
    data = _fill_empty_fields(data, u8, starts, commas, row_lines, names, label, log)
    table = _loadtxt_blocks(
        data, len(rows), ncol, row_lines, names, label, progress, cancel
    )
    analog = table[:, 2 : 2 + n_analog]
    if revision >= 1999:
        missing = analog == _ASCII_MISSING
        if missing.any():
            analog[missing] = np.nan
    digital = table[:, 2 + n_analog :]
    if n_digital:
        nan_d = np.isnan(digital)
        if nan_d.any():
            r, c = np.argwhere(nan_d)[0]
            log.add(
                label,
                int(row_lines[r]),
                names[2 + n_analog + c],
                "empty digital value read as 0",
                kind=f"dnan:{label}",
            )
            digital[nan_d] = 0
        odd = (digital != 0) & (digital != 1)
        if odd.any():
            r, c = np.argwhere(odd)[0]
            log.add(
                label,
                int(row_lines[r]),
                names[2 + n_analog + c],
                f"digital value {digital[r, c]:g} is not 0 or 1; read as 1",
            )
    return AsciiTable(table, n_analog, n_digital)


def _skip_back_spaces(u8: np.ndarray, pos: np.ndarray) -> np.ndarray:
    pos = pos.copy()
    while True:
        move = (pos > 0) & ((u8[pos] == 32) | (u8[pos] == 9))
        if not move.any():
            return pos
        pos[move] -= 1


def _fill_empty_fields(data, u8, starts, commas, row_lines, names, label, log) -> bytes:
    """Write 'nan' into empty fields (missing samples) so the C parser accepts them."""
    size = len(u8)
    after = _skip_spaces(u8, commas + 1)
    following = np.full(len(after), 10, np.uint8)
    inside = after < size
    following[inside] = u8[after[inside]]
    empty_after = (following == 44) | (following == 10)
    first = _skip_spaces(u8, starts)
    empty_first = (first < size) & (u8[np.minimum(first, size - 1)] == 44)
    if not (empty_after.any() or empty_first.any()):
        return data
    positions = np.sort(np.concatenate((commas[empty_after] + 1, starts[empty_first])))
    rows = np.searchsorted(starts, positions, side="right") - 1
    cols = np.searchsorted(commas, positions) - np.searchsorted(commas, starts[rows])
    values = cols != 1  # an empty time stamp is allowed (sampling rates give the time)
    if values.any():
        first = int(np.argmax(values))
        col = int(cols[first])
        log.add(
            label,
            int(row_lines[rows[first]]),
            names[col] if col < len(names) else None,
            f"{int(values.sum())} empty field(s) read as missing samples",
        )
    pieces = []
    prev = 0
    for pos in positions.tolist():
        pieces.append(data[prev:pos])
        pieces.append(b"nan")
        prev = pos
    pieces.append(data[prev:])
    return b"".join(pieces)


def _loadtxt_blocks(
    data, n_rows, ncol, row_lines, names, label, progress, cancel
) -> np.ndarray:
    table = np.empty((n_rows, ncol), np.float64)
    blocks = max(1, math.ceil(len(data) / _ASCII_BLOCK_BYTES))
    rows_per_block = math.ceil(n_rows / blocks)
    u8 = np.frombuffer(data, np.uint8)
    starts, _ = _line_bounds(u8)
    for r0 in range(0, n_rows, rows_per_block):
        _check_cancel(cancel, label)
        r1 = min(n_rows, r0 + rows_per_block)
        b0 = starts[r0]
        b1 = starts[r1] if r1 < n_rows else len(data)
        chunk = data[b0:b1]
        try:
            part = np.loadtxt(
                io.BytesIO(chunk),
                delimiter=",",
                dtype=np.float64,
                comments=None,
                ndmin=2,
            )
        except ValueError:
            raise _bad_number(chunk, r0, row_lines, names, label) from None
        if part.shape != (r1 - r0, ncol):
            raise ComtradeError(
                f"rows {r0 + 1}..{r1} did not parse as {ncol} columns",
                file=label,
                line=int(row_lines[r0]),
            )
        table[r0:r1] = part
        _report(progress, r1 / n_rows)
    return table


def _bad_number(chunk: bytes, r0: int, row_lines, names, label) -> ComtradeError:
    """The error for the first field of ``chunk`` that is not a number."""
    for offset, line in enumerate(chunk.split(b"\n")):
        for col, text in enumerate(line.split(b",")):
            token = text.strip()
            try:
                float(token)
                ok = (
                    token.lower() not in (b"inf", b"-inf", b"+inf", b"infinity")
                    and b"_" not in token
                )
            except ValueError:
                ok = False
            if not ok:
                shown = token[:20].decode("latin-1")
                return ComtradeError(
                    f"'{shown}' is not a number",
                    file=label,
                    line=int(row_lines[r0 + offset])
                    if r0 + offset < len(row_lines)
                    else None,
                    field=names[col] if col < len(names) else None,
                )
    return ComtradeError("a value is not a number", file=label, line=int(row_lines[r0]))
