"""Shared command-line options that say how to reach a device."""

from __future__ import annotations

import argparse

from app.errors import MeterDeskError
from app.i18n import _
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import Profile, profile_by_id


def add_link_arguments(parser: argparse.ArgumentParser, profile_required: bool = True) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--tcp", metavar="HOST:PORT", help=_("Modbus TCP"))
    where.add_argument("--tls", metavar="HOST[:PORT]",
                       help=_("Modbus/TCP Security (TLS, port 802 by default); the device's certificate is "
                              "pinned on first use and a changed one is refused"))
    where.add_argument("--rtu-over-tcp", metavar="HOST:PORT", help=_("Modbus RTU framing over a TCP socket"))
    where.add_argument("--serial", metavar="PORT", help=_("Modbus RTU on a serial port or pyserial URL"))
    parser.add_argument("--client-cert", metavar="PEM", help=_("with --tls: client certificate to present"))
    parser.add_argument("--client-key", metavar="PEM", help=_("with --tls: its private key (not encrypted)"))
    parser.add_argument("--baud", type=int, help=_("serial baud rate (default: the profile's)"))
    parser.add_argument("--parity", choices=["N", "E", "O"], help=_("serial parity (default: the profile's)"))
    parser.add_argument("--stopbits", type=int, choices=[1, 2], help=_("serial stop bits"))
    parser.add_argument("--unit", type=int, help=_("Modbus unit id (default: the profile's)"))
    parser.add_argument("--profile", required=profile_required, help=_("device profile id (see 'meterdesk profiles')"))
    parser.add_argument("--timeout", type=float, default=1.0, help=_("per-request timeout, s (default 1)"))
    parser.add_argument("--retries", type=int, default=2, help=_("retries after a timeout (default 2)"))


def endpoint_from_args(args: argparse.Namespace, profile: Profile) -> tuple[Endpoint, int]:
    """The endpoint and unit id, filling gaps from the profile's link defaults."""
    links = profile.links
    if args.serial:
        if not links.has_serial and args.baud is None:
            raise MeterDeskError(_("{profile} has no serial link; give --baud to force one").format(profile=profile.id))
        endpoint = Endpoint.serial(
            args.serial,
            args.baud or links.serial_baud or 19200,
            args.parity or links.serial_parity,
            args.stopbits or links.serial_stopbits,
        )
        unit = args.unit if args.unit is not None else links.serial_unit
    elif getattr(args, "tls", None):
        endpoint = Endpoint.tls(args.tls, args.client_cert or "", args.client_key or "")
        unit = args.unit if args.unit is not None else links.tcp_unit
    else:
        text = args.tcp or args.rtu_over_tcp
        endpoint = Endpoint.tcp(text, default_port=links.tcp_port or 502, rtu=bool(args.rtu_over_tcp))
        unit = args.unit if args.unit is not None else links.tcp_unit
    if not 0 <= unit <= 255:
        raise MeterDeskError(_("unit id {unit} is outside 0..255").format(unit=unit))
    return endpoint, unit


async def connect(args: argparse.Namespace) -> tuple[Profile, ModbusLink, int]:
    profile = profile_by_id(args.profile)
    endpoint, unit = endpoint_from_args(args, profile)
    link = ModbusLink(endpoint, timeout=args.timeout, retries=args.retries)
    await link.connect()
    return profile, link, unit
