"""The CLI against the simulators, as a user runs it (subprocess), over TCP and a pty."""

import json
import subprocess
import sys

import pytest

from tests.conftest import endpoint_of


def meterdesk(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=timeout)


def tcp_args(lab):
    return ["--tcp", endpoint_of(lab, "tcp meter").removeprefix("tcp://"), "--profile", "ion7400"]


def serial_args(lab):
    port = endpoint_of(lab, "rtu meter").removeprefix("rtu:").split("?")[0]
    return ["--serial", port, "--baud", "19200", "--profile", "ion7400"]


def test_profiles_lists_ion7400():
    out = meterdesk("profiles")
    assert out.returncode == 0
    assert "ion7400" in out.stdout and "PowerLogic ION7400" in out.stdout


@pytest.mark.parametrize("args", [tcp_args, serial_args], ids=["tcp", "rtu-pty"])
def test_read_all_measurements_json(ion_lab, args):
    out = meterdesk("read", *args(ion_lab), "--json")
    assert out.returncode == 0, out.stderr
    values = json.loads(out.stdout)["values"]
    assert values["current_a"]["value"] == pytest.approx(100.0)
    assert values["current_a"]["unit"] == "A"
    assert values["frequency"]["value"] == pytest.approx(50.0)
    assert "volts_mode" not in values  # settings are not measurements


def test_read_named_points_and_groups(ion_lab):
    out = meterdesk("read", *tcp_args(ion_lab), "meter_model", "metering")
    assert out.returncode == 0, out.stderr
    assert "METSEION7400" in out.stdout
    assert "Volts mode" in out.stdout and "4W-WYE" in out.stdout


def test_write_verifies_by_read_back(ion_lab):
    out = meterdesk("write", *serial_args(ion_lab), "--unit", "100", "ct_primary=400", "volts_mode=DELTA")
    assert out.returncode == 0, out.stderr
    assert "CT primary: 400 A -> verified" in out.stdout
    assert "Volts mode: DELTA -> verified" in out.stdout
    assert ion_lab.devices["rtu meter"].value("ct_primary") == 400


def test_invalid_value_refused_before_anything_is_sent(ion_lab):
    bus = ion_lab.buses["tcp meter"]
    before = bus.requests
    out = meterdesk("write", *tcp_args(ion_lab), "pt_primary=0")
    assert out.returncode == 1
    assert "outside the allowed range 1..999999 V" in out.stderr
    assert bus.requests == before
    out = meterdesk("write", *tcp_args(ion_lab), "volts_mode=STAR")
    assert out.returncode == 1 and "choose one of 4W-WYE, DELTA, 3W-WYE, SINGLE, DEMO" in out.stderr


def test_device_refusal_gives_nonzero_exit(ion_lab):
    ion_lab.buses["tcp meter"].faults.raise_exception(3, 56000, 56001, 3)
    out = meterdesk("write", *tcp_args(ion_lab), "volts_mode=DELTA")
    ion_lab.buses["tcp meter"].faults.clear()
    assert out.returncode == 1
    assert "failed" in out.stdout and "exception 03" in out.stdout


def test_unreachable_device_message_has_no_traceback():
    out = meterdesk("read", "--tcp", "127.0.0.1:1", "--profile", "ion7400", "--timeout", "0.5")
    assert out.returncode == 1
    assert "connection refused" in out.stderr and "Traceback" not in out.stderr
    out = meterdesk("read", "--tcp", "127.0.0.1:1", "--profile", "nope")
    assert out.returncode == 1 and "unknown profile 'nope'" in out.stderr


def test_simulate_demo_prints_devices_as_json_lines():
    proc = subprocess.Popen([sys.executable, "-m", "app", "simulate", "--demo", "--json", "--base-port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = json.loads(proc.stdout.readline())
        assert first["profile"] == "ion7400" and first["endpoint"].startswith("tcp://127.0.0.1:")
        out = meterdesk("read", "--tcp", first["endpoint"].removeprefix("tcp://"), "--profile", "ion7400",
                        "--unit", str(first["unit"]), "frequency")
        assert out.returncode == 0 and "50 Hz" in out.stdout
    finally:
        proc.terminate()
        proc.wait(10)
