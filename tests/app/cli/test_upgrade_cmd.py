"""``meterdesk upgrade plan|run`` against simulated ION7400s served by a lab thread."""

from __future__ import annotations

import json

import pytest

from app.cli.main import main
from app.modbus.link import Endpoint
from app.project.file import save_project
from app.project.model import DeviceEntry, Project, site_for_endpoint
from app.security.credentials import DEFAULT_PROJECT, CredentialKey, CredentialStore
from app.sim.lab import ion7400_spec
from app.upgrade.keys import public_pem
from app.upgrade.versions import Version
from tests.app.upgrade.support import KEY, lab_thread, package
from tests.keyring_fixtures import private_home, secret_service  # noqa: F401 (fixtures)


@pytest.fixture
def keys(tmp_path):
    folder = tmp_path / "keys"
    folder.mkdir()
    (folder / "test.pub").write_bytes(public_pem(KEY))
    return folder


@pytest.fixture(scope="module")
def pkg(tmp_path_factory):
    return package(tmp_path_factory.mktemp("pkg"), size=2000)


@pytest.fixture
def lab():
    with lab_thread([ion7400_spec("main"), ion7400_spec("locked")]) as lab:
        lab.devices["locked"].firmware.set_revenue_lock(True)
        yield lab


def where(lab, name, scheme="tcp"):
    return next(s.endpoint for s in lab.served if s.name == name and s.endpoint.startswith(scheme))


def test_plan_prints_the_package_and_the_steps(lab, pkg, keys, capsys):
    code = main(["upgrade", "plan", "--package", str(pkg), "--trust-keys", str(keys), "--profile", "ion7400",
                 "--tcp", where(lab, "main").removeprefix("tcp://"), "--name", "Main"])
    out = capsys.readouterr().out
    assert code == 0
    assert "ION7400 firmware package 4.6.0" in out and "v004.006.000.upx" in out
    assert "1. Upgrade agent 2.0.0 → 2.1.0" in out and "2. Firmware 2.0.0 → 2.1.0 (intermediate" in out
    assert "erases all recorded data" in out
    assert lab.devices["main"].firmware.staging is None  # planning sends nothing


def test_plan_exits_non_zero_with_the_refusal(lab, pkg, keys, capsys):
    code = main(["upgrade", "plan", "--package", str(pkg), "--trust-keys", str(keys), "--profile", "ion7400",
                 "--tcp", where(lab, "locked").removeprefix("tcp://")])
    assert code == 1
    assert "REFUSED" in capsys.readouterr().out


def test_an_untrusted_package_is_refused_before_any_device_is_read(lab, pkg, capsys):
    code = main(["upgrade", "plan", "--package", str(pkg), "--profile", "ion7400",
                 "--tcp", where(lab, "main").removeprefix("tcp://")])
    assert code == 1
    assert "which is not a trusted key" in capsys.readouterr().err


def test_run_needs_confirmation(lab, pkg, keys, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code = main(["upgrade", "run", "--package", str(pkg), "--trust-keys", str(keys), "--profile", "ion7400",
                 "--tcp", where(lab, "main").removeprefix("tcp://")])
    assert code == 1
    assert "give --yes" in capsys.readouterr().err
    assert lab.devices["main"].firmware.version == Version(2, 0, 0)


def test_run_upgrades_with_an_sftp_backup_and_reports(lab, pkg, keys, tmp_path, capsys, secret_service):  # noqa: F811
    CredentialStore().set(CredentialKey(DEFAULT_PROJECT, "Main", "USER1"), "0")
    sftp_port = where(lab, "main", "sftp").rsplit(":", 1)[1]
    code = main(["upgrade", "run", "--package", str(pkg), "--trust-keys", str(keys), "--profile", "ion7400",
                 "--tcp", where(lab, "main").removeprefix("tcp://"), "--name", "Main", "--yes",
                 "--sftp-user", "USER1", "--sftp-port", sftp_port, "--backup-dir", str(tmp_path / "b"),
                 "--restart-timeout", "5"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert lab.devices["main"].firmware.version == Version(4, 6, 0)
    assert "listed 3 COMTRADE records (they are erased by the upgrade)" in out
    assert "Main: done, firmware 2.0.0 → 4.6.0" in out
    (folder,) = (tmp_path / "b").glob("Main_*/*")
    assert len(json.loads((folder / "comtrade.json").read_text())) == 3
    assert set(json.loads((folder / "device.json").read_text())) == {"name", "model", "serial", "firmware",
                                                                     "agent", "profile"}
    assert (folder / "upgrade.log").read_text().count("restarted (boot") == 3


def test_run_over_a_project_reports_each_device_and_fails_if_one_fails(lab, pkg, keys, tmp_path, capsys):
    project = Project("plant")
    for name in ("main", "locked"):
        site = site_for_endpoint(Endpoint.parse(where(lab, name)), f"site {name}")
        site.devices.append(DeviceEntry(name, 1, "ion7400"))
        project.sites.append(site)
    path = save_project(project, tmp_path / "plant")
    code = main(["upgrade", "run", "--package", str(pkg), "--trust-keys", str(keys), "--project", str(path),
                 "--yes", "--backup-dir", str(tmp_path / "b"), "--restart-timeout", "5"])
    out = capsys.readouterr().out
    assert code == 1
    assert "main: done, firmware 2.0.0 → 4.6.0" in out
    assert "locked: refused: locked is revenue-locked" in out
    assert lab.devices["locked"].firmware.version == Version(2, 0, 0)
    again = main(["upgrade", "run", "--package", str(pkg), "--trust-keys", str(keys), "--project", str(path),
                  "--device", "main", "--yes", "--backup-dir", str(tmp_path / "b")])
    assert again == 0
    assert "main: up to date: nothing to install: main already runs firmware 4.6.0" in capsys.readouterr().out


def test_a_device_that_rejects_the_image_fails_the_run_with_its_reason(lab, pkg, keys, tmp_path, capsys):
    lab.devices["main"].firmware.trusted.keys.clear()  # a meter that does not know the signer
    code = main(["upgrade", "run", "--package", str(pkg), "--trust-keys", str(keys), "--profile", "ion7400",
                 "--tcp", where(lab, "main").removeprefix("tcp://"), "--yes", "--backup-dir", str(tmp_path)])
    assert code == 1
    assert "refuses Upgrade agent 2.1.0: Bad signature" in capsys.readouterr().out
