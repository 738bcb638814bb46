"""Templates over several simulated ION7400s, and the calculators from the manual."""

from __future__ import annotations

import asyncio
import socket

import pytest

from app.config import ChangeLog, read_configuration
from app.config.calculators import (
    burst_records,
    cycles_for,
    pulse_weight,
    waveform_capture,
)
from app.config.templates import (
    CANCELLED,
    DONE,
    UNREACHABLE,
    Target,
    apply_template,
    for_target,
    summary,
    template_of,
)
from app.errors import ValidationError
from app.modbus.link import Endpoint
from app.session import DeviceAddress
from app.sim.lab import LabThread, ion7400_spec


@pytest.fixture
async def meters():
    specs = [ion7400_spec(f"meter {k}", port=0) for k in (1, 2, 3)]
    for spec in specs:
        spec.services.clear()
    lab = LabThread(specs)
    lab.start()
    addresses = [DeviceAddress(s.name, s.profile, Endpoint.parse(s.endpoint), s.unit, timeout=0.5)
                 for s in lab.lab.served]
    yield lab.lab, addresses
    lab.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def template_from(address: DeviceAddress):
    from app.session import DeviceSession, LinkPool

    session = DeviceSession(address, LinkPool())
    await session.connect()
    try:
        config = await read_configuration(session.device)
    finally:
        session.disconnect()
    return config.updated({"ct_primary": 600, "nominal_current": 600, "ntp_mode": 2, "time_sync_source": 1,
                           "device_name": "never copied"})


async def test_template_reaches_every_device_with_its_own_values(meters, tmp_path):
    lab, addresses = meters
    template = await template_from(addresses[0])
    assert "device_name" not in template_of(template).values and "ipv4_address" not in template_of(template).values
    targets = [Target(addresses[0], {"ipv4_address": 167772171, "device_name": "Feeder 1"}),
               Target(addresses[1], {"ipv4_address": 167772172}),
               Target(addresses[2])]
    seen = []
    log = ChangeLog(tmp_path)
    outcomes = await apply_template(template, targets, on_result=seen.append, log=log)
    assert [o.status for o in outcomes] == [DONE, DONE, DONE], summary(outcomes)
    assert sorted(o.name for o in seen) == ["meter 1", "meter 2", "meter 3"]
    sims = [lab.devices[a.name] for a in addresses]
    for sim in sims:
        assert (sim.settings["ct_primary"], sim.settings["ntp_mode"], sim.settings["time_sync_source"]) == (600, 2, 1)
    assert [s.settings["device_name"] for s in sims] == ["Feeder 1", "ION7400-173393", "ION7400-173393"]
    assert [s.settings["ipv4_address"] for s in sims] == [167772171, 167772172, 2852126730]
    assert {e.device for e in log.entries()} == {"meter 1", "meter 2", "meter 3"}
    assert summary(outcomes) == "3 of 3 devices verified: meter 1, meter 2, meter 3"


async def test_an_unreachable_device_does_not_stop_the_others(meters):
    _lab, addresses = meters
    template = await template_from(addresses[0])
    gone = DeviceAddress("meter 9", "ion7400", Endpoint.tcp(f"127.0.0.1:{free_port()}"), 1, timeout=0.3)
    outcomes = await apply_template(template, [Target(addresses[0]), Target(gone), Target(addresses[2])])
    assert [o.status for o in outcomes] == [DONE, UNREACHABLE, DONE]
    assert "connection refused" in outcomes[1].message
    assert summary(outcomes).splitlines()[1] == "not done: meter 9 (unreachable)"


async def test_cancel_stops_the_devices_not_yet_started(meters):
    lab, addresses = meters
    template = await template_from(addresses[0])
    cancel = asyncio.Event()
    outcomes = await apply_template(template, [Target(a) for a in addresses], concurrency=1, cancel=cancel,
                                    on_result=lambda _o: cancel.set())
    assert [o.status for o in outcomes] == [DONE, CANCELLED, CANCELLED]
    assert lab.devices["meter 2"].settings["ct_primary"] == 200


async def test_nothing_is_sent_when_one_device_cannot_take_the_template(meters):
    lab, addresses = meters
    template = await template_from(addresses[0])
    bad = Target(addresses[1], {"com1_unit_id": 400})  # Modbus RTU on COM1 takes 1-247
    other = DeviceAddress("panel", "bcpme", addresses[2].endpoint, 1)
    with pytest.raises(ValidationError) as caught:
        await apply_template(template, [Target(addresses[0]), bad, Target(other)])
    text = str(caught.value)
    assert "nothing was written" in text and "meter 2" in text and "unit ID must be 1-247" in text
    assert "panel" in text and "a bcpme device, the template is for ion7400" in text
    assert all(lab.devices[a.name].settings["ct_primary"] == 200 for a in addresses)


def test_per_device_values_replace_the_template():
    from app.config import Configuration
    from app.profiles import profile_by_id

    template = Configuration(profile_by_id("bcpme"), {"strip_layout": 1, "hh_threshold": 80},
                             installation={"strip_layout": 1})
    address = DeviceAddress("panel 2", "bcpme", Endpoint.tcp("127.0.0.1:502"), 2)
    config = for_target(template, Target(address, {"strip_layout": 0}))
    assert config.values == {"hh_threshold": 80, "strip_layout": 0} and config.installation == {}


def test_pulse_weight_matches_the_manuals_example():
    assert pulse_weight(1600, 2) == pytest.approx(0.2222, abs=5e-5)
    assert pulse_weight(1600, 2, kyz=True) == pytest.approx(0.1111, abs=5e-5)
    with pytest.raises(ValidationError, match="at most 25"):
        pulse_weight(1600, 30)
    with pytest.raises(ValidationError, match="above 0"):
        pulse_weight(0, 2)


def test_burst_records_follow_the_half_cycle_rule():
    burst = burst_records(pre_seconds=1 / 12, post_seconds=1 / 24, frequency=60, bursts=100, buffered_bursts=2)
    assert (burst.pre_records, burst.post_records, burst.per_burst) == (10, 5, 16)  # the manual's 10 + 5 + 1
    assert (burst.depth, burst.buffer_depth, burst.records_per_second) == (1600, 32, 120)
    assert burst_records(1, 0, 50, 1).records_per_second == 100
    with pytest.raises(ValidationError):
        burst_records(0, 0, 50, 1)


def test_waveform_capture_length():
    capture = waveform_capture(128, 7, 60.0)  # the manual's 128 x 7
    assert capture.samples == 896 and capture.duration == pytest.approx(7 / 60)
    assert capture.sample_rate == 7680 and capture.after_trigger == 0
    delayed = waveform_capture(64, 12, 50.0, delay_cycles=8)
    assert delayed.before_trigger == pytest.approx(0.08) and delayed.after_trigger == pytest.approx(0.16)
    assert cycles_for(0.2, 50) == 10 and cycles_for(0.201, 50) == 11
    with pytest.raises(ValidationError, match="record delay 13 cycles"):
        waveform_capture(64, 12, 50.0, delay_cycles=13)
