"""Iskra drivers against the simulated SG over real sockets: counters, Bicom, gateway, REST, CLI."""

import pytest

from app.cli.main import main
from app.drivers import open_device
from app.drivers.iskra import (
    RS485_MASTER_WARNING,
    RS485_SLAVE_WARNING,
    Counter,
    IskraBicom,
    IskraGateway,
    IskraMeter,
    counter_direction,
)
from app.drivers.iskra_rest import IskraRestClient, RestError, parse_energy, parse_value
from app.errors import ValidationError
from app.modbus.codec import PowerFactor
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import profile_by_id
from app.sim.iskra import iskra_sg_specs
from app.sim.lab import LabThread

SG, IE38MD, BICOM, WM3M4C = 34, 33, 35, 1


def endpoint(lab, prefix: str) -> str:
    return next(s.endpoint for s in lab.served if s.name == "Iskra SG-W1" and s.endpoint.startswith(prefix))


@pytest.fixture
async def link(sg_lab):
    link = ModbusLink(Endpoint.parse(endpoint(sg_lab, "tcp://")))
    await link.connect()
    yield link
    link.close()


def rest(lab) -> IskraRestClient:
    host, port = endpoint(lab, "http://").removeprefix("http://").split(":")
    return IskraRestClient(host, int(port))


def device(link, profile_id: str, unit: int):
    return open_device(profile_by_id(profile_id), link, unit)


async def test_profiles_name_their_drivers():
    unconnected = ModbusLink(Endpoint.tcp("127.0.0.1:10001"))
    assert isinstance(device(unconnected, "iskra-sg", SG), IskraGateway)
    assert isinstance(device(unconnected, "iskra-ie38md", IE38MD), IskraMeter)
    assert isinstance(device(unconnected, "iskra-wm3m4c", WM3M4C), IskraMeter)
    assert isinstance(device(unconnected, "iskra-bicom", BICOM), IskraBicom)


async def test_counters_with_exponents_come_as_value_and_unit(sg_lab, link):
    wm = sg_lab.devices["WM3M4C (RS-485 device 1)"]
    meter = device(link, "iskra-wm3m4c", WM3M4C)
    for exponent in (1, 2, -2):
        wm.set_counter_exponent(exponent)
        first, second = await meter.counters()
        assert (first.name, first.unit, first.direction, first.resettable) == ("counter_nr_1", "Wh", "import", False)
        assert second.direction == "export"
        assert first.value == pytest.approx(wm.counter_energy("counter_nr_1"), abs=max(10.0**exponent, 1.0))
    assert first.value_in("kWh") == pytest.approx(5432.1, abs=0.01)
    with pytest.raises(ValueError):
        first.value_in("kvarh")


async def test_ie38md_float_counters_follow_their_unit_settings(link):
    counters = await device(link, "iskra-ie38md", IE38MD).counters()
    assert len(counters) == 20
    assert [c.unit for c in counters[:4]] == ["Wh", "Wh", "varh", "varh"]  # as the REST example (L595-L598)
    assert [c.resettable for c in counters] == [False] * 4 + [True] * 16
    assert counters[0].value == pytest.approx(1_234_567.0, rel=1e-3)
    assert counters[-1].unit == "" and counters[-1].value == 0.0


def test_counter_direction_and_reverse_connection():
    assert [counter_direction(q) for q in (6, 12, 9, 3, 15, 0)] == ["import", "import", "export", "export",
                                                                    "bidirectional", ""]
    assert counter_direction(6, reverse=True) == "export" and counter_direction(15, reverse=True) == "bidirectional"
    assert Counter("c", "c", 2500.0, "varh").value_in("kvarh") == 2.5


async def test_bicom_switch_is_verified_by_read_back(sg_lab, link):
    bicom = device(link, "iskra-bicom", BICOM)
    assert await bicom.state() == "OFF"
    assert "unit 35" in bicom.confirmation("on")
    on = await bicom.switch("on")
    assert (on.ok, on.before, on.after) == (True, "OFF", "ON")
    toggled = await bicom.switch("Toggle")
    assert (toggled.ok, toggled.expected, toggled.after) == (True, "OFF", "OFF")
    sg_lab.devices["IR Bicom (right IR)"].switch_delay = 0.2
    slow = await bicom.switch("ON")  # the relay needs time: the driver polls until it reads ON
    assert slow.ok and slow.after == "ON"
    sg_lab.devices["IR Bicom (right IR)"].switch_delay = 60.0
    stuck = await bicom.switch("OFF", settle=0.3)
    assert not stuck.ok and stuck.after == "ON" and "expected OFF" in stuck.message
    with pytest.raises(ValidationError, match="choose ON, OFF or Toggle"):
        await bicom.switch("blink")


async def test_bicom_switch_reports_an_unreachable_relay(link):
    gateway = device(link, "iskra-sg", SG)
    await gateway.write({"ir_relay_mode": 0})  # Not Connected: the SG no longer serves the relay
    result = await device(link, "iskra-bicom", BICOM).switch("ON")
    assert not result.ok and "exception 11" in result.message


async def test_gateway_warns_before_rs485_role_changes(link):
    gateway = device(link, "iskra-sg", SG)
    assert await gateway.write_warnings({"description": "x"}) == []
    assert await gateway.write_warnings({"rs485_dev1_type": 0}) == [RS485_SLAVE_WARNING]
    assert await gateway.write_warnings({"rs485_dev1_type": 2}) == []  # still master
    results = await gateway.write({"rs485_dev1_type": 0})
    assert results[0].ok
    assert (await gateway.read(["rs485_role"]))["rs485_role"] == 0
    assert await gateway.write_warnings({"rs485_dev2_type": 1}) == [RS485_MASTER_WARNING]
    assert "L443" in RS485_MASTER_WARNING and "master" in RS485_MASTER_WARNING


