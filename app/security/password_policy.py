"""Per-model password policies: length, character classes, allowed characters, lockout.

A policy is plain data. To support another model, define one more
:class:`PasswordPolicy` from its manual (with the manual lines in ``source``)
and add it to :data:`POLICIES`; :meth:`PasswordPolicy.check` and
:meth:`PasswordPolicy.lock_after` work for every policy. The ION7400's rules
depend on how the meter is set up (security mode, complexity option, minimum
length): :func:`ion7400_policy` builds them, and :func:`ion7400_rule_problems`
checks such a set-up against the manual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType

from app.errors import MeterDeskError
from app.i18n import N_, _, ngettext


class UnknownPolicyError(MeterDeskError):
    """No password policy is defined for the requested device model."""


@dataclass(frozen=True)
class CharClass:
    """A named set of characters.

    As a required class, ``name`` completes "needs ..." ("an upper-case letter");
    as the allowed set, it completes "only ... are accepted". ``name`` is English;
    :attr:`label` is the name in the user's language.
    """

    name: str
    contains: Callable[[str], bool]

    @property
    def label(self) -> str:
        return _(self.name)


UPPER = CharClass(N_("an upper-case letter"), str.isupper)
LOWER = CharClass(N_("a lower-case letter"), str.islower)
DIGIT = CharClass(N_("a digit"), lambda c: "0" <= c <= "9")
SYMBOL = CharClass(N_("a symbol"), lambda c: " " < c <= "~" and not c.isalnum())
PRINTABLE_ASCII = CharClass(
    N_("printable ASCII characters (letters, digits, symbols and space)"),
    lambda c: " " <= c <= "~",
)
DIGITS_ONLY = CharClass(N_("digits"), lambda c: "0" <= c <= "9")
ALPHANUMERIC = CharClass(
    N_("ASCII letters and digits"), lambda c: c.isascii() and c.isalnum()
)


@dataclass(frozen=True)
class Compatibility:
    """A narrower rule that some clients need: not an error, a caution to show (``note`` is English)."""

    max_length: int
    allowed: CharClass
    note: str


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
    ``failures``. ``any_of`` with ``any_of_count`` asks for at least that many of
    those classes (NERC CIP-style "three of four"). ``compatibility`` is a
    narrower rule some clients need, reported by :meth:`cautions`. ``notes``
    holds further rules and the manual's gaps, in words, and ``complexity`` the
    ION7400 Password Complexity option the policy stands for. ``model`` and
    ``notes`` are English templates (:func:`app.i18n.N_`): the methods give every
    text in the user's language.
    """

    model: str
    min_length: int
    max_length: int | None
    source: str
    required: tuple[CharClass, ...] = ()
    allowed: CharClass | None = None
    lockout: tuple[LockoutStep, ...] = ()
    notes: tuple[str, ...] = ()
    any_of: tuple[CharClass, ...] = ()
    any_of_count: int = 0
    compatibility: Compatibility | None = None
    complexity: str = ""

    def __post_init__(self) -> None:
        if self.min_length < 0 or (
            self.max_length is not None and self.max_length < self.min_length
        ):
            raise ValueError(_("{policy}: inconsistent length limits").format(policy=_(self.model)))
        counts = [step.failures for step in self.lockout]
        if counts != sorted(set(counts)) or any(n < 1 for n in counts):
            raise ValueError(_("{policy}: lockout failure counts must rise").format(policy=_(self.model)))
        if not 0 <= self.any_of_count <= len(self.any_of):
            raise ValueError(_("{policy}: cannot need {count} of {classes} character classes").format(
                policy=_(self.model), count=self.any_of_count, classes=len(self.any_of)))

    def check(self, password: str) -> list[str]:
        """Reasons why ``password`` breaks this policy, in words; empty if it complies.

        The password itself never appears in a reason.
        """
        reasons = []
        length = len(password)
        if length < self.min_length:
            reasons.append(ngettext("{count} character, the minimum is {minimum}",
                                    "{count} characters, the minimum is {minimum}", length).format(
                count=length, minimum=self.min_length))
        if self.max_length is not None and length > self.max_length:
            reasons.append(ngettext("{count} character, the maximum is {maximum}",
                                    "{count} characters, the maximum is {maximum}", length).format(
                count=length, maximum=self.max_length))
        for char_class in self.required:
            if not any(char_class.contains(c) for c in password):
                reasons.append(_("needs {what}").format(what=char_class.label))
        if self.any_of_count:
            present = sum(any(k.contains(c) for c in password) for k in self.any_of)
            if present < self.any_of_count:
                names = ", ".join(k.label for k in self.any_of)
                reasons.append(_("needs {count} of these: {classes} (it has {present})").format(
                    count=self.any_of_count, classes=names, present=present))
        if self.allowed is not None:
            bad = [i for i, c in enumerate(password, 1) if not self.allowed.contains(c)]
            if bad:
                where = ", ".join(str(i) for i in bad)
                reasons.append(ngettext("character {positions} is not allowed: only {allowed} are accepted",
                                        "characters {positions} are not allowed: only {allowed} are accepted",
                                        len(bad)).format(positions=where, allowed=self.allowed.label))
        return reasons

    def cautions(self, password: str) -> list[str]:
        """Warnings that do not break the policy (e.g. clients with narrower rules)."""
        compat = self.compatibility
        if compat is None:
            return []
        fits = len(password) <= compat.max_length and all(
            compat.allowed.contains(c) for c in password
        )
        return [] if fits else [_(compat.note)]

    def lock_after(self, consecutive_failures: int) -> timedelta:
        """How long access stays locked after this many failed logins in a row
        (zero when the count does not lock)."""
        lock = timedelta(0)
        for step in self.lockout:
            if consecutive_failures >= step.failures:
                lock = step.lock
        return lock

    def describe(self) -> list[str]:
        """The policy as sentences for display next to a password field, in the user's language."""
        if self.max_length is None:
            lines = [ngettext("At least {count} character.", "At least {count} characters.",
                              self.min_length).format(count=self.min_length)]
        else:
            lines = [_("{minimum} to {maximum} characters.").format(minimum=self.min_length, maximum=self.max_length)]
        lines += [_("Needs {what}.").format(what=c.label) for c in self.required]
        if self.any_of_count:
            names = ", ".join(k.label for k in self.any_of)
            lines.append(_("Needs {count} of these: {classes}.").format(count=self.any_of_count, classes=names))
        if self.allowed is not None:
            lines.append(_("Only {allowed} are accepted.").format(allowed=self.allowed.label))
        lines += [
            _("From the {ordinal} failed login in a row, each failure locks access for {duration}.").format(
                ordinal=_ordinal(step.failures), duration=_duration(step.lock))
            for step in self.lockout
        ]
        lines += [_(note) for note in self.notes]
        if self.complexity:
            lines.append(_("Password complexity: {option}.").format(option=_(self.complexity)))
        return lines


