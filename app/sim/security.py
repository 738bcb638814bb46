"""Simulated device security: accounts, login, sessions, lockouts, options and events.

One :class:`DeviceSecurity` sits in front of a simulated device's register
image and serves MeterDesk's security convention (the ``security`` groups of
the ION7400 and BCPME profiles, :mod:`app.security.wire`):

* **Accounts** hold a password verifier and rights; the factory accounts come
  from :class:`SecurityRules` (ION7400: USER1 administrator and USER2 viewer,
  password "0", L1674-L1676; BCPME: ``admin`` with its label password,
  bcpm.md L1231-L1234).
* **Login** is one write of channel, account and proof (challenge-response);
  the nonce changes after every attempt. A wrong proof answers exception 03,
  a locked account exception 06 (server busy: try later).
* **Lockouts** count consecutive failures per channel and account; after
  ``lockout_{channel}`` failures the account is locked on that channel for
  ``lockout_duration`` minutes and still logs in on the others (L1192-L1240,
  part2 L8925-L8968). 0 attempts never locks.
* **Sessions**: a successful login on the configuration channel (ION on the
  ION7400, the web on the BCPME) opens the session that authorises writes;
  it ends on logout or after 5 minutes without a request (L2952-L2960).
* **Writes** to the security groups need the Security config right. On the
  ION7400, Modbus Access decides the rest (L1162-L1167): Read/Write lets
  settings be written without a login, Read Only needs a session with Comm
  config (serial, Ethernet, protocols) or Full meter config (the others), and
  None switches the built-in map off (exception 02). A refused write answers
  exception 01 (the server is in the wrong state for the request).
* **Events** (ION7400): logins, lockouts and changes with the configured
  priorities; priorities of 5 or less are not recorded; the log keeps the
  newest 5000 (L1242-L1284, L1698). On the ION channel, repeated invalid
  logins of one account within the event timeout are logged once (L1196).

Passwords are checked against the device's policy (:mod:`app.security.password_policy`)
when they are set. Test controls: :meth:`advance` (let time pass),
:meth:`password_matches`, :attr:`factory_passwords`.
"""

from __future__ import annotations

import os
import secrets
import string
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.modbus import codec
from app.security import accounts as acc
from app.security import wire
from app.security.password_policy import (
    BCPME,
    PasswordPolicy,
    ion7400_policy,
    ion7400_rule_problems,
)
from app.sim.device import ILLEGAL_ADDRESS, ILLEGAL_FUNCTION, ILLEGAL_VALUE, Reply

if TYPE_CHECKING:
    from app.sim.device import SimulatedDevice

SERVER_BUSY = 6
SESSION_TIMEOUT = 300.0  # s, ION session inactivity timeout (L2956)
EVENT_CAPACITY = 5000  # records (L1698)
WINDOW = 8  # events per window read (convention)
NO_EVENT = 0xFFFFFFFF
#: Priorities of the events the manual gives none for (MeterDesk's choice).
CHANGE_PRIORITY = 128
LOGOUT_PRIORITY = 16
DECOMMISSION_PRIORITY = 192
COMM_GROUPS = ("serial", "ethernet", "protocols")
SECURITY_GROUPS = ("security", "security_users")
_MESSAGE_PARTS = {"login_channel", "login_account", "login_proof", "password_account", "password_sealed"}


@dataclass
class Account:
    secret: bytes | None = None
    rights: int = 0
    factory: bool = False


@dataclass
class Session:
    account: int
    rights: int
    key: bytes
    last: float
    counter: int = 0


@dataclass(frozen=True)
class Event:
    number: int
    time: int  # s since the epoch
    priority: int
    code: int
    account: int
    channel: int


@dataclass(frozen=True)
class SecurityRules:
    """What one device model's security has (see the module docstring)."""

    accounts: int
    channels: tuple[int, ...]
    session_channel: int
    lockouts: bool
    events: bool
    modbus_access: bool
    standard_mode: bool
    policy: Callable[[dict[str, Any]], PasswordPolicy]
    factory: Callable[[], dict[int, tuple[str, int]]]


def _ion_policy(settings: dict[str, Any]) -> PasswordPolicy:
    mode = "advanced" if settings.get("security_mode", 1) == 1 else "standard"
    complexity = ("None", "IEEE 1686-2013", "NERC CIP-007-5")[settings.get("password_complexity", 0)]
    return ion7400_policy(mode, complexity, settings.get("min_password_length", 1))


