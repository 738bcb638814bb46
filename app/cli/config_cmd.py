"""``meterdesk config``: read, compare, check, write and apply device configurations.

* ``config read``: a device's settings to a TOML or JSON file (or stdout).
* ``config diff FILE``: what writing FILE would change on a device; exit 1 when something differs.
* ``config compare A B``: the same between two files.
* ``config check FILE``: every refused value and broken rule, without a device.
* ``config write FILE``: write what differs, in a safe order, verified by read-back.
* ``config apply FILE --devices LIST``: a template to many devices.
* ``config log``: the change log, or ``--csv`` to export it.

``write`` and ``apply`` exit non-zero, with a message, when any setting is
refused, not verified or not sent, or any device is not done.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.cli.link_options import add_link_arguments, endpoint_from_args
from app.config import (
    ChangeLog,
    Configuration,
    ConfigurationError,
    WriteReport,
    apply_write,
    check,
    diff,
    load,
    prepare_write,
    read_configuration,
    save,
)
from app.config.diff import Change
from app.config.files import to_json, to_toml
from app.config.templates import (
    DeviceOutcome,
    Target,
    apply_template,
    check_targets,
    summary,
)
from app.drivers import open_device
from app.errors import MeterDeskError, ValidationError
from app.modbus import codec
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import Profile, profile_by_id
from app.session import DeviceAddress


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("config", help="read, compare, write and apply device configurations")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = actions.add_parser("read", help="read a device's settings into a configuration file")
    add_link_arguments(p)
    p.add_argument("-o", "--output", metavar="FILE", help="TOML, or JSON if it ends in .json (default: stdout)")
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.set_defaults(func=run_read)

    p = actions.add_parser("diff", help="compare a configuration file with a device (exit 1 if they differ)")
    p.add_argument("file", metavar="FILE")
    add_link_arguments(p, profile_required=False)
    p.set_defaults(func=run_diff)

    p = actions.add_parser("compare", help="compare two configuration files (exit 1 if they differ)")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.set_defaults(func=run_compare)

    p = actions.add_parser("check", help="check a configuration file's values and rules, without a device")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=run_check)

    p = actions.add_parser("write", help="write what differs to a device, verified by read-back")
    p.add_argument("file", metavar="FILE")
    add_link_arguments(p, profile_required=False)
    p.add_argument("--dry-run", action="store_true", help="show what would be written, write nothing")
    p.set_defaults(func=run_write)

    p = actions.add_parser("apply", help="write a template to many devices of its profile")
    p.add_argument("file", metavar="FILE", help="the template (device-specific settings in it are left out)")
    p.add_argument("--devices", required=True, metavar="LIST",
                   help="TOML list of devices: [[devices]] name, tcp/rtu_over_tcp/serial, unit, [devices.settings]")
    p.add_argument("--concurrency", type=int, default=4, help="devices written at once (default 4)")
    p.add_argument("--timeout", type=float, default=1.0, help="per-request timeout, s (default 1)")
    p.add_argument("--dry-run", action="store_true", help="check every device's configuration, write nothing")
    p.set_defaults(func=run_apply)

    p = actions.add_parser("log", help="show the change log, or export it as CSV")
    p.add_argument("--device", help="only this device's entries")
    p.add_argument("--csv", metavar="FILE", help="write the entries as CSV")
    p.set_defaults(func=run_log)


# ---- helpers


def _device(args: argparse.Namespace, profile: Profile) -> tuple[ModbusLink, Any]:
    endpoint, unit = endpoint_from_args(args, profile)
    link = ModbusLink(endpoint, timeout=args.timeout, retries=args.retries)
    return link, open_device(profile, link, unit)


def _file_profile(args: argparse.Namespace) -> Configuration:
    config = load(args.file)
    if args.profile and args.profile != config.profile.id:
        raise ConfigurationError(f"{args.file} is for profile {config.profile.id!r}, not {args.profile!r}")
    return config


def _print_changes(changes: Sequence[Change], old: str, new: str) -> None:
    rows = [(c.label, c.old_text, c.new_text) for c in changes]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(("Setting", old, new))]
    print(f"{'Setting':<{widths[0]}}  {old:<{widths[1]}}  {new}")
    for label, before, after in rows:
        print(f"{label:<{widths[0]}}  {before:<{widths[1]}}  {after}")


def _print_report(report: WriteReport) -> None:
    for r in report.results:
        line = f"{r.change.label}: {r.change.old_text} -> {r.change.new_text}: {r.status}"
        if r.status != "verified" or r.restart:
            line += f" ({r.message})"
        print(line)
    print(report.summary())


# ---- actions


async def run_read(args: argparse.Namespace) -> int:
    profile = profile_by_id(args.profile)
    link, device = _device(args, profile)
    try:
        config = await read_configuration(device)
    finally:
        link.close()
    for name in config.missing:
        print(f"note: the device did not give {profile.register(name).label} ({name})", file=sys.stderr)
    for name, value in config.unusable.items():
        reg = profile.register(name)
        print(f"note: {reg.label} ({name}) holds {codec.format_value(reg, value)}, which the profile does not "
              "allow; it is left out", file=sys.stderr)
    if args.output:
        path = save(config, args.output)
        print(f"{len(config.values)} settings of {device.name} saved to {path}")
    else:
        sys.stdout.write(to_json(config) if args.json else to_toml(config))
    return 0


async def run_diff(args: argparse.Namespace) -> int:
    target = _file_profile(args)
    link, device = _device(args, target.profile)
    try:
        current = await read_configuration(device)
    finally:
        link.close()
    changes = diff(current, target)
    if not changes:
        print(f"{device.name} holds every setting of {args.file}")
        return 0
    _print_changes(changes, "Device", "File")
    print(f"{len(changes)} setting(s) differ")
    return 1


def run_compare(args: argparse.Namespace) -> int:
    old, new = load(args.old), load(args.new)
    changes = diff(old, new)
    if not changes:
        print("no differences")
        return 0
    _print_changes(changes, Path(args.old).name, Path(args.new).name)
    print(f"{len(changes)} setting(s) differ")
    return 1


def run_check(args: argparse.Namespace) -> int:
    config = load(args.file)
    problems = check(config.profile, config.values, config.installation)
    for p in problems:
        print(f"{args.file}: {p.severity}: {p}")
    errors = [p for p in problems if p.is_error]
    print(f"{len(config.values)} settings checked: {len(errors)} error(s), {len(problems) - len(errors)} warning(s)")
    return 1 if errors else 0


async def run_write(args: argparse.Namespace) -> int:
    target = _file_profile(args)
    link, device = _device(args, target.profile)
    try:
        plan = await prepare_write(device, target)
        for warning in plan.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if plan.empty:
            print(f"{device.name} already holds every setting of {args.file}; nothing to write")
            return 0
        if args.dry_run:
            _print_changes(plan.changes, "Device", "File")
            print(f"dry run: {len(plan.changes)} setting(s) would be written, in this order")
            return 0
        report = await apply_write(device, plan, ChangeLog(), link.endpoint.label)
    finally:
        link.close()
    _print_report(report)
    if not report.ok:
        print(f"meterdesk: {report.summary()}", file=sys.stderr)
        return 1
    return 0


async def run_apply(args: argparse.Namespace) -> int:
    template = load(args.file)
    targets = read_devices(args.devices, template.profile, args.timeout)
    if args.dry_run:
        check_targets(template, targets)
        print(f"{len(targets)} device(s) can take {args.file}; nothing was written (dry run)")
        return 0
    done = 0

    def progress(outcome: DeviceOutcome) -> None:
        nonlocal done
        done += 1
        detail = outcome.report.summary() if outcome.report else outcome.message
        print(f"[{done}/{len(targets)}] {outcome.name}: {outcome.status} - {detail}", flush=True)

    outcomes = await apply_template(template, targets, timeout=args.timeout, concurrency=args.concurrency,
                                    on_result=progress, log=ChangeLog())
    for outcome in outcomes:
        if outcome.report is None:
            continue
        for warning in outcome.report.warnings:
            print(f"warning: {outcome.name}: {warning}", file=sys.stderr)
        for r in outcome.report.results:
            if not r.ok:
                print(f"  {outcome.name}: {r.change.label}: {r.status} ({r.message})")
    print(summary(outcomes))
    if not all(o.ok for o in outcomes):
        print(f"meterdesk: {sum(not o.ok for o in outcomes)} of {len(outcomes)} device(s) not done",
              file=sys.stderr)
        return 1
    return 0


def run_log(args: argparse.Namespace) -> int:
    log = ChangeLog()
    if args.csv:
        count = log.export_csv(args.csv, args.device)
        print(f"{count} change(s) exported to {args.csv}")
        return 0
    entries = log.entries(args.device)
    for e in entries:
        unit = f" {e.unit}" if e.unit and not e.new.endswith(e.unit) else ""
        print(f"{e.time}  {e.user}  {e.device}  {e.label}: {e.old} -> {e.new}{unit}  [{e.result}]")
    if not entries:
        print(f"no changes logged yet ({log.path})")
    return 0


# ---- device lists


def read_devices(path: str | Path, profile: Profile, timeout: float = 1.0) -> list[Target]:
    """The ``[[devices]]`` of a TOML file as template targets; errors name the file and entry."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{path}: not valid TOML ({exc})") from None
    entries = data.get("devices")
    if not isinstance(entries, list) or not entries:
        raise ConfigurationError(f"{path}: no [[devices]] entries")
    targets = []
    for i, entry in enumerate(entries, 1):
        where = f"{path}: device {i}"
        if not isinstance(entry, dict):
            raise ConfigurationError(f"{where}: expected a table")
        name = str(entry.get("name") or f"device {i}")
        where = f"{path}: device {i} ({name})"
        try:
            endpoint, default_unit = _endpoint(entry, profile)
            unit = entry.get("unit", default_unit)
            if not isinstance(unit, int) or isinstance(unit, bool) or not 0 <= unit <= 255:
                raise ValidationError(f"unit {unit!r} is not a unit id 0..255")
            values = _values(entry.get("settings", {}), profile)
        except MeterDeskError as exc:
            raise ConfigurationError(f"{where}: {exc}") from None
        targets.append(Target(DeviceAddress(name, profile.id, endpoint, unit, timeout=timeout), values))
    return targets


