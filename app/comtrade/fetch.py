"""Listing and downloading COMTRADE records from a meter's SFTP site.

The ION7400 keeps its records read-only in the folders COMTRADE_1..3 of its
internal SFTP site (port 22, Ethernet only), named ``cmt0_00004.cfg`` and so
on. :func:`list_records` groups the files of those folders into records;
:func:`download_records` copies records into a local folder that mirrors the
site (``<dest>/COMTRADE_1/cmt0_00004.cfg``), each file written under a
temporary name and renamed when complete; :func:`pending` says which records
are not yet downloaded ("new only").

The meter's host key is pinned on first use in a :class:`HostKeys` file; a
different key later raises :class:`HostKeyChanged` rather than connecting.
Passwords are given by the caller (from the keyring), never stored here.
"""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
import re
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from app.errors import MeterDeskError
from app.i18n import _

FOLDERS = ("COMTRADE_1", "COMTRADE_2", "COMTRADE_3")
RECORD_SUFFIXES = (".cfg", ".cff", ".dat", ".hdr", ".inf")
PART_SUFFIX = ".part"

#: ``progress(bytes_done, bytes_total, file_name)`` during a download.
Progress = Callable[[int, int, str], None]


class FetchError(MeterDeskError):
    """Records could not be listed or downloaded; the message says why."""


class HostKeyChanged(FetchError):
    """The server offers another host key than the one pinned for it."""

    def __init__(self, host: str, port: int, pinned: str, offered: str) -> None:
        self.host, self.port, self.pinned, self.offered = host, port, pinned, offered
        super().__init__(
            _(
                "The SSH host key of {host}:{port} has changed (was {pinned}, now {offered}). "
                "This happens when the meter is replaced or reset, but also when another machine "
                "answers in its place; connect only if you expected the change."
            ).format(host=host, port=port, pinned=pinned, offered=offered)
        )


@dataclass(frozen=True)
class SftpTarget:
    """Where and as whom to log in; the password is never shown in reprs."""

    host: str
    port: int = 22
    username: str = "USER1"
    password: str = field(default="", repr=False)

    @property
    def label(self) -> str:
        return f"{self.username}@{self.host}:{self.port}"


@dataclass(frozen=True)
class RemoteFile:
    """A file on the site: path relative to the site's root (``COMTRADE_1/cmt0_00000.cfg``)."""

    path: str
    size: int
    mtime: float

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)


@dataclass(frozen=True)
class RemoteRecord:
    """A record on the site: its folder, its name (file stem) and its files."""

    folder: str
    name: str
    files: tuple[RemoteFile, ...]

    @property
    def size(self) -> int:
        """Total size of the record's files, bytes."""
        return sum(f.size for f in self.files)

    @property
    def mtime(self) -> float:
        """Modification time of the newest file (s since the epoch)."""
        return max(f.mtime for f in self.files)

    @property
    def main_file(self) -> str:
        """Name of the file to open: the .cff, else the .cfg."""
        by_suffix = {posixpath.splitext(f.name)[1].lower(): f.name for f in self.files}
        return by_suffix.get(".cff") or by_suffix[".cfg"]

    def local_path(self, dest: Path) -> Path:
        """Where :func:`download_records` puts the record's main file under ``dest``."""
        return dest / self.folder / self.main_file


