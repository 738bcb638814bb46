"""Apply security set-ups and change passwords on one or many devices, verified, with the keyring kept right.

Every password change goes through :func:`change_password`:

1. the new password is put in the keyring under a *pending* entry first;
2. it is sent sealed, then verified by logging in with it;
3. verified: it replaces the account's entry and the pending entry goes;
4. not verified: MeterDesk finds out which password the device has (the new
   one, then the old one) and keeps exactly that one; if the device cannot be
   asked, both stay in the keyring (the account's entry and its pending entry)
   and the result says so.

So no device is left with a password that nobody knows, and a device that
failed keeps its old credentials in the keyring.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from app.drivers import open_device
from app.drivers.generic import WriteResult
from app.errors import MeterDeskError
from app.i18n import N_, _, ngettext
from app.modbus.errors import LinkError
from app.modbus.link import ModbusLink
from app.security.client import (
    LockedOut,
    LoginRefused,
    NotPermitted,
    PasswordRefused,
    SecurityClient,
    SecurityError,
)
from app.security.config import SecurityConfig, capability, problems, write_order
from app.security.credentials import (
    DEFAULT_PROJECT,
    CredentialError,
    CredentialKey,
    CredentialStore,
)
from app.security.password_policy import PasswordPolicy
from app.session import DeviceAddress

VERIFIED, WRITTEN, FAILED, UNCHANGED, UNKNOWN = "verified", "written", "failed", "unchanged", "unknown"
#: The statuses in words (the statuses themselves are keys scripts and colours read).
STATUS_TEXTS = {VERIFIED: N_("verified"), WRITTEN: N_("written"), FAILED: N_("failed"),
                UNCHANGED: N_("unchanged"), UNKNOWN: N_("unknown")}
PENDING_SUFFIX = " (pending)"  # untranslated: keyring entry name
ILLEGAL_FUNCTION = 1  # the Modbus exception of a write the session has no right for


def status_text(status: str) -> str:
    """An outcome's status in the user's language."""
    return _(STATUS_TEXTS[status]) if status in STATUS_TEXTS else status


@dataclass(frozen=True)
class Outcome:
    """The result of one item (a setting, a password) on one device: ``status`` is a key
    (:data:`VERIFIED`…, in words through :func:`status_text`), ``item`` and ``message`` are words."""

    item: str
    status: str
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (VERIFIED, WRITTEN)


@dataclass
class DeviceReport:
    """What happened on one device."""

    device: str
    outcomes: list[Outcome] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and all(o.ok for o in self.outcomes)

    @property
    def unknown(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == UNKNOWN]

    def summary(self) -> str:
        """What happened, in one line in the user's language."""
        if self.error:
            return _("{device}: failed: {error}").format(device=self.device, error=self.error)
        bad = [o for o in self.outcomes if not o.ok]
        if not bad:
            count = len(self.outcomes)
            return ngettext("{device}: {count} change verified", "{device}: {count} changes verified",
                            count).format(device=self.device, count=count)
        items = "; ".join(_("{item}: {status} ({message})").format(item=o.item, status=status_text(o.status),
                                                                  message=o.message) for o in bad)
        return _("{device}: {items}").format(device=self.device, items=items)


def key_for(project: str, device: str, account: str) -> CredentialKey:
    return CredentialKey(project, device, account)


def pending_key(key: CredentialKey) -> CredentialKey:
    return CredentialKey(key.project, key.device, key.user + PENDING_SUFFIX)


def generate_password(policy: PasswordPolicy, length: int = 16) -> str:
    """A random password that complies with ``policy`` and has every character class it allows
    (upper, lower, digit, symbol), so a stricter complexity set later still accepts it."""
    length = max(policy.min_length, min(length, policy.max_length or length))
    classes = [string.ascii_uppercase, string.ascii_lowercase, string.digits, "!#$%&*+-=?@_"]
    if policy.allowed is not None:
        classes = [kept for pool in classes if (kept := "".join(c for c in pool if policy.allowed.contains(c)))]
    alphabet = "".join(classes)
    rng = secrets.SystemRandom()
    while True:
        candidate = "".join(rng.choice(alphabet) for _ in range(length))
        every_class = length < len(classes) or all(any(c in pool for c in candidate) for pool in classes)
        if every_class and not policy.check(candidate):
            return candidate


Opener = Callable[[DeviceAddress], AbstractAsyncContextManager[SecurityClient]]


@asynccontextmanager
async def connect(address: DeviceAddress, timeout: float = 1.0, retries: int = 1) -> AsyncIterator[SecurityClient]:
    """A :class:`SecurityClient` on its own link to ``address``, closed afterwards."""
    link = ModbusLink(address.endpoint, timeout=timeout, retries=retries)
    try:
        await link.connect()
        yield SecurityClient(open_device(address.profile, link, address.unit, address.name))
    finally:
        link.close()


