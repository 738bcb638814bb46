"""Security posture audit of a device and of a whole project, from the manuals' checklists.

:func:`audit` turns a :class:`~app.security.client.Posture` into findings:
default passwords still valid, insecure protocols enabled, Modbus programming
allowed, lockouts disabled, protocols on that are off by default, firmware
older than the model's recommended version, and the device-specific items of
each manual. Every finding has a severity, the manual's recommendation in
MeterDesk's words and where the manual says it. A device is *clean* when it
has no finding above :attr:`Severity.INFO`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from app.i18n import N_, _, ngettext
from app.profiles import profile_by_id
from app.security import accounts as acc
from app.security.client import Posture


class Severity(IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        """The severity's English name (reports' style classes, JSON)."""
        return self.name.capitalize()

    @property
    def text(self) -> str:
        """The severity in words, in the user's language."""
        return _(SEVERITY_LABELS[self])


SEVERITY_LABELS = {Severity.INFO: N_("Info"), Severity.LOW: N_("Low"), Severity.MEDIUM: N_("Medium"),
                   Severity.HIGH: N_("High")}


@dataclass(frozen=True)
class Finding:
    """One audit result: what, why it matters, what to do, and where the manual says so."""

    device: str
    severity: Severity
    title: str
    recommendation: str
    source: str
    key: str


@dataclass
class DeviceAudit:
    device: str
    model: str
    firmware: str
    findings: list[Finding] = field(default_factory=list)
    error: str = ""

    @property
    def clean(self) -> bool:
        return not self.error and all(f.severity == Severity.INFO for f in self.findings)

    @property
    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    @property
    def verdict(self) -> str:
        """The result in a few words ("clean", "worst: High"…), in the user's language."""
        if self.error:
            return _("not read: {error}").format(error=self.error)
        if self.clean:
            return _("clean")
        return _("worst: {severity}").format(severity=self.worst.text)


@dataclass
class ProjectAudit:
    """The audits of every device of a project (a device that could not be read has ``error``)."""

    devices: list[DeviceAudit]

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.devices for f in d.findings if f.severity == severity)

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.devices for f in d.findings]


Check = Callable[[Posture], Iterable[tuple[Severity, str, str, str, str]]]


def _on(posture: Posture, name: str) -> bool:
    return bool(posture.settings.get(name))


def _version(text: str) -> tuple[int, ...] | None:
    """``4.6.0`` or ``v4.6`` as numbers (None when it is not a version)."""
    match = re.fullmatch(r"[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?", text.strip())
    return tuple(int(g or 0) for g in match.groups()) if match else None


def _firmware(posture: Posture) -> Iterable[tuple]:
    model = posture.model
    if model.recommended_firmware is None:
        return
    have = _version(posture.firmware)
    if have is None:
        yield (Severity.INFO, "firmware",
               _("Firmware version unknown ({firmware})").format(firmware=posture.firmware or _("not readable")),
               _("Check that the firmware is {version} or later.").format(version=model.recommended_firmware),
               _(model.firmware_source))
    elif have < _version(model.recommended_firmware):
        yield (Severity.MEDIUM, "firmware",
               _("Firmware {firmware} is older than {version}").format(firmware=posture.firmware,
                                                                      version=model.recommended_firmware),
               _("Upgrade to the latest firmware: updates fix security weaknesses."), _(model.firmware_source))


def _accounts(posture: Posture) -> Iterable[tuple]:
    model = posture.model
    for a in posture.accounts:
        if not a.enabled:
            continue
        if a.factory_password:
            title = (_("{name} still has the factory password {password!r}") if model.factory_password
                     else _("{name} still has the factory password printed on its label"))
            advice = (_("Give {name} a new password, or disable the account if nobody uses it.") if model.accounts > 1
                      else _("Give {name} a new password."))
            yield (Severity.HIGH if model.factory_password else Severity.MEDIUM, f"factory-password-{a.account}",
                   title.format(name=a.name, password=model.factory_password), advice.format(name=a.name),
                   "ion7400-part1.md L1028-L1030, L1112-L1141" if model.profile_id == "ion7400"
                   else "bcpm.md L1231-L1234, L1271-L1279")
        elif not a.has_password:
            yield (Severity.INFO, f"no-password-{a.account}", _("{name} has rights but no password yet").format(name=a.name),
                   _("Set a password for {name} or remove its rights.").format(name=a.name), "ion7400-part1.md L1286-L1319")


