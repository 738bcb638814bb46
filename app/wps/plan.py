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
from app.i18n import N_, _, ngettext


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
        """Singular name for display, in the current language."""
        return _(_NAMES[self][0])

    @property
    def plural(self) -> str:
        """Plural name (after a quantity, as in "2 × ..."), in the current language."""
        return _(_NAMES[self][1])


_NAMES = {
    DeviceType.HEATTAG: (N_("HeatTag sensor"), N_("HeatTag sensors")),
    DeviceType.POWERTAG_ENERGY: (N_("PowerTag Energy sensor"), N_("PowerTag Energy sensors")),
    DeviceType.NSX_AUXILIARY: (
        N_("wireless indication auxiliary for ComPacT NSX/NSXm"),
        N_("wireless indication auxiliaries for ComPacT NSX/NSXm"),
    ),
    DeviceType.ACTI9_ACTIVE: (N_("Acti9 Active"), N_("Acti9 Active devices")),
}


class Severity(StrEnum):
    """``error``: a hard limit of the guide; ``warning``: advice or an unclear rule."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The severity in words, in the current language (the value stays English)."""
        return _(_SEVERITY_WORDS[self])


_SEVERITY_WORDS = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning")}


@dataclass(frozen=True)
class Rule:
    """One limit from the guide. ``text`` and ``ambiguity`` are English templates
    (``{limit}`` stands for ``limit``); :attr:`summary` and :attr:`ambiguous` give
    them in the current language."""

    id: str
    text: str
    severity: Severity
    source: str
    ambiguity: str | None = None
    limit: int | None = None

    @property
    def summary(self) -> str:
        """The rule in one sentence, in the current language."""
        return _(self.text).format(limit=self.limit)

    @property
    def ambiguous(self) -> str | None:
        """Why the guide is unclear about this rule, in the current language (or None)."""
        return _(self.ambiguity) if self.ambiguity else None


MAX_HEATTAG = 3
MAX_POWERTAG = 15
MAX_POWERTAG_WITH_HEATTAG = 10
MAX_NSX_AUXILIARY = 15
MAX_ACTI9_ACTIVE = 15
MAX_TOTAL = 15
MAX_COLUMN_DISTANCE = 3
CHANNELS = range(11, 27)
MIN_FIRMWARE = (1, 0, 0)

