"""Device sessions: a named device, its shared link, its driver, its state and its health.

Devices on the same serial bus (or the same gateway connection) share one
:class:`ModbusLink` through a :class:`LinkPool`, so requests on a bus stay
strictly sequential while TCP devices run concurrently.

A session whose link drops goes to ``reconnecting`` and is tried again after
growing delays (:class:`Backoff`); the caller's supervisor (the GUI's
heartbeat) calls :meth:`DeviceSession.supervise` and polling resumes on its
own once the device answers. A changed TLS certificate stops the retries: only
the user may trust it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from app.drivers import open_device
from app.drivers.generic import Device, Identity
from app.errors import MeterDeskError
from app.i18n import _
from app.modbus.errors import LinkError
from app.modbus.link import Endpoint, LinkStats, ModbusLink
from app.modbus.tls import CertificateChanged, CertificatePins
from app.profiles import Profile, profile_by_id

#: Error kinds that mean the path itself is gone (as opposed to a device not answering).
LINK_DOWN = frozenset({"disconnected", "refused", "unreachable", "port-missing", "port-busy",
                       "port-permission", "port-settings", "tls"})  # fmt: skip
STATES = ("disconnected", "connecting", "connected", "error", "reconnecting")


class LinkPool:
    """Shares one link per endpoint, with reference counts.

    ``pins`` is the TLS certificate pin store of every ``tls`` link (default:
    the user's). Functions in :attr:`link_added` are called with each new link
    (a traffic monitor watches them).
    """

    def __init__(self, pins: CertificatePins | None = None) -> None:
        self.pins = pins
        self.link_added: list[Callable[[ModbusLink], None]] = []
        self._links: dict[Endpoint, list] = {}

    def acquire(self, endpoint: Endpoint, timeout: float = 1.0, retries: int = 2,
                frame_delay: float = 0.0) -> ModbusLink:
        entry = self._links.get(endpoint)
        if entry is None:
            link = ModbusLink(endpoint, timeout=timeout, retries=retries, frame_delay=frame_delay, pins=self.pins)
            entry = self._links[endpoint] = [link, 0]
            for callback in self.link_added:
                callback(link)
        entry[1] += 1
        return entry[0]

    def release(self, link: ModbusLink) -> None:
        entry = self._links.get(link.endpoint)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] <= 0:
            link.close()
            del self._links[link.endpoint]

    def links(self) -> list[ModbusLink]:
        return [entry[0] for entry in self._links.values()]


@dataclass(frozen=True)
class DeviceAddress:
    """Where a device is and what it is."""

    name: str
    profile_id: str
    endpoint: Endpoint
    unit: int
    #: TCP port of the device's SFTP site (ION7400 COMTRADE records); not part of its identity.
    sftp_port: int = field(default=22, compare=False)
    #: Link settings of its site, s: request timeout and quiet between frames.
    timeout: float = field(default=1.0, compare=False)
    frame_delay: float = field(default=0.0, compare=False)

    @property
    def profile(self) -> Profile:
        if not self.profile_id:
            raise MeterDeskError(_("{name} ({label}) has no profile yet: pick one for it").format(
                name=self.name, label=self.label))
        return profile_by_id(self.profile_id)

    @property
    def label(self) -> str:
        return _("{link} unit {unit}").format(link=self.endpoint.label, unit=self.unit)


class Backoff:
    """Delays between reconnection attempts, s: ``first``, doubled after each failure, at most ``cap``."""

    def __init__(self, first: float = 0.5, cap: float = 30.0) -> None:
        self.first, self.cap = first, cap
        self._next = first

    def next(self) -> float:
        delay, self._next = self._next, min(self._next * 2, self.cap)
        return delay

    def reset(self) -> None:
        self._next = self.first


class DeviceSession:
    """A device the user works with: connect, identify, check the link, reconnect after a drop.

    ``state`` is one of :data:`STATES`; ``last_error`` says why in words when
    it is ``error`` or ``reconnecting``, and ``retry_at`` (``time.monotonic()``)
    when the next reconnection attempt is due.
    """

    def __init__(self, address: DeviceAddress, pool: LinkPool, timeout: float | None = None, retries: int = 2,
                 backoff: Backoff | None = None) -> None:
        self.address = address
        self.pool = pool
        self.timeout = timeout or address.timeout
        self.retries = retries
        self.backoff = backoff or Backoff()
        self.state = "disconnected"
        self.last_error = ""
        self.retry_at: float | None = None
        self.reconnects = 0
        self.certificate_change: CertificateChanged | None = None
        self.identity: Identity | None = None
        self.device: Device | None = None
        self.link: ModbusLink | None = None

    @property
    def stats(self) -> LinkStats | None:
        """This device's share of its link's counters (requests, errors by kind, round trips)."""
        return self.link.unit_stats.setdefault(self.address.unit, LinkStats()) if self.link is not None else None

    async def connect(self) -> Identity:
        """Open (or share) the link and identify the device."""
        if self.device is not None:
            return self.identity or await self._identify()
        self.state, self.last_error, self.certificate_change = "connecting", "", None
        try:
            profile = self.address.profile
        except MeterDeskError as exc:
            self._failed(exc)
            raise
        self.link = self.pool.acquire(self.address.endpoint, self.timeout, self.retries, self.address.frame_delay)
        try:
            await self.link.connect()
            self.device = open_device(profile, self.link, self.address.unit, self.address.name)
            await self._identify()
        except MeterDeskError as exc:
            self._drop()
            self._failed(exc)
            raise
        self.state = "connected"
        self.backoff.reset()
        return self.identity

    async def _identify(self) -> Identity:
        assert self.device is not None
        self.identity = with_profile_identity(await self.device.identify(), self.device.profile)
        return self.identity

    async def check(self) -> None:
        """One light request (the model register, or the first point) to prove the link."""
        if self.device is None:
            return
        ident = self.address.profile.identity
        name = ident.model_register or self.address.profile.registers[0].name
        try:
            await self.device.read([name])
        except MeterDeskError as exc:
            self._failed(exc)
            raise
        if self.state == "reconnecting":
            self.reconnects += 1
        self.state, self.last_error, self.retry_at = "connected", "", None
        self.backoff.reset()

    async def supervise(self, now: float | None = None) -> None:
        """What a heartbeat does: check a live device; retry a dropped one once its delay is over."""
        now = time.monotonic() if now is None else now
        if self.certificate_change is not None:
            return
        if self.state == "reconnecting" and self.retry_at is not None and now < self.retry_at:
            return
        if self.state in ("connected", "error", "reconnecting"):
            await self.check()

    def _failed(self, exc: MeterDeskError) -> None:
        self.last_error = str(exc)
        if isinstance(exc, CertificateChanged):
            self.certificate_change = exc
            self.state, self.retry_at = "error", None
        elif isinstance(exc, LinkError) and exc.kind in LINK_DOWN and self.device is not None:
            delay = self.backoff.next()
            self.state, self.retry_at = "reconnecting", time.monotonic() + delay
            self.last_error = _("{reason} (trying again in {seconds:g} s)").format(reason=exc, seconds=delay)
        else:
            self.state = "error"

    def disconnect(self) -> None:
        self._drop()
        self.state, self.last_error, self.retry_at = "disconnected", "", None

    def _drop(self) -> None:
        if self.link is not None:
            self.pool.release(self.link)
        self.link = None
        self.device = None


def with_profile_identity(identity: Identity, profile: Profile) -> Identity:
    """Fill what the device cannot tell (no identity registers) from its profile, and say so."""
    if identity.model:
        return identity
    if identity.source:
        source = _("{source} + profile").format(source=identity.source)
    else:
        source = _("profile (the device has no identity registers)")
    return replace(identity, vendor=identity.vendor or profile.vendor, model=profile.model, source=source)