def label_password(rng: secrets.SystemRandom | None = None) -> str:
    """A BCPME-style label password: 16 characters of mixed case, digits and symbols (L1231-L1234)."""
    rng = rng or secrets.SystemRandom()
    pools = (string.ascii_uppercase, string.ascii_lowercase, string.digits, "$%&#@!*")
    chars = [rng.choice(pool) for pool in pools]
    chars += [rng.choice("".join(pools)) for _ in range(16 - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)


ION7400_RULES = SecurityRules(
    accounts=50, channels=tuple(acc.CHANNELS), session_channel=acc.ION, lockouts=True,
    events=True, modbus_access=True, standard_mode=True, policy=_ion_policy,
    factory=lambda: {1: ("0", acc.ALL_RIGHTS), 2: ("0", acc.READ_ONLY)},
)  # fmt: skip
BCPME_RULES = SecurityRules(
    accounts=1, channels=(acc.WEB,), session_channel=acc.WEB, lockouts=False,
    events=False, modbus_access=False, standard_mode=False, policy=lambda _settings: BCPME,
    factory=lambda: {1: (label_password(), acc.ALL_RIGHTS)},
)  # fmt: skip


class DeviceSecurity:
    """The security convention of one simulated device (see the module docstring)."""

    def __init__(
        self,
        device: SimulatedDevice,
        rules: SecurityRules,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.device = device
        self.rules = rules
        self._factory = rules.factory()
        self.factory_passwords = {n: pw for n, (pw, _rights) in self._factory.items()}
        self._clock = clock
        self._wall = wall_clock
        self._offset = 0.0
        self._lock = threading.RLock()
        self.salt = os.urandom(wire.SALT_BYTES)
        self._nonce = os.urandom(wire.NONCE_BYTES)
        self.accounts: dict[int, Account] = {}
        self.failures: dict[tuple[int, int], int] = {}
        self.locked_until: dict[tuple[int, int], float] = {}
        self.session: Session | None = None
        self.events: deque[Event] = deque(maxlen=EVENT_CAPACITY)
        self._next_event = 0
        self._last_invalid: dict[int, float] = {}
        profile = device.profile
        self.flash = FlashFiles()
        self._by_name = {r.name: r for r in profile.registers}
        self._groups = {r.name: r.group for r in profile.registers}
        self._login = profile.register("login_channel")
        self._password = profile.register("password_account")
        self._security_blocks = {g for g in (*SECURITY_GROUPS, "security_access")}
        self.restore_factory_accounts()

    # ---- test controls

    def now(self) -> float:
        return self._clock() + self._offset

    def advance(self, seconds: float) -> None:
        """Simulator control: let ``seconds`` pass for lockouts and sessions."""
        with self._lock:
            self._offset += seconds

    def password_matches(self, account: int, password: str) -> bool:
        """True if ``password`` is the current password of ``account`` (for tests)."""
        entry = self.accounts.get(account)
        return entry is not None and entry.secret == wire.verifier(self.salt, account, password)

    def restore_factory_accounts(self) -> None:
        """Factory accounts and passwords; every other account disabled; no session."""
        with self._lock:
            self.accounts = {n: Account() for n in range(1, self.rules.accounts + 1)}
            for n, (password, rights) in self._factory.items():
                self.accounts[n] = Account(wire.verifier(self.salt, n, password), rights, factory=True)
            self.failures.clear()
            self.locked_until.clear()
            self._last_invalid.clear()
            self.session = None
            for n, account in self.accounts.items():
                name = f"user{n}_rights"
                if name in self._by_name:
                    self.device.settings[name] = account.rights
                    self.device._store(self._by_name[name], account.rights)
        self.refresh()

    # ---- Modbus side

    def refresh(self) -> None:
        """Bring the dynamic registers (challenge, session, states, lockouts, events) up to date."""
        with self._lock:
            self._expire()
            store = self._store_if
            store("security_salt", int.from_bytes(self.salt, "big"))
            store("login_nonce", int.from_bytes(self._nonce, "big"))
            store("session_account", self.session.account if self.session else 0)
            store("session_rights", self.session.rights if self.session else 0)
            for n, account in self.accounts.items():
                state = (account.secret is not None) | (account.factory << 1)
                store(f"user{n}_state", state)
            store("admin_state", (self.accounts[1].secret is not None) | (self.accounts[1].factory << 1))
            store("web_login", 1)  # the simulated BCPME runs firmware 1.027 or later: login required
            for channel in self.rules.channels:
                locked = sum(1 for (ch, _), until in self.locked_until.items() if ch == channel and until > self.now())
                store(f"locked_accounts_{channel}", locked)
            if self.rules.events:
                self._store_window()

    def check_read(self, function: int, address: int, count: int) -> Reply | None:
        """Refuse reads of the built-in map while Modbus Access is None; else None."""
        if not self.rules.modbus_access or self.device.settings.get("modbus_access", 1) != 0:
            return None
        if self._touches_only(function, address, count, self._security_blocks):
            return None
        return Reply(exception=ILLEGAL_ADDRESS)

    def write(self, address: int, values: list[int]) -> Reply | None:
        """Handle the login, logout and password messages and check rights.

        Returns the reply for a write handled or refused here, or None to let the
        device store it (then call :meth:`after_write`).
        """
        with self._lock:
            self._expire()
            if address == self._login.address:
                return self._login_message(values)
            if address == self._password.address:
                return self._password_message(values)
            names = self._names(address, len(values))
            if _MESSAGE_PARTS & set(names):
                return Reply(exception=ILLEGAL_VALUE)  # a message must be written whole
            if "logout" in names:
                self._logout()
                return Reply(words=list(values))
            refused = self._refusal(names)
            if refused is not None:
                return refused
            if names == ["decommission_step"] and len(values) == 1:
                if not 1 <= values[0] <= 9:
                    return Reply(exception=ILLEGAL_VALUE)
                decommission_step(self.device, self, values[0])
                return Reply(words=list(values))
            if {"password_complexity", "min_password_length"} & set(names):
                problem = self._rule_problem(address, values, names)
                if problem:
                    return Reply(exception=ILLEGAL_VALUE)
            if self.session is not None:
                self.session.last = self.now()
            return None

    def after_write(self, address: int, values: list[int]) -> None:
        """Record what a stored write changed (account rights, security settings)."""
        with self._lock:
            names = self._names(address, len(values))
            for name in names:
                if name.startswith("user") and name.endswith("_rights"):
                    self.accounts[int(name[4:-7])].rights = int(self.device.settings.get(name, 0))
            if any(self._groups.get(n) in SECURITY_GROUPS for n in names):
                account = self.session.account if self.session else 0
                self._log(CHANGE_PRIORITY, acc.SETTINGS_CHANGED, account, self.rules.session_channel)
        self.refresh()

    # ---- plain-password checks (other simulated services, e.g. the SFTP site)

    def check_password(self, channel: int, account: int, password: str) -> bool:
        """A login with a plain password on ``channel`` (counted and logged like any login)."""
        with self._lock:
            self._expire()
            entry = self.accounts.get(account)
            proof_ok = entry is not None and entry.secret == wire.verifier(self.salt, account, password)
            return self._attempt(channel, account, proof_ok) is None

    def protocol_enabled(self, name: str) -> bool:
        """Whether the switch register ``name`` (e.g. ``sftp_enabled``) is on."""
        return bool(self.device.settings.get(name, 1))

    # ---- internals

    def _store_if(self, name: str, value: int) -> None:
        reg = self._by_name.get(name)
        if reg is not None:
            self.device._store(reg, value)

    def _names(self, address: int, count: int) -> list[str]:
        names = []
        for a in range(address, address + count):
            reg = self.device._owner.get((3, a))
            if reg is not None and (not names or names[-1] != reg.name):
                names.append(reg.name)
        return names

    def _touches_only(self, function: int, address: int, count: int, groups: set[str]) -> bool:
        """True if every mapped register in the range belongs to ``groups``."""
        for a in range(address, address + count):
            reg = self.device._owner.get((function, a))
            if reg is not None and reg.group not in groups:
                return False
        return True

    def _expire(self) -> None:
        now = self.now()
        for key, until in list(self.locked_until.items()):
            if until <= now:
                del self.locked_until[key]
                self.failures.pop(key, None)
        if self.session is not None and now - self.session.last > SESSION_TIMEOUT:
            self.session = None

    def _has(self, right: int) -> bool:
        return self.session is not None and bool(self.session.rights & right)

    def _refusal(self, names: list[str]) -> Reply | None:
        for name in names:
            group = self._groups.get(name)
            if group in SECURITY_GROUPS or name == "decommission_step":
                if not self._has(acc.SECURITY_CONFIG):
                    return Reply(exception=ILLEGAL_FUNCTION)
            elif group == "security_access":
                continue  # event_select: a read pointer anyone may move
            elif self.rules.modbus_access:
                access = self.device.settings.get("modbus_access", 1)
                if access == 0:
                    return Reply(exception=ILLEGAL_ADDRESS)
                needed = acc.COMM_CONFIG if group in COMM_GROUPS else acc.FULL_METER_CONFIG
                if access == 1 and not self._has(needed):
                    return Reply(exception=ILLEGAL_FUNCTION)
        return None

    def _rule_problem(self, address: int, values: list[int], names: list[str]) -> bool:
        settings = dict(self.device.settings)
        for name in ("password_complexity", "min_password_length"):
            if name in names:
                reg = self._by_name[name]
                settings[name] = codec.decode(reg, values[reg.address - address : reg.end - address])
        enum = self._by_name["password_complexity"].enum or {}
        complexity = enum.get(settings.get("password_complexity", 0), "None")
        return bool(ion7400_rule_problems(complexity, int(settings.get("min_password_length", 1))))

    def _login_message(self, values: list[int]) -> Reply:
        if len(values) != 2 + wire.PROOF_BYTES // 2:
            return Reply(exception=ILLEGAL_VALUE)
        channel, account = values[0], values[1]
        proof = wire.from_words(values[2:])
        nonce, self._nonce = self._nonce, os.urandom(wire.NONCE_BYTES)
        if channel not in self.rules.channels:
            return Reply(exception=ILLEGAL_VALUE)
        entry = self.accounts.get(account)
        ok = False
        if entry is not None and entry.secret is not None and self._may_log_in(account):
            ok = wire.proofs_match(wire.login_proof(entry.secret, nonce, channel, account), proof)
        refusal = self._attempt(channel, account, ok)
        if refusal is not None:
            self.refresh()
            return Reply(exception=refusal)
        if channel == self.rules.session_channel:
            key = wire.session_key(entry.secret, nonce)
            self.session = Session(account, entry.rights, key, self.now())
        self.refresh()
        return Reply(words=list(values))

    def _may_log_in(self, account: int) -> bool:
        entry = self.accounts[account]
        standard = self.rules.standard_mode and self.device.settings.get("security_mode", 1) == 0
        return entry.rights != 0 and (account == 1 or not standard)

    def _attempt(self, channel: int, account: int, ok: bool) -> int | None:
        """Count one login attempt; None if it succeeds, else the exception code."""
        key = (channel, account)
        settings = self.device.settings
        if key in self.locked_until:
            self._log(settings.get("priority_invalid_login", 128), acc.REFUSED_LOCKED, account, channel)
            return SERVER_BUSY
        if ok:
            self.failures.pop(key, None)
            self._log(settings.get("priority_valid_login", 0), acc.VALID_LOGIN, account, channel)
            return None
        self.failures[key] = self.failures.get(key, 0) + 1
        if not self._repeat_within_timeout(channel, account):
            self._log(settings.get("priority_invalid_login", 128), acc.INVALID_LOGIN, account, channel)
        limit = int(settings.get(f"lockout_{channel}", 0)) if self.rules.lockouts else 0
        if limit and self.failures[key] >= limit:
            self.locked_until[key] = self.now() + 60.0 * int(settings.get("lockout_duration", 1440))
            self._log(settings.get("priority_lockout", 255), acc.LOCKED_OUT, account, channel)
        return ILLEGAL_VALUE

    def _repeat_within_timeout(self, channel: int, account: int) -> bool:
        if channel != acc.ION or not self.rules.events:
            return False
        now = self.now()
        last = self._last_invalid.get(account)
        window = 60.0 * int(self.device.settings.get("ion_event_timeout", 30))
        if last is not None and now - last < window:
            return True
        self._last_invalid[account] = now
        return False

    def _password_message(self, values: list[int]) -> Reply:
        if len(values) != 1 + wire.SEALED_BYTES // 2:
            return Reply(exception=ILLEGAL_VALUE)
        if not self._has(acc.SECURITY_CONFIG):
            return Reply(exception=ILLEGAL_FUNCTION)
        account = values[0]
        session = self.session
        password = wire.open_password(session.key, session.counter, account, wire.from_words(values[1:]))
        session.counter += 1
        session.last = self.now()
        if account not in self.accounts or password is None:
            return Reply(exception=ILLEGAL_VALUE)
        if self.rules.policy(self.device.settings).check(password):
            return Reply(exception=ILLEGAL_VALUE)
        entry = self.accounts[account]
        entry.secret, entry.factory = wire.verifier(self.salt, account, password), False
        for key in [k for k in self.failures if k[1] == account]:
            del self.failures[key]
        self._log(CHANGE_PRIORITY, acc.PASSWORD_CHANGED, account, self.rules.session_channel)
        self.refresh()
        return Reply(words=list(values))

    def _logout(self) -> None:
        if self.session is not None:
            self._log(LOGOUT_PRIORITY, acc.LOGGED_OUT, self.session.account, self.rules.session_channel)
        self.session = None
        self.refresh()

    def log_decommission(self, step: int) -> None:
        account = self.session.account if self.session else 0
        self._log(DECOMMISSION_PRIORITY, acc.DECOMMISSION_STEP, account, step)

    def clear_events(self) -> None:
        with self._lock:
            self.events.clear()

    def _log(self, priority: int, code: int, account: int, channel: int) -> None:
        if not self.rules.events or priority <= acc.MIN_LOGGED_PRIORITY:
            return
        self.events.append(Event(self._next_event, int(self._wall()), int(priority), code, account, channel))
        self._next_event += 1

    def _store_window(self) -> None:
        start = int(self.device.settings.get("event_select", 0) or 0)
        shown = [e for e in self.events if e.number >= start][:WINDOW]
        self._store_if("event_next", self._next_event)
        for k in range(1, WINDOW + 1):
            e = shown[k - 1] if k <= len(shown) else None
            self._store_if(f"event{k}_number", e.number if e else NO_EVENT)
            self._store_if(f"event{k}_time", e.time if e else 0)
            self._store_if(f"event{k}_priority", e.priority if e else 0)
            self._store_if(f"event{k}_code", e.code if e else 0)
            self._store_if(f"event{k}_account", e.account if e else 0)
            self._store_if(f"event{k}_channel", e.channel if e else 0)


@dataclass
class FlashFiles:
    """Files a simulated ION7400 keeps in flash that decommissioning deletes (names only)."""

    documents: list[str] = field(default_factory=lambda: ["site-notes.pdf", "wiring-photo.jpg"])
    web_pages: list[str] = field(default_factory=lambda: ["custom-dashboard.html"])
    certificate: str | None = "custom-ca-signed.pem"
    iec61850: str | None = "substation.cid"
    template: str = "custom"  # "factory" after the template is overwritten
    wiped: int = 0  # bit k-1 set once step k is done


def decommission_step(device: SimulatedDevice, security: DeviceSecurity, step: int) -> None:
    """Carry out step 1-9 of the complete meter wipe (L1760-L1892) on a simulated ION7400."""
    profile = device.profile
    files = security.flash

    def to_defaults(groups: tuple[str, ...]) -> None:
        for reg in profile.registers:
            if reg.group in groups and reg.writable and reg.default is not None:
                device.settings[reg.name] = reg.default
                device._store(reg, reg.default)

    if step == 1:
        files.template = "factory"
        to_defaults(("metering",))
    elif step == 2:
        files.documents.clear()
    elif step == 3:
        files.certificate = None
    elif step == 4:
        files.web_pages.clear()
    elif step == 5:
        files.iec61850 = None
    elif step == 6:
        to_defaults(SECURITY_GROUPS)
        security.restore_factory_accounts()
    elif step == 7:
        for name in ("meter_name",):
            if profile.has(name):
                device.identity[name] = ""
                device._store(profile.register(name), "")
    elif step == 8:
        system = device.system
        for name in vars(system.energies):
            setattr(system.energies, name, 0.0)
        security.clear_events()
    elif step == 9:
        to_defaults(COMM_GROUPS[1:])
    security.log_decommission(step)
    files.wiped |= 1 << (step - 1)
    if profile.has("decommission_done"):
        device._store(profile.register("decommission_done"), files.wiped)


class SecuredDevice:
    """Mixin for simulated devices that serve the security convention.

    Put it before :class:`~app.sim.device.SimulatedDevice` in the bases and set
    :attr:`security_rules`. :attr:`serves_security` False (e.g. the second panel
    of a BCPME board, whose web GUI answers through the first) makes the
    security block answer exception 02.
    """

    security_rules: SecurityRules
    security: DeviceSecurity

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.security = DeviceSecurity(self, self.security_rules, clock=self._clock)

    @property
    def serves_security(self) -> bool:
        return True

    def _security_block(self, function: int, address: int, count: int) -> bool:
        return any(
            (reg := self._owner.get((function, a))) is not None and reg.group.startswith("security")
            for a in range(address, address + count)
        )

    def read(self, function: int, address: int, count: int) -> Reply:
        if not self.serves_security:
            if self._security_block(function, address, count):
                return Reply(exception=ILLEGAL_ADDRESS)
            return super().read(function, address, count)
        self.security.refresh()
        refused = self.security.check_read(function, address, count)
        return refused or super().read(function, address, count)

    def write(self, address: int, values: list[int]) -> Reply:
        if not self.serves_security:
            if self._security_block(3, address, len(values)):
                return Reply(exception=ILLEGAL_ADDRESS)
            return super().write(address, values)
        reply = self.security.write(address, values)
        if reply is not None:
            return reply
        reply = super().write(address, values)
        if not reply.exception:
            self.security.after_write(address, values)
        return reply
