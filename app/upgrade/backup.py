"""Backup before an upgrade, and restore after it (ion7400-part2.md §13.2, §14.1).

A backup is a folder per device and time stamp::

    <root>/<device>_<serial>/<YYYYmmdd-HHMMSS>/
        device.json      identity and firmware when the backup was taken
        settings.toml    the settings, as the Settings pane saves and opens them
        energy.json      the accumulated energy registers
        web/             the custom web pages, copied over SFTP
        comtrade.json    the COMTRADE records on the meter (names, sizes, times)
        COMTRADE_1/...   the records themselves, when downloading them was chosen
        upgrade.log      the upgrade's log (see :mod:`app.upgrade.log`)
        state.json       how far the upgrade got, so that a later run resumes it

Settings are read and written with :mod:`app.config` (only what differs is
written, in a safe order, each setting verified by read-back); security
settings are left out, as they survive an upgrade and hold secrets.
Restoring writes the settings of the chosen groups, then the energies
through the Register Edit points (``<energy>_preset``), and verifies every
value by reading it back.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncssh

from app.comtrade import fetch
from app.config import Configuration, read_configuration, write_configuration
from app.config import files as config_files
from app.config.model import same_value
from app.drivers.generic import Device
from app.errors import MeterDeskError
from app.i18n import _, ngettext
from app.modbus import codec
from app.profiles.model import Group, Profile
from app.project.paths import data_dir
from app.upgrade.device_port import UpgradeError
from app.upgrade.rules import KEPT_GROUP_PREFIX

STAMP = "%Y%m%d-%H%M%S"
SETTINGS_FILE = "settings.toml"
PRESET_SUFFIX = "_preset"
#: Accumulated energy may grow by this much (Wh and alike) between writing it and reading it back.
ENERGY_DRIFT = 0.001  # relative
ENERGY_DRIFT_MIN = 1000.0  # absolute, in the register's unit
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def default_root() -> Path:
    """Where backups go unless told otherwise: MeterDesk's data folder (``METERDESK_DATA_DIR`` too), ``upgrades``."""
    return data_dir() / "upgrades"


def device_key(name: str, serial: str) -> str:
    """The folder name of a device: its name and serial number, file-system safe."""
    text = _UNSAFE.sub("_", f"{name}_{serial}" if serial else name).strip("._")
    return text[:100] or "device"


# ---- settings and energies


async def read_settings(device: Device) -> Configuration:
    """The device's configuration without its security settings (they survive an upgrade)."""
    config = await read_configuration(device)
    profile = device.profile
    return config.replace(values={n: v for n, v in config.values.items()
                                  if not profile.register(n).group.startswith(KEPT_GROUP_PREFIX)})


def energy_names(device: Device) -> list[str]:
    """The energy registers that can be written back through a Register Edit point."""
    profile = device.profile
    return [r.name for r in profile.in_group("energy") if profile.has(r.name + PRESET_SUFFIX)]


@dataclass
class Backup:
    """What was saved before an upgrade, in ``folder``."""

    folder: Path
    identity: dict[str, str]
    settings: Configuration
    energy: dict[str, float]
    web_files: list[str] = field(default_factory=list)
    comtrade: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path, profile: Profile) -> Backup:
        folder = Path(folder)
        try:
            return cls(
                folder,
                json.loads((folder / "device.json").read_text(encoding="utf-8")),
                config_files.load(folder / SETTINGS_FILE, profile),
                json.loads((folder / "energy.json").read_text(encoding="utf-8")),
                sorted(str(p.relative_to(folder / "web")) for p in (folder / "web").rglob("*") if p.is_file()),
                _read_json(folder / "comtrade.json", []),
            )
        except (OSError, ValueError, MeterDeskError) as exc:
            raise UpgradeError(_("the backup in {folder} is incomplete or damaged: {error}").format(
                folder=folder, error=exc)) from None


def _read_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default


def write_json(path: Path, doc: Any) -> None:
    """Write JSON atomically (a temporary file renamed over the target)."""
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(doc, indent=1, sort_keys=True, default=str), encoding="utf-8")
    os.replace(part, path)


class BackupStore:
    """The backup folders under ``root``, one sub-folder per device."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root else default_root()

    def new_folder(self, key: str, now: dt.datetime | None = None) -> Path:
        stamp = (now or dt.datetime.now()).strftime(STAMP)
        folder = self.root / key / stamp
        n = 1
        while folder.exists():
            n += 1
            folder = self.root / key / f"{stamp}-{n}"
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise UpgradeError(_("cannot create the backup folder {folder}: {error}").format(
                folder=folder, error=exc.strerror or exc)) from None
        return folder

    def folders(self, key: str) -> list[Path]:
        """The device's backup folders, oldest first."""
        base = self.root / key
        return sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []

    def unfinished(self, key: str, package_sha: str) -> Path | None:
        """The newest folder of an upgrade with this package that did not finish, if any."""
        for folder in reversed(self.folders(key)):
            state = _read_json(folder / "state.json", {})
            if state.get("package") == package_sha and state.get("status") not in ("done", None):
                return folder
        return None


