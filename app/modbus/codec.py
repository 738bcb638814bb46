"""Encode and decode register values as a profile describes them.

Types: int16/uint16/int32/uint32/int64/uint64/float32/float64, UTF-8 strings
(two characters per register), with enums and bitfields as presentations of
integers. Word order (which register holds the most significant word) and byte
order (within a register) are per register. A raw value listed among the
register's ``sentinels``, or a NaN float, decodes to ``None`` ("n/a").

Iskra's decade-exponent types T4, T5, T6 and T7 (``iskra_t4`` … ``iskra_t7``,
register-maps.md §3 "Iskra data types") decode to floats; a T7 power factor
decodes to a :class:`PowerFactor`, which keeps the meter's inductive/capacitive
and import/export flags.

:class:`BlockDecoder` decodes every point of a refresh at once with numpy,
grouping points of the same layout so a refresh costs a few array operations
rather than one Python call per point.
"""

from __future__ import annotations

import ipaddress
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from app.errors import ValidationError
from app.i18n import _
from app.profiles.model import Register

Value = int | float | str | None

_DTYPES = {
    "int16": np.int16, "uint16": np.uint16, "int32": np.int32, "uint32": np.uint32,
    "int64": np.int64, "uint64": np.uint64, "float32": np.float32, "float64": np.float64,
}  # fmt: skip
_UNSIGNED = {1: np.uint16, 2: np.uint32, 4: np.uint64}
_INT_LIMITS = {
    "int16": (-(2**15), 2**15 - 1), "uint16": (0, 2**16 - 1),
    "int32": (-(2**31), 2**31 - 1), "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1), "uint64": (0, 2**64 - 1),
}  # fmt: skip


# ---- single values


def raw_unsigned(reg: Register, words: Sequence[int]) -> int:
    """Combine the register words into one unsigned integer, MSW first."""
    ordered = list(words) if reg.word_order == "big" else list(reversed(words))
    raw = 0
    for w in ordered:
        if reg.byte_order == "little":
            w = ((w & 0xFF) << 8) | (w >> 8)
        raw = (raw << 16) | (w & 0xFFFF)
    return raw


def _split(reg: Register, raw: int) -> list[int]:
    words = [(raw >> (16 * (reg.words - 1 - i))) & 0xFFFF for i in range(reg.words)]
    if reg.byte_order == "little":
        words = [((w & 0xFF) << 8) | (w >> 8) for w in words]
    return words if reg.word_order == "big" else list(reversed(words))


def decode(reg: Register, words: Sequence[int], exponent: int = 0) -> Value:
    """Decode one point from its registers; ``exponent`` is its scale register's value."""
    if len(words) != reg.words:
        raise ValueError(_("{name}: expected {count} registers, got {got}").format(
            name=reg.name, count=reg.words, got=len(words)))
    if reg.type == "string":
        data = b"".join(int(w).to_bytes(2, "big" if reg.byte_order == "big" else "little") for w in words)
        return data.split(b"\x00", 1)[0].decode("utf-8", errors="replace").rstrip()
    raw = raw_unsigned(reg, words)
    if raw in reg.sentinels:
        return None
    if reg.type in ISKRA_TYPES:
        value = _scaled(reg, _iskra_values(reg.type, np.array([raw], dtype=np.uint32))[0].item(), exponent)
        return PowerFactor(value, export=raw >> 24 != 0) if reg.type == "iskra_t7" else value
    dtype = np.dtype(_DTYPES[reg.type])
    value = np.array([raw], dtype=_UNSIGNED[reg.words]).view(dtype)[0].item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return _scaled(reg, value, exponent)


def _scaled(reg: Register, value: int | float, exponent: int = 0) -> int | float:
    factor = reg.scale * (10.0**exponent if reg.scale_register else 1.0)
    if factor == 1.0:
        return value
    return value * factor


