"""Opening COMTRADE records: :func:`read` and the :class:`Record` it returns.

``read`` parses the CFG, maps or parses the DAT and computes the time vector;
channel values are decoded lazily, one channel at a time, and cached, so the
first channel of a large binary record is ready in milliseconds. A GUI calls
``read`` in a worker thread with ``progress`` and ``cancel``, then asks for
channels as it draws them (or calls :meth:`Record.load_all`).

Every failure leaves as :class:`ComtradeError`; OS errors are converted, and
an unexpected fault becomes a ComtradeError with ``internal=True``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

import numpy as np

from app.comtrade import dat as datmod
from app.comtrade.cff import split_cff
from app.comtrade.cfg import (
    AnalogChannel,
    Config,
    DataFormat,
    DigitalChannel,
    Stamp,
    parse_cfg,
)
from app.comtrade.errors import (
    DESCRIBED_FIELDS,
    ComtradeError,
    ComtradeWarning,
    ReadCancelled,
    WarningLog,
)
from app.comtrade.text import decode, split_lines
from app.comtrade.timebase import Segment, record_times, stamp_times
from app.i18n import _, ngettext

Progress = Callable[[float], None]
ChannelKey = int | str

SIDES = (None, "primary", "secondary")


@contextmanager
def guarded(label: str) -> Iterator[None]:
    """Turn every exception other than ComtradeError into one naming ``label``.

    numpy floating-point warnings are silenced inside: overflow to inf and NaN
    are the intended results for absurd scale factors or missing samples.
    """
    try:
        with np.errstate(all="ignore"):
            yield
    except ComtradeError:
        raise
    except FileNotFoundError as exc:
        raise ComtradeError(
            _("file not found"), file=Path(exc.filename or label).name
        ) from exc
    except OSError as exc:
        name = Path(exc.filename).name if exc.filename else label
        raise ComtradeError(exc.strerror or str(exc), file=name) from exc
    except MemoryError as exc:
        raise ComtradeError(_("not enough memory to read the record"), file=label) from exc
    except Exception as exc:  # the reader's contract: only ComtradeError escapes
        raise ComtradeError(
            _("internal error while reading ({error}: {details}); please report it").format(
                error=type(exc).__name__, details=exc
            ),
            file=label,
            internal=True,
        ) from exc


def _sibling(path: Path, suffix: str) -> Path | None:
    """The file beside ``path`` with the same stem and ``suffix`` in any letter case."""
    for candidate in (
        path.with_suffix(suffix.lower()),
        path.with_suffix(suffix.upper()),
    ):
        if candidate.is_file():
            return candidate
    stem = path.stem.lower()
    try:
        for entry in path.parent.iterdir():
            if (
                entry.stem.lower() == stem
                and entry.suffix.lower() == suffix.lower()
                and entry.is_file()
            ):
                return entry
    except OSError:
        return None
    return None


def progress_part(progress: Progress | None, lo: float, hi: float) -> Progress | None:
    """``progress`` for one phase of a longer task: the phase's 0..1 mapped onto lo..hi (None stays None)."""
    if progress is None:
        return None
    return lambda fraction: progress(lo + (hi - lo) * fraction)


def read(
    path: str | Path,
    *,
    dat_path: str | Path | None = None,
    encoding: str | None = None,
    dtype: type[np.floating] = np.float32,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    preload: bool = False,
) -> Record:
    """Open a COMTRADE record: a .cfg (with its .dat), a .cff, or a .dat beside its .cfg.

    ``dat_path`` overrides the DAT beside the CFG; ``encoding`` forces the text
    encoding of CFG/HDR/INF (guessed otherwise). Decoded analog values have
    ``dtype`` (float32 halves memory; float64 keeps BINARY32 exact).
    ``progress(fraction)`` is called from the reading thread; setting
    ``cancel`` stops reading with :class:`ReadCancelled`. ``preload`` decodes
    every channel before returning.
    """
    path = Path(path)
    with guarded(path.name):
        if np.dtype(dtype) not in (np.float32, np.float64):
            raise ComtradeError(
                _("dtype must be float32 or float64, not {dtype}").format(dtype=np.dtype(dtype))
            )
        record = _open(
            path, dat_path, encoding, np.dtype(dtype), progress, cancel, preload
        )
    return record


