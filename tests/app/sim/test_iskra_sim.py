"""The Iskra SG simulator over real sockets, read by a third-party client (plain pymodbus, urllib)."""

import json
import os
import re
import urllib.error
import urllib.request

import pytest
from pymodbus.client import AsyncModbusTcpClient

from app.drivers import open_device
from app.drivers.iskra import RS485_MASTER_WARNING
from app.modbus.errors import LinkError
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import profile_by_id
from app.sim.iskra import gateway_bus, iskra_sg_specs
from app.sim.lab import DeviceSpec, LabThread, demo_specs

SG, IE38MD, BICOM, WM3M4C = 34, 33, 35, 1


def served(lab, prefix: str, name: str = "Iskra SG-W1") -> str:
    return next(s.endpoint for s in lab.served if s.name == name and s.endpoint.startswith(prefix))


@pytest.fixture
async def client(sg_lab):
    host, port = served(sg_lab, "tcp://").removeprefix("tcp://").split(":")
    client = AsyncModbusTcpClient(host, port=int(port))
    await client.connect()
    yield client
    client.close()


def text(registers: list[int]) -> str:
    return b"".join(r.to_bytes(2, "big") for r in registers).rstrip(b"\0").decode()


def t5(high: int, low: int) -> float:
    """Iskra T5, decoded here independently of MeterDesk's codec."""
    raw = high << 16 | low
    exponent = (raw >> 24) - 256 if raw >> 31 else raw >> 24
    return (raw & 0xFFFFFF) * 10.0**exponent


async def model(client, unit: int) -> str:
    rr = await client.read_input_registers(1, count=8, device_id=unit)
    assert not rr.isError(), rr
    return text(rr.registers)


async def test_one_port_serves_the_gateway_and_the_devices_behind_it(client):
    assert await model(client, SG) == "SG-W1"
    assert await model(client, IE38MD) == "IE38MD"
    assert await model(client, BICOM) == "IR Bicom"
    assert await model(client, WM3M4C) == "WM3M4C"
    rr = await client.read_input_registers(105, count=8, device_id=IE38MD)  # frequency, U1, U2, U3 (T5)
    values = [t5(*rr.registers[i : i + 2]) for i in range(0, 8, 2)]
    assert values == [pytest.approx(50.0), pytest.approx(230.0), pytest.approx(230.0), pytest.approx(230.0)]
    rr = await client.read_input_registers(126, count=2, device_id=WM3M4C)  # I1
    assert t5(*rr.registers) == pytest.approx(5.0)


async def test_units_nobody_answers_get_gateway_target_failed(client):
    for unit in (2, 36, 247):
        rr = await client.read_input_registers(1, count=1, device_id=unit)
        assert rr.isError() and rr.exception_code == 11


async def test_routing_follows_the_gateway_settings(client):
    rr = await client.read_input_registers(1001, count=1, device_id=SG)
    assert rr.registers == [1]  # RS-485 device 1 is set, so the port is a master (L443)
    assert not (await client.write_register(1711, 0, device_id=SG)).isError()  # device 1: Not connected
    assert (await client.read_input_registers(1001, count=1, device_id=SG)).registers == [0]  # slave again
    assert (await client.read_input_registers(1, count=1, device_id=WM3M4C)).exception_code == 11
    await client.write_register(1711, 1, device_id=SG)
    assert await model(client, WM3M4C) == "WM3M4C"

    await client.write_register(1602, 40, device_id=SG)  # IR energy counter address (L889)
    assert await model(client, 40) == "IE38MD"
    assert (await client.read_input_registers(1, count=1, device_id=IE38MD)).exception_code == 11
    await client.write_register(1601, 0, device_id=SG)  # IR energy counter Disabled
    assert (await client.read_input_registers(1, count=1, device_id=40)).exception_code == 11

    await client.write_register(1605, 0, device_id=SG)  # IR relay: Not Connected
    assert (await client.read_input_registers(1, count=1, device_id=BICOM)).exception_code == 11

    await client.write_register(1002, 40, device_id=SG)  # Local Modbus Address
    assert await model(client, 40) == "SG-W1"
    assert (await client.read_input_registers(1, count=1, device_id=SG)).exception_code == 11


