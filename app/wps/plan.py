"""Panel plan of a Wireless Panel Server and its check against the guide's limits.

:func:`check` returns every broken rule as a :class:`Violation` in plain words,
with the rule id, the guide lines it comes from and, where the guide is unclear,
an ``ambiguous`` note that says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from app.errors import MeterDeskError


class PlanError(MeterDeskError):
    """A panel plan holds an impossible value or cannot be read."""


class DeviceType(StrEnum):
    """The IEEE 802.15.4 wireless devices a WPS can pair (wps.md §4.3 / L227-235)."""

    HEATTAG = "heattag"
    POWERTAG_ENERGY = "powertag_energy"
    NSX_AUXILIARY = "nsx_auxiliary"
    ACTI9_ACTIVE = "acti9_active"

    @property
    def label(self) -> str:
        """Singular name for display."""
        return _NAMES[self][0]

    @property
    def plural(self) -> str:
        """Plural name for messages."""
        return _NAMES[self][1]


_NAMES = {
    DeviceType.HEATTAG: ("HeatTag sensor", "HeatTag sensors"),
    DeviceType.POWERTAG_ENERGY: ("PowerTag Energy sensor", "PowerTag Energy sensors"),
    DeviceType.NSX_AUXILIARY: (
        "wireless indication auxiliary for ComPacT NSX/NSXm",
        "wireless indication auxiliaries for ComPacT NSX/NSXm",
    ),
    DeviceType.ACTI9_ACTIVE: ("Acti9 Active", "Acti9 Active devices"),
}


class Severity(StrEnum):
    """``error``: a hard limit of the guide; ``warning``: advice or an unclear rule."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    """One limit from the guide."""

    id: str
    summary: str
    severity: Severity
    source: str
    ambiguous: str | None = None


MAX_HEATTAG = 3
MAX_POWERTAG = 15
MAX_POWERTAG_WITH_HEATTAG = 10
MAX_NSX_AUXILIARY = 15
MAX_ACTI9_ACTIVE = 15
MAX_TOTAL = 15
MAX_COLUMN_DISTANCE = 3
CHANNELS = range(11, 27)
MIN_FIRMWARE = (1, 0, 0)

_TOTAL_AMBIGUITY = (
    "The guide gives limits per device type (L848-854) that add up to more than 15, "
    "but its troubleshooting table names 'the limit of 15 wireless devices' (L1411). "
    "It does not say whether 15 caps all types together; confirm with Schneider "
    "Electric before planning more than 15."
)
_COLUMN_AMBIGUITY = (
    "The guide says devices 'should not be installed further than three columns away' "
    "(L862) without saying how columns are counted; this check allows up to 3 columns "
    "to either side of the Wireless Panel Server's column."
)

RULES: Mapping[str, Rule] = MappingProxyType(
    {
        rule.id: rule
        for rule in (
            Rule(
                "heattag.max",
                f"At most {MAX_HEATTAG} HeatTag sensors.",
                Severity.ERROR,
                "wps.md §4.3 / L241, L850",
            ),
            Rule(
                "powertag.max",
                f"At most {MAX_POWERTAG} PowerTag Energy sensors when no HeatTag "
                "sensor is paired.",
                Severity.ERROR,
                "wps.md §4.3 / L242, L851",
            ),
            Rule(
                "powertag.max_with_heattag",
                f"At most {MAX_POWERTAG_WITH_HEATTAG} PowerTag Energy sensors when one "
                "or more HeatTag sensors are paired.",
                Severity.ERROR,
                "wps.md §4.3 / L243, L852",
            ),
            Rule(
                "nsx_auxiliary.max",
                f"At most {MAX_NSX_AUXILIARY} wireless indication auxiliaries for "
                "ComPacT NSX/NSXm.",
                Severity.ERROR,
                "wps.md §4.3 / L853",
            ),
            Rule(
                "acti9_active.max",
                f"At most {MAX_ACTI9_ACTIVE} Acti9 Active devices.",
                Severity.ERROR,
                "wps.md §4.3 / L854",
            ),
            Rule(
                "devices.total",
                f"At most {MAX_TOTAL} wireless devices in total (unclear in the "
                "guide).",
                Severity.WARNING,
                "wps.md §4.3, §9.3 / L1411 (against L848-854)",
                _TOTAL_AMBIGUITY,
            ),
            Rule(
                "column.distance",
                f"Wireless devices no more than {MAX_COLUMN_DISTANCE} columns from the "
                "Wireless Panel Server's column.",
                Severity.WARNING,
                "wps.md §4.3 / L862",
                _COLUMN_AMBIGUITY,
            ),
            Rule(
                "channel.range",
                "IEEE 802.15.4 channel 11 to 26.",
                Severity.ERROR,
                "wps.md §3.2 / L591",
            ),
            Rule(
                "firmware.format",
                "Firmware version written NNN.NNN.NNN, as in 001.000.000.",
                Severity.ERROR,
                "wps.md §1 / L125",
            ),
            Rule(
                "firmware.minimum",
                "Firmware 001.000.000 or later, the versions the guide covers.",
                Severity.WARNING,
                "wps.md §1 / L125",
            ),
        )
    }
)


@dataclass(frozen=True)
class PlannedDevice:
    """A row of the plan: ``quantity`` devices of one type in one switchboard column
    (columns are numbered from 1)."""

    type: DeviceType
    column: int
    quantity: int = 1
    label: str = ""

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise PlanError(f"{self.describe()}: the quantity must be at least 1")
        if self.column < 1:
            raise PlanError(f"{self.describe()}: columns are numbered from 1")

    def describe(self) -> str:
        """The row in words, e.g. "'Feeder 7' (2 × Acti9 Active devices)"."""
        kind = self.type.label if self.quantity == 1 else self.type.plural
        what = f"{self.quantity} × {kind}"
        return f"'{self.label}' ({what})" if self.label else what


@dataclass(frozen=True)
class PanelPlan:
    """The wireless devices planned around one Wireless Panel Server.

    ``channel`` (IEEE 802.15.4) and ``firmware`` (``NNN.NNN.NNN``) are optional:
    the guide gives no default for either.
    """

    wps_column: int = 1
    devices: tuple[PlannedDevice, ...] = ()
    name: str = ""
    channel: int | None = None
    firmware: str | None = None

    def __post_init__(self) -> None:
        if self.wps_column < 1:
            raise PlanError("the Wireless Panel Server column must be 1 or more")

    def count(self, device_type: DeviceType) -> int:
        """How many devices of ``device_type`` the plan holds."""
        return sum(d.quantity for d in self.devices if d.type is device_type)

    @property
    def total(self) -> int:
        """How many wireless devices the plan holds."""
        return sum(d.quantity for d in self.devices)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form; :meth:`from_dict` reads it back."""
        return {
            "name": self.name,
            "wps_column": self.wps_column,
            "channel": self.channel,
            "firmware": self.firmware,
            "devices": [
                {
                    "type": d.type.value,
                    "column": d.column,
                    "quantity": d.quantity,
                    "label": d.label,
                }
                for d in self.devices
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PanelPlan:
        """Read what :meth:`to_dict` wrote; :class:`PlanError` names what is wrong."""
        devices = []
        for number, row in enumerate(_get(data, "devices", list, "plan"), 1):
            where = f"device {number}"
            if not isinstance(row, Mapping):
                raise PlanError(f"{where}: expected a table of fields")
            type_name = _get(row, "type", str, where)
            try:
                device_type = DeviceType(type_name)
            except ValueError:
                known = ", ".join(t.value for t in DeviceType)
                raise PlanError(
                    f"{where}: unknown device type '{type_name}' (known: {known})"
                ) from None
            devices.append(
                PlannedDevice(
                    type=device_type,
                    column=_get(row, "column", int, where),
                    quantity=_get(row, "quantity", int, where),
                    label=_get(row, "label", str, where, ""),
                )
            )
        return cls(
            wps_column=_get(data, "wps_column", int, "plan"),
            devices=tuple(devices),
            name=_get(data, "name", str, "plan", ""),
            channel=_get(data, "channel", int, "plan", None),
            firmware=_get(data, "firmware", str, "plan", None),
        )


_REQUIRED = object()


def _get(
    data: Mapping[str, Any], key: str, kind: type, where: str, default: Any = _REQUIRED
) -> Any:
    if key not in data or (data[key] is None and default is None):
        if default is _REQUIRED:
            raise PlanError(f"{where}: '{key}' is missing")
        return default
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PlanError(f"{where}: '{key}' must be {_KIND_WORDS[kind]}, not {value!r}")
    return value


_KIND_WORDS = {int: "a whole number", str: "text", list: "a list"}


@dataclass(frozen=True)
class Violation:
    """A broken rule, in words. ``device`` is the plan row at fault, if one is."""

    rule: str
    severity: Severity
    message: str
    source: str
    ambiguous: str | None = None
    device: PlannedDevice | None = field(default=None, compare=False)


def _violation(
    rule_id: str, message: str, device: PlannedDevice | None = None
) -> Violation:
    rule = RULES[rule_id]
    return Violation(
        rule.id, rule.severity, message, rule.source, rule.ambiguous, device
    )


def _counted(count: int, device_type: DeviceType) -> str:
    return f"{count} {device_type.label if count == 1 else device_type.plural}"


def _are_planned(count: int, device_type: DeviceType) -> str:
    return f"{_counted(count, device_type)} {'is' if count == 1 else 'are'} planned"


def check(plan: PanelPlan) -> list[Violation]:
    """Every rule of :data:`RULES` the plan breaks; empty when within all limits."""
    return [
        *_count_violations(plan),
        *_column_violations(plan),
        *_channel_violations(plan.channel),
        *_firmware_violations(plan.firmware),
    ]


def _count_violations(plan: PanelPlan) -> list[Violation]:
    found = []
    heattags = plan.count(DeviceType.HEATTAG)
    powertags = plan.count(DeviceType.POWERTAG_ENERGY)
    if heattags > MAX_HEATTAG:
        found.append(_violation(
            "heattag.max",
            f"{_are_planned(heattags, DeviceType.HEATTAG)}; a Wireless Panel Server "
            f"supports at most {MAX_HEATTAG}.",
        ))
    if heattags and powertags > MAX_POWERTAG_WITH_HEATTAG:
        found.append(_violation(
            "powertag.max_with_heattag",
            f"{_are_planned(powertags, DeviceType.POWERTAG_ENERGY)} together with "
            f"{_counted(heattags, DeviceType.HEATTAG)}; once a HeatTag sensor is "
            f"paired, at most {MAX_POWERTAG_WITH_HEATTAG} PowerTag Energy sensors are "
            f"supported ({MAX_POWERTAG} without HeatTag).",
        ))
    elif not heattags and powertags > MAX_POWERTAG:
        found.append(_violation(
            "powertag.max",
            f"{_are_planned(powertags, DeviceType.POWERTAG_ENERGY)}; at most "
            f"{MAX_POWERTAG} are supported when no HeatTag sensor is paired.",
        ))
    for device_type, limit, rule_id in (
        (DeviceType.NSX_AUXILIARY, MAX_NSX_AUXILIARY, "nsx_auxiliary.max"),
        (DeviceType.ACTI9_ACTIVE, MAX_ACTI9_ACTIVE, "acti9_active.max"),
    ):
        count = plan.count(device_type)
        if count > limit:
            found.append(_violation(
                rule_id,
                f"{_are_planned(count, device_type)}; a Wireless Panel Server "
                f"supports at most {limit}.",
            ))
    if plan.total > MAX_TOTAL:
        found.append(_violation(
            "devices.total",
            f"{plan.total} wireless devices are planned in total. The guide's "
            "troubleshooting table says devices go undetected once 'the limit of "
            f"{MAX_TOTAL} wireless devices' is reached, so some may never be "
            "discovered.",
        ))
    return found


def _column_violations(plan: PanelPlan) -> list[Violation]:
    found = []
    for device in plan.devices:
        distance = abs(device.column - plan.wps_column)
        if distance <= MAX_COLUMN_DISTANCE:
            continue
        verb = "are" if device.quantity > 1 and not device.label else "is"
        found.append(_violation(
            "column.distance",
            f"{device.describe()} in column {device.column} {verb} {distance} "
            f"columns from the Wireless Panel Server in column {plan.wps_column}; "
            "the guide says wireless devices should be no more than "
            f"{MAX_COLUMN_DISTANCE} columns away, for reliable communication.",
            device,
        ))
    return found


def _channel_violations(channel: int | None) -> list[Violation]:
    if channel is None or channel in CHANNELS:
        return []
    return [_violation(
        "channel.range",
        f"IEEE 802.15.4 channel {channel} does not exist on the Wireless Panel "
        f"Server, which uses channels {CHANNELS.start} to {CHANNELS.stop - 1}.",
    )]


_FIRMWARE = re.compile(r"(\d{3})\.(\d{3})\.(\d{3})")


def _firmware_violations(version: str | None) -> list[Violation]:
    if version is None:
        return []
    match = _FIRMWARE.fullmatch(version)
    if not match:
        return [_violation(
            "firmware.format",
            f"Firmware version '{version}' is not written as the guide writes "
            "versions: three groups of three digits, such as 001.000.000.",
        )]
    if tuple(int(part) for part in match.groups()) < MIN_FIRMWARE:
        return [_violation(
            "firmware.minimum",
            f"Firmware {version} is older than 001.000.000, the first version the "
            "guide covers; its limits may not apply to this unit.",
        )]
    return []