def validate(reg: Register, value: Any) -> int | float | str:
    """Check an engineering value against the register's type, enum and range.

    Returns the canonical value; raises :class:`ValidationError` naming the
    register and the allowed values.
    """
    where = _where(reg)
    if not reg.writable:
        raise ValidationError(_("{where} is read-only").format(where=where))
    if reg.type == "string":
        if not isinstance(value, str):
            raise ValidationError(_("{where}: expected text, got {value!r}").format(where=where, value=value))
        size = len(value.encode("utf-8"))
        if size > 2 * reg.words:
            raise ValidationError(_("{where}: {size} bytes of text, the maximum is {maximum}").format(
                where=where, size=size, maximum=2 * reg.words))
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(_("{where}: expected a number, got {value!r}").format(where=where, value=value))
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(_("{where}: {value} is not a finite number").format(where=where, value=value))
    if reg.enum is not None and value not in reg.enum:
        allowed = ", ".join(f"{k} ({v})" for k, v in reg.enum.items())
        raise ValidationError(_("{where}: {value!r} is not allowed; choose one of {allowed}").format(
            where=where, value=value, allowed=allowed))
    low, high = reg.minimum, reg.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        unit = f" {reg.unit}" if reg.unit else ""
        raise ValidationError(_("{where}: {value}{unit} is outside the allowed range {low}..{high}{unit}").format(
            where=where, value=value, unit=unit, low=_fmt(low), high=_fmt(high)))
    if reg.type.startswith(("int", "uint")):
        raw = _raw_integer(reg, value)
        if isinstance(raw, float) and abs(raw - round(raw)) > 1e-9 * max(1.0, abs(raw)):
            raise ValidationError(_("{where}: {value} is not a multiple of the step {step:g}").format(
                where=where, value=value, step=reg.scale))
        lo, hi = _INT_LIMITS[reg.type]
        if not lo <= round(raw) <= hi:
            raise ValidationError(_("{where}: {value} does not fit in {type}").format(
                where=where, value=value, type=reg.type))
        return int(value) if reg.scale == 1.0 else value
    if reg.type in ISKRA_TYPES:
        raw = value / reg.scale
        nearest = _iskra_values(reg.type, np.array([_iskra_raw(reg.type, raw)], dtype=np.uint32))[0].item()
        if not math.isclose(nearest, raw, rel_tol=1e-9, abs_tol=1e-12):
            raise ValidationError(_("{where}: {value} cannot be sent as Iskra {type}; the nearest value it can "
                                    "carry is {nearest:g}").format(where=where, value=value,
                                                                   type=reg.type[-2:].upper(),
                                                                   nearest=nearest * reg.scale))
        return value
    return float(value)


def encode(reg: Register, value: Any) -> list[int]:
    """Validate ``value`` and return the register words to write."""
    return pack(reg, validate(reg, value))


def pack(reg: Register, value: Value) -> list[int]:
    """Register words for an engineering value, without validation.

    ``None`` packs as the register's first sentinel (NaN for floats without
    one): this is how a device presents "not available".
    """
    if value is None:
        if reg.sentinels:
            return _split(reg, reg.sentinels[0])
        value = float("nan")
    if reg.type == "string":
        data = value.encode("utf-8").ljust(2 * reg.words, b"\x00")
        order = "big" if reg.byte_order == "big" else "little"
        return [int.from_bytes(data[i : i + 2], order) for i in range(0, len(data), 2)]
    if reg.type in ISKRA_TYPES:
        return _split(reg, _iskra_raw(reg.type, value / reg.scale, bool(getattr(value, "export", False))))
    if reg.type.startswith("float"):
        raw_value = np.array([value / reg.scale], dtype=_DTYPES[reg.type])
    else:
        lo, hi = _INT_LIMITS[reg.type]
        raw_value = np.array([min(max(round(_raw_integer(reg, value)), lo), hi)], dtype=_DTYPES[reg.type])
    raw = int(raw_value.view(_UNSIGNED[reg.words])[0])
    return _split(reg, raw)


def parse_text(reg: Register, text: str) -> int | float | str:
    """Turn user text (CLI ``NAME=VALUE``, a form field) into an engineering value.

    Accepts enum labels (case-insensitive), dotted IPv4 for ``format = "ipv4"``,
    and plain numbers. Raises :class:`ValidationError` for anything else.
    """
    where = _where(reg)
    text = text.strip()
    if reg.type == "string":
        return text
    if reg.enum is not None:
        for key, label in reg.enum.items():
            if label.lower() == text.lower():
                return key
    if reg.format == "ipv4":
        try:
            return int(ipaddress.IPv4Address(text))
        except ValueError:
            raise ValidationError(_("{where}: {text!r} is not an IPv4 address").format(where=where, text=text)) from None
    try:
        number = float(text.replace(",", ".")) if any(c in text for c in ".,eE") else int(text, 0)
    except ValueError:
        if reg.enum:
            message = _("{where}: {text!r} is not a number; choose one of {allowed}").format(
                where=where, text=text, allowed=", ".join(reg.enum.values()))
        else:
            message = _("{where}: {text!r} is not a number").format(where=where, text=text)
        raise ValidationError(message) from None

    return int(number) if isinstance(number, float) and number.is_integer() and not reg.type.startswith("float") else number