def read_config(
    path: str | Path, *, encoding: str | None = None
) -> tuple[Config, list[ComtradeWarning]]:
    """Parse only the CFG of a .cfg or .cff file (no DAT needed): ``(config, warnings)``."""
    path = Path(path)
    log = WarningLog()
    with guarded(path.name):
        if not path.is_file():
            raise ComtradeError(_("file not found"), file=path.name)
        config, _sections = _load_config(path, encoding, log)
    return config, log.items()


def _load_config(path: Path, encoding: str | None, log: WarningLog):
    """The Config of a .cfg/.cff file and, for a .cff, its sections."""
    if path.suffix.lower() == ".cff":
        sections = split_cff(path, path.name, log)
        text, used = decode(sections.cfg, path.name, log, encoding)
        lines = [
            (n + sections.cfg_first_line - 1, t)
            for n, t in split_lines(text, path.name, log)
        ]
        return parse_cfg(lines, path.name, log, used), sections
    text, used = decode(path.read_bytes(), path.name, log, encoding)
    return parse_cfg(split_lines(text, path.name, log), path.name, log, used), None


def _open(path, dat_path, encoding, dtype, progress, cancel, preload) -> Record:
    log = WarningLog()
    if path.suffix.lower() == ".dat" and dat_path is None:
        cfg_path = _sibling(path, ".cfg")
        if cfg_path is None:
            raise ComtradeError(_("no .cfg file beside this DAT"), file=path.name)
        dat_path, path = path, cfg_path
    if not path.is_file():
        raise ComtradeError(_("file not found"), file=path.name)
    config, sections = _load_config(path, encoding, log)
    if sections is not None:
        source = datmod.DatSource(
            path,
            path.name,
            sections.dat_offset,
            sections.dat_length,
            sections.dat_first_line,
        )
        if sections.dat_format and sections.dat_format != config.data_format.value:
            log.add(
                path.name,
                sections.dat_first_line - 1,
                "ft",
                _("DAT section says {dat_format} but the CFG says {cfg_format}; the CFG is used").format(
                    dat_format=sections.dat_format, cfg_format=config.data_format
                ),
            )
        header = _section_text(sections.hdr, path.name, log)
        info = _section_text(sections.inf, path.name, log)
    else:
        if dat_path is None:
            dat_path = _sibling(path, ".dat")
            if dat_path is None:
                raise ComtradeError(
                    _("no data file {name}.dat beside the CFG").format(name=path.stem), file=path.name
                )
        dat_path = Path(dat_path)
        if not dat_path.is_file():
            raise ComtradeError(_("file not found"), file=dat_path.name)
        source = datmod.DatSource(dat_path, dat_path.name)
        header = _side_text(path, ".hdr", log)
        info = _side_text(path, ".inf", log)
    if cancel is not None and cancel.is_set():
        raise ReadCancelled(_("reading cancelled"), file=path.name)
    table = _open_table(
        config, source, log, progress_part(progress, 0.0, 0.5 if preload else 0.95), cancel
    )
    record = Record(path, source.label, config, table, log, header, info, dtype)
    if preload:
        record.load_all(progress_part(progress, 0.5, 1.0), cancel)
    elif progress is not None:
        progress(1.0)
    return record


def _section_text(data: bytes | None, label: str, log: WarningLog) -> str | None:
    if not data or not data.strip():
        return None
    text, _encoding = decode(data, label, log)
    return text


def _side_text(cfg_path: Path, suffix: str, log: WarningLog) -> str | None:
    side = _sibling(cfg_path, suffix)
    if side is None:
        return None
    try:
        data = side.read_bytes()
    except OSError as exc:
        log.add(side.name, None, None, _("not read: {reason}").format(reason=exc.strerror or exc))
        return None
    text, _encoding = decode(data, side.name, log)
    return text


def _column_names(config: Config) -> list[str]:
    return (
        ["n", "timestamp"]
        + [c.name for c in config.analog]
        + [c.name for c in config.digital]
    )