def _protocols(posture: Posture) -> Iterable[tuple]:
    defaults = []
    for p in posture.model.protocols:
        if p.enable is None or p.enable not in posture.settings:
            continue
        on = _on(posture, p.enable)
        if not on:
            continue
        if p.port and p.port in posture.settings and posture.settings[p.port] == profile_by_id(
                posture.profile_id).register(p.port).default:  # the profile's default is the factory port
            defaults.append(f"{p.label} {posture.settings[p.port]}")
        if p.enable == "ion_enabled":
            yield (Severity.MEDIUM, "protocol-ion", _("ION (TCP 7700) is enabled; it is not encrypted"),
                   _("Use Secure ION (ION over TLS) and disable plain ION."), "ion7400-part1.md L1030, L1427-L1455")
        elif p.enable == "modbus_tcp_enabled":
            yield (Severity.INFO, "protocol-modbus", _("Modbus TCP is enabled; it is not encrypted"),
                   _("Keep the meter on a segmented network; encrypt links that leave it."),
                   "ion7400-part1.md L1030, L962-L1001")
        elif p.enable == "sftp_enabled":
            yield (Severity.LOW, "protocol-sftp", _("SFTP is enabled"),
                   _("Disable SFTP unless records or files are fetched from the meter."), "ion7400-part1.md L1428")
        elif not p.default_on:
            title = (_("{name} is enabled (off by default)") if p.encrypted
                     else _("{name} is enabled (off by default and not encrypted)"))
            yield (Severity.MEDIUM, f"protocol-{p.enable}", title.format(name=p.label),
                   _("Disable {name} unless it is used.").format(name=p.label),
                   f"ion7400-part1.md L1599-L1625 ({_(p.source)})")
    if defaults:
        yield (Severity.INFO, "default-ports", _("Default port numbers: {ports}").format(ports=", ".join(defaults)),
               _("Consider non-default ports for the protocols in use."), "ion7400-part1.md L1427-L1428")


def _ion7400(posture: Posture) -> Iterable[tuple]:
    s = posture.settings
    src = "ion7400-part1.md "
    if s.get("security_mode") == 0:
        yield (Severity.MEDIUM, "standard-mode", _("Standard (legacy) security mode: one numeric password"),
               _("Switch to advanced security: accounts with rights, longer passwords."), src + "L1356-L1379")
    if s.get("modbus_access") == 2:
        yield (Severity.HIGH, "modbus-programming", _("Modbus programming is allowed (Modbus Access Read/Write)"),
               _("Set Modbus Access to Read Only: over Modbus anyone can change settings without a password."),
               src + "L1162-L1167, L1616")
    if s.get("password_complexity") == 0:
        yield (Severity.LOW, "complexity", _("No password complexity rule"),
               _("Choose IEEE 1686-2013 or NERC CIP-007-5 with a minimum length of at least 6."), src + "L1084-L1086")
    if _on(posture, "web_setup_enabled"):
        yield (Severity.MEDIUM, "web-setup", _("Set-up by web pages is allowed"),
               _("Disable set-up by web pages unless it is needed."), src + "L1143-L1170, L1615")
    if _on(posture, "broadcast_time_sync"):
        yield (Severity.LOW, "time-sync", _("Broadcast time synchronization is allowed"),
               _("Disable it unless a trusted broadcast time source is used: spoofed time invalidates records."),
               src + "L1172-L1190")
    if _on(posture, "front_panel_programming"):
        yield (Severity.INFO, "front-panel", _("Front panel programming is allowed"),
               _("Disable it where the display is reachable by people who should not configure the meter."),
               src + "L1143-L1170")
    for channel in acc.CHANNELS:
        if s.get(f"lockout_{channel}") == 0:
            yield (Severity.MEDIUM, f"lockout-{channel}",
                   _("Lockout disabled on {name}").format(name=acc.channel_name(channel)),
                   _("Lock an account after a few failed logins (the factory setting is 8)."), src + "L1192-L1240")
    for name, title in (("priority_invalid_login", _("Invalid logins are not recorded in the event log (priority {priority})")),
                        ("priority_lockout", _("Lockouts are not recorded in the event log (priority {priority})"))):
        if name in s and s[name] <= acc.MIN_LOGGED_PRIORITY:
            yield (Severity.LOW, name, title.format(priority=s[name]),
                   _("Give them a priority above 5 (factory: 128 for invalid logins, 255 for lockouts)."),
                   src + "L1242-L1284")
    for channel, count in posture.locked.items():
        yield (Severity.INFO, f"locked-{channel}",
               ngettext("{count} account locked out now on {channel}", "{count} accounts locked out now on {channel}",
                        count).format(count=count, channel=acc.channel_name(channel)),
               _("Check the event log for who tried to log in."), src + "L1686-L1720")


