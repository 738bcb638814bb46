"""Sample times of a COMTRADE record, computed with numpy (never per-sample loops).

With sampling rates (nrates > 0) the interval after each sample is 1/rate of
the segment that sample belongs to, so a segment's first sample follows the
previous segment's last one by the previous rate's interval. Without rates
(nrates = 0 or samp = 0) the DAT time stamps times ``timemult`` give the time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.comtrade.cfg import Config
from app.comtrade.errors import ComtradeError, WarningLog
from app.i18n import _, ngettext


@dataclass(frozen=True)
class Segment:
    """Samples ``start`` (inclusive) to ``stop`` (exclusive), 0-based, at ``rate`` Hz."""

    start: int
    stop: int
    rate: float


def rate_segments(config: Config, n: int) -> list[Segment]:
    """Non-empty uniform-rate segments covering samples 0..n-1.

    The last segment runs to n whatever its endsamp says, so a DAT longer than
    declared keeps the last rate and a shorter one simply ends early.
    """
    segments: list[Segment] = []
    begin = 0
    for k, r in enumerate(config.rates):
        stop = n if k == len(config.rates) - 1 else min(max(r.end_sample, begin), n)
        if stop > begin:
            segments.append(Segment(begin, stop, r.rate))
            begin = stop
    return segments


def rate_times(segments: list[Segment]) -> np.ndarray:
    """Times in s from the first sample for rate-based segments."""
    parts = []
    offset = 0.0
    for seg in segments:
        count = seg.stop - seg.start
        parts.append(offset + np.arange(count, dtype=np.float64) / seg.rate)
        offset += count / seg.rate
    return np.concatenate(parts) if parts else np.zeros(0)


def stamp_times(config: Config, stamps: np.ndarray) -> np.ndarray:
    """Time stamps converted to s (NaN stays NaN for missing stamps)."""
    return stamps * (config.timemult * config.timestamp_unit)


def record_times(
    config: Config, n: int, stamps: np.ndarray, label: str, log: WarningLog
) -> tuple[np.ndarray, list[Segment]]:
    """The time vector (s) and the uniform-rate segments of an n-sample record.

    Rate-based times are checked against the DAT stamps, and a disagreement is
    reported (some recorders leave gaps between rate segments that only the
    stamps show; others write stamps in the wrong unit).
    """
    if not config.uses_timestamps:
        segments = rate_segments(config, n)
        times = rate_times(segments)
        _compare_with_stamps(config, times, stamps, segments, label, log)
        return times, segments
    times = stamp_times(config, stamps)
    missing = np.isnan(times)
    if missing.all():
        raise ComtradeError(
            _("the CFG gives no sampling rate (nrates=0 or samp=0) and every time stamp is missing"),
            file=label,
            field="timestamp",
        )
    if missing.any():
        first = int(np.argmax(missing))
        log.add(
            label,
            None,
            "timestamp",
            ngettext(
                "{count} missing time stamp (first at sample {sample}) interpolated",
                "{count} missing time stamps (first at sample {sample}) interpolated",
                int(missing.sum()),
            ).format(count=int(missing.sum()), sample=first + 1),
        )
        idx = np.arange(n)
        times = np.interp(idx, idx[~missing], times[~missing])
    steps = np.diff(times)
    if n > 1 and (steps <= 0).any():
        first = int(np.argmax(steps <= 0))
        log.add(
            label,
            None,
            "timestamp",
            _("time stamps do not increase at sample {sample} ({before:.9g} s then {after:.9g} s)").format(
                sample=first + 2, before=times[first], after=times[first + 1]
            ),
        )
    rate = 1.0 / float(np.median(steps)) if n > 1 and np.median(steps) > 0 else 0.0
    return times, [Segment(0, n, rate)]


def _compare_with_stamps(
    config: Config,
    times: np.ndarray,
    stamps: np.ndarray,
    segments: list[Segment],
    label: str,
    log: WarningLog,
) -> None:
    """Warn when the stamp intervals differ from the rate intervals by over half a sample."""
    if len(times) < 2 or np.isnan(stamps[:2]).all() and np.isnan(stamps).all():
        return
    residual = stamp_times(config, stamps)
    residual -= times
    steps = np.diff(residual)  # stamp interval minus rate interval
    np.abs(steps, out=steps)
    shortest = 1.0 / max(seg.rate for seg in segments)
    tolerance = 0.5 * shortest + 1.5 * config.timemult * config.timestamp_unit
    off = steps > tolerance  # NaN compares False: missing stamps pass
    if off.any() and np.nanmin(stamps) != np.nanmax(stamps):  # all-equal stamps: unused
        k = int(np.argmax(off))
        d_stamp = (stamps[k + 1] - stamps[k]) * config.timemult * config.timestamp_unit
        log.add(
            label,
            None,
            "timestamp",
            ngettext(
                "time stamps disagree with the sampling rates at {count} sample, first between samples {first} and "
                "{second} ({by_stamps:.6g} s by the stamps, {by_rate:.6g} s by the rate); times follow the rates "
                "(Record.stamp_times has the stamp-based times)",
                "time stamps disagree with the sampling rates at {count} samples, first between samples {first} and "
                "{second} ({by_stamps:.6g} s by the stamps, {by_rate:.6g} s by the rate); times follow the rates "
                "(Record.stamp_times has the stamp-based times)",
                int(off.sum()),
            ).format(
                count=int(off.sum()), first=k + 1, second=k + 2, by_stamps=d_stamp, by_rate=times[k + 1] - times[k]
            ),
        )