def _open_table(config: Config, source, log: WarningLog, progress, cancel):
    fmt = config.data_format
    n_a, n_d = len(config.analog), len(config.digital)
    if source.size() == 0:
        raise ComtradeError(_("the DAT is empty"), file=source.label)
    if fmt is not DataFormat.ASCII and datmod.looks_like_ascii(source):
        log.add(
            source.label,
            1,
            None,
            _("the CFG says {format} but the DAT is ASCII text; read as ASCII").format(format=fmt),
        )
        fmt = DataFormat.ASCII
    if fmt is DataFormat.ASCII:
        table = datmod.parse_ascii(
            source,
            n_a,
            n_d,
            _column_names(config),
            config.revision,
            log,
            progress,
            cancel,
        )
    else:
        table = datmod.open_binary(source, fmt, n_a, n_d, config.revision, log)
    declared = config.declared_samples
    if declared and table.n != declared:
        if table.n > declared:
            message = ngettext(
                "the DAT holds {count} sample but the CFG declares {declared}; all are read",
                "the DAT holds {count} samples but the CFG declares {declared}; all are read",
                table.n,
            )
        else:
            message = ngettext(
                "the DAT holds {count} sample but the CFG declares {declared}; the record ends early",
                "the DAT holds {count} samples but the CFG declares {declared}; the record ends early",
                table.n,
            )
        log.add(source.label, None, None, message.format(count=table.n, declared=declared))
    _check_sample_numbers(table, source.label, log)
    return table


def _check_sample_numbers(table, label: str, log: WarningLog) -> None:
    numbers = table.sample_numbers()
    if len(numbers) and numbers[0] == 0:
        log.add(label, None, "n", _("sample numbers start at 0, not 1"))
    steps = np.diff(numbers)
    jumps = np.flatnonzero(steps != 1)
    if len(jumps):
        k = int(jumps[0])
        log.add(
            label,
            None,
            "n",
            ngettext(
                "sample numbers are not consecutive at {count} place, first {before} then {after} at sample "
                "{sample} (a wrong channel count in the CFG misaligns binary records)",
                "sample numbers are not consecutive at {count} places, first {before} then {after} at sample "
                "{sample} (a wrong channel count in the CFG misaligns binary records)",
                len(jumps),
            ).format(count=len(jumps), before=int(numbers[k]), after=int(numbers[k + 1]), sample=k + 2),
        )


