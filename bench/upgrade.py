"""Firmware transfer rate: FC21 writes each read back with FC20, over TCP loopback and RTU on a pty.

The simulated ION7400 stages an image (``DevicePort.send_area``: 240-byte
blocks, each written and read back). Over RTU the pseudo-terminal carries
bytes at memory speed, so the simulator holds every answer for the time its
request and answer take on a real 115200-baud line (8N1, 10 bits a byte).
The wire limit is the image size over that line time for every frame of the
transfer (no inter-frame silence counted, so the limit is the strictest
one). A hand-written pymodbus loop doing the same write and read-back per
block is measured in the same run as the baseline.

Usage: .venv/bin/python bench/upgrade.py [--tcp-kb 256] [--rtu-kb 16]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time

from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient
from pymodbus.framer import FramerType
from pymodbus.pdu.file_message import FileRecord

from app.drivers import open_device
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import profile_by_id
from app.sim.firmware import ABORT, IMAGE_FILE, simulator_image
from app.sim.lab import build_device, ion7400_spec
from app.sim.server import Bus, SerialServer, TcpServer
from app.upgrade.device_port import DevicePort, blocks
from app.upgrade.manifest import sign, signed_blob
from app.upgrade.package import Component, Manifest, sha256
from app.upgrade.versions import Version

BAUD = 115200
BITS = 10  # start, 8 data, stop
BLOCK = 240  # bytes per record request


def meter_with_staging(size: int):
    """A simulated ION7400 staging an image of ``size`` bytes, and the image."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    image = simulator_image("ION7400", "firmware", "4.6.0", size)
    component = Component(0, "firmware", "v004.006.000.upx", Version(4, 6, 0), size, sha256(image),
                          min_from=Version(2, 1, 0))
    manifest = Manifest("bench", ("ION7400",), (component,)).to_bytes()
    blob = signed_blob(manifest, sign(manifest, key))
    spec = ion7400_spec("bench")
    spec.services.clear()
    meter = build_device(spec)
    meter.firmware.trusted.add(key.public_key())
    meter.firmware.set_version("2.1.0")
    return meter, blob, component, image


async def begin(port: DevicePort, blob: bytes, component: Component) -> None:
    layout = await port.layout()
    await port.send_area(layout.manifest_file, blob + b"\x00" * (len(blob) % 2))
    await port.set_values({"fw_manifest_size": len(blob), "fw_component": component.index})
    await port.command("Begin")


async def meterdesk_rate(endpoint: Endpoint, meter, blob, component, image) -> float:
    link = ModbusLink(endpoint, timeout=2.0)
    await link.connect()
    try:
        port = DevicePort(open_device(profile_by_id("ion7400"), link, 1))
        await begin(port, blob, component)
        start = time.perf_counter()
        await port.send_area(IMAGE_FILE, image)
        took = time.perf_counter() - start
    finally:
        link.close()
    assert meter.firmware.staging.received == len(image)
    return len(image) / took


async def pymodbus_rate(client, image: bytes) -> float:
    """The same blocks, written and read back by a plain pymodbus loop."""
    await client.connect()
    try:
        start = time.perf_counter()
        for file, record, offset, length in blocks(0, len(image), IMAGE_FILE, BLOCK):
            data = image[offset : offset + length]
            await client.write_file_record([FileRecord(file, record, record_data=data)], device_id=1)
            back = await client.read_file_record([FileRecord(file, record, record_length=length)], device_id=1)
            assert back.records[0].record_data == data
        return len(image) / (time.perf_counter() - start)
    finally:
        client.close()


def wire_limit(size: int, baud: int) -> float:
    """Bytes per second if the line carried every frame of the transfer back to back."""
    bits = 0
    for _file, _record, _offset, n in blocks(0, size, IMAGE_FILE, BLOCK):
        write = 1 + 1 + 1 + 7 + n + 2  # unit, FC, byte count, sub-request header, data, CRC; echoed
        read_request = 1 + 1 + 1 + 7 + 2
        read_answer = 1 + 1 + 1 + 1 + 1 + n + 2  # unit, FC, length, record length, reference type, data, CRC
        bits += (2 * write + read_request + read_answer) * BITS
    return size / (bits / baud)


async def restage(meter, blob, component, endpoint: Endpoint) -> None:
    link = ModbusLink(endpoint, timeout=2.0)
    await link.connect()
    try:
        meter.firmware.command(ABORT)  # stage again from the first byte
        await begin(DevicePort(open_device(profile_by_id("ion7400"), link, 1)), blob, component)
    finally:
        link.close()


async def tcp(size: int) -> None:
    meter, blob, component, image = meter_with_staging(size)
    server = TcpServer(Bus({1: meter}, any_unit=True))
    await server.start()
    endpoint = Endpoint.tcp(f"127.0.0.1:{server.port}")
    try:
        ours = await meterdesk_rate(endpoint, meter, blob, component, image)
        await restage(meter, blob, component, endpoint)
        plain = await pymodbus_rate(AsyncModbusTcpClient("127.0.0.1", port=server.port), image)
    finally:
        await server.stop()
    print(f"TCP loopback, {size // 1024} kB in {BLOCK}-byte blocks, each read back: {ours / 1024:.0f} kB/s; "
          f"plain pymodbus loop {plain / 1024:.0f} kB/s; ratio {ours / plain:.2f}")


async def rtu(size: int) -> None:
    meter, blob, component, image = meter_with_staging(size)
    server = SerialServer(Bus({1: meter}), port=None, baud=BAUD, wire_time=True)
    await server.start()
    endpoint = Endpoint.serial(server.client_port, BAUD)
    try:
        ours = await meterdesk_rate(endpoint, meter, blob, component, image)
        await restage(meter, blob, component, endpoint)
        client = AsyncModbusSerialClient(server.client_port, framer=FramerType.RTU, baudrate=BAUD, timeout=2)
        plain = await pymodbus_rate(client, image)
    finally:
        await server.stop()
    limit = wire_limit(size, BAUD)
    print(f"RTU at {BAUD} baud on a pseudo-terminal with line timing, {size // 1024} kB: {ours:.0f} B/s; "
          f"wire limit {limit:.0f} B/s (every frame back to back); ratio {ours / limit:.2f} (goal >= 0.70); "
          f"plain pymodbus loop {plain:.0f} B/s ({ours / plain:.2f} of it)")


def main() -> int:
    parser = argparse.ArgumentParser(description="firmware transfer rate over TCP and RTU")
    parser.add_argument("--tcp-kb", type=int, default=256)
    parser.add_argument("--rtu-kb", type=int, default=16)
    args = parser.parse_args()
    asyncio.run(tcp(args.tcp_kb * 1024))
    if os.name == "posix":
        asyncio.run(rtu(args.rtu_kb * 1024))
    return 0


if __name__ == "__main__":
    sys.exit(main())
