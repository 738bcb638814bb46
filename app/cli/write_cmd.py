"""``meterdesk write``: validate, write and verify settings by read-back."""

from __future__ import annotations

import argparse
import sys

from app.cli.link_options import add_link_arguments, endpoint_from_args
from app.drivers import open_device
from app.errors import ValidationError
from app.i18n import _
from app.modbus import codec
from app.modbus.link import ModbusLink
from app.profiles import profile_by_id


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("write", help=_("write settings and verify them by read-back"))
    add_link_arguments(parser)
    parser.add_argument("assignments", nargs="+", metavar="NAME=VALUE")
    parser.set_defaults(func=run)


async def run(args: argparse.Namespace) -> int:
    profile = profile_by_id(args.profile)
    values = {}
    for item in args.assignments:
        name, sep, text = item.partition("=")
        if not sep:
            raise ValidationError(_("{item!r}: expected NAME=VALUE").format(item=item))
        if not profile.has(name):
            raise ValidationError(_("{profile} has no setting {name!r}").format(profile=profile.id, name=name))
        values[name] = codec.parse_text(profile.register(name), text)
    endpoint, unit = endpoint_from_args(args, profile)
    link = ModbusLink(endpoint, timeout=args.timeout, retries=args.retries)
    device = open_device(profile, link, unit)
    device.validate(values)  # refuse before anything is sent, even before connecting
    await link.connect()
    try:
        for warning in await device.write_warnings(values):
            print(_("warning: {warning}").format(warning=warning), file=sys.stderr)
        results = await device.write(values)
    finally:
        link.close()
    for r in results:
        reg = profile.register(r.name)
        shown = {"setting": reg.label, "value": codec.format_value(reg, r.requested), "status": _(r.status)}
        if r.message and r.status != "verified":
            print(_("{setting}: {value} -> {status} ({message})").format(**shown, message=r.message))
        else:
            print(_("{setting}: {value} -> {status}").format(**shown))
    return 0 if all(r.ok for r in results) else 1
