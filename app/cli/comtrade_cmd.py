"""``meterdesk comtrade``: inspect, convert and analyse COMTRADE records.

``info`` prints the record's description and every reader warning; ``export``
writes CSV or a COMTRADE extract; ``analyze`` prints RMS, phasor, frequency,
harmonics and THD of one channel at an instant. Broken files raise
:class:`ComtradeError`, which the CLI prints (file, line, field) and exits 1.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

from app.analysis.frequency import estimate_frequency
from app.analysis.harmonics import harmonics
from app.analysis.phasor import phasor
from app.analysis.rms import sliding_rms
from app.analysis.window import samples_per_cycle
from app.comtrade import ComtradeError, DataFormat, Record, read
from app.comtrade.export import export_csv, save_comtrade
from app.i18n import _, ngettext

FORMATS = {f.value.lower(): f for f in DataFormat}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``comtrade info|export|analyze`` to the meterdesk CLI."""
    parser = subparsers.add_parser(
        "comtrade", help=_("inspect, convert and analyse COMTRADE records")
    )
    actions = parser.add_subparsers(
        dest="comtrade_action", metavar="ACTION", required=True
    )

    info = actions.add_parser("info", help=_("describe a record and list reader warnings"))
    _file_args(info)
    info.add_argument("--json", action="store_true", help=_("print JSON instead of text"))
    info.set_defaults(func=cmd_info)

    export = actions.add_parser("export", help=_("write CSV or a COMTRADE extract"))
    _file_args(export)
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--csv", metavar="OUT", type=Path, help=_("CSV file to write"))
    target.add_argument(
        "--comtrade", metavar="OUT", type=Path, help=_("COMTRADE .cfg (or .cff) to write")
    )
    export.add_argument(
        "--channels", nargs="+", metavar="NAME", help=_("channels to keep (default: all)")
    )
    _side_args(export)
    export.add_argument(
        "--start", type=float, metavar="S", help=_("first time to keep, s")
    )
    export.add_argument("--end", type=float, metavar="S", help=_("last time to keep, s"))
    export.add_argument(
        "--format",
        choices=sorted(FORMATS),
        help=_("COMTRADE data format (default: as read)"),
    )
    export.add_argument(
        "--cff", action="store_true", help=_("write one .cff file instead of .cfg + .dat")
    )
    export.set_defaults(func=cmd_export)

    analyze = actions.add_parser(
        "analyze", help=_("RMS, phasor, frequency, harmonics and THD of a channel")
    )
    _file_args(analyze)
    analyze.add_argument(
        "--channel",
        required=True,
        metavar="NAME",
        help=_("analog channel name (or A<index>)"),
    )
    analyze.add_argument(
        "--at",
        type=float,
        metavar="SECONDS",
        help=_("end of the analysis cycle, s from the first sample (default: the trigger)"),
    )
    _side_args(analyze)
    analyze.add_argument(
        "--json", action="store_true", help=_("print JSON instead of text")
    )
    analyze.set_defaults(func=cmd_analyze)


def _file_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help=_(".cfg, .cff or .dat file"))
    parser.add_argument(
        "--dat",
        type=Path,
        help=_("DAT file when it is not beside the CFG with the same name"),
    )
    parser.add_argument(
        "--encoding", help=_("text encoding of CFG/HDR/INF (default: guessed)")
    )


def _side_args(parser: argparse.ArgumentParser) -> None:
    side = parser.add_mutually_exclusive_group()
    side.add_argument(
        "--primary",
        dest="side",
        action="store_const",
        const="primary",
        help=_("primary values"),
    )
    side.add_argument(
        "--secondary",
        dest="side",
        action="store_const",
        const="secondary",
        help=_("secondary values"),
    )


def _open(args: argparse.Namespace) -> Record:
    return read(args.file, dat_path=args.dat, encoding=args.encoding)


