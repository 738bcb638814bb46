"""The ION7400's internal SFTP site, simulated: a real SSH/SFTP server on loopback.

The site holds the folders COMTRADE_1, COMTRADE_2 and COMTRADE_3, the custom
web pages' folder ``web`` and ``optionModuleUpg`` with a sub-folder per module
position A to D, kept in memory (nothing is written to disk, so a killed
simulator leaves nothing behind). The COMTRADE folders are read-only, as the
meter's are. Web pages are uploaded into ``web`` (ion7400-part2.md §13.2,
§13.4); an S19 file copied into ``optionModuleUpg/<slot>`` goes straight to the
module in that slot and is not stored (§13.7): the module is offline while the
file arrives and loads it when the file is closed (:meth:`FirmwareModel.load_option_module`
checks it; a cut upload reverts). Each slot folder shows the module's type,
firmware and last result in a read-only ``status.txt`` (convention: the manual
says to check the event log). Uploads need an account with the Full meter
config right; writes anywhere else are refused. At start
COMTRADE_1 receives three captures of the device's three-phase model (the
middle one with a voltage sag); :meth:`SftpSite.capture` adds one, named like
the meter's (``cmt0_00004`` is the fifth), and the oldest goes when ``depth``
records are kept. Users log in with a password (factory accounts USER1 and
USER2, password "0"); on a meter with security (:mod:`app.sim.security`) they are
the meter's own accounts, counted on its SSH channel's lockout, and the site takes
no new session while the meter's SFTP switch is off. The host key is generated at
each start.
"""

from __future__ import annotations

import datetime as dt
import errno
import hmac
import os
import posixpath
import stat
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncssh

from app.security.accounts import FULL_METER_CONFIG
from app.security.accounts import SSH as SSH_CHANNEL
from app.sim.comtrade_records import Ratios, Sag, render_capture
from app.sim.device import SimulatedDevice
from app.sim.firmware import OPTION_SLOTS
from app.sim.server import Bus

FOLDERS = ("COMTRADE_1", "COMTRADE_2", "COMTRADE_3")
WEB = "web"
MODULES = "optionModuleUpg"
STATUS_FILE = "status.txt"
FACTORY_USERS = {"USER1": "0", "USER2": "0"}
_WRITE_FLAGS = asyncssh.FXF_WRITE | asyncssh.FXF_APPEND | asyncssh.FXF_CREAT | asyncssh.FXF_TRUNC


@dataclass(frozen=True)
class SiteFile:
    """A file of the site: its bytes and modification time (s since the epoch)."""

    data: bytes
    mtime: float


def _dir_attrs(mtime: float) -> asyncssh.SFTPAttrs:
    return asyncssh.SFTPAttrs(type=asyncssh.FILEXFER_TYPE_DIRECTORY, permissions=stat.S_IFDIR | 0o555,
                              size=0, mtime=int(mtime), atime=int(mtime))  # fmt: skip


def _file_attrs(f: SiteFile) -> asyncssh.SFTPAttrs:
    return asyncssh.SFTPAttrs(type=asyncssh.FILEXFER_TYPE_REGULAR, permissions=stat.S_IFREG | 0o444,
                              size=len(f.data), mtime=int(f.mtime), atime=int(f.mtime))  # fmt: skip


