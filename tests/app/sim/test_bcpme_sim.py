"""BCPME simulator: a third-party client on TCP, then the manual's behaviours on a simulated clock."""

import struct

import pytest
from pymodbus.client import AsyncModbusTcpClient

from app.devices.bcpme_circuits import Alarm, Layout
from app.modbus import codec
from app.profiles import profile_by_id
from app.sim.bcpme import BcpmeBoard, BcpmeSimulator, BranchLoad, PanelFeed
from app.sim.device import ILLEGAL_VALUE
from app.sim.lab import Lab, bcpme_specs, demo_specs

PROFILE = profile_by_id("bcpme")


def int16(word: int) -> int:
    return struct.unpack(">h", struct.pack(">H", word))[0]


def float32(words: list[int]) -> float:
    return struct.unpack(">f", struct.pack(">HH", *words))[0]


async def test_pymodbus_client_reads_both_panels():
    """A plain pymodbus client, decoding by hand: panel 1 on unit 1, panel 2 on unit 2, nothing on 3."""
    board = BcpmeBoard(4, (Layout.TOP_FEED, Layout.BOTTOM_FEED))
    board.panel(1).loads = {1: BranchLoad(12.34, 0.9), 2: BranchLoad(5.0, 1.0)}
    board.panel(2).loads = {1: BranchLoad(7.5, 0.8)}
    lab = Lab(bcpme_specs("pdu", board, port=0))
    served = await lab.start()
    host, port = served[0].endpoint.removeprefix("tcp://").rsplit(":", 1)
    assert {s.endpoint for s in served} == {served[0].endpoint} and [s.unit for s in served] == [1, 2]
    client = AsyncModbusTcpClient(host, port=int(port))
    try:
        assert await client.connect()
        scale = (await client.read_holding_registers(999, count=1, device_id=1)).registers  # reg 1000
        raw = (await client.read_holding_registers(1335, count=1, device_id=1)).registers  # reg 1336
        assert int16(scale[0]) == -2 and raw[0] * 10.0 ** int16(scale[0]) == pytest.approx(12.34)
        power = (await client.read_holding_registers(1251, count=1, device_id=1)).registers  # reg 1252
        p_scale = (await client.read_holding_registers(1041, count=1, device_id=1)).registers  # reg 1042
        assert power[0] * 10.0 ** int16(p_scale[0]) == pytest.approx(120 * 12.34 * 0.9 / 1000, abs=1e-3)
        pf = (await client.read_holding_registers(1293, count=2, device_id=1)).registers  # reg 1294
        assert [pf[0] / 1000, pf[1] / 1000] == [0.9, 1.0]
        floats = (await client.read_input_registers(2251, count=4, device_id=1)).registers  # FC04, reg 2252
        assert float32(floats[:2]) == pytest.approx(12.34) and float32(floats[2:]) == pytest.approx(5.0)
        layout2 = (await client.read_holding_registers(5, count=1, device_id=2)).registers
        current2 = (await client.read_holding_registers(1335, count=1, device_id=2)).registers
        assert layout2 == [1] and current2[0] / 100 == pytest.approx(7.5)  # commissioned bottom feed
        volts = [(await client.read_holding_registers(46000, count=2, device_id=u)).registers for u in (1, 2)]
        assert float32(volts[0]) == float32(volts[1]) == pytest.approx(120.0)  # shared taps
        absent = await client.read_holding_registers(5, count=1, device_id=3)
        assert absent.isError() and absent.exception_code == 11
        refused = await client.write_register(5, 9, device_id=1)  # register 6 = 9: no such layout
        assert refused.isError() and refused.exception_code == 3
        assert not (await client.write_register(5, 0, device_id=2)).isError()  # wrong layout on purpose
        moved = (await client.read_holding_registers(1335, count=42, device_id=2)).registers
        assert moved[0] == 0 and moved[41] / 100 == pytest.approx(7.5)  # breaker 1 now shows on channel 42
    finally:
        client.close()
        await lab.stop()


def test_demo_lab_serves_a_two_panel_bcpme_on_one_port():
    specs = [s for s in demo_specs(5020) if s.profile == "bcpme"]
    assert [(s.unit, s.port) for s in specs] == [(1, 5021), (2, 5021)]
    assert [s.settings["strip_layout"] for s in specs] == [0, 1]


# ---- behaviours on a simulated clock


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def make(clock, feed=None, **settings) -> BcpmeSimulator:
    feed = feed or PanelFeed(loads={1: BranchLoad(5.0, 1.0)})
    return BcpmeSimulator(PROFILE, system=feed, settings=settings, clock=clock)


def write(sim, name, value) -> int:
    reg = PROFILE.register(name)
    return sim.write(reg.address, codec.pack(reg, value)).exception


def advance(sim, clock, seconds):
    clock.now += seconds
    sim.tick()