class HostKeys:
    """Host keys pinned on first use, in a JSON file (public keys only, no secrets)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise FetchError(
                _("cannot read the trusted host keys in {path}: {reason}").format(path=self.path, reason=exc)
            ) from exc

    def _save(self, keys: dict[str, str]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + PART_SUFFIX)
            tmp.write_text(json.dumps(keys, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            raise FetchError(
                _("cannot save the trusted host keys in {path}: {reason}").format(path=self.path, reason=exc)
            ) from exc

    def pinned(self, host: str, port: int) -> str | None:
        """The OpenSSH text of the key pinned for host:port, if any."""
        return self._load().get(f"{host}:{port}")

    def pin(self, host: str, port: int, key: asyncssh.SSHKey) -> None:
        keys = self._load()
        keys[f"{host}:{port}"] = key.export_public_key().decode("ascii").strip()
        self._save(keys)

    def forget(self, host: str, port: int) -> None:
        """Drop the key pinned for host:port (the next connection pins the new one)."""
        keys = self._load()
        if keys.pop(f"{host}:{port}", None) is not None:
            self._save(keys)


def fingerprint(openssh_key: str) -> str:
    """SHA-256 fingerprint of a public key in OpenSSH text form."""
    return asyncssh.import_public_key(openssh_key).get_fingerprint("sha256")


class _PinningClient(asyncssh.SSHClient):
    """Accepts the pinned host key, pins an unknown one, remembers a mismatch."""

    def __init__(self, target: SftpTarget, host_keys: HostKeys) -> None:
        self.target = target
        self.host_keys = host_keys
        self.changed: HostKeyChanged | None = None

    def validate_host_public_key(self, host: str, addr: str, port: int, key: asyncssh.SSHKey) -> bool:
        offered = key.export_public_key().decode("ascii").strip()
        pinned = self.host_keys.pinned(self.target.host, self.target.port)
        if pinned is None:
            self.host_keys.pin(self.target.host, self.target.port, key)
            return True
        if pinned == offered:
            return True
        self.changed = HostKeyChanged(
            self.target.host, self.target.port, fingerprint(pinned), key.get_fingerprint("sha256")
        )
        return False


@contextlib.asynccontextmanager
async def open_site(
    target: SftpTarget, host_keys: HostKeys, timeout: float = 10.0
) -> AsyncIterator[asyncssh.SFTPClient]:
    """An SFTP session on the site (async context manager); every failure leaves as :class:`FetchError`."""
    client = _PinningClient(target, host_keys)
    where = f"{target.host}:{target.port}"
    try:
        conn = await asyncssh.connect(
            target.host,
            target.port,
            username=target.username,
            password=target.password,
            client_factory=lambda: client,
            known_hosts=lambda host, addr, port: ([], [], []),
            client_keys=None,
            agent_path=None,
            config=[],
            preferred_auth=("password", "keyboard-interactive"),
            connect_timeout=timeout,
            login_timeout=timeout,
        )
        async with conn, conn.start_sftp_client() as sftp:
            yield sftp
    except asyncssh.HostKeyNotVerifiable as exc:
        if client.changed is not None:
            raise client.changed from None
        raise FetchError(
            _("the SSH host key of {server} is not trusted: {reason}").format(server=where, reason=exc.reason)
        ) from None
    except asyncssh.PermissionDenied:
        raise FetchError(
            _("{server} refused the login of {user}: wrong user name or password").format(
                server=where, user=target.username
            )
        ) from None
    except asyncssh.ChannelOpenError as exc:
        raise FetchError(_("{server} offers no SFTP service: {reason}").format(server=where, reason=exc.reason)) from None
    except asyncssh.DisconnectError as exc:
        raise FetchError(_("{server} closed the connection: {reason}").format(server=where, reason=exc.reason)) from None
    except asyncssh.SFTPError as exc:
        raise FetchError(_("SFTP error on {server}: {reason}").format(server=where, reason=exc.reason)) from None
    except TimeoutError:
        raise FetchError(_("no answer from {server} within {seconds:g} s").format(server=where, seconds=timeout)) from None
    except OSError as exc:
        raise FetchError(
            _("cannot reach the SFTP server at {server}: {reason}").format(server=where, reason=exc.strerror or exc)
        ) from None


async def _list(sftp: asyncssh.SFTPClient) -> list[RemoteRecord]:
    records: list[RemoteRecord] = []
    for folder in FOLDERS:
        try:
            entries = await sftp.readdir(folder)
        except asyncssh.SFTPNoSuchFile:
            continue
        files: dict[str, list[RemoteFile]] = {}
        for entry in entries:
            name = entry.filename if isinstance(entry.filename, str) else entry.filename.decode()
            stem, suffix = posixpath.splitext(name)
            if suffix.lower() not in RECORD_SUFFIXES or entry.attrs.type == asyncssh.FILEXFER_TYPE_DIRECTORY:
                continue
            files.setdefault(stem, []).append(
                RemoteFile(f"{folder}/{name}", entry.attrs.size or 0, float(entry.attrs.mtime or 0))
            )
        for stem in sorted(files):
            suffixes = {posixpath.splitext(f.name)[1].lower() for f in files[stem]}
            if ".cff" in suffixes or {".cfg", ".dat"} <= suffixes:
                records.append(RemoteRecord(folder, stem, tuple(sorted(files[stem], key=lambda f: f.name))))
    return records


async def list_records(
    target: SftpTarget, host_keys: HostKeys, *, timeout: float = 10.0
) -> list[RemoteRecord]:
    """The complete records (a .cff, or a .cfg with its .dat) in COMTRADE_1..3, oldest name first."""
    async with open_site(target, host_keys, timeout) as sftp:
        return await _list(sftp)


def is_downloaded(record: RemoteRecord, dest: Path) -> bool:
    """True when every file of ``record`` is under ``dest`` with the same size."""
    for f in record.files:
        local = dest / record.folder / f.name
        try:
            if local.stat().st_size != f.size:
                return False
        except OSError:
            return False
    return True


def pending(records: Sequence[RemoteRecord], dest: Path) -> list[RemoteRecord]:
    """The records not yet (completely) downloaded under ``dest``."""
    return [r for r in records if not is_downloaded(r, dest)]


def _data_first(record: RemoteRecord) -> list[RemoteFile]:
    """Files in download order: data before configuration, so a .cfg never arrives alone."""
    order = {".dat": 0, ".hdr": 1, ".inf": 1, ".cff": 2, ".cfg": 3}
    return sorted(record.files, key=lambda f: order[posixpath.splitext(f.name)[1].lower()])


async def download_records(
    target: SftpTarget,
    records: Sequence[RemoteRecord],
    dest: Path,
    host_keys: HostKeys,
    *,
    progress: Progress | None = None,
    timeout: float = 10.0,
) -> list[Path]:
    """Download ``records`` under ``dest``; returns the local path of each record's main file.

    ``progress(done, total, file name)`` reports bytes. Cancelling the task
    leaves no partial file behind.
    """
    total = sum(r.size for r in records)
    done = 0
    opened: list[Path] = []
    async with open_site(target, host_keys, timeout) as sftp:
        for record in records:
            folder = dest / record.folder
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise FetchError(
                    _("cannot create {path}: {reason}").format(path=folder, reason=exc.strerror or exc)
                ) from None
            for f in _data_first(record):
                local = folder / f.name
                part = local.with_name(local.name + PART_SUFFIX)

                def report(_src, _dst, copied: int, _size: int, base: int = done, name: str = f.name) -> None:
                    if progress is not None:
                        progress(base + copied, total, name)

                try:
                    # Plain reads: records are not sparse, and a meter's server need not know the extension.
                    await sftp.get(f.path, part, sparse=False, progress_handler=report)
                    os.replace(part, local)
                except asyncssh.SFTPError as exc:
                    raise FetchError(
                        _("cannot download {path}: {reason}").format(path=f.path, reason=exc.reason)
                    ) from None
                except OSError as exc:
                    raise FetchError(
                        _("cannot write {path}: {reason}").format(path=local, reason=exc.strerror or exc)
                    ) from None
                finally:
                    part.unlink(missing_ok=True)
                done += f.size
                if progress is not None:
                    progress(done, total, f.name)
            opened.append(record.local_path(dest))
    return opened


_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def device_folder(root: Path, device: str) -> Path:
    """The folder for one device's records under ``root`` (its name made file-system safe)."""
    name = _UNSAFE.sub("_", device).strip(" .") or "device"
    return Path(root) / name[:80]


async def fetch_new(
    target: SftpTarget,
    dest: Path,
    host_keys: HostKeys,
    *,
    new_only: bool = True,
    progress: Progress | None = None,
    timeout: float = 10.0,
) -> list[Path]:
    """List the site and download its records (only those not yet under ``dest`` if ``new_only``)."""
    records = await list_records(target, host_keys, timeout=timeout)
    wanted = pending(records, dest) if new_only else records
    if not wanted:
        return []
    return await download_records(target, wanted, dest, host_keys, progress=progress, timeout=timeout)

