"""What each device model's manual says about firmware upgrades.

The sequencing rules that come with a release (minimum version to upgrade
from, intermediate versions, the upgrade agent) travel in the package's
manifest; the rules that belong to the meter itself are here, with their
source. Both the planner and the simulators apply them.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import N_
from app.upgrade.versions import Version


@dataclass(frozen=True)
class ModelRules:
    """Upgrade rules of one device model (``supported`` False: MeterDesk cannot upgrade it, ``why``).

    ``why`` is an English template marked with :func:`~app.i18n.N_`: show it through ``_()``.
    ``source`` cites the manual for developers; it is not shown.
    """

    supported: bool
    why: str = ""
    no_downgrade_from: Version | None = None
    revenue_lock_blocks: bool = False
    source: str = ""


RULES: dict[str, ModelRules] = {
    "ion7400": ModelRules(
        supported=True,
        no_downgrade_from=Version(4, 5, 0),
        revenue_lock_blocks=True,
        source="ion7400-part2.md §13.1 (no downgrade from 4.5.0), §13.8 (revenue lock)",  # untranslated: manual reference for developers, never shown
    ),
    "wps": ModelRules(
        supported=False,
        why=N_("the Panel Server's firmware is updated only from the EcoStruxure Power Commission "
               "mobile app over Bluetooth; its guide gives no file format for a PC tool (wps.md §5.3)"),
    ),
    "bcpme": ModelRules(
        supported=False,
        why=N_("the BCPME manual describes no firmware-upgrade procedure (bcpm.md, firmware milestones)"),
    ),
    "iskra-sg": ModelRules(
        supported=False,
        why=N_("the SG gateway upgrades itself from an HTTPS URL entered on its SG Upgrade web page "
               "(iskra-sg.md §7.7); it takes no firmware over Modbus"),
    ),
}

#: Setting groups whose id starts so survive an upgrade: user names, passwords and access rights
#: stay as they were (ion7400-part1.md, security after upgrades; bcpm.md L1292-L1296). They are
#: neither backed up nor restored (no secret goes into a backup).
KEPT_GROUP_PREFIX = "security"

UNKNOWN = ModelRules(supported=False, why=N_("its manual gives no firmware-upgrade procedure MeterDesk can follow"))


def rules_for(profile_id: str) -> ModelRules:
    return RULES.get(profile_id, UNKNOWN)
