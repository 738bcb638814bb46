"""The async link against the simulators over real sockets and a real pty."""

import socket

import pytest
from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient

from app.drivers import open_device
from app.modbus.errors import LinkError, ModbusExceptionError
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import profile_by_id
from tests.conftest import endpoint_of


async def connected(lab, name, **kw) -> ModbusLink:
    link = ModbusLink(Endpoint.parse(endpoint_of(lab, name)), **kw)
    await link.connect()
    return link


async def test_tcp_read_sets_nodelay_and_counts(ion_lab):
    link = await connected(ion_lab, "tcp meter")
    words = await link.read_registers(3, 2999, 4, unit=1)
    assert words.tolist()[0] != 0
    sock = link._client.ctx.transport.get_extra_info("socket")
    assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    assert link.stats.requests == 1 and link.stats.responses == 1 and link.stats.rtt_last > 0
    link.close()


async def test_rtu_over_pty_reads_with_crc(ion_lab):
    link = await connected(ion_lab, "rtu meter")
    device = open_device(profile_by_id("ion7400"), link, 100)
    values = await device.read(["current_a", "meter_model"])
    assert values == {"current_a": pytest.approx(100.0), "meter_model": "METSEION7400"}
    link.close()


async def test_third_party_pymodbus_client_reads_the_simulator(ion_lab):
    host, port = endpoint_of(ion_lab, "tcp meter").removeprefix("tcp://").split(":")
    client = AsyncModbusTcpClient(host, port=int(port))
    await client.connect()
    rr = await client.read_holding_registers(2999, count=2, device_id=1)
    assert client.convert_from_registers(rr.registers, client.DATATYPE.FLOAT32) == pytest.approx(100.0)
    client.close()
    pty = endpoint_of(ion_lab, "rtu meter").removeprefix("rtu:").split("?")[0]
    serial_client = AsyncModbusSerialClient(pty, baudrate=19200)
    await serial_client.connect()
    rr = await serial_client.read_holding_registers(56103, count=1, device_id=100)
    assert rr.registers == [100]  # COM1 unit id default (L2084)
    serial_client.close()


async def test_exception_answer_is_worded(ion_lab):
    link = await connected(ion_lab, "tcp meter")
    with pytest.raises(ModbusExceptionError) as err:
        await link.write_registers(56000, [9], unit=1)
    assert err.value.code == 3
    assert "exception 03: illegal data value" in str(err.value)
    assert "address 56000" in str(err.value)
    link.close()


async def test_timeout_with_bounded_retries(ion_lab):
    link = await connected(ion_lab, "tcp meter", timeout=0.2, retries=1)
    ion_lab.buses["tcp meter"].faults.delay = 0.5
    with pytest.raises(LinkError) as err:
        await link.read_registers(3, 2999, 2, unit=1)
    assert err.value.kind == "timeout"
    assert "no answer within 0.2 s" in str(err.value)
    assert link.stats.requests == 2 and link.stats.errors["timeout"] == 2
    ion_lab.buses["tcp meter"].faults.delay = 0.0
    link.close()


async def test_corrupt_rtu_frame_reported_as_crc_then_recovers(ion_lab):
    link = await connected(ion_lab, "rtu meter", timeout=0.3, retries=0)
    ion_lab.buses["rtu meter"].faults.corrupt_next = 1
    with pytest.raises(LinkError) as err:
        await link.read_registers(3, 2999, 2, unit=100)
    assert err.value.kind == "crc"
    assert (await link.read_registers(3, 2999, 2, unit=100)).size == 2
    link.close()


async def test_dropped_connection_is_reported_and_reconnects(ion_lab):
    link = await connected(ion_lab, "tcp meter", timeout=0.3, retries=0)
    ion_lab.buses["tcp meter"].faults.drop_next = 1
    with pytest.raises(LinkError) as err:
        await link.read_registers(3, 2999, 2, unit=1)
    assert err.value.kind in ("disconnected", "timeout")
    assert (await link.read_registers(3, 2999, 2, unit=1)).size == 2
    link.close()


async def test_connection_refused_and_missing_port_are_worded():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free_port = s.getsockname()[1]
    link = ModbusLink(Endpoint.tcp(f"127.0.0.1:{free_port}"), timeout=0.5)
    with pytest.raises(LinkError, match="connection refused") as err:
        await link.connect()
    assert err.value.kind == "refused"
    serial_link = ModbusLink(Endpoint.serial("/dev/ttyMETERDESK-NONE"))
    with pytest.raises(LinkError, match="no such serial port") as err:
        await serial_link.connect()
    assert err.value.kind == "port-missing"


async def test_illegal_address_splits_block_and_remembers(ion_lab):
    ion_lab.buses["tcp meter"].faults.raise_exception(3, 3053, 3055, 2)  # active power A refused
    link = await connected(ion_lab, "tcp meter")
    device = open_device(profile_by_id("ion7400"), link, 1)
    values = await device.read()
    assert values["active_power_a"] is None and values["active_power_b"] > 0
    assert device.unreadable.names == {"active_power_a"}
    requests = link.stats.requests
    await device.read()
    assert link.stats.requests - requests == 7  # the 6 planned blocks (5 + phasors), split around the bad point
    ion_lab.buses["tcp meter"].faults.clear()
    link.close()


async def test_rtu_framing_over_tcp():
    from app.sim.lab import Lab, ion7400_spec

    lab = Lab([ion7400_spec("rtu-tcp meter", link="rtu-tcp", port=0, unit=7)])
    served = await lab.start()
    try:
        assert served[0].endpoint.startswith("rtu-tcp://")
        link = ModbusLink(Endpoint.parse(served[0].endpoint))
        await link.connect()
        device = open_device(profile_by_id("ion7400"), link, 7)
        assert (await device.read(["frequency"]))["frequency"] == pytest.approx(50.0, rel=1e-2)
        with pytest.raises(LinkError, match="no answer"):  # another unit on that line stays silent
            await ModbusLink(Endpoint.parse(served[0].endpoint), timeout=0.2, retries=0).read_registers(3, 2999, 2, 8)
        link.close()
    finally:
        await lab.stop()
