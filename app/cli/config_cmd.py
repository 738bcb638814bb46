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
from app.i18n import _, ngettext
from app.modbus import codec
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import Profile, profile_by_id
from app.session import DeviceAddress


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("config", help=_("read, compare, write and apply device configurations"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = actions.add_parser("read", help=_("read a device's settings into a configuration file"))
    add_link_arguments(p)
    p.add_argument("-o", "--output", metavar="FILE", help=_("TOML, or JSON if it ends in .json (default: stdout)"))
    p.add_argument("--json", action="store_true", help=_("JSON on stdout"))
    p.set_defaults(func=run_read)

    p = actions.add_parser("diff", help=_("compare a configuration file with a device (exit 1 if they differ)"))
    p.add_argument("file", metavar="FILE")
    add_link_arguments(p, profile_required=False)
    p.set_defaults(func=run_diff)

    p = actions.add_parser("compare", help=_("compare two configuration files (exit 1 if they differ)"))
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.set_defaults(func=run_compare)

    p = actions.add_parser("check", help=_("check a configuration file's values and rules, without a device"))
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=run_check)

    p = actions.add_parser("write", help=_("write what differs to a device, verified by read-back"))
    p.add_argument("file", metavar="FILE")
    add_link_arguments(p, profile_required=False)
    p.add_argument("--dry-run", action="store_true", help=_("show what would be written, write nothing"))
    p.set_defaults(func=run_write)

    p = actions.add_parser("apply", help=_("write a template to many devices of its profile"))
    p.add_argument("file", metavar="FILE", help=_("the template (device-specific settings in it are left out)"))
    p.add_argument("--devices", required=True, metavar="LIST",
                   help=_("TOML list of devices: [[devices]] name, tcp/rtu_over_tcp/serial, unit, [devices.settings]"))
    p.add_argument("--concurrency", type=int, default=4, help=_("devices written at once (default 4)"))
    p.add_argument("--timeout", type=float, default=1.0, help=_("per-request timeout, s (default 1)"))
    p.add_argument("--dry-run", action="store_true", help=_("check every device's configuration, write nothing"))
    p.set_defaults(func=run_apply)

    p = actions.add_parser("log", help=_("show the change log, or export it as CSV"))
    p.add_argument("--device", help=_("only this device's entries"))
    p.add_argument("--csv", metavar="FILE", help=_("write the entries as CSV"))
    p.set_defaults(func=run_log)


# ---- helpers


def _device(args: argparse.Namespace, profile: Profile) -> tuple[ModbusLink, Any]:
    endpoint, unit = endpoint_from_args(args, profile)
    link = ModbusLink(endpoint, timeout=args.timeout, retries=args.retries)
    return link, open_device(profile, link, unit)


def _file_profile(args: argparse.Namespace) -> Configuration:
    config = load(args.file)
    if args.profile and args.profile != config.profile.id:
        raise ConfigurationError(_("{file} is for profile {profile!r}, not {wanted!r}").format(
            file=args.file, profile=config.profile.id, wanted=args.profile))
    return config


def _print_changes(changes: Sequence[Change], old: str, new: str) -> None:
    rows = [(c.label, c.old_text, c.new_text) for c in changes]
    heading = _("Setting")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate((heading, old, new))]
    print(f"{heading:<{widths[0]}}  {old:<{widths[1]}}  {new}")
    for label, before, after in rows:
        print(f"{label:<{widths[0]}}  {before:<{widths[1]}}  {after}")


def _print_report(report: WriteReport) -> None:
    for r in report.results:
        shown = {"setting": r.change.label, "old": r.change.old_text, "new": r.change.new_text, "status": _(r.status)}
        if r.status != "verified" or r.restart:
            print(_("{setting}: {old} -> {new}: {status} ({message})").format(**shown, message=r.message))
        else:
            print(_("{setting}: {old} -> {new}: {status}").format(**shown))
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
        print(_("note: the device did not give {label} ({name})").format(label=profile.register(name).label, name=name),
              file=sys.stderr)
    for name, value in config.unusable.items():
        reg = profile.register(name)
        print(_("note: {label} ({name}) holds {value}, which the profile does not allow; it is left out").format(
            label=reg.label, name=name, value=codec.format_value(reg, value)), file=sys.stderr)
    if args.output:
        path = save(config, args.output)
        count = len(config.values)
        print(ngettext("{count} setting of {device} saved to {path}", "{count} settings of {device} saved to {path}",
                       count).format(count=count, device=device.name, path=path))
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
        print(_("{device} holds every setting of {file}").format(device=device.name, file=args.file))
        return 0
    _print_changes(changes, _("Device"), _("File"))
    print(_("{count} setting(s) differ").format(count=len(changes)))
    return 1


def run_compare(args: argparse.Namespace) -> int:
    old, new = load(args.old), load(args.new)
    changes = diff(old, new)
    if not changes:
        print(_("no differences"))
        return 0
    _print_changes(changes, Path(args.old).name, Path(args.new).name)
    print(_("{count} setting(s) differ").format(count=len(changes)))
    return 1


def run_check(args: argparse.Namespace) -> int:
    config = load(args.file)
    problems = check(config.profile, config.values, config.installation)
    for p in problems:
        template = _("{file}: error: {problem}") if p.is_error else _("{file}: warning: {problem}")
        print(template.format(file=args.file, problem=p))
    errors = [p for p in problems if p.is_error]
    print(_("{count} settings checked: {errors} error(s), {warnings} warning(s)").format(
        count=len(config.values), errors=len(errors), warnings=len(problems) - len(errors)))
    return 1 if errors else 0


