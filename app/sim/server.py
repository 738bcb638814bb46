"""Modbus servers for the simulators: TCP (MBAP or RTU framing) and RTU on a serial port or pty.

pymodbus provides the framing, CRC and PDU classes; the serving loop is ours
because the simulators need what a datastore-based server cannot give: values
computed on every read, per-register exception rules from the manuals, silent
answers, and injected faults (delays, dropped connections, corrupt frames).
"""

from __future__ import annotations

import asyncio
import os
import ssl
import struct
from dataclasses import dataclass, field

import serial
from pymodbus.framer import FramerRTU, FramerSocket
from pymodbus.pdu import DecodePDU, ExceptionResponse, ModbusPDU
from pymodbus.pdu.file_message import (
    FileRecord,
    ReadFileRecordRequest,
    ReadFileRecordResponse,
    WriteFileRecordResponse,
)
from pymodbus.pdu.mei_message import ReadDeviceInformationResponse
from pymodbus.pdu.register_message import (
    ReadHoldingRegistersResponse,
    ReadInputRegistersResponse,
    WriteMultipleRegistersResponse,
    WriteSingleRegisterResponse,
)

from app.sim.device import (
    ILLEGAL_ADDRESS,
    ILLEGAL_FUNCTION,
    ILLEGAL_VALUE,
    NoResponse,
    SimulatedDevice,
)
from app.sim.faults import FaultPlan

GATEWAY_TARGET_FAILED = 11
READ_FILE_RECORD, WRITE_FILE_RECORD = 0x14, 0x15
MAX_FILE_RESPONSE = 245  # FC20 response data length limit, bytes (Modbus application protocol)


@dataclass
class Bus:
    """Devices reachable through one server endpoint, by unit id.

    ``any_unit`` makes a lone TCP device answer every unit id, as direct
    Ethernet meters do; otherwise unknown units get exception 11 on TCP
    (gateway target failed) and silence on RTU.
    """

    devices: dict[int, SimulatedDevice]
    any_unit: bool = False
    faults: FaultPlan = field(default_factory=FaultPlan)
    requests: int = 0

    def device(self, unit: int) -> SimulatedDevice | None:
        if unit in self.devices:
            return self.devices[unit]
        if self.any_unit and len(self.devices) == 1:
            return next(iter(self.devices.values()))
        return None

    def offline(self, unit: int) -> bool:
        """True while the device at ``unit`` restarts (its TCP connections drop)."""
        device = self.device(unit)
        return device is not None and device.offline

    async def answer(self, request: ModbusPDU, serial_line: bool) -> ModbusPDU | None:
        """Build the response PDU, or None for silence."""
        self.requests += 1
        faults = self.faults
        if faults.take("silence_next"):
            return None
        if faults.delay:
            await asyncio.sleep(faults.delay)
        unit = request.dev_id
        device = self.device(unit)
        if device is None:
            return None if serial_line or unit == 0 else _exception(request, GATEWAY_TARGET_FAILED)
        if device.offline:
            return None
        fc = request.function_code
        if fc in (3, 4, 6, 16):
            count = len(request.registers) if fc in (6, 16) else request.count
            if code := faults.exception_for(3 if fc in (6, 16) else fc, request.address, count):
                return _exception(request, code)
        try:
            response = _dispatch(device, request)
        except NoResponse:
            return None
        if unit == 0:  # broadcast: act, never answer
            return None
        return response