def _bcpme(posture: Posture) -> Iterable[tuple]:
    s = posture.settings
    if s.get("web_login") == 0:
        yield (Severity.HIGH, "no-login", _("The web GUI has no login page (firmware 1.026 or older)"),
               _("Upgrade to firmware 1.027 or later, which requires a login and HTTPS."), "bcpm.md L715, L720")
    mode = s.get("web_security_mode")
    if mode == 0:
        yield (Severity.HIGH, "web-unconfigured", _("Web server security is not configured"),
               _("Log in and choose HTTPS with your own trusted TLS certificate: the first visitor sets it."),
               "bcpm.md L1218-L1253")
    elif mode == 2:
        yield (Severity.LOW, "self-signed", _("The web server uses the default self-signed certificate"),
               _("Install your own trusted TLS certificate: a self-signed one allows man-in-the-middle attacks."),
               "bcpm.md L1218-L1253")
    yield (Severity.INFO, "unencrypted", _("Modbus TCP (and BACnet/IP or SNMP in their protocol modes) is not encrypted"),
           _("Keep the BCPME on a segmented network behind a firewall; encrypt links that leave it."),
           "bcpm.md L1088-L1103, L1283-L1291")
    if s.get("protocol_mode") in (2, 3):
        yield (Severity.LOW, "extra-protocol", _("BACnet/IP or SNMP is on (protocol mode)"),
               _("Use protocol mode 4 (Modbus only) unless BACnet/IP or SNMP is needed."), "bcpm.md L796-L807")
    yield (Severity.INFO, "no-lockout", _("The guide documents no login lockout"),
           _("Restrict who can reach the web GUI (firewall, segmentation)."), "bcpm.md §8")


def _iskra(posture: Posture) -> Iterable[tuple]:
    s = posture.settings
    yield (Severity.INFO, "no-login", _("The SG has no login"),
           _("Keep it on a segmented network: whoever reaches its Modbus TCP port can change its settings."),
           "iskra-sg.md §0")
    for n in (1, 2):
        if s.get(f"push{n}_protocol") != 1 or not s.get(f"push{n}_server"):
            continue
        if s.get(f"push{n}_mqtt_protocol") == 0:
            credentials = bool(s.get(f"push{n}_mqtt_username"))
            title = (_("MQTT link {n} uses MQTT over TCP with a user name and password: data and credentials "
                       "cross in clear") if credentials
                     else _("MQTT link {n} uses MQTT over TCP: data and credentials cross in clear"))
            yield (Severity.HIGH if credentials else Severity.MEDIUM, f"mqtt-plain-{n}", title.format(n=n),
                   _("Use MQTT over SSL with the broker's certificate on the SG."), "iskra-sg.md §7.2.2 (L803-L813)")
        else:
            cert = s.get(f"push{n}_mqtt_certificate")
            if not cert or cert not in posture.certificates:
                yield (Severity.MEDIUM, f"mqtt-certificate-{n}",
                       _("MQTT link {n}: its server certificate '{certificate}' is not on the SG").format(
                           n=n, certificate=cert or ""),
                       _("Add the broker's certificate with the Certificate Manager."), "iskra-sg.md §7.7 (L1063-L1074)")
    if s.get("debug_console") == 1:
        yield (Severity.LOW, "debug-console", _("The debug console is on"),
               _("Turn the debug console off outside troubleshooting."), "iskra-sg.md §7.2.1")
    upgrade = s.get("upgrade_certificate")
    if not upgrade or upgrade not in posture.certificates:
        yield (Severity.INFO, "upgrade-certificate", _("No certificate chosen for firmware upgrades"),
               _("Add the upgrade server's certificate with the Certificate Manager before upgrading."),
               "iskra-sg.md §7.7 (L1063-L1074)")


CHECKS: dict[str, tuple[Check, ...]] = {
    "ion7400": (_accounts, _ion7400, _protocols, _firmware),
    "bcpme": (_accounts, _bcpme, _firmware),
    "iskra-sg": (_iskra, _firmware),
}


def audit(posture: Posture) -> DeviceAudit:
    """The findings of one device, most severe first."""
    result = DeviceAudit(posture.device, posture.model.title, posture.firmware)
    for check in CHECKS.get(posture.profile_id, ()):
        for severity, key, title, recommendation, source in check(posture):
            result.findings.append(Finding(posture.device, severity, title, recommendation, source, key))
    result.findings.sort(key=lambda f: -f.severity)
    return result


def audit_project(postures: Iterable[Posture | tuple[str, str, str]]) -> ProjectAudit:
    """Audits of many devices; a ``(device, model, error)`` tuple stands for one that could not be read."""
    audits = []
    for item in postures:
        if isinstance(item, Posture):
            audits.append(audit(item))
        else:
            device, model, error = item
            audits.append(DeviceAudit(device, model, "", error=error))
    return ProjectAudit(audits)
