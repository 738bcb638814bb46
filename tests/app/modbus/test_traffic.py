import pytest

from app.modbus.errors import ModbusExceptionError
from app.modbus.link import Endpoint, ModbusLink
from app.modbus.traffic import TrafficLog
from tests.conftest import endpoint_of


async def test_frames_are_logged_with_direction_and_decoded_summary(ion_lab, tmp_path):
    log = TrafficLog()
    link = ModbusLink(Endpoint.parse(endpoint_of(ion_lab, "tcp meter")))
    log.watch(link)
    await link.connect()
    await link.read_registers(3, 2999, 2, unit=1)
    with pytest.raises(ModbusExceptionError):
        await link.write_registers(56000, [9], unit=1)
    frames = log.select(link.name)
    assert [f.direction for f in frames] == ["tx", "rx", "tx", "rx"]
    assert frames[0].summary == "FC3 read holding registers" and frames[0].unit == 1
    assert frames[3].summary.startswith("exception 03 to FC6: illegal data value")
    log.paused = True
    await link.read_registers(3, 2999, 2, unit=1)
    assert len(log.frames) == 4
    path = tmp_path / "traffic.txt"
    log.save(path)
    lines = path.read_text().splitlines()
    assert len(lines) == 4 and "->" in lines[0] and lines[0].endswith("0B B7 00 02")
    link.close()


async def test_rtu_frames_decode_unit_and_function(ion_lab):
    log = TrafficLog()
    link = ModbusLink(Endpoint.parse(endpoint_of(ion_lab, "rtu meter")))
    log.watch(link)
    await link.connect()
    await link.read_registers(3, 2999, 2, unit=100)
    tx, rx = log.frames
    assert (tx.unit, tx.function, rx.unit, rx.function) == (100, 3, 100, 3)
    assert len(tx.data) == 8  # unit, FC, address, count, CRC
    log.unwatch(link)
    await link.read_registers(3, 2999, 2, unit=100)
    assert len(log.frames) == 2
    link.close()


async def test_since_gives_the_frames_after_those_seen_as_far_as_the_buffer_holds_them():
    log = TrafficLog(capacity=3)
    link = ModbusLink(Endpoint.parse("tcp://127.0.0.1:1"))
    log.watch(link)
    for n in range(5):
        link.listeners[0]("tx", bytes([0, 0, 0, 0, 0, 6, 1, 3, n]), float(n))
    assert log.total == 5
    assert [f.time for f in log.since(3)] == [3.0, 4.0]
    assert [f.time for f in log.since(0)] == [2.0, 3.0, 4.0]  # the two oldest were dropped
    assert log.since(5) == []
