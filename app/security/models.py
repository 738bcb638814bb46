"""What each device model's security consists of, from its manual.

A :class:`SecurityModel` names, for one profile, the accounts and how they log
in, the registers that make up its security set-up (grouped as the set-up
wizard shows them), its protocols and whether they are encrypted, secrets it
holds (Wi-Fi and MQTT passwords), its password policy and the firmware the
audit expects. :func:`model_for` finds the model of a profile; a profile
without one has nothing MeterDesk can secure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from app.errors import MeterDeskError
from app.i18n import N_, _
from app.security import accounts as acc
from app.security.password_policy import (
    BCPME,
    COMPLEXITY_OPTIONS,
    ISKRA_MQTT,
    ISKRA_WIFI,
    WPS,
    PasswordPolicy,
    ion7400_policy,
)


class NoSecurityModelError(MeterDeskError):
    """The device model has no security MeterDesk can read or set."""


@dataclass(frozen=True)
class Section:
    """Registers the set-up wizard shows together, with a title (English; shown through :func:`app.i18n._`)."""

    title: str
    registers: tuple[str, ...]


@dataclass(frozen=True)
class Protocol:
    """A protocol of the device: its switch and port registers and whether it is encrypted.

    ``name`` and ``source`` are English; :attr:`label` is the name in the user's language.
    """

    name: str
    enable: str | None
    port: str | None = None
    encrypted: bool = False
    default_on: bool = True
    source: str = ""

    @property
    def label(self) -> str:
        return _(self.name)


@dataclass(frozen=True)
class Secret:
    """A write-only secret register (a Wi-Fi or MQTT password) and its policy; ``label`` is shown translated."""

    register: str
    label: str
    policy: PasswordPolicy


@dataclass(frozen=True)
class SecurityModel:
    """The security of one device model (see the module docstring).

    ``title`` is the product's name (the same in every language); ``firmware_source`` and
    ``notes`` are English, shown through :func:`app.i18n._` (:meth:`shown_notes`).
    """

    profile_id: str
    title: str
    accounts: int = 0
    admin_account: int = 1
    login_channel: int = acc.ION
    factory_password: str | None = None
    account_names: Callable[[int], str] = acc.account_name
    sections: tuple[Section, ...] = ()
    protocols: tuple[Protocol, ...] = ()
    secrets: tuple[Secret, ...] = ()
    recommended_firmware: str | None = None
    firmware_source: str = ""
    notes: tuple[str, ...] = ()
    policy_of: Callable[[Mapping[str, Any]], PasswordPolicy] | None = None
    decommission: bool = False
    rights: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def has_login(self) -> bool:
        return self.accounts > 0

    def policy(self, settings: Mapping[str, Any]) -> PasswordPolicy:
        """The password policy in force with these security settings."""
        if self.policy_of is None:
            raise NoSecurityModelError(_("{model} has no accounts with passwords").format(model=self.title))
        return self.policy_of(settings)

    def setting_names(self) -> tuple[str, ...]:
        """Every register of the security set-up, in wizard order."""
        names = [n for s in self.sections for n in s.registers]
        for p in self.protocols:
            names += [n for n in (p.enable, p.port) if n and n not in names]
        return tuple(names)

    def account_label(self, account: int) -> str:
        return self.account_names(account)

    def secret(self, register: str) -> Secret | None:
        """The secret kept in ``register`` (None when the model has none there)."""
        return next((s for s in self.secrets if s.register == register), None)

    def shown_notes(self) -> list[str]:
        """The model's notes in the user's language."""
        return [_(note) for note in self.notes]


def _ion_policy(settings: Mapping[str, Any]) -> PasswordPolicy:
    mode = "standard" if settings.get("security_mode", 1) == 0 else "advanced"
    complexity = COMPLEXITY_OPTIONS[int(settings.get("password_complexity", 0))]
    return ion7400_policy(mode, complexity, int(settings.get("min_password_length", 1)))


ION7400 = SecurityModel(
    profile_id="ion7400",
    title="PowerLogic ION7400",  # untranslated: product name
    accounts=50,
    factory_password="0",
    sections=(
        Section(N_("Security mode and password rules"), ("security_mode", "password_complexity", "min_password_length")),
        Section(N_("Configuration methods"), (
            "web_enabled", "web_setup_enabled", "front_panel_programming", "modbus_access", "broadcast_time_sync",
        )),
        Section(N_("Lockouts and event priorities"), (
            *(f"lockout_{n}" for n in acc.CHANNELS), "lockout_duration", "ion_event_timeout",
            "priority_valid_login", "priority_invalid_login", "priority_lockout",
        )),
    ),
    protocols=(
        Protocol("ION", "ion_enabled", "ion_port", source="L1610, L2211"),
        Protocol(N_("Secure ION (ION over TLS)"), "secure_ion_enabled", "secure_ion_port", encrypted=True,
                 source="L1611, L2212"),
        Protocol("Modbus TCP", "modbus_tcp_enabled", "modbus_tcp_port", source="L1609, L2213"),  # untranslated: protocol name
        Protocol(N_("Modbus RTU over Ethernet"), "modbus_rtu_eth_enabled", "modbus_rtu_eth_port", source="L2214"),
        Protocol("DNP", "dnp_enabled", "dnp_port", default_on=False, source="L2216"),
        Protocol("BACnet/IP", "bacnet_enabled", "bacnet_port", default_on=False, source="L1612, L2215"),
        Protocol("SFTP", "sftp_enabled", None, encrypted=True, source="L1606, L2221"),
        Protocol(N_("SSH terminal"), "ssh_terminal_enabled", None, encrypted=True, default_on=False, source="L1605"),
        Protocol("SNMP", "snmp_enabled", None, default_on=False, source="L1607, L2220"),
        Protocol(N_("Web server (HTTPS)"), None, "https_port", encrypted=True, source="L1603, L2222"),
    ),
    recommended_firmware="4.6.0",
    firmware_source=N_("keep meters on the latest firmware (part2 L8130); 4.6.0 is the newest the manual names "
                       "(part1 L3425, part2 L1070)"),
    notes=(
        N_("Some ION software clients accept only passwords of up to 6 letters and digits (L1136)."),
        N_("User credentials do not expire: review accounts periodically (L1292, L1721-L1758)."),
    ),
    policy_of=_ion_policy,
    decommission=True,
    rights=MappingProxyType(acc.RIGHTS),
)  # fmt: skip

BCPME_MODEL = SecurityModel(
    profile_id="bcpme",
    title="PowerLogic BCPME",  # untranslated: product name
    accounts=1,
    login_channel=acc.WEB,
    account_names=lambda _n: "admin",
    sections=(Section(N_("Web server security"), ("web_security_mode",)),),
    protocols=(
        Protocol("Modbus TCP", None, source=N_("bcpm.md L796-L807 (every protocol mode)")),  # untranslated: protocol name
        Protocol(N_("BACnet/IP or SNMP (protocol mode)"), "protocol_mode", source="bcpm.md L796-L807"),
    ),
    notes=(
        N_("The admin password is unique per device and printed on the enclosure label (L1231-L1234)."),
        N_("Modbus TCP, BACnet/IP and SNMP are not encrypted (bcpm.md §8, §12)."),
        N_("The guide documents no login lockout."),
        N_("Security settings, user names and passwords survive a firmware upgrade (L1292-L1296)."),
    ),
    policy_of=lambda _settings: BCPME,
)  # fmt: skip

ISKRA_SG = SecurityModel(
    profile_id="iskra-sg",
    title="Iskra SG",  # untranslated: product name
    sections=(Section(N_("Certificates"), ("upgrade_certificate",)),),
    secrets=(
        Secret("wifi_password", N_("Wi-Fi password"), ISKRA_WIFI),
        Secret("push1_mqtt_password", N_("MQTT password, link 1"), ISKRA_MQTT),
        Secret("push2_mqtt_password", N_("MQTT password, link 2"), ISKRA_MQTT),
    ),
    notes=(
        N_("The SG has no login: whoever reaches its Modbus TCP port can change its settings (iskra-sg.md §0)."),
        N_("Its Wi-Fi and MQTT passwords are write-only and cross Modbus in clear when set: set them on a "
           "trusted network."),
    ),
)  # fmt: skip

WPS_MODEL = SecurityModel(
    profile_id="wps",
    title="PrismaSeT Active Wireless Panel Server",  # untranslated: product name
    notes=(
        N_("One local user, set at the first EcoStruxure Power Commission connection; no default password (L1139)."),
        N_("Bluetooth is off by default and LoRaWAN can be turned off (L1094)."),
        N_("It has no Modbus or IP link: its audit log is imported from a file."),
    ),
    policy_of=lambda _settings: WPS,
)  # fmt: skip

MODELS: Mapping[str, SecurityModel] = MappingProxyType(
    {m.profile_id: m for m in (ION7400, BCPME_MODEL, ISKRA_SG, WPS_MODEL)}
)


def model_for(profile_id: str) -> SecurityModel:
    """The security model of a profile; :class:`NoSecurityModelError` names the known ones."""
    try:
        return MODELS[profile_id]
    except KeyError:
        known = ", ".join(sorted(MODELS))
        raise NoSecurityModelError(
            _("MeterDesk has no security model for '{profile}' (known: {known})").format(profile=profile_id, known=known)
        ) from None
