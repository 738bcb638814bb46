"""Device sessions against the simulators: identity, per-device statistics, reconnection with back-off."""

import asyncio
import time

import pytest

from app.errors import MeterDeskError
from app.modbus.errors import LinkError
from app.modbus.link import Endpoint
from app.session import Backoff, DeviceAddress, DeviceSession, LinkPool
from app.sim.lab import Lab, bcpme_specs, ion7400_spec


def plain_ion(port: int = 0):
    spec = ion7400_spec("meter", port=port)
    spec.services.clear()
    return spec


async def test_backoff_doubles_up_to_its_cap_and_resets():
    backoff = Backoff(first=0.5, cap=3.0)
    assert [backoff.next() for _ in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    backoff.reset()
    assert backoff.next() == 0.5


async def test_dropped_connection_is_retried_and_polling_resumes():
    lab = Lab([plain_ion()])
    served = await lab.start()
    try:
        address = DeviceAddress("meter", "ion7400", Endpoint.parse(served[0].endpoint), 1, timeout=0.3)
        session = DeviceSession(address, LinkPool(), retries=0, backoff=Backoff(first=0.05))
        await session.connect()
        assert session.state == "connected"
        lab.buses["meter"].faults.drop_next = 1  # the meter closes the connection on the next request
        with pytest.raises(LinkError, match="connection lost"):
            await session.check()
        assert session.state == "reconnecting" and "trying again in 0.05 s" in session.last_error
        await asyncio.sleep(0.06)
        await session.supervise()  # what the heartbeat does once the delay is over
        assert session.state == "connected" and session.last_error == "" and session.reconnects == 1
        await session.check()  # polling goes on as before
        assert session.stats.responses >= 2
        session.disconnect()
    finally:
        await lab.stop()


async def test_a_vanished_device_is_retried_with_growing_delays_until_it_returns():
    lab = Lab([plain_ion()])
    served = await lab.start()
    endpoint = Endpoint.parse(served[0].endpoint)
    address = DeviceAddress("meter", "ion7400", endpoint, 1, timeout=0.3)
    session = DeviceSession(address, LinkPool(), retries=0, backoff=Backoff(first=0.05, cap=0.2))
    await session.connect()
    await lab.stop()  # the meter goes away: connections are refused
    delays = []
    for _ in range(4):
        now = time.monotonic()
        with pytest.raises(LinkError, match="connection lost|connection refused"):
            await session.supervise(now=now + 10)  # due at once
        assert session.state == "reconnecting" and "trying again in" in session.last_error
        delays.append(round(session.retry_at - time.monotonic(), 2))
        await session.supervise(now=time.monotonic())  # not due yet: nothing is tried
    assert delays[0] <= 0.05 < delays[1] <= 0.1 < delays[2] <= 0.2 and delays[3] <= 0.2

    back = Lab([plain_ion(port=endpoint.port)])
    await back.start()
    try:
        await session.supervise(now=time.monotonic() + 10)
        assert session.state == "connected" and session.reconnects == 1
        session.disconnect()
    finally:
        await back.stop()


async def test_devices_on_one_link_have_their_own_statistics_and_bcpme_identity_comes_from_its_profile():
    lab = Lab(bcpme_specs("board", port=0))
    served = await lab.start()
    try:
        pool = LinkPool()
        links = []
        pool.link_added.append(links.append)
        endpoint = Endpoint.parse(served[0].endpoint)
        panels = [DeviceSession(DeviceAddress(f"panel {u}", "bcpme", endpoint, u), pool) for u in (1, 2)]
        identity = await panels[0].connect()
        await panels[1].connect()
        assert len(links) == 1 and panels[0].link is panels[1].link  # one shared link, announced once
        assert (identity.vendor, identity.model) == ("Schneider Electric", "PowerLogic BCPME")
        assert identity.source == "profile (the device has no identity registers)"
        await panels[1].check()
        await panels[1].check()
        assert panels[0].stats.requests < panels[1].stats.requests
        assert panels[0].stats.requests + panels[1].stats.requests == panels[0].link.stats.requests
        for panel in panels:
            panel.disconnect()
        assert pool.links() == []
    finally:
        await lab.stop()


async def test_a_device_without_a_profile_says_so():
    session = DeviceSession(DeviceAddress("mystery", "", Endpoint.tcp("127.0.0.1:1"), 3), LinkPool())
    with pytest.raises(MeterDeskError, match="has no profile yet: pick one"):
        await session.connect()
    assert session.state == "error"
