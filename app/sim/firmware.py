"""Dual-bank firmware of a simulated meter, following ion7400-part2.md §13.

The meter runs the image of its active bank. An upgrade stages a component
of a signed package in the other bank through Modbus file records: the
client writes the signed manifest into the manifest file, sets the component
index, sends *Begin*, writes the image into the image files (FC21, read back
with FC20), then *Verify* and *Activate*. The meter checks, as the manual
says, the package signature, the model, the no-downgrade version (4.5.0),
the revenue lock (§13.8), the minimum version an image upgrades from and the
upgrade agent (§13.1); it boots a new image only after checking its hash and
signature once more, at restart.

Nothing short of a completed restart changes the running firmware: a cut
link at any point, or a power loss (:meth:`FirmwareModel.power_loss`) before
the new bank is committed, leaves the old firmware running, and the staged
bytes stay in flash for the next attempt to resume. Activating firmware or
a template erases recorded data, including COMTRADE files, and the setup
(§13.3, §13.5): the meter comes back with its factory settings and zero
energies. Option-module images (S19 files, over SFTP) load into a module
slot: the module is offline while the file arrives, checks every record's
checksum and the termination record, and reverts to its previous firmware
if the load is interrupted (§13.7).

File layout (convention): the signed manifest in files 1-2, the image from
file 16 on, 10000 registers per file as Modbus numbers records 0-9999.
"""

from __future__ import annotations

import io
import json
import threading
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import MeterDeskError, ValidationError
from app.modbus import codec
from app.profiles.model import Profile
from app.sim.physics import Energies
from app.upgrade.keys import TrustedKeys
from app.upgrade.manifest import (
    Component,
    Manifest,
    check_signature,
    parse_manifest,
    sha256,
    split_blob,
)
from app.upgrade.package import ComponentSource
from app.upgrade.rules import KEPT_GROUP_PREFIX, ModelRules, rules_for
from app.upgrade.versions import Version

if TYPE_CHECKING:
    from app.sim.device import SimulatedDevice

MANIFEST_FILE = 1
MANIFEST_FILES = 2
IMAGE_FILE = 16
WORDS_PER_FILE = 10000
MAX_RECORD_WORDS = 120  # 240 bytes fit both FC21 (251-byte) and FC20 (245-byte) data limits

ILLEGAL_ADDRESS = 2
ILLEGAL_VALUE = 3

# fw_state
IDLE, RECEIVING, VERIFIED, REJECTED, RESTARTING = range(5)
# fw_result
(OK, BAD_SIGNATURE, BAD_HASH, WRONG_MODEL, DOWNGRADE, REVENUE_LOCKED, AGENT_TOO_OLD,
 NEEDS_INTERMEDIATE, MALFORMED, INCOMPLETE, NO_COMPONENT, NOT_STAGED, NEEDS_SFTP) = range(13)  # fmt: skip
# fw_command
BEGIN, VERIFY, ACTIVATE, ABORT = 1, 2, 3, 4
OPTION_SLOTS = ("A", "B", "C", "D")
#: Option-module firmware files (§13.7): analog and digital modules.
S19_PARTS = {"analog": "METSEPM89M0024", "digital": "METSEPM89M2600"}


@dataclass
class Staging:
    """A component being received into the inactive bank."""

    blob_sha: str
    blob: bytes
    component: Component
    image: bytearray
    received: int = 0

    @property
    def complete(self) -> bool:
        return self.received >= self.component.size


@dataclass
class OptionModule:
    """An option module in a slot: its type (analog, digital) and firmware version."""

    module: str
    version: str
    loading: bool = False
    result: str = "none"  # the last load's outcome, as the event log words it


