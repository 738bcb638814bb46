"""``meterdesk upgrade plan|run``: firmware upgrades of one device or of a project's devices.

``plan`` reads each device and prints the steps, refusals and warnings;
nothing is sent. ``run`` backs up, installs and restores, printing the
upgrade log as it goes (and a progress line on a terminal); it asks for
confirmation unless ``--yes``, and exits non-zero with the reason when any
device fails or is refused. A run that stopped resumes when started again
with the same package.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from pathlib import Path

from app.cli.link_options import endpoint_from_args
from app.comtrade.fetch import HostKeys, SftpTarget
from app.errors import MeterDeskError
from app.i18n import _, ngettext
from app.profiles import profile_by_id
from app.project.paths import data_dir
from app.security.credentials import DEFAULT_PROJECT, CredentialKey, CredentialStore
from app.session import DeviceAddress, DeviceSession, LinkPool
from app.upgrade.backup import BackupStore
from app.upgrade.fleet import SUCCESS, Fleet, FleetEntry
from app.upgrade.keys import TrustedKeys
from app.upgrade.package import Package, open_package
from app.upgrade.runner import Upgrade, UpgradeOptions


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("upgrade", help=_("plan or run firmware upgrades from a signed package"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    plan = actions.add_parser("plan", help=_("print the upgrade steps, refusals and warnings; send nothing"))
    run = actions.add_parser("run", help=_("back up, upgrade, restore and verify"))
    for p in (plan, run):
        _selection_arguments(p)
    run.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    run.add_argument("--keep", default="all", metavar="GROUPS",
                     help=_("setting groups to restore after the upgrade, comma-separated, or 'all', or 'none'"))
    run.add_argument("--no-energy", action="store_true", help=_("do not write the energy values back"))
    for p in (plan, run):
        p.add_argument("--sftp-user", metavar="USER",
                       help=_("over SFTP as USER (password from the keyring): back up web pages and the COMTRADE "
                              "list, upload the package's web pages and option-module images"))
        p.add_argument("--sftp-port", type=int, default=22,
                       help=_("SFTP port of a device given by --tcp (default 22)"))
    run.add_argument("--download-comtrade", action="store_true", help=_("copy the COMTRADE records into the backup"))
    run.add_argument("--backup-dir", type=Path, help=_("where backups and logs go (default: MeterDesk's data folder)"))
    run.add_argument("--restart-timeout", type=float, default=120.0, help=_("s to wait for a device to restart"))
    run.add_argument("--parallel", type=int, default=4, help=_("devices upgraded at once over TCP (default 4)"))
    plan.set_defaults(func=plan_command)
    run.set_defaults(func=run_command)


def _selection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--package", required=True, type=Path, help=_("the firmware package (ZIP)"))
    parser.add_argument("--trust-keys", action="append", default=[], type=Path, metavar="DIR",
                        help=_("also trust the public keys (*.pub) in DIR"))
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--tcp", metavar="HOST:PORT", help=_("one device over Modbus TCP"))
    where.add_argument("--rtu-over-tcp", metavar="HOST:PORT", help=_("one device behind a serial gateway"))
    where.add_argument("--serial", metavar="PORT", help=_("one device on a serial port"))
    where.add_argument("--project", type=Path, metavar="FILE", help=_("devices of a project file"))
    parser.add_argument("--site", action="append", default=[], help=_("with --project: only this site (repeatable)"))
    parser.add_argument("--device", action="append", default=[], metavar="NAME",
                        help=_("with --project: only this device (repeatable)"))
    parser.add_argument("--profile", help=_("device profile (with --tcp, --rtu-over-tcp or --serial)"))
    parser.add_argument("--name", help=_("name of the device given by --tcp, --rtu-over-tcp or --serial"))
    parser.add_argument("--unit", type=int)
    parser.add_argument("--baud", type=int)
    parser.add_argument("--parity", choices=["N", "E", "O"])
    parser.add_argument("--stopbits", type=int, choices=[1, 2])
    parser.add_argument("--timeout", type=float, default=1.0, help=_("per-request timeout, s (default 1)"))
    parser.add_argument("--retries", type=int, default=2)


# ---- selection


def targets(args: argparse.Namespace) -> list[FleetEntry]:
    """The devices the command works on, from link options or from a project."""
    if args.project is None:
        if not args.profile:
            raise MeterDeskError(_("give --profile with --tcp, --rtu-over-tcp or --serial"))
        profile = profile_by_id(args.profile)
        endpoint, unit = endpoint_from_args(args, profile)
        name = args.name or f"{profile.model} at {endpoint.label} unit {unit}"  # untranslated: default device name, a key of its backups and keyring entries
        port = getattr(args, "sftp_port", 22)
        return [FleetEntry(DeviceAddress(name, profile.id, endpoint, unit, port, timeout=args.timeout))]
    from app.project.file import load_project

    project = load_project(args.project)
    sites = [s for s in project.sites if not args.site or s.name in args.site]
    unknown = set(args.site) - {s.name for s in project.sites}
    if unknown:
        raise MeterDeskError(_("{project}: no site {site!r} (sites: {sites})").format(
            project=args.project, site=min(unknown), sites=", ".join(s.name for s in project.sites)))
    entries = [FleetEntry(site.address(d), via_gateway=site.kind == "gateway")
               for site in sites for d in site.devices
               if d.profile and (not args.device or d.name in args.device)]  # fmt: skip
    missing = set(args.device) - {e.name for e in entries}
    if missing:
        raise MeterDeskError(_("{project}: no device {device!r} with a profile on the chosen sites").format(
            project=args.project, device=min(missing)))
    if not entries:
        raise MeterDeskError(_("{project}: no device with a profile on the chosen sites").format(project=args.project))
    return entries


def open_and_show(args: argparse.Namespace) -> Package:
    """Open the package (refused with the reason if it does not verify) and print what it holds."""
    package = open_package(args.package, TrustedKeys.load(args.trust_keys))
    m = package.manifest
    print(_("{name}  [{file}, for {models}, signed by key {key}]").format(
        name=m.name, file=args.package.name, models=", ".join(m.models), key=package.key))
    for c in m.components:
        print(_("  {component:<30} {file:<34} {size:>9} bytes  SHA-256 {digest}…").format(
            component=c.label, file=c.file, size=c.size, digest=c.sha256[:16]))
    for line in package.release_notes.strip().splitlines()[:6]:
        print(f"  | {line}")
    return package


# ---- plan


async def plan_command(args: argparse.Namespace) -> int:
    package = open_and_show(args)
    pool = LinkPool()
    ok = True
    sftp_for = _Sftp(args.sftp_user)
    host_keys = _host_keys()
    for entry in targets(args):
        session = DeviceSession(entry.address, pool, timeout=args.timeout, retries=args.retries)
        try:
            await session.connect()
            assert session.device is not None
            plan = await Upgrade(session.device, package, store=BackupStore(), via_gateway=entry.via_gateway,
                                 sftp=sftp_for(entry.address), host_keys=host_keys).plan()
        except MeterDeskError as exc:
            print(_("{device}: cannot plan: {error}").format(device=entry.name, error=exc))
            ok = False
            continue
        finally:
            session.disconnect()
        print("\n".join(plan.describe()))
        ok = ok and plan.ok
    return 0 if ok else 1


# ---- run


def _options(args: argparse.Namespace) -> UpgradeOptions:
    keep = args.keep.strip().lower()
    groups = None if keep == "all" else [] if keep == "none" else [g.strip() for g in args.keep.split(",") if g]
    return UpgradeOptions(groups=groups, energy=not args.no_energy, download_comtrade=args.download_comtrade,
                          restart_timeout=args.restart_timeout)


def _confirm(args: argparse.Namespace, count: int) -> None:
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise MeterDeskError(_("an upgrade erases recorded data and restarts the device: give --yes to confirm"))
    answer = input(ngettext("Upgrade {count} device? Recorded data and COMTRADE files will be erased and outputs "
                            "may change state. [y/N] ",
                            "Upgrade {count} devices? Recorded data and COMTRADE files will be erased and outputs "
                            "may change state. [y/N] ", count).format(count=count))
    if answer.strip().lower() not in ("y", "yes", _("y"), _("yes")):
        raise MeterDeskError(_("not confirmed; nothing was sent"))


def _host_keys() -> HostKeys:
    """The SFTP host keys MeterDesk has pinned (the GUI's too: the same file in the data folder)."""
    return HostKeys(data_dir() / "known_hosts.json")


class _Sftp:
    """SFTP targets with passwords from the keyring (or asked once on a terminal), never from files."""

    def __init__(self, user: str | None) -> None:
        self.user = user
        self.store = CredentialStore(session_fallback=True)

    def __call__(self, address: DeviceAddress) -> SftpTarget | None:
        if not self.user or address.endpoint.kind not in ("tcp", "tls"):
            return None
        key = CredentialKey(DEFAULT_PROJECT, address.name, self.user)
        password = self.store.get(key)
        if password is None:
            if not sys.stdin.isatty():
                raise MeterDeskError(_("no SFTP password for {user} on {device} in the keyring").format(
                    user=self.user, device=address.name))
            password = getpass.getpass(_("SFTP password of {user} on {device}: ").format(user=self.user,
                                                                                       device=address.name))
            self.store.set(key, password)
        return SftpTarget(address.endpoint.host, address.sftp_port, self.user, password)


class _Printer:
    """Log lines as they come; on a terminal, one progress line kept at the bottom."""

    def __init__(self, prefix: bool) -> None:
        self.prefix = prefix
        self.tty = sys.stdout.isatty()
        self._shown = False

    def line(self, name: str, text: str) -> None:
        if self._shown:
            print("\r\033[K", end="")
            self._shown = False
        print(f"{name}: {text}" if self.prefix else text, flush=True)

    def progress(self, entry: FleetEntry) -> None:
        p = entry.progress
        if not self.tty or p is None or p.phase != "transfer":
            return
        values = {"step": p.step, "steps": p.steps, "text": p.text, "done": p.done / 1024, "total": p.total / 1024,
                  "rate": p.rate / 1024, "seconds": p.eta}
        if p.eta is not None:
            text = _("step {step}/{steps} {text}: {done:.1f}/{total:.1f} kB, {rate:.1f} kB/s, {seconds:.0f} s left")
        else:
            text = _("step {step}/{steps} {text}: {done:.1f}/{total:.1f} kB, {rate:.1f} kB/s")
        head = f"{entry.name}: " if self.prefix else ""
        print(f"\r\033[K{head}{text.format(**values)}", end="", flush=True)
        self._shown = True


async def run_command(args: argparse.Namespace) -> int:
    package = open_and_show(args)
    entries = targets(args)
    _confirm(args, len(entries))
    printer = _Printer(prefix=len(entries) > 1)
    store = BackupStore(args.backup_dir)
    host_keys = _host_keys()
    fleet = Fleet(
        package, entries, store=store, options=_options(args), tcp_parallel=args.parallel, retries=args.retries,
        sftp_for=_Sftp(args.sftp_user), host_keys=host_keys,
        on_change=printer.progress,
        on_log=lambda e, line: printer.line(e.name, line.split("  ", 1)[-1]),
    )  # fmt: skip
    try:
        await fleet.run()
    except asyncio.CancelledError:
        raise MeterDeskError(_("interrupted; the next run with this package resumes")) from None
    print()
    for entry in entries:
        print(entry.report())
    return 0 if all(e.state in SUCCESS for e in entries) else 1