def _dispatch(device: SimulatedDevice, request: ModbusPDU) -> ModbusPDU:
    fc = request.function_code
    ids = dict(dev_id=request.dev_id, transaction_id=request.transaction_id)
    if fc in (3, 4):
        reply = device.read(fc, request.address, request.count)
        if reply.exception:
            return _exception(request, reply.exception)
        cls = ReadHoldingRegistersResponse if fc == 3 else ReadInputRegistersResponse
        return cls(registers=reply.words, **ids)
    if fc in (6, 16):
        reply = device.write(request.address, list(request.registers))
        if reply.exception:
            return _exception(request, reply.exception)
        if fc == 6:
            return WriteSingleRegisterResponse(address=request.address, registers=list(request.registers), **ids)
        return WriteMultipleRegistersResponse(address=request.address, count=len(request.registers), **ids)
    if fc == READ_FILE_RECORD:
        records = []
        for rec in request.records:
            reply = device.read_file(rec.file_number, rec.record_number, rec.record_length)
            if reply.exception:
                return _exception(request, reply.exception)
            records.append(FileRecord(file_number=rec.file_number, record_number=rec.record_number,
                                      record_data=reply.data))
        if sum(2 + len(r.record_data) for r in records) > MAX_FILE_RESPONSE:
            return _exception(request, ILLEGAL_VALUE)
        return ReadFileRecordResponse(records=records, **ids)
    if fc == WRITE_FILE_RECORD:
        for rec in request.records:
            reply = device.write_file(rec.file_number, rec.record_number, rec.record_data)
            if reply.exception:
                return _exception(request, reply.exception)
        return WriteFileRecordResponse(records=request.records, **ids)
    if fc == 0x2B and getattr(request, "sub_function_code", None) == 0x0E and device.profile.identity.fc43:
        info = device.device_identification()
        return ReadDeviceInformationResponse(read_code=request.read_code, information=info, **ids)
    return _exception(request, ILLEGAL_FUNCTION)


def _exception(request: ModbusPDU, code: int) -> ExceptionResponse:
    return ExceptionResponse(request.function_code, code, device_id=request.dev_id,
                             transaction=request.transaction_id)


def _decode_request(decoder: DecodePDU, frame: bytes) -> ModbusPDU | int:
    """Request PDU, or an exception code when the PDU is unknown or malformed."""
    if frame[:1] == bytes([READ_FILE_RECORD]):
        return _read_file_request(frame)
    try:
        pdu = decoder.decode(frame)
    except (ValueError, IndexError, KeyError, TypeError):  # pymodbus raises these on bad counts
        return ILLEGAL_VALUE
    return pdu if pdu is not None else ILLEGAL_FUNCTION


def _read_file_request(frame: bytes) -> ReadFileRecordRequest | int:
    """FC20 request, decoded here: pymodbus 3.16 halves the record lengths it decodes."""
    count = frame[1] if len(frame) > 1 else 0
    body = frame[2 : 2 + count]
    if not 7 <= count <= MAX_FILE_RESPONSE or count % 7 or len(body) != count:
        return ILLEGAL_VALUE
    records = []
    for ref, file_number, record_number, length in struct.iter_unpack(">BHHH", body):
        if ref != 6:
            return ILLEGAL_ADDRESS
        record = FileRecord(file_number=file_number, record_number=record_number)
        record.record_length = length
        records.append(record)
    return ReadFileRecordRequest(records=records)


class TcpServer:
    """Serve a :class:`Bus` on a TCP port; ``rtu_framing`` gives RTU-over-TCP.

    With ``ssl_context`` it serves Modbus/TCP Security: the same MBAP frames inside TLS.
    """

    def __init__(self, bus: Bus, host: str = "127.0.0.1", port: int = 0, rtu_framing: bool = False,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.bus = bus
        self.host = host
        self.port = port
        self.rtu_framing = rtu_framing
        self.ssl_context = ssl_context
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port, ssl=self.ssl_context)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server:
            self._server.close()
            for writer in list(self._writers):
                writer.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        decoder = DecodePDU(is_server=True)
        framer = FramerRTU(decoder) if self.rtu_framing else FramerSocket(decoder)
        self._writers.add(writer)
        buffer = b""
        try:
            while chunk := await reader.read(4096):
                buffer += chunk
                while buffer:
                    used, unit, tid, frame = framer.decode(buffer)
                    if not used:
                        break
                    buffer = buffer[used:]
                    if not frame:
                        continue
                    if self.bus.faults.take("drop_next") or self.bus.offline(unit):
                        return
                    await self._reply(writer, framer, decoder, frame, unit, tid)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _reply(self, writer, framer, decoder, frame: bytes, unit: int, tid: int) -> None:
        request = _decode_request(decoder, frame)
        if isinstance(request, int):
            fc = frame[0] if frame else 0
            data = framer.encode(bytes([fc | 0x80, request]), unit, tid)
        else:
            request.dev_id, request.transaction_id = unit, tid
            response = await self.bus.answer(request, serial_line=self.rtu_framing)
            if response is None:
                return
            data = framer.buildFrame(response)
        writer.write(data)
        await writer.drain()


