"""A rough password strength estimate for the wizards' strength indicator.

The estimate is MeterDesk's own (no manual defines one): the bits a brute-force
guesser needs for the character classes used, with runs, repeats and a few
well-known factory passwords counted as next to nothing. It ranks passwords
for display; it is not a security proof.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.i18n import N_, _

#: Factory and habitual passwords that a guesser tries first.
WELL_KNOWN = frozenset({"0", "admin", "password", "123456", "12345678", "00000000", "user1"})
#: The five ranks, in English (:attr:`Strength.label` gives them in the user's language).
LABELS = (N_("very weak"), N_("weak"), N_("fair"), N_("strong"), N_("very strong"))
_THRESHOLDS = (20.0, 35.0, 50.0, 65.0)  # bits at which each next label starts


@dataclass(frozen=True)
class Strength:
    """``bits`` of guessing work; ``score`` 0-4 indexes :data:`LABELS`."""

    bits: float
    score: int

    @property
    def label(self) -> str:
        return _(LABELS[self.score])


def _pool(password: str) -> int:
    pool = 0
    if any(c.islower() and c.isascii() for c in password):
        pool += 26
    if any(c.isupper() and c.isascii() for c in password):
        pool += 26
    if any(c.isdigit() and c.isascii() for c in password):
        pool += 10
    if any(c.isascii() and not c.isalnum() for c in password):
        pool += 33
    if any(not c.isascii() for c in password):
        pool += 100
    return pool


def _effective_length(password: str) -> float:
    """Length with repeats and +/-1 runs ("aaa", "abc", "321") counting half."""
    length = 0.0
    for i, c in enumerate(password):
        if i and abs(ord(c) - ord(password[i - 1])) <= 1:
            length += 0.5
        else:
            length += 1.0
    return length


def estimate(password: str) -> Strength:
    """How hard ``password`` is to guess, as bits and a 0-4 score."""
    if not password or password.lower() in WELL_KNOWN:
        return Strength(0.0, 0)
    bits = _effective_length(password) * math.log2(_pool(password))
    score = sum(bits >= t for t in _THRESHOLDS)
    return Strength(round(bits, 1), score)
