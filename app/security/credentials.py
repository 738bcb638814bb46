"""Device passwords in the system keyring, never in files.

:class:`CredentialStore` keeps passwords in the operating system's keyring
(Windows Credential Manager, macOS Keychain, a Secret Service such as GNOME
Keyring or KWallet on Linux) under the service ``"MeterDesk"`` and the
account ``"{project}/{device}/{user}"``.

When no usable keyring exists (keyring's ``fail`` or ``null`` backends, a
chainer with nothing to chain, or the plaintext-file backends of
``keyrings.alt``) every operation raises :class:`NoKeyringError`, whose
message says so plainly. A caller may opt into a session-only fallback
(``session_fallback=True``): passwords are then kept in this process's
memory and forgotten when it exits; nothing is ever written to disk.
"""

from __future__ import annotations

from dataclasses import dataclass

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from app.errors import MeterDeskError
from app.i18n import _

SERVICE = "MeterDesk"
DEFAULT_PROJECT = "default"


class CredentialError(MeterDeskError):
    """A password could not be read, stored or removed."""


class NoKeyringError(CredentialError):
    """No usable system keyring: passwords cannot be stored persistently."""


@dataclass(frozen=True)
class CredentialKey:
    """Whose password: a user on a device, within a project."""

    project: str
    device: str
    user: str

    @property
    def account(self) -> str:
        """The keyring user name: ``"{project}/{device}/{user}"``."""
        return f"{self.project}/{self.device}/{self.user}"


@dataclass(frozen=True)
class KeyringStatus:
    """Whether the system keyring can hold passwords, and why not if it cannot (``reason``, in words)."""

    usable: bool
    backend: str
    reason: str = ""


def _backend_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__name__}"


def _unusable_reason(backend: KeyringBackend) -> str:
    """Why ``backend`` cannot keep passwords safely, in the user's language, or "" when it can."""
    if isinstance(backend, fail.Keyring):
        return _("no keyring backend is installed or reachable")
    if isinstance(backend, null.Keyring):
        return _("the keyring is disabled (null backend)")
    if type(backend).__module__.startswith("keyrings.alt"):
        return _("the only keyring available stores passwords in a file")
    if isinstance(backend, chainer.ChainerBackend):
        members = [b for b in backend.backends if not _unusable_reason(b)]
        if not members:
            return _("no keyring backend is installed or reachable")
        return ""
    try:  # keyring's backends raise from ``priority`` when their service cannot be reached
        type(backend).priority  # noqa: B018
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable", said in words
        return _("the keyring service cannot be reached ({error})").format(error=exc)
    return ""


def keyring_status(backend: KeyringBackend | None = None) -> KeyringStatus:
    """Report whether ``backend`` (default: keyring's current one) is a usable system keyring."""
    backend = backend or keyring.get_keyring()
    reason = _unusable_reason(backend)
    return KeyringStatus(not reason, _backend_name(backend), reason)


def _no_keyring_message(status: KeyringStatus) -> str:
    return _(
        "Passwords cannot be stored: {reason} ({backend}). "
        "Use the system's credential store (Windows Credential Manager, macOS Keychain, "
        "or an unlocked Secret Service such as GNOME Keyring or KWallet), "
        "or keep the password for this session only."
    ).format(reason=status.reason, backend=status.backend)


class CredentialStore:
    """Read, store and forget device passwords.

    ``backend`` defaults to keyring's current backend, looked up at each call.
    With ``session_fallback=True`` and no usable keyring, passwords live in
    memory for the life of this object (:attr:`persistent` is then False).
    """

    def __init__(
        self,
        *,
        session_fallback: bool = False,
        backend: KeyringBackend | None = None,
    ) -> None:
        self.session_fallback = session_fallback
        self._backend = backend
        self._memory: dict[str, str] = {}

    # ---- state

    def status(self) -> KeyringStatus:
        """Whether the system keyring is usable now."""
        return keyring_status(self._backend)

    @property
    def persistent(self) -> bool:
        """True when passwords go to the system keyring (they outlive the session)."""
        return self.status().usable

    # ---- operations

    def get(self, key: CredentialKey) -> str | None:
        """The stored password of ``key``, or None when there is none."""
        backend = self._usable_backend()
        if backend is None:
            return self._memory.get(key.account)
        try:
            return backend.get_password(SERVICE, key.account)
        except Exception as exc:
            raise CredentialError(
                _("The keyring could not be read for {account}: {error}").format(account=key.account, error=exc)
            ) from exc

    def set(self, key: CredentialKey, password: str) -> None:
        """Store ``password`` for ``key`` (replacing any earlier one)."""
        backend = self._usable_backend()
        if backend is None:
            self._memory[key.account] = password
            return
        try:
            backend.set_password(SERVICE, key.account, password)
        except Exception as exc:
            raise CredentialError(
                _("The password for {account} could not be stored in the keyring: {error}").format(
                    account=key.account, error=exc)
            ) from exc

    def delete(self, key: CredentialKey) -> bool:
        """Forget the password of ``key``; False when none was stored."""
        backend = self._usable_backend()
        if backend is None:
            return self._memory.pop(key.account, None) is not None
        try:
            if backend.get_password(SERVICE, key.account) is None:
                return False
            backend.delete_password(SERVICE, key.account)
        except Exception as exc:
            raise CredentialError(
                _("The password for {account} could not be removed from the keyring: {error}").format(
                    account=key.account, error=exc)
            ) from exc
        return True

    def _usable_backend(self) -> KeyringBackend | None:
        """The keyring backend to use, or None for the session memory; raises when neither."""
        backend = self._backend or keyring.get_keyring()
        status = keyring_status(backend)
        if status.usable:
            return backend
        if self.session_fallback:
            return None
        raise NoKeyringError(_no_keyring_message(status))