class SerialServer:
    """Serve a :class:`Bus` as RTU on a serial port, or on a new pseudo-terminal.

    With ``port=None`` a pty pair is created and :attr:`client_port` names the
    end a client opens (``/dev/pts/N``): a real tty with termios, so pyserial
    and pymodbus use it exactly as a USB-RS485 adapter. A pty carries bytes at
    memory speed; ``wire_time`` makes each answer wait the time request and
    answer take on a real line at ``baud`` (benchmarks).
    """

    def __init__(self, bus: Bus, port: str | None = None, baud: int = 19200, parity: str = "N",
                 stopbits: int = 1, wire_time: bool = False) -> None:
        self.bus = bus
        self.port = port
        self.baud, self.parity, self.stopbits = baud, parity, stopbits
        self.wire_time = wire_time
        self.client_port = port or ""
        self._fd: int | None = None
        self._slave_fd: int | None = None
        self._serial: serial.Serial | None = None
        self._buffer = b""
        self._decoder = DecodePDU(is_server=True)
        self._framer = FramerRTU(self._decoder)
        self._pending: set[asyncio.Task] = set()

    async def start(self) -> None:
        if self.port is None:
            import tty  # POSIX only: pty mode is for tests and the demo lab

            self._fd, self._slave_fd = os.openpty()
            tty.setraw(self._fd)
            tty.setraw(self._slave_fd)
            self.client_port = os.ttyname(self._slave_fd)
        else:
            self._serial = serial.serial_for_url(self.port, baudrate=self.baud, parity=self.parity,
                                                 stopbits=self.stopbits, timeout=0)
            self._fd = self._serial.fileno()
        os.set_blocking(self._fd, False)
        asyncio.get_running_loop().add_reader(self._fd, self._on_readable)

    async def stop(self) -> None:
        if self._fd is None:
            return
        asyncio.get_running_loop().remove_reader(self._fd)
        for task in list(self._pending):
            task.cancel()
        if self._serial is not None:
            self._serial.close()
        else:
            os.close(self._fd)
            if self._slave_fd is not None:
                os.close(self._slave_fd)
        self._fd = None

    def line_settings_match(self) -> bool:
        """On a pty, compare the client's termios speed and parity with ours."""
        if self._serial is not None or self._fd is None:
            return True
        import termios

        attrs = termios.tcgetattr(self._fd)
        speed = attrs[5]
        wanted = getattr(termios, f"B{self.baud}", None)
        parity_on = bool(attrs[2] & termios.PARENB)
        odd = bool(attrs[2] & termios.PARODD)
        parity = "N" if not parity_on else ("O" if odd else "E")
        return (wanted is None or speed == wanted) and parity == self.parity

    def _on_readable(self) -> None:
        try:
            chunk = os.read(self._fd, 4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:  # client closed its end of the pty
            return
        self._buffer += chunk
        while self._buffer:
            used, unit, _tid, frame = self._framer.decode(self._buffer)
            if not used:
                break
            self._buffer = self._buffer[used:]
            if frame:
                task = asyncio.ensure_future(self._reply(frame, unit))
                self._pending.add(task)
                task.add_done_callback(self._pending.discard)

    async def _reply(self, frame: bytes, unit: int) -> None:
        if self.bus.faults.take("drop_next"):
            return
        if not self.line_settings_match():
            if self.bus.device(unit) is not None:
                self._write(bytes((unit ^ 0x5A, 0xFF, 0x13, 0x37, 0x00)))  # what a mismatched UART decodes
            return
        request = _decode_request(self._decoder, frame)
        if isinstance(request, int):
            if self.bus.device(unit) is not None:
                self._write(self._framer.encode(bytes([frame[0] | 0x80, request]), unit, 0))
            return
        request.dev_id = unit
        response = await self.bus.answer(request, serial_line=True)
        if response is None:
            return
        data = self._framer.buildFrame(response)
        if self.wire_time:  # request ADU (unit, PDU, CRC) and answer, at the line's bit rate
            bits = 10 + (self.parity != "N") + (self.stopbits - 1)
            await asyncio.sleep((len(frame) + 3 + len(data)) * bits / self.baud)
        if self.bus.faults.take("corrupt_next"):
            data = data[:-1] + bytes([data[-1] ^ 0xFF])
        self._write(data)

    def _write(self, data: bytes) -> None:
        if self._fd is not None:
            os.write(self._fd, data)
