"""Sites and devices of a project, and how each becomes a link and a device address.

A **serial site** is one RS-485 line (port, baud rate, parity, stop bits); a
**TCP site** is one Ethernet device (host, port); a **gateway site** is a TCP
connection to a gateway that forwards to serial unit ids, either as Modbus TCP
(the Iskra SG, a Modbus gateway) or transparently as RTU frames (ION7400
EtherGate). TCP and gateway sites may use Modbus/TCP Security (TLS, port 802).

Devices remember what they said they were when last identified. Nothing here
is secret: passwords live in the system keyring, keyed by project and device.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.errors import MeterDeskError
from app.i18n import N_, _
from app.modbus.link import Endpoint, host_port
from app.session import DeviceAddress

#: Site kinds and their names (shown through :func:`app.i18n._`).
SITE_KINDS = {"serial": N_("Serial line"), "tcp": N_("TCP device"), "gateway": N_("Gateway")}
PARITIES = ("N", "E", "O")
SECURITY = ("none", "tls")
#: Gateway framings: Modbus TCP (MBAP), or RTU frames passed through (EtherGate style).
GATEWAY_FRAMINGS = ("tcp", "rtu-tcp")


class ProjectError(MeterDeskError):
    """A project file or a site or device entry is unusable; the message says where and why."""


@dataclass
class KnownIdentity:
    """What a device reported the last time it was identified; ``seen`` is ISO 8601."""

    vendor: str = ""
    model: str = ""
    serial: str = ""
    firmware: str = ""
    seen: str = ""

    @classmethod
    def now(cls, vendor: str = "", model: str = "", serial: str = "", firmware: str = "") -> KnownIdentity:
        seen = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        return cls(vendor, model, serial, firmware, seen)

    @property
    def summary(self) -> str:
        parts = [" ".join(x for x in (self.vendor, self.model) if x)]
        if self.serial:
            parts.append(_("serial {serial}").format(serial=self.serial))
        if self.firmware:
            parts.append(_("firmware {firmware}").format(firmware=self.firmware))
        return ", ".join(p for p in parts if p)


@dataclass
class DeviceEntry:
    """A device on a site: a name, its unit id and profile (``""`` until one is picked)."""

    name: str
    unit: int
    profile: str = ""
    identity: KnownIdentity = field(default_factory=KnownIdentity)
    sftp_port: int = 22  # the device's SFTP site (ION7400 COMTRADE records)


@dataclass
class Site:
    """One physical path to devices, with its line or network settings.

    Times are seconds: ``timeout`` per request, ``frame_delay`` of quiet between
    an answer and the next request (slow RS-485 devices need it).
    """

    name: str
    kind: str = "tcp"
    port: str = ""  # serial port name or pyserial URL
    baud: int = 19200
    parity: str = "N"
    stopbits: int = 1
    timeout: float = 1.0
    frame_delay: float = 0.0
    host: str = ""
    tcp_port: int = 502
    framing: str = "tcp"
    security: str = "none"
    client_cert: str = ""  # PEM certificate file for Modbus/TCP Security (optional)
    client_key: str = ""  # its private key (PEM, unencrypted)
    devices: list[DeviceEntry] = field(default_factory=list)

    @property
    def encrypted(self) -> bool:
        return self.kind != "serial" and self.security == "tls"

    def endpoint(self) -> Endpoint:
        if self.kind == "serial":
            return Endpoint.serial(self.port, self.baud, self.parity, self.stopbits)
        if self.encrypted:
            return Endpoint.tls(host_port(self.host, self.tcp_port), self.client_cert, self.client_key)
        return Endpoint.tcp(host_port(self.host, self.tcp_port), rtu=self.framing == "rtu-tcp")

    @property
    def link_label(self) -> str:
        """The link in words, e.g. ``COM3 19200 8E1`` or ``10.0.0.5:502, TLS``."""
        if self.kind == "serial":
            return f"{self.port} {self.baud} 8{self.parity}{self.stopbits}"
        text = host_port(self.host, self.tcp_port)
        if self.kind == "gateway" and self.framing == "rtu-tcp":
            text += " RTU"
        if self.encrypted:
            return _("{address}, TLS").format(address=text)
        return _("{address}, unencrypted").format(address=text)

    def address(self, device: DeviceEntry) -> DeviceAddress:
        return DeviceAddress(device.name, device.profile, self.endpoint(), device.unit, device.sftp_port,
                             timeout=self.timeout, frame_delay=self.frame_delay)

    def device(self, name: str) -> DeviceEntry | None:
        return next((d for d in self.devices if d.name == name), None)

    def check(self) -> None:
        """Raise :class:`ProjectError` naming the first bad setting."""
        if not self.name.strip():
            raise ProjectError(_("the site has no name"))
        if self.kind not in SITE_KINDS:
            raise ProjectError(_("site kind {kind!r} is not one of {items}").format(
                kind=self.kind, items=', '.join(SITE_KINDS)))
        _within(_("timeout"), self.timeout, 0.01, 60.0, "s")
        _within(_("inter-frame delay"), self.frame_delay, 0.0, 5.0, "s")
        if self.kind == "serial":
            if not self.port.strip():
                raise ProjectError(_("no serial port is given"))
            _within(_("baud rate"), self.baud, 300, 4_000_000, "Bd")
            if self.parity not in PARITIES:
                raise ProjectError(_("parity {parity!r} is not N, E or O").format(parity=self.parity))
            if self.stopbits not in (1, 2):
                raise ProjectError(_("stop bits {stopbits} is not 1 or 2").format(stopbits=self.stopbits))
        else:
            if not self.host.strip():
                raise ProjectError(_("no host is given"))
            _within(_("TCP port"), self.tcp_port, 1, 65535, "")
            if self.security not in SECURITY:
                raise ProjectError(_("security {security!r} is not 'none' or 'tls'").format(security=self.security))
            if self.framing not in GATEWAY_FRAMINGS:
                raise ProjectError(_("gateway framing {framing!r} is not 'tcp' or 'rtu-tcp'").format(
                    framing=self.framing))
            if self.encrypted and self.framing != "tcp":
                raise ProjectError(_("Modbus/TCP Security carries Modbus TCP frames, not RTU frames"))
            if self.client_key and not self.client_cert:
                raise ProjectError(_("a client key is given without its certificate"))
        units = set()
        for device in self.devices:
            check_device(device, self.kind)
            if device.unit in units:
                raise ProjectError(_("unit id {unit} is used twice (device {name!r})").format(
                    unit=device.unit, name=device.name))
            units.add(device.unit)


def check_device(device: DeviceEntry, site_kind: str) -> None:
    if not device.name.strip():
        raise ProjectError(_("the device at unit {unit} has no name").format(unit=device.unit))
    low, high = (1, 247) if site_kind == "serial" else (0, 255)
    if not low <= device.unit <= high:
        raise ProjectError(_("device {name!r}: unit id {unit} is outside {low}..{high}").format(
            name=device.name, unit=device.unit, low=low, high=high))


def _within(what: str, value: float, low: float, high: float, unit: str) -> None:
    if not low <= value <= high:
        unit = f" {unit}" if unit else ""
        raise ProjectError(_("{what} {value:g}{unit} is outside {low:g}..{high:g}{unit}").format(
            what=what, value=value, unit=unit, low=low, high=high))


@dataclass
class Project:
    """A named set of sites; ``path`` is where it was last saved (None: not yet)."""

    name: str = field(default_factory=lambda: _("My devices"))  # in the language of the user who creates it
    sites: list[Site] = field(default_factory=list)
    path: Path | None = None

    def site(self, name: str) -> Site | None:
        return next((s for s in self.sites if s.name == name), None)

    def unique_site_name(self, wanted: str) -> str:
        name, n = wanted, 2
        while self.site(name) is not None:
            name, n = f"{wanted} ({n})", n + 1
        return name

    def add_site(self, site: Site) -> Site:
        """Add ``site`` (renamed ``"name (2)"`` if the name is taken) after checking it."""
        site.check()
        site.name = self.unique_site_name(site.name)
        self.sites.append(site)
        return site

    def site_for(self, endpoint: Endpoint) -> Site | None:
        """The site whose link is ``endpoint`` (serial line settings ignored: same port, same bus)."""
        for site in self.sites:
            mine = site.endpoint()
            if mine == endpoint or (mine.kind == endpoint.kind == "rtu" and mine.device == endpoint.device):
                return site
        return None

    def locate(self, address: DeviceAddress) -> tuple[Site, DeviceEntry] | None:
        for site in self.sites:
            for device in site.devices:
                if site.address(device) == address:
                    return site, device
        return None

    def add_device(self, site: Site, device: DeviceEntry) -> DeviceEntry:
        """Add ``device`` to ``site``; raise if its unit id is taken there or not allowed on that kind of site."""
        clash = next((d for d in site.devices if d.unit == device.unit), None)
        if clash is not None:
            raise ProjectError(_("{name!r} already has unit {unit} ({name2!r})").format(
                name=site.name, unit=device.unit, name2=clash.name))
        check_device(device, site.kind)
        site.devices.append(device)
        return device

    def move_device(self, device: DeviceEntry, source: Site, target: Site) -> DeviceEntry:
        """Move ``device`` to ``target``, keeping its unit id; raise as :meth:`add_device` does."""
        if source is target:
            return device
        self.add_device(target, device)
        source.devices.remove(device)
        return device

    def merge(self, other: Project) -> list[Site]:
        """Import ``other``'s sites (copies, renamed where names clash); return them."""
        added = []
        for site in other.sites:
            copy = replace(site, devices=[replace(d, identity=replace(d.identity)) for d in site.devices])
            added.append(self.add_site(copy))
        return added


def site_for_endpoint(endpoint: Endpoint, name: str = "") -> Site:
    """A new site for ``endpoint`` (serial line, TCP device or RTU-over-TCP gateway)."""
    if endpoint.kind == "rtu":
        return Site(name or endpoint.device, "serial", port=endpoint.device, baud=endpoint.baud,
                    parity=endpoint.parity, stopbits=endpoint.stopbits)
    kind = "gateway" if endpoint.kind == "rtu-tcp" else "tcp"
    return Site(name or f"{endpoint.host}:{endpoint.port}", kind, host=endpoint.host, tcp_port=endpoint.port,
                framing="rtu-tcp" if endpoint.kind == "rtu-tcp" else "tcp",
                security="tls" if endpoint.kind == "tls" else "none",
                client_cert=endpoint.client_cert, client_key=endpoint.client_key)
