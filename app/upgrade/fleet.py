"""Upgrading many devices: a queue with per-bus parallelism, pause and resume, a state per device.

Devices on one serial line (or behind one serial gateway) are upgraded one
after the other, as RS-485 carries one conversation at a time; devices on
their own TCP connections run in parallel, ``tcp_parallel`` at a time.
*Pause* holds every running transfer after its current block and keeps
queued devices from starting; *resume* lets them go on. A device that fails
or is refused ends in its own state with its reason; the others carry on.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from app.comtrade import fetch
from app.errors import MeterDeskError
from app.i18n import N_, _
from app.session import DeviceAddress, DeviceSession, LinkPool
from app.upgrade.backup import BackupStore
from app.upgrade.package import Package
from app.upgrade.runner import (
    NothingToInstall,
    Progress,
    Upgrade,
    UpgradeOptions,
    UpgradeRefused,
)

#: States of a queued device (English keys; :func:`app.i18n._` gives them in the user's language).
QUEUED, WAITING, RUNNING, PAUSED, DONE, UP_TO_DATE, FAILED, REFUSED, CANCELLED = (
    N_("queued"), N_("waiting for its bus"), N_("running"), N_("paused"), N_("done"), N_("up to date"),
    N_("failed"), N_("refused"), N_("cancelled"))  # fmt: skip
SUCCESS = (DONE, UP_TO_DATE)


@dataclass
class FleetEntry:
    """One device of the queue, its state and, at the end, its outcome."""

    address: DeviceAddress
    via_gateway: bool = False
    state: str = QUEUED
    message: str = ""
    progress: Progress | None = None
    before: str = ""
    after: str = ""
    folder: str = ""

    @property
    def name(self) -> str:
        return self.address.name

    def report(self) -> str:
        """One line for the final report, in the user's language."""
        if self.state == DONE:
            return _("{device}: done, firmware {before} → {after} (backup and log in {folder})").format(
                device=self.name, before=self.before, after=self.after, folder=self.folder)
        return f"{self.name}: {_(self.state)}" + (f": {self.message}" if self.message else "")


def bus_of(address: DeviceAddress, via_gateway: bool = False) -> tuple[str, bool]:
    """The bus a device is on, and whether that bus is shared (one device at a time)."""
    ep = address.endpoint
    if ep.kind == "rtu":
        return f"serial {ep.device}", True
    if ep.kind == "rtu-tcp" or via_gateway:
        return f"gateway {ep.host}:{ep.port}", True
    return f"tcp {ep.host}:{ep.port} unit {address.unit}", False


class Fleet:
    """Upgrade ``entries`` with one package; ``on_change(entry)`` reports every change of state or progress.

    Each device's link uses the timeout of its address and ``retries`` retries after a timeout.
    """

    def __init__(
        self,
        package: Package,
        entries: list[FleetEntry],
        *,
        store: BackupStore,
        options: UpgradeOptions | None = None,
        tcp_parallel: int = 4,
        pool: LinkPool | None = None,
        retries: int = 2,
        sftp_for: Callable[[DeviceAddress], fetch.SftpTarget | None] | None = None,
        host_keys: fetch.HostKeys | None = None,
        on_change: Callable[[FleetEntry], None] | None = None,
        on_log: Callable[[FleetEntry, str], None] | None = None,
    ) -> None:
        self.package = package
        self.entries = entries
        self.store = store
        self.options = options or UpgradeOptions()
        self.pool = pool or LinkPool()
        self.retries = retries
        self.sftp_for = sftp_for
        self.host_keys = host_keys
        self._on_change = on_change
        self._on_log = on_log
        self._tcp = asyncio.Semaphore(max(1, tcp_parallel))
        self._buses: dict[str, asyncio.Lock] = {}
        self._running = asyncio.Event()
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def pause(self) -> None:
        """Hold every transfer after its current block; queued devices wait."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    async def run(self) -> list[FleetEntry]:
        """Upgrade every device; returns the entries with their final states."""
        await asyncio.gather(*(self._one(e) for e in self.entries))
        return self.entries

    def _set(self, entry: FleetEntry, state: str, message: str = "") -> None:
        entry.state, entry.message = state, message
        if self._on_change is not None:
            self._on_change(entry)

    async def _one(self, entry: FleetEntry) -> None:
        key, shared = bus_of(entry.address, entry.via_gateway)
        bus = self._buses.setdefault(key, asyncio.Lock())
        try:
            self._set(entry, WAITING)
            async with bus, (contextlib.nullcontext() if shared else self._tcp):
                await self._gate(entry)
                self._set(entry, RUNNING)
                await self._upgrade(entry)
        except asyncio.CancelledError:
            self._set(entry, CANCELLED, _("the next run with this package resumes"))
            raise
        except UpgradeRefused as exc:
            self._set(entry, REFUSED, "; ".join(exc.plan.refusals))
        except NothingToInstall as exc:
            self._set(entry, UP_TO_DATE, str(exc))
        except MeterDeskError as exc:
            self._set(entry, FAILED, str(exc))
        except Exception as exc:  # noqa: BLE001 - one device's bug must not stop the others
            self._set(entry, FAILED, _("internal error ({type}: {error})").format(type=type(exc).__name__, error=exc))

    async def _gate(self, entry: FleetEntry) -> None:
        if self._running.is_set():
            return
        previous = entry.state
        self._set(entry, PAUSED)
        await self._running.wait()
        self._set(entry, previous)

    async def _upgrade(self, entry: FleetEntry) -> None:
        address = entry.address
        session = DeviceSession(address, self.pool, retries=self.retries)
        try:
            await session.connect()
            assert session.device is not None

            def progress(p: Progress) -> None:
                entry.progress = p
                if self._on_change is not None:
                    self._on_change(entry)

            upgrade = Upgrade(
                session.device, self.package, store=self.store, options=self.options,
                sftp=self.sftp_for(address) if self.sftp_for else None, host_keys=self.host_keys,
                via_gateway=entry.via_gateway, on_progress=progress, gate=lambda: self._gate(entry),
            )  # fmt: skip
            if self._on_log is not None:
                upgrade.log.add_listener(lambda line: self._on_log(entry, line))
            result = await upgrade.run()
        finally:
            session.disconnect()
        entry.before, entry.after, entry.folder = str(result.before), str(result.after), str(result.folder)
        self._set(entry, DONE)