async def test_every_device_on_the_rs485_bus_is_reachable_while_master():
    specs = iskra_sg_specs(0, None)
    specs.append(DeviceSpec("iskra-wm3m4c", "third meter", unit=7, bus="Iskra SG",
                            identity={"model": "WM3M4C", "serial_number": "18230007"}))
    specs[0].bus_factory = gateway_bus(SG, IE38MD, BICOM, (WM3M4C, 7))
    lab = LabThread(specs)
    lab.start()
    try:
        host, port = served(lab.lab, "tcp://").removeprefix("tcp://").split(":")
        client = AsyncModbusTcpClient(host, port=int(port))
        await client.connect()
        rr = await client.read_input_registers(9, count=4, device_id=7)  # not in a slot: Modbus TCP only (L213)
        assert text(rr.registers) == "18230007"
        client.close()
    finally:
        lab.stop()


async def test_bicom_commands_switch_the_relay(client):
    async def state() -> int:
        return (await client.read_input_registers(701, count=1, device_id=BICOM)).registers[0]

    assert await state() == 0
    await client.write_register(701, 1, device_id=BICOM)  # ON
    assert await state() == 1
    await client.write_register(701, 3, device_id=BICOM)  # Toggle
    assert await state() == 0
    await client.write_register(701, 3, device_id=BICOM)
    await client.write_register(701, 2, device_id=BICOM)  # OFF
    assert await state() == 0
    assert (await client.read_holding_registers(701, count=1, device_id=BICOM)).registers == [0]  # write-only
    assert (await client.write_register(701, 4, device_id=BICOM)).exception_code == 3  # not a command


async def test_blocks_read_whole_but_unmapped_addresses_elsewhere_fail(client):
    rr = await client.read_input_registers(100, count=91, device_id=IE38MD)  # Iskra's block 30100-30190
    assert not rr.isError() and rr.registers[0] == 0  # 30100 is not listed: reads 0
    assert (await client.read_input_registers(300, count=2, device_id=IE38MD)).exception_code == 2
    password = await client.read_holding_registers(1027, count=4, device_id=SG)
    assert password.registers == [0, 0, 0, 0]  # write-only


async def test_counters_carry_their_exponent(sg_lab, client):
    wm = sg_lab.devices["WM3M4C (RS-485 device 1)"]
    energy = wm.counter_energy("counter_nr_1")
    for exponent in (1, -1, 3):
        wm.set_counter_exponent(exponent)
        exp = (await client.read_input_registers(401, count=1, device_id=WM3M4C)).registers[0]
        words = (await client.read_input_registers(406, count=2, device_id=WM3M4C)).registers
        mantissa = words[0] << 16 | words[1]
        assert exp == exponent & 0xFFFF
        assert mantissa * 10.0**exponent == pytest.approx(wm.counter_energy("counter_nr_1"), abs=max(10.0**exponent, 1.0))
    assert energy == pytest.approx(5_432_100.0, rel=1e-3)


async def test_counter_settings_choose_the_energy(sg_lab, client):
    wm = sg_lab.devices["WM3M4C (RS-485 device 1)"]
    imported = wm.counter_energy("counter_nr_1")
    await client.write_register(151, 0b10, device_id=WM3M4C)  # reverse connection swaps import/export
    assert wm.counter_energy("counter_nr_1") == pytest.approx(wm.system.energies.wh_rec)
    assert wm.counter_energy("counter_nr_2") == pytest.approx(imported, rel=1e-3)
    await client.write_register(421, 2, device_id=WM3M4C)  # counter 1 counts varh
    assert wm.counter_energy("counter_nr_1") == pytest.approx(wm.system.energies.varh_rec)
    ie = sg_lab.devices["IE38MD (left IR)"]
    ie.reset_counters()
    assert ie.value("counter_1") == pytest.approx(0.0, abs=1.0)
    assert ie.value("counter_nr_1") == pytest.approx(1_234_567.0, rel=1e-3)


def get(lab, command: str) -> tuple[int, dict]:
    url = f"{served(lab, 'http://')}/get_command?command={command}&time=1582633521851"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_rest_measurements_have_the_manuals_fields(sg_lab):
    status, body = get(sg_lab, "get_measurements1")
    assert status == 200
    header, m = body["header"], body["measurements"]
    assert header["cmd"] == "get_measurements1" and header["model"] == "WM3M4C"
    assert header["serial_number"] == "18230001"
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d", header["local_time"])
    expected = (["frequency"] + [f"U{n}" for n in (1, 2, 3)] + [f"I{n}" for n in (1, 2, 3)]
                + [f"{k}{n}" for k in ("P", "Q", "S", "PF", "PA") for n in range(4)]
                + ["Tint"] + [f"THDI{n}" for n in (1, 2, 3)] + [f"THDUp{n}" for n in (1, 2, 3)] + ["tariff"])
    assert list(m) == expected  # the example's order (L535-L569)
    assert m["U1"] == "230.0 V" and m["I1"] == "5.000 A" and m["frequency"] == "50.00 "
    assert re.fullmatch(r"0\.\d{4} Cap", m["PF0"])  # leading current: capacitive
    assert m["tariff"] == 1
    assert float(m["PA0"]) == pytest.approx(-40.0, abs=0.01)


