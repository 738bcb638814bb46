"""``meterdesk profiles``: list the shipped device profiles."""

from __future__ import annotations

import argparse
import json

from app.profiles import load_all


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("profiles", help="list the shipped device profiles")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    profiles = load_all()
    rows = [
        {
            "id": p.id, "vendor": p.vendor, "model": p.model, "registers": len(p.registers),
            "tcp_port": p.links.tcp_port, "serial_baud": p.links.serial_baud,
        }
        for p in profiles.values()
    ]  # fmt: skip
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        links = ", ".join(
            x for x in (f"TCP {r['tcp_port']}" if r["tcp_port"] else "", f"RTU {r['serial_baud']}" if r["serial_baud"] else "") if x
        ) or "no Modbus link"
        print(f"{r['id']:<{width}}  {r['vendor']} {r['model']}  ({r['registers']} registers; {links})")
    return 0
