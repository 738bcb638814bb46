"""Shared fixtures: simulated labs on loopback and pseudo-terminals."""

from __future__ import annotations

import os

import pytest

from app.sim.iskra import iskra_sg_specs
from app.sim.lab import DeviceSpec, LabThread, ion7400_spec

# Tests read MeterDesk's English messages whatever the machine's locale (the command lines they
# start inherit this too); tests of the French catalogue switch language themselves.
os.environ["LANGUAGE"] = "en"


@pytest.fixture
def ion_lab():
    """An ION7400 on TCP (ephemeral port) and one on a real pty (RTU, unit 100)."""
    specs: list[DeviceSpec] = [ion7400_spec("tcp meter", port=0)]
    if os.name == "posix":
        specs.append(ion7400_spec("rtu meter", link="serial", port=None, unit=100, baud=19200))
    for spec in specs:
        spec.system.noise = 0.0
    lab = LabThread(specs)
    lab.start()
    yield lab.lab
    lab.stop()


@pytest.fixture
def sg_lab():
    """The Iskra SG gateway with its attached devices and REST read-out, on ephemeral ports."""
    lab = LabThread(iskra_sg_specs(0, 0))
    lab.start()
    yield lab.lab
    lab.stop()


def endpoint_of(lab, name: str) -> str:
    for served in lab.served:
        if served.name == name:
            return served.endpoint
    if os.name != "posix":
        pytest.skip("serial tests use a pseudo-terminal, which needs a POSIX system")
    raise KeyError(name)
