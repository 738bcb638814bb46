"""Talk to a device's security over Modbus: posture, login, passwords, events, wipe steps.

The registers are MeterDesk's security convention (the profiles' ``security``
groups); passwords never cross the link (:mod:`app.security.wire`). Errors
say which device, account and channel, and what the device's answer means:
exception 03 to a login is a wrong password (or a disabled account), 06 a
lockout, 01 a request the open session has no right for.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.drivers.generic import Device, WriteResult
from app.errors import MeterDeskError
from app.i18n import _
from app.modbus.errors import ModbusExceptionError
from app.security import accounts as acc
from app.security import wire
from app.security.models import SecurityModel, model_for

ILLEGAL_FUNCTION, ILLEGAL_VALUE, SERVER_BUSY = 1, 3, 6


class SecurityError(MeterDeskError):
    """A security request failed; the message names the device and the account."""


class LoginRefused(SecurityError):
    """Wrong password, or a disabled account."""


class LockedOut(SecurityError):
    """The account is locked out on this channel."""


class NotPermitted(SecurityError):
    """The session (or its absence) does not allow the request."""


class PasswordRefused(SecurityError):
    """The device refused a new password; ``reasons`` say why when known."""

    def __init__(self, message: str, reasons: list[str] | None = None) -> None:
        super().__init__(message)
        self.reasons = reasons or []


@dataclass(frozen=True)
class AccountState:
    """One account as the device reports it (no password, ever)."""

    account: int
    name: str
    rights: int
    has_password: bool
    factory_password: bool

    @property
    def enabled(self) -> bool:
        return self.rights != 0


@dataclass(frozen=True)
class AccessEvent:
    """One record of the device's security event log (``channel`` in the user's language)."""

    device: str
    number: int
    time: datetime | None
    priority: int
    code: int
    account: str
    channel: str

    @property
    def text(self) -> str:
        """What happened, in the user's language."""
        return acc.event_name(self.code)

    @property
    def band(self) -> str:
        """The priority band's name, in the user's language."""
        return acc.band_of(self.priority).label


@dataclass
class Posture:
    """What the audit needs to know about one device, read in one go."""

    device: str
    profile_id: str
    model: SecurityModel
    firmware: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    accounts: list[AccountState] = field(default_factory=list)
    locked: dict[int, int] = field(default_factory=dict)  # channel → accounts locked now
    certificates: list[str] = field(default_factory=list)


