"""A device configuration: the setting values of one device model, by register name.

Values are engineering values as :mod:`app.modbus.codec` decodes them (int,
float or text; enums as their integer, IPv4 addresses as integers). A
configuration may hold every setting of its profile (read from a device) or
only some (a template, a hand-written file).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import numpy as np

from app.errors import MeterDeskError
from app.i18n import _
from app.modbus import codec
from app.modbus.codec import Value
from app.profiles.model import Profile, Register

#: Version of the configuration file layout (``[meterdesk] format``).
FORMAT_VERSION = 1


class ConfigurationError(MeterDeskError):
    """A configuration is unusable: bad file, wrong profile, or values the device cannot take."""


@dataclass
class Configuration:
    """Setting values of one device model.

    ``installation`` holds facts about the site that no register holds, keyed
    by the register they must match (e.g. how a BCPME's strips are really
    installed, checked against its numbering register). ``device`` and
    ``read_at`` say where and when the values were read; ``missing`` lists
    settings the device did not give, and ``unusable`` the values it holds that
    the profile does not allow (e.g. an unused port left at 0): they are shown,
    never written back.
    """

    profile: Profile
    values: dict[str, Value] = field(default_factory=dict)
    installation: dict[str, Value] = field(default_factory=dict)
    device: str = ""
    read_at: str = ""
    missing: tuple[str, ...] = ()
    unusable: dict[str, Value] = field(default_factory=dict)

    def __post_init__(self) -> None:
        settings = {r.name for r in self.profile.settings()}
        for name in (*self.values, *self.installation):
            if name not in settings:
                raise ConfigurationError(_("{id} has no setting {name!r}").format(id=self.profile.id, name=name))

    def replace(self, **changes: Any) -> Configuration:
        """A copy with fields replaced (dictionaries are copied)."""
        copy = replace(self, values=dict(self.values), installation=dict(self.installation),
                       unusable=dict(self.unusable))
        return replace(copy, **changes) if changes else copy

    def updated(self, values: dict[str, Value]) -> Configuration:
        """A copy with ``values`` set (None removes a setting)."""
        merged = {**self.values, **values}
        return self.replace(values={k: v for k, v in merged.items() if v is not None})


def now() -> str:
    """The current time, ISO 8601 in UTC to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def normalize(reg: Register, value: Value) -> Value:
    """The tidiest number that carries the same register words.

    A float32 read as 0.10000000149011612 becomes 0.1, and a register scaled by
    0.1 that decodes to 0.30000000000000004 becomes 0.3, so files stay readable
    and comparisons exact.
    """
    if not isinstance(value, float) or not math.isfinite(value):
        return value
    if reg.scale == 1.0 and reg.type.startswith(("int", "uint")) and value.is_integer():
        return int(value)
    if reg.type == "float32":
        return float(str(np.float32(value)))
    if reg.scale != 1.0 and reg.type.startswith(("int", "uint")):
        decimals = max(0, math.ceil(-math.log10(abs(reg.scale))))
        tidy = round(value, decimals)
        return int(tidy) if tidy.is_integer() and decimals == 0 else tidy
    return value


def same_value(reg: Register, a: Value, b: Value) -> bool:
    """True if ``a`` and ``b`` put the same words in the register (what the device would hold)."""
    if a is None or b is None:
        return a is None and b is None
    try:
        return codec.decode(reg, codec.pack(reg, a)) == codec.decode(reg, codec.pack(reg, b))
    except (TypeError, ValueError, AttributeError, OverflowError):
        return a == b