async def test_gateway_moves_to_a_new_modbus_address(link):
    gateway = device(link, "iskra-sg", SG)
    assert "address 40" in (await gateway.write_warnings({"local_modbus_address": 40}))[0]
    results = await gateway.write({"location": "Substation 2", "local_modbus_address": 40})
    assert [(r.name, r.status) for r in results] == [("location", "verified"), ("local_modbus_address", "verified")]
    assert gateway.unit == 40
    assert (await device(link, "iskra-sg", 40).read(["location"]))["location"] == "Substation 2"


async def test_gateway_lists_the_devices_behind_it(link):
    gateway = device(link, "iskra-sg", SG)
    found = await gateway.attached()
    assert [(a.slot, a.unit, a.profile, a.model, a.rest_device) for a in found] == [
        ("IR energy meter", IE38MD, "iskra-ie38md", "IE38MD", 0),
        ("IR relay", BICOM, "iskra-bicom", "IR Bicom", None),
        ("RS 485 device 1", WM3M4C, "iskra-wm3m4c", "WM3M4C", 1),
    ]
    meter = gateway.device(found[2])
    assert isinstance(meter, IskraMeter)
    assert (await meter.read(["serial_number"]))["serial_number"] == "18230001"
    await gateway.write({"rs485_dev2_type": 1, "rs485_dev2_address": 9})  # nothing answers at 9
    missing = (await gateway.attached())[-1]
    assert (missing.slot, missing.profile) == ("RS 485 device 2", None) and "exception 11" in missing.error


async def test_rest_path_gives_the_same_measurements_as_modbus(sg_lab, link):
    modbus = await device(link, "iskra-wm3m4c", WM3M4C).read()
    reading = await rest(sg_lab).measurements(1)
    assert (reading.model, reading.serial, reading.tariff) == ("WM3M4C", "18230001", 1)
    decimals = {"voltage": 1, "current": 3, "p_": 1, "q_": 1, "s_": 1, "pf": 4, "angle": 2, "temperature": 2,
                "thd": 2, "frequency": 2}  # as the REST strings carry them (L535-L568)
    assert len(reading.values) == 34
    for name, value in reading.values.items():
        places = next(d for prefix, d in decimals.items() if name.startswith(prefix))
        assert value == pytest.approx(modbus[name], abs=0.6 * 10.0**-places), name
    assert isinstance(reading.values["pf_1"], PowerFactor) and reading.values["pf_1"].capacitive
    assert modbus["pf_1"].capacitive


async def test_rest_path_gives_the_same_counters_as_modbus(sg_lab, link):
    modbus = {c.name: c for c in await device(link, "iskra-ie38md", IE38MD).counters()}
    answer = await rest(sg_lab).counters(0)
    assert (answer.model, answer.serial, len(answer.counters)) == ("IE38MD", "X0000124", 20)
    for counter in answer.counters:
        expected = modbus[counter.name]
        assert counter.unit == expected.unit and counter.resettable == expected.resettable
        assert counter.value == pytest.approx(expected.value, abs=50.0)  # one decimal of kWh


async def test_rest_errors_are_worded(sg_lab):
    with pytest.raises(RestError, match=r"HTTP 404 \(no energy meter on RS 485 device 2\)"):
        await rest(sg_lab).measurements(2)
    with pytest.raises(RestError, match="cannot connect"):
        await IskraRestClient("127.0.0.1", 9, timeout=0.5).counters()


def test_rest_value_parsing():
    assert parse_value("220.5 V") == 220.5 and parse_value("50.01 ") == 50.01
    cap, ind = parse_value("0.2124 Cap"), parse_value("1.0 Ind")
    assert cap == 0.2124 and cap.capacitive and ind == -1.0 and not ind.capacitive
    assert parse_energy("0.2 kWh") == (pytest.approx(200.0), "Wh")
    assert parse_energy("0.00 kvarh") == (0.0, "varh")
    assert parse_energy("0.00 k") == (0.0, "")  # counters 13-16 of the example (L611)


@pytest.fixture
def cli_lab():
    lab = LabThread(iskra_sg_specs(0, None))
    lab.start()
    yield endpoint(lab.lab, "tcp://").removeprefix("tcp://")
    lab.stop()


@pytest.mark.parametrize("profile,unit,label,text", [
    ("iskra-sg", None, "RS-485 port role", "Master"),
    ("iskra-ie38md", None, "U1", "230 V"),
    ("iskra-wm3m4c", "1", "Power factor 1", "Cap"),
    ("iskra-bicom", None, "Relay state", "OFF"),
])
def test_cli_reads_every_device_behind_the_gateway(cli_lab, capsys, profile, unit, label, text):
    args = ["read", "--profile", profile, "--tcp", cli_lab] + (["--unit", unit] if unit else [])
    assert main(args) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith(label + " ")]
    assert lines and text in lines[0]


def test_cli_write_shows_the_rs485_consequence_first(cli_lab, capsys):
    code = main(["write", "--profile", "iskra-sg", "--tcp", cli_lab, "rs485_dev1_type=Not connected"])
    out = capsys.readouterr()
    assert code == 0
    assert "warning: " + RS485_SLAVE_WARNING in out.err
    assert "RS 485 device 1 type: Not connected -> verified" in out.out
