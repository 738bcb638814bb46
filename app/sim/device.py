"""A simulated Modbus device: a register image built from a profile.

Measurement registers are recomputed from a :class:`ThreePhaseSystem` (at
most every ``refresh_period`` seconds), setting registers hold what was
written, and writes are checked the way the manuals describe: a value out of
range, a read-only register or half of a multi-register value gets exception
03; what happens on an unmapped address is the device's policy.

Device-specific behaviour (how settings change the measurements) lives in
small subclasses next to this module.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.errors import ValidationError
from app.modbus import codec
from app.profiles.model import Profile, Register
from app.sim.physics import ThreePhaseSystem

ILLEGAL_FUNCTION = 1
ILLEGAL_ADDRESS = 2
ILLEGAL_VALUE = 3


class NoResponse(Exception):
    """The device stays silent (e.g. a write to an unmapped address on the ION7400)."""


@dataclass
class Reply:
    """Registers read (or file-record bytes), or a Modbus exception code."""

    words: list[int] | None = None
    exception: int = 0
    data: bytes = b""


class SimulatedDevice:
    """Register image of one device model, driven by an electrical model."""

    #: Raw value of an unmapped register on read, or None to answer exception 02.
    unmapped_read: int | None = None
    #: True: a write to an unmapped register gets no answer; False: exception 02.
    silent_unmapped_write: bool = False
    #: Alone on a TCP port, answer every unit id (direct Ethernet meters); False for gateways.
    answers_any_unit: bool = True

    def __init__(
        self,
        profile: Profile,
        *,
        name: str = "",
        system: ThreePhaseSystem | None = None,
        settings: dict[str, Any] | None = None,
        identity: dict[str, str] | None = None,
        refresh_period: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.profile = profile
        self.name = name or profile.id
        self.system = system or ThreePhaseSystem()
        self.identity = identity or {}
        self.refresh_period = refresh_period
        self._clock = clock
        self._last = clock()
        self._image = {fc: np.zeros(65536, dtype=np.uint16) for fc in (3, 4)}
        self._mapped = {fc: np.zeros(65536, dtype=bool) for fc in (3, 4)}
        self._owner: dict[tuple[int, int], Register] = {}
        for reg in profile.registers:
            self._mapped[reg.function][reg.address : reg.end] = True
            for a in range(reg.address, reg.end):
                self._owner[(reg.function, a)] = reg
        self.settings: dict[str, Any] = {
            r.name: r.default for r in profile.registers if r.writable and r.default is not None
        }
        self.settings.update(settings or {})
        for name_, text in self.identity.items():
            self._store(profile.register(name_), text)
        for name_, value in self.settings.items():
            self._store(profile.register(name_), value)
        self._update_measurements()

    # ---- behaviour hooks for subclasses

    def measurements(self, quantities: dict[str, float]) -> dict[str, float | None]:
        """Values to publish per quantity tag; subclasses apply ratios and modes."""
        return quantities

    def on_setting_changed(self, reg: Register, value: Any) -> None:
        """Called after a setting was written and stored."""

    def refuse_write(self, reg: Register, value: Any) -> int:
        """Exception code refusing a legal value in the device's present state; 0 accepts it."""
        return 0

    @property
    def offline(self) -> bool:
        """True while the device restarts: it answers nothing and drops TCP connections."""
        return False

    def read_file(self, file: int, record: int, count: int) -> Reply:
        """FC20 Read File Record: ``count`` registers as ``data``; devices without files refuse it."""
        return Reply(exception=ILLEGAL_FUNCTION)

    def write_file(self, file: int, record: int, data: bytes) -> Reply:
        """FC21 Write File Record; devices without files refuse it."""
        return Reply(exception=ILLEGAL_FUNCTION)

    def apply_settings(self, values: dict[str, Any]) -> None:
        """Take ``values`` as settings at once, as a template load does."""
        self.settings.update(values)
        for name, value in values.items():
            self._store(self.profile.register(name), value)
        self._update_measurements()

    # ---- Modbus operations

    def read(self, function: int, address: int, count: int) -> Reply:
        if function not in (3, 4):
            return Reply(exception=ILLEGAL_FUNCTION)
        if count < 1 or address + count > 65536:
            return Reply(exception=ILLEGAL_ADDRESS)
        self.tick()
        mapped = self._mapped[function][address : address + count]
        words = self._image[function][address : address + count].copy()
        if not mapped.all():
            if self.unmapped_read is None:
                return Reply(exception=ILLEGAL_ADDRESS)
            words[~mapped] = self.unmapped_read
        return Reply(words=words.tolist())

    def write(self, address: int, values: list[int]) -> Reply:
        """FC06/FC16 on holding registers. Raises :class:`NoResponse` if silent."""
        end = address + len(values)
        regs = []
        a = address
        while a < end:
            reg = self._owner.get((3, a))
            if reg is None:
                if self.silent_unmapped_write:
                    raise NoResponse
                return Reply(exception=ILLEGAL_ADDRESS)
            if reg.address < address or reg.end > end or not reg.writable:
                return Reply(exception=ILLEGAL_VALUE)
            regs.append(reg)
            a = reg.end
        decoded = []
        for reg in regs:
            words = values[reg.address - address : reg.end - address]
            value = codec.decode(reg, words)
            try:
                value = codec.validate(reg, value)
            except ValidationError:
                return Reply(exception=ILLEGAL_VALUE)
            if code := self.refuse_write(reg, value):
                return Reply(exception=code)
            decoded.append((reg, value))
        for reg, value in decoded:
            self.settings[reg.name] = value
            self._store(reg, value)
            self.on_setting_changed(reg, value)
        self._update_measurements()
        return Reply(words=list(values))

    def device_identification(self) -> dict[int, bytes]:
        """FC43/14 basic and regular objects (0 vendor, 1 product code, 2 revision, 4 product, 5 model)."""
        ident = self.profile.identity
        firmware = self.identity.get(ident.firmware_register or "", "")
        model = self.identity.get(ident.model_register or "", ident.model)
        return {
            0: ident.vendor.encode(),
            1: model.encode(),
            2: firmware.encode(),
            4: self.profile.model.encode(),
            5: model.encode(),
        }

    # ---- image maintenance

    def tick(self) -> None:
        """Advance the physics to now and refresh measurement registers."""
        now = self._clock()
        elapsed = now - self._last
        if elapsed < self.refresh_period:
            return
        self._last = now
        self.system.advance(elapsed)
        self._update_measurements()

    def _update_measurements(self) -> None:
        values = self.measurements(self.system.quantities(self.pf_convention))
        for reg in self.profile.registers:
            if reg.quantity is not None and reg.quantity in values and not reg.writable:
                self._store(reg, values[reg.quantity])

    @property
    def pf_convention(self) -> str:
        if self.profile.has("pf_convention"):
            reg = self.profile.register("pf_convention")
            return (reg.enum or {}).get(self.settings.get("pf_convention", 0), "IEEE")
        return "IEEE"

    def _store(self, reg: Register, value: Any) -> None:
        """Put an engineering value into the image (÷ 10^exponent for a ``scale_register`` point)."""
        if reg.scale_register is not None and value is not None:
            exponent = self.value(reg.scale_register)
            value = None if exponent is None else value / 10.0**exponent
        self._image[reg.function][reg.address : reg.end] = codec.pack(reg, value)

    def value(self, name: str) -> Any:
        """Decoded value of a register, as a client would read it (for tests)."""
        reg = self.profile.register(name)
        exponent = self.value(reg.scale_register) if reg.scale_register else 0
        if exponent is None:
            return None
        return codec.decode(reg, self._image[reg.function][reg.address : reg.end].tolist(), exponent)
