"""``meterdesk read``: read and decode points from a device."""

from __future__ import annotations

import argparse
import json

from app.cli.link_options import add_link_arguments, connect
from app.drivers import open_device
from app.errors import MeterDeskError
from app.i18n import _
from app.modbus import codec


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("read", help=_("read and decode registers (all measurements by default)"))
    add_link_arguments(parser)
    parser.add_argument("names", nargs="*", metavar="NAME", help=_("register names, or group ids (e.g. metering)"))
    parser.add_argument("--json", action="store_true", help=_("machine-readable output"))
    parser.set_defaults(func=run)


async def run(args: argparse.Namespace) -> int:
    profile, link, unit = await connect(args)
    try:
        device = open_device(profile, link, unit)
        names = expand_names(profile, args.names)
        values = await device.read(names)
    finally:
        link.close()
    if args.json:
        out = {
            n: {"value": v, "unit": profile.register(n).unit, "text": codec.format_value(profile.register(n), v, False),
                "unreadable": n in device.unreadable.names}
            for n, v in values.items()
        }  # fmt: skip
        print(json.dumps({"device": device.name, "profile": profile.id, "values": out}, indent=2))
        return 0
    width = max(len(profile.register(n).label) for n in values)
    for name, value in values.items():
        reg = profile.register(name)
        text = _("unreadable") if name in device.unreadable.names else codec.format_value(reg, value)
        print(f"{reg.label:<{width}}  {text}")
    return 0


def expand_names(profile, names: list[str]) -> list[str]:
    """Register names from names or group ids; all measurements when empty."""
    if not names:
        return [r.name for r in profile.of_kind("measurement")]
    groups = {g.id for g in profile.groups}
    result = []
    for name in names:
        if name in groups:
            result.extend(r.name for r in profile.in_group(name))
        elif profile.has(name):
            result.append(name)
        else:
            raise MeterDeskError(_("{profile} has no register or group {name!r}").format(profile=profile.id, name=name))
    return result
