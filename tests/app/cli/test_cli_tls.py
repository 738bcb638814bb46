"""``meterdesk simulate --tls`` and ``meterdesk read --tls``: pinned on first use, a change refused."""

import json
import os
import subprocess
import sys


def serve(port: int = 0) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen([sys.executable, "-m", "app", "simulate", "--profile", "ion7400", "--tcp",
                             f"127.0.0.1:{port}", "--tls", "--json"], stdout=subprocess.PIPE, text=True)
    served = json.loads(proc.stdout.readline())
    assert served["endpoint"].startswith("tls://")
    return proc, int(served["endpoint"].rsplit(":", 1)[1])


def read(port: int, data_dir) -> subprocess.CompletedProcess:
    env = dict(os.environ, METERDESK_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "app", "read", "--tls", f"127.0.0.1:{port}", "--profile",
                           "ion7400", "meter_model", "--json"], capture_output=True, text=True, timeout=60,
                          env=env, check=False)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(10)


def test_read_over_tls_pins_then_refuses_a_new_certificate(tmp_path):
    proc, port = serve()
    try:
        first = read(port, tmp_path)
        assert first.returncode == 0, first.stderr
        assert json.loads(first.stdout)["values"]["meter_model"]["value"] == "METSEION7400"
        pins = json.loads((tmp_path / "tls_pins.json").read_text())
        pinned = pins[f"127.0.0.1:{port}"]["sha256"]
    finally:
        stop(proc)
    proc, _ = serve(port)  # same address, new self-signed certificate
    try:
        second = read(port, tmp_path)
        assert second.returncode == 1 and second.stdout == ""
        assert "TLS certificate has changed" in second.stderr and pinned in second.stderr
        assert "Traceback" not in second.stderr
        assert json.loads((tmp_path / "tls_pins.json").read_text())[f"127.0.0.1:{port}"]["sha256"] == pinned
    finally:
        stop(proc)


def test_tls_needs_tcp_in_simulate():
    out = subprocess.run([sys.executable, "-m", "app", "simulate", "--profile", "ion7400", "--serial", "pty",
                          "--tls"], capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 1 and "--tls serves Modbus TCP frames" in out.stderr


def test_unusable_client_certificate_is_named(tmp_path):
    missing = "client.pem"
    proc, port = serve()
    try:
        env = dict(os.environ, METERDESK_DATA_DIR=str(tmp_path))
        out = subprocess.run([sys.executable, "-m", "app", "read", "--tls", f"127.0.0.1:{port}", "--client-cert",
                              str(tmp_path / missing), "--profile", "ion7400", "meter_model"],
                             capture_output=True, text=True, timeout=60, env=env, check=False)
        assert out.returncode == 1 and f"{missing}: cannot use this client certificate" in out.stderr
    finally:
        stop(proc)
