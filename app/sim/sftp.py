"""The ION7400's internal SFTP site, simulated: a real SSH/SFTP server on loopback.

The site holds the folders COMTRADE_1, COMTRADE_2 and COMTRADE_3 in a
temporary directory (the clients' root, chrooted) and is read-only, as the
meter's COMTRADE folders are. At start COMTRADE_1 receives three captures
of the device's three-phase model (the middle one with a voltage sag);
:meth:`SftpSite.capture` adds one, named like the meter's (``cmt0_00004`` is
the fifth), and the oldest goes when ``depth`` records are kept. Users log in
with a password (factory accounts USER1 and USER2, password "0"); the host
key is generated at each start.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import shutil
import tempfile
from pathlib import Path

import asyncssh

from app.sim.comtrade_records import Ratios, Sag, write_capture
from app.sim.device import SimulatedDevice
from app.sim.server import Bus

FOLDERS = ("COMTRADE_1", "COMTRADE_2", "COMTRADE_3")
FACTORY_USERS = {"USER1": "0", "USER2": "0"}
_WRITE_FLAGS = (
    asyncssh.FXF_WRITE | asyncssh.FXF_APPEND | asyncssh.FXF_CREAT | asyncssh.FXF_TRUNC
)


class _ReadOnlySite(asyncssh.SFTPServer):
    """SFTP over the site's folder: reading and listing only."""

    def _refuse(self, *_args) -> None:
        raise asyncssh.SFTPPermissionDenied("read-only folder")

    def open(self, path: bytes, pflags: int, attrs: asyncssh.SFTPAttrs):
        if pflags & _WRITE_FLAGS:
            self._refuse()
        return super().open(path, pflags, attrs)

    remove = rename = posix_rename = mkdir = rmdir = _refuse
    setstat = lsetstat = fsetstat = symlink = link = _refuse


class _PasswordServer(asyncssh.SSHServer):
    def __init__(self, users: dict[str, str]) -> None:
        self._users = users

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        expected = self._users.get(username)
        return expected is not None and hmac.compare_digest(
            expected.encode("utf-8"), password.encode("utf-8")
        )


class SftpSite:
    """An SFTP server for one simulated meter; ``start()`` returns ``sftp://host:port``."""

    def __init__(
        self,
        device: SimulatedDevice,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        users: dict[str, str] | None = None,
        depth: int = 10,
    ) -> None:
        self.device = device
        self.host = host
        self.port = port
        self.users = dict(FACTORY_USERS if users is None else users)
        self.depth = depth
        self.root: Path | None = None
        self._next = 0
        self._server: asyncssh.SSHAcceptor | None = None

    async def start(self) -> str:
        """Write the first captures, then listen; returns the endpoint."""
        self.root = Path(tempfile.mkdtemp(prefix="meterdesk-sftp-"))
        for folder in FOLDERS:
            (self.root / folder).mkdir()
        now = dt.datetime.now().replace(microsecond=0)
        frequency = self.device.system.frequency
        for hours, sag in ((3, None), (2, Sag(4.0 / frequency, 5.0 / frequency, 0.55, "A", 2.0)), (1, None)):
            self.capture(sag, when=now - dt.timedelta(hours=hours))
        self._server = await asyncssh.listen(
            self.host,
            self.port,
            server_host_keys=[asyncssh.generate_private_key("ssh-ed25519")],
            server_factory=lambda: _PasswordServer(self.users),
            sftp_factory=lambda chan: _ReadOnlySite(chan, chroot=str(self.root)),
            allow_scp=False,
        )
        self.port = self._server.sockets[0].getsockname()[1]
        return f"sftp://{self.host}:{self.port}"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        if self.root is not None:
            await asyncio.to_thread(shutil.rmtree, self.root, True)
            self.root = None

    def capture(self, sag: Sag | None = None, when: dt.datetime | None = None) -> str:
        """Record a capture into COMTRADE_1 (a sag if given); returns its name."""
        if self.root is None:
            raise RuntimeError("the SFTP site is not started")
        folder = self.root / FOLDERS[0]
        name = f"cmt0_{self._next:05d}"
        self._next += 1
        device = self.device
        write_capture(
            folder / f"{name}.cfg",
            device.system,
            when=when or dt.datetime.now().replace(microsecond=0),
            sag=sag,
            ratios=Ratios.from_settings(device.settings),
            station=str(device.settings.get("device_name") or device.name),
            device=str(device.identity.get("meter_model") or device.profile.model),
            seed=self._next,
        )
        records = sorted({p.stem for p in folder.iterdir()})
        for old in records[: max(0, len(records) - self.depth)]:
            for path in folder.glob(f"{old}.*"):
                path.unlink()
        return name


def lab_service(bus: Bus) -> SftpSite:
    """The SFTP site of the meter alone on ``bus``, as a lab service (``DeviceSpec.services``)."""
    (device,) = bus.devices.values()
    return SftpSite(device)