async def take_backup(
    device: Device,
    folder: Path,
    identity: dict[str, str],
    *,
    sftp: fetch.SftpTarget | None = None,
    host_keys: fetch.HostKeys | None = None,
    download_comtrade: bool = False,
    log: Callable[[str], None] = lambda _text: None,
    progress: fetch.Progress | None = None,
) -> Backup:
    """Save settings, energies and, over SFTP when given, web pages and the COMTRADE records' list."""
    settings = await read_settings(device)
    names = energy_names(device)
    energy = await device.read(names) if names else {}
    write_json(folder / "device.json", identity)
    config_files.save(settings, folder / SETTINGS_FILE)
    write_json(folder / "energy.json", energy)
    energy_values = ngettext("{count} energy value", "{count} energy values", len(energy)).format(count=len(energy))
    log(ngettext("backed up {count} setting and {energy}", "backed up {count} settings and {energy}",
                 len(settings.values)).format(count=len(settings.values), energy=energy_values))
    backup = Backup(folder, identity, settings, {k: v for k, v in energy.items() if v is not None})
    if sftp is not None and host_keys is not None:
        backup.web_files = await _copy_folder(sftp, host_keys, "web", folder / "web")
        count = len(backup.web_files)
        log(ngettext("backed up {count} web file over SFTP", "backed up {count} web files over SFTP", count).format(
            count=count) if count else _("the meter's SFTP site has no custom web pages"))
        records = await fetch.list_records(sftp, host_keys)
        backup.comtrade = [{"folder": r.folder, "name": r.name, "size": r.size, "mtime": r.mtime} for r in records]
        write_json(folder / "comtrade.json", backup.comtrade)
        log(ngettext("listed {count} COMTRADE record (it is erased by the upgrade)",
                     "listed {count} COMTRADE records (they are erased by the upgrade)", len(records)).format(
            count=len(records)))
        if download_comtrade and records:
            await fetch.download_records(sftp, records, folder, host_keys, progress=progress)
            log(ngettext("downloaded {count} COMTRADE record into the backup",
                         "downloaded {count} COMTRADE records into the backup", len(records)).format(count=len(records)))
    return backup


async def _copy_folder(target: fetch.SftpTarget, host_keys: fetch.HostKeys, remote: str, dest: Path) -> list[str]:
    """Copy a folder of the SFTP site (recursively); an absent folder copies nothing."""
    copied: list[str] = []
    async with fetch.open_site(target, host_keys) as sftp:
        try:
            if not await sftp.isdir(remote):
                return []
        except asyncssh.SFTPError:
            return []
        pending = [remote]
        while pending:
            here = pending.pop()
            for entry in await sftp.readdir(here):
                name = entry.filename if isinstance(entry.filename, str) else entry.filename.decode()
                if name in (".", ".."):
                    continue
                path = posixpath.join(here, name)
                if entry.attrs.type == asyncssh.FILEXFER_TYPE_DIRECTORY:
                    pending.append(path)
                    continue
                relative = posixpath.relpath(path, remote)
                local = dest / relative
                local.parent.mkdir(parents=True, exist_ok=True)
                try:
                    await sftp.get(path, local, sparse=False)
                except asyncssh.SFTPError as exc:
                    raise fetch.FetchError(_("cannot copy {path}: {reason}").format(path=path, reason=exc.reason)) from None
                copied.append(relative)
    return sorted(copied)


# ---- restore


@dataclass
class RestoreReport:
    """What a restore wrote (one line per value, with its status) and what did not verify."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def restorable_groups(profile: Profile) -> list[Group]:
    """The setting groups a restore can write back (security settings survive the upgrade)."""
    return [g for g in profile.groups if g.kind == "setting" and not g.id.startswith(KEPT_GROUP_PREFIX)]


def chosen_settings(device: Device, backup: Backup, groups: Iterable[str] | None) -> Configuration:
    """The backed-up settings of the chosen groups (all restorable groups when None)."""
    profile = device.profile
    wanted = set(groups) if groups is not None else {g.id for g in restorable_groups(profile)}
    return backup.settings.replace(values={n: v for n, v in backup.settings.values.items()
                                           if profile.register(n).group in wanted})


async def restore(device: Device, backup: Backup, groups: Iterable[str] | None = None,
                  energy: bool = True) -> RestoreReport:
    """Write back the chosen settings and the energies, and verify them all by reading them back."""
    report = RestoreReport()
    profile = device.profile
    wanted = chosen_settings(device, backup, groups)
    if wanted.values:
        written = await write_configuration(device, wanted)
        report.written = [f"{r.change.label} = {r.change.new_text}: {_(r.status)}" for r in written.results]
        report.unchanged = len(wanted.values) - len(written.results)
        back = await device.read(list(wanted.values))
        for name, value in wanted.values.items():
            reg = profile.register(name)
            if back.get(name) is None or not same_value(reg, value, back[name]):
                report.problems.append(_("{label} ({name}) reads {value}, backed up as {backed_up}").format(
                    label=reg.label, name=name, value=codec.format_value(reg, back.get(name)),
                    backed_up=codec.format_value(reg, value)))
    if energy and backup.energy:
        presets = {n + PRESET_SUFFIX: round(v) for n, v in backup.energy.items()
                   if profile.has(n + PRESET_SUFFIX)}  # fmt: skip
        results = await device.write(presets)
        for r in results:
            reg = profile.register(r.name)
            report.written.append(f"{reg.label} = {codec.format_value(reg, r.requested)}: {_(r.status)}")
        report.problems += [f"{r.name}: {r.message}" for r in results if not r.ok]
        back = await device.read(list(backup.energy))
        for name, value in backup.energy.items():
            now_value = back.get(name)
            drift = max(abs(value) * ENERGY_DRIFT, ENERGY_DRIFT_MIN)
            if now_value is None or not -1.0 <= now_value - value <= drift:
                reg = device.profile.register(name)
                report.problems.append(_("{label} reads {value} after writing {written}").format(
                    label=reg.label, value=codec.format_value(reg, now_value), written=codec.format_value(reg, value)))
    return report