class _OpenFile:
    """An open site file: its bytes, and the data/hole queries asyncssh's server makes on POSIX."""

    def __init__(self, site_file: SiteFile) -> None:
        self.file = site_file

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Answer SEEK_DATA / SEEK_HOLE: every byte of a site file is data, the only hole is its end."""
        size = len(self.file.data)
        if whence == getattr(os, "SEEK_DATA", None):
            if offset >= size:
                raise OSError(errno.ENXIO, "no data after this offset")
            return offset
        if whence == getattr(os, "SEEK_HOLE", None):
            return size
        raise OSError(errno.EINVAL, "only data and hole queries are supported")


class _Upload:
    """A file being uploaded into ``folder`` (web) or to the module in ``slot``; its bytes so far."""

    def __init__(self, folder: str, name: str, slot: str = "") -> None:
        self.folder, self.name, self.slot = folder, name, slot
        self.data = bytearray()

    @property
    def file(self) -> SiteFile:
        return SiteFile(bytes(self.data), time.time())


class _Site(asyncssh.SFTPServer):
    """SFTP over the site's folders (``{folder: {name: SiteFile}}``) and the option-module slots."""

    def __init__(self, chan: asyncssh.SSHServerChannel, site: SftpSite) -> None:
        super().__init__(chan)
        self._site = site
        self._user = str(chan.get_extra_info("username") or "")

    def _parts(self, path: bytes) -> list[str]:
        text = posixpath.normpath("/" + path.decode("utf-8", "replace"))
        return [p for p in text.split("/") if p]

    def _lookup(self, path: bytes) -> asyncssh.SFTPAttrs | SiteFile:
        parts = self._parts(path)
        folders = self._site.folders
        if not parts:
            return _dir_attrs(self._site.started)
        if parts[0] == MODULES:
            if len(parts) == 1 or len(parts) == 2 and parts[1] in OPTION_SLOTS:
                return _dir_attrs(self._site.started)
            if len(parts) == 3 and parts[1] in OPTION_SLOTS and parts[2] == STATUS_FILE:
                return self._site.module_status(parts[1])
            raise asyncssh.SFTPNoSuchFile("no such file or folder")
        folder = folders.get(parts[0])
        if folder is not None and len(parts) == 1:
            return _dir_attrs(self._site.started)
        found = folder.get(parts[1]) if folder is not None and len(parts) == 2 else None
        if found is None:
            raise asyncssh.SFTPNoSuchFile("no such file or folder")
        return found

    def realpath(self, path: bytes) -> bytes:
        return ("/" + "/".join(self._parts(path))).encode("utf-8")

    def stat(self, path: bytes) -> asyncssh.SFTPAttrs:
        found = self._lookup(path)
        return _file_attrs(found) if isinstance(found, SiteFile) else found

    lstat = stat

    async def scandir(self, path: bytes) -> AsyncIterator[asyncssh.SFTPName]:
        here = self._lookup(path)
        if isinstance(here, SiteFile):
            raise asyncssh.SFTPNoSuchFile("not a folder")
        parts = self._parts(path)
        yield asyncssh.SFTPName(b".", attrs=here)
        yield asyncssh.SFTPName(b"..", attrs=here)
        if not parts or parts == [MODULES]:
            for name in (*FOLDERS, WEB, MODULES) if not parts else OPTION_SLOTS:
                yield asyncssh.SFTPName(name.encode(), attrs=_dir_attrs(self._site.started))
            return
        if parts[0] == MODULES:
            yield asyncssh.SFTPName(STATUS_FILE.encode(), attrs=_file_attrs(self._site.module_status(parts[1])))
            return
        for name, f in sorted(self._site.folders[parts[0]].items()):
            yield asyncssh.SFTPName(name.encode(), attrs=_file_attrs(f))

    def open(self, path: bytes, pflags: int, attrs: asyncssh.SFTPAttrs) -> _OpenFile | _Upload:
        if pflags & _WRITE_FLAGS:
            return self._upload(self._parts(path), pflags)
        found = self._lookup(path)
        if not isinstance(found, SiteFile):
            raise asyncssh.SFTPFailure("is a folder")
        return _OpenFile(found)

    def _upload(self, parts: list[str], pflags: int) -> _Upload:
        """A new upload into ``web/<name>`` or ``optionModuleUpg/<slot>/<name>``; refused elsewhere."""
        if not (pflags & asyncssh.FXF_TRUNC or pflags & asyncssh.FXF_CREAT) or pflags & asyncssh.FXF_APPEND:
            raise asyncssh.SFTPOpUnsupported("uploads write a whole file (create or truncate)")
        web = len(parts) == 2 and parts[0] == WEB
        module = len(parts) == 3 and parts[0] == MODULES and parts[1] in OPTION_SLOTS and parts[2] != STATUS_FILE
        if not (web or module):
            raise asyncssh.SFTPPermissionDenied(f"read-only folder: files go into {WEB} or {MODULES}/A-D")
        if not self._site.may_upload(self._user):
            raise asyncssh.SFTPPermissionDenied(f"{self._user} has no Full meter config right")
        if web:
            return _Upload(WEB, parts[1])
        if not self._site.begin_module_load(parts[1]):
            raise asyncssh.SFTPFailure(f"no option module in slot {parts[1]}")
        return _Upload(MODULES, parts[2], slot=parts[1])

    def read(self, file_obj: _OpenFile | _Upload, offset: int, size: int) -> bytes:
        return file_obj.file.data[offset : offset + size]

    def write(self, file_obj: _OpenFile | _Upload, offset: int, data: bytes) -> int:
        if not isinstance(file_obj, _Upload):
            raise asyncssh.SFTPPermissionDenied("opened for reading")
        buf = file_obj.data
        if offset > len(buf):
            buf.extend(bytes(offset - len(buf)))
        buf[offset : offset + len(data)] = data
        return len(data)

    def fstat(self, file_obj: _OpenFile | _Upload) -> asyncssh.SFTPAttrs:
        return _file_attrs(file_obj.file)

    def close(self, file_obj: _OpenFile | _Upload) -> None:
        """An upload ends: a web file is stored, a module file goes to the module (also when cut)."""
        if not isinstance(file_obj, _Upload):
            return
        if file_obj.slot:
            self._site.end_module_load(file_obj.slot, bytes(file_obj.data))
        else:
            self._site.store(file_obj.folder, file_obj.name, file_obj.file)

    def readlink(self, path: bytes) -> bytes:
        raise asyncssh.SFTPNoSuchFile("no links on this site")

    def _refuse(self, *_args) -> None:
        raise asyncssh.SFTPPermissionDenied("read-only folder")

    remove = rename = posix_rename = mkdir = rmdir = _refuse
    setstat = lsetstat = fsetstat = symlink = link = _refuse

    def _unsupported(self, *_args) -> None:
        raise asyncssh.SFTPOpUnsupported("not supported by this site")

    statvfs = fstatvfs = lock = unlock = fsync = _unsupported


