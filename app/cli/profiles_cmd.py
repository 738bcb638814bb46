"""``meterdesk profiles``: list the shipped device profiles."""

from __future__ import annotations

import argparse
import json

from app.i18n import _, ngettext
from app.profiles import load_all


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("profiles", help=_("list the shipped device profiles"))
    parser.add_argument("--json", action="store_true", help=_("machine-readable output"))
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
        ) or _("no Modbus link")
        print(ngettext("{id}  {vendor} {model}  ({count} register; {links})",
                       "{id}  {vendor} {model}  ({count} registers; {links})", r["registers"]).format(
            id=r["id"].ljust(width), vendor=r["vendor"], model=r["model"], count=r["registers"], links=links))
    return 0