#: English ordinal suffixes as templates: French says 1er, then 2e, 3e, 21e...
_ORDINALS = {1: N_("{n}st"), 2: N_("{n}nd"), 3: N_("{n}rd")}


def _ordinal(n: int) -> str:
    if n == 1:
        return _("1st")
    template = N_("{n}th") if 10 <= n % 100 <= 20 else _ORDINALS.get(n % 10, N_("{n}th"))
    return _(template).format(n=n)


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)


WPS = PasswordPolicy(
    model="PrismaSeT Active Wireless Panel Server",  # untranslated: product name
    min_length=6,
    max_length=32,
    required=(UPPER, LOWER),
    source="wps.md §6.3 / L1150-1154",
    lockout=(
        LockoutStep(10, timedelta(minutes=10), "wps.md §6.3 / L1158-1160"),
        LockoutStep(15, timedelta(minutes=60), "wps.md §6.3 / L1162"),
    ),
    notes=(
        N_("A lock survives a reboot and a power loss (L1164)."),
        N_("A lock ends with a successful login after the lock period, or with the "
           "forgotten-password process, which also unpairs every wireless device (L1166, "
           "L1175-1180)."),
        N_("The guide does not say which characters are allowed; any character is "
           "accepted here (L1150-1154)."),
        N_("The guide says the 60-minute lock applies 'after the fifteenth consecutive "
           "invalid attempts'; it is read here as starting with the 15th failure, since "
           "the 10-minute locks are stated for attempts up to the 14th (L1160-1162)."),
    ),
)

# ---- PowerLogic ION7400 (ion7400-part1.md §2.5, §2.12; part2 §13.1)

ION7400_MAX_LENGTH = 16
#: The Password Complexity choices (keys; "None" is shown translated); the manual names the two standards (L1086).
COMPLEXITY_OPTIONS = (N_("None"), "IEEE 1686-2013", "NERC CIP-007-5")  # untranslated: standards' names
STANDARD_COMPLEXITY_MIN_LENGTH = 6
FOUR_CLASSES = (UPPER, LOWER, DIGIT, SYMBOL)

_ION_CLIENTS = Compatibility(
    6,
    ALPHANUMERIC,
    N_("Some ION software clients accept only passwords of up to 6 letters and digits; "
       "check the password works on the display and in every program used (L1136)."),
)


