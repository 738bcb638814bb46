"""``meterdesk security audit|apply|passwords``: device security from scripts.

Secrets never come from arguments: passwords and passphrases are read from the
system keyring or asked for (hidden input on a terminal; one line of standard
input otherwise), and new passwords go to the keyring. Devices are one device
given by link options, or every device of a project file (``--project``).

Exit codes: 0 done (``audit``: every device clean), 1 a device failed or an
error, 3 ``audit`` found something above "info".
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from app.cli.link_options import add_link_arguments, endpoint_from_args
from app.errors import MeterDeskError
from app.i18n import N_, _
from app.profiles import profile_by_id
from app.project.file import load_project
from app.security import report as html_report
from app.security import scf
from app.security.apply import (
    FAILED,
    UNCHANGED,
    UNKNOWN,
    VERIFIED,
    WRITTEN,
    DeviceReport,
    PasswordJob,
    apply_to_many,
    connect,
    generate_password,
    key_for,
    update_passwords,
)
from app.security.audit import audit_project
from app.security.credentials import DEFAULT_PROJECT, CredentialStore
from app.security.models import model_for
from app.session import DeviceAddress

NOT_CLEAN = 3
#: What a setting's or password's outcome status (an English key) says to users.
STATUS_TEXTS = {VERIFIED: N_("verified"), WRITTEN: N_("written"), FAILED: N_("failed"), UNCHANGED: N_("unchanged"),
                UNKNOWN: N_("unknown")}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("security", help=_("audit device security, apply a security file, update passwords"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    audit = actions.add_parser("audit", help=_("posture audit of one device or a whole project"))
    _targets(audit)
    audit.add_argument("--json", action="store_true", help=_("findings as JSON"))
    audit.add_argument("--report", metavar="FILE.html", help=_("also write an HTML report"))
    audit.set_defaults(func=run_audit)

    apply = actions.add_parser("apply", help=_("apply a security configuration file (.scf) to devices"))
    apply.add_argument("file", metavar="FILE.scf")
    _targets(apply)
    apply.set_defaults(func=run_apply)

    passwords = actions.add_parser("passwords", help=_("set new passwords on one or many devices"))
    _targets(passwords)
    passwords.add_argument("--account", type=int, action="append", metavar="N",
                           help=_("account number (USER N on an ION7400; 1 = admin on a BCPME); repeatable; "
                                  "default: the administrator"))
    how = passwords.add_mutually_exclusive_group(required=True)
    how.add_argument("--generate", action="store_true", help=_("a new random password per device and account"))
    how.add_argument("--prompt", action="store_true", help=_("type one new password for every device"))
    passwords.set_defaults(func=run_passwords)


def _targets(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", metavar="FILE", help=_("every device of this project file"))
    parser.add_argument("--device", action="append", metavar="NAME", help=_("only these devices of the project"))
    parser.add_argument("--name", help=_("device name for a device given by link options (keyring entries)"))
    parser.add_argument("--keyring-project", metavar="NAME",
                        help=_("project part of the keyring entries (default: the project's name, or 'default')"))
    links = parser.add_argument_group(_("one device instead of a project"))
    add_link_arguments(links, profile_required=False)
    for action in parser._actions:  # the link options are optional when --project is given
        if action.dest in ("tcp", "rtu_over_tcp", "serial"):
            action.required = False
    for group in parser._mutually_exclusive_groups:
        group.required = False


def _addresses(args: argparse.Namespace) -> tuple[list[DeviceAddress], str]:
    project_name = args.keyring_project
    if args.project:
        project = load_project(args.project)
        addresses = [site.address(d) for site in project.sites for d in site.devices if d.profile]
        if args.device:
            unknown = sorted(set(args.device) - {a.name for a in addresses})
            if unknown:
                raise MeterDeskError(_("{project}: no device named {names}").format(
                    project=args.project, names=", ".join(map(repr, unknown))))
            addresses = [a for a in addresses if a.name in args.device]
        return addresses, project_name or project.name
    if not (args.tcp or args.rtu_over_tcp or args.serial):
        raise MeterDeskError(_("give --project FILE, or one device with --tcp, --rtu-over-tcp or --serial"))
    if not args.profile:
        raise MeterDeskError(_("give --profile for a device given by link options (see 'meterdesk profiles')"))
    profile = profile_by_id(args.profile)
    endpoint, unit = endpoint_from_args(args, profile)
    name = args.name or f"{endpoint.label} #{unit}"
    return [DeviceAddress(name, profile.id, endpoint, unit)], project_name or DEFAULT_PROJECT


def ask_secret(prompt: str) -> str:
    """A secret typed by the user: hidden on a terminal, else one line of standard input."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    print(prompt, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        raise MeterDeskError(_("{prompt}: nothing to read on standard input").format(
            prompt=prompt.strip().rstrip(":").rstrip()))
    return line.rstrip("\r\n")


def _store() -> CredentialStore:
    """The keyring, or memory for this run only (said plainly) when there is no usable keyring."""
    store = CredentialStore(session_fallback=True)
    status = store.status()
    if not status.usable:
        print(_("meterdesk: no usable keyring ({reason}); passwords are kept in memory for this run only and "
                "nothing is written to disk").format(reason=status.reason), file=sys.stderr)
    return store


