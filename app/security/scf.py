"""Security configuration files (the ``.scf`` role): a security set-up to keep and reuse.

The file is JSON, readable, with the device model, the settings and the
account rights. Passwords and other secrets are either left out or stored
encrypted with a passphrase the user gives: scrypt (n=2^15, r=8, p=1) derives
a 256-bit key from the passphrase and a random salt, and AES-GCM encrypts the
secrets with the file's other content as associated data, so a changed
setting makes the file fail to open rather than apply something else. A
secret never appears in the file in clear.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app import __version__
from app.errors import MeterDeskError
from app.i18n import _
from app.security.config import SecurityConfig

FORMAT = "meterdesk-security-configuration"
VERSION = 1
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SUFFIX = ".scf"


class ScfError(MeterDeskError):
    """A security configuration file cannot be written, read or decrypted."""


@dataclass(frozen=True)
class ScfInfo:
    """What a file says about itself before any passphrase is asked."""

    profile_id: str
    encrypted_secrets: bool
    saved: str
    device: str


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, where: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        raise ScfError(_("{file}: not base64 data").format(file=where)) from None


def _key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode("utf-8"))


def _body(config: SecurityConfig, device: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "profile": config.profile_id,
        "device": device,
        "saved": datetime.now(UTC).isoformat(timespec="seconds"),
        "saved_by": f"MeterDesk {__version__}",
        "settings": dict(sorted(config.settings.items())),
        "rights": {str(a): r for a, r in sorted(config.rights.items())},
    }


def _aad(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def dumps(config: SecurityConfig, *, passphrase: str | None = None, device: str = "") -> str:
    """The file text: secrets left out (no passphrase) or encrypted with ``passphrase``."""
    body = _body(config, device)
    secrets = {"passwords": {str(a): p for a, p in config.passwords.items()}, "secrets": dict(config.secrets)}
    has_secrets = bool(config.passwords or config.secrets)
    if passphrase is not None and has_secrets:
        if not passphrase:
            raise ScfError(_("give a passphrase to encrypt the passwords, or leave the passwords out"))
        salt, nonce = os.urandom(16), os.urandom(12)
        sealed = AESGCM(_key(passphrase, salt)).encrypt(nonce, json.dumps(secrets).encode("utf-8"), _aad(body))
        body["encrypted_secrets"] = {
            "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
            "cipher": "AES-256-GCM", "nonce": _b64(nonce), "data": _b64(sealed),
        }  # fmt: skip
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def save(config: SecurityConfig, path: str | Path, *, passphrase: str | None = None, device: str = "") -> Path:
    """Write the file (``.scf`` added when the name has no suffix)."""
    path = Path(path)
    if not path.suffix:
        path = path.with_suffix(SUFFIX)
    text = dumps(config, passphrase=passphrase, device=device)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ScfError(_("cannot write the security configuration '{path}': {error}").format(
            path=path, error=exc.strerror)) from None
    return path


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScfError(_("{file}, line {line}: not valid JSON ({error})").format(
            file=where, line=exc.lineno, error=exc.msg)) from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise ScfError(_("{file}: not a MeterDesk security configuration file").format(file=where))
    if body.get("version") != VERSION:
        raise ScfError(_("{file}: version {version} is not supported (MeterDesk reads {supported})").format(
            file=where, version=repr(body.get("version")), supported=VERSION))
    for key, kind in (("profile", str), ("settings", dict), ("rights", dict)):
        if not isinstance(body.get(key), kind):
            raise ScfError(_("{file}: field '{field}' is missing or malformed").format(file=where, field=key))
    return body


def _read(path: str | Path) -> tuple[str, str]:
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8"), path.name
    except OSError as exc:
        raise ScfError(_("cannot read the security configuration '{path}': {error}").format(
            path=path, error=exc.strerror)) from None
    except UnicodeDecodeError:
        raise ScfError(_("{file}: not a MeterDesk security configuration file (not UTF-8 text)").format(
            file=path.name)) from None


def info(path: str | Path) -> ScfInfo:
    text, where = _read(path)
    body = _parse(text, where)
    return ScfInfo(body["profile"], "encrypted_secrets" in body, str(body.get("saved", "")), str(body.get("device", "")))


def loads(text: str, *, passphrase: str | None = None, where: str = "") -> SecurityConfig:
    """Read a file's text; encrypted secrets are decrypted when ``passphrase`` is given.

    ``where`` names the text in error messages (default: "security configuration").
    """
    where = where or _("security configuration")
    body = _parse(text, where)
    try:
        rights = {int(a): int(r) for a, r in body["rights"].items()}
    except (TypeError, ValueError):
        raise ScfError(_("{file}: field 'rights' must map account numbers to rights").format(file=where)) from None
    config = SecurityConfig(body["profile"], dict(body["settings"]), rights)
    sealed = body.pop("encrypted_secrets", None)
    if sealed is None or passphrase is None:
        return config
    try:
        salt = _unb64(sealed["kdf"]["salt"], where)
        nonce, data = _unb64(sealed["nonce"], where), _unb64(sealed["data"], where)
        kdf = sealed["kdf"]
        if (kdf.get("name"), kdf.get("n"), kdf.get("r"), kdf.get("p")) != ("scrypt", SCRYPT_N, SCRYPT_R, SCRYPT_P):
            raise ScfError(_("{file}: unknown key derivation {kdf}").format(file=where, kdf=repr(kdf)))
    except (KeyError, TypeError):
        raise ScfError(_("{file}: field 'encrypted_secrets' is malformed").format(file=where)) from None
    try:
        plain = AESGCM(_key(passphrase, salt)).decrypt(nonce, data, _aad(body))
    except InvalidTag:
        raise ScfError(_("{file}: wrong passphrase, or the file was changed after it was saved").format(
            file=where)) from None
    secrets = json.loads(plain)
    config.passwords = {int(a): p for a, p in secrets.get("passwords", {}).items()}
    config.secrets = dict(secrets.get("secrets", {}))
    return config


def load(path: str | Path, *, passphrase: str | None = None) -> SecurityConfig:
    text, where = _read(path)
    return loads(text, passphrase=passphrase, where=where)
