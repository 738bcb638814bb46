"""Scan speed: RTU bus scan on a pseudo-terminal, and a concurrent TCP scan on loopback.

RTU: 247 unit ids at 115200 baud with a 50 ms timeout, one device present,
against the bound 247 × (timeout + request frame time). TCP: 256 loopback
addresses (127.0.0.0-255) on one port, where 32 simulated meters listen with
a 20 ms answer delay (a typical device turnaround), scanned concurrently and
then one address at a time, in the same run. The TCP meters run in separate
processes (real devices each have their own processor), so their simulation
does not eat the scanner's time.

Usage: .venv/bin/python bench/scan.py
"""

from __future__ import annotations

import asyncio
import multiprocessing
import sys
import time

from app.discovery.scan import scan_bus, scan_network
from app.modbus.link import Endpoint
from app.profiles import load_all
from app.sim.lab import Lab, ion7400_spec

BAUD = 115200
TIMEOUT = 0.05
TCP_PORT = 5502
DEVICES = 32
DELAY = 0.020
PROCESSES = 4  # meter processes; each serves DEVICES / PROCESSES meters


async def rtu() -> None:
    lab = Lab([ion7400_spec("bus meter", link="serial", port=None, unit=17, baud=BAUD)])
    served = await lab.start()
    try:
        endpoint = Endpoint.parse(served[0].endpoint)
        start = time.perf_counter()
        scan = await scan_bus(endpoint, range(1, 248), timeout=TIMEOUT, identify_found=False)
        took = time.perf_counter() - start
    finally:
        await lab.stop()
    frame = 8 * 10 / BAUD  # request: 8 bytes of 10 bits (8N1)
    bound = 247 * (TIMEOUT + frame)
    print(f"RTU scan of 247 unit ids at {BAUD} baud, timeout {TIMEOUT * 1e3:.0f} ms: {took:.2f} s "
          f"(bound 247 x (timeout + frame) = {bound:.2f} s; ratio {took / bound:.2f}, goal <= 1.2); "
          f"found units {[r.unit for r in scan.found]}")


def serve_meters(first: int, count: int, ready, stop) -> None:
    """Child process: meters ``first`` .. ``first + count - 1`` on TCP, until ``stop`` is set."""

    async def run() -> None:
        specs = [ion7400_spec(f"m{i}", host=f"127.0.0.{10 + i}", port=TCP_PORT) for i in range(first, first + count)]
        for spec in specs:
            spec.services.clear()  # Modbus only
        lab = Lab(specs)
        await lab.start()
        for bus in lab.buses.values():
            bus.faults.delay = DELAY
        ready.set()
        await asyncio.get_running_loop().run_in_executor(None, stop.wait)
        await lab.stop()

    asyncio.run(run())


async def tcp() -> None:
    stop = multiprocessing.Event()
    share = DEVICES // PROCESSES
    readies = [multiprocessing.Event() for _ in range(PROCESSES)]
    meters = [multiprocessing.Process(target=serve_meters, args=(k * share, share, ready, stop), daemon=True)
              for k, ready in enumerate(readies)]
    for process in meters:
        process.start()
    if not all(ready.wait(60) for ready in readies):
        raise RuntimeError("the simulated meters did not start")
    hosts = [f"127.0.0.{n}" for n in range(256)]
    load_all()  # profiles are parsed once per process (the GUI does it at start): not part of a scan
    # one untimed pass, so that neither timed scan pays the first-use set-up of the simulators,
    # the sockets and pymodbus (the one-by-one scan, run second, would otherwise be spared it)
    await scan_network(hosts, [TCP_PORT], units=[1], timeout=0.5, concurrency=128)
    try:
        start = time.perf_counter()
        concurrent = await scan_network(hosts, [TCP_PORT], units=[1], timeout=0.5, concurrency=128)
        t_concurrent = time.perf_counter() - start
        start = time.perf_counter()
        serial = await scan_network(hosts, [TCP_PORT], units=[1], timeout=0.5, concurrency=1)
        t_serial = time.perf_counter() - start
    finally:
        stop.set()
        for process in meters:
            process.join(30)
    print(f"TCP scan of 256 loopback addresses ({DEVICES} meters answering in {DELAY * 1e3:.0f} ms): "
          f"concurrent {t_concurrent:.2f} s ({len(concurrent)} found), one by one {t_serial:.2f} s "
          f"({len(serial)} found); speed-up {t_serial / t_concurrent:.1f}x (goal >= 20x)")


def main() -> int:
    asyncio.run(rtu())
    asyncio.run(tcp())
    return 0


if __name__ == "__main__":
    sys.exit(main())