class Record:
    """An open COMTRADE record.

    Times are in s from the first sample (the CFG start stamp). Channel keys
    are a 0-based position or a channel name. Returned arrays are read-only
    and shared; copy before modifying.
    """

    def __init__(
        self,
        path: Path,
        dat_label: str,
        config: Config,
        table,
        log: WarningLog,
        header: str | None,
        info: str | None,
        dtype: np.dtype,
    ) -> None:
        self.path = path
        self.dat_label = dat_label
        self.config = config
        self.header = header
        self.info = info
        self.dtype = dtype
        self._table = table
        self._n = table.n
        self._lock = threading.Lock()
        self._analog: dict[int, np.ndarray] = {}
        self._digital: dict[int, np.ndarray] = {}
        stamps = table.stamps()
        self._stamps = stamps
        times, self.segments = record_times(config, table.n, stamps, dat_label, log)
        times.flags.writeable = False
        self._time = times
        self._trigger_time = self._check_trigger(log)
        self.warnings: list[ComtradeWarning] = log.items()

    # -- description -------------------------------------------------------
    @property
    def station_name(self) -> str:
        return self.config.station_name

    @property
    def rec_dev_id(self) -> str:
        return self.config.rec_dev_id

    @property
    def revision(self) -> int:
        return self.config.revision

    @property
    def data_format(self) -> DataFormat:
        return self.config.data_format

    @property
    def analog_channels(self) -> tuple[AnalogChannel, ...]:
        return self.config.analog

    @property
    def digital_channels(self) -> tuple[DigitalChannel, ...]:
        return self.config.digital

    @property
    def sample_count(self) -> int:
        return self._n

    @property
    def start(self) -> Stamp:
        return self.config.start

    @property
    def trigger(self) -> Stamp:
        return self.config.trigger

    @property
    def time(self) -> np.ndarray:
        """Sample times in s from the first sample (float64, read-only)."""
        return self._time

    @property
    def duration(self) -> float:
        """Time from the first to the last sample, s."""
        return float(self._time[-1] - self._time[0]) if len(self._time) else 0.0

    @property
    def trigger_time(self) -> float | None:
        """Trigger instant in s on the :attr:`time` axis, or None if the stamps do not tell."""
        return self._trigger_time

    def _check_trigger(self, log: WarningLog) -> float | None:
        offset = self.config.trigger_offset
        if offset is None:
            log.add(
                self.path.name,
                self.config.trigger.line or None,
                DESCRIBED_FIELDS[1],  # the trigger stamp
                _("the trigger time is unknown (unreadable date or time)"),
            )
            return None
        margin = max(1.0, self.duration)
        if not self._time[0] - margin <= offset <= self._time[-1] + margin:
            log.add(
                self.path.name,
                self.config.trigger.line or None,
                DESCRIBED_FIELDS[1],  # the trigger stamp
                _("the trigger lies {seconds:.6g} s from the start, far outside the record; treated as unknown").format(
                    seconds=offset
                ),
            )
            return None
        return offset

    @property
    def stamp_times(self) -> np.ndarray | None:
        """Times in s from the DAT time stamps (NaN if missing), or None if there are none."""
        if np.isnan(self._stamps).all():
            return None
        with np.errstate(over="ignore", invalid="ignore"):
            return stamp_times(self.config, self._stamps)

    def segment_at(self, t: float) -> Segment:
        """The uniform-rate segment holding time t (s); the nearest one if t is outside."""
        index = int(
            np.clip(
                np.searchsorted(self._time, t, side="right") - 1,
                0,
                self.sample_count - 1,
            )
        )
        for seg in self.segments:
            if seg.start <= index < seg.stop:
                return seg
        return self.segments[-1]

    # -- channel lookup ----------------------------------------------------
    def analog_index(self, key: ChannelKey) -> int:
        """0-based position of an analog channel given its position or name."""
        return self._index(key, self.config.analog, "analog")

    def digital_index(self, key: ChannelKey) -> int:
        """0-based position of a digital channel given its position or name."""
        return self._index(key, self.config.digital, "digital")

    def find(self, name: str) -> tuple[str, int]:
        """Resolve a user-typed channel name: ``("analog"|"digital", position)``.

        Exact name first, then case-insensitive, then a CFG index number
        (the An/Dn field) written as ``A3`` or ``D12``. Recorders repeat
        names (spare inputs); the first channel with the name wins.
        """
        for kind, channels in (
            ("analog", self.config.analog),
            ("digital", self.config.digital),
        ):
            for pos, ch in enumerate(channels):
                if ch.name == name:
                    return kind, pos
        folded = name.strip().casefold()
        for kind, channels in (
            ("analog", self.config.analog),
            ("digital", self.config.digital),
        ):
            for pos, ch in enumerate(channels):
                if ch.name.casefold() == folded:
                    return kind, pos
        if len(name) > 1 and name[0] in "AaDd" and name[1:].isdigit():
            kind, channels = (
                ("analog", self.config.analog)
                if name[0] in "Aa"
                else ("digital", self.config.digital)
            )
            for pos, ch in enumerate(channels):
                if ch.index == int(name[1:]):
                    return kind, pos
        names = ", ".join(c.name for c in self.config.analog[:12])
        raise ComtradeError(
            _("no channel named '{name}' (analog channels: {names}...)").format(name=name, names=names),
            file=self.path.name,
        )

    def _index(self, key: ChannelKey, channels, kind: str) -> int:
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            if 0 <= key < len(channels):
                return int(key)
            template = (
                _("no analog channel at position {position} (0..{last})")
                if kind == "analog"
                else _("no digital channel at position {position} (0..{last})")
            )
            raise ComtradeError(template.format(position=key, last=len(channels) - 1), file=self.path.name)
        if isinstance(key, str):
            found, pos = self.find(key)
            if found == kind:
                return pos
            template = (
                _("'{key}' is a digital channel, not analog")
                if kind == "analog"
                else _("'{key}' is an analog channel, not digital")
            )
            raise ComtradeError(template.format(key=key), file=self.path.name)
        raise ComtradeError(
            _("channel key {key} is neither a position nor a name").format(key=repr(key)), file=self.path.name
        )

    # -- values ------------------------------------------------------------
    def analog(self, key: ChannelKey, side: str | None = None) -> np.ndarray:
        """Values of an analog channel in engineering units (NaN = missing sample).

        ``side`` None gives the values as recorded (the channel's PS flag says
        which side); ``"primary"`` or ``"secondary"`` converts with the
        channel's primary/secondary factors.
        """
        k = self.analog_index(key)
        values = self._analog.get(k)
        if values is None:
            with guarded(self.dat_label), self._lock:
                values = self._analog.get(k)
                if values is None:
                    ch = self.config.analog[k]
                    values = self._table.values(k, ch.a, ch.b, self.dtype)
                    values.flags.writeable = False
                    self._analog[k] = values
        factor = self.side_factor(k, side)
        if factor == 1.0:
            return values
        with np.errstate(over="ignore", invalid="ignore"):
            out = values * values.dtype.type(factor)
        out.flags.writeable = False
        return out

    def side_factor(self, key: ChannelKey, side: str | None) -> float:
        """Factor from recorded values to ``side`` ("primary", "secondary" or None)."""
        if side not in SIDES:
            raise ComtradeError(_("side must be 'primary' or 'secondary', not {side}").format(side=repr(side)))
        ch = self.config.analog[self.analog_index(key)]
        if side is None or (side == "primary") == (ch.ps == "P"):
            return 1.0
        ratio = ch.ratio
        if ratio is None:
            template = (
                _("channel '{name}' has no usable primary/secondary factors ({primary:g}/{secondary:g}); "
                  "cannot give primary values")
                if side == "primary"
                else _("channel '{name}' has no usable primary/secondary factors ({primary:g}/{secondary:g}); "
                       "cannot give secondary values")
            )
            raise ComtradeError(
                template.format(name=ch.name, primary=ch.primary, secondary=ch.secondary),
                file=self.path.name,
                line=ch.line or None,
                field="primary",
            )
        return ratio if side == "primary" else 1.0 / ratio

    def digital(self, key: ChannelKey) -> np.ndarray:
        """States of a digital channel as a bool array (read-only)."""
        k = self.digital_index(key)
        values = self._digital.get(k)
        if values is None:
            with guarded(self.dat_label), self._lock:
                values = self._digital.get(k)
                if values is None:
                    values = self._table.digital(k)
                    values.flags.writeable = False
                    self._digital[k] = values
        return values

    def raw(self, key: ChannelKey) -> np.ndarray:
        """Raw DAT values of an analog channel as float64 (NaN = missing sample)."""
        with guarded(self.dat_label):
            return self._table.raw(self.analog_index(key))

    def sample_numbers(self) -> np.ndarray:
        """The DAT's sample-number column (int64)."""
        with guarded(self.dat_label):
            return np.asarray(self._table.sample_numbers(), np.int64)

    def stamps(self) -> np.ndarray:
        """The DAT's raw time-stamp column (float64, timemult units, NaN = missing)."""
        return self._stamps.copy()

    def channel_time(self, key: ChannelKey) -> np.ndarray:
        """Sample times of an analog channel including its skew, s."""
        skew = self.config.analog[self.analog_index(key)].skew
        if not skew:
            return self._time
        with np.errstate(over="ignore", invalid="ignore"):
            return self._time + skew * 1e-6

    def load_all(
        self, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> None:
        """Decode every channel now (block by block), with progress and cancellation."""
        with guarded(self.dat_label), self._lock:
            n_a, n_d, n = len(self.config.analog), len(self.config.digital), self._n
            if len(self._analog) == n_a and len(self._digital) == n_d:
                if progress is not None:
                    progress(1.0)
                return
            analog = np.empty((n_a, n), self.dtype)
            digital = np.empty((n_d, n), np.bool_)
            a = np.array([c.a for c in self.config.analog], np.float64)
            b = np.array([c.b for c in self.config.analog], np.float64)
            self._table.decode_all(
                a, b, analog, digital, self.dat_label, progress, cancel
            )
            analog.flags.writeable = False
            digital.flags.writeable = False
            self._analog = dict(enumerate(analog))
            self._digital = dict(enumerate(digital))

    def close(self) -> None:
        """Release the DAT (its memory map, if any); decoded channels stay usable."""
        self._table = _Closed(self.dat_label)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Closed:
    """Stands in for the DAT table after :meth:`Record.close`."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __getattr__(self, name: str):
        raise ComtradeError(_("the record is closed"), file=self.label)