def test_scale_factors_decide_the_integer_values(clock):
    sim = make(clock, PanelFeed(loads={2: BranchLoad(4.8, 1.0)}))
    reg = PROFILE.register("current_2")
    assert sim.read(3, reg.address, 1).words == [480] and sim.value("current_scale_2") == -2
    sim.set_scale(2, current=-1)
    assert sim.read(3, reg.address, 1).words == [48] and sim.value("current_2") == pytest.approx(4.8)
    sim.set_scale(2, current=0)
    assert sim.read(3, reg.address, 1).words == [5] and sim.value("current_2") == 5
    assert sim.value("current_float_2") == pytest.approx(4.8)  # floats need no scale
    assert sim.value("current_scale_1") == -2  # other channels keep theirs


def test_fc04_reads_the_same_registers_as_fc03(clock):
    sim = make(clock)
    assert sim.read(4, 999, 700).words == sim.read(3, 999, 700).words


def test_register_6_that_does_not_match_the_strips_moves_the_readings(clock):
    feed = PanelFeed(layout=Layout.BOTTOM_FEED, loads={1: BranchLoad(9.0, 1.0)})
    sim = make(clock, feed, strip_layout=1)
    assert sim.value("current_1") == pytest.approx(9.0)
    assert write(sim, "strip_layout", 0) == 0
    assert sim.value("current_1") == 0 and sim.value("current_42") == pytest.approx(9.0)


@pytest.mark.parametrize(("layout", "phases"), [(Layout.TOP_FEED, "AABBCC"), (Layout.SEQUENTIAL, "ABCABC")])
def test_channels_use_the_voltage_of_their_automatic_phase(clock, layout, phases):
    feed = PanelFeed(layout=layout, loads={b: BranchLoad(10.0, 1.0) for b in range(1, 7)})
    for phase, volts in zip(feed.phases, (110.0, 120.0, 130.0)):
        phase.v = volts
    sim = make(clock, feed, strip_layout=int(layout))
    seen = "".join({110: "A", 120: "B", 130: "C"}[round(sim.value(f"power_float_{ch}") * 100)] for ch in range(1, 7))
    assert seen == phases


def test_a_wrong_user_phase_shows_as_a_wrong_power_factor(clock):
    sim = make(clock, PanelFeed(loads={1: BranchLoad(10.0, 1.0)}))
    assert write(sim, "phase_assignment_1", 1) == 0
    assert sim.value("pf_1") == pytest.approx(1.0)  # explicit phases are off (62017 bit 0)
    assert write(sim, "advanced_options", 1) == 0
    assert sim.value("pf_1") == pytest.approx(-0.5)
    assert sim.value("power_1") == pytest.approx(-0.6)


def test_currents_below_50_ma_read_zero(clock):
    sim = make(clock)
    sim.set_load(3, 0.049)
    assert sim.value("current_3") == 0 and sim.value("power_3") == 0 and sim.value("pf_3") is None
    assert sim.read(3, PROFILE.register("pf_3").address, 1).words == [0x8000]
    sim.set_load(3, 0.051)
    assert sim.value("current_3") == pytest.approx(0.05)


def test_sliding_demand_and_clearing_max_values(clock):
    sim = make(clock, PanelFeed(loads={1: BranchLoad(10.0, 1.0)}), demand_subintervals=2, subinterval_length=10)
    advance(sim, clock, 10)
    assert sim.value("current_demand_1") == pytest.approx(10.0)
    assert sim.value("power_demand_1") == pytest.approx(1.2)
    sim.set_load(1, 20.0)
    advance(sim, clock, 10)
    assert sim.value("current_demand_1") == pytest.approx(15.0)  # mean of the last 2 sub-intervals
    advance(sim, clock, 10)
    assert sim.value("current_demand_1") == pytest.approx(20.0)
    sim.set_load(1, 5.0)
    advance(sim, clock, 10)
    assert sim.value("current_demand_1") == pytest.approx(12.5)
    assert sim.value("max_current_demand_1") == pytest.approx(20.0) and sim.value("max_current_1") == 20.0
    assert write(sim, "command_1", 29877) == 0
    assert sim.value("max_current_demand_1") == pytest.approx(12.5) and sim.value("max_current_1") == 5.0
    assert sim.read(3, PROFILE.register("command_1").address, 1).words == [0]
    assert write(sim, "command_1", 12345) == ILLEGAL_VALUE


def test_sync_to_comms_demand_ends_on_the_sync_command(clock):
    sim = make(clock, PanelFeed(loads={1: BranchLoad(10.0, 1.0)}), subinterval_length=0)
    advance(sim, clock, 30)
    sim.set_load(1, 20.0)
    advance(sim, clock, 10)
    assert sim.value("current_demand_1") == 0
    assert write(sim, "demand_sync", 26012) == 0
    assert sim.value("current_demand_1") == pytest.approx(12.5)


