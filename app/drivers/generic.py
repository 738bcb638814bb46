"""The generic, profile-driven device driver: planned reads, verified writes, identification."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.errors import ValidationError
from app.i18n import _
from app.modbus import codec
from app.modbus.codec import Value
from app.modbus.errors import LinkError, ModbusExceptionError
from app.modbus.link import ModbusLink
from app.modbus.planner import ReadBlock, ReadPlan, Unreadable, plan_reads, split_block
from app.profiles.model import Profile, Register

ILLEGAL_ADDRESS = 2


@dataclass(frozen=True)
class Identity:
    """What a device says it is."""

    vendor: str = ""
    model: str = ""
    serial: str = ""
    firmware: str = ""
    name: str = ""
    source: str = ""  # "FC43/14", "registers" or both


@dataclass(frozen=True)
class WriteResult:
    """Outcome of one setting write: ``status`` is verified, mismatch or failed; ``exception`` is the
    Modbus exception code of a write the device refused (None otherwise)."""

    name: str
    requested: Any
    read_back: Value = None
    status: str = "failed"
    message: str = ""
    exception: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == "verified"


class Device:
    """A device reached through a link: reads and writes by register name."""

    def __init__(self, link: ModbusLink, profile: Profile, unit: int, name: str = "") -> None:
        self.link = link
        self.profile = profile
        self.unit = unit
        self.name = name or f"{profile.id}@{link.name}#{unit}"
        self.unreadable = Unreadable()
        self._measurements = tuple(r.name for r in profile.of_kind("measurement"))
        self._plans: dict[tuple[tuple[str, ...], int], ReadPlan] = {}

    # ---- reading

    def plan(self, names: Iterable[str]) -> ReadPlan:
        """The cached read plan for these registers (and the scale registers they need)."""
        wanted = tuple(names)
        key = (wanted, len(self.unreadable.names))
        plan = self._plans.get(key)
        if plan is None:
            regs = [self.profile.register(n) for n in wanted]
            regs += [self.profile.register(r.scale_register) for r in regs if r.scale_register]
            blocks = plan_reads(regs, self.profile.is_readable_gap, unreadable=self.unreadable)
            plan = self._plans[key] = ReadPlan(blocks)
        return plan

    async def read(self, names: Iterable[str] | None = None) -> dict[str, Value]:
        """Read and decode registers (all measurements by default).

        A block the device refuses with "illegal data address" is split until
        the refused registers are found; they are remembered as unreadable and
        read back as ``None`` from then on.
        """
        names = tuple(names) if names is not None else self._measurements
        for _attempt in range(2):
            plan = self.plan(names)
            try:
                words = [await self._read_block(b) for b in plan.blocks]
            except ModbusExceptionError as exc:
                if exc.code != ILLEGAL_ADDRESS:
                    raise
                await self._find_unreadable(plan.blocks)
                continue
            values = plan.decode(words) if plan.blocks else {}
            return {n: values.get(n) for n in names}
        raise LinkError("exception", self.name, _("the device keeps refusing registers it accepted before"))

    async def _read_block(self, block: ReadBlock) -> np.ndarray:
        return await self.link.read_registers(block.function, block.address, block.count, self.unit)

    async def _find_unreadable(self, blocks: list[ReadBlock]) -> None:
        pending = list(blocks)
        while pending:
            block = pending.pop()
            try:
                await self._read_block(block)
            except ModbusExceptionError as exc:
                if exc.code != ILLEGAL_ADDRESS:
                    raise
                halves = split_block(block)
                if halves:
                    pending.extend(halves)
                else:
                    self.unreadable.add(block.registers[0])

    # ---- identification

    async def identify(self, objects: dict[int, bytes] | None = None) -> Identity:
        """FC43/14 objects where the profile says the device has them, plus identity registers.

        ``objects`` are FC43/14 objects already read (a scan has them), saving a request.
        """
        ident = self.profile.identity
        fields: dict[str, str] = {}
        sources = []
        if ident.fc43:
            try:
                if objects is None:
                    objects = await self.link.read_device_identification(self.unit)
            except ModbusExceptionError:
                objects = {}
            text = {k: v.decode("utf-8", errors="replace").strip() for k, v in objects.items()}
            if text:
                sources.append("FC43/14")
                fields.update(vendor=text.get(0, ""), model=text.get(1, ""), firmware=text.get(2, ""))
        register_fields = {
            "model": ident.model_register, "serial": ident.serial_register,
            "firmware": ident.firmware_register, "name": ident.name_register,
        }  # fmt: skip
        present = {k: v for k, v in register_fields.items() if v}
        if present:
            values = await self.read(present.values())
            sources.append("registers")
            for key, reg_name in present.items():
                if values.get(reg_name) and not fields.get(key):
                    fields[key] = str(values[reg_name])
        fields.setdefault("vendor", ident.vendor)
        return Identity(source=" + ".join(sources), **fields)

    # ---- writing

    def validate(self, values: Mapping[str, Any]) -> list[tuple[Register, list[int]]]:
        """Check every value before anything is sent; raise on the first bad one."""
        encoded = []
        for name, value in values.items():
            if not self.profile.has(name):
                raise ValidationError(_("{profile} has no setting {name!r}").format(profile=self.profile.id, name=name))
            reg = self.profile.register(name)
            encoded.append((reg, codec.encode(reg, value)))
        return encoded

    async def write_warnings(self, values: Mapping[str, Any]) -> list[str]:
        """Consequences of writing ``values`` that users should see before anything is sent.

        Drivers of devices where a setting changes more than itself (e.g. a
        gateway port that turns master) say so here; the generic device has none.
        """
        return []

    async def write(self, values: Mapping[str, Any], verify: bool = True) -> list[WriteResult]:
        """Write settings in the given order, each verified by read-back.

        Validation happens first for all values (nothing is sent if one is
        bad). A write the device refuses, or a link failure, is reported per
        setting; later settings are still attempted unless the link is down.
        """
        encoded = self.validate(values)
        results: list[WriteResult] = []
        link_down: LinkError | None = None
        for reg, words in encoded:
            requested = values[reg.name]
            if link_down is not None:
                results.append(WriteResult(reg.name, requested, status="failed", message=_("not sent: {reason}").format(reason=link_down)))
                continue
            try:
                await self.link.write_registers(reg.address, words, self.unit)
                if not verify:
                    results.append(WriteResult(reg.name, requested, status="verified", message=_("written (not verified)")))
                    continue
                back = (await self.read([reg.name]))[reg.name] if reg.readable else requested
            except ModbusExceptionError as exc:
                results.append(WriteResult(reg.name, requested, status="failed", message=str(exc), exception=exc.code))
                continue
            except LinkError as exc:
                link_down = exc
                results.append(WriteResult(reg.name, requested, status="failed", message=str(exc)))
                continue
            if _same(reg, requested, back):
                note = _("verified; takes effect after a device restart") if reg.restart else _("verified")
                results.append(WriteResult(reg.name, requested, back, "verified", note))
            else:
                results.append(WriteResult(reg.name, requested, back, "mismatch",
                                           _("read back {value}").format(value=codec.format_value(reg, back))))
        return results


def _same(reg: Register, requested: Any, back: Value) -> bool:
    """True if ``back`` is what the wire carries for ``requested`` (same encoding, same rounding)."""
    return back == codec.decode(reg, codec.pack(reg, requested))
