"""BCPME board snapshots and periodic reads against the simulated two-panel board."""

import asyncio

import pytest

from app.devices.bcpme_circuits import Severity
from app.drivers import open_device
from app.errors import MeterDeskError
from app.live.branches import BoardReader
from app.live.periodic import Periodic
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import profile_by_id
from app.sim.lab import LabThread, bcpme_specs


@pytest.fixture
def board_lab():
    lab = LabThread(bcpme_specs("pdu", port=0))
    lab.start()
    yield lab.lab
    lab.stop()


@pytest.fixture
async def board(board_lab):
    link = ModbusLink(Endpoint.parse(board_lab.served[0].endpoint), timeout=0.5, retries=0)
    await link.connect()
    yield open_device(profile_by_id("bcpme"), link, 1, name="pdu")
    link.close()


async def test_snapshot_has_84_circuits_and_both_mains_and_reuses_settings(board):
    reader = BoardReader(board)
    first = await reader()
    assert [c.number for c in first.circuits] == list(range(1, 85))
    assert [m.panel for m in first.mains] == [1, 2]
    assert first.circuits[0].current == pytest.approx(12.0)  # the three-pole load on 1-3-5
    requests = board.link.stats.requests
    await reader()
    again = board.link.stats.requests - requests
    reader.invalidate_settings()
    requests = board.link.stats.requests
    await reader()
    assert board.link.stats.requests - requests > again  # settings were read once, not on every poll


async def test_a_circuit_over_its_threshold_is_an_alarm(board, board_lab):
    reader = BoardReader(board)
    assert all(c.number != 9 for c in (await reader()).alarms())
    board_lab.devices["pdu panel 1"].set_load(9, 18.0)  # HH is 70 % of the 20 A breaker: 14 A
    alarms = (await reader()).alarms()
    assert alarms[0].number == 9 and alarms[0].severity is Severity.ALARM


async def test_periodic_keeps_the_last_result_and_says_why_it_is_stale():
    calls = []

    async def read():
        calls.append(1)
        if len(calls) == 2:
            raise MeterDeskError("pdu: no answer within 0.5 s")
        return len(calls)

    seen = []
    job = Periodic(read, period=0.1)
    job.listeners.append(lambda j: seen.append((j.result, j.error)))
    task = asyncio.create_task(job.run())
    await asyncio.sleep(0.25)
    job.stop()
    await asyncio.wait_for(task, 1)
    assert seen[:3] == [(1, ""), (1, "pdu: no answer within 0.5 s"), (3, "")]
    assert job.failures == 1 and not job.stale


async def test_exponent_registers_scale_values_but_are_not_shown_as_values(board):
    from app.live.poller import Poller

    poller = Poller(board)
    assert "current_scale_1" not in poller.points and "scale" not in poller.schedules
    report = await poller.poll()
    assert report.ok
    current = next(p for n, p in poller.points.items() if board.profile.register(n).scale_register == "current_scale_1")
    assert current.value == pytest.approx(12.0, abs=0.5)  # scaled by 10^exponent, not raw
