"""Credential store: a real Secret Service (GNOME Keyring on a private D-Bus) and the no-keyring case."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import SecretService, chainer, fail, null

from app.security.credentials import (
    CredentialKey,
    CredentialStore,
    NoKeyringError,
    keyring_status,
)

KEY = CredentialKey("substation-7", "ION7400 main incomer", "USER1")

def _files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


# ---- a real Secret Service


def test_secret_service_keeps_the_password_under_the_meterdesk_account(secret_service):
    store = CredentialStore()
    assert store.persistent
    assert store.get(KEY) is None
    store.set(KEY, "s3cret-0")
    # A fresh backend instance asks the daemon, so the password lives there, not in our memory.
    assert SecretService.Keyring().get_password("MeterDesk", "substation-7/ION7400 main incomer/USER1") == "s3cret-0"
    assert CredentialStore().get(KEY) == "s3cret-0"
    store.set(KEY, "changed")
    assert store.get(KEY) == "changed"


def test_secret_service_forgets_a_password(secret_service):
    store = CredentialStore()
    store.set(KEY, "0")
    other = CredentialKey("substation-7", "ION7400 main incomer", "USER2")
    store.set(other, "viewer")
    assert store.delete(KEY) is True
    assert store.get(KEY) is None
    assert store.get(other) == "viewer"
    assert store.delete(KEY) is False


def test_secret_service_is_reported_usable(secret_service):
    status = keyring_status()
    assert status.usable and status.backend.endswith("SecretService.Keyring") and status.reason == ""


# ---- no usable keyring


def test_without_a_keyring_every_operation_says_so_plainly(no_keyring, private_home):
    store = CredentialStore()
    assert not store.persistent
    for call in (lambda: store.get(KEY), lambda: store.set(KEY, "pw"), lambda: store.delete(KEY)):
        with pytest.raises(NoKeyringError) as err:
            call()
        message = str(err.value)
        assert "Passwords cannot be stored: no keyring backend is installed or reachable" in message
        assert "keyring.backends.fail.Keyring" in message
        assert "this session only" in message
    assert _files_under(private_home) == []


def test_session_fallback_keeps_passwords_in_memory_only(no_keyring, private_home):
    store = CredentialStore(session_fallback=True)
    assert not store.persistent
    store.set(KEY, "s3cret-0")
    assert store.get(KEY) == "s3cret-0"
    assert CredentialStore(session_fallback=True).get(KEY) is None  # another session knows nothing
    assert store.delete(KEY) is True
    assert store.get(KEY) is None
    assert _files_under(private_home) == []


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (fail.Keyring(), "no keyring backend is installed or reachable"),
        (null.Keyring(), "the keyring is disabled (null backend)"),
    ],
)
def test_fail_and_null_backends_are_unusable(backend, reason):
    status = keyring_status(backend)
    assert not status.usable and status.reason == reason


def test_a_chainer_with_nothing_usable_is_unusable(monkeypatch):
    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: [fail.Keyring(), null.Keyring()])
    status = keyring_status(chainer.ChainerBackend())
    assert not status.usable and "no keyring backend" in status.reason


def test_plaintext_file_keyrings_are_refused():
    plaintext = type("PlaintextKeyring", (), {"__module__": "keyrings.alt.file"})()
    status = keyring_status(plaintext)
    assert not status.usable and "file" in status.reason
    with pytest.raises(NoKeyringError, match="stores passwords in a file"):
        CredentialStore(backend=plaintext).set(KEY, "pw")
