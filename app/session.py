"""Device sessions: a named device, its shared link, its driver and its state.

Devices on the same serial bus (or the same gateway connection) share one
:class:`ModbusLink` through a :class:`LinkPool`, so requests on a bus stay
strictly sequential while TCP devices run concurrently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.drivers import open_device
from app.drivers.generic import Device, Identity
from app.errors import MeterDeskError
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import Profile, profile_by_id


class LinkPool:
    """Shares one link per endpoint, with reference counts."""

    def __init__(self) -> None:
        self._links: dict[Endpoint, list] = {}

    def acquire(self, endpoint: Endpoint, timeout: float = 1.0, retries: int = 2) -> ModbusLink:
        entry = self._links.get(endpoint)
        if entry is None:
            entry = self._links[endpoint] = [ModbusLink(endpoint, timeout=timeout, retries=retries), 0]
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


@dataclass(frozen=True)
class DeviceAddress:
    """Where a device is and what it is."""

    name: str
    profile_id: str
    endpoint: Endpoint
    unit: int
    #: TCP port of the device's SFTP site (ION7400 COMTRADE records); not part of its identity.
    sftp_port: int = field(default=22, compare=False)

    @property
    def profile(self) -> Profile:
        return profile_by_id(self.profile_id)

    @property
    def label(self) -> str:
        return f"{self.endpoint.label} unit {self.unit}"


class DeviceSession:
    """A device the user works with: connect, identify, check the link."""

    def __init__(self, address: DeviceAddress, pool: LinkPool, timeout: float = 1.0, retries: int = 2) -> None:
        self.address = address
        self.pool = pool
        self.timeout = timeout
        self.retries = retries
        self.state = "disconnected"  # connecting, connected, error
        self.last_error = ""
        self.identity: Identity | None = None
        self.device: Device | None = None
        self.link: ModbusLink | None = None

    async def connect(self) -> Identity:
        """Open (or share) the link and identify the device."""
        if self.device is not None:
            return self.identity or await self.device.identify()
        self.state, self.last_error = "connecting", ""
        self.link = self.pool.acquire(self.address.endpoint, self.timeout, self.retries)
        try:
            await self.link.connect()
            self.device = open_device(self.address.profile, self.link, self.address.unit, self.address.name)
            self.identity = await self.device.identify()
        except MeterDeskError as exc:
            self._drop()
            self.state, self.last_error = "error", str(exc)
            raise
        self.state = "connected"
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
            self.state, self.last_error = "error", str(exc)
            raise
        self.state, self.last_error = "connected", ""

    def disconnect(self) -> None:
        self._drop()
        self.state = "disconnected"

    def _drop(self) -> None:
        if self.link is not None:
            self.pool.release(self.link)
        self.link = None
        self.device = None
