"""Full ION7400 measurement refresh against the simulator on loopback.

Prints the requests per refresh against the theoretical minimum, MeterDesk's
refresh rate, and its ratio to a hand-written pymodbus loop doing the same
coalesced reads (with a struct-based decode) in the same run. Runs alternate
in rounds so that machine noise hits both sides alike; medians are reported.

Usage: .venv/bin/python bench/poll.py [--seconds 2] [--rounds 5]
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

from pymodbus.client import AsyncModbusTcpClient

from app.drivers import open_device
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import profile_by_id
from app.profiles.model import Profile, Register


def theoretical_minimum(profile: Profile, regs: list[Register], max_count: int = 125) -> int:
    """Fewest reads covering ``regs`` (dynamic programming, independent of the planner)."""
    points = sorted(regs, key=lambda r: (r.function, r.address))
    best = [0] + [len(points) + 1] * len(points)  # best[k]: min reads covering points[:k]
    for end in range(1, len(points) + 1):
        last = points[end - 1]
        for start in range(end, 0, -1):
            first = points[start - 1]
            if first.function != last.function or max(r.end for r in points[start - 1:end]) - first.address > max_count:
                break
            inner = points[start - 1:end]
            bridged = all(a.end >= b.address or profile.is_readable_gap(a.function, a.end, b.address)
                          for a, b in zip(inner, inner[1:]))
            if not bridged:
                break
            best[end] = min(best[end], best[start - 1] + 1)
    return best[-1]


async def meterdesk_rate(host: str, port: int, seconds: float) -> tuple[float, int]:
    profile = profile_by_id("ion7400")
    link = ModbusLink(Endpoint.tcp(f"{host}:{port}"), timeout=2.0)
    await link.connect()
    device = open_device(profile, link, 1)
    names = [r.name for r in profile.of_kind("measurement")]
    await device.read(names)
    before = link.stats.requests
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        values = await device.read(names)
        n += 1
    elapsed = time.perf_counter() - start
    per_refresh = (link.stats.requests - before) // n
    assert values["frequency"] is not None
    link.close()
    return n / elapsed, per_refresh


async def pymodbus_rate(host: str, port: int, seconds: float) -> float:
    """Hand-written baseline: the same blocks, decoded with struct, no planner, no codec."""
    profile = profile_by_id("ion7400")
    from app.modbus.planner import plan_reads

    blocks = [(b.address, b.count, [(r.address - b.address, r.type) for r in b.registers])
              for b in plan_reads(profile.of_kind("measurement"), profile.is_readable_gap)]
    client = AsyncModbusTcpClient(host, port=port, timeout=2.0)
    await client.connect()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        values = []
        for address, count, points in blocks:
            rr = await client.read_holding_registers(address, count=count, device_id=1)
            raw = struct.pack(f">{count}H", *rr.registers)
            for offset, kind in points:
                fmt = ">f" if kind == "float32" else ">q"
                values.append(struct.unpack_from(fmt, raw, 2 * offset)[0])
        n += 1
    elapsed = time.perf_counter() - start
    client.close()
    return n / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="duration of each timed run")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds")
    args = parser.parse_args()

    sim = subprocess.Popen(
        [sys.executable, "-m", "app", "simulate", "--profile", "ion7400", "--tcp", "127.0.0.1:0", "--json"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        served = json.loads(sim.stdout.readline())
        host, port = served["endpoint"].removeprefix("tcp://").rsplit(":", 1)
        profile = profile_by_id("ion7400")
        minimum = theoretical_minimum(profile, profile.of_kind("measurement"))
        ours, base, per_refresh = [], [], 0
        for _ in range(args.rounds):
            rate, per_refresh = asyncio.run(meterdesk_rate(host, int(port), args.seconds))
            ours.append(rate)
            base.append(asyncio.run(pymodbus_rate(host, int(port), args.seconds)))
    finally:
        sim.terminate()
        sim.wait(10)
    ratios = [a / b for a, b in zip(ours, base)]
    points = len(profile.of_kind("measurement"))
    print(f"ION7400 full measurement refresh: {points} points")
    print(f"requests per refresh: {per_refresh} (theoretical minimum {minimum}; goal: equal)"
          f" -> {'OK' if per_refresh == minimum else 'ABOVE MINIMUM'}")
    print(f"MeterDesk refreshes/s: median {statistics.median(ours):.0f} (runs: {', '.join(f'{x:.0f}' for x in ours)})")
    print(f"pymodbus hand-written loop refreshes/s: median {statistics.median(base):.0f}"
          f" (runs: {', '.join(f'{x:.0f}' for x in base)})")
    ratio = statistics.median(ratios)
    print(f"ratio MeterDesk / hand-written: {ratio:.2f} (goal >= 0.8) -> {'OK' if ratio >= 0.8 else 'BELOW GOAL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
