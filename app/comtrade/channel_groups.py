"""What a channel measures (voltage, current...) and on which phase, and lanes to plot them in.

COMTRADE gives each channel a free-text phase field (``ph``) and unit; real
records write phases as ``A``/``B``/``C``, ``1``/``2``/``3``, ``L1``..``L3``
or ``R``/``S``/``T``, or leave the field empty and put the phase in the
channel name (``Va``, ``IB``, ``V1``, ``IL3``, ``UN``). :func:`phase_of`
understands all of these; :func:`group_lanes` proposes plot lanes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.comtrade.cfg import AnalogChannel
from app.i18n import N_

PHASE_ORDER = ("A", "B", "C", "N", "AB", "BC", "CA")

_PHASE_WORDS = {
    "A": "A", "B": "B", "C": "C", "N": "N",
    "1": "A", "2": "B", "3": "C", "4": "N", "0": "N",
    "L1": "A", "L2": "B", "L3": "C",
    "R": "A", "S": "B", "T": "C",
    "AN": "A", "BN": "B", "CN": "C", "AG": "A", "BG": "B", "CG": "C",
    "1N": "A", "2N": "B", "3N": "C", "L1N": "A", "L2N": "B", "L3N": "C",
    "AB": "AB", "BC": "BC", "CA": "CA", "12": "AB", "23": "BC", "31": "CA",
    "L1L2": "AB", "L2L3": "BC", "L3L1": "CA", "RS": "AB", "ST": "BC", "TR": "CA",
}  # fmt: skip
_NAME = re.compile(r"^(?:V|U|I)[\s_\-.]*(?:PH)?[\s_\-.]*(?P<ph>[A-Z0-9]{1,4})$")
_VOLT_UNITS = {"v", "kv", "mv"}
_AMP_UNITS = {"a", "ka", "ma"}


class GroupMode(StrEnum):
    """How channels are put into lanes."""

    QUANTITY = "quantity"  # one lane per unit: all voltages, all currents...
    PHASE = "phase"  # one lane per phase: Va with Ia, Vb with Ib...
    CHANNEL = "channel"  # one lane per channel


@dataclass(frozen=True)
class Lane:
    """A plot lane: a title and the positions of the analog channels drawn in it."""

    title: str
    members: tuple[int, ...]


def _phase_word(text: str) -> str:
    word = re.sub(r"[\s_\-.]", "", text.upper())
    return _PHASE_WORDS.get(word, "")


def phase_of(channel: AnalogChannel) -> str:
    """The phase a channel belongs to: ``A``, ``B``, ``C``, ``N``, ``AB``, ``BC``, ``CA`` or ""."""
    found = _phase_word(channel.phase)
    if found:
        return found
    match = _NAME.match(channel.name.strip().upper())
    return _phase_word(match["ph"]) if match else ""


def quantity_of(channel: AnalogChannel) -> str:
    """``V`` for voltages, ``A`` for currents, otherwise the channel's unit as written."""
    unit = channel.unit.strip().lower()
    if unit in _VOLT_UNITS:
        return "V"
    if unit in _AMP_UNITS:
        return "A"
    return channel.unit.strip()


#: Lane titles by quantity (English; the GUI shows them through :func:`app.i18n._`).
_QUANTITY_TITLES = {"V": N_("Voltage"), "A": N_("Current")}
NO_UNIT = N_("No unit")


def phase_rank(channel: AnalogChannel) -> int:
    """Where a channel's phase comes in :data:`PHASE_ORDER` (channels without a phase last)."""
    phase = phase_of(channel)
    return PHASE_ORDER.index(phase) if phase else len(PHASE_ORDER)


def group_lanes(channels: Sequence[AnalogChannel], mode: GroupMode | str) -> list[Lane]:
    """Lanes for ``channels`` in ``mode``, in a stable, readable order.

    QUANTITY: voltages first, then currents, then other units in order of
    appearance, phases A, B, C, N within each lane. PHASE: lanes A, B, C, N,
    line-line pairs, then one lane per unit for channels without a phase;
    voltages before currents inside a lane. CHANNEL: one lane each.
    """
    mode = GroupMode(mode)
    positions = list(range(len(channels)))
    if mode is GroupMode.CHANNEL:
        return [Lane(channels[k].name, (k,)) for k in positions]
    quantities: list[str] = []
    for k in positions:
        q = quantity_of(channels[k])
        if q not in quantities:
            quantities.append(q)
    quantities.sort(key=lambda q: (q != "V", q != "A"))
    if mode is GroupMode.QUANTITY:
        lanes = []
        for q in quantities:
            members = sorted(
                (k for k in positions if quantity_of(channels[k]) == q),
                key=lambda k: (phase_rank(channels[k]), k),
            )
            lanes.append(Lane(_QUANTITY_TITLES.get(q, q or NO_UNIT), tuple(members)))
        return lanes
    by_phase: dict[str, list[int]] = {}
    for k in positions:
        phase = phase_of(channels[k])
        key = f"Phase {phase}" if phase else _QUANTITY_TITLES.get(
            quantity_of(channels[k]), quantity_of(channels[k]) or NO_UNIT
        )
        by_phase.setdefault(key, []).append(k)
    order = [f"Phase {p}" for p in PHASE_ORDER]
    keys = sorted(by_phase, key=lambda key: order.index(key) if key in order else len(order))
    return [
        Lane(
            key,
            tuple(
                sorted(by_phase[key], key=lambda k: (quantities.index(quantity_of(channels[k])), k))
            ),
        )
        for key in keys
    ]
