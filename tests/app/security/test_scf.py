"""Security configuration files: secrets left out or encrypted, tampering and bad files refused."""

from __future__ import annotations

import json

import pytest

from app.security import scf
from app.security.config import SecurityConfig

SECRET = "Adm1n-Secret!"


def _config() -> SecurityConfig:
    return SecurityConfig("ion7400", {"lockout_1": 5, "sftp_enabled": 0}, {1: 127, 2: 2},
                          passwords={1: SECRET, 2: "View3r-Only"}, secrets={})


def test_without_a_passphrase_the_passwords_are_left_out(tmp_path):
    path = scf.save(_config(), tmp_path / "site")
    assert path.suffix == ".scf"
    text = path.read_text(encoding="utf-8")
    assert SECRET not in text and "View3r" not in text and "encrypted_secrets" not in text
    loaded = scf.load(path)
    assert (loaded.settings, loaded.rights, loaded.passwords) == ({"lockout_1": 5, "sftp_enabled": 0}, {1: 127, 2: 2}, {})
    assert not scf.info(path).encrypted_secrets


def test_with_a_passphrase_the_passwords_are_encrypted(tmp_path):
    path = scf.save(_config(), tmp_path / "site.scf", passphrase="correct horse", device="ION7400 main")
    raw = path.read_bytes()
    assert SECRET.encode() not in raw and b"View3r" not in raw
    info = scf.info(path)
    assert info.encrypted_secrets and info.device == "ION7400 main" and info.profile_id == "ion7400"
    assert scf.load(path).passwords == {}  # no passphrase: settings only
    assert scf.load(path, passphrase="correct horse").passwords == {1: SECRET, 2: "View3r-Only"}
    with pytest.raises(scf.ScfError, match="wrong passphrase"):
        scf.load(path, passphrase="wrong")


def test_a_changed_setting_makes_an_encrypted_file_fail(tmp_path):
    path = scf.save(_config(), tmp_path / "site.scf", passphrase="pp")
    body = json.loads(path.read_text(encoding="utf-8"))
    body["settings"]["lockout_1"] = 0
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(scf.ScfError, match="changed after it was saved"):
        scf.load(path, passphrase="pp")


def test_an_empty_passphrase_is_refused():
    with pytest.raises(scf.ScfError, match="give a passphrase"):
        scf.dumps(_config(), passphrase="")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "line 1: not valid JSON"),
        ('{"format": "other"}', "not a MeterDesk security configuration file"),
        ('{"format": "meterdesk-security-configuration", "version": 9}', "version 9 is not supported"),
        (('{"format": "meterdesk-security-configuration", "version": 1, "profile": "ion7400", "settings": [],'
         ' "rights": {}}'), "field 'settings' is missing or malformed"),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "bad.scf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(scf.ScfError, match=message) as err:
        scf.load(path)
    assert "bad.scf" in str(err.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(scf.ScfError, match="cannot read the security configuration .*nothing.scf"):
        scf.load(tmp_path / "nothing.scf")