def test_energy_accumulates_and_clears(clock):
    sim = make(clock, PanelFeed(loads={1: BranchLoad(10.0, 1.0, kwh=100.0)}))
    advance(sim, clock, 3600)
    assert sim.value("energy_1") == pytest.approx(101.2) and sim.value("energy_float_1") == pytest.approx(101.2)
    assert write(sim, "command_1", 10203) == 0
    assert sim.value("energy_1") == 0


@pytest.mark.parametrize(
    ("writes", "refused"),
    [
        ([("subinterval_length", 5)], "subinterval_length"),
        ([("demand_subintervals", 7)], "demand_subintervals"),
        ([("strip_layout", 4)], "strip_layout"),
        ([("subinterval_length", 7200), ("advanced_options", 8)], "advanced_options"),
        ([("advanced_options", 8), ("subinterval_length", 3601)], "subinterval_length"),
        ([("advanced_options", 8), ("subinterval_length", 0)], "subinterval_length"),
        ([("protocol_mode", 5)], "protocol_mode"),
    ],
)
def test_invalid_writes_answer_exception_03(clock, writes, refused):
    sim = make(clock)
    for name, value in writes:
        assert write(sim, name, value) == (ILLEGAL_VALUE if name == refused else 0), name
    assert sim.value(refused) != writes[-1][1]


def test_protocol_mode_is_a_setting_and_modbus_still_answers(clock):
    sim = make(clock)
    assert sim.value("protocol_mode") == 4
    assert write(sim, "protocol_mode", 1) == 0
    assert sim.value("protocol_mode") == 1 and sim.read(3, 5, 1).words == [0]


def test_latched_and_non_latched_high_events(clock):
    sim = make(clock, high_threshold=60, hysteresis=10)  # 20 A breaker: HH 14 A (70 %), high 12 A
    status = lambda: Alarm(sim.value("alarm_status_1"))  # noqa: E731
    sim.set_load(1, 15.0)
    assert status() == Alarm.HIGH and sim.value("active_alarms") == 1
    advance(sim, clock, 9.9)
    assert status() == Alarm.HIGH
    advance(sim, clock, 0.1)
    assert status() == Alarm.HIGH | Alarm.HH and sim.value("latched_alarms") == 1
    sim.set_load(1, 11.0)
    assert status() == Alarm.HIGH | Alarm.HH  # inside the 10 % hysteresis band
    sim.set_load(1, 10.5)
    assert status() == Alarm.HH  # latched until cleared
    assert write(sim, "alarm_status_1", 0) == 0
    assert status() == Alarm.NONE and sim.value("latched_alarms") == 0
    sim.set_load(1, 15.0)
    advance(sim, clock, 10)
    assert write(sim, "alarm_status_1", 0) == 0
    assert Alarm.HH not in status()  # the delay restarts at the clear
    advance(sim, clock, 10)
    assert Alarm.HH in status()


def test_low_events_and_off_declaration(clock):
    sim = make(clock, l_threshold=25, low_threshold=30, l_delay=10)  # 20 A breaker: L 5 A, low 6 A
    status = lambda: Alarm(sim.value("alarm_status_1"))  # noqa: E731
    sim.set_load(1, 3.0)
    advance(sim, clock, 10)
    assert status() == Alarm.LOW | Alarm.L
    sim.set_load(1, 0.0)  # off is not low; the channel was on for the 10 s ON time
    assert status() == Alarm.L
    advance(sim, clock, 29)
    assert status() == Alarm.L
    advance(sim, clock, 1)
    assert status() == Alarm.L | Alarm.OFF and sim.value("latched_alarms") == int(Alarm.L | Alarm.OFF)


def test_aux_inputs_read_the_phase_sums_scaled_by_the_ct_size(clock):
    feed = PanelFeed(loads={1: BranchLoad(10.0, 1.0), 2: BranchLoad(6.0, 1.0), 3: BranchLoad(4.0, 1.0)})
    sim = make(clock, feed, aux_ct_size_1=200)
    assert sim.value("mains_current_a") == pytest.approx(16.0)  # breakers 1 and 2 are on phase A
    assert sim.value("mains_current_b") == pytest.approx(4.0)
    assert sim.value("mains_power_a") == pytest.approx(1.92, abs=1e-4)
    assert write(sim, "aux_ct_size_1", 400) == 0  # installed CTs are 200 A
    assert sim.value("mains_current_a") == pytest.approx(32.0)
    assert sim.value("mains_current_b") == pytest.approx(4.0)


def test_panels_of_a_board_share_the_voltage_taps(clock):
    board = BcpmeBoard(4)
    sims = [make(clock, feed) for feed in board.panels]
    board.set_voltage(230.0)
    advance(sims[0], clock, 1)
    sims[1].tick()
    assert [s.value("voltage_an") for s in sims] == [230.0, 230.0]
    assert sims[0].value("voltage_ab") == pytest.approx(230.0 * 3**0.5)


def test_two_strip_board_has_one_panel():
    assert len(BcpmeBoard(2).panels) == 1
    with pytest.raises(ValueError, match="2 or 4 strips"):
        BcpmeBoard(3)