@dataclass
class FirmwareModel:
    """The firmware side of one simulated meter; see the module docstring."""

    device: SimulatedDevice
    version: Version
    agent: Version = field(default_factory=lambda: Version(2, 1, 0))
    revenue_lock: bool = False
    trusted: TrustedKeys = field(default_factory=TrustedKeys.load)
    restart_time: float = 1.0  # s the meter is away while it restarts
    modules: dict[str, OptionModule] = field(default_factory=dict)
    #: Called when recorded data is erased (the SFTP site clears its COMTRADE folders).
    erase_hooks: list[Callable[[], None]] = field(default_factory=list)
    #: The meter's event log: upgrades, rejections, restarts, module loads.
    events: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rules: ModelRules = rules_for(self.device.profile.id)
        self.state = IDLE
        self.result = OK
        self.boot_count = 1
        self.active_bank = 0
        self.manifest_area = bytearray(MANIFEST_FILES * WORDS_PER_FILE * 2)
        self.staging: Staging | None = None
        self._pending: Staging | None = None
        self._back_at: float | None = None
        self._lock = threading.RLock()
        self.set_version(self.version)

    # ---- settable for tests

    def set_version(self, version: str | Version) -> None:
        """Put the meter on ``version`` (as if it had always run it)."""
        with self._lock:
            self.version = Version.parse(str(version))
            self.device.identity[self._firmware_register] = str(self.version)
            self._publish()

    def set_agent(self, version: str | Version) -> None:
        with self._lock:
            self.agent = Version.parse(str(version))
            self._publish()

    def set_revenue_lock(self, locked: bool) -> None:
        with self._lock:
            self.revenue_lock = locked
            self._publish()

    @property
    def _firmware_register(self) -> str:
        return self.device.profile.identity.firmware_register or "firmware_version"

    # ---- restart and power

    @property
    def offline(self) -> bool:
        """True while the meter restarts (it answers nothing); boots when the time is up."""
        with self._lock:
            if self._back_at is None:
                return False
            if self.device._clock() < self._back_at:
                return True
            self._boot()
            return False

    def power_loss(self) -> None:
        """Cut the power and restore it: an uncommitted activation is lost, the old firmware boots.

        The staged bytes stay in the inactive bank's flash; verification (in RAM)
        is lost. A module load in progress reverts to the module's old firmware.
        """
        with self._lock:
            if self._pending is not None:
                self.events.append(f"power lost before {self._pending.component.label} was committed; "
                                   f"firmware {self.version} kept")
            self._pending = None
            for slot, module in self.modules.items():
                if module.loading:
                    module.loading = False
                    self.events.append(f"option module {slot} load interrupted; reverted to {module.version}")
            if self.staging is not None:
                self.state = RECEIVING
            else:
                self.state = IDLE
            self._back_at = self.device._clock() + self.restart_time
            self._publish()

    def _boot(self) -> None:
        self._back_at = None
        self.boot_count += 1
        pending, self._pending = self._pending, None
        if pending is None:
            self.events.append(f"restarted on firmware {self.version}")
        elif (problem := self._check_image(pending)) != OK:
            self.result = problem
            self.events.append(f"boot check of {pending.component.label} failed; firmware {self.version} kept")
        else:
            self._commit(pending.component)
            self.staging = None
        self.state = IDLE if self.staging is None else RECEIVING
        self._publish()

    def _commit(self, component: Component) -> None:
        if component.kind == "agent":
            self.agent = component.version
            self.events.append(f"upgrade agent {component.version} installed")
            return
        self.active_bank = 1 - self.active_bank
        old, self.version = self.version, component.version
        self.device.identity[self._firmware_register] = str(self.version)
        self.device._store(self.device.profile.register(self._firmware_register), str(self.version))
        self.events.append(f"firmware upgraded from {old} to {self.version} (bank {'AB'[self.active_bank]})")
        self._erase_and_reset()

    def _erase_and_reset(self) -> None:
        """Loading firmware or a template erases all recorded data; the setup goes back to factory (§13.3)."""
        for hook in self.erase_hooks:
            hook()
        self.device.apply_settings(factory_settings(self.device.profile))
        self.device.system.energies = Energies()
        self.events.append("recorded data, COMTRADE files and setup erased")

    # ---- commands (fw_command) and file records

    def command(self, code: int) -> None:
        with self._lock:
            if code == BEGIN:
                self._begin()
            elif code == VERIFY:
                self._verify()
            elif code == ACTIVATE:
                self._activate()
            elif code == ABORT:
                self.staging, self.state, self.result = None, IDLE, OK
            self._publish()

    def _begin(self) -> None:
        size = int(self.device.settings.get("fw_manifest_size") or 0)
        index = int(self.device.settings.get("fw_component") or 0)
        blob = bytes(self.manifest_area[:size])
        try:
            manifest_bytes, signature = split_blob(blob)
        except MeterDeskError:
            return self._reject(MALFORMED, "the signed manifest is unreadable")
        try:
            check_signature(manifest_bytes, signature, self.trusted)
        except MeterDeskError as exc:
            return self._reject(BAD_SIGNATURE, str(exc))
        try:
            manifest = parse_manifest(manifest_bytes)
        except MeterDeskError as exc:
            return self._reject(MALFORMED, str(exc))
        if index >= len(manifest.components):
            return self._reject(NO_COMPONENT, f"the manifest has no component {index}")
        component = manifest.components[index]
        if (problem := self._check_rules(manifest, component)) != OK:
            return self._reject(problem, f"{component.label} refused")
        blob_sha = sha256(blob)
        staging = self.staging
        if staging is None or staging.blob_sha != blob_sha or staging.component.index != index:
            padded = component.size + component.size % 2
            self.staging = Staging(blob_sha, blob, component, bytearray(padded))
            self.events.append(f"staging {component.label} ({component.size} bytes)")
        else:
            self.events.append(f"staging of {component.label} resumed at byte {staging.received}")
        self.state, self.result = RECEIVING, OK

    def _check_rules(self, manifest: Manifest, component: Component) -> int:
        if component.over_sftp:
            return NEEDS_SFTP
        if self.revenue_lock and self.rules.revenue_lock_blocks:
            return REVENUE_LOCKED
        model = str(self.device.identity.get(self.device.profile.identity.model_register or "", ""))
        if not manifest.fits(model or self.device.profile.identity.model):
            return WRONG_MODEL
        if component.kind == "firmware":
            floor = self.rules.no_downgrade_from
            if floor is not None and self.version >= floor and component.version < self.version:
                return DOWNGRADE
            if component.min_from is not None and self.version < component.min_from:
                return NEEDS_INTERMEDIATE
            if component.requires_agent is not None and self.agent < component.requires_agent:
                return AGENT_TOO_OLD
        return OK

    def _check_image(self, staging: Staging) -> int:
        """Hash and signature of a staged image, as checked before it is used."""
        try:
            manifest_bytes, signature = split_blob(staging.blob)
            check_signature(manifest_bytes, signature, self.trusted)
        except MeterDeskError:
            return BAD_SIGNATURE
        if not staging.complete:
            return INCOMPLETE
        if sha256(bytes(staging.image[: staging.component.size])) != staging.component.sha256:
            return BAD_HASH
        return OK

    def _verify(self) -> None:
        staging = self.staging
        if staging is None:
            return self._reject(NOT_STAGED, "nothing is staged")
        problem = self._check_image(staging)
        if problem == BAD_HASH:
            staging.received = 0  # a damaged image is sent again from the start
        if problem != OK:
            self.state, self.result = REJECTED, problem
            self.events.append(f"{staging.component.label} failed its check ({problem})")
            return
        self.state, self.result = VERIFIED, OK
        self.events.append(f"{staging.component.label} verified (SHA-256 and signature)")

    def _activate(self) -> None:
        staging = self.staging
        if staging is None or self.state != VERIFIED:
            self.result = NOT_STAGED
            return
        component = staging.component
        if component.restarts:
            self._pending = staging
            self.state = RESTARTING
            self._back_at = self.device._clock() + self.restart_time
            self.events.append(f"restarting to activate {component.label}")
            return
        try:
            values = _template_settings(self.device.profile, bytes(staging.image[: component.size]))
        except MeterDeskError as exc:
            return self._reject(MALFORMED, str(exc))
        self._erase_and_reset()
        self.device.apply_settings(values)
        self.staging, self.state, self.result = None, IDLE, OK
        self.events.append(f"{component.label} loaded")

    def _reject(self, code: int, why: str) -> None:
        self.state, self.result = REJECTED, code
        self.events.append(f"upgrade refused: {why}")

    def read_file(self, file: int, record: int, count: int) -> tuple[bytes, int]:
        """FC20: ``count`` registers from ``record`` of ``file``; (data, exception code)."""
        with self._lock:
            area, offset = self._locate(file, record, count)
            if area is None:
                return b"", ILLEGAL_ADDRESS
            end = offset + 2 * count
            if area == "manifest":
                return bytes(self.manifest_area[offset:end]), 0
            staging = self.staging
            if staging is None or end > len(staging.image) or offset >= staging.received:
                return b"", ILLEGAL_ADDRESS
            return bytes(staging.image[offset:end]), 0

    def write_file(self, file: int, record: int, data: bytes) -> int:
        """FC21: write ``data`` at ``record`` of ``file``; returns an exception code or 0."""
        with self._lock:
            area, offset = self._locate(file, record, len(data) // 2)
            if area is None:
                return ILLEGAL_ADDRESS
            end = offset + len(data)
            if area == "manifest":
                self.manifest_area[offset:end] = data
                return 0
            staging = self.staging
            if staging is None or self.state not in (RECEIVING, VERIFIED, REJECTED):
                return ILLEGAL_VALUE
            if end > len(staging.image):
                return ILLEGAL_ADDRESS
            if offset > staging.received:  # images arrive in order: no gaps
                return ILLEGAL_VALUE
            staging.image[offset:end] = data
            staging.received = max(staging.received, min(end, staging.component.size))
            self.state = RECEIVING
            self._publish()
            return 0

    @staticmethod
    def _locate(file: int, record: int, count: int) -> tuple[str | None, int]:
        """Which area (``manifest``, ``image`` or None) and byte offset a record request addresses."""
        if count < 1 or count > MAX_RECORD_WORDS or record + count > WORDS_PER_FILE:
            return None, 0
        if MANIFEST_FILE <= file < MANIFEST_FILE + MANIFEST_FILES:
            return "manifest", ((file - MANIFEST_FILE) * WORDS_PER_FILE + record) * 2
        if file >= IMAGE_FILE:
            return "image", ((file - IMAGE_FILE) * WORDS_PER_FILE + record) * 2
        return None, 0

    # ---- option modules (over SFTP, §13.7)

    def begin_option_module(self, slot: str) -> bool:
        """A file starts to arrive for the module in ``slot``: it goes offline. False if the slot is empty."""
        with self._lock:
            module = self.modules.get(slot)
            if module is None:
                self.events.append(f"option module upgrade: no module in slot {slot}")
                return False
            module.loading = True
            self.events.append(f"option module {slot} ({module.module}) offline: loading")
            return True

    def load_option_module(self, slot: str, data: bytes) -> bool:
        """The S19 file for ``slot`` has ended: the module checks and loads it, or keeps its firmware.

        An image cut short (no termination record) or a load already
        interrupted by a power loss reverts to the module's previous firmware;
        a damaged one (bad record checksum, not S19) is refused.
        """
        with self._lock:
            module = self.modules.get(slot)
            if module is None:
                self.events.append(f"option module upgrade: no module in slot {slot}")
                return False
            if not module.loading:
                return self._module_result(slot, module, f"load interrupted; reverted to {module.version}")
            module.loading = False
            try:
                version, complete = s19_check(data)
            except ValueError as exc:
                return self._module_result(slot, module, f"Invalid S19 ({exc}); kept {module.version}")
            if not complete:
                return self._module_result(slot, module, f"load interrupted; reverted to {module.version}")
            old, module.version = module.version, version
            return self._module_result(slot, module, f"upgraded from {old} to {version}", True)

    def _module_result(self, slot: str, module: OptionModule, result: str, ok: bool = False) -> bool:
        module.result = result
        self.events.append(f"option module {slot} ({module.module}) {result}")
        return ok

    # ---- registers

    def _publish(self) -> None:
        staging = self.staging
        values: dict[str, Any] = {
            "fw_agent_version": str(self.agent),
            "fw_revenue_lock": int(self.revenue_lock),
            "fw_state": self.state,
            "fw_result": self.result,
            "fw_image_size": staging.component.size if staging else 0,
            "fw_received": staging.received if staging else 0,
            "fw_boot_count": self.boot_count,
            "fw_active_bank": self.active_bank,
            "fw_manifest_file": MANIFEST_FILE,
            "fw_image_file": IMAGE_FILE,
            "fw_max_record_words": MAX_RECORD_WORDS,
            self._firmware_register: str(self.version),
        }
        profile = self.device.profile
        for name, value in values.items():
            if profile.has(name):
                self.device._store(profile.register(name), value)


def factory_settings(profile: Profile) -> dict[str, Any]:
    """The simulator's factory setup: each setting's profile default, else its lowest legal value.

    Security settings are not part of it: they survive an upgrade.
    """
    values: dict[str, Any] = {}
    for reg in profile.registers:
        if not reg.writable or reg.group.startswith(KEPT_GROUP_PREFIX):
            continue
        if reg.default is not None:
            values[reg.name] = reg.default
        elif reg.enum:
            values[reg.name] = min(reg.enum)
        elif reg.type == "string":
            values[reg.name] = ""
        else:
            values[reg.name] = reg.minimum if reg.minimum is not None else 0
    return values


def _template_settings(profile: Profile, data: bytes) -> dict[str, Any]:
    """The settings of a template component: JSON ``{"settings": {name: value}}``, each checked."""
    try:
        doc = json.loads(data.decode("utf-8"))
        settings = doc["settings"]
        if not isinstance(settings, dict):
            raise TypeError
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise MeterDeskError("the template is not a settings document") from None
    values = {}
    for name, value in settings.items():
        if not profile.has(name) or not profile.register(name).writable:
            raise MeterDeskError(f"the template sets {name!r}, which is not a setting of {profile.id}")
        try:
            values[name] = codec.validate(profile.register(name), value)
        except ValidationError as exc:
            raise MeterDeskError(f"the template's {name}: {exc}") from None
    return values


def s19_check(data: bytes) -> tuple[str, bool]:
    """Check an S19 image record by record: (its version, whether it is complete).

    The version is in the S0 header (ASCII ``name vX.Y``); every record's
    checksum must match; the image is complete when it ends with a
    termination record (S7, S8 or S9). Raises ValueError for what is not S19.
    """
    try:
        lines = data.decode("ascii").splitlines()
    except UnicodeDecodeError:
        raise ValueError("not ASCII") from None
    if not lines or not lines[0].startswith("S0"):
        raise ValueError("no S0 header record")
    complete = False
    for number, line in enumerate(lines, 1):
        if complete:
            raise ValueError(f"record {number} after the termination record")
        try:
            raw = bytes.fromhex(line[2:])
        except ValueError:
            if number == len(lines):
                return _s19_header_version(lines[0]), False  # the last line was cut in the middle
            raise ValueError(f"record {number} is not hexadecimal") from None
        if line[:1] != "S" or not raw or raw[0] != len(raw) - 1:
            if number == len(lines):
                return _s19_header_version(lines[0]), False
            raise ValueError(f"record {number} is malformed")
        if (sum(raw[:-1]) + raw[-1]) & 0xFF != 0xFF:
            raise ValueError(f"record {number} fails its checksum")
        complete = line[1] in "789"
    return _s19_header_version(lines[0]), complete


def _s19_header_version(header: str) -> str:
    try:
        text = bytes.fromhex(header[8:-2]).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        raise ValueError("the S0 header is unreadable") from None
    version = text.rpartition(" v")[2]
    if not version or " v" not in text:
        raise ValueError("the S0 header names no version")
    return version


def _s19_record(kind: str, address: bytes, data: bytes) -> str:
    body = bytes([len(address) + len(data) + 1]) + address + data
    return f"S{kind}{body.hex().upper()}{(~sum(body)) & 0xFF:02X}"


def simulator_s19(module: str, version: str, size: int) -> bytes:
    """An option module's S19 image for the simulator: header, ``size`` data bytes in S3 records, S7."""
    part = S19_PARTS[module]
    data = simulator_image(part, "option-module", version, size)
    lines = [_s19_record("0", b"\0\0", f"{part} v{version}".encode("ascii"))]
    lines += [_s19_record("3", i.to_bytes(4, "big"), data[i : i + 32]) for i in range(0, size, 32)]
    lines.append(_s19_record("7", bytes(4), b""))
    return ("\n".join(lines) + "\n").encode("ascii")


# ---- packages for the simulators (scripts/build_firmware_package.py, tests, demo)


def simulator_image(model: str, kind: str, version: str, size: int) -> bytes:
    """A simulator's image: a header naming it, then ``size`` bytes in all (deterministic filler)."""
    header = f"MeterDesk simulator image: {model} {kind} {version}\n".encode("ascii")
    seed = sha256(header).encode("ascii")
    filler = bytearray()
    while len(header) + len(filler) < size:
        seed = sha256(seed).encode("ascii")
        filler += bytes.fromhex(seed.decode("ascii"))
    return (header + bytes(filler))[:size]


def ion7400_sources(version: str = "4.6.0", *, size: int = 4096, intermediate: str | None = "2.1.0",
                    agent: str | None = "2.1.0", template: bool = True,
                    direct_ethernet: bool = True, web: bool = False,
                    modules: Iterable[tuple[str, str]] = ()) -> list[ComponentSource]:
    """The components of an ION7400 package for the simulator, as §13.4 lists them.

    The firmware ``version`` upgrades from ``intermediate`` or later and needs
    upgrade agent ``agent`` (§13.1); the package carries both, and the factory
    template. Images are ``size`` bytes; firmware images say whether they need
    direct Ethernet (§13.2: "some upgrades cannot be done through a serial or
    Ethernet gateway"). ``web`` adds the factory web pages (a ZIP for the
    meter's SFTP web folder), ``modules`` option-module S19 images as
    ``(module, version)`` pairs (§13.7).
    """
    from app.profiles import profile_by_id

    sources: list[ComponentSource] = []
    if agent:
        sources.append(ComponentSource("agent", f"UpgradeAgent_{_file_version(agent)}.upx",
                                       simulator_image("ION7400", "agent", agent, size // 4), agent))
    needs_agent = agent if agent and Version.parse(version) >= Version(2, 1, 0) else None
    if intermediate:
        sources.append(ComponentSource("firmware", f"{_file_version(intermediate)}.upx",
                                       simulator_image("ION7400", "firmware", intermediate, size), intermediate,
                                       requires_agent=needs_agent, direct_ethernet=direct_ethernet))  # fmt: skip
    sources.append(ComponentSource(
        "firmware", f"{_file_version(version)}.upx", simulator_image("ION7400", "firmware", version, size), version,
        min_from=intermediate, requires=(intermediate,) if intermediate else (), requires_agent=needs_agent,
        direct_ethernet=direct_ethernet,
    ))  # fmt: skip
    if template:
        profile = profile_by_id("ion7400")
        factory = factory_settings(profile)
        settings = {r.name: factory[r.name] for r in profile.of_kind("setting") if r.name in factory}
        sources.append(ComponentSource("template", f"Factory_v{version}.dcf",
                                       json.dumps({"settings": settings}, indent=1).encode(), version))
    if web:
        sources.append(ComponentSource("web", f"WebPages_{_file_version(version)}.zip", web_pages(version), version))
    for module, module_version in modules:
        part = S19_PARTS[module]
        sources.append(ComponentSource("option-module", f"{part}_v{module_version}.S19",
                                       simulator_s19(module, module_version, size // 4), module_version,
                                       module=module))  # fmt: skip
    return sources


def web_pages(version: str) -> bytes:
    """The simulator's factory web pages: a ZIP with one page naming the version (fixed time stamps)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        page = f"<!doctype html><title>ION7400</title><p>ION7400 web pages {version}</p>\n"
        zf.writestr(zipfile.ZipInfo("index.html", date_time=(2024, 1, 1, 0, 0, 0)), page)
    return out.getvalue()


def _file_version(version: str) -> str:
    """``v004.006.000``: the ION file-name form of a version (§13.4)."""
    v = Version.parse(version)
    return f"v{v.major:03d}.{v.minor:03d}.{v.patch:03d}"


def configure(devices: Iterable[SimulatedDevice], *, trust_dirs: Iterable[Path] = (), version: str = "",
              agent: str = "") -> None:
    """Set up the firmware of the simulated meters among ``devices`` (``meterdesk simulate``).

    ``trust_dirs`` add public keys the meters accept packages from (the keys of
    ``scripts/build_firmware_package.py demo``); ``version`` and ``agent`` set
    the firmware and upgrade agent they run.
    """
    extra = TrustedKeys.load(trust_dirs, shipped=False)
    for device in devices:
        firmware = getattr(device, "firmware", None)
        if not isinstance(firmware, FirmwareModel):
            continue
        for key in extra.keys.values():
            firmware.trusted.add(key)
        if version:
            firmware.set_version(version)
        if agent:
            firmware.set_agent(agent)