def format_value(reg: Register, value: Value, with_unit: bool = True) -> str:
    """Human-readable text for a decoded value ("n/a" for not available)."""
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    if isinstance(value, PowerFactor):
        return value.text
    if reg.enum is not None and value in reg.enum:
        return reg.enum[value]
    if reg.format == "ipv4":
        return str(ipaddress.IPv4Address(int(value) & 0xFFFFFFFF))
    if reg.format == "hex":
        return f"0x{int(value):0{reg.words * 4}X}"
    if reg.bits is not None:
        names = [label for bit, label in reg.bits.items() if int(value) >> bit & 1]
        return ", ".join(names) if names else "none"
    text = f"{value:.6g}" if isinstance(value, float) else str(value)
    return f"{text} {reg.unit}" if with_unit and reg.unit else text


def _raw_integer(reg: Register, value: int | float) -> int | float:
    """Raw register value for an integer type (exact for unscaled integers)."""
    if reg.scale == 1.0 and isinstance(value, int):
        return value
    return value / reg.scale


def _where(reg: Register) -> str:
    """How a message names a register: ``volts_mode (reg 4000)``."""
    return _("{name} (reg {reg})").format(name=reg.name, reg=reg.reg)


def _fmt(bound: float | None) -> str:
    return "" if bound is None else f"{bound:g}"


# ---- Iskra decade-exponent types (register-maps.md §3 "Iskra data types")

ISKRA_TYPES = ("iskra_t4", "iskra_t5", "iskra_t6", "iskra_t7")
_MANTISSA = {"iskra_t4": (0, 0x3FFF), "iskra_t5": (0, 0xFFFFFF), "iskra_t6": (-0x800000, 0x7FFFFF)}
_EXPONENT = {"iskra_t4": (0, 3), "iskra_t5": (-128, 127), "iskra_t6": (-128, 127)}


class PowerFactor(float):
    """An Iskra T7 power factor.

    The float is the power factor signed the way MeterDesk's IEEE rule signs
    it (negative when inductive, positive when capacitive; ``-0.0`` is an
    inductive zero); ``export`` is the meter's import/export flag.
    """

    __slots__ = ("export",)

    def __new__(cls, value: float, export: bool = False) -> PowerFactor:
        self = super().__new__(cls, value)
        self.export = export
        return self

    def __getnewargs__(self) -> tuple[float, bool]:
        return float(self), self.export

    @property
    def capacitive(self) -> bool:
        return math.copysign(1.0, self) > 0

    @property
    def text(self) -> str:
        """As Iskra shows it, e.g. "0.9876 Cap" (manual L554), plus "export" when exporting."""
        text = f"{abs(self):.4f} {'Cap' if self.capacitive else 'Ind'}"
        return _("{power_factor} export").format(power_factor=text) if self.export else text


def _iskra_values(type_name: str, raw: np.ndarray) -> np.ndarray:
    """Float values of raw Iskra T4/T5/T6/T7 integers (T7 signed negative when inductive).

    * T4 (16 bit): bits 15-14 unsigned decade exponent, bits 13-0 unsigned value;
    * T5 (32 bit): bits 31-24 signed decade exponent, bits 23-0 unsigned value;
    * T6 (32 bit): as T5 with a signed (two's complement) 24-bit value;
    * T7 (32 bit): bits 23-16 0x00 inductive / 0xFF capacitive, bits 15-0 value × 10⁻⁴
      (bits 31-24, import/export, do not change the number).
    """
    raw = raw.astype(np.int64)
    if type_name == "iskra_t7":
        magnitude = (raw & 0xFFFF) / 10000.0
        return np.where((raw >> 16) & 0xFF == 0, -magnitude, magnitude)
    if type_name == "iskra_t4":
        exponent, mantissa = raw >> 14, raw & 0x3FFF
    else:
        exponent = ((raw >> 24) ^ 0x80) - 0x80
        mantissa = raw & 0xFFFFFF
        if type_name == "iskra_t6":
            mantissa = (mantissa ^ 0x800000) - 0x800000
    powers = 10.0 ** np.abs(exponent)
    # dividing for negative exponents keeps decimals exact (123456 / 10³ is 123.456)
    return np.where(exponent >= 0, mantissa * powers, mantissa / powers)


