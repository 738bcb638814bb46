"""Keyring fixtures shared by the security tests: a real Secret Service (GNOME Keyring on a
private D-Bus), no keyring at all, and a private HOME so nothing touches the user's files."""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
from pathlib import Path

import keyring
import pytest
from keyring.backends import SecretService, fail

# Unlock (or create) the login keyring with an empty password read from stdin,
# print the private bus address, then stay alive until the test kills the group.
HELPER = (
    'printf "\\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; '
    'echo "$DBUS_SESSION_BUS_ADDRESS"; exec sleep infinity'
)


@pytest.fixture
def private_home(tmp_path, monkeypatch) -> Path:
    """HOME and XDG folders inside tmp_path, so nothing touches the user's files."""
    home = tmp_path / "home"
    for sub in ("data", "config", "cache", "run"):
        (home / sub).mkdir(parents=True)
    (home / "run").chmod(0o700)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(home / "run"))
    return home


@pytest.fixture
def secret_service(private_home, monkeypatch):
    """A GNOME Keyring Secret Service on a private session bus, set as keyring's backend."""
    missing = [p for p in ("dbus-run-session", "gnome-keyring-daemon") if shutil.which(p) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed (Debian packages dbus, gnome-keyring)")
    proc = subprocess.Popen(
        ["dbus-run-session", "--", "sh", "-c", HELPER],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ),
        start_new_session=True,
        text=True,
    )
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 10.0)
        address = proc.stdout.readline().strip() if ready else ""
        if not address:
            pytest.skip("could not start a private D-Bus session with gnome-keyring-daemon")
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        previous = keyring.get_keyring()
        backend = SecretService.Keyring()
        keyring.set_keyring(backend)
        yield backend
        keyring.set_keyring(previous)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
        proc.stdout.close()


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


