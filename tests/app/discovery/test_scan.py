"""Bus and network scans against simulators on a real pty and loopback sockets."""

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from app.discovery.scan import (
    Cancel,
    default_hosts,
    expand_hosts,
    expand_ports,
    scan_bus,
    scan_network,
)
from app.errors import MeterDeskError
from app.modbus.link import Endpoint
from app.sim.lab import Lab, demo_specs, ion7400_spec

pytestmark = pytest.mark.skipif(os.name != "posix", reason="bus scans use a pseudo-terminal (POSIX)")


async def test_bus_scan_finds_and_identifies_units():
    lab = Lab([ion7400_spec("a", link="serial", port=None, unit=5)])
    served = await lab.start()
    try:
        progress = []
        scan = await scan_bus(Endpoint.parse(served[0].endpoint), range(1, 12), timeout=0.05,
                              progress=lambda d, t: progress.append((d, t)))
        assert [(r.unit, r.status) for r in scan.found] == [(5, "found")]
        assert scan.found[0].identification.profile_id == "ion7400"
        assert scan.found[0].identification.serial == "MR-2111A123-01"
        assert {r.status for r in scan.results if r.unit != 5} == {"silent"}
        assert progress[-1] == (11, 11)
        assert scan.verdict.startswith("1 device(s) found")
    finally:
        await lab.stop()


async def test_baud_mismatch_is_reported_as_mismatch_with_a_suggestion():
    lab = Lab([ion7400_spec("a", link="serial", port=None, unit=5, baud=19200)])
    served = await lab.start()
    try:
        wrong = replace(Endpoint.parse(served[0].endpoint), baud=9600)
        scan = await scan_bus(wrong, range(3, 8), timeout=0.05)
        assert scan.found == []
        assert [r.unit for r in scan.garbled] == [5]
        assert "line settings mismatch" in scan.verdict and "no devices" not in scan.verdict
        assert scan.suggestion is not None and scan.suggestion.baud == 19200 and scan.suggestion.parity == "N"
    finally:
        await lab.stop()


async def test_bus_scan_can_be_cancelled():
    lab = Lab([ion7400_spec("a", link="serial", port=None, unit=200)])
    served = await lab.start()
    try:
        cancel = Cancel()

        def progress(done, total):
            if done == 3:
                cancel.cancelled = True

        scan = await scan_bus(Endpoint.parse(served[0].endpoint), range(1, 248), timeout=0.02,
                              progress=progress, cancel=cancel)
        assert scan.cancelled and len(scan.results) == 3
    finally:
        await lab.stop()


async def test_network_scan_finds_devices_and_skips_closed_ports():
    lab = Lab([ion7400_spec("x", port=0), ion7400_spec("y", port=0)])
    served = await lab.start()
    try:
        ports = sorted(int(s.endpoint.rsplit(":", 1)[1]) for s in served if s.endpoint.startswith("tcp://"))
        hits = await scan_network(["127.0.0.1"], ports + [1], units=[1, 2, 255], timeout=0.3)
        assert sorted(h.port for h in hits) == ports  # one entry per meter: it answers every unit id
        assert all(h.identification.profile_id == "ion7400" for h in hits)
    finally:
        await lab.stop()


async def test_network_scan_of_an_ipv6_address():
    spec = ion7400_spec("v6", host="::1", port=0)
    spec.services.clear()
    lab = Lab([spec])
    served = await lab.start()
    try:
        port = int(served[0].endpoint.rsplit(":", 1)[1])
        hits = await scan_network(["::1"], [port], units=[1], timeout=0.5)
        assert [(h.endpoint, h.identification.profile_id) for h in hits] == [(f"tcp://[::1]:{port}", "ion7400")]
        assert Endpoint.parse(hits[0].endpoint).host == "::1"
    finally:
        await lab.stop()


def test_address_and_port_expressions():
    assert expand_hosts("192.0.2.0/30") == ["192.0.2.1", "192.0.2.2"]
    assert expand_hosts("127.0.0.1-3") == ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
    assert expand_ports("502,5020-5022") == [502, 5020, 5021, 5022]
    with pytest.raises(MeterDeskError, match="not an address"):
        expand_hosts("10.0.0.300/8x")
    with pytest.raises(MeterDeskError, match="limit is 4096"):
        expand_hosts("10.0.0.0/8")
    with pytest.raises(MeterDeskError, match="outside 1..65535"):
        expand_ports("0-10")


def test_scan_cli_json_over_tcp():
    proc = subprocess.Popen([sys.executable, "-m", "app", "simulate", "--profile", "ion7400", "--tcp",
                             "127.0.0.1:0", "--json"], stdout=subprocess.PIPE, text=True)
    try:
        port = json.loads(proc.stdout.readline())["endpoint"].rsplit(":", 1)[1]
        out = subprocess.run([sys.executable, "-m", "app", "scan", "--tcp", "127.0.0.1", "--ports", port,
                              "--json"], check=False, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        devices = json.loads(out.stdout)["devices"]
        assert [(d["profile"], d["endpoint"]) for d in devices] == [("ion7400", f"tcp://127.0.0.1:{port}")]
    finally:
        proc.terminate()
        proc.wait(10)


async def test_network_scan_of_the_demo_lab_identifies_every_device():
    lab = Lab(demo_specs(0))
    served = await lab.start()
    try:
        ports = sorted({int(s.endpoint.rsplit(":", 1)[1]) for s in served if s.endpoint.startswith("tcp://")})
        closed = ports[-1] + 1 if ports[-1] < 65535 else 1
        outcomes = []
        hits = await scan_network(["127.0.0.1"], ports + [closed], units=range(1, 41), timeout=0.3,
                                  on_target=outcomes.append)
        expected = {(int(s.endpoint.rsplit(":", 1)[1]), s.unit, s.profile) for s in served
                    if s.endpoint.startswith("tcp://")}
        found = {(h.port, h.identification.unit, h.identification.profile_id or h.identification.likely[0])
                 for h in hits}
        assert found == expected  # the gateway's meters by unit id, the BCPME panels as "likely"
        bcpme = [h.identification for h in hits if h.identification.likely]
        assert [i.unit for i in bcpme] == [1, 2] and all(i.profile_id is None for i in bcpme)
        assert bcpme[0].model == "PowerLogic BCPME" and "exception 02" in bcpme[0].detail
        assert {(o.port, o.status) for o in outcomes} == {(p, "found") for p in ports} | {(closed, "closed")}
    finally:
        await lab.stop()


def test_default_scan_targets_are_the_local_subnet_and_loopback():
    hosts = default_hosts()
    assert hosts[-1] == "127.0.0.1"
    for spec in hosts[:-1]:
        assert spec.endswith("/24") and len(expand_hosts(spec)) == 254