class SecurityClient:
    """Security requests to one device through its driver (and the driver's link)."""

    def __init__(self, device: Device, model: SecurityModel | None = None) -> None:
        self.device = device
        self.profile = device.profile
        self.model = model or model_for(self.profile.id)
        self._key: bytes | None = None
        self._counter = 0

    @property
    def name(self) -> str:
        return self.device.name

    # ---- reading

    async def read_posture(self) -> Posture:
        """Security settings, protocol switches, accounts, lockouts and certificates."""
        p = self.profile
        names = [n for n in self.model.setting_names() if p.has(n)]
        accounts = range(1, self.model.accounts + 1)
        names += [n for k in accounts for n in (f"user{k}_rights", f"user{k}_state") if p.has(n)]
        names += [n for n in ("admin_state", "web_login") if p.has(n)]
        names += [f"locked_accounts_{c}" for c in acc.CHANNELS if p.has(f"locked_accounts_{c}")]
        names += [r.name for r in p.registers if r.name.startswith("certificate_")]
        extra = ("debug_console", *(f"push{n}_{k}" for n in (1, 2) for k in (
            "server", "protocol", "mqtt_protocol", "mqtt_username", "mqtt_certificate")))
        names += [n for n in extra if p.has(n) and n not in names]
        ident = p.identity.firmware_register
        if ident:
            names.append(ident)
        if self.model.has_login and p.has("login_nonce"):
            names.append("login_nonce")
        values = await self.device.read(dict.fromkeys(names))
        if self.model.has_login and values.get("login_nonce") is None:
            raise SecurityError(_(
                "{device} does not answer the security registers (the second panel of a BCPME board "
                "answers through the first; other devices need MeterDesk's security convention)").format(
                device=self.name))
        posture = Posture(self.name, p.id, self.model, firmware=str(values.get(ident) or "") if ident else "")
        posture.settings = {n: v for n, v in values.items() if v is not None and not n.startswith(("user", "locked", "login"))}
        for k in accounts:
            if p.has(f"user{k}_rights"):
                rights, state = values.get(f"user{k}_rights") or 0, values.get(f"user{k}_state") or 0
            else:
                rights, state = acc.ALL_RIGHTS, values.get("admin_state") or 0
            posture.accounts.append(AccountState(k, self.model.account_label(k), int(rights),
                                                 bool(state & 1), bool(state & 2)))
        posture.locked = {c: int(values[f"locked_accounts_{c}"]) for c in acc.CHANNELS
                          if values.get(f"locked_accounts_{c}")}
        posture.certificates = [str(values[n]) for n in names if n.startswith("certificate_") and values.get(n)]
        return posture

    async def read_events(self, since: int = 0, limit: int = 5000) -> list[AccessEvent]:
        """Access and security events numbered ``since`` and later (at most ``limit``)."""
        if not self.profile.has("event_next"):
            return []
        window = [f"event{k}_{f}" for k in range(1, 9) for f in ("number", "time", "priority", "code",
                                                                     "account", "channel")]
        events: list[AccessEvent] = []
        nxt = int((await self.device.read(["event_next"]))["event_next"] or 0)
        start = since
        while start < nxt and len(events) < limit:
            await self.device.link.write_registers(self.profile.register("event_select").address,
                                                   wire.to_words(start.to_bytes(4, "big")), self.device.unit)
            values = await self.device.read(window)
            got = 0
            for k in range(1, 9):
                number = values[f"event{k}_number"]
                if number is None:
                    continue
                got += 1
                stamp = values[f"event{k}_time"]
                events.append(AccessEvent(
                    self.name, int(number),
                    datetime.fromtimestamp(stamp, UTC) if stamp else None,
                    int(values[f"event{k}_priority"]), int(values[f"event{k}_code"]),
                    acc.account_name(int(values[f"event{k}_account"])) if values[f"event{k}_account"] else "",
                    self._channel_text(int(values[f"event{k}_code"]), int(values[f"event{k}_channel"])),
                ))  # fmt: skip
                start = int(number) + 1
            if not got:
                break
        return events[:limit]

    @staticmethod
    def _channel_text(code: int, channel: int) -> str:
        if code == acc.DECOMMISSION_STEP:
            return _("step {number}").format(number=channel)
        return acc.channel_name(channel) if channel in acc.CHANNELS else ""

    # ---- login and session

    async def login(self, account: int, password: str, channel: int | None = None) -> None:
        """Log ``account`` in; on the model's login channel this opens the session for writes."""
        self._require_login()
        channel = channel or self.model.login_channel
        p = self.profile
        values = await self.device.read(["security_salt", "login_nonce"])
        salt = int(values["security_salt"] or 0).to_bytes(wire.SALT_BYTES, "big")
        nonce = int(values["login_nonce"] or 0).to_bytes(wire.NONCE_BYTES, "big")
        secret = wire.verifier(salt, account, password)
        proof = wire.login_proof(secret, nonce, channel, account)
        who = {"account": self.model.account_label(account), "device": self.name,
               "channel": acc.channel_name(channel)}
        try:
            async with self._no_retries():
                await self.device.link.write_registers(
                    p.register("login_channel").address, [channel, account, *wire.to_words(proof)], self.device.unit)
        except ModbusExceptionError as exc:
            if exc.code == ILLEGAL_VALUE:
                raise LoginRefused(_("{account} on {device} ({channel}): the device refused the password "
                                     "(wrong password, or the account is disabled)").format(**who)) from None
            if exc.code == SERVER_BUSY:
                raise LockedOut(_("{account} on {device} ({channel}): the account is locked out after too many "
                                  "failed logins; wait for the lockout to end or log in over another "
                                  "channel").format(**who)) from None
            raise
        if channel == self.model.login_channel:
            self._key, self._counter = wire.session_key(secret, nonce), 0

    async def logout(self) -> None:
        """End the session (nothing happens when none is open)."""
        if self._key is None:
            return
        self._key = None
        await self.device.link.write_registers(self.profile.register("logout").address, [1], self.device.unit)

    async def verify_password(self, account: int, password: str) -> bool:
        """Whether ``password`` logs ``account`` in now (the proof a write cannot give by read-back).

        It logs in on the session channel, so the previous session ends.
        """
        try:
            await self.login(account, password)
        except LoginRefused:
            return False
        await self.logout()
        return True

    async def set_password(self, account: int, password: str, settings: Mapping[str, Any]) -> None:
        """Give ``account`` a new password, checked first against the policy of ``settings``."""
        reasons = self.model.policy(settings).check(password)
        label = self.model.account_label(account)
        if reasons:
            raise PasswordRefused(_("the new password of {account} on {device}: {reasons}").format(
                account=label, device=self.name, reasons="; ".join(reasons)), reasons)
        if self._key is None:
            raise NotPermitted(_("{device}: log in before changing the password of {account}").format(
                device=self.name, account=label))
        sealed = wire.seal_password(self._key, self._counter, account, password)
        self._counter += 1
        try:
            async with self._no_retries():
                await self.device.link.write_registers(
                    self.profile.register("password_account").address, [account, *wire.to_words(sealed)],
                    self.device.unit)
        except ModbusExceptionError as exc:
            if exc.code == ILLEGAL_VALUE:
                raise PasswordRefused(_("{device} refused the new password of {account} "
                                        "(it breaks the device's password rules)").format(
                    device=self.name, account=label)) from None
            if exc.code == ILLEGAL_FUNCTION:
                raise NotPermitted(_("{device}: the session has no Security config right, or it "
                                     "timed out; log in again").format(device=self.name)) from None
            raise

    async def write_settings(self, values: Mapping[str, Any]) -> list[WriteResult]:
        """Write settings in the given order, each verified by read-back (needs a session)."""
        return await self.device.write(values)

    async def decommission(self, step: int) -> None:
        """Carry out one step (1-9) of the complete meter wipe."""
        if not self.model.decommission:
            raise SecurityError(_("{model} has no decommissioning steps in MeterDesk").format(model=self.model.title))
        try:
            await self.device.link.write_registers(
                self.profile.register("decommission_step").address, [step], self.device.unit)
        except ModbusExceptionError as exc:
            if exc.code == ILLEGAL_FUNCTION:
                raise NotPermitted(_("{device}: decommissioning needs a session with the Security "
                                     "config right").format(device=self.name)) from None
            raise

    # ---- helpers

    def _require_login(self) -> None:
        if not self.model.has_login or not self.profile.has("login_nonce"):
            raise SecurityError(_("{model} has no login MeterDesk can use").format(model=self.model.title))

    @asynccontextmanager
    async def _no_retries(self):
        """A login or password message is sent once: a resent one would be a second attempt."""
        link = self.device.link
        retries, link.retries = link.retries, 0
        try:
            yield
        finally:
            link.retries = retries
