"""Typed, immutable model of a device profile.

A profile is one TOML file per device model in ``resources/profiles``. The
loader (:mod:`app.profiles.loader`) builds these objects and validates them;
everything else in MeterDesk reads profiles only through this model.

Addresses are 0-based PDU addresses (what goes into the Modbus frame); ``reg``
is the vendor's printed register number, kept for display and traceability.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.i18n import _

#: Wire types and their size in 16-bit registers (``string`` sizes come from the entry).
TYPE_WORDS: dict[str, int] = {
    "int16": 1,
    "uint16": 1,
    "int32": 2,
    "uint32": 2,
    "int64": 4,
    "uint64": 4,
    "float32": 2,
    "float64": 4,
    "string": 0,
    # Iskra decade-exponent types (register-maps.md §3): T4 16 bit; T5, T6, T7 32 bit
    "iskra_t4": 1,
    "iskra_t5": 2,
    "iskra_t6": 2,
    "iskra_t7": 2,
}

READ_FUNCTIONS = (3, 4)
ACCESS = ("R", "RW", "W")
LINK_KINDS = ("tcp", "serial")
RULE_KINDS = ("range", "not_greater", "multiple", "distinct", "installed")
RULE_SEVERITIES = ("error", "warning")
#: Calculator kinds and their roles: (required, optional) register roles.
CALCULATOR_ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pulse_weight": (("kt",), ("mode",)),
    "burst_depth": (("pre", "post", "depth"), ("buffer_depth", "frequency")),
    "waveform_length": (("samples_per_cycle", "cycles"), ("delay", "frequency")),
}


@dataclass(frozen=True, slots=True)
class Register:
    """One point of the register map.

    ``scale`` multiplies the raw value (engineering = raw × scale); a
    ``scale_register`` instead names an int16 register holding a power-of-ten
    exponent (engineering = raw × 10^exponent). ``sentinels`` are raw values
    meaning "not available". ``quantity`` is a semantic tag (``v_an``,
    ``i_a``, ``p_total`` …) that the simulator and the measurement views use.
    """

    name: str
    label: str
    address: int
    reg: int
    function: int
    type: str
    words: int
    group: str
    source: str
    access: str = "R"
    word_order: str = "big"
    byte_order: str = "big"
    scale: float = 1.0
    scale_register: str | None = None
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    enum: dict[int, str] | None = None
    bits: dict[int, str] | None = None
    default: Any = None
    help: str = ""
    quantity: str | None = None
    format: str | None = None
    restart: bool = False
    sentinels: tuple[int, ...] = ()
    device_specific: bool = False
    link: tuple[str, ...] = ()
    caution: str = ""

    @property
    def end(self) -> int:
        """First PDU address after this point."""
        return self.address + self.words

    @property
    def writable(self) -> bool:
        return self.access in ("RW", "W")

    @property
    def readable(self) -> bool:
        return self.access in ("R", "RW")


@dataclass(frozen=True, slots=True)
class Span:
    """A range of PDU addresses ``[start, end)`` that the device reads without error."""

    function: int
    start: int
    end: int
    source: str = ""

    def covers(self, function: int, start: int, end: int) -> bool:
        return function == self.function and self.start <= start and end <= self.end


@dataclass(frozen=True, slots=True)
class Group:
    """A group of registers as the manuals' screens show them."""

    id: str
    label: str
    kind: str  # "measurement", "setting", "identity" or "command"
    rate: float = 1.0  # default poll period for measurement groups, s


@dataclass(frozen=True, slots=True)
class LinkDefaults:
    """Default link parameters as the manual gives them."""

    tcp_port: int | None = None
    tcp_unit: int = 1
    serial_baud: int | None = None
    serial_parity: str = "N"
    serial_stopbits: int = 1
    serial_unit: int = 1
    bauds: tuple[int, ...] = ()
    source: str = ""

    @property
    def has_tcp(self) -> bool:
        return self.tcp_port is not None

    @property
    def has_serial(self) -> bool:
        return self.serial_baud is not None


@dataclass(frozen=True, slots=True)
class Identity:
    """How to recognise the device: FC43/14 objects and/or identity registers."""

    vendor: str
    model: str
    fc43: bool = False
    model_register: str | None = None
    serial_register: str | None = None
    firmware_register: str | None = None
    name_register: str | None = None
    match: str = ""  # substring of the model string that identifies this profile


@dataclass(frozen=True, slots=True)
class Condition:
    """When a rule applies: ``register`` equals one of ``equals``, or has ``bit`` set (or clear)."""

    register: str
    equals: tuple[Any, ...] = ()
    bit: int | None = None
    bit_set: bool = True


@dataclass(frozen=True, slots=True)
class Rule:
    """A cross-field rule between settings; :mod:`app.config.rules` evaluates it.

    Kinds: ``range`` (the sum of ``registers`` lies in ``minimum``..``maximum``
    or is one of ``values``), ``not_greater`` (the sum of ``registers`` is at
    most ``limit``'s value), ``multiple`` (the first register is a positive
    multiple of the sum of ``of`` plus ``plus``), ``distinct`` (no two
    ``registers`` hold the same value) and ``installed`` (the register matches
    what the configuration says is installed). A rule with ``when`` applies
    only while that condition holds.
    """

    kind: str
    registers: tuple[str, ...]
    message: str
    source: str
    severity: str = "error"
    minimum: float | None = None
    maximum: float | None = None
    values: tuple[Any, ...] = ()
    limit: str | None = None
    of: tuple[str, ...] = ()
    plus: int = 0
    when: Condition | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every register the rule reads."""
        extra = (self.limit,) if self.limit else ()
        cond = (self.when.register,) if self.when else ()
        return self.registers + extra + self.of + cond


@dataclass(frozen=True)
class Calculator:
    """A calculator from the manual that feeds settings of ``group``; ``fields`` maps roles to registers."""

    kind: str
    group: str
    fields: dict[str, str]
    source: str


@dataclass(frozen=True)
class Profile:
    """A whole device profile."""

    id: str
    version: int
    vendor: str
    model: str
    description: str
    driver: str
    manual: str
    path: str
    links: LinkDefaults
    identity: Identity
    groups: tuple[Group, ...]
    registers: tuple[Register, ...]
    readable: tuple[Span, ...] = ()
    rules: tuple[Rule, ...] = ()
    calculators: tuple[Calculator, ...] = ()
    _by_name: dict[str, Register] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_name.update((r.name, r) for r in self.registers)

    def register(self, name: str) -> Register:
        """Look a register up by name (KeyError names the profile)."""
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(_("profile {id!r} has no register {name!r}").format(id=self.id, name=name)) from None

    def has(self, name: str) -> bool:
        return name in self._by_name

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def in_group(self, group_id: str) -> list[Register]:
        return [r for r in self.registers if r.group == group_id]

    def of_kind(self, kind: str) -> list[Register]:
        """Registers whose group is of ``kind`` (measurement, setting, ...)."""
        kinds = {g.id for g in self.groups if g.kind == kind}
        return [r for r in self.registers if r.group in kinds]

    def settings(self) -> list[Register]:
        """The registers a configuration holds: readable and writable, in setting groups."""
        return [r for r in self.of_kind("setting") if r.readable and r.writable]

    def by_quantity(self, quantity: str) -> Register | None:
        return next((r for r in self.registers if r.quantity == quantity), None)

    def is_readable_gap(self, function: int, start: int, end: int) -> bool:
        """True if every register in ``[start, end)`` may be read without error."""
        return start >= end or any(s.covers(function, start, end) for s in self.readable)