_TOTAL_AMBIGUITY = N_(
    "The guide gives limits per device type (L848-854) that add up to more than 15, "
    "but its troubleshooting table names 'the limit of 15 wireless devices' (L1411). "
    "It does not say whether 15 caps all types together; confirm with Schneider "
    "Electric before planning more than 15."
)
_COLUMN_AMBIGUITY = N_(
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
                N_("At most {limit} HeatTag sensors."),
                Severity.ERROR,
                "wps.md §4.3 / L241, L850",
                limit=MAX_HEATTAG,
            ),
            Rule(
                "powertag.max",
                N_("At most {limit} PowerTag Energy sensors when no HeatTag sensor is "
                   "paired."),
                Severity.ERROR,
                "wps.md §4.3 / L242, L851",
                limit=MAX_POWERTAG,
            ),
            Rule(
                "powertag.max_with_heattag",
                N_("At most {limit} PowerTag Energy sensors when one or more HeatTag "
                   "sensors are paired."),
                Severity.ERROR,
                "wps.md §4.3 / L243, L852",
                limit=MAX_POWERTAG_WITH_HEATTAG,
            ),
            Rule(
                "nsx_auxiliary.max",
                N_("At most {limit} wireless indication auxiliaries for ComPacT "
                   "NSX/NSXm."),
                Severity.ERROR,
                "wps.md §4.3 / L853",
                limit=MAX_NSX_AUXILIARY,
            ),
            Rule(
                "acti9_active.max",
                N_("At most {limit} Acti9 Active devices."),
                Severity.ERROR,
                "wps.md §4.3 / L854",
                limit=MAX_ACTI9_ACTIVE,
            ),
            Rule(
                "devices.total",
                N_("At most {limit} wireless devices in total (unclear in the guide)."),
                Severity.WARNING,
                "wps.md §4.3, §9.3 / L1411, L848-854",
                _TOTAL_AMBIGUITY,
                limit=MAX_TOTAL,
            ),
            Rule(
                "column.distance",
                N_("Wireless devices no more than {limit} columns from the Wireless "
                   "Panel Server's column."),
                Severity.WARNING,
                "wps.md §4.3 / L862",
                _COLUMN_AMBIGUITY,
                limit=MAX_COLUMN_DISTANCE,
            ),
            Rule(
                "channel.range",
                N_("IEEE 802.15.4 channel 11 to 26."),
                Severity.ERROR,
                "wps.md §3.2 / L591",
            ),
            Rule(
                "firmware.format",
                N_("Firmware version written NNN.NNN.NNN, as in 001.000.000."),
                Severity.ERROR,
                "wps.md §1 / L125",
            ),
            Rule(
                "firmware.minimum",
                N_("Firmware 001.000.000 or later, the versions the guide covers."),
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
            raise PlanError(
                _("{device}: the quantity must be at least 1").format(device=self.describe())
            )
        if self.column < 1:
            raise PlanError(
                _("{device}: columns are numbered from 1").format(device=self.describe())
            )

    def describe(self) -> str:
        """The row in words, e.g. "'Feeder 7' (2 × Acti9 Active devices)"."""
        kind = self.type.label if self.quantity == 1 else self.type.plural
        what = f"{self.quantity} × {kind}"
        if not self.label:
            return what
        return _("'{label}' ({devices})").format(label=self.label, devices=what)


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
            raise PlanError(_("the Wireless Panel Server column must be 1 or more"))

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
        plan = _("plan")
        for number, row in enumerate(_get(data, "devices", list, plan), 1):
            where = _("device {number}").format(number=number)
            if not isinstance(row, Mapping):
                raise PlanError(_("{where}: expected a table of fields").format(where=where))
            type_name = _get(row, "type", str, where)
            try:
                device_type = DeviceType(type_name)
            except ValueError:
                known = ", ".join(t.value for t in DeviceType)
                raise PlanError(
                    _("{where}: unknown device type '{type}' (known: {known})").format(
                        where=where, type=type_name, known=known
                    )
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
            wps_column=_get(data, "wps_column", int, plan),
            devices=tuple(devices),
            name=_get(data, "name", str, plan, ""),
            channel=_get(data, "channel", int, plan, None),
            firmware=_get(data, "firmware", str, plan, None),
        )


_REQUIRED = object()


def _get(
    data: Mapping[str, Any], key: str, kind: type, where: str, default: Any = _REQUIRED
) -> Any:
    if key not in data or (data[key] is None and default is None):
        if default is _REQUIRED:
            raise PlanError(_("{where}: '{key}' is missing").format(where=where, key=key))
        return default
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PlanError(_(_WRONG_KIND[kind]).format(where=where, key=key, value=value))
    return value


_WRONG_KIND = {
    int: N_("{where}: '{key}' must be a whole number, not {value!r}"),
    str: N_("{where}: '{key}' must be text, not {value!r}"),
    list: N_("{where}: '{key}' must be a list, not {value!r}"),
}


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
        found.append(_violation("heattag.max", ngettext(
            "{count} HeatTag sensor is planned; a Wireless Panel Server supports at "
            "most {limit}.",
            "{count} HeatTag sensors are planned; a Wireless Panel Server supports at "
            "most {limit}.",
            heattags,
        ).format(count=heattags, limit=MAX_HEATTAG)))
    if heattags and powertags > MAX_POWERTAG_WITH_HEATTAG:
        # the PowerTag count is above the limit, so always plural
        found.append(_violation("powertag.max_with_heattag", ngettext(
            "{powertags} PowerTag Energy sensors are planned together with {count} "
            "HeatTag sensor; once a HeatTag sensor is paired, at most {limit} PowerTag "
            "Energy sensors are supported ({maximum} without HeatTag).",
            "{powertags} PowerTag Energy sensors are planned together with {count} "
            "HeatTag sensors; once a HeatTag sensor is paired, at most {limit} PowerTag "
            "Energy sensors are supported ({maximum} without HeatTag).",
            heattags,
        ).format(powertags=powertags, count=heattags, limit=MAX_POWERTAG_WITH_HEATTAG,
                 maximum=MAX_POWERTAG)))
    elif not heattags and powertags > MAX_POWERTAG:
        found.append(_violation("powertag.max", ngettext(
            "{count} PowerTag Energy sensor is planned; at most {limit} are supported "
            "when no HeatTag sensor is paired.",
            "{count} PowerTag Energy sensors are planned; at most {limit} are supported "
            "when no HeatTag sensor is paired.",
            powertags,
        ).format(count=powertags, limit=MAX_POWERTAG)))
    count = plan.count(DeviceType.NSX_AUXILIARY)
    if count > MAX_NSX_AUXILIARY:
        found.append(_violation("nsx_auxiliary.max", ngettext(
            "{count} wireless indication auxiliary for ComPacT NSX/NSXm is planned; a "
            "Wireless Panel Server supports at most {limit}.",
            "{count} wireless indication auxiliaries for ComPacT NSX/NSXm are planned; "
            "a Wireless Panel Server supports at most {limit}.",
            count,
        ).format(count=count, limit=MAX_NSX_AUXILIARY)))
    count = plan.count(DeviceType.ACTI9_ACTIVE)
    if count > MAX_ACTI9_ACTIVE:
        found.append(_violation("acti9_active.max", ngettext(
            "{count} Acti9 Active is planned; a Wireless Panel Server supports at most "
            "{limit}.",
            "{count} Acti9 Active devices are planned; a Wireless Panel Server supports "
            "at most {limit}.",
            count,
        ).format(count=count, limit=MAX_ACTI9_ACTIVE)))
    if plan.total > MAX_TOTAL:
        found.append(_violation("devices.total", ngettext(
            "{count} wireless device is planned in total. The guide's troubleshooting "
            "table says devices go undetected once 'the limit of {limit} wireless "
            "devices' is reached, so some may never be discovered.",
            "{count} wireless devices are planned in total. The guide's troubleshooting "
            "table says devices go undetected once 'the limit of {limit} wireless "
            "devices' is reached, so some may never be discovered.",
            plan.total,
        ).format(count=plan.total, limit=MAX_TOTAL)))
    return found


def _column_violations(plan: PanelPlan) -> list[Violation]:
    found = []
    for device in plan.devices:
        distance = abs(device.column - plan.wps_column)
        if distance <= MAX_COLUMN_DISTANCE:
            continue
        if device.quantity > 1 and not device.label:  # "2 × ... are", "'Feeders' (2 × ...) is"
            template = _(
                "{devices} in column {column} are {distance} columns from the Wireless "
                "Panel Server in column {wps_column}; the guide says wireless devices "
                "should be no more than {limit} columns away, for reliable communication."
            )
        else:
            template = _(
                "{devices} in column {column} is {distance} columns from the Wireless "
                "Panel Server in column {wps_column}; the guide says wireless devices "
                "should be no more than {limit} columns away, for reliable communication."
            )
        message = template.format(
            devices=device.describe(), column=device.column, distance=distance,
            wps_column=plan.wps_column, limit=MAX_COLUMN_DISTANCE,
        )
        found.append(_violation("column.distance", message, device))
    return found


def _channel_violations(channel: int | None) -> list[Violation]:
    if channel is None or channel in CHANNELS:
        return []
    return [_violation("channel.range", _(
        "IEEE 802.15.4 channel {channel} does not exist on the Wireless Panel Server, "
        "which uses channels {first} to {last}."
    ).format(channel=channel, first=CHANNELS.start, last=CHANNELS.stop - 1))]


_FIRMWARE = re.compile(r"(\d{3})\.(\d{3})\.(\d{3})")


def _firmware_violations(version: str | None) -> list[Violation]:
    if version is None:
        return []
    match = _FIRMWARE.fullmatch(version)
    if not match:
        return [_violation("firmware.format", _(
            "Firmware version '{version}' is not written as the guide writes versions: "
            "three groups of three digits, such as 001.000.000."
        ).format(version=version))]
    if tuple(int(part) for part in match.groups()) < MIN_FIRMWARE:
        return [_violation("firmware.minimum", _(
            "Firmware {version} is older than 001.000.000, the first version the guide "
            "covers; its limits may not apply to this unit."
        ).format(version=version))]
    return []
