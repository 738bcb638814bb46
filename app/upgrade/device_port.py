"""The device side of an upgrade, seen from MeterDesk: status registers, file records, commands.

A meter that takes firmware over Modbus names, in its ``firmware`` register
group, where the signed manifest and the image go (file numbers) and the
largest record request it accepts. Images travel in blocks: each block is
written with FC21 and read back with FC20 before the next is sent, so the
device's count of received bytes always ends on a verified block, and a
transfer interrupted anywhere resumes after the last verified block.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.drivers.generic import Device
from app.errors import MeterDeskError
from app.i18n import _
from app.modbus.errors import LinkError
from app.upgrade.manifest import Component
from app.upgrade.versions import Version

WORDS_PER_FILE = 10000  # Modbus file records are numbered 0-9999
FIRMWARE_REGISTERS = ("fw_state", "fw_result", "fw_agent_version", "fw_revenue_lock", "fw_image_size",
                      "fw_received", "fw_boot_count", "fw_active_bank")  # fmt: skip
LAYOUT_REGISTERS = ("fw_manifest_file", "fw_image_file", "fw_max_record_words")


class UpgradeError(MeterDeskError):
    """An upgrade step failed; the message says which and why."""


@dataclass(frozen=True)
class Transferred:
    """Bytes sent so far of one image, and when the transfer started (``time.monotonic``)."""

    done: int
    total: int
    started: float
    resumed_at: int = 0

    @property
    def rate(self) -> float:
        """Bytes per second since the start (counting only bytes sent in this attempt)."""
        elapsed = time.monotonic() - self.started
        return (self.done - self.resumed_at) / elapsed if elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the present rate, or None before the rate is known."""
        rate = self.rate
        return (self.total - self.done) / rate if rate > 0 else None


#: Called after each verified block.
OnBlock = Callable[[Transferred], None]
#: Awaited between blocks: returns at once unless the transfer is paused.
Gate = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class FirmwareStatus:
    """What the device says about its firmware and the component it stages."""

    version: Version
    agent: Version
    revenue_locked: bool
    state: str
    result: str
    image_size: int
    received: int
    boot_count: int
    bank: str


@dataclass(frozen=True)
class Layout:
    manifest_file: int
    image_file: int
    max_words: int


def supports_modbus_upgrade(device: Device) -> bool:
    """True when the device's profile has the firmware registers this module drives."""
    return all(device.profile.has(n) for n in (*FIRMWARE_REGISTERS, *LAYOUT_REGISTERS, "fw_command"))


