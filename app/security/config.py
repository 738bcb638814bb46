"""A device's security set-up as data: settings, account rights and new passwords.

A :class:`SecurityConfig` is what the set-up wizard builds, what a security
configuration file holds and what is applied to one or many devices.
Passwords and other secrets sit in their own fields and are never part of
:func:`diff` texts, ``repr`` or saved files in clear (:mod:`app.security.scf`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.errors import ValidationError
from app.i18n import _
from app.modbus import codec
from app.profiles.model import Profile
from app.security import accounts as acc
from app.security.client import Posture
from app.security.models import SecurityModel
from app.security.password_policy import COMPLEXITY_OPTIONS, ion7400_rule_problems

#: Settings written last: they can stop the link in use (Modbus access, Modbus TCP itself).
CUT_LINK_LAST = ("modbus_tcp_enabled", "modbus_tcp_port", "modbus_access")


@dataclass
class SecurityConfig:
    """Security settings (register → value), account rights and secrets to set."""

    profile_id: str
    settings: dict[str, Any] = field(default_factory=dict)
    rights: dict[int, int] = field(default_factory=dict)
    passwords: dict[int, str] = field(default_factory=dict, repr=False)
    secrets: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_posture(cls, posture: Posture) -> SecurityConfig:
        """What the device holds now (no passwords: devices never give them)."""
        names = posture.model.setting_names()
        settings = {n: posture.settings[n] for n in names if n in posture.settings}
        rights = {a.account: a.rights for a in posture.accounts} if posture.model.accounts > 1 else {}
        return cls(posture.profile_id, settings, rights)

    def copy(self) -> SecurityConfig:
        return SecurityConfig(self.profile_id, dict(self.settings), dict(self.rights),
                              dict(self.passwords), dict(self.secrets))


@dataclass(frozen=True)
class Change:
    """One line of a review: what changes from what to what (secrets never shown); ``key`` names the
    register or item, the other fields are in the user's language."""

    key: str
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return _("{setting}: {old} → {new}").format(setting=self.label, old=self.old, new=self.new)


def _text(profile: Profile, name: str, value: Any) -> str:
    if value is None:
        return "—"
    return codec.format_value(profile.register(name), value) if profile.has(name) else str(value)


def diff(profile: Profile, model: SecurityModel, current: SecurityConfig, target: SecurityConfig) -> list[Change]:
    """The exact changes from ``current`` to ``target``, in wizard order."""
    changes = []
    for name in model.setting_names():
        if name in target.settings and target.settings[name] != current.settings.get(name):
            label = profile.register(name).label if profile.has(name) else name
            changes.append(Change(name, label, _text(profile, name, current.settings.get(name)),
                                  _text(profile, name, target.settings[name])))
    for account, rights in sorted(target.rights.items()):
        old = current.rights.get(account, 0)
        if rights != old:
            changes.append(Change(f"user{account}_rights", _("{account} rights").format(account=model.account_label(account)),
                                  acc.rights_text(old), acc.rights_text(rights)))
    for account in sorted(target.passwords):
        changes.append(Change(f"password{account}", _("{account} password").format(account=model.account_label(account)),
                              _("(current)"), _("(new password)")))
    for name in sorted(target.secrets):
        secret = model.secret(name)
        label = _(secret.label) if secret is not None else name
        changes.append(Change(name, label, _("(not readable)"), _("(new value)")))
    return changes


def problems(profile: Profile, model: SecurityModel, config: SecurityConfig,
             current: SecurityConfig | None = None, *, passwords: bool = True) -> list[str]:
    """Everything wrong with ``config`` before anything is sent, in words.

    ``passwords=False`` leaves out what is wrong with the new passwords and secrets
    themselves (for a page that only sets settings and rights).
    """
    found = []
    for name, value in config.settings.items():
        if not profile.has(name):
            found.append(_("{model} has no setting '{setting}'").format(model=model.title, setting=name))
            continue
        try:
            codec.validate(profile.register(name), value)
        except ValidationError as exc:
            found.append(str(exc))
    merged = {**(current.settings if current else {}), **config.settings}
    if "password_complexity" in merged:
        complexity = COMPLEXITY_OPTIONS[int(merged["password_complexity"])]
        found += ion7400_rule_problems(complexity, int(merged.get("min_password_length", 1)))
    if passwords and (config.passwords or config.secrets):
        policy = model.policy(merged) if model.policy_of else None
        for account, password in config.passwords.items():
            if policy is None:
                continue
            if not 1 <= account <= model.accounts:
                found.append(_("{model} has no account {account}").format(model=model.title, account=account))
                continue
            found += [_("{account} password: {problem}").format(account=model.account_label(account), problem=r)
                      for r in policy.check(password)]
        for name, value in config.secrets.items():
            secret = model.secret(name)
            if secret is None:
                found.append(_("{model} has no secret '{secret}'").format(model=model.title, secret=name))
            else:
                found += [_("{secret}: {problem}").format(secret=_(secret.label), problem=r)
                          for r in secret.policy.check(value)]
    if model.accounts > 1:
        rights = {**(current.rights if current else {}), **config.rights}
        admins = [a for a, r in rights.items() if r & acc.SECURITY_CONFIG]
        if rights and not admins:
            found.append(_("no account would keep the Security config right: nobody could change "
                           "the security set-up any more"))
        for account in config.passwords:
            if rights.get(account, 0) == 0:
                found.append(_("{account} is disabled: give it rights to use the new password").format(
                    account=model.account_label(account)))
    return found


def capability(profile: Profile, model: SecurityModel, config: SecurityConfig) -> list[str]:
    """Why a device of ``profile`` cannot take ``config`` (empty when it can), as ION Setup
    flags insufficient capability before applying a security file to other meters."""
    if config.profile_id != profile.id:
        return [_("the file is for {profile}, this device is {device_profile} ({model})").format(
            profile=config.profile_id, device_profile=profile.id, model=model.title)]
    missing = [n for n in config.settings if not profile.has(n)]
    lacks = [_("no setting '{setting}'").format(setting=n) for n in missing]
    lacks += [_("no account {account}").format(account=a) for a in (*config.rights, *config.passwords)
              if not 1 <= a <= model.accounts]
    return lacks


def write_order(names: list[str], current: Mapping[str, Any], target: Mapping[str, Any]) -> list[str]:
    """A safe order: a rising minimum length before a stricter complexity (and the reverse
    when relaxing), so the device accepts every single write; link cutters last."""
    order = [n for n in names if n not in CUT_LINK_LAST]
    if "min_password_length" in order and "password_complexity" in order:
        order.remove("min_password_length")
        at = order.index("password_complexity")
        rising = target["min_password_length"] >= current.get("min_password_length", 1)
        order.insert(at if rising else at + 1, "min_password_length")
    return order + [n for n in CUT_LINK_LAST if n in names]
