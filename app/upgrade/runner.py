"""One device's upgrade from start to finish: plan, back up, install, restore, log.

:class:`Upgrade` reads what the device runs, plans (:mod:`app.upgrade.plan`),
backs everything up into a new folder (:mod:`app.upgrade.backup`), then for
each step stages the component, has the device verify it, activates it and
waits for the restart and the new version; web pages and option-module
images go over SFTP (:mod:`app.upgrade.sftp_upload`); finally it writes the chosen
settings and the energies back and verifies them. Everything goes into the
folder's ``upgrade.log``.

The folder's ``state.json`` records the plan and each step done. A run that
stops anywhere (link cut, cancel, power loss) leaves the upgrade unfinished;
the next run with the same package finds that folder, keeps its backup
(the device may already have lost its setup) and carries on: steps the
device shows done are skipped, a partly sent image resumes after its last
verified block, and the restore follows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app import __version__
from app.comtrade import fetch
from app.drivers.generic import Device
from app.errors import MeterDeskError
from app.i18n import N_, _, ngettext
from app.modbus.errors import LinkError
from app.upgrade.backup import (
    Backup,
    BackupStore,
    RestoreReport,
    device_key,
    restore,
    take_backup,
    write_json,
)
from app.upgrade.device_port import (
    DevicePort,
    FirmwareStatus,
    Transferred,
    UpgradeError,
    supports_modbus_upgrade,
)
from app.upgrade.log import UpgradeLog
from app.upgrade.manifest import Component
from app.upgrade.package import Package
from app.upgrade.plan import LINK_ETHERNET, DeviceFacts, Plan, link_of, make_plan
from app.upgrade.sftp_upload import load_module, read_modules, upload_web
from app.upgrade.versions import Version, same_version


class UpgradeRefused(UpgradeError):
    """The plan has refusals: nothing was sent."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        super().__init__(_("{device}: upgrade refused: {reasons}").format(
            device=plan.facts.name, reasons="; ".join(plan.refusals)))


class NothingToInstall(UpgradeError):
    """The device already runs what the package brings."""


@dataclass
class UpgradeOptions:
    """Choices of the user (ION Setup's template paste options, §13.4)."""

    groups: list[str] | None = None  # setting groups to restore; None: all of them
    energy: bool = True  # restore the accumulated energies
    download_comtrade: bool = False  # copy the COMTRADE records into the backup
    restart_timeout: float = 120.0  # s to wait for the device after each restart
    attempts: int = 3  # tries of each step when the link fails
    retry_pause: float = 1.0  # s before the first retry, doubling


#: The phases of an upgrade (English keys; :attr:`Progress.phase_text` gives them in the user's language).
PHASES = {"plan": N_("planning"), "backup": N_("backup"), "transfer": N_("transfer"),
          "activate": N_("activation"), "restore": N_("restore"), "done": N_("done")}  # fmt: skip


@dataclass(frozen=True)
class Progress:
    """Where an upgrade is: phase, step, and bytes of the image being sent (``text`` is translated)."""

    phase: str  # a key of PHASES: plan, backup, transfer, activate, restore, done
    text: str
    step: int = 0
    steps: int = 0
    done: int = 0
    total: int = 0
    rate: float = 0.0  # B/s
    eta: float | None = None  # s

    @property
    def phase_text(self) -> str:
        """The phase in the user's language."""
        return _(PHASES[self.phase]) if self.phase in PHASES else self.phase


@dataclass
class UpgradeResult:
    folder: Path
    before: Version
    after: Version
    restore: RestoreReport
    resumed: bool = False


