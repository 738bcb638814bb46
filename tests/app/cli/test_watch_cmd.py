"""``meterdesk watch`` and ``meterdesk phasors`` against the simulated ION7400s, as users run them."""

import csv
import json
import subprocess
import sys
import time

import pytest

from app.cli.main import main
from app.sim.wiring import WiringFaults
from tests.conftest import endpoint_of


def tcp_args(lab):
    return ["--tcp", endpoint_of(lab, "tcp meter").removeprefix("tcp://"), "--profile", "ion7400"]


def test_watch_streams_refreshes_and_logs_csv(ion_lab, tmp_path):
    log = tmp_path / "watch.csv"
    out = subprocess.run(
        [sys.executable, "-m", "app", "watch", *tcp_args(ion_lab), "current", "voltage_an",
         "--interval", "0.2", "--count", "3", "--csv", str(log)],
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert out.returncode == 0, out.stderr
    blocks = out.stdout.split("-- ")[1:]
    assert len(blocks) == 3
    assert "Current A" in blocks[0] and "100 A" in blocks[0] and "Voltage A-N" in blocks[0]
    assert "(1 request)" in blocks[0]  # the chosen points fit in one planned read
    with open(log, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["timestamp", "device", "point", "value", "unit"]
    assert {r[2] for r in rows[1:]} == {"current_a", "current_b", "current_c", "current_n", "current_avg",
                                        "voltage_an"}
    assert len(rows) == 1 + 3 * 6
    assert float(next(r[3] for r in rows[1:] if r[2] == "current_a")) == pytest.approx(100.0)


def test_watch_json_shows_n_a_and_keeps_going_after_a_failed_poll(ion_lab, capsys):
    ion_lab.devices["tcp meter"].settings["volts_mode"] = 1  # DELTA: no line-neutral voltages
    ion_lab.buses["tcp meter"].faults.drop_next = 1  # the first poll loses the connection
    code = main(["watch", *tcp_args(ion_lab), "voltage_an", "voltage_ab", "--interval", "0.1", "--count", "2",
                 "--json", "--retries", "0"])
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "connection lost" in lines[0]["error"]
    good = [line for line in lines if "values" in line]
    assert len(good) == 2
    assert good[-1]["values"]["voltage_an"]["text"] == "n/a" and good[-1]["values"]["voltage_an"]["value"] is None
    assert good[-1]["values"]["voltage_ab"]["unit"] == "V"


def test_watch_rejects_bad_options_in_words(ion_lab, capsys):
    assert main(["watch", *tcp_args(ion_lab), "--interval", "0.01"]) == 1
    assert "shortest poll period" in capsys.readouterr().err
    assert main(["watch", *tcp_args(ion_lab), "no_such_point"]) == 1
    assert "ion7400 has no register or group 'no_such_point'" in capsys.readouterr().err


def test_phasors_of_a_healthy_meter(ion_lab):
    out = subprocess.run([sys.executable, "-m", "app", "phasors", *tcp_args(ion_lab)],
                         capture_output=True, text=True, timeout=30, check=False)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[1].split() == ["Va", "230", "V", "0.0°"]
    assert lines[4].split() == ["Ia", "100", "A", "-25.0°"]
    assert "Wiring looks correct. Confidence: high" in out.stdout


FAULTS = [("reverse-ct=B", "reversed_ct", ["B"]), ("swap-i=AC", "swapped_currents", ["A", "C"]),
          ("swap-v=AB", "swapped_voltages", ["A", "B"]), ("sequence=ACB", "sequence", ["A", "B", "C"]),
          ("rotate-i", "rotated_currents", ["A", "B", "C"]), ("drop-v=C", "missing_voltage", ["C"]),
          ("drop-i=A", "missing_current", ["A"])]


@pytest.mark.parametrize(("fault", "name", "phases"), FAULTS, ids=[f for f, _, _ in FAULTS])
def test_phasors_names_each_injected_fault_and_its_phase(ion_lab, capsys, fault, name, phases):
    ion_lab.devices["tcp meter"].system.wiring = WiringFaults.parse([fault])
    time.sleep(0.06)  # the simulator recomputes its registers at most every 50 ms
    assert main(["phasors", *tcp_args(ion_lab), "--json"]) == 3
    diagnosis = json.loads(capsys.readouterr().out)["diagnosis"]
    assert not diagnosis["ok"]
    assert [(f["fault"], f["phases"]) for f in diagnosis["findings"]] == [(name, phases)]


def test_phasors_load_type_and_devices_without_phasors(ion_lab, sg_lab, capsys):
    assert main(["phasors", *tcp_args(ion_lab), "--load", "resistive"]) == 3
    out = capsys.readouterr().out
    assert "Power factor implausible for a resistive load" in out and "check:" in out
    gateway = endpoint_of(sg_lab, "Iskra SG-W1").removeprefix("tcp://")
    assert main(["phasors", "--tcp", gateway, "--profile", "iskra-ie38md", "--unit", "33"]) == 1
    assert "iskra-ie38md has no phasor registers; phasors can be read from: ion7400" in capsys.readouterr().err


def test_simulate_takes_wiring_faults_for_training():
    out = subprocess.run([sys.executable, "-m", "app", "simulate", "--profile", "ion7400", "--tcp", "127.0.0.1:0",
                          "--wiring", "bogus"], capture_output=True, text=True, timeout=30, check=False)
    assert out.returncode == 1 and "wiring fault 'bogus': unknown fault" in out.stderr
