"""Per-model password policies: length, character classes, allowed characters, lockout.

A policy is plain data. To support another model, define one more
:class:`PasswordPolicy` from its manual (with the manual lines in ``source``)
and add it to :data:`POLICIES`; :meth:`PasswordPolicy.check` and
:meth:`PasswordPolicy.lock_after` work for every policy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType

from app.errors import MeterDeskError


class UnknownPolicyError(MeterDeskError):
    """No password policy is defined for the requested device model."""


@dataclass(frozen=True)
class CharClass:
    """A named set of characters.

    As a required class, ``name`` completes "needs ..." ("an upper-case letter");
    as the allowed set, it completes "only ... are accepted".
    """

    name: str
    contains: Callable[[str], bool]


UPPER = CharClass("an upper-case letter", str.isupper)
LOWER = CharClass("a lower-case letter", str.islower)
DIGIT = CharClass("a digit", lambda c: "0" <= c <= "9")
SYMBOL = CharClass("a symbol", lambda c: " " < c <= "~" and not c.isalnum())
PRINTABLE_ASCII = CharClass(
    "printable ASCII characters (letters, digits, symbols and space)",
    lambda c: " " <= c <= "~",
)


@dataclass(frozen=True)
class LockoutStep:
    """From the ``failures``-th consecutive failed login on, each failure locks access
    for ``lock``."""

    failures: int
    lock: timedelta
    source: str


@dataclass(frozen=True)
class PasswordPolicy:
    """The password rules and login lockout of one device model.

    Lengths count characters (Unicode code points). ``max_length`` None means no
    maximum; ``allowed`` None means any character. ``lockout`` steps are ordered by
    ``failures``. ``notes`` holds further rules and the manual's gaps, in words.
    """

    model: str
    min_length: int
    max_length: int | None
    source: str
    required: tuple[CharClass, ...] = ()
    allowed: CharClass | None = None
    lockout: tuple[LockoutStep, ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.min_length < 0 or (
            self.max_length is not None and self.max_length < self.min_length
        ):
            raise ValueError(f"{self.model}: inconsistent length limits")
        counts = [step.failures for step in self.lockout]
        if counts != sorted(set(counts)) or any(n < 1 for n in counts):
            raise ValueError(f"{self.model}: lockout failure counts must rise")

    def check(self, password: str) -> list[str]:
        """Reasons why ``password`` breaks this policy, in words; empty if it complies.

        The password itself never appears in a reason.
        """
        reasons = []
        length = len(password)
        if length < self.min_length:
            reasons.append(f"{_characters(length)}, the minimum is {self.min_length}")
        if self.max_length is not None and length > self.max_length:
            reasons.append(f"{_characters(length)}, the maximum is {self.max_length}")
        for char_class in self.required:
            if not any(char_class.contains(c) for c in password):
                reasons.append(f"needs {char_class.name}")
        if self.allowed is not None:
            bad = [i for i, c in enumerate(password, 1) if not self.allowed.contains(c)]
            if bad:
                where = ", ".join(str(i) for i in bad)
                noun = "character" if len(bad) == 1 else "characters"
                verb = "is" if len(bad) == 1 else "are"
                reasons.append(
                    f"{noun} {where} {verb} not allowed: only {self.allowed.name} "
                    "are accepted"
                )
        return reasons

    def lock_after(self, consecutive_failures: int) -> timedelta:
        """How long access stays locked after this many failed logins in a row
        (zero when the count does not lock)."""
        lock = timedelta(0)
        for step in self.lockout:
            if consecutive_failures >= step.failures:
                lock = step.lock
        return lock

    def describe(self) -> list[str]:
        """The policy as sentences for display next to a password field."""
        if self.max_length is None:
            lines = [f"At least {_characters(self.min_length)}."]
        else:
            lines = [f"{self.min_length} to {self.max_length} characters."]
        lines += [f"Needs {c.name}." for c in self.required]
        if self.allowed is not None:
            lines.append(f"Only {self.allowed.name} are accepted.")
        lines += [
            f"From the {_ordinal(step.failures)} failed login in a row, each failure "
            f"locks access for {_duration(step.lock)}."
            for step in self.lockout
        ]
        return lines + list(self.notes)


def _characters(count: int) -> str:
    return f"{count} character" if count == 1 else f"{count} characters"


def _ordinal(n: int) -> str:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}th" if 10 <= n % 100 <= 20 else f"{n}{suffix}"


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


WPS = PasswordPolicy(
    model="PrismaSeT Active Wireless Panel Server",
    min_length=6,
    max_length=32,
    required=(UPPER, LOWER),
    source="wps.md §6.3 / L1150-1154",
    lockout=(
        LockoutStep(10, timedelta(minutes=10), "wps.md §6.3 / L1158-1160"),
        LockoutStep(15, timedelta(minutes=60), "wps.md §6.3 / L1162"),
    ),
    notes=(
        "A lock survives a reboot and a power loss (L1164).",
        "A lock ends with a successful login after the lock period, or with the "
        "forgotten-password process, which also unpairs every wireless device (L1166, "
        "L1175-1180).",
        "The guide does not say which characters are allowed; any character is "
        "accepted here (L1150-1154).",
        "The guide says the 60-minute lock applies 'after the fifteenth consecutive "
        "invalid attempts'; it is read here as starting with the 15th failure, since "
        "the 10-minute locks are stated for attempts up to the 14th (L1160-1162).",
    ),
)

POLICIES: Mapping[str, PasswordPolicy] = MappingProxyType({"wps": WPS})


def policy_for(model_id: str) -> PasswordPolicy:
    """The policy registered under ``model_id`` in :data:`POLICIES`."""
    try:
        return POLICIES[model_id]
    except KeyError:
        known = ", ".join(sorted(POLICIES))
        raise UnknownPolicyError(
            f"no password policy is defined for model '{model_id}' (known: {known})"
        ) from None