class Upgrade:
    """Upgrade one device with one package. ``gate`` is awaited between blocks (fleet pause)."""

    def __init__(
        self,
        device: Device,
        package: Package,
        *,
        store: BackupStore,
        options: UpgradeOptions | None = None,
        sftp: fetch.SftpTarget | None = None,
        host_keys: fetch.HostKeys | None = None,
        via_gateway: bool = False,
        on_progress: Callable[[Progress], None] | None = None,
        log: UpgradeLog | None = None,
        gate: Callable[[], Awaitable[None]] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.device = device
        self.package = package
        self.store = store
        self.options = options or UpgradeOptions()
        self.sftp = sftp
        self.host_keys = host_keys
        self.via_gateway = via_gateway
        self.port = DevicePort(device)
        self.log = log or UpgradeLog()
        self._on_progress = on_progress
        self._gate = gate
        self._sleep = sleep
        self.folder: Path | None = None

    def _progress(self, **kwargs: Any) -> None:
        if self._on_progress is not None:
            self._on_progress(Progress(**kwargs))

    # ---- facts and plan

    async def facts(self) -> DeviceFacts:
        """Identity, firmware and link of the device, and what its SFTP site allows, read now."""
        facts = await self._modbus_facts()
        sftp_problem, modules = await self._sftp_facts(facts.link)
        return replace(facts, sftp_problem=sftp_problem, modules=modules)

    async def _modbus_facts(self) -> DeviceFacts:
        """Identity, firmware and link of the device, read over Modbus (the SFTP site is not asked)."""
        if not supports_modbus_upgrade(self.device):
            status = None
        else:
            status = await self.port.status()
        identity = await self.device.identify()
        profile = self.device.profile
        version = status.version if status else Version.parse(identity.firmware or "0.0.0", _("firmware version"))
        return DeviceFacts(
            name=self.device.name,
            profile_id=profile.id,
            model=identity.model or profile.identity.model,
            serial=identity.serial,
            version=version,
            agent=status.agent if status else Version(0, 0),
            revenue_locked=status.revenue_locked if status else False,
            link=link_of(self.device.link.endpoint.kind, self.via_gateway),
        )

    async def _sftp_facts(self, link: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
        """Whether the SFTP site can be used (empty reason) and the option modules it shows."""
        if self.sftp is None or self.host_keys is None:
            return _("no SFTP login (user and password) was given"), ()
        if link != LINK_ETHERNET:
            return "", ()  # the plan says why: SFTP needs direct Ethernet
        try:
            modules = await read_modules(self.sftp, self.host_keys)
        except fetch.FetchError as exc:
            return _("the SFTP site of {device} cannot be used: {error}").format(device=self.device.name, error=exc), ()
        return "", tuple((m.slot, m.module, m.version) for m in modules.values())

    async def plan(self) -> Plan:
        self._progress(phase="plan", text=_("reading the device"))
        return make_plan(await self.facts(), self.package.manifest)

    # ---- run

    async def run(self, plan: Plan | None = None) -> UpgradeResult:
        """Carry out ``plan`` (planned now if not given), or resume an unfinished run of this package.

        Raises :class:`UpgradeRefused` before anything is sent if the plan has
        refusals, and :class:`UpgradeError` (or :class:`LinkError`) when a step
        fails; a later run resumes. With a ``plan`` given, the SFTP site is not
        asked again for what the plan already knows.
        """
        facts = await self.facts() if plan is None else await self._modbus_facts()
        key = device_key(facts.name, facts.serial)
        folder = self.store.unfinished(key, self.package.sha256)
        resumed = folder is not None
        if folder is None:
            plan = plan or make_plan(facts, self.package.manifest)
            if not plan.ok:
                raise UpgradeRefused(plan)
            if not plan.active_steps:
                raise NothingToInstall("; ".join(plan.notes))
            folder = self.store.new_folder(key)
            state = self._new_state(facts, plan)
            write_json(folder / "state.json", state)
            self.log.open(folder)
            self.log(_("upgrade of {device} ({model}, serial {serial}) with {package} [{file}, SHA-256 {sha256}] "
                       "by MeterDesk {version}").format(
                device=facts.name, model=facts.model, serial=facts.serial or "?", package=self.package.manifest.name,
                file=self.package.path.name, sha256=self.package.sha256, version=__version__))
            for line in plan.describe():
                self.log(line.strip())
        else:
            state = _load_state(folder)
            self.log.open(folder)
            self.log(_("resuming the upgrade started {started}: device now on firmware {version}").format(
                started=state["started"], version=facts.version))
        self.folder = folder
        try:
            backup = await self._backup(facts, folder, state)
            await self._install(folder, state)
            report = await self._restore(folder, state, backup)
        except asyncio.CancelledError:
            self.log(_("cancelled; the next run with this package resumes here"))
            raise
        except MeterDeskError as exc:
            self.log(_("FAILED: {error}").format(error=exc))
            raise
        after = (await self.port.status()).version
        state["status"] = "done"
        state["finished"] = _now()
        write_json(folder / "state.json", state)
        self.log(_("done: {device} runs firmware {version} (was {before}); backup and log in {folder}").format(
            device=facts.name, version=after, before=state["before"], folder=folder))
        self._progress(phase="done", text=_("firmware {version}").format(version=after))
        return UpgradeResult(folder, Version.parse(state["before"]), after, report, resumed)

    def _new_state(self, facts: DeviceFacts, plan: Plan) -> dict[str, Any]:
        return {
            "package": self.package.sha256,
            "package_name": self.package.manifest.name,
            "device": facts.name,
            "serial": facts.serial,
            "before": str(facts.version),
            "started": _now(),
            "status": "backup",
            "steps": [
                {"component": s.component.index, "text": s.text, "done": False,
                 "before": str(s.before) if s.before else None, "slot": s.slot}
                for s in plan.active_steps
            ],
            "restored": False,
        }

    async def _backup(self, facts: DeviceFacts, folder: Path, state: dict[str, Any]) -> Backup:
        if state["status"] != "backup":
            backup = Backup.load(folder, self.device.profile)
            count = len(backup.settings.values)
            self.log(ngettext("using the backup taken {started} ({count} setting)",
                              "using the backup taken {started} ({count} settings)", count).format(
                started=state["started"], count=count))
            return backup
        self._progress(phase="backup", text=_("backing up settings and energies"))
        identity = {"name": facts.name, "model": facts.model, "serial": facts.serial,
                    "firmware": str(facts.version), "agent": str(facts.agent), "profile": facts.profile_id}  # fmt: skip
        sftp = self.sftp if facts.link == LINK_ETHERNET else None
        if self.sftp is not None and sftp is None:
            self.log(_("web pages and COMTRADE records are not backed up: SFTP needs Ethernet"))

        def progress(done: int, total: int, name: str) -> None:
            self._progress(phase="backup", text=_("downloading {file}").format(file=name), done=done, total=total)

        backup = await take_backup(self.device, folder, identity, sftp=sftp, host_keys=self.host_keys,
                                   download_comtrade=self.options.download_comtrade, log=self.log,
                                   progress=progress)  # fmt: skip
        state["status"] = "installing"
        write_json(folder / "state.json", state)
        return backup

    async def _install(self, folder: Path, state: dict[str, Any]) -> None:
        steps = state["steps"]
        for n, step in enumerate(steps, 1):
            if step["done"]:
                continue
            component = self.package.manifest.components[step["component"]]
            self.log.context = _("step {step}/{steps}").format(step=n, steps=len(steps))
            try:
                for attempt in range(1, self.options.attempts + 1):
                    try:
                        if await self._already_done(component, step):
                            self.log(_("{component} is already in place").format(component=component.label))
                        else:
                            await self._install_one(component, n, len(steps), step.get("slot", ""))
                        break
                    except LinkError as exc:
                        if exc.kind == "exception" or attempt == self.options.attempts:
                            raise
                        pause = self.options.retry_pause * 2 ** (attempt - 1)
                        self.log(_("link lost ({error}); retrying in {seconds:g} s").format(error=exc, seconds=pause))
                        await self._sleep(pause)
            finally:
                self.log.context = ""
            step["done"] = True
            write_json(folder / "state.json", state)
        state["status"] = "restoring"
        write_json(folder / "state.json", state)

    async def _already_done(self, component: Component, step: dict[str, Any]) -> bool:
        status = await self.port.status()
        if component.kind == "agent":
            return status.agent >= component.version
        if component.kind == "firmware":
            before = Version.parse(step["before"]) if step.get("before") else None
            upgrading = before is None or before < component.version
            return status.version == component.version or upgrading and status.version > component.version
        if component.kind == "option-module" and step.get("slot") and self.sftp and self.host_keys:
            module = (await read_modules(self.sftp, self.host_keys)).get(step["slot"])
            return module is not None and module.state == "running" and same_version(module.version, component.version)
        return False

    async def _install_one(self, component: Component, n: int, steps: int, slot: str = "") -> None:
        if component.over_sftp:
            return await self._upload_one(component, n, steps, slot)
        image = await asyncio.to_thread(self.package.read, component)  # unzip and hash: not on the GUI's loop
        self.log(_("sending {component}: {file}, {size} bytes, SHA-256 {sha256}").format(
            component=component.label, file=component.file, size=component.size, sha256=component.sha256))
        started = time.monotonic()
        on_block = self._transfer_progress(_("sending {component}").format(component=component.label), n, steps)
        await self.port.stage(self.package.blob, component, image, on_block=on_block, gate=self._gate,
                              on_resume=lambda at: self.log(_("resuming after the last verified block, at byte "
                                                              "{at} of {total}").format(at=at, total=component.size)))  # fmt: skip
        took = time.monotonic() - started
        self.log(_("the device verified {component} (SHA-256 and signature); {size} bytes in {seconds:.2f} s").format(
            component=component.label, size=component.size, seconds=took))
        self._progress(phase="activate", text=_("activating {component}").format(component=component.label),
                       step=n, steps=steps)
        status = await self.port.activate(component, restart_timeout=self.options.restart_timeout,
                                          sleep=self._sleep)  # fmt: skip
        self._check_after(component, status)

    async def _upload_one(self, component: Component, n: int, steps: int, slot: str) -> None:
        """Upload web pages or an option-module image over SFTP and check the result."""
        if self.sftp is None or self.host_keys is None:
            raise UpgradeError(_("{component} goes over SFTP, and no SFTP login was given").format(
                component=component.label))
        data = await asyncio.to_thread(self.package.read, component)
        if slot:
            line = _("uploading {component} over SFTP into optionModuleUpg/{slot} of {host}:{port}: {file}, "
                     "{size} bytes, SHA-256 {sha256}")
        else:
            line = _("uploading {component} over SFTP into the web folder of {host}:{port}: {file}, "
                     "{size} bytes, SHA-256 {sha256}")
        self.log(line.format(component=component.label, slot=slot, host=self.sftp.host, port=self.sftp.port,
                             file=component.file, size=component.size, sha256=component.sha256))
        on_chunk = self._transfer_progress(_("uploading {component}").format(component=component.label), n, steps)
        started = time.monotonic()
        if slot:
            module = await load_module(self.sftp, self.host_keys, component, data, slot, on_chunk)
            self.log(_("the option module in slot {slot} ({module}) runs {version}: {result}; {size} bytes in "
                       "{seconds:.2f} s").format(slot=slot, module=module.module, version=module.version,
                                                 result=module.result, size=component.size,
                                                 seconds=time.monotonic() - started))
        else:
            path = await upload_web(self.sftp, self.host_keys, component, data, on_chunk)
            self.log(_("{path} read back over SFTP: {size} bytes, SHA-256 matches; {size} bytes in "
                       "{seconds:.2f} s").format(path=path, size=component.size, seconds=time.monotonic() - started))

    def _transfer_progress(self, text: str, n: int, steps: int) -> Callable[[Transferred], None]:
        """Progress of step ``n`` of ``steps`` as the bytes of its image go (Modbus blocks or SFTP chunks)."""
        def on_bytes(t: Transferred) -> None:
            self._progress(phase="transfer", text=text, step=n, steps=steps, done=t.done,
                           total=t.total, rate=t.rate, eta=t.eta)  # fmt: skip

        return on_bytes

    def _check_after(self, component: Component, status: FirmwareStatus) -> None:
        if component.kind == "firmware" and status.version != component.version:
            raise UpgradeError(_("{device} restarted on firmware {version}, not {expected} ({result}); it kept its "
                                 "old firmware").format(device=self.device.name, version=status.version,
                                                        expected=component.version, result=status.result))
        if component.kind == "agent" and status.agent < component.version:
            raise UpgradeError(_("{device} restarted with upgrade agent {agent}, not {expected} ({result})").format(
                device=self.device.name, agent=status.agent, expected=component.version, result=status.result))
        if component.restarts:
            self.log(_("restarted (boot {boot}, bank {bank}): firmware {version}, upgrade agent {agent}").format(
                boot=status.boot_count, bank=status.bank, version=status.version, agent=status.agent))
        else:
            self.log(_("{component} loaded").format(component=component.label))

    async def _restore(self, folder: Path, state: dict[str, Any], backup: Backup) -> RestoreReport:
        self._progress(phase="restore", text=_("restoring settings and energies"))
        groups = self.options.groups
        for attempt in range(1, self.options.attempts + 1):
            try:
                report = await restore(self.device, backup, groups, self.options.energy)
            except LinkError as exc:
                if exc.kind == "exception" or attempt == self.options.attempts:
                    raise
                self.log(_("link lost during the restore ({error}); retrying").format(error=exc))
            else:
                if report.ok or attempt == self.options.attempts:
                    break
                self.log(_("the restore did not verify ({problems}); writing again").format(
                    problems="; ".join(report.problems)))
            await self._sleep(self.options.retry_pause * 2 ** (attempt - 1))
        for line in report.written:
            self.log(_("restored {setting}").format(setting=line))
        unchanged = ngettext("{count} setting already right", "{count} settings already right",
                             report.unchanged).format(count=report.unchanged)
        self.log(ngettext("restore: {count} value written, {unchanged}", "restore: {count} values written, {unchanged}",
                          len(report.written)).format(count=len(report.written), unchanged=unchanged))
        if not report.ok:
            raise UpgradeError(_("{device}: the restore did not verify: {problems}").format(
                device=self.device.name, problems="; ".join(report.problems)))
        self.log(_("every restored value verified by read-back"))
        state["restored"] = True
        write_json(folder / "state.json", state)
        return report


def _load_state(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UpgradeError(_("the upgrade state in {folder} is unreadable: {error}").format(
            folder=folder, error=exc)) from None


def _now() -> str:
    return dt.datetime.now().isoformat(sep=" ", timespec="seconds")
