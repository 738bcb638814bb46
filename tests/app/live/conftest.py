"""A simulated ION7400 and a connected driver for the live-engine tests."""

from __future__ import annotations

import pytest

from app.drivers import open_device
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import profile_by_id
from app.sim.lab import LabThread, ion7400_spec


@pytest.fixture
def meter_lab():
    spec = ion7400_spec("meter", port=0)
    spec.services.clear()  # no SFTP site needed here
    spec.system.noise = 0.0
    lab = LabThread([spec])
    lab.start()
    yield lab.lab
    lab.stop()


@pytest.fixture
async def meter(meter_lab):
    link = ModbusLink(Endpoint.parse(meter_lab.served[0].endpoint), timeout=0.3, retries=0)
    await link.connect()
    yield open_device(profile_by_id("ion7400"), link, 1, name="meter")
    link.close()
