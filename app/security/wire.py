"""How a login and a new password cross Modbus without the password itself.

Modbus is not encrypted (ion7400-part1.md §2.4, L1030) and MeterDesk's traffic
monitor keeps frames byte for byte, so MeterDesk's security convention never
puts a password on the wire:

* the device keeps, per account, a *verifier*: PBKDF2-HMAC-SHA256 of the
  password, salted with the device's salt and the account number;
* a login answers a fresh device nonce with an HMAC of it under the verifier
  (a replayed answer fails: the nonce changes after every attempt);
* a successful login gives both sides a session key (HMAC of the nonce);
* a new password travels sealed with AES-GCM under that key, with a counter
  as nonce and the account number as associated data.

The simulators (:mod:`app.sim.security`) and the client
(:mod:`app.security.client`) share these functions; the register layout is
in the profiles' ``security`` groups.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.i18n import _

SALT_BYTES = 8
NONCE_BYTES = 8
PROOF_BYTES = 16
PASSWORD_BYTES = 32  # widest password the convention carries, UTF-8
SEALED_BYTES = PASSWORD_BYTES + 16  # AES-GCM adds a 16-byte tag
ITERATIONS = 20_000


def verifier(salt: bytes, account: int, password: str) -> bytes:
    """What a device stores instead of the password of ``account``."""
    return hashlib.pbkdf2_hmac(
        "sha256", password.encode("utf-8"), salt + account.to_bytes(2, "big"), ITERATIONS
    )


def login_proof(secret: bytes, nonce: bytes, channel: int, account: int) -> bytes:
    """The answer to the device's ``nonce`` for a login on ``channel``."""
    message = b"login" + nonce + channel.to_bytes(2, "big") + account.to_bytes(2, "big")
    return hmac.new(secret, message, hashlib.sha256).digest()[:PROOF_BYTES]


def proofs_match(expected: bytes, given: bytes) -> bool:
    """Constant-time comparison of two login proofs."""
    return hmac.compare_digest(expected, given)


def session_key(secret: bytes, nonce: bytes) -> bytes:
    """The key both sides derive after a successful login."""
    return hmac.new(secret, b"session" + nonce, hashlib.sha256).digest()


def _gcm_nonce(counter: int) -> bytes:
    return b"pw" + counter.to_bytes(10, "big")


def seal_password(key: bytes, counter: int, account: int, password: str) -> bytes:
    """``password`` for ``account``, encrypted and authenticated (48 bytes).

    Raises ValueError when it is longer than :data:`PASSWORD_BYTES` in UTF-8
    or contains a NUL (the padding character).
    """
    data = password.encode("utf-8")
    if len(data) > PASSWORD_BYTES or b"\0" in data:
        raise ValueError(_("a password of {size} bytes cannot be carried (max {maximum})").format(
            size=len(data), maximum=PASSWORD_BYTES))
    padded = data.ljust(PASSWORD_BYTES, b"\0")
    return AESGCM(key).encrypt(_gcm_nonce(counter), padded, account.to_bytes(2, "big"))


def open_password(key: bytes, counter: int, account: int, sealed: bytes) -> str | None:
    """The password sealed by :func:`seal_password`, or None if it was tampered with."""
    try:
        padded = AESGCM(key).decrypt(_gcm_nonce(counter), sealed, account.to_bytes(2, "big"))
    except InvalidTag:
        return None
    try:
        return padded.rstrip(b"\0").decode("utf-8")
    except UnicodeDecodeError:
        return None


def to_words(data: bytes) -> list[int]:
    """Big-endian 16-bit register words of ``data`` (even length)."""
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def from_words(words: list[int]) -> bytes:
    return b"".join(int(w).to_bytes(2, "big") for w in words)
