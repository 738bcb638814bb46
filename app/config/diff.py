"""Differences between two configurations of the same device model, one row per setting."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.config.model import Configuration, ConfigurationError, same_value
from app.i18n import _
from app.modbus import codec
from app.modbus.codec import Value
from app.profiles.model import Profile, Register


@dataclass(frozen=True)
class Change:
    """One setting that differs: ``old`` (None: not in the first configuration) → ``new``."""

    register: Register
    old: Value
    new: Value

    @property
    def name(self) -> str:
        return self.register.name

    @property
    def label(self) -> str:
        return self.register.label

    @property
    def unit(self) -> str:
        return self.register.unit

    @property
    def old_text(self) -> str:
        return "—" if self.old is None else codec.format_value(self.register, self.old)

    @property
    def new_text(self) -> str:
        return "—" if self.new is None else codec.format_value(self.register, self.new)


def diff(a: Configuration, b: Configuration) -> list[Change]:
    """What writing ``b`` over ``a`` changes: the settings of ``b`` that ``a`` lacks or holds differently.

    Values compare as the device would hold them (a float32 0.1 equals 0.1).
    Rows follow the profile's order, which is the manuals' screen order.
    """
    if a.profile.id != b.profile.id:
        raise ConfigurationError(
            _("cannot compare a {model} configuration ({id}) with a {other_model} one ({other_id})").format(
                model=a.profile.model, id=a.profile.id, other_model=b.profile.model, other_id=b.profile.id)
        )
    return diff_values(b.profile, a.values, b.values)


def diff_values(profile: Profile, old: Mapping[str, Value], new: Mapping[str, Value]) -> list[Change]:
    """:func:`diff` on plain value mappings."""
    changes = []
    for reg in profile.settings():
        if reg.name not in new:
            continue
        before, after = old.get(reg.name), new[reg.name]
        if not same_value(reg, before, after):
            changes.append(Change(reg, before, after))
    return changes
