"""Accounts, access rights, login channels, access events and priority bands.

The vocabulary shared by the security models, the client, the simulators and
the views, from the ION7400 manual (ion7400-part1.md §2.5, §2.12; part2
§9.8-9.9). The numbers (bits, channel and event codes) are MeterDesk's
register convention (see the ``security`` groups of the profiles).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import N_, _

#: The seven access rights of advanced security, as bits of ``user{n}_rights`` (L1657-L1667).
#: The names are English keys (:data:`RIGHT_BITS`); :func:`right_name` gives them in the user's language.
RIGHTS: dict[int, str] = {
    0: N_("Time sync"),
    1: N_("Read"),
    2: N_("Peak demand reset"),
    3: N_("Comm config"),
    4: N_("Test mode"),
    5: N_("Full meter config"),
    6: N_("Security config"),
}
RIGHT_BITS = {name: bit for bit, name in RIGHTS.items()}
ALL_RIGHTS = sum(1 << bit for bit in RIGHTS)
READ_ONLY = 1 << RIGHT_BITS["Read"]
SECURITY_CONFIG = 1 << RIGHT_BITS["Security config"]
COMM_CONFIG = 1 << RIGHT_BITS["Comm config"]
FULL_METER_CONFIG = 1 << RIGHT_BITS["Full meter config"]

#: Login channels, each with its own failed-login counter (L1203-L1227, part2 L8925-L8968);
#: shown through :func:`channel_name`.
ION, WEB, SSH, FACTORY, FRONT_PANEL = 1, 2, 3, 4, 5
CHANNELS: dict[int, str] = {
    ION: N_("ION / Secure ION"),
    WEB: N_("Web (HTTPS)"),
    SSH: N_("SSH / SFTP"),
    FACTORY: N_("Factory"),
    FRONT_PANEL: N_("Front panel"),
}

#: Access and security event codes of the event-log window (convention); shown through :func:`event_name`.
VALID_LOGIN, INVALID_LOGIN, LOCKED_OUT, REFUSED_LOCKED = 1, 2, 3, 4
PASSWORD_CHANGED, SETTINGS_CHANGED, LOGGED_OUT, DECOMMISSION_STEP = 5, 6, 7, 8
EVENT_NAMES: dict[int, str] = {
    VALID_LOGIN: N_("Valid login"),
    INVALID_LOGIN: N_("Invalid login"),
    LOCKED_OUT: N_("Account locked out"),
    REFUSED_LOCKED: N_("Login refused: locked out"),
    PASSWORD_CHANGED: N_("Password changed"),
    SETTINGS_CHANGED: N_("Security settings changed"),
    LOGGED_OUT: N_("Logged out"),
    DECOMMISSION_STEP: N_("Decommissioning step"),
}

#: Events at or below this priority are not recorded (the default minimum, L1268-L1277).
MIN_LOGGED_PRIORITY = 5


def account_name(account: int) -> str:
    """``USER1`` … ``USER50``, the ION7400's account names (L1674-L1676)."""
    return f"USER{account}"


def right_name(bit: int) -> str:
    """The name of the access right of ``bit``, in the user's language."""
    return _(RIGHTS[bit])


def channel_name(channel: int) -> str:
    """The name of a login channel in the user's language (its number when unknown)."""
    return _(CHANNELS[channel]) if channel in CHANNELS else str(channel)


def event_name(code: int) -> str:
    """What an access event code means, in the user's language."""
    return _(EVENT_NAMES[code]) if code in EVENT_NAMES else _("event {code}").format(code=code)


def rights_text(rights: int) -> str:
    """The rights in ``rights`` as words ("none" for a disabled account), in the user's language."""
    names = [right_name(bit) for bit in RIGHTS if rights >> bit & 1]
    return ", ".join(names) if names else _("none (account disabled)")


@dataclass(frozen=True)
class Band:
    """A range of event priorities with the manual's name for it (English; :attr:`label` is translated)."""

    name: str
    low: int
    high: int
    recorded: bool = True

    @property
    def label(self) -> str:
        """The band's name in the user's language."""
        return _(self.name)


#: Priority bands of access events (L1268-L1277).
BANDS = (
    Band(N_("None"), 0, 0, recorded=False),
    Band(N_("Info only (not recorded)"), 1, MIN_LOGGED_PRIORITY, recorded=False),
    Band(N_("Info only"), MIN_LOGGED_PRIORITY + 1, 63),
    Band(N_("Low"), 64, 127),
    Band(N_("Medium"), 128, 191),
    Band(N_("High"), 192, 255),
)


def band_of(priority: int) -> Band:
    """The band a priority 0-255 falls in; ValueError outside 0-255."""
    for band in BANDS:
        if band.low <= priority <= band.high:
            return band
    raise ValueError(_("event priority {priority} is outside 0..255").format(priority=priority))
