"""``meterdesk config`` against the simulated ION7400s (TCP and a pty), as scripts run it."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

from app.cli.main import main
from app.sim.device import Reply
from tests.conftest import endpoint_of


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("METERDESK_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def tcp(lab) -> list[str]:
    return ["--tcp", endpoint_of(lab, "tcp meter").removeprefix("tcp://")]


def edit(path, **values) -> None:
    lines = path.read_text().splitlines()
    for name, text in values.items():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{name} = "))
        lines[index] = f"{name} = {text}"
    path.write_text("\n".join(lines) + "\n")


def test_read_edit_diff_write_and_verify(ion_lab, tmp_path, capsys):
    path = tmp_path / "meter.toml"
    assert main(["config", "read", *tcp(ion_lab), "--profile", "ion7400", "-o", str(path)]) == 0
    assert "settings of" in capsys.readouterr().out
    edit(path, volts_mode='"DELTA"', ct_primary="400", nominal_frequency='"60 Hz"')

    assert main(["config", "diff", str(path), *tcp(ion_lab)]) == 1
    out = capsys.readouterr().out
    assert "Volts mode" in out and "4W-WYE" in out and "DELTA" in out and "3 setting(s) differ" in out

    assert main(["config", "write", str(path), *tcp(ion_lab), "--dry-run"]) == 0
    assert ion_lab.devices["tcp meter"].settings["ct_primary"] == 200

    assert main(["config", "write", str(path), *tcp(ion_lab)]) == 0
    out = capsys.readouterr().out
    assert "CT primary: 200 A -> 400 A: verified" in out and "3 setting(s): 3 verified" in out
    assert ion_lab.devices["tcp meter"].settings["nominal_frequency"] == 60

    assert main(["config", "diff", str(path), *tcp(ion_lab)]) == 0
    assert "holds every setting" in capsys.readouterr().out


def test_a_bad_file_is_refused_with_its_line_before_any_frame(ion_lab, tmp_path, capsys):
    path = tmp_path / "meter.toml"
    main(["config", "read", *tcp(ion_lab), "--profile", "ion7400", "-o", str(path)])
    edit(path, pt_primary="0")
    requests = ion_lab.buses["tcp meter"].requests
    assert main(["config", "write", str(path), *tcp(ion_lab)]) == 1
    err = capsys.readouterr().err
    assert f"{path}, line" in err and "pt_primary (reg 56003): 0 V is outside the allowed range" in err
    assert ion_lab.buses["tcp meter"].requests == requests


def test_a_refused_setting_exits_non_zero_with_the_reason(ion_lab, tmp_path, capsys, monkeypatch):
    path = tmp_path / "meter.toml"
    main(["config", "read", *tcp(ion_lab), "--profile", "ion7400", "-o", str(path)])
    edit(path, ct_primary="400", nominal_current="250")
    sim = ion_lab.devices["tcp meter"]
    protected = sim.profile.register("ct_primary").address
    original = sim.write
    monkeypatch.setattr(sim, "write", lambda address, values: Reply(exception=3) if address == protected
                        else original(address, values))
    assert main(["config", "write", str(path), *tcp(ion_lab)]) == 1
    captured = capsys.readouterr()
    assert "CT primary: 200 A -> 400 A: refused (refused by the device:" in captured.out
    assert "Nominal current: 200 A -> 250 A: verified" in captured.out
    assert "2 setting(s): 1 verified, 1 refused" in captured.err


def test_check_and_compare_need_no_device(tmp_path, capsys):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text('[meterdesk]\nprofile = "ion7400"\n[settings.metering]\npt_primary = 230\npt_secondary = 230\n')
    b.write_text('[meterdesk]\nprofile = "ion7400"\n[settings.metering]\npt_primary = 230\npt_secondary = 400\n')
    assert main(["config", "check", str(a)]) == 0
    assert main(["config", "check", str(b)]) == 1
    assert "PT secondary must not exceed PT primary" in capsys.readouterr().out
    assert main(["config", "compare", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "PT secondary" in out and "230 V" in out and "400 V" in out


def test_apply_to_a_list_of_devices(ion_lab, tmp_path, capsys, data_dir):
    template = tmp_path / "template.toml"
    main(["config", "read", *tcp(ion_lab), "--profile", "ion7400", "-o", str(template)])
    edit(template, nominal_current="250", device_name='"not copied"')
    port = endpoint_of(ion_lab, "rtu meter").removeprefix("rtu:").split("?")[0]
    devices = tmp_path / "devices.toml"
    devices.write_text(
        f'[[devices]]\nname = "Incomer"\ntcp = "{tcp(ion_lab)[1]}"\n[devices.settings]\ndevice_name = "INCOMER"\n\n'
        f'[[devices]]\nname = "Feeder"\nserial = "{port}"\nunit = 100\n'
    )
    assert main(["config", "apply", str(template), "--devices", str(devices)]) == 0
    out = capsys.readouterr().out
    assert "2 of 2 devices verified: Incomer, Feeder" in out
    tcp_sim, rtu_sim = ion_lab.devices["tcp meter"], ion_lab.devices["rtu meter"]
    assert tcp_sim.settings["nominal_current"] == rtu_sim.settings["nominal_current"] == 250
    assert (tcp_sim.settings["device_name"], rtu_sim.settings["device_name"]) == ("INCOMER", "ION7400-173393")

    export = tmp_path / "changes.csv"
    assert main(["config", "log", "--csv", str(export)]) == 0
    rows = list(csv.DictReader(export.open()))
    assert {(r["device"], r["setting"], r["new"]) for r in rows} == {
        ("Incomer", "nominal_current", "250 A"), ("Incomer", "device_name", "INCOMER"),
        ("Feeder", "nominal_current", "250 A")}
    assert all(r["user"] and r["result"] == "verified" for r in rows)


def test_a_bad_device_list_names_the_entry(tmp_path, capsys):
    template = tmp_path / "template.toml"
    template.write_text('[meterdesk]\nprofile = "ion7400"\n[settings.metering]\nct_primary = 400\n')
    devices = tmp_path / "devices.toml"
    devices.write_text('[[devices]]\nname = "A"\ntcp = "127.0.0.1:1"\n\n[[devices]]\nname = "B"\n')
    assert main(["config", "apply", str(template), "--devices", str(devices)]) == 1
    assert "device 2 (B): give tcp" in capsys.readouterr().err


def test_write_as_a_user_runs_it(ion_lab, tmp_path, data_dir):
    path = tmp_path / "meter.json"
    env = {**os.environ, "METERDESK_DATA_DIR": str(data_dir)}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app", "config", *args], capture_output=True, text=True,
                              timeout=60, env=env, check=False)

    out = run("read", *tcp(ion_lab), "--profile", "ion7400", "-o", str(path))
    assert out.returncode == 0, out.stderr
    path.write_text(path.read_text().replace('"volts_mode": "4W-WYE"', '"volts_mode": "SINGLE"'))
    out = run("write", str(path), *tcp(ion_lab))
    assert out.returncode == 0, out.stderr
    assert "Volts mode: 4W-WYE -> SINGLE: verified" in out.stdout
    assert ion_lab.devices["tcp meter"].settings["volts_mode"] == 3
