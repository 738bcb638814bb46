"""Check setting values: each against its register (type, range, enum), then the profile's cross-field rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.errors import ValidationError
from app.i18n import _
from app.modbus import codec
from app.modbus.codec import Value
from app.profiles.model import Condition, Profile, Rule


@dataclass(frozen=True)
class Problem:
    """A value or a combination of values that cannot (``error``) or should not (``warning``) be written."""

    names: tuple[str, ...]
    message: str
    severity: str = "error"
    source: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return self.message + (f" ({self.source})" if self.source else "")


def check_values(profile: Profile, values: Mapping[str, Value]) -> list[Problem]:
    """One problem per value its register refuses (out of range, not an enum value, too long)."""
    problems = []
    for name, value in values.items():
        if not profile.has(name):
            problems.append(Problem((name,), _("{profile} has no setting {name!r}").format(profile=profile.id, name=name)))
            continue
        try:
            codec.validate(profile.register(name), value)
        except ValidationError as exc:
            problems.append(Problem((name,), str(exc)))
    return problems


def check_rules(profile: Profile, values: Mapping[str, Value],
                installation: Mapping[str, Value] | None = None) -> list[Problem]:
    """Problems with the profile's cross-field rules; a rule whose registers are not all given is skipped."""
    problems = []
    for rule in profile.rules:
        message = _broken(profile, rule, values, installation or {})
        if message is not None:
            problems.append(Problem(rule.names, message, rule.severity, rule.source))
    return problems


def check(profile: Profile, values: Mapping[str, Value],
          installation: Mapping[str, Value] | None = None) -> list[Problem]:
    """Every problem: register checks first, then the rules over the values that passed them."""
    problems = check_values(profile, values)
    bad = {n for p in problems for n in p.names}
    good = {k: v for k, v in values.items() if k not in bad}
    return problems + check_rules(profile, good, installation)


def involving(problems: Iterable[Problem], names: Iterable[str]) -> list[Problem]:
    """The problems that concern any of ``names``."""
    wanted = set(names)
    return [p for p in problems if wanted.intersection(p.names)]


def raise_errors(problems: Iterable[Problem], where: str) -> None:
    """Raise one :class:`ValidationError` listing every error (warnings pass)."""
    errors = [p for p in problems if p.is_error]
    if errors:
        lines = "\n".join(f"  - {p}" for p in errors)
        raise ValidationError(_("{where}: {count} setting(s) cannot be written:\n{lines}").format(
            where=where, count=len(errors), lines=lines))


# ---- rule evaluation


def holds(condition: Condition, values: Mapping[str, Value]) -> bool | None:
    """Whether ``condition`` holds; None when its register has no value."""
    value = values.get(condition.register)
    if value is None:
        return None
    if condition.bit is not None:
        return bool(int(value) >> condition.bit & 1) == condition.bit_set
    return value in condition.equals


def _broken(profile: Profile, rule: Rule, values: Mapping[str, Value],
            installation: Mapping[str, Value]) -> str | None:
    """The rule's message (with the values involved) if ``values`` break it, else None."""
    if any(values.get(n) is None for n in rule.names if rule.kind != "installed"):
        return None
    if rule.when is not None and not holds(rule.when, values):
        return None
    names = rule.registers
    shown = ", ".join(f"{profile.register(n).label} = {codec.format_value(profile.register(n), values[n])}"
                      for n in rule.names if n in values)
    if rule.kind == "range":
        total = sum(values[n] for n in names)
        if total in rule.values:
            return None
        low, high = rule.minimum, rule.maximum
        inside = (low is not None or high is not None) and (low is None or total >= low) and (
            high is None or total <= high)
        return None if inside else f"{rule.message} ({shown})"
    if rule.kind == "not_greater":
        return None if sum(values[n] for n in names) <= values[rule.limit] else f"{rule.message} ({shown})"
    if rule.kind == "multiple":
        base = sum(values[n] for n in rule.of) + rule.plus
        value = values[names[0]]
        return None if base > 0 and value > 0 and value % base == 0 else f"{rule.message} ({shown})"
    if rule.kind == "distinct":
        seen = [values[n] for n in names]
        return None if len(set(seen)) == len(seen) else f"{rule.message} ({shown})"
    if rule.kind == "installed":
        name = names[0]
        installed = installation.get(name)
        if installed is None or values.get(name) is None or values[name] == installed:
            return None
        reg = profile.register(name)
        return _("{message} ({label} = {value}, installed as {installed})").format(
            message=rule.message, label=reg.label, value=codec.format_value(reg, values[name]),
            installed=codec.format_value(reg, installed))
    raise ValueError(_("unknown rule kind {kind!r}").format(kind=rule.kind))
