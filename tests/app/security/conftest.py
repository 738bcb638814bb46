"""Keyring fixtures (see tests/keyring_fixtures.py)."""

from tests.keyring_fixtures import no_keyring, private_home, secret_service

__all__ = ["no_keyring", "private_home", "secret_service"]
