"""BCPME driver against the simulated board over real sockets, and `meterdesk read` on both panels."""

import json
import subprocess
import sys

import pytest

from app.cli.main import main
from app.devices.bcpme_circuits import Alarm, Layout, Severity, default_phase
from app.devices.bcpme_settings import Options
from app.drivers import open_device
from app.drivers.bcpme import BcpmeDevice
from app.errors import ValidationError
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import profile_by_id
from app.sim.bcpme import BcpmeBoard, BranchLoad, demo_board
from app.sim.lab import Lab, LabThread, bcpme_specs

PROFILE = profile_by_id("bcpme")


def small_board(strips: int = 4) -> BcpmeBoard:
    board = BcpmeBoard(strips, (Layout.TOP_FEED, Layout.SEQUENTIAL))
    for feed in board.panels:
        feed.loads = {b: BranchLoad(round(0.5 + b / 4 + feed.panel, 2), 0.9, kwh=10.0 * b) for b in range(1, 43)}
    return board


@pytest.fixture
async def rig():
    """A two-panel board on one ephemeral TCP port, its simulators, and a driver on unit 1."""
    lab = Lab(bcpme_specs("pdu", small_board(), port=0))
    served = await lab.start()
    link = ModbusLink(Endpoint.parse(served[0].endpoint), timeout=0.5, retries=0)
    await link.connect()
    device = open_device(PROFILE, link, 1)
    sims = [lab.devices["pdu panel 1"], lab.devices["pdu panel 2"]]
    yield device, sims, lab
    link.close()
    await lab.stop()


async def test_open_device_gives_the_bcpme_driver_with_two_panels(rig):
    device, _, _ = rig
    assert isinstance(device, BcpmeDevice)
    assert await device.panel_count() == 2


async def test_read_circuits_numbers_84_circuits_across_both_panels(rig):
    device, sims, _ = rig
    circuits = await device.read_circuits()
    assert [c.number for c in circuits] == list(range(1, 85))
    for c in circuits:
        feed = sims[c.panel - 1].feed
        load = feed.loads[c.channel]  # commissioned: channel n reads breaker n
        assert c.current == pytest.approx(load.amps, abs=0.005)
        assert c.power == pytest.approx(0.120 * load.amps * 0.9, abs=0.0006)
        assert c.pf == pytest.approx(0.9) and c.energy == pytest.approx(load.kwh)
        assert c.phase == default_phase(feed.layout, c.channel)
        assert c.breaker == 20 and c.limits.hh == pytest.approx(14.0)
    second = circuits[42]
    assert (second.panel, second.channel, second.layout, second.strip, second.ct) == (2, 1, Layout.SEQUENTIAL, "2A", 21)


async def test_integer_values_follow_each_channels_scale_register(rig):
    device, sims, _ = rig
    sims[0].set_scale(5, current=0, power=-1)
    sims[1].set_scale(5, current=-1)
    circuits = await device.read_circuits()
    floats = await device.panel(1).read(["current_float_5", "power_float_5"])
    assert circuits[4].current == round(floats["current_float_5"])  # 10^0 A: whole amps
    assert circuits[4].power == pytest.approx(round(floats["power_float_5"], 1))
    assert circuits[46].current == pytest.approx(sims[1].feed.loads[5].amps, abs=0.051)  # half a 10^-1 step
    assert circuits[5].current == pytest.approx(sims[0].feed.loads[6].amps, abs=0.005)


async def test_settings_are_read_once_and_reused(rig):
    device, _, _ = rig
    settings = {p: await device.read_settings(p) for p in (1, 2)}
    assert settings[2].layout is Layout.SEQUENTIAL and settings[2].alarm.hh == 70
    before = device.link.stats.requests
    await device.read_circuits(settings)
    with_settings = device.link.stats.requests - before
    before = device.link.stats.requests
    await device.read_circuits()
    assert device.link.stats.requests - before > with_settings


async def test_mains_of_both_panels(rig):
    device, sims, _ = rig
    mains = await device.read_mains()
    assert [m.panel for m in mains] == [1, 2]
    for m, sim in zip(mains, sims):
        q = sim.feed.quantities(noise=False)
        assert m.voltage_ln == pytest.approx((120.0,) * 3) and m.frequency == pytest.approx(60.0)
        assert m.current[:3] == pytest.approx((q["i_a"], q["i_b"], q["i_c"]), rel=1e-5)
        assert m.power_total == pytest.approx(q["p_total"] / 1000, rel=1e-5)
        assert m.alarms == (Alarm.NONE,) * 4 and m.limits[0].hh == pytest.approx(140.0)


async def test_threshold_alarm_fires_latches_and_clears(rig):
    device, sims, _ = rig
    results = await device.write_settings(2, {"hh_delay": 0, "high_threshold": 50, "breaker_size_7": 30})
    assert all(r.ok for r in results)
    sims[1].set_load(7, 25.0)  # HH 21 A (70 % of 30 A), high 15 A
    circuit = (await device.read_circuits())[42 + 6]
    assert circuit.alarms == Alarm.HH | Alarm.HIGH and circuit.severity is Severity.ALARM
    assert circuit.limits.hh == pytest.approx(21.0)
    sims[1].set_load(7, 10.0)
    assert (await device.read_circuits())[48].alarms == Alarm.HH
    await device.clear_alarms(2, [7])
    circuit = (await device.read_circuits())[48]
    assert circuit.alarms == Alarm.NONE and circuit.severity is Severity.OK