def _iskra_raw(type_name: str, value: float, export: bool = False) -> int:
    """Raw integer of an Iskra type for a value (clamped to what the type can carry).

    ``export`` sets a T7 power factor's import/export flag.

    T4/T5/T6 use the smallest exponent whose mantissa fits (the most precise
    form), then drop trailing zeros while the mantissa has more than six
    digits, which reproduces the manual's examples (123456 × 10⁻³, 10000 × 10²).
    """
    if type_name == "iskra_t7":
        capacitive = math.copysign(1.0, value) > 0
        magnitude = min(round(abs(value) * 10000), 0xFFFF)
        return (0xFF000000 if export else 0) | (0x00FF0000 if capacitive else 0) | magnitude
    low, high = _MANTISSA[type_name]
    e_min, e_max = _EXPONENT[type_name]
    exponent = 0
    if value:
        exponent = min(max(math.ceil(math.log10(abs(value) / high)), e_min), e_max)
        while exponent < e_max and abs(_mantissa(value, exponent)) > high:
            exponent += 1
    mantissa = min(max(_mantissa(value, exponent), low), high)
    while abs(mantissa) > 999_999 and mantissa % 10 == 0 and exponent < e_max:
        mantissa, exponent = mantissa // 10, exponent + 1
    if type_name == "iskra_t4":
        return exponent << 14 | mantissa
    return (exponent & 0xFF) << 24 | (mantissa & 0xFFFFFF)


def _mantissa(value: float, exponent: int) -> int:
    return round(value * 10.0**-exponent if exponent < 0 else value / 10.0**exponent)


# ---- vectorised block decoding


class BlockDecoder:
    """Decode many points from one register image in a few numpy operations.

    ``points`` pairs each register with its position (index of its first word)
    in the image that :meth:`decode` receives.
    """

    def __init__(self, points: Iterable[tuple[Register, int]]) -> None:
        points = list(points)
        groups: dict[tuple, list[tuple[Register, int]]] = defaultdict(list)
        self._strings: list[tuple[Register, int]] = []
        for reg, pos in points:
            if reg.type == "string":
                self._strings.append((reg, pos))
            else:
                groups[(reg.type, reg.word_order, reg.byte_order, reg.sentinels)].append((reg, pos))
        self._groups = []
        for (type_name, word_order, byte_order, sentinels), members in groups.items():
            width = members[0][0].words
            cols = np.arange(width) if word_order == "big" else np.arange(width)[::-1]
            index = np.array([pos for _, pos in members])[:, None] + cols[None, :]
            scales = np.array([r.scale for r, _ in members])
            self._groups.append((
                [r.name for r, _ in members],
                index,
                np.dtype(_DTYPES[type_name]) if type_name in _DTYPES else type_name,  # str: Iskra type
                byte_order == "little",
                [int(v) for v in sentinels],
                None if np.all(scales == 1.0) else scales,
            ))
        self._exponents = [(r.name, r.scale_register) for r, _ in points if r.scale_register]

    def decode(self, image: np.ndarray) -> dict[str, Value]:
        """Decode all points; ``image`` is a uint16 array of register values."""
        out: dict[str, Value] = {}
        for names, index, dtype, swap_bytes, sentinels, scales in self._groups:
            raw = _combine(image[index], swap_bytes)
            if isinstance(dtype, str):
                values = _iskra_values(dtype, raw)
                missing = np.zeros(raw.shape, bool)
            else:
                values = raw.view(dtype.newbyteorder(">"))
                missing = np.isnan(values) if dtype.kind == "f" else np.zeros(raw.shape, bool)
            for sentinel in sentinels:
                missing |= raw == sentinel
            if scales is not None:
                values = values * scales
            listed = values.tolist()
            if isinstance(dtype, str) and dtype == "iskra_t7":
                listed = [PowerFactor(v, e) for v, e in zip(listed, (raw >> 24 != 0).tolist())]
            for name, value, gone in zip(names, listed, missing.tolist()):
                out[name] = None if gone else value
        for reg, pos in self._strings:
            out[reg.name] = decode(reg, image[pos : pos + reg.words].tolist())
        for name, exponent_name in self._exponents:
            exponent = out.get(exponent_name)
            value = out[name]
            out[name] = None if value is None or exponent is None else value * 10.0**exponent
        return out


def _combine(words: np.ndarray, swap_bytes: bool) -> np.ndarray:
    """(n, w) uint16 words, most significant first → n big-endian unsigned integers.

    Laying the words out as big-endian bytes and viewing them as one wider
    big-endian integer does the shifts in one copy; for registers whose two
    bytes are swapped, a little-endian layout does the swap at the same time.
    """
    width = words.shape[1]
    laid_out = words.astype("<u2" if swap_bytes else ">u2")
    return laid_out.view(f">u{2 * width}").reshape(-1)