async def run_write(args: argparse.Namespace) -> int:
    target = _file_profile(args)
    link, device = _device(args, target.profile)
    try:
        plan = await prepare_write(device, target)
        for warning in plan.warnings:
            print(_("warning: {warning}").format(warning=warning), file=sys.stderr)
        if plan.empty:
            print(_("{device} already holds every setting of {file}; nothing to write").format(
                device=device.name, file=args.file))
            return 0
        if args.dry_run:
            _print_changes(plan.changes, _("Device"), _("File"))
            print(_("dry run: {count} setting(s) would be written, in this order").format(count=len(plan.changes)))
            return 0
        report = await apply_write(device, plan, ChangeLog(), link.endpoint.label)
    finally:
        link.close()
    _print_report(report)
    if not report.ok:
        print(_("meterdesk: {message}").format(message=report.summary()), file=sys.stderr)
        return 1
    return 0


async def run_apply(args: argparse.Namespace) -> int:
    template = load(args.file)
    targets = read_devices(args.devices, template.profile, args.timeout)
    if args.dry_run:
        check_targets(template, targets)
        print(_("{count} device(s) can take {file}; nothing was written (dry run)").format(count=len(targets),
                                                                                         file=args.file))
        return 0
    done = 0

    def progress(outcome: DeviceOutcome) -> None:
        nonlocal done
        done += 1
        detail = outcome.report.summary() if outcome.report else outcome.message
        print(_("[{done}/{total}] {device}: {status} - {detail}").format(
            done=done, total=len(targets), device=outcome.name, status=_(outcome.status), detail=detail), flush=True)

    outcomes = await apply_template(template, targets, timeout=args.timeout, concurrency=args.concurrency,
                                    on_result=progress, log=ChangeLog())
    for outcome in outcomes:
        if outcome.report is None:
            continue
        for warning in outcome.report.warnings:
            print(_("warning: {device}: {warning}").format(device=outcome.name, warning=warning), file=sys.stderr)
        for r in outcome.report.results:
            if not r.ok:
                print(_("  {device}: {setting}: {status} ({message})").format(
                    device=outcome.name, setting=r.change.label, status=_(r.status), message=r.message))
    print(summary(outcomes))
    if not all(o.ok for o in outcomes):
        print(_("meterdesk: {failed} of {count} device(s) not done").format(
            failed=sum(not o.ok for o in outcomes), count=len(outcomes)), file=sys.stderr)
        return 1
    return 0


def run_log(args: argparse.Namespace) -> int:
    log = ChangeLog()
    if args.csv:
        count = log.export_csv(args.csv, args.device)
        print(_("{count} change(s) exported to {path}").format(count=count, path=args.csv))
        return 0
    entries = log.entries(args.device)
    for e in entries:
        unit = f" {e.unit}" if e.unit and not e.new.endswith(e.unit) else ""
        print(_("{time}  {user}  {device}  {setting}: {old} -> {new}{unit}  [{result}]").format(
            time=e.time, user=e.user, device=e.device, setting=e.label, old=e.old, new=e.new, unit=unit,
            result=_(e.result)))
    if not entries:
        print(_("no changes logged yet ({path})").format(path=log.path))
    return 0


# ---- device lists


def read_devices(path: str | Path, profile: Profile, timeout: float = 1.0) -> list[Target]:
    """The ``[[devices]]`` of a TOML file as template targets; errors name the file and entry."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(_("{path}: cannot read ({value})").format(path=path, value=exc.strerror or exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(_("{name}: not valid TOML ({reason})").format(name=path, reason=exc)) from None
    entries = data.get("devices")
    if not isinstance(entries, list) or not entries:
        raise ConfigurationError(_("{path}: no [[devices]] entries").format(path=path))
    targets = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ConfigurationError(_("{path}: device {number}: expected a table").format(path=path, number=i))
        name = str(entry.get("name") or f"device {i}")  # untranslated: default device name, kept in the change log
        where = _("{path}: device {number} ({name})").format(path=path, number=i, name=name)
        try:
            endpoint, default_unit = _endpoint(entry, profile)
            unit = entry.get("unit", default_unit)
            if not isinstance(unit, int) or isinstance(unit, bool) or not 0 <= unit <= 255:
                raise ValidationError(_("unit {unit!r} is not a unit id 0..255").format(unit=unit))
            values = _values(entry.get("settings", {}), profile)
        except MeterDeskError as exc:
            raise ConfigurationError(_("{where}: {error}").format(where=where, error=exc)) from None
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
    raise ValidationError(_("give tcp = \"HOST:PORT\", rtu_over_tcp = \"HOST:PORT\" or serial = \"PORT\""))


def _values(table: Any, profile: Profile) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ValidationError(_("[devices.settings] must be a table of NAME = VALUE"))
    settings = {r.name: r for r in profile.settings()}
    values = {}
    for name, raw in table.items():
        reg = settings.get(name)
        if reg is None:
            raise ValidationError(_("{profile} has no setting {name!r}").format(profile=profile.id, name=name))
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise ValidationError(_("{key}: expected a number or text, got {raw!r}").format(key=name, raw=raw))
        value = codec.parse_text(reg, raw) if isinstance(raw, str) and reg.type != "string" else raw
        values[name] = codec.validate(reg, value)
    return values