def _forget(store: CredentialStore, key: CredentialKey) -> None:
    try:
        store.delete(key)
    except CredentialError:
        pass


def _keep_new(store: CredentialStore, key: CredentialKey, new: str) -> None:
    """The device has the new password: it becomes the account's entry and the pending entry goes."""
    store.set(key, new)
    _forget(store, pending_key(key))


async def _settle(client: SecurityClient, account: int, old: str | None, new: str,
                  store: CredentialStore, key: CredentialKey, why: str) -> Outcome:
    """After a failed or unverified change: find which password the device has and keep it.

    A login with the new password that the device refuses proves it kept the old one.
    """
    label = _password_item(client, account)
    kept = _("{reason}; the device keeps the old password, which stays in the keyring")
    try:
        if await client.verify_password(account, new):
            _keep_new(store, key, new)
            return Outcome(label, VERIFIED, _("changed (confirmed after: {reason})").format(reason=why))
        _forget(store, pending_key(key))
        return Outcome(label, UNCHANGED, (kept if old is not None else
                                          _("{reason}; the device keeps the old password")).format(reason=why))
    except (LinkError, LockedOut, SecurityError):
        pass
    if old is not None:
        try:
            if await client.verify_password(account, old):
                _forget(store, pending_key(key))
                return Outcome(label, UNCHANGED, kept.format(reason=why))
        except (LinkError, LockedOut, SecurityError):
            pass
    return Outcome(label, UNKNOWN,
                   _("{reason}; the device could not be asked which password it has: the keyring keeps the "
                     "old one under '{old}' and the new one under '{new}'").format(
                       reason=why, old=key.user, new=pending_key(key).user))


def _password_item(client: SecurityClient, account: int) -> str:
    return _("{account} password").format(account=client.model.account_label(account))


async def change_password(client: SecurityClient, account: int, new: str, *, old: str | None,
                          settings: Mapping[str, Any], store: CredentialStore, key: CredentialKey) -> Outcome:
    """Set, verify and record one password (see the module docstring). The client must be
    logged in with the Security config right; the session ends (verification logs in)."""
    label = _password_item(client, account)
    store.set(pending_key(key), new)
    try:
        await client.set_password(account, new, settings)
    except (PasswordRefused, NotPermitted) as exc:
        _forget(store, pending_key(key))
        return Outcome(label, FAILED, _("{reason}; the old password stays in use and in the keyring").format(reason=exc))
    except LinkError as exc:
        return await _settle(client, account, old, new, store, key, _("the link failed ({error})").format(error=exc))
    try:
        if await client.verify_password(account, new):
            _keep_new(store, key, new)
            return Outcome(label, VERIFIED, _("changed; a login with it succeeded"))
    except LockedOut as exc:
        return await _settle(client, account, old, new, store, key, str(exc))
    except LinkError as exc:
        return await _settle(client, account, old, new, store, key, _("the link failed ({error})").format(error=exc))
    if client.model.accounts > 1 and not settings.get(f"user{account}_rights", 1):
        _keep_new(store, key, new)
        return Outcome(label, WRITTEN, _("set; not verified: the account is disabled"))
    return await _settle(client, account, old, new, store, key, _("a login with the new password failed"))


async def _login_admin(client: SecurityClient, password: str) -> None:
    await client.login(client.model.admin_account, password)


async def apply_security(client: SecurityClient, target: SecurityConfig, *, admin_password: str | None,
                         store: CredentialStore, project: str = DEFAULT_PROJECT) -> DeviceReport:
    """Apply ``target`` to the device of ``client``: settings and rights verified by read-back,
    passwords verified by login, new passwords in the keyring.

    ``admin_password`` is the administrator's current password (None: from the keyring).
    """
    model, profile, device = client.model, client.profile, client.name
    report = DeviceReport(device)
    posture = await client.read_posture()
    current = SecurityConfig.from_posture(posture)
    found = capability(profile, model, target) or problems(profile, model, target, current)
    if found:
        report.error = "; ".join(found)
        return report
    admin = model.admin_account
    admin_key = key_for(project, device, model.account_label(admin))
    if admin_password is None and model.has_login:
        admin_password = store.get(admin_key)
        if admin_password is None:
            report.error = _("no password for {account} in the keyring; give it once (it is then kept in the "
                             "keyring)").format(account=model.account_label(admin))
            return report
    if model.has_login:
        try:
            await _login_admin(client, admin_password)
        except (LoginRefused, LockedOut) as exc:
            report.error = str(exc)
            return report
        store.set(admin_key, admin_password)
    settings = {n: v for n, v in target.settings.items() if current.settings.get(n) != v}
    settings.update({f"user{a}_rights": r for a, r in target.rights.items() if current.rights.get(a) != r})
    order = write_order(list(settings), current.settings, target.settings)
    results = await client.write_settings({n: settings[n] for n in order}) if order else []
    for r in results:
        label = profile.register(r.name).label
        message = r.message if r.ok else _refusal_text(r)
        report.outcomes.append(Outcome(label, VERIFIED if r.ok else FAILED, message))
    for name, value in target.secrets.items():
        report.outcomes.append(await _write_secret(client, name, value, store, project))
    merged = {**current.settings, **target.settings}
    merged.update({f"user{a}_rights": r for a, r in {**current.rights, **target.rights}.items()})
    admin_current = admin_password
    for i, account in enumerate(sorted(target.passwords, key=lambda a: (a == admin, a))):  # the administrator last
        if i:  # verifying the previous password ended the session
            try:
                await _login_admin(client, admin_current)
            except SecurityError as exc:
                report.outcomes.append(Outcome(_password_item(client, account), FAILED, str(exc)))
                continue
        key = key_for(project, device, model.account_label(account))
        old = admin_current if account == admin else store.get(key)
        outcome = await change_password(client, account, target.passwords[account], old=old,
                                        settings=merged, store=store, key=key)
        report.outcomes.append(outcome)
        if account == admin and outcome.status == VERIFIED:
            admin_current = target.passwords[account]
    if model.has_login:
        try:
            await client.logout()
        except LinkError:
            pass
    return report