def test_rest_counters_have_the_manuals_fields(sg_lab):
    status, body = get(sg_lab, "get_counters")
    assert status == 200
    header, counters, settings = body["header"], body["counters"], body["settings"]
    assert header["cmd"] == "get_energy_counters"  # not the command name (L587)
    assert (header["model"], header["resetable_counters"], header["non_resetable_counters"]) == ("IE38MD", 16, 4)
    assert list(counters) == [f"counter{n}nr" for n in range(1, 5)] + [f"counter{n}" for n in range(1, 17)]
    assert re.fullmatch(r"\d+\.\d kWh", counters["counter1nr"])
    assert re.fullmatch(r"\d+\.\d kvarh", counters["counter3"])
    assert re.fullmatch(r"\d+\.\d\d kWh", counters["counter9"])
    assert counters["counter13"] == "0.00 k"  # no unit set: the "k" alone (L611)
    assert settings["tariff1nr"] == "1 2 3 4 " and settings["tariff9"] == "" and settings["phase16"] == ""


def test_rest_refuses_what_is_not_there(sg_lab):
    assert get(sg_lab, "get_measurements2")[0] == 404  # RS 485 device 2 is not connected
    assert get(sg_lab, "get_counters7")[0] == 400
    assert get(sg_lab, "reboot")[0] == 400


def test_demo_lab_serves_the_iskra_group():
    specs = demo_specs(5020)
    iskra = [s for s in specs if s.profile.startswith("iskra-")]
    assert {(s.profile, s.unit, s.port) for s in iskra} == {
        ("iskra-sg", SG, 5022), ("iskra-ie38md", IE38MD, 5022), ("iskra-bicom", BICOM, 5022),
        ("iskra-wm3m4c", WM3M4C, 5022),
    }
    lab = LabThread(demo_specs(0))
    lab.start()
    try:
        iskra_served = [s for s in lab.lab.served if s.profile.startswith("iskra-")]
        assert len({s.endpoint for s in iskra_served if s.endpoint.startswith("tcp://")}) == 1
        assert [s.name for s in iskra_served if s.endpoint.startswith("http://")] == ["Iskra SG-W1"]
        assert {s.unit for s in iskra_served} == {SG, IE38MD, BICOM, WM3M4C}
    finally:
        lab.stop()


@pytest.mark.skipif(os.name != "posix", reason="the RS-485 port is a pseudo-terminal")
async def test_rs485_slave_port_goes_silent_once_a_device_type_is_set():
    specs = iskra_sg_specs(0, None, rs485_slave_port=True)
    specs[0].settings["rs485_dev1_type"] = 0  # factory state: the port is a slave (L443)
    lab = LabThread(specs)
    lab.start()
    try:
        endpoint = served(lab.lab, "rtu:")
        assert "baud=115200" in endpoint and "parity=N" in endpoint  # L445
        link = ModbusLink(Endpoint.parse(endpoint), timeout=0.3, retries=0)
        await link.connect()
        assert text((await link.read_registers(4, 1, 8, unit=SG)).tolist()) == "SG-W1"
        warnings = await open_device(profile_by_id("iskra-sg"), link, SG).write_warnings({"rs485_dev1_type": 1})
        assert warnings == [RS485_MASTER_WARNING + " You are connected over RS-485: this connection will be lost."]
        await link.write_registers(1711, [1], unit=SG)  # RS 485 device 1 type: Energy meter
        with pytest.raises(LinkError) as err:
            await link.read_registers(4, 1, 8, unit=SG)
        assert err.value.kind == "timeout"  # MiQen "will lose connection" (L479)
        link.close()
        tcp = ModbusLink(Endpoint.parse(served(lab.lab, "tcp://")))
        await tcp.connect()
        assert text((await tcp.read_registers(4, 1, 8, unit=WM3M4C)).tolist()) == "WM3M4C"  # now polled
        tcp.close()
    finally:
        lab.stop()