def blocks(start: int, end: int, first_file: int, max_bytes: int) -> list[tuple[int, int, int, int]]:
    """``(file, record, offset, length)`` blocks covering bytes ``[start, end)`` of an area.

    Blocks never cross a file boundary (a record request stays in one file).
    """
    out = []
    offset = start
    file_bytes = 2 * WORDS_PER_FILE
    while offset < end:
        in_file = offset % file_bytes
        length = min(max_bytes, end - offset, file_bytes - in_file)
        out.append((first_file + offset // file_bytes, in_file // 2, offset, length))
        offset += length
    return out


class DevicePort:
    """Upgrade operations on one device through its :class:`Device` driver."""

    def __init__(self, device: Device) -> None:
        self.device = device
        self._layout: Layout | None = None

    @property
    def name(self) -> str:
        return self.device.name

    async def status(self) -> FirmwareStatus:
        profile = self.device.profile
        firmware = profile.identity.firmware_register or "firmware_version"
        values = await self.device.read([firmware, *FIRMWARE_REGISTERS])
        enum = lambda n: (profile.register(n).enum or {}).get(values[n], str(values[n]))
        return FirmwareStatus(
            version=Version.parse(str(values[firmware] or ""), _("{device}: firmware version").format(device=self.name)),
            agent=Version.parse(str(values["fw_agent_version"] or "0.0.0"),
                                _("{device}: upgrade agent version").format(device=self.name)),
            revenue_locked=bool(values["fw_revenue_lock"]),
            state=enum("fw_state"),
            result=enum("fw_result"),
            image_size=int(values["fw_image_size"] or 0),
            received=int(values["fw_received"] or 0),
            boot_count=int(values["fw_boot_count"] or 0),
            bank=enum("fw_active_bank"),
        )

    async def layout(self) -> Layout:
        if self._layout is None:
            v = await self.device.read(LAYOUT_REGISTERS)
            self._layout = Layout(int(v["fw_manifest_file"]), int(v["fw_image_file"]),
                                  max(1, int(v["fw_max_record_words"])))  # fmt: skip
        return self._layout

    async def command(self, name: str) -> None:
        """Send an upgrade command (Begin, Verify, Activate, Abort)."""
        reg = self.device.profile.register("fw_command")
        code = next(k for k, v in (reg.enum or {}).items() if v == name)
        await self.device.link.write_registers(reg.address, [code], self.device.unit)

    async def set_values(self, values: dict[str, int]) -> None:
        results = await self.device.write(values)
        bad = [r for r in results if not r.ok]
        if bad:
            raise UpgradeError(_("{device}: cannot set {setting}: {error}").format(
                device=self.name, setting=bad[0].name, error=bad[0].message))

    # ---- transfer

    async def _write_verified(self, file: int, record: int, data: bytes) -> None:
        """FC21 then FC20 read-back; one rewrite if the read-back differs."""
        link, unit = self.device.link, self.device.unit
        for _attempt in range(2):
            await link.write_file_record(file, record, data, unit)
            if await link.read_file_record(file, record, len(data) // 2, unit) == data:
                return
        raise UpgradeError(_("{device}: file {file} record {record} reads back different from what was written, "
                             "twice").format(device=self.name, file=file, record=record))

    async def send_area(self, first_file: int, data: bytes, start: int = 0, on_block: OnBlock | None = None,
                        gate: Gate | None = None) -> None:
        """Write ``data[start:]`` (even length) into the files from ``first_file`` on, block by block."""
        layout = await self.layout()
        progress = Transferred(start, len(data), time.monotonic(), start)
        for file, record, offset, length in blocks(start, len(data), first_file, 2 * layout.max_words):
            if gate is not None:
                await gate()
            await self._write_verified(file, record, data[offset : offset + length])
            progress = Transferred(offset + length, len(data), progress.started, start)
            if on_block is not None:
                on_block(progress)

    async def resume_point(self, image: bytes, received: int) -> int:
        """Where to continue sending ``image``: after the device's last block, if it reads back right."""
        if received <= 0:
            return 0
        layout = await self.layout()
        last = blocks(0, received, layout.image_file, 2 * layout.max_words)[-1]
        file, record, offset, length = last
        try:
            data = await self.device.link.read_file_record(file, record, length // 2, self.device.unit)
        except LinkError as exc:
            if exc.kind != "exception":
                raise
            return 0
        return received if data == image[offset : offset + length] else offset

    async def stage(self, blob: bytes, component: Component, image: bytes, *, on_block: OnBlock | None = None,
                    gate: Gate | None = None, on_resume: Callable[[int], None] | None = None) -> None:
        """Send the signed manifest and one component's image, and have the device verify them.

        Resumes after the last verified block when the device already stages
        the same component of the same manifest. Raises :class:`UpgradeError`
        with the device's reason when it refuses the component.
        """
        layout = await self.layout()
        await self.send_area(layout.manifest_file, _even(blob))
        await self.set_values({"fw_manifest_size": len(blob), "fw_component": component.index})
        await self.command("Begin")
        status = await self.status()
        if status.state == "Rejected":
            raise UpgradeError(_("{device} refuses {component}: {reason}").format(
                device=self.name, component=component.label, reason=status.result))
        padded = _even(image)
        for attempt in range(2):
            start = await self.resume_point(padded, status.received)
            if start and on_resume is not None:
                on_resume(start)
            await self.send_area(layout.image_file, padded, start, on_block, gate)
            await self.command("Verify")
            status = await self.status()
            if status.state == "Verified":
                return
            if status.result != "Image hash mismatch" or attempt:
                raise UpgradeError(_("{device} refuses {component}: {reason}").format(
                    device=self.name, component=component.label, reason=status.result))
            await self.command("Begin")  # the device dropped the damaged image: send it all again
            status = await self.status()

    async def activate(self, component: Component, *, restart_timeout: float = 120.0,
                       sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> FirmwareStatus:
        """Activate the verified component; for firmware and agents, wait for the restart.

        The answer to *Activate* may be lost as the device restarts; the
        device is polled with growing pauses (0.05 s doubling to 2 s) until it
        answers with a higher boot count, within ``restart_timeout`` seconds.
        """
        before = await self.status()
        try:
            await self.command("Activate")
        except LinkError as exc:
            if not component.restarts or exc.kind == "exception":
                raise
        if not component.restarts:
            status = await self.status()
            if status.state != "Idle":
                raise UpgradeError(_("{device} did not load {component}: {reason}").format(
                    device=self.name, component=component.label, reason=status.result))
            return status
        deadline = time.monotonic() + restart_timeout
        pause = 0.05
        while True:
            await sleep(pause)
            try:
                status = await self.status()
            except LinkError as exc:
                if exc.kind == "exception" or time.monotonic() > deadline:
                    raise UpgradeError(_("{device} did not come back within {seconds:g} s after activating "
                                         "{component} ({error})").format(
                        device=self.name, seconds=restart_timeout, component=component.label, error=exc)) from None
                pause = min(2 * pause, 2.0)
                continue
            if status.boot_count > before.boot_count and status.state != "Restarting":
                return status
            if status.state == "Verified":  # the command never arrived: send it again
                await self.command("Activate")
            elif status.state != "Restarting" and status.boot_count == before.boot_count:
                raise UpgradeError(_("{device} did not activate {component}: {reason}").format(
                    device=self.name, component=component.label, reason=status.result))
            if time.monotonic() > deadline:
                raise UpgradeError(_("{device} did not restart within {seconds:g} s").format(
                    device=self.name, seconds=restart_timeout))


def _even(data: bytes) -> bytes:
    """File records carry whole registers: pad odd-length data with one zero byte."""
    return data + b"\x00" if len(data) % 2 else data
