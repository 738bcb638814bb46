"""Accounts, access rights, login channels, access events and priority bands.

The vocabulary shared by the security models, the client, the simulators and
the views, from the ION7400 manual (ion7400-part1.md §2.5, §2.12; part2
§9.8-9.9). The numbers (bits, channel and event codes) are MeterDesk's
register convention (see the ``security`` groups of the profiles).
"""

from __future__ import annotations

from dataclasses import dataclass

#: The seven access rights of advanced security, as bits of ``user{n}_rights`` (L1657-L1667).
RIGHTS: dict[int, str] = {
    0: "Time sync",
    1: "Read",
    2: "Peak demand reset",
    3: "Comm config",
    4: "Test mode",
    5: "Full meter config",
    6: "Security config",
}
RIGHT_BITS = {name: bit for bit, name in RIGHTS.items()}
ALL_RIGHTS = sum(1 << bit for bit in RIGHTS)
READ_ONLY = 1 << RIGHT_BITS["Read"]
SECURITY_CONFIG = 1 << RIGHT_BITS["Security config"]
COMM_CONFIG = 1 << RIGHT_BITS["Comm config"]
FULL_METER_CONFIG = 1 << RIGHT_BITS["Full meter config"]

#: Login channels, each with its own failed-login counter (L1203-L1227, part2 L8925-L8968).
ION, WEB, SSH, FACTORY, FRONT_PANEL = 1, 2, 3, 4, 5
CHANNELS: dict[int, str] = {
    ION: "ION / Secure ION",
    WEB: "Web (HTTPS)",
    SSH: "SSH / SFTP",
    FACTORY: "Factory",
    FRONT_PANEL: "Front panel",
}

#: Access and security event codes of the event-log window (convention).
VALID_LOGIN, INVALID_LOGIN, LOCKED_OUT, REFUSED_LOCKED = 1, 2, 3, 4
PASSWORD_CHANGED, SETTINGS_CHANGED, LOGGED_OUT, DECOMMISSION_STEP = 5, 6, 7, 8
EVENT_NAMES: dict[int, str] = {
    VALID_LOGIN: "Valid login",
    INVALID_LOGIN: "Invalid login",
    LOCKED_OUT: "Account locked out",
    REFUSED_LOCKED: "Login refused: locked out",
    PASSWORD_CHANGED: "Password changed",
    SETTINGS_CHANGED: "Security settings changed",
    LOGGED_OUT: "Logged out",
    DECOMMISSION_STEP: "Decommissioning step",
}

#: Events at or below this priority are not recorded (the default minimum, L1268-L1277).
MIN_LOGGED_PRIORITY = 5


def account_name(account: int) -> str:
    """``USER1`` … ``USER50``, the ION7400's account names (L1674-L1676)."""
    return f"USER{account}"


def rights_text(rights: int) -> str:
    """The rights in ``rights`` as words ("none" for a disabled account)."""
    names = [name for bit, name in RIGHTS.items() if rights >> bit & 1]
    return ", ".join(names) if names else "none (account disabled)"


@dataclass(frozen=True)
class Band:
    """A range of event priorities with the manual's name for it."""

    name: str
    low: int
    high: int
    recorded: bool = True


#: Priority bands of access events (L1268-L1277).
BANDS = (
    Band("None", 0, 0, recorded=False),
    Band("Info only (not recorded)", 1, MIN_LOGGED_PRIORITY, recorded=False),
    Band("Info only", MIN_LOGGED_PRIORITY + 1, 63),
    Band("Low", 64, 127),
    Band("Medium", 128, 191),
    Band("High", 192, 255),
)


def band_of(priority: int) -> Band:
    """The band a priority 0-255 falls in; ValueError outside 0-255."""
    for band in BANDS:
        if band.low <= priority <= band.high:
            return band
    raise ValueError(f"event priority {priority} is outside 0..255")


#: Syslog severity of each band (part2 §9.9): High → 2, Medium → 4, Low → 5, else 6.
def syslog_level(priority: int) -> int:
    return 2 if priority >= 192 else 4 if priority >= 128 else 5 if priority >= 64 else 6
