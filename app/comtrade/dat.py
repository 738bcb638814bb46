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
from app.comtrade.text import padding_message
from app.i18n import _, ngettext

Progress = Callable[[float], None]

#: DATs at least this large are memory-mapped instead of read into memory.
MMAP_THRESHOLD = 32 * 1024 * 1024
_BLOCK_ROWS = 8192
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
        raise ReadCancelled(_("reading cancelled"), file=label)


def _report(progress: Progress | None, fraction: float) -> None:
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)))


class BinaryTable:
    """Samples of a binary DAT, viewed in place as a structured array."""

    def __init__(
        self,
        rows: np.ndarray,
        n_analog: int,
        n_digital: int,
        sentinel: int | None,
    ) -> None:
        self.rows = rows
        self.n_analog = n_analog
        self.n_digital = n_digital
        self.sentinel = sentinel

    @property
    def n(self) -> int:
        return len(self.rows)

    def sample_numbers(self) -> np.ndarray:
        """The sample-number column, a uint32 view (no copy)."""
        return self.rows["n"]

    def stamps(self) -> np.ndarray:
        """Raw time stamps as float64, NaN where the 0xFFFFFFFF marker says missing."""
        raw = self.rows["t"]
        out = raw.astype(np.float64)
        if out.size and out.max() == _STAMP_MISSING:
            out[out == _STAMP_MISSING] = np.nan
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
        a_t, b_t = np.asarray(a, dtype), np.asarray(b, dtype)
        step = _BLOCK_ROWS * 16
        for i0 in range(0, self.n, step):
            i1 = min(self.n, i0 + step)
            _scale(col[i0:i1], a_t, b_t, self.sentinel, out[i0:i1])
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
        a_col = a.reshape(-1, 1).astype(analog_out.dtype)
        b_col = b.reshape(-1, 1).astype(analog_out.dtype)
        for i0 in range(0, n, _BLOCK_ROWS):
            if i0 % (_BLOCK_ROWS * 16) == 0:
                _check_cancel(cancel, label)
                _report(progress, i0 / n)
            i1 = min(n, i0 + _BLOCK_ROWS)
            block = self.rows[i0:i1]
            if self.n_analog:
                _scale(block["a"].T, a_col, b_col, self.sentinel, analog_out[:, i0:i1])
            if n_dig:
                words = np.ascontiguousarray(block["s"]).view(np.uint8).T
                bits = np.unpackbits(words, axis=0, count=n_dig, bitorder="little")
                digital_out[:, i0:i1] = bits.view(np.bool_)
        _report(progress, 1.0)


def _scale(raw: np.ndarray, a, b, sentinel: int | None, out: np.ndarray) -> None:
    """out = a * raw + b, NaN where raw == sentinel; ``a``, ``b`` have out's dtype.

    16-bit integers and float32 values are scaled in the output precision:
    its rounding (about 1e-7 of full scale) is far below their resolution.
    32-bit integers pass through float64 when the output is float32, so that
    no bit is lost before the final rounding.
    """
    if raw.dtype.itemsize <= 2 or raw.dtype.kind == "f" or out.dtype == np.float64:
        out[...] = raw
        out *= a
        out += b
    else:
        tmp = raw.astype(np.float64)
        tmp *= a
        tmp += b
        out[...] = tmp
    if sentinel is not None:
        lowest = np.iinfo(raw.dtype).min == sentinel
        if (raw.min() == sentinel) if lowest else (raw == sentinel).any():
            out[raw == sentinel] = np.nan


