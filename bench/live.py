"""Live polling of 50 simulated ION7400s at 1 s: CPU share and refresh rate of the client.

The simulators run in a separate process (50 Modbus TCP servers on loopback),
so ``time.process_time()`` of this process measures the client alone. Every
measurement group of every device is polled at 1 s by MeterDesk's poll engine
(planned reads, decoding, min/max, staleness). The baseline, measured in the
same run against the same servers, is a hand-written pymodbus loop reading the
same blocks once a second with a struct decode and nothing else.

Usage: .venv/bin/python bench/live.py [--devices 50] [--seconds 60] [--baseline-seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field
from itertools import pairwise

from pymodbus.client import AsyncModbusTcpClient

from app.drivers import open_device
from app.live.poller import Poller
from app.modbus.link import Endpoint, ModbusLink
from app.modbus.planner import plan_reads
from app.profiles import profile_by_id

PERIOD = 1.0  # s
GOAL_CPU = 25.0  # % of one core


def serve(count: int) -> None:
    """Child process: ``count`` simulated ION7400s, one TCP server each; endpoints on stdout, stop at EOF."""
    from app.sim.lab import LabThread, ion7400_spec

    specs = []
    for k in range(count):
        spec = ion7400_spec(f"meter {k + 1}", port=0)
        spec.services.clear()  # Modbus only
        specs.append(spec)
    lab = LabThread(specs)
    print(json.dumps([s.endpoint for s in lab.start()]), flush=True)
    sys.stdin.read()
    lab.stop()


@dataclass
class Run:
    """CPU and wall time of one phase, and per-device refresh times."""

    cpu: float = 0.0
    wall: float = 0.0
    requests: int = 0
    refreshes: list[list[float]] = field(default_factory=list)

    @property
    def cpu_share(self) -> float:
        return 100.0 * self.cpu / self.wall

    def rates(self) -> list[float]:
        return [len(times) / self.wall for times in self.refreshes]

    def worst_gap(self) -> float:
        gaps = [b - a for times in self.refreshes for a, b in pairwise(times)]
        return max(gaps, default=float("inf"))


async def engine(endpoints: list[str], seconds: float) -> Run:
    profile = profile_by_id("ion7400")
    links = [ModbusLink(Endpoint.parse(e), timeout=1.0, retries=1) for e in endpoints]
    await asyncio.gather(*(link.connect() for link in links))
    pollers = []
    run = Run(refreshes=[[] for _ in endpoints])
    for k, link in enumerate(links):
        poller = Poller(open_device(profile, link, 1, name=f"meter {k + 1}"))
        for group in poller.schedules:
            poller.set_rate(group, PERIOD)
        poller.listeners.append(lambda report, times=run.refreshes[k]: report.ok and times.append(report.time))
        pollers.append(poller)
    start_cpu, start = time.process_time(), time.perf_counter()
    tasks = [asyncio.create_task(p.run()) for p in pollers]
    await asyncio.sleep(seconds)
    for p in pollers:
        p.stop()
    await asyncio.gather(*tasks)
    run.cpu, run.wall = time.process_time() - start_cpu, time.perf_counter() - start
    run.requests = sum(p.stats.requests for p in pollers)
    for link in links:
        link.close()
    return run


async def baseline(endpoints: list[str], seconds: float) -> Run:
    """The same blocks every second per device with plain pymodbus and struct, no engine."""
    profile = profile_by_id("ion7400")
    blocks = [(b.address, b.count, [(r.address - b.address, r.type) for r in b.registers])
              for b in plan_reads(profile.of_kind("measurement"), profile.is_readable_gap)]
    clients = []
    for e in endpoints:
        host, port = e.removeprefix("tcp://").rsplit(":", 1)
        clients.append(AsyncModbusTcpClient(host, port=int(port), timeout=1.0))
    await asyncio.gather(*(c.connect() for c in clients))
    run = Run(refreshes=[[] for _ in endpoints])
    stop = time.perf_counter() + seconds

    async def loop(client: AsyncModbusTcpClient, times: list[float]) -> None:
        due = time.perf_counter()
        while due < stop:
            values = []
            for address, count, points in blocks:
                rr = await client.read_holding_registers(address, count=count, device_id=1)
                run.requests += 1
                raw = struct.pack(f">{count}H", *rr.registers)
                values += [struct.unpack_from(">f" if kind == "float32" else ">q", raw, 2 * offset)[0]
                           for offset, kind in points]
            times.append(time.time())
            due += PERIOD
            await asyncio.sleep(max(0.0, due - time.perf_counter()))

    start_cpu, start = time.process_time(), time.perf_counter()
    await asyncio.gather(*(loop(c, t) for c, t in zip(clients, run.refreshes)))
    run.cpu, run.wall = time.process_time() - start_cpu, time.perf_counter() - start
    for c in clients:
        c.close()
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0, help="duration of the MeterDesk run")
    parser.add_argument("--baseline-seconds", type=float, default=20.0, help="duration of the baseline run")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0

    sim = subprocess.Popen([sys.executable, __file__, "--serve", str(args.devices)],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        endpoints = json.loads(sim.stdout.readline())
        base = asyncio.run(baseline(endpoints, args.baseline_seconds))
        ours = asyncio.run(engine(endpoints, args.seconds))
    finally:
        sim.stdin.close()
        sim.wait(30)
    profile = profile_by_id("ion7400")
    points = len(profile.of_kind("measurement"))
    requests = len(plan_reads(profile.of_kind("measurement"), profile.is_readable_gap))
    print(f"{args.devices} simulated ION7400s (simulators in another process), {points} points and "
          f"{requests} requests per device per refresh, every group at {PERIOD:g} s")
    for label, run in (("MeterDesk poll engine", ours), ("pymodbus hand-written loop", base)):
        rates = run.rates()
        print(f"{label}: {run.wall:.0f} s, {run.requests / run.wall:.0f} requests/s, CPU {run.cpu_share:.1f} % "
              f"of one core; refreshes/s per device min {min(rates):.2f}, median {statistics.median(rates):.2f}; "
              f"longest gap {run.worst_gap():.2f} s")
    ratio = ours.cpu_share / base.cpu_share if base.cpu_share else float("inf")
    print(f"ratio CPU MeterDesk / hand-written: {ratio:.2f}")
    every_second = ours.worst_gap() <= 1.5 * PERIOD and min(ours.rates()) >= 0.95 / PERIOD
    verdict = "OK" if every_second and ours.cpu_share < GOAL_CPU else "MISSED"
    print(f"goal: every device refreshed every {PERIOD:g} s using under {GOAL_CPU:g} % of one core -> {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
