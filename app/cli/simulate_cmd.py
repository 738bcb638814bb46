"""``meterdesk simulate``: serve simulated devices until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from app.errors import MeterDeskError
from app.i18n import _
from app.profiles import profile_by_id
from app.sim import firmware
from app.sim.lab import DEFAULT_BASE_PORT, DeviceSpec, Lab, demo_specs, ion7400_spec
from app.sim.wiring import FAULT_NAMES, WiringFaults


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("simulate", help=_("run simulated devices (Modbus servers) until Ctrl+C"))
    parser.add_argument("--demo", action="store_true", help=_("the whole demo lab"))
    parser.add_argument("--base-port", type=int, default=DEFAULT_BASE_PORT, help=_("first TCP port of the demo lab"))
    parser.add_argument("--profile", help=_("profile of a single simulated device"))
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--tcp", metavar="HOST:PORT", help=_("serve Modbus TCP here"))
    where.add_argument("--rtu-over-tcp", metavar="HOST:PORT", help=_("serve RTU framing over TCP here"))
    where.add_argument("--serial", metavar="PORT", help=_("serve RTU on this serial port ('pty' makes a pseudo-terminal)"))
    parser.add_argument("--unit", type=int, action="append", help=_("unit id (repeat for several devices on one bus)"))
    parser.add_argument("--baud", type=int, default=19200)
    parser.add_argument("--parity", choices=["N", "E", "O"], default="N")
    parser.add_argument("--tls", action="store_true",
                        help=_("with --tcp: serve Modbus/TCP Security with a self-signed certificate made at start"))
    parser.add_argument("--json", action="store_true", help=_("print the served devices as JSON lines"))
    parser.add_argument("--wiring", action="append", default=[], metavar="FAULT",
                        help=_("wire the simulated ION7400s wrongly, for training: {faults} "
                               "(e.g. reverse-ct=B, swap-i=AB; repeat for several)").format(faults=", ".join(FAULT_NAMES)))
    parser.add_argument("--trust-keys", action="append", default=[], type=Path, metavar="DIR",
                        help=_("simulated meters accept firmware packages signed by the keys in DIR"))
    parser.add_argument("--firmware", default="", metavar="VERSION", help=_("firmware the simulated ION7400s run"))
    parser.add_argument("--upgrade-agent", default="", metavar="VERSION", help=_("their upgrade agent version"))
    parser.set_defaults(func=run)


def specs_from_args(args: argparse.Namespace) -> list[DeviceSpec]:
    if args.demo:
        return demo_specs(args.base_port)
    if not args.profile:
        raise MeterDeskError(_("give --demo, or --profile with --tcp, --rtu-over-tcp or --serial"))
    profile = profile_by_id(args.profile)
    if args.tls and not args.tcp:
        raise MeterDeskError(_("--tls serves Modbus TCP frames: give it with --tcp HOST:PORT"))
    units = args.unit or [profile.links.serial_unit if args.serial else profile.links.tcp_unit]
    specs = []
    for unit in units:
        if args.serial:
            link, host, port = "serial", "", None if args.serial == "pty" else args.serial
        else:
            text = args.tcp or args.rtu_over_tcp or f"127.0.0.1:{args.base_port}"
            host, _sep, port_text = text.rpartition(":")
            if not port_text.isdigit():
                raise MeterDeskError(_("{text!r}: expected HOST:PORT").format(text=text))
            link, port = ("rtu-tcp" if args.rtu_over_tcp else "tcp"), int(port_text)
        name = f"{profile.model} unit {unit}"  # untranslated: simulated device name (lab key, TLS certificate name), English as the demo lab's
        base = ion7400_spec(name) if profile.id == "ion7400" else DeviceSpec(profile.id, name)
        base.link, base.host, base.port, base.unit = link, host or "127.0.0.1", port, unit
        base.baud, base.parity = args.baud, args.parity
        base.tls = args.tls
        specs.append(base)
    return specs


async def run(args: argparse.Namespace) -> int:
    specs = specs_from_args(args)
    faults = WiringFaults.parse(args.wiring)
    for spec in specs:
        if spec.profile == "ion7400" and spec.system is not None:
            spec.system.wiring = WiringFaults.parse(args.wiring)
    lab = Lab(specs)
    try:
        served = await lab.start()
    except OSError as exc:
        raise MeterDeskError(_("cannot start the simulators: {reason}").format(reason=exc.strerror or exc)) from None
    firmware.configure(lab.devices.values(), trust_dirs=args.trust_keys, version=args.firmware,
                       agent=args.upgrade_agent)
    for s in served:
        if args.json:
            print(json.dumps(s.as_dict()))
        else:
            print(_("{name}  [{profile}]  {endpoint}  unit {unit}").format(name=s.name, profile=s.profile,
                                                                             endpoint=s.endpoint, unit=s.unit))
    if not args.json:
        if not faults.healthy:
            print(_("ION7400 wiring faults: {faults}").format(faults=", ".join(faults.describe())))
        print(_("Serving; press Ctrl+C to stop."))
    sys.stdout.flush()
    try:
        await asyncio.Event().wait()
    finally:
        await lab.stop()
    return 0