def ion7400_policy(
    mode: str = "advanced", complexity: str = "None", min_length: int = 1
) -> PasswordPolicy:
    """The ION7400's password rules for its security ``mode`` (advanced or standard),
    Password Complexity option and Minimum Password Length.

    Advanced mode: up to 16 characters (L1086, L1126); the manual says "any valid
    characters" (L1640) without listing them, so printable ASCII is accepted here.
    The manual names the complexity options but not their rules: MeterDesk reads
    IEEE 1686-2013 as all four classes (upper, lower, digit, symbol) and NERC
    CIP-007-5 (R5.5) as three of the four. Standard (legacy) mode: one numeric
    password of at most 8 digits, 0-99999999 (part2 L978).
    """
    if mode == "standard":
        return PasswordPolicy(
            model=N_("PowerLogic ION7400 (standard security)"),
            min_length=1,
            max_length=8,
            allowed=DIGITS_ONLY,
            source="ion7400-part2.md §13.1 / L978",
            notes=(N_("Standard (legacy) security has one numeric password, 0-99999999."),),
        )
    if complexity not in COMPLEXITY_OPTIONS:
        raise UnknownPolicyError(
            _("ION7400 password complexity '{option}' is not one of {options}").format(
                option=complexity, options=", ".join(COMPLEXITY_OPTIONS))
        )
    kwargs: dict = {}
    if complexity == "IEEE 1686-2013":
        kwargs["required"] = FOUR_CLASSES
    elif complexity == "NERC CIP-007-5":
        kwargs.update(any_of=FOUR_CLASSES, any_of_count=3)
    return PasswordPolicy(
        model=N_("PowerLogic ION7400 (advanced security)"),
        min_length=min(max(min_length, 1), ION7400_MAX_LENGTH),
        max_length=ION7400_MAX_LENGTH,
        allowed=PRINTABLE_ASCII,
        source="ion7400-part1.md §2.5 / L1086, L1126; §2.12 / L1640",
        compatibility=_ION_CLIENTS,
        notes=(N_("User credentials do not expire (L1292)."),),
        complexity=complexity,
        **kwargs,
    )


def ion7400_rule_problems(complexity: str, min_length: int) -> list[str]:
    """What is wrong with an ION7400 Password Complexity / Minimum Password Length pair, in words."""
    problems = []
    if complexity not in COMPLEXITY_OPTIONS:
        problems.append(_("password complexity '{option}' is not an ION7400 option").format(option=complexity))
    if not 1 <= min_length <= ION7400_MAX_LENGTH:
        problems.append(_("minimum password length {length} is outside 1..{maximum} (L1086)").format(
            length=min_length, maximum=ION7400_MAX_LENGTH))
    elif complexity in COMPLEXITY_OPTIONS[1:] and min_length < STANDARD_COMPLEXITY_MIN_LENGTH:
        problems.append(_("minimum password length {length} with {option}: the manual requires at least "
                          "{minimum} (L1086)").format(length=min_length, option=complexity,
                                                      minimum=STANDARD_COMPLEXITY_MIN_LENGTH))
    return problems


ION7400 = ion7400_policy()
"""The factory rules: no complexity option and a minimum of 1, so that the factory
password "0" is valid (L1674)."""

# ---- PowerLogic BCPME (bcpm.md §8)

BCPME = PasswordPolicy(
    model="PowerLogic BCPME",  # untranslated: product name
    min_length=8,
    max_length=32,
    required=(UPPER, LOWER, DIGIT),
    allowed=PRINTABLE_ASCII,
    source="bcpm.md §8 / L1231-1234 (label password); MeterDesk's floor",  # untranslated: manual reference, never shown
    notes=(
        N_("The guide gives no password rule. The factory password on the label is 16 "
           "characters of mixed case, digits and symbols (L1231-1234); MeterDesk asks a new "
           "one for at least 8 characters with upper- and lower-case letters and a digit."),
        N_("32 characters is the width of MeterDesk's password register (convention)."),
    ),
)

# ---- Iskra SG (iskra-sg.md §7.2)

ISKRA_WIFI = PasswordPolicy(
    model=N_("Iskra SG Wi-Fi"),
    min_length=8,
    max_length=63,
    allowed=PRINTABLE_ASCII,
    source="IEEE 802.11i WPA2 passphrase (8-63 printable ASCII); iskra-sg.md §7.2.1 gives none",  # untranslated: manual reference, never shown
    notes=(N_("The SG joins the Wi-Fi network it was provisioned for (L140-L155)."),),
)

ISKRA_MQTT = PasswordPolicy(
    model=N_("Iskra SG MQTT broker"),
    min_length=1,
    max_length=32,
    allowed=PRINTABLE_ASCII,
    source="iskra-sg.md §7.2.2 (field only); 32 = width of the MQTT Password register (convention)",  # untranslated: manual reference, never shown
    notes=(N_("Use MQTT over SSL: over plain TCP the broker password crosses the network in clear."),),
)

POLICIES: Mapping[str, PasswordPolicy] = MappingProxyType({
    "wps": WPS,
    "ion7400": ION7400,
    "ion7400-standard": ion7400_policy("standard"),
    "bcpme": BCPME,
    "iskra-sg-wifi": ISKRA_WIFI,
    "iskra-sg-mqtt": ISKRA_MQTT,
})


def policy_for(model_id: str) -> PasswordPolicy:
    """The policy registered under ``model_id`` in :data:`POLICIES`."""
    try:
        return POLICIES[model_id]
    except KeyError:
        known = ", ".join(sorted(POLICIES))
        raise UnknownPolicyError(
            _("no password policy is defined for model '{model}' (known: {known})").format(model=model_id, known=known)
        ) from None
