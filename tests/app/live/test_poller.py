"""Poll engine against the simulated ION7400 over a real socket."""

import asyncio

import pytest

from app.errors import MeterDeskError
from app.live.poller import Poller


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_groups_are_read_at_their_own_rates_in_the_fewest_requests(meter):
    clock = Clock()
    poller = Poller(meter, clock=clock)
    assert poller.schedules["voltage"].period == 1.0 and poller.schedules["energy"].period == 15.0
    every = [n for s in poller.schedules.values() for n in s.names]
    report = await poller.poll()
    assert set(report.groups) == set(poller.schedules)
    assert report.ok and report.requests == len(meter.plan(every).blocks)
    clock.now = 1.0
    report = await poller.poll()
    assert "energy" not in report.groups and "voltage" in report.groups
    fast = [n for s in poller.schedules.values() if s.period == 1.0 for n in s.names]
    assert report.requests == len(meter.plan(fast).blocks) < len(meter.plan(every).blocks)
    clock.now = 1.5
    assert await poller.poll() is None  # nothing due
    clock.now = 15.0
    assert "energy" in (await poller.poll()).groups
    assert poller.stats.refreshes["voltage"] == 3 and poller.stats.refreshes["energy"] == 2


async def test_values_min_max_and_timestamps(meter, meter_lab):
    poller = Poller(meter, groups=["current"], wall=lambda: 1000.0)
    await poller.poll(force=True)
    point = poller.points["current_a"]
    assert point.value == pytest.approx(100.0) and point.time == 1000.0 and not point.stale
    meter_lab.devices["meter"].system.phases[0].i = 3.0  # 120 A primary with 200:5 CTs
    poller._wall = lambda: 1001.0
    await asyncio.sleep(0.06)  # the simulator refreshes its image every 50 ms
    await poller.poll(force=True)
    assert point.maximum == pytest.approx(120.0) and point.max_time == 1001.0
    assert point.minimum == pytest.approx(100.0) and point.min_time == 1000.0
    poller.reset_extremes()
    assert point.minimum == point.maximum == pytest.approx(120.0)


async def test_not_available_values_read_n_a(meter):
    results = await meter.write({"volts_mode": 1})  # DELTA: no line-neutral voltages
    assert results[0].ok
    poller = Poller(meter, groups=["voltage"])
    await asyncio.sleep(0.06)
    await poller.poll(force=True)
    assert poller.points["voltage_an"].value is None
    assert poller.points["voltage_an"].text == "n/a"
    assert poller.points["voltage_ab"].text.endswith(" V")


async def test_a_failed_poll_marks_values_stale_with_the_reason_then_recovers(meter, meter_lab):
    poller = Poller(meter, groups=["voltage"])
    await poller.poll(force=True)
    good = poller.points["voltage_ab"].value
    bus = meter_lab.buses["meter"]
    bus.faults.silence_next = 10
    report = await poller.poll(force=True)
    assert not report.ok and "no answer" in report.error
    point = poller.points["voltage_ab"]
    assert point.stale and "no answer within 0.3 s" in point.reason and point.value == good
    bus.faults.clear()
    bus.faults.drop_next = 1  # the device closes the connection
    assert not (await poller.poll(force=True)).ok
    report = await poller.poll(force=True)  # the link reconnects by itself
    assert report.ok and not point.stale and point.reason == ""
    assert poller.stats.failures == 2


async def test_run_polls_until_stopped(meter):
    poller = Poller(meter, groups=["voltage", "energy"], rates={"voltage": 0.1, "energy": 0.25})
    task = asyncio.create_task(poller.run())
    await asyncio.sleep(0.58)
    poller.stop()
    await asyncio.wait_for(task, 2)
    assert 5 <= poller.stats.refreshes["voltage"] <= 7
    assert 2 <= poller.stats.refreshes["energy"] <= 3


def test_unknown_group_is_named(meter):
    with pytest.raises(MeterDeskError, match="no measurement group 'metering'"):
        Poller(meter, groups=["metering"])