class _PasswordServer(asyncssh.SSHServer):
    def __init__(self, site: SftpSite) -> None:
        self._site = site

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        if not self._site.enabled:
            conn.close()  # SFTP switched off: no new sessions (ion7400-part1.md L2200-L2233)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return self._site.check_password(username, password)


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
        self._fixed_users = users is not None
        self.depth = depth
        self.folders: dict[str, dict[str, SiteFile]] = {name: {} for name in (*FOLDERS, WEB)}
        self.started = time.time()
        self._next = 0
        self._lock = threading.Lock()
        self._server: asyncssh.SSHAcceptor | None = None

    async def start(self) -> str:
        """Record the first captures, then listen; returns the endpoint."""
        now = dt.datetime.now().replace(microsecond=0)
        frequency = self.device.system.frequency
        sag = Sag(4.0 / frequency, 5.0 / frequency, 0.55, "A", 2.0)
        for hours, event in ((3, None), (2, sag), (1, None)):
            self.capture(event, when=now - dt.timedelta(hours=hours))
        self._server = await asyncssh.listen(
            self.host,
            self.port,
            server_host_keys=[asyncssh.generate_private_key("ssh-ed25519")],
            server_factory=lambda: _PasswordServer(self),
            sftp_factory=lambda chan: _Site(chan, self),
            allow_scp=False,
        )
        self.port = self._server.sockets[0].getsockname()[1]
        return f"sftp://{self.host}:{self.port}"

    @property
    def enabled(self) -> bool:
        """False once the meter's ``sftp_enabled`` switch is off (meters with security)."""
        security = getattr(self.device, "security", None)
        return security is None or security.protocol_enabled("sftp_enabled")

    def check_password(self, username: str, password: str) -> bool:
        """A login: against the meter's accounts on its SSH channel (counted, locked out, logged)
        when it has security and no fixed ``users`` were given, else against ``users``."""
        security = getattr(self.device, "security", None)
        if security is None or self._fixed_users:
            expected = self.users.get(username)
            return expected is not None and hmac.compare_digest(expected.encode("utf-8"), password.encode("utf-8"))
        name = username.upper()  # USER1 = USER01 = USER001 (part2 L188)
        if not (name.startswith("USER") and name[4:].isdigit()):
            return False
        return security.check_password(SSH_CHANNEL, int(name[4:]), password)

    def may_upload(self, username: str) -> bool:
        """Whether ``username`` may upload: the Full meter config right on a meter with security."""
        security = getattr(self.device, "security", None)
        if security is None or self._fixed_users:
            return True
        number = username.upper()[4:]
        account = security.accounts.get(int(number)) if number.isdigit() else None
        return account is not None and bool(account.rights & FULL_METER_CONFIG)

    def store(self, folder: str, name: str, site_file: SiteFile) -> None:
        """Put a file into ``folder`` (replacing one of that name). Thread-safe."""
        with self._lock:
            self.folders[folder] = {**self.folders[folder], name: site_file}

    def _modules(self) -> dict:
        firmware = getattr(self.device, "firmware", None)
        return firmware.modules if firmware is not None else {}

    def begin_module_load(self, slot: str) -> bool:
        """A file starts to arrive for the module in ``slot``; False when the slot is empty."""
        firmware = getattr(self.device, "firmware", None)
        return firmware is not None and firmware.begin_option_module(slot)

    def end_module_load(self, slot: str, data: bytes) -> None:
        """The file for ``slot`` has ended (closed, or cut): the module loads it or reverts."""
        self.device.firmware.load_option_module(slot, data)

    def module_status(self, slot: str) -> SiteFile:
        """``status.txt`` of a slot: module type, firmware, state and last result, one ``key: value`` a line."""
        module = self._modules().get(slot)
        if module is None:
            text = "module: none\n"
        else:
            state = "loading" if module.loading else "running"
            text = (f"module: {module.module}\nversion: {module.version}\nstate: {state}\n"
                    f"result: {module.result}\n")
        return SiteFile(text.encode("ascii"), self.started)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    def erase_records(self) -> None:
        """Delete every COMTRADE file, as a firmware upgrade or master reset does. Thread-safe."""
        with self._lock:
            for name in FOLDERS:
                self.folders[name] = {}

    def capture(self, sag: Sag | None = None, when: dt.datetime | None = None) -> str:
        """Record a capture into COMTRADE_1 (a sag if given); returns its name. Thread-safe."""
        when = when or dt.datetime.now().replace(microsecond=0)
        device = self.device
        with self._lock:
            name = f"cmt0_{self._next:05d}"
            self._next += 1
            cfg, dat = render_capture(
                device.system,
                when=when,
                sag=sag,
                ratios=Ratios.from_settings(device.settings),
                station=str(device.settings.get("device_name") or device.name),
                device=str(device.identity.get("meter_model") or device.profile.model),
                seed=self._next,
            )
            stamp = when.timestamp()
            folder = dict(self.folders[FOLDERS[0]])
            folder[f"{name}.dat"] = SiteFile(dat, stamp)
            folder[f"{name}.cfg"] = SiteFile(cfg, stamp)
            records = sorted({posixpath.splitext(n)[0] for n in folder})
            for old in records[: max(0, len(records) - self.depth)]:
                for suffix in (".cfg", ".dat"):
                    folder.pop(old + suffix, None)
            self.folders[FOLDERS[0]] = folder  # replaced whole: readers see one state or the other
        return name


def lab_service(bus: Bus) -> SftpSite:
    """The SFTP site of the meter alone on ``bus``, as a lab service (``DeviceSpec.services``).

    A meter with firmware erases the site's COMTRADE files when it is upgraded.
    """
    (device,) = bus.devices.values()
    site = SftpSite(device)
    firmware = getattr(device, "firmware", None)
    if firmware is not None:
        firmware.erase_hooks.append(site.erase_records)
    return site