def _refusal_text(result: WriteResult) -> str:
    if result.exception == ILLEGAL_FUNCTION:
        return _("not permitted: the session lacks the right for it (Security config or Comm config)")
    return result.message


async def _write_secret(client: SecurityClient, name: str, value: str, store: CredentialStore,
                        project: str) -> Outcome:
    """Write a write-only secret (Wi-Fi, MQTT password) and keep it in the keyring.

    The device never reads it back, so the result is "written", not verified. The keyring
    entry is named after the secret's English label, the same in every language.
    """
    label = client.model.secret(name).label
    results = await client.device.write({name: value}, verify=False)
    if not results[0].ok:
        return Outcome(_(label), FAILED, results[0].message)
    store.set(key_for(project, client.name, label), value)
    return Outcome(_(label), WRITTEN, _("written (the device never reads a password back)"))


# ---- many devices


@dataclass(frozen=True)
class PasswordJob:
    """New passwords for accounts of one device."""

    address: DeviceAddress
    passwords: dict[int, str] = field(repr=False)


async def update_passwords(jobs: Iterable[PasswordJob], store: CredentialStore, *,
                           project: str = DEFAULT_PROJECT, timeout: float = 1.0,
                           progress: Callable[[DeviceReport], None] | None = None,
                           opener: Opener | None = None) -> list[DeviceReport]:
    """The password updater for many meters: one device after another, a report each.

    The administrator logs in with the password the keyring holds for it.
    ``opener`` gives the client of a device (default: :func:`connect` on its own link).
    """
    async def step(client: SecurityClient, job: PasswordJob, report: DeviceReport) -> None:
        config = SecurityConfig(job.address.profile_id, passwords=dict(job.passwords))
        sub = await apply_security(client, config, admin_password=None, store=store, project=project)
        report.outcomes, report.error = sub.outcomes, sub.error

    return await _each_device(list(jobs), lambda job: job.address, step, opener or _opener(timeout), progress)


async def apply_to_many(config: SecurityConfig, addresses: Iterable[DeviceAddress], store: CredentialStore, *,
                        project: str = DEFAULT_PROJECT, timeout: float = 1.0,
                        progress: Callable[[DeviceReport], None] | None = None,
                        opener: Opener | None = None) -> list[DeviceReport]:
    """Apply one security configuration to many devices, each checked for capability first."""
    async def step(client: SecurityClient, _address: DeviceAddress, report: DeviceReport) -> None:
        lacks = capability(client.profile, client.model, config)
        if lacks:
            report.error = _("insufficient capability: {reasons}").format(reasons="; ".join(lacks))
            return
        sub = await apply_security(client, config, admin_password=None, store=store, project=project)
        report.outcomes, report.error = sub.outcomes, sub.error

    return await _each_device(list(addresses), lambda address: address, step, opener or _opener(timeout), progress)


def _opener(timeout: float) -> Opener:
    return lambda address: connect(address, timeout=timeout)


async def _each_device[T](targets: list[T], address_of: Callable[[T], DeviceAddress],
                          step: Callable[[SecurityClient, T, DeviceReport], Awaitable[None]],
                          opener: Opener, progress: Callable[[DeviceReport], None] | None) -> list[DeviceReport]:
    """Run ``step`` on one device after another, each on its own connection, with a report each."""
    reports = []
    for target in targets:
        address = address_of(target)
        report = DeviceReport(address.name)
        try:
            async with opener(address) as client:
                await step(client, target, report)
        except MeterDeskError as exc:
            report.error = str(exc)
        reports.append(report)
        if progress is not None:
            progress(report)
    return reports
