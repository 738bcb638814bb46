"""``meterdesk scan``: find and identify devices on a serial bus or a network."""

from __future__ import annotations

import argparse
import json
import sys

from app.discovery.identify import Identification
from app.discovery.scan import expand_hosts, expand_ports, scan_bus, scan_network
from app.i18n import _
from app.modbus.link import Endpoint


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("scan", help=_("find devices: RTU unit ids on a serial port, or TCP hosts and ports"))
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--serial", metavar="PORT", help=_("scan unit ids on this serial port"))
    where.add_argument("--tcp", metavar="HOSTS", help=_("address, range (a.b.c.1-20) or CIDR block"))
    parser.add_argument("--baud", type=int, default=19200)
    parser.add_argument("--parity", choices=["N", "E", "O"], default="N")
    parser.add_argument("--stopbits", type=int, choices=[1, 2], default=1)
    parser.add_argument("--units", default=None, help=_("unit ids, e.g. 1-247 (serial default) or 1,34,255"))
    parser.add_argument("--ports", default="502", help=_("TCP ports, e.g. 502,10001 or 5020-5030"))
    parser.add_argument("--timeout", type=float, default=None, help=_("per-probe timeout, s"))
    parser.add_argument("--json", action="store_true", help=_("machine-readable output"))
    parser.set_defaults(func=run)


def _units(text: str | None, default: str) -> list[int]:
    units = expand_ports(text or default)  # same syntax as ports
    return [u for u in units if 0 <= u <= 255]


def _row(unit: int, endpoint: str, ident: Identification | None) -> dict:
    return {"unit": unit, "endpoint": endpoint, "profile": ident.profile_id if ident else None,
            "likely": list(ident.likely) if ident else [], "model": ident.model if ident else "",
            "serial": ident.serial if ident else ""}


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)


async def run(args: argparse.Namespace) -> int:
    if args.serial:
        endpoint = Endpoint.serial(args.serial, args.baud, args.parity, args.stopbits)
        scan = await scan_bus(endpoint, _units(args.units, "1-247"), timeout=args.timeout or 0.05, progress=_progress)
        rows = [_row(r.unit, f"rtu:{args.serial}", r.identification) for r in scan.found]
        verdict = scan.verdict
        suggestion = scan.suggestion
    else:
        hits = await scan_network(expand_hosts(args.tcp), expand_ports(args.ports), _units(args.units, "1,255"),
                                  timeout=args.timeout or 0.5, progress=_progress)
        rows = [_row(h.identification.unit, h.endpoint, h.identification) for h in hits]
        verdict = _("{count} device(s) found").format(count=len(rows))
        suggestion = None
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if args.json:
        out = {"devices": rows, "verdict": verdict}
        if suggestion is not None:
            out["suggestion"] = {"baud": suggestion.baud, "parity": suggestion.parity, "stopbits": suggestion.stopbits}
        print(json.dumps(out, indent=2))
    else:
        for row in rows:
            likely = _("likely {profiles}").format(profiles="/".join(row["likely"])) if row["likely"] else _("unknown")
            print(_("{endpoint}  unit {unit:<3}  {profile}  {model}  {serial}").format(
                endpoint=row["endpoint"], unit=row["unit"], profile=row["profile"] or likely, model=row["model"],
                serial=row["serial"]))
        print(verdict)
    return 0 if rows else 1
