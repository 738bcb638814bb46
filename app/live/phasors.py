"""Phasors read from a meter: which registers carry them, and the :class:`PhasorSet` they make.

A profile offers phasors when it tags registers ``v1_mag``, ``v1_angle`` …
``i3_angle`` (magnitudes and angles of V1..V3 and I1..I3, angles relative to
V1). A ``volts_mode`` setting saying DELTA or 3W-WYE makes V1..V3 line-line
voltages; a ``phase_order`` setting gives the rotation the meter expects.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.analysis.wiring import Phasor, PhasorSet
from app.modbus.codec import Value
from app.profiles.model import Profile

PHASOR_TAGS = tuple(f"{x}{n}_{part}" for x in "vi" for n in (1, 2, 3) for part in ("mag", "angle"))
SETTINGS = ("volts_mode", "phase_order")
_WYE_LABELS = ("Va", "Vb", "Vc")
_DELTA_LABELS = ("Vab", "Vbc", "Vca")
_CURRENT_LABELS = ("Ia", "Ib", "Ic")
_LINE_LINE_MODES = ("DELTA", "3W-WYE")


def has_phasors(profile: Profile) -> bool:
    return all(profile.by_quantity(tag) is not None for tag in PHASOR_TAGS)


def phasor_registers(profile: Profile) -> list[str]:
    """Names of the phasor registers and of the settings that say how to read them."""
    names = [profile.by_quantity(tag).name for tag in PHASOR_TAGS]  # type: ignore[union-attr]
    return names + [n for n in SETTINGS if profile.has(n)]


def phasor_set(profile: Profile, values: Mapping[str, Value]) -> PhasorSet:
    """The phasors in ``values`` (read from :func:`phasor_registers`); unknown values stay None."""
    def value(tag: str) -> float | None:
        v = values.get(profile.by_quantity(tag).name)  # type: ignore[union-attr]
        return None if v is None else float(v)

    delta = _setting(profile, values, "volts_mode") in _LINE_LINE_MODES
    expected = _setting(profile, values, "phase_order") or "ABC"
    v_labels = _DELTA_LABELS if delta else _WYE_LABELS
    voltages = tuple(Phasor(v_labels[n - 1], value(f"v{n}_mag"), value(f"v{n}_angle")) for n in (1, 2, 3))
    currents = tuple(Phasor(_CURRENT_LABELS[n - 1], value(f"i{n}_mag"), value(f"i{n}_angle")) for n in (1, 2, 3))
    v_unit = profile.by_quantity("v1_mag").unit or "V"  # type: ignore[union-attr]
    i_unit = profile.by_quantity("i1_mag").unit or "A"  # type: ignore[union-attr]
    return PhasorSet(voltages, currents, "delta" if delta else "wye",  # type: ignore[arg-type]
                     expected if expected in ("ABC", "ACB") else "ABC", v_unit, i_unit)


def _setting(profile: Profile, values: Mapping[str, Value], name: str) -> str | None:
    if not profile.has(name) or values.get(name) is None:
        return None
    return (profile.register(name).enum or {}).get(int(values[name]))  # type: ignore[arg-type]
