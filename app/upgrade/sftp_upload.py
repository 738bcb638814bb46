"""Components the ION7400 manual routes over SFTP: web pages and option-module images.

Web pages go into the meter's ``web`` folder once the firmware is installed
(ion7400-part2.md §13.4) and are checked by reading them back: size and
SHA-256. An option-module S19 file copied into ``optionModuleUpg/<slot>``
goes straight to the module in that slot (§13.7); the module's firmware,
state and last result are read from the slot's ``status.txt`` (the
simulator's convention, in place of the event log the manual points to).
Each upload writes the whole file afresh (create and truncate), so a
re-run after a cut starts over cleanly; a module cut mid-load reverts to its
old firmware and the next upload loads it again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import asyncssh

from app.comtrade import fetch
from app.i18n import _
from app.upgrade.device_port import Transferred, UpgradeError
from app.upgrade.manifest import Component, sha256
from app.upgrade.versions import same_version

WEB = "web"
MODULES = "optionModuleUpg"
SLOTS = ("A", "B", "C", "D")
STATUS_FILE = "status.txt"
CHUNK = 16384  # bytes per SFTP write or read

#: Called after each chunk written.
OnChunk = Callable[[Transferred], None]


@dataclass(frozen=True)
class ModuleInfo:
    """An option module in a slot, as its ``status.txt`` tells: type, firmware, state, last result."""

    slot: str
    module: str
    version: str
    state: str = "running"
    result: str = ""


def _parse_status(slot: str, text: str) -> ModuleInfo | None:
    fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
    module = fields.get("module", "none")
    if module == "none":
        return None
    return ModuleInfo(slot, module, fields.get("version", "?"), fields.get("state", "?"), fields.get("result", ""))


async def _read(sftp: asyncssh.SFTPClient, path: str) -> bytes:
    async with sftp.open(path, "rb") as f:
        return await f.read()


async def read_modules(target: fetch.SftpTarget, host_keys: fetch.HostKeys) -> dict[str, ModuleInfo]:
    """The option modules attached, by slot (a site without ``optionModuleUpg`` has none)."""
    found: dict[str, ModuleInfo] = {}
    async with fetch.open_site(target, host_keys) as sftp:
        for slot in SLOTS:
            try:
                text = (await _read(sftp, f"{MODULES}/{slot}/{STATUS_FILE}")).decode("ascii", "replace")
            except asyncssh.SFTPNoSuchFile:
                continue
            info = _parse_status(slot, text)
            if info is not None:
                found[slot] = info
    return found


async def _send(sftp: asyncssh.SFTPClient, path: str, data: bytes, on_chunk: OnChunk | None) -> None:
    """Write ``data`` as the whole of ``path`` (truncated first), chunk by chunk."""
    started = time.monotonic()
    try:
        async with sftp.open(path, "wb") as f:
            for offset in range(0, len(data), CHUNK):
                await f.write(data[offset : offset + CHUNK], offset)
                if on_chunk is not None:
                    on_chunk(Transferred(min(offset + CHUNK, len(data)), len(data), started))
    except asyncssh.SFTPError as exc:
        raise UpgradeError(_("the meter refused the upload of {path}: {reason}").format(
            path=path, reason=exc.reason)) from None


async def upload_web(target: fetch.SftpTarget, host_keys: fetch.HostKeys, component: Component, data: bytes,
                     on_chunk: OnChunk | None = None) -> str:
    """Upload web pages into the ``web`` folder and verify them (size and SHA-256 read back); returns the path."""
    path = f"{WEB}/{component.file}"
    async with fetch.open_site(target, host_keys) as sftp:
        await _send(sftp, path, data, on_chunk)
        size = (await sftp.stat(path)).size
        back = await _read(sftp, path)
    digest = sha256(back)
    if size != component.size or digest != component.sha256:
        raise UpgradeError(_("{path} reads back as {size} bytes, SHA-256 {sha256}; {sent} bytes, SHA-256 "
                             "{sent_sha256} were sent").format(
            path=path, size=size, sha256=digest, sent=component.size, sent_sha256=component.sha256))
    return path


async def load_module(target: fetch.SftpTarget, host_keys: fetch.HostKeys, component: Component, data: bytes,
                      slot: str, on_chunk: OnChunk | None = None) -> ModuleInfo:
    """Copy an S19 image to the module in ``slot`` and check that it now runs the image's version."""
    path = f"{MODULES}/{slot}/{component.file}"
    async with fetch.open_site(target, host_keys) as sftp:
        await _send(sftp, path, data, on_chunk)
        text = (await _read(sftp, f"{MODULES}/{slot}/{STATUS_FILE}")).decode("ascii", "replace")
    info = _parse_status(slot, text)
    if info is None:
        raise UpgradeError(_("no option module answers in slot {slot}").format(slot=slot))
    if info.state != "running" or not same_version(info.version, component.version):
        raise UpgradeError(_("the option module in slot {slot} runs {version} after the load, not {expected}: "
                             "{result}").format(slot=slot, version=info.version, expected=component.version,
                                                result=info.result))
    return info
