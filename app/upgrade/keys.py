"""Trusted Ed25519 public keys for firmware packages.

MeterDesk ships the public keys it trusts in ``resources/keys/*.pub`` (PEM,
SubjectPublicKeyInfo); the matching private keys never enter the repository.
Callers may add folders of their own keys (tests, simulators, a site's own
signing key). A key is named by its id: the first 16 hex digits of the
SHA-256 of its raw 32 bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from app.errors import MeterDeskError
from app.i18n import _
from app.resources import resource_path

KEY_SUFFIX = ".pub"


class KeyFileError(MeterDeskError):
    """A key file cannot be read."""


def key_id(key: Ed25519PublicKey) -> str:
    """The id of a public key: 16 hex digits of the SHA-256 of its raw bytes."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    """The PEM text of a public key (of a private key's public half)."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read one PEM public key; the error names the file and what is wrong."""
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except OSError as exc:
        raise KeyFileError(_("cannot read the key {path}: {error}").format(path=path, error=exc.strerror or exc)) from None
    except ValueError:
        raise KeyFileError(_("{path} is not a PEM public key").format(path=path)) from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(_("{path} is not an Ed25519 key (firmware packages are signed with Ed25519)").format(path=path))
    return key


class TrustedKeys:
    """The public keys whose signatures MeterDesk accepts, by key id."""

    def __init__(self, keys: Iterable[Ed25519PublicKey] = ()) -> None:
        self.keys: dict[str, Ed25519PublicKey] = {key_id(k): k for k in keys}

    @classmethod
    def load(cls, extra_dirs: Iterable[Path] = (), shipped: bool = True) -> TrustedKeys:
        """The shipped keys (``resources/keys``) plus every ``*.pub`` in ``extra_dirs``."""
        folders = ([resource_path("keys")] if shipped else []) + [Path(d) for d in extra_dirs]
        keys = []
        for folder in folders:
            if not folder.is_dir():
                raise KeyFileError(_("the trusted-keys folder {folder} does not exist").format(folder=folder))
            keys.extend(load_public_key(p) for p in sorted(folder.glob(f"*{KEY_SUFFIX}")))
        return cls(keys)

    def add(self, key: Ed25519PublicKey) -> str:
        """Trust one more key; returns its id."""
        kid = key_id(key)
        self.keys[kid] = key
        return kid

    def __contains__(self, kid: str) -> bool:
        return kid in self.keys

    def verify(self, kid: str, signature: bytes, data: bytes) -> bool:
        """True if ``signature`` over ``data`` is valid for the trusted key ``kid``."""
        key = self.keys.get(kid)
        if key is None:
            return False
        try:
            key.verify(signature, data)
        except InvalidSignature:
            return False
        return True