class AsciiTable:
    """Samples of an ASCII DAT parsed into a table (int64, or float64 with NaN = empty field).

    ``missing`` is the analog value that marks a missing sample (99999 in the
    1999 and 2013 revisions), turned into NaN when a channel is decoded.
    """

    def __init__(
        self, table: np.ndarray, n_analog: int, n_digital: int, missing: float | None
    ) -> None:
        self.table = table
        self.n_analog = n_analog
        self.n_digital = n_digital
        self.missing = missing

    @property
    def n(self) -> int:
        return self.table.shape[0]

    def sample_numbers(self) -> np.ndarray:
        col = self.table[:, 0]
        if col.dtype.kind == "f":
            return np.where(np.isfinite(col), col, -1).astype(np.int64)
        return col

    def stamps(self) -> np.ndarray:
        return self.table[:, 1].astype(np.float64)

    def raw(self, k: int) -> np.ndarray:
        out = self.table[:, 2 + k].astype(np.float64)
        if self.missing is not None:
            out[out == self.missing] = np.nan
        return out

    def values(self, k: int, a: float, b: float, dtype: np.dtype) -> np.ndarray:
        out = self.raw(k)
        out *= a
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
        if self.n_digital:
            np.not_equal(self.table[:, 2 + self.n_analog :].T, 0, out=digital_out)
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
            _("no complete {format} record: {size} bytes, one record is {record_size} bytes").format(
                format=fmt, size=size, record_size=dtype.itemsize
            ),
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
                padding_message(rest),
            )
        else:
            log.add(
                source.label,
                None,
                None,
                ngettext(
                    "{count} trailing byte ignored: not a whole record of {record_size} bytes "
                    "(truncated file, or channel counts that do not match the CFG)",
                    "{count} trailing bytes ignored: not a whole record of {record_size} bytes "
                    "(truncated file, or channel counts that do not match the CFG)",
                    rest,
                ).format(count=rest, record_size=dtype.itemsize),
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
    return BinaryTable(rows, n_analog, n_digital, missing_sentinel(fmt, revision))


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


def _is_blank(u8: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Whether each position holds a space, a tab or the CR of a CR LF line end."""
    inside = (pos >= 0) & (pos < len(u8))
    out = np.zeros(len(pos), bool)
    byte = u8[pos[inside]]
    out[inside] = (byte == 32) | (byte == 9) | (byte == 13)
    return out


def _skip_spaces(u8: np.ndarray, pos: np.ndarray, step: int = 1) -> np.ndarray:
    """Move each position past blanks (forward, or backward with step -1), vectorised."""
    pos = pos.copy()
    while True:
        move = _is_blank(u8, pos)
        if not move.any():
            return pos
        pos[move] += step


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
        log.add(label, None, None, padding_message(count))
    data = stripped
    if not data:
        raise ComtradeError(_("the DAT holds no samples"), file=label)
    u8 = np.frombuffer(data, np.uint8)
    cr = np.flatnonzero(u8 == 13)
    if cr.size and (u8[np.minimum(cr + 1, len(u8) - 1)] != 10).any():
        # bare CRs (old Mac, or CR CR LF): make every line end a LF
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        u8 = np.frombuffer(data, np.uint8)
    ncol = 2 + n_analog + n_digital
    starts, ends = _line_bounds(u8)
    is_comma = (u8 == 44).view(np.uint8)
    fields = np.add.reduceat(is_comma, starts, dtype=np.int32) + 1
    fields[starts == ends] = 1  # reduceat counts the next line's byte for an empty line
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
            ngettext("{count} blank line ignored", "{count} blank lines ignored", len(blank)).format(
                count=len(blank)
            ),
        )
    rows = np.flatnonzero(keep)
    if len(rows) == 0:
        raise ComtradeError(_("the DAT holds no samples"), file=label)
    bad = rows[fields[rows] != ncol]
    if len(bad) and bad[-1] == rows[-1] and fields[rows[-1]] < ncol:
        last = rows[-1]
        got = int(fields[last])
        log.add(
            label,
            int(line_numbers[last]),
            names[got],
            _("last record truncated ({count} of {expected} fields); dropped").format(count=got, expected=ncol),
        )
        keep[last] = False
        rows, bad = rows[:-1], bad[:-1]
    cut = ends
    if len(bad) and len(bad) == len(rows) and np.all(fields[rows] == ncol + 1):
        last_comma = _skip_spaces(u8, ends - 1, -1)
        if np.all(u8[last_comma[rows]] == 44):
            log.add(
                label,
                int(line_numbers[rows[0]]),
                None,
                _("every record ends with a comma; ignored"),
            )
            cut = last_comma
            bad = bad[:0]
    if len(bad):
        i = bad[0]
        got = int(fields[i])
        raise ComtradeError(
            ngettext(
                "record has {count} field; the CFG implies {expected} "
                "(sample number, time stamp, {analog} analog, {digital} digital)",
                "record has {count} fields; the CFG implies {expected} "
                "(sample number, time stamp, {analog} analog, {digital} digital)",
                got,
            ).format(count=got, expected=ncol, analog=n_analog, digital=n_digital),
            file=label,
            line=int(line_numbers[i]),
            field=names[got] if got < ncol else None,
        )
    if len(rows) == 0:
        raise ComtradeError(_("the DAT holds no complete record"), file=label)
    if not keep.all() or cut is not ends:
        data = b"\n".join(data[starts[i] : cut[i]] for i in rows)
    row_lines = line_numbers[rows]
    table = _loadtxt_blocks(
        data, len(rows), ncol, row_lines, names, label, log, progress, cancel
    )
    if n_digital:
        _check_digital(
            table[:, 2 + n_analog :], row_lines, names[2 + n_analog :], label, log
        )
    return AsciiTable(
        table, n_analog, n_digital, float(_ASCII_MISSING) if revision >= 1999 else None
    )


def _check_digital(digital: np.ndarray, row_lines, names, label, log) -> None:
    if digital.dtype.kind == "f":
        empty = np.isnan(digital)
        if empty.any():
            r, c = np.argwhere(empty)[0]
            log.add(
                label,
                int(row_lines[r]),
                names[c],
                ngettext(
                    "{count} empty digital value read as 0", "{count} empty digital values read as 0", int(empty.sum())
                ).format(count=int(empty.sum())),
            )
            digital[empty] = 0
    odd = (digital != 0) & (digital != 1)
    if odd.any():
        r, c = np.argwhere(odd)[0]
        log.add(
            label,
            int(row_lines[r]),
            names[c],
            _("digital value {value:g} is not 0 or 1; nonzero values read as 1").format(value=digital[r, c]),
        )


def _fill_empty_fields(data: bytes) -> tuple[bytes, np.ndarray, np.ndarray]:
    """Write 'nan' into the empty fields of ``data`` (lines of fields).

    Returns the new text and, for each field filled, its row and column.
    """
    u8 = np.frombuffer(data, np.uint8)
    size = len(u8)
    starts, _ends = _line_bounds(u8)
    commas = np.flatnonzero(u8 == 44)
    after = _skip_spaces(u8, commas + 1)
    following = np.full(len(after), 10, np.uint8)
    inside = after < size
    following[inside] = u8[after[inside]]
    empty_after = (following == 44) | (following == 10)
    first = _skip_spaces(u8, starts)
    empty_first = (first < size) & (u8[np.minimum(first, size - 1)] == 44)
    positions = np.sort(np.concatenate((commas[empty_after] + 1, starts[empty_first])))
    rows = np.searchsorted(starts, positions, side="right") - 1
    cols = np.searchsorted(commas, positions) - np.searchsorted(commas, starts[rows])
    pieces = []
    prev = 0
    for pos in positions.tolist():
        pieces.append(data[prev:pos])
        pieces.append(b"nan")
        prev = pos
    pieces.append(data[prev:])
    return b"".join(pieces), rows, cols


def _loadtxt_blocks(
    data, n_rows, ncol, row_lines, names, label, log, progress, cancel
) -> np.ndarray:
    """Parse the text block by block: int64 while it can, float64 once it cannot.

    A block that does not parse is searched for empty fields (missing
    samples), which become NaN; anything else that is not a number is fatal.
    """
    table = np.empty((n_rows, ncol), np.int64)
    blocks = max(1, math.ceil(len(data) / _ASCII_BLOCK_BYTES))
    rows_per_block = math.ceil(n_rows / blocks)
    starts, _ends = _line_bounds(np.frombuffer(data, np.uint8))
    empty_count, first_empty = 0, None
    for r0 in range(0, n_rows, rows_per_block):
        _check_cancel(cancel, label)
        r1 = min(n_rows, r0 + rows_per_block)
        chunk = data[starts[r0] : (starts[r1] if r1 < n_rows else len(data))]
        part = _loadtxt(chunk, np.int64) if table.dtype.kind == "i" else None
        if part is None:
            part = _loadtxt(chunk, np.float64)
        if part is None:
            filled, rows, cols = _fill_empty_fields(chunk)
            part = _loadtxt(filled, np.float64) if len(rows) else None
            if part is None:
                raise _bad_number(chunk, r0, row_lines, names, label)
            # an empty time stamp is allowed (sampling rates give the time)
            values = cols != 1
            if values.any() and first_empty is None:
                k = int(np.argmax(values))
                first_empty = (int(row_lines[r0 + rows[k]]), int(cols[k]))
            empty_count += int(values.sum())
        if part.dtype.kind == "f" and table.dtype.kind == "i":
            table = table.astype(np.float64)
        if part.shape != (r1 - r0, ncol):
            raise ComtradeError(
                _("rows {first}..{last} did not parse as {count} columns").format(first=r0 + 1, last=r1, count=ncol),
                file=label,
                line=int(row_lines[r0]),
            )
        table[r0:r1] = part
        _report(progress, r1 / n_rows)
    if first_empty is not None:
        line, col = first_empty
        log.add(
            label,
            line,
            names[col] if col < len(names) else None,
            ngettext(
                "{count} empty field read as missing samples", "{count} empty fields read as missing samples", empty_count
            ).format(count=empty_count),
        )
    return table


def _loadtxt(chunk: bytes, dtype) -> np.ndarray | None:
    """numpy's C parser on comma-separated numbers; None when a field does not parse."""
    try:
        return np.loadtxt(
            io.BytesIO(chunk), delimiter=",", dtype=dtype, comments=None, ndmin=2
        )
    except (ValueError, OverflowError):
        return None


def _bad_number(chunk: bytes, r0: int, row_lines, names, label) -> ComtradeError:
    """The error for the first field of ``chunk`` that is not a number."""
    for offset, line in enumerate(chunk.split(b"\n")):
        for col, text in enumerate(line.split(b",")):
            token = text.strip()
            if not token:
                continue  # an empty field is a missing sample, not an error
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
                    _("'{text}' is not a number").format(text=shown),
                    file=label,
                    line=int(row_lines[r0 + offset])
                    if r0 + offset < len(row_lines)
                    else None,
                    field=names[col] if col < len(names) else None,
                )
    return ComtradeError(_("a value is not a number"), file=label, line=int(row_lines[r0]))
