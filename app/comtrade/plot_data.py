"""A record made ready to plot: every channel decoded, with its min/max envelope.

:func:`prepare` is what a viewer runs in a worker thread when it opens a
record: read (parse the CFG, map or parse the DAT), decode every channel,
then build each channel's :class:`~app.analysis.envelope.Envelope`, with one
progress fraction over the three steps and one cancel event.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.analysis.envelope import Envelope, EnvelopeCancelled
from app.comtrade.errors import ReadCancelled
from app.comtrade.record import Progress, Record, progress_part, read
from app.i18n import _

_READ, _DECODE = 0.3, 0.65  # progress reached after reading, after decoding


@dataclass
class PlotRecord:
    """An open record with the envelope of every analog and digital channel."""

    record: Record
    analog: list[Envelope]
    digital: list[Envelope]

    @property
    def name(self) -> str:
        return self.record.path.name

    @property
    def shift(self) -> float:
        """The trigger time on the record's axis (s), 0 when unknown: plots put it at 0."""
        trigger = self.record.trigger_time
        return trigger if trigger is not None else 0.0

    def digital_changes(self, k: int) -> bool:
        """True when digital channel k changes state somewhere in the record."""
        low, high = self.digital[k].bounds()
        return bool(low != high)


def prepare(
    path: str | Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> PlotRecord:
    """Open ``path`` (.cfg, .cff or .dat) and build its plot data; raises ComtradeError.

    Cancelling raises :class:`~app.comtrade.errors.ReadCancelled`.
    """
    record = read(path, progress=progress_part(progress, 0.0, _READ), cancel=cancel)
    try:
        record.load_all(progress_part(progress, _READ, _DECODE), cancel)
        channels = [record.analog(k) for k in range(len(record.analog_channels))]
        channels += [record.digital(k) for k in range(len(record.digital_channels))]
        total = max(1, sum(len(values) for values in channels))
        done = 0
        envelopes = []
        for values in channels:
            share = len(values) / total
            step = progress_part(progress, _DECODE + (1 - _DECODE) * done, _DECODE + (1 - _DECODE) * (done + share))
            envelopes.append(Envelope.build(np.asarray(values), step, cancel))
            done += share
    except EnvelopeCancelled:
        record.close()
        raise ReadCancelled(_("reading cancelled"), file=record.path.name) from None
    except BaseException:
        record.close()
        raise
    n_analog = len(record.analog_channels)
    if progress is not None:
        progress(1.0)
    return PlotRecord(record, envelopes[:n_analog], envelopes[n_analog:])
