"""``meterdesk watch``: stream live values from a device, optionally logging them to CSV."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime

from app.cli.link_options import add_link_arguments, connect
from app.cli.read_cmd import expand_names
from app.drivers import open_device
from app.errors import MeterDeskError
from app.i18n import _, ngettext
from app.live.csv_log import DEFAULT_MAX_BYTES, CsvLogger
from app.live.poller import MIN_PERIOD, Poller, PollReport


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "watch", help=_("stream live values (all measurements by default) until Ctrl+C"),
        description=_("Poll a device and print its values as they refresh. Each group keeps the rate its "
                      "profile gives (1 s for instantaneous values, 15 s for energies) unless --interval "
                      "sets one rate for all. A failed poll is reported and retried; the link reconnects "
                      "by itself."),
    )  # fmt: skip
    add_link_arguments(parser)
    parser.add_argument("names", nargs="*", metavar="NAME", help=_("register names, or group ids (e.g. voltage)"))
    parser.add_argument("--interval", type=float, metavar="S", help=_("one poll period for every group, s"))
    parser.add_argument("--csv", metavar="FILE", help=_("also log every value to this CSV file (rotated by size)"))
    parser.add_argument("--csv-max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                        help=_("start a new CSV part when a file reaches N bytes (default {bytes})").format(
                            bytes=DEFAULT_MAX_BYTES))
    parser.add_argument("--count", type=int, metavar="N", help=_("stop after N refreshes"))
    parser.add_argument("--json", action="store_true", help=_("one JSON object per refresh"))
    parser.set_defaults(func=run)


async def run(args: argparse.Namespace) -> int:
    if args.interval is not None and args.interval < MIN_PERIOD:
        raise MeterDeskError(_("--interval {interval:g}: the shortest poll period is {minimum:g} s").format(
            interval=args.interval, minimum=MIN_PERIOD))
    if args.count is not None and args.count < 1:
        raise MeterDeskError(_("--count {count}: give at least 1").format(count=args.count))
    profile, link, unit = await connect(args)
    logger = CsvLogger(args.csv, interval=0, max_bytes=args.csv_max_bytes) if args.csv else None
    try:
        device = open_device(profile, link, unit)
        poller = Poller(device, names=expand_names(profile, args.names) if args.names else None)
        if args.interval is not None:
            for group in poller.schedules:
                poller.set_rate(group, args.interval)
        done = asyncio.Event()
        refreshes = 0

        def show(report: PollReport) -> None:
            nonlocal refreshes
            if logger is not None:
                logger.log(device.name, poller.points.values())
            _print(poller, report, args.json)
            refreshes += report.ok
            if args.count is not None and refreshes >= args.count:
                done.set()

        poller.listeners.append(show)
        task = asyncio.create_task(poller.run())
        waiter = asyncio.create_task(done.wait())
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        poller.stop()
        waiter.cancel()
        await task
    finally:
        if logger is not None:
            logger.close()
        link.close()
    return 0


def _print(poller: Poller, report: PollReport, as_json: bool) -> None:
    names = [n for group in report.groups for n in poller.schedules[group].names]
    stamp = datetime.fromtimestamp(report.time).astimezone()
    if as_json:
        out = {"time": stamp.isoformat(timespec="milliseconds"), "device": poller.device.name,
               "groups": list(report.groups), "requests": report.requests}
        if report.ok:
            out["values"] = {n: _json_point(poller, n) for n in names}
        else:
            out["error"] = report.error
        print(json.dumps(out), flush=True)
        return
    if not report.ok:
        print(_("meterdesk: {error} (retrying)").format(error=report.error), file=sys.stderr, flush=True)
        return
    points = [poller.points[n] for n in names]
    width = max(len(p.register.label) for p in points)
    print(ngettext("-- {time}  {device}  ({count} request)", "-- {time}  {device}  ({count} requests)",
                   report.requests).format(time=f"{stamp:%Y-%m-%d %H:%M:%S}", device=poller.device.name,
                                           count=report.requests))
    for point in points:
        print(f"{point.register.label:<{width}}  {point.text}")
    sys.stdout.flush()


def _json_point(poller: Poller, name: str) -> dict:
    point = poller.points[name]
    return {"value": point.number if point.numeric else point.value, "unit": point.register.unit,
            "text": point.text, "min": point.minimum, "max": point.maximum}
