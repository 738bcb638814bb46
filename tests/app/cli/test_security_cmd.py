"""``meterdesk security audit|apply|passwords`` against simulated meters; secrets from keyring or stdin only."""

from __future__ import annotations

import io
import json

import keyring
import pytest
from keyring.backends import fail

from app.cli.main import main
from app.project.file import save_project
from app.project.model import DeviceEntry, Project, Site
from app.security import accounts as acc
from app.security import scf
from app.security.apply import key_for
from app.security.config import SecurityConfig
from app.security.credentials import CredentialStore
from app.sim.lab import LabThread, ion7400_spec
from tests.keyring_fixtures import no_keyring, private_home, secret_service  # noqa: F401 (fixtures)

HARDENED = {
    "password_complexity": 2, "min_password_length": 8, "modbus_access": 1, "ion_enabled": 0,
    "sftp_enabled": 0, "broadcast_time_sync": 0, **{f"lockout_{c}": 5 for c in acc.CHANNELS},
}  # fmt: skip


@pytest.fixture
def meters():
    specs = [ion7400_spec(f"meter {k}", port=0, services=[]) for k in (1, 2)]
    with LabThread(specs) as lab:
        yield lab.lab


def _port(lab, name: str) -> str:
    return next(s.endpoint for s in lab.served if s.name == name).rsplit(":", 1)[1]


def _one(lab, name="meter 1") -> list[str]:
    return ["--tcp", f"127.0.0.1:{_port(lab, name)}", "--profile", "ion7400", "--name", name]


def _stdin(monkeypatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def test_audit_lists_findings_and_exits_3(meters, capsys, tmp_path):
    report = tmp_path / "audit.html"
    assert main(["security", "audit", *_one(meters), "--report", str(report)]) == 3
    out = capsys.readouterr().out
    assert "meter 1 (PowerLogic ION7400, firmware 4.6.0)" in out
    assert "[High] USER1 still has the factory password '0'" in out
    assert "<h1>Security audit: default</h1>" in report.read_text(encoding="utf-8")


def test_audit_of_a_project_as_json(meters, capsys, tmp_path):
    site = Site("Lab", kind="tcp", host="127.0.0.1", tcp_port=int(_port(meters, "meter 1")),
                devices=[DeviceEntry("meter 1", 1, "ion7400")])
    gone = Site("Gone", kind="tcp", host="127.0.0.1", tcp_port=1, timeout=0.2,
                devices=[DeviceEntry("nowhere", 1, "ion7400")])
    path = save_project(Project("Substation 7", [site, gone]), tmp_path / "site")
    assert main(["security", "audit", "--project", str(path), "--json", "--timeout", "0.3"]) == 1
    result = {d["device"]: d for d in json.loads(capsys.readouterr().out)}
    assert not result["meter 1"]["clean"] and result["meter 1"]["findings"][0]["severity"] == "High"
    assert "refused" in result["nowhere"]["error"] or "connect" in result["nowhere"]["error"]


@pytest.mark.usefixtures("secret_service")
def test_passwords_prompted_go_to_the_device_and_the_keyring(meters, monkeypatch, capsys):
    _stdin(monkeypatch, "0", "N3w-Admin!x", "N3w-Admin!x")
    assert main(["security", "passwords", *_one(meters), "--prompt", "--keyring-project", "site"]) == 0
    out = capsys.readouterr().out
    assert "USER1 password: verified" in out and "N3w-Admin!x" not in out
    assert meters.devices["meter 1"].security.password_matches(1, "N3w-Admin!x")
    assert CredentialStore().get(key_for("site", "meter 1", "USER1")) == "N3w-Admin!x"


@pytest.mark.usefixtures("secret_service")
def test_generated_passwords_for_several_accounts(meters, monkeypatch, capsys):
    store = CredentialStore()
    store.set(key_for("default", "meter 2", "USER1"), "0")
    assert main(["security", "passwords", *_one(meters, "meter 2"), "--generate", "--account", "2",
                 "--account", "1"]) == 0
    admin, viewer = (store.get(key_for("default", "meter 2", u)) for u in ("USER1", "USER2"))
    sim = meters.devices["meter 2"].security
    assert admin != "0" and sim.password_matches(1, admin) and sim.password_matches(2, viewer)
    assert admin not in capsys.readouterr().out


@pytest.mark.usefixtures("secret_service")
def test_apply_an_encrypted_file_then_the_audit_is_clean(meters, monkeypatch, capsys, tmp_path):
    path = scf.save(SecurityConfig("ion7400", dict(HARDENED), passwords={1: "Adm1n-2024!x", 2: "View3r-2024?"}),
                    tmp_path / "hardened.scf", passphrase="long passphrase")
    _stdin(monkeypatch, "long passphrase", "0")
    assert main(["security", "apply", str(path), *_one(meters)]) == 0
    assert "meter 1: " in capsys.readouterr().out
    assert main(["security", "audit", *_one(meters)]) == 0
    assert meters.devices["meter 1"].security.password_matches(2, "View3r-2024?")


@pytest.mark.usefixtures("secret_service")
def test_a_wrong_passphrase_stops_before_anything_is_sent(meters, monkeypatch, capsys, tmp_path):
    path = scf.save(SecurityConfig("ion7400", {"lockout_1": 3}, passwords={2: "View3r-2024?"}),
                    tmp_path / "f.scf", passphrase="right")
    _stdin(monkeypatch, "wrong")
    assert main(["security", "apply", str(path), *_one(meters)]) == 1
    assert "wrong passphrase" in capsys.readouterr().err
    assert meters.devices["meter 1"].settings["lockout_1"] == 8


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_generated_passwords_are_refused(meters, capsys):
    assert main(["security", "passwords", *_one(meters), "--generate"]) == 1
    err = capsys.readouterr().err
    assert "no usable keyring" in err and "use --prompt" in err
    assert meters.devices["meter 1"].security.password_matches(1, "0")


@pytest.mark.usefixtures("no_keyring", "private_home")
def test_without_a_keyring_typed_passwords_work_for_this_run(meters, monkeypatch, capsys, tmp_path):
    _stdin(monkeypatch, "0", "N3w-Admin!x", "N3w-Admin!x")
    assert main(["security", "passwords", *_one(meters), "--prompt"]) == 0
    assert "kept in memory for this run only" in capsys.readouterr().err
    assert meters.devices["meter 1"].security.password_matches(1, "N3w-Admin!x")
    assert not [p for p in (tmp_path / "home").rglob("*") if p.is_file()]  # private_home


def test_no_secret_options_exist():
    from app.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices["security"]
    actions = next(a for a in sub._actions if a.dest == "action").choices
    options = {o for p in actions.values() for a in p._actions for o in a.option_strings}
    assert not [o for o in options if "password" in o or "passphrase" in o or "secret" in o]


def test_link_or_project_is_required(capsys):
    assert main(["security", "audit"]) == 1
    assert "give --project FILE, or one device" in capsys.readouterr().err


def test_audits_need_no_keyring(meters, capsys):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert main(["security", "audit", *_one(meters)]) == 3  # audits need no password
    finally:
        keyring.set_keyring(previous)
