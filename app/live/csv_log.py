"""CSV logging of live values: one row per point and sample, rotated by size, never rewritten.

Rows are ``timestamp, device, point, value, unit``: local ISO 8601 time with
its UTC offset, the device name, the register name, the engineering value
(empty when not available; labels for enums) and the profile unit. Every batch
is flushed and synced to disk before :meth:`CsvLogger.log` returns, so rows
already logged survive a crash. When a file reaches ``max_bytes`` logging
continues in the next part (``log.csv``, ``log-2.csv``, ``log-3.csv`` …);
parts are never deleted, and a logger started on an existing log appends to
its last part.
"""

from __future__ import annotations

import csv
import os
import re
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Self, TextIO

from app.errors import MeterDeskError
from app.i18n import _
from app.live.points import PointState
from app.modbus import codec

HEADER = ("timestamp", "device", "point", "value", "unit")
DEFAULT_MAX_BYTES = 10_000_000


class CsvLogger:
    """Log point values to ``path`` at most every ``interval`` seconds."""

    def __init__(self, path: str | Path, interval: float = 1.0, max_bytes: int = DEFAULT_MAX_BYTES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if interval < 0:
            raise MeterDeskError(_("log interval {interval} s: it must not be negative").format(interval=interval))
        if max_bytes < 1024:
            raise MeterDeskError(_("log file size {size} bytes: it must be at least 1024").format(size=max_bytes))
        self.path = Path(path)
        self.interval = interval
        self.max_bytes = max_bytes
        self.rows = 0
        self._clock = clock
        self._last_batch: float | None = None
        self._logged: dict[tuple[str, str], float] = {}  # (device, point) -> time of the last row
        self._part = self._last_part()
        self._file: TextIO | None = None
        self._writer = None

    @property
    def current(self) -> Path:
        """The file being written."""
        return self.part_path(self._part)

    def part_path(self, part: int) -> Path:
        return self.path if part == 1 else self.path.with_name(f"{self.path.stem}-{part}{self.path.suffix}")

    def parts(self) -> list[Path]:
        """Every part of this log on disk, in order."""
        return [p for p in (self.part_path(k) for k in range(1, self._part + 1)) if p.exists()]

    def log(self, device: str, points: Iterable[PointState], force: bool = False) -> int:
        """Write the points that have a new reading since their last row; returns the rows written.

        Does nothing before ``interval`` has passed since the last batch, unless ``force``.
        """
        now = self._clock()
        if not force and self._last_batch is not None and now - self._last_batch < self.interval:
            return 0
        rows = []
        for point in points:
            if point.time is None or point.stale:
                continue
            key = (device, point.name)
            if self._logged.get(key) == point.time:
                continue
            self._logged[key] = point.time
            rows.append((iso_timestamp(point.time), device, point.name, _value_text(point), point.register.unit))
        self._last_batch = now
        if rows:
            self._write(rows)
        return len(rows)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = self._writer = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- files

    def _write(self, rows: list[tuple[str, ...]]) -> None:
        try:
            if self._file is None or self._file.tell() >= self.max_bytes:
                self._open_next()
            assert self._writer is not None and self._file is not None
            self._writer.writerows(rows)
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as exc:
            raise MeterDeskError(_("cannot write the log {path}: {reason}").format(
                path=self.current, reason=exc.strerror or exc)) from None
        self.rows += len(rows)

    def _open_next(self) -> None:
        """Open the current part for appending, or the next one once the current is full."""
        if self._file is not None:
            self._file.close()
            self._part += 1
        while self.current.exists() and self.current.stat().st_size >= self.max_bytes:
            self._part += 1
        self.current.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.current.exists() or self.current.stat().st_size == 0
        self._file = open(self.current, "a", newline="", encoding="utf-8")  # noqa: SIM115 (kept open)
        self._writer = csv.writer(self._file)
        if fresh:
            self._writer.writerow(HEADER)

    def _last_part(self) -> int:
        pattern = re.compile(re.escape(self.path.stem) + r"-(\d+)" + re.escape(self.path.suffix) + "$")
        parts = [int(m.group(1)) for p in self.path.parent.glob(f"{self.path.stem}-*{self.path.suffix}")
                 if (m := pattern.match(p.name))] if self.path.parent.exists() else []
        return max(parts, default=1)


def iso_timestamp(epoch: float) -> str:
    """Local ISO 8601 time with its UTC offset, to the millisecond (the logs' and exports' time column)."""
    return datetime.fromtimestamp(epoch).astimezone().isoformat(timespec="milliseconds")


def _value_text(point: PointState) -> str:
    value = point.value
    if value is None:
        return ""
    if point.numeric and not isinstance(value, str):
        if not isinstance(value, float):
            return str(value)
        return f"{value:.7g}" if point.register.type == "float32" else f"{value:.10g}"  # the wire's precision
    return codec.format_value(point.register, value, with_unit=False)