def _ensure_admin_passwords(addresses: list[DeviceAddress], store: CredentialStore, project: str) -> None:
    """Ask for the administrator password of devices the keyring has none for."""
    for a in addresses:
        model = model_for(a.profile_id)
        if not model.has_login:
            continue
        key = key_for(project, a.name, model.account_label(model.admin_account))
        if store.get(key) is None:
            store.set(key, ask_secret(_("Password of {user} on {device}: ").format(user=key.user, device=a.name)))


def _print_reports(reports: list[DeviceReport]) -> int:
    for r in reports:
        print(r.summary())
        for o in r.outcomes:
            status = _(STATUS_TEXTS.get(o.status, o.status))
            if o.message:
                print(_("  {item}: {status} ({message})").format(item=o.item, status=status, message=o.message))
            else:
                print(_("  {item}: {status}").format(item=o.item, status=status))
    failed = [r.device for r in reports if not r.ok]
    done, count = len(reports) - len(failed), len(reports)
    if failed:
        print(_("{done} of {count} device(s) done; check: {devices}").format(done=done, count=count,
                                                                            devices=", ".join(failed)))
    else:
        print(_("{done} of {count} device(s) done").format(done=done, count=count))
    return 1 if failed else 0


async def run_audit(args: argparse.Namespace) -> int:
    addresses, project = _addresses(args)
    postures: list = []
    for a in addresses:
        try:
            async with connect(a, timeout=args.timeout) as client:
                postures.append(await client.read_posture())
        except MeterDeskError as exc:
            postures.append((a.name, a.profile_id, str(exc)))
    result = audit_project(postures)
    if args.report:
        path = html_report.write_html(args.report, html_report.render(result, project=project))
        print(_("report written to {path}").format(path=path), file=sys.stderr)
    if args.json:
        print(json.dumps([{
            "device": d.device, "model": d.model, "firmware": d.firmware, "clean": d.clean, "error": d.error,
            "findings": [{"severity": f.severity.label, "finding": f.title, "recommendation": f.recommendation,
                          "source": f.source} for f in d.findings],
        } for d in result.devices], indent=2))  # fmt: skip
    else:
        for d in result.devices:
            if d.firmware:
                head = _("{device} ({model}, firmware {firmware})").format(device=d.device, model=d.model,
                                                                          firmware=d.firmware)
            else:
                head = f"{d.device} ({d.model})"
            if d.error:
                print(_("{device}: not read: {error}").format(device=head, error=d.error))
            elif d.clean:
                print(_("{device}: clean").format(device=head))
            else:
                print(head)
            for f in d.findings:
                print(_("  [{severity}] {finding}. {recommendation} ({source})").format(
                    severity=f.severity.text, finding=f.title, recommendation=f.recommendation, source=f.source))
    if any(d.error for d in result.devices):
        return 1
    return 0 if all(d.clean for d in result.devices) else NOT_CLEAN


async def run_apply(args: argparse.Namespace) -> int:
    addresses, project = _addresses(args)
    info = scf.info(args.file)
    passphrase = None
    if info.encrypted_secrets:
        passphrase = ask_secret(_("Passphrase of {file} (empty: apply without its passwords): ").format(
            file=Path(args.file).name))
    config = scf.load(args.file, passphrase=passphrase or None)
    store = _store()
    if config.passwords and not store.persistent:
        raise MeterDeskError(_("no usable keyring: the file's new passwords could not be kept; apply it "
                               "without them (empty passphrase) or on a machine with a keyring"))
    _ensure_admin_passwords(addresses, store, project)
    return _print_reports(await apply_to_many(config, addresses, store, project=project, timeout=args.timeout))


async def run_passwords(args: argparse.Namespace) -> int:
    addresses, project = _addresses(args)
    store = _store()
    if args.generate and not store.persistent:
        raise MeterDeskError(_("no usable keyring: generated passwords could not be kept; use --prompt "
                               "to type a password you keep yourself"))
    with_login = []
    for a in addresses:
        model = model_for(a.profile_id)
        if model.has_login:
            with_login.append(a)
        else:
            print(_("{device}: {model} has no accounts; skipped").format(device=a.name, model=model.title),
                  file=sys.stderr)
    _ensure_admin_passwords(with_login, store, project)
    typed = None
    if args.prompt:
        typed = ask_secret(_("New password: "))
        if ask_secret(_("New password again: ")) != typed:
            raise MeterDeskError(_("the two passwords differ; nothing was changed"))
    jobs = []
    for a in with_login:
        model = model_for(a.profile_id)
        accounts = args.account or [model.admin_account]
        policy = model.policy({})
        jobs.append(PasswordJob(a, {n: typed if typed is not None else generate_password(policy) for n in accounts}))
    reports = await update_passwords(jobs, store, project=project, timeout=args.timeout)
    code = _print_reports(reports)
    if args.generate and store.persistent:
        print(_("The new passwords are in the keyring (service 'MeterDesk', account '{project}/<device>/<user>').")
              .format(project=project))
    return code