def _finite(x):
    """JSON-safe number: None for NaN/inf."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _describe(record: Record) -> dict:
    cfg = record.config
    if cfg.uses_timestamps:
        rates = [{"rate_hz": 0.0, "end_sample": r.end_sample} for r in cfg.rates]
    else:
        rates = [{"rate_hz": r.rate, "end_sample": r.end_sample} for r in cfg.rates]
    return {
        "file": record.path.name,
        "data_file": record.dat_label,
        "revision": cfg.revision,
        "rev_year_text": cfg.rev_text,
        "format": cfg.data_format.value,
        "station": cfg.station_name,
        "device": cfg.rec_dev_id,
        "encoding": cfg.encoding,
        "line_frequency_hz": cfg.line_frequency,
        "nrates": cfg.nrates,
        "rates": rates,
        "uses_timestamps": cfg.uses_timestamps,
        "timemult": cfg.timemult,
        "samples": record.sample_count,
        "samples_declared": cfg.declared_samples,
        "time_start_s": float(record.time[0]),
        "time_end_s": float(record.time[-1]),
        "duration_s": record.duration,
        "start": cfg.start.isoformat(),
        "trigger": cfg.trigger.isoformat(),
        "trigger_time_s": _finite(record.trigger_time),
        "time_code": cfg.time_code,
        "local_code": cfg.local_code,
        "tmq_code": cfg.tmq_code,
        "leap_second": cfg.leap_second,
        "analog": [
            {
                "index": c.index,
                "name": c.name,
                "phase": c.phase,
                "circuit": c.circuit,
                "unit": c.unit,
                "a": c.a,
                "b": c.b,
                "skew_us": c.skew,
                "min": c.min,
                "max": c.max,
                "primary": c.primary,
                "secondary": c.secondary,
                "ps": c.ps,
            }
            for c in cfg.analog
        ],
        "digital": [
            {
                "index": c.index,
                "name": c.name,
                "phase": c.phase,
                "circuit": c.circuit,
                "normal": int(c.normal),
            }
            for c in cfg.digital
        ],
        "warnings": [
            {
                "file": w.file,
                "line": w.line,
                "field": w.field,
                "message": w.message,
                "text": str(w),
            }
            for w in record.warnings
        ],
        "header_chars": len(record.header or ""),
        "info_chars": len(record.info or ""),
    }


def cmd_info(args: argparse.Namespace) -> int:
    """Print revision, format, station, channels, rates, samples, times and warnings."""
    with _open(args) as record:
        d = _describe(record)
    if args.json:
        json.dump(d, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    rev = str(d["revision"])
    if d["rev_year_text"] not in ("", str(d["revision"])):
        rev = _("{revision} (rev_year '{text}')").format(revision=d["revision"], text=d["rev_year_text"])
    files = d["file"] + (f" + {d['data_file']}" if d["data_file"] != d["file"] else "")
    if d["uses_timestamps"]:
        rates = _("none (nrates={nrates}): times from the DAT time stamps x timemult {timemult:g}").format(
            nrates=d["nrates"], timemult=d["timemult"])
    else:
        rates = "; ".join(_("{rate:g} Hz to sample {sample}").format(rate=r["rate_hz"], sample=r["end_sample"])
                          for r in d["rates"])
    if d["trigger_time_s"] is not None:
        trig = _("{seconds:.6f} s after the start").format(seconds=d["trigger_time_s"])
    else:
        trig = _("offset unknown")
    fields = [
        (_("File:"), files),
        (_("Revision:"), rev),
        (_("Format:"), d["format"]),
        (_("Station:"), d["station"]),
        (_("Device:"), d["device"]),
        (_("Encoding:"), d["encoding"]),
        (_("Line freq.:"), f"{d['line_frequency_hz']:g} Hz"),
        (_("Rates:"), rates),
        (_("Samples:"), _("{count} (CFG declares {declared})").format(count=d["samples"], declared=d["samples_declared"])),
        (_("Time span:"), f"{d['time_start_s']:.6f} .. {d['time_end_s']:.6f} s ({d['duration_s']:.6f} s)"),
        (_("Start:"), d["start"]),
        (_("Trigger:"), f"{d['trigger']} ({trig})"),
    ]
    if d["revision"] >= 2013:
        fields.append((_("Time code:"), _("{code} (local {local}), time quality {quality}, leap second flag {leap}").format(
            code=d["time_code"] or "-", local=d["local_code"] or "-", quality=d["tmq_code"] or "-",
            leap=d["leap_second"])))
    out = _aligned(fields)
    out.append(_("Analog channels ({count}):").format(count=len(d["analog"])))
    out.append(_("  An  name | phase | circuit | unit | a | b | skew us | primary | secondary | P/S"))
    for c in d["analog"]:
        out.append(
            f"  {c['index']:>3} {c['name']} | {c['phase']} | {c['circuit']} | {c['unit']} | {c['a']:.9g} | "
            f"{c['b']:.9g} | {c['skew_us']:g} | {c['primary']:g} | {c['secondary']:g} | {c['ps']}"
        )
    out.append(_("Digital channels ({count}):").format(count=len(d["digital"])))
    for c in d["digital"]:
        out.append(_("  {index:>3} {name} | {phase} | {circuit} | normal {normal}").format(
            index=c["index"], name=c["name"], phase=c["phase"], circuit=c["circuit"], normal=c["normal"]))
    out.append(_("Warnings ({count}):").format(count=len(d["warnings"])))
    out.extend(f"  - {w['text']}" for w in d["warnings"])
    print("\n".join(out))
    return 0


def _aligned(fields: list[tuple[str, str]]) -> list[str]:
    """``label  value`` lines, the values in one column after the longest label (labels are translated)."""
    width = max(len(label) for label, _value in fields) + 2
    return [f"{label:<{width}}{value}" for label, value in fields]


def _channel_list(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [name for value in values for name in value.split(",") if name]


def cmd_export(args: argparse.Namespace) -> int:
    """Write a CSV table or a COMTRADE extract."""
    channels = _channel_list(args.channels)
    with _open(args) as record:
        if args.csv:
            if args.format or args.cff:
                print(_("meterdesk: --format and --cff apply to --comtrade only"), file=sys.stderr)
                return 2
            rows = export_csv(
                record,
                args.csv,
                channels,
                side=args.side,
                start=args.start,
                end=args.end,
            )
            print(ngettext("wrote {count} row to {path}", "wrote {count} rows to {path}", rows).format(
                count=rows, path=args.csv))
            return 0
        if args.side:
            print(_("meterdesk: --primary/--secondary apply to --csv only"), file=sys.stderr)
            return 2
        out = args.comtrade
        wanted = ".cff" if args.cff else ".cfg"
        if out.suffix.lower() != wanted:
            out = out.with_suffix(wanted)
        fmt = FORMATS[args.format] if args.format else record.data_format
        config = save_comtrade(
            record,
            out,
            fmt,
            cff=args.cff,
            start=args.start,
            end=args.end,
            channels=channels,
        )
    dat = (
        ""
        if args.cff
        else f" + {out.with_suffix('.DAT' if out.suffix.isupper() else '.dat').name}"
    )
    print(_("wrote {files}: {format} {revision}, {analog} analog + {digital} digital, {samples} samples").format(
        files=f"{out}{dat}", format=config.data_format, revision=config.revision, analog=len(config.analog),
        digital=len(config.digital), samples=config.declared_samples))
    return 0


def analyze_channel(
    record: Record, channel: str, at: float | None, side: str | None
) -> dict:
    """RMS, phasor, frequency, harmonics and THD of an analog channel at time ``at`` (s)."""
    kind, k = record.find(channel)
    if kind != "analog":
        raise ComtradeError(
            _("'{channel}' is a digital channel; analyze needs an analog one").format(channel=channel),
            file=record.path.name,
        )
    ch = record.analog_channels[k]
    if at is None:
        at = (
            record.trigger_time
            if record.trigger_time is not None
            else float(record.time[-1])
        )
    seg = record.segment_at(at)
    if not seg.rate > 0:
        raise ComtradeError(
            _("no sampling rate at that time: cannot analyse"), file=record.path.name
        )
    values = np.asarray(record.analog(k, side)[seg.start : seg.stop], np.float64)
    times = record.time[seg.start : seg.stop]
    nominal = record.config.line_frequency if record.config.line_frequency > 0 else None
    stop = int(np.searchsorted(times, at, side="right"))
    try:
        freq = _frequency_near(values, seg.rate, nominal, stop)
        f0 = nominal or freq
        if f0 is None:
            raise ValueError(_("no line frequency in the CFG and none could be estimated"))
        size = samples_per_cycle(seg.rate, f0)
        stop = max(stop, size)
        rms_value = sliding_rms(values[:stop], seg.rate, f0)[-1]
        z = phasor(values, seg.rate, f0, stop, t_first=float(times[0]))
        spec = harmonics(values, seg.rate, f0, stop, t_first=float(times[0]))
    except ValueError as exc:
        raise ComtradeError(
            _("cannot analyse '{channel}' at {at:g} s: {reason}").format(channel=ch.name, at=at, reason=exc),
            file=record.path.name,
        ) from None
    return {
        "channel": ch.name,
        "unit": ch.unit,
        "values": side or ("primary" if ch.ps == "P" else "secondary"),
        "at_s": float(times[stop - 1]),
        "window_start_s": float(times[stop - size]),
        "sample_rate_hz": seg.rate,
        "analysis_frequency_hz": f0,
        "window_samples": size,
        "rms": _finite(rms_value),
        "phasor_magnitude": _finite(abs(z)),
        "phasor_angle_deg": _finite(np.degrees(np.angle(z))),
        "frequency_hz": _finite(freq),
        "thd_percent": _finite(spec.thd),
        "harmonics": [
            {
                "order": int(h),
                "frequency_hz": h * f0,
                "magnitude": _finite(m),
                "percent": _finite(p),
                "angle_deg": _finite(a),
            }
            for h, m, p, a in zip(spec.orders, spec.magnitude, spec.percent, spec.angle)
        ],
    }


def _frequency_near(
    values: np.ndarray, fs: float, nominal: float | None, stop: int
) -> float | None:
    """Frequency over up to ten cycles around ``stop``; None when it cannot be estimated."""
    cycle = samples_per_cycle(fs, nominal) if nominal else int(fs / 50)
    lo = max(0, stop - 5 * cycle)
    hi = min(values.size, lo + 10 * cycle)
    lo = max(0, hi - 10 * cycle)
    try:
        return estimate_frequency(values[lo:hi], fs, nominal)
    except ValueError:
        return None


def cmd_analyze(args: argparse.Namespace) -> int:
    """Print the analysis of one channel."""
    with _open(args) as record:
        result = analyze_channel(record, args.channel, args.at, args.side)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    unit = result["unit"]

    def num(x, fmt=".6g"):
        return _("n/a") if x is None else format(x, fmt)

    if result["values"] == "primary":
        channel = _("{channel} [{unit}] (primary values)")
    else:
        channel = _("{channel} [{unit}] (secondary values)")
    fields = [
        (_("Channel:"), channel.format(channel=result["channel"], unit=unit)),
        (_("Window:"), _("{start:.6f} .. {end:.6f} s (1 cycle of {frequency:g} Hz = {samples} samples at {rate:g} Hz)")
         .format(start=result["window_start_s"], end=result["at_s"], frequency=result["analysis_frequency_hz"],
                 samples=result["window_samples"], rate=result["sample_rate_hz"])),
        (_("RMS:"), f"{num(result['rms'])} {unit}"),
        (_("Phasor:"), _("{magnitude} {unit} at {angle} deg").format(
            magnitude=num(result["phasor_magnitude"]), unit=unit, angle=num(result["phasor_angle_deg"], ".3f"))),
        (_("Frequency:"), f"{num(result['frequency_hz'], '.5f')} Hz"),
        (_("THD:"), _("{thd} % (orders 2..{last})").format(thd=num(result["thd_percent"], ".3f"),
                                                        last=result["harmonics"][-1]["order"])),
        (_("Harmonics:"), _("order | Hz | magnitude | % of fundamental | angle deg")),
    ]
    lines = _aligned(fields)
    for h in result["harmonics"]:
        lines.append(
            f"  {h['order']:>3} | {h['frequency_hz']:g} | {num(h['magnitude'])} | {num(h['percent'], '.3f')} | "
            f"{num(h['angle_deg'], '.2f')}"
        )
    print("\n".join(lines))
    return 0