async def test_demand_rules_are_checked_before_anything_is_sent(rig):
    device, _, lab = rig
    bus = lab.buses["pdu panel 1"]
    assert all(r.ok for r in await device.write_settings(1, {"subinterval_length": 7200}))
    before = bus.requests
    with pytest.raises(ValidationError, match="RTC"):
        await device.write_settings(1, {"advanced_options": int(Options.RTC_DEMAND)})
    assert bus.requests == before + 1  # only the read of the current length


async def test_commands_clear_max_energy_and_sync_demand(rig):
    device, sims, _ = rig
    assert all(r.ok for r in await device.write_settings(1, {"subinterval_length": 0}))
    assert all(r.ok for r in await device.write_settings(2, {"subinterval_length": 0}))
    sims[0].set_load(2, 30.0)
    sims[0].set_load(2, 3.0)
    await device.sync_demand()  # ends the sub-interval that saw the earlier loads
    await device.sync_demand()  # one that saw only 3 A
    before = (await device.read_circuits())[1]
    assert before.max_current == pytest.approx(30.0) and before.current_demand == pytest.approx(3.0, abs=0.01)
    assert (await device.read_circuits())[43].current_demand > 0  # panel 2 synced too
    await device.clear_max(1, [2])
    await device.clear_energy(1, [1, 2, 3])
    after = await device.read_circuits()
    assert after[1].max_current == pytest.approx(3.0) and [c.energy for c in after[:4]] == [0, 0, 0, 40.0]


async def test_logical_circuits_from_read_channels(rig):
    device, _, _ = rig
    circuits = await device.read_circuits()
    groups = device.logical_circuits(circuits, [[1, 3, 5], [43, 44, 45]])
    three_phase = groups[0]
    assert three_phase.phases == "ABC" and three_phase.power == pytest.approx(sum(circuits[i].power for i in (0, 2, 4)))
    assert next(g for g in groups if g.number == 43).phases == "ABC"  # sequential panel: 1-2-3
    with pytest.raises(ValidationError, match="not adjacent"):
        device.logical_circuits(circuits, [[1, 2]])


async def test_two_strip_board_is_one_panel_of_42_circuits():
    lab = Lab(bcpme_specs("small", small_board(2), port=0))
    served = await lab.start()
    link = ModbusLink(Endpoint.parse(served[0].endpoint), timeout=0.5, retries=0)
    try:
        device = open_device(PROFILE, link, 1)
        assert await device.panel_count() == 1
        assert len(await device.read_circuits()) == 42
    finally:
        link.close()
        await lab.stop()


# ---- the CLI, as a user runs it


@pytest.fixture(scope="module")
def demo_pdu():
    lab = LabThread(bcpme_specs("demo", demo_board(), port=0))
    lab.start()
    yield lab.lab.served[0].endpoint.removeprefix("tcp://")
    lab.stop()


@pytest.mark.parametrize(("unit", "layout", "current_1"), [(1, "Top feed", 12.0), (2, "Bottom feed", None)])
def test_meterdesk_read_both_panels(demo_pdu, capsys, unit, layout, current_1):
    assert main(["read", "--tcp", demo_pdu, "--profile", "bcpme", "--unit", str(unit), "--json",
                 "strip_layout", "current_1", "current_scale_1", "voltage_an", "events"]) == 0
    values = json.loads(capsys.readouterr().out)["values"]
    assert values["strip_layout"]["text"] == layout
    assert values["current_scale_1"]["value"] == -2 and values["voltage_an"]["value"] == pytest.approx(120.0)
    feed = demo_board().panel(unit)
    assert values["current_1"]["value"] == pytest.approx(current_1 or feed.loads[1].amps)
    assert values["alarm_status_1"]["text"] == "none" and "latched_alarms" in values


def test_meterdesk_read_all_measurements_of_panel_2(demo_pdu, capsys):
    assert main(["read", "--tcp", demo_pdu, "--profile", "bcpme", "--unit", "2"]) == 0
    out = capsys.readouterr().out
    assert "Channel 42 apparent power (float)" in out and "Mains energy" in out and "unreadable" not in out


def test_meterdesk_read_unit_without_panel_fails_cleanly(demo_pdu, capsys):
    assert main(["read", "--tcp", demo_pdu, "--profile", "bcpme", "--unit", "3", "--retries", "0"]) == 1
    assert "exception 11" in capsys.readouterr().err


def test_simulate_demo_includes_a_two_panel_bcpme():
    proc = subprocess.Popen([sys.executable, "-m", "app", "simulate", "--demo", "--json", "--base-port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        served = []
        while len([s for s in served if s["profile"] == "bcpme"]) < 2:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            served.append(json.loads(line))
        panels = [s for s in served if s["profile"] == "bcpme"]
        assert [p["unit"] for p in panels] == [1, 2] and panels[0]["endpoint"] == panels[1]["endpoint"]
        host = panels[0]["endpoint"].removeprefix("tcp://")
        for unit, text in ((1, "Top feed"), (2, "Bottom feed")):
            out = subprocess.run([sys.executable, "-m", "app", "read", "--tcp", host, "--profile", "bcpme",
                                  "--unit", str(unit), "strip_layout"], capture_output=True, text=True, timeout=30)
            assert out.returncode == 0 and text in out.stdout, out.stderr
    finally:
        proc.terminate()
        proc.wait(10)