def _endpoint(entry: dict[str, Any], profile: Profile) -> tuple[Endpoint, int]:
    links = profile.links
    if "serial" in entry:
        endpoint = Endpoint.serial(str(entry["serial"]), int(entry.get("baud", links.serial_baud or 19200)),
                                   str(entry.get("parity", links.serial_parity)),
                                   int(entry.get("stopbits", links.serial_stopbits)))
        return endpoint, links.serial_unit
    for key, rtu in (("tcp", False), ("rtu_over_tcp", True)):
        if key in entry:
            return Endpoint.tcp(str(entry[key]), default_port=links.tcp_port or 502, rtu=rtu), links.tcp_unit
    raise ValidationError("give tcp = \"HOST:PORT\", rtu_over_tcp = \"HOST:PORT\" or serial = \"PORT\"")


def _values(table: Any, profile: Profile) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ValidationError("[devices.settings] must be a table of NAME = VALUE")
    settings = {r.name: r for r in profile.settings()}
    values = {}
    for name, raw in table.items():
        reg = settings.get(name)
        if reg is None:
            raise ValidationError(f"{profile.id} has no setting {name!r}")
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise ValidationError(f"{name}: expected a number or text, got {raw!r}")
        value = codec.parse_text(reg, raw) if isinstance(raw, str) and reg.type != "string" else raw
        values[name] = codec.validate(reg, value)
    return values

