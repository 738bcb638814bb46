"""Values as engineers read them: SI prefixes chosen per value (V/kV, W/kW/MW), "n/a" for sentinels."""

from __future__ import annotations

import math

from app.i18n import N_, _
from app.modbus import codec
from app.modbus.codec import Value
from app.profiles.model import Register

#: Units that take SI prefixes (k, M, G); a profile may also give them already prefixed ("kW").
SCALABLE = ("V", "A", "W", "var", "VA", "Wh", "varh", "VAh")
_ENERGY = ("Wh", "varh", "VAh")
_PREFIXES = (("G", 1e9), ("M", 1e6), ("k", 1e3), ("", 1.0))
NOT_AVAILABLE = N_("n/a")  # shown through _()
MAX_DECIMALS = 4  # finer than this is noise for a panel meter (0.0001 V, A, PF …); energies keep 6


def split_unit(unit: str) -> tuple[float, str]:
    """(factor to the base unit, base unit): ``"kW"`` → (1000, ``"W"``); other units → (1, unit)."""
    if unit in SCALABLE:
        return 1.0, unit
    if len(unit) > 1 and unit[1:] in SCALABLE:
        factor = dict(_PREFIXES).get(unit[0])
        if factor is not None:
            return factor, unit[1:]
    return 1.0, unit


def auto_scale(value: float, unit: str) -> tuple[float, str]:
    """``value`` in ``unit`` re-expressed with the prefix that keeps it below 1000 (never below the base unit)."""
    factor, base = split_unit(unit)
    if base not in SCALABLE or not math.isfinite(value):
        return value, unit
    absolute = abs(value * factor)
    for prefix, size in _PREFIXES:
        if absolute >= size or size == 1.0:
            return value * factor / size, prefix + base
    return value, unit  # unreachable: the last prefix always matches


def format_number(value: float, unit: str) -> str:
    """A number with its unit auto-scaled: ``230.12 V``, ``11.5 kV``, ``1.20534 MWh``."""
    scaled, shown = auto_scale(value, unit)
    _, base = split_unit(unit)
    energy = base in _ENERGY
    text = _significant(scaled, 6 if energy else 5, 6 if energy else MAX_DECIMALS)
    return f"{text} {shown}" if shown else text


def format_value(reg: Register, value: Value) -> str:
    """Display text of a decoded value: "n/a" for not available, labels for enums, scaled numbers."""
    if value is None:
        return _(NOT_AVAILABLE)
    if not is_numeric(reg) or isinstance(value, (str, codec.PowerFactor)):
        return codec.format_value(reg, value)
    return format_number(float(value), reg.unit)


def is_numeric(reg: Register) -> bool:
    """True when the register is a measured number (trends, min/max); False for enums, bits, text."""
    return reg.type != "string" and reg.enum is None and reg.bits is None and reg.format is None


def _significant(value: float, digits: int, max_decimals: int) -> str:
    """At most ``digits`` significant digits, no exponent for everyday magnitudes, no trailing zeros."""
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = min(max_decimals, max(0, digits - 1 - magnitude))
    text = f"{value:.{decimals}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "0") else text
