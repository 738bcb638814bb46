"""Async Modbus link on pymodbus: TCP, RTU over a serial port, RTU over TCP.

One :class:`ModbusLink` is one physical path (a TCP connection or a serial
bus). Requests on it are strictly sequential (one outstanding request per
bus, as RS-485 requires); devices on the same bus share the link and differ by
unit id. Concurrency comes from several links (one per TCP device).

pymodbus does the framing and CRC. This module adds what pymodbus leaves out:
TCP_NODELAY, a per-request timeout with our own bounded retries (so every
attempt is counted), statistics, frame listeners (for a traffic monitor) and
errors worded for users.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import numpy as np
import serial
from pymodbus.client import (
    AsyncModbusSerialClient,
    AsyncModbusTcpClient,
    AsyncModbusTlsClient,
)
from pymodbus.exceptions import ConnectionException, ModbusException, ModbusIOException
from pymodbus.framer import FramerType
from pymodbus.pdu import ModbusPDU
from pymodbus.pdu.file_message import FileRecord

from app.i18n import _
from app.modbus import tls
from app.modbus.errors import LinkError, ModbusExceptionError

logging.getLogger("pymodbus").setLevel(logging.CRITICAL)  # we report errors ourselves

FrameListener = Callable[[str, bytes, float], None]  # (direction "tx"/"rx", frame, time.time())


def host_port(host: str, port: int) -> str:
    """``HOST:PORT`` as :meth:`Endpoint.tcp` reads it: an IPv6 address goes in brackets."""
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a link goes. ``kind`` is ``tcp``, ``tls`` (Modbus/TCP Security), ``rtu`` (serial) or ``rtu-tcp``.

    A ``tls`` link may name a client certificate and key (PEM files).
    """

    kind: str
    host: str = ""
    port: int = 0
    device: str = ""  # serial port name or pyserial URL
    baud: int = 19200
    parity: str = "N"
    stopbits: int = 1
    bytesize: int = 8
    client_cert: str = ""
    client_key: str = ""

    @property
    def label(self) -> str:
        if self.kind == "rtu":
            return f"{self.device} {self.baud} {self.bytesize}{self.parity}{self.stopbits}"
        return f"{self.kind}://{host_port(self.host, self.port)}"

    @classmethod
    def tcp(cls, text: str, default_port: int = 502, rtu: bool = False) -> Endpoint:
        """Parse ``HOST[:PORT]`` (IPv6 in brackets)."""
        parts = urlsplit(f"//{text}")
        if not parts.hostname:
            raise LinkError("invalid", text, _("expected HOST:PORT"))
        try:
            port = parts.port or default_port
        except ValueError:
            raise LinkError("invalid", text, _("the port must be a number from 1 to 65535")) from None
        return cls("rtu-tcp" if rtu else "tcp", host=parts.hostname, port=port)

    @classmethod
    def tls(cls, text: str, client_cert: str = "", client_key: str = "") -> Endpoint:
        """Modbus/TCP Security at ``HOST[:PORT]`` (port 802 by default)."""
        plain = cls.tcp(text, default_port=tls.MODBUS_TLS_PORT)
        return cls("tls", host=plain.host, port=plain.port, client_cert=client_cert, client_key=client_key)

    @classmethod
    def serial(cls, device: str, baud: int = 19200, parity: str = "N", stopbits: int = 1) -> Endpoint:
        if parity not in ("N", "E", "O"):
            raise LinkError("invalid", device, _("parity {parity!r} is not N, E or O").format(parity=parity))
        return cls("rtu", device=device, baud=baud, parity=parity, stopbits=stopbits)

    @classmethod
    def parse(cls, url: str) -> Endpoint:
        """``tcp://h:p``, ``tls://h:p``, ``rtu-tcp://h:p`` or ``rtu:PORT?baud=19200&parity=E&stopbits=1``."""
        scheme, _sep, rest = url.partition(":")
        if scheme in ("tcp", "rtu-tcp"):
            return cls.tcp(rest.removeprefix("//"), rtu=scheme == "rtu-tcp")
        if scheme == "tls":
            return cls.tls(rest.removeprefix("//"))
        if scheme == "rtu":
            path, _sep, query = rest.removeprefix("//").partition("?")
            q = {k: v[0] for k, v in parse_qs(query).items()}
            return cls.serial(path, int(q.get("baud", 19200)), q.get("parity", "N"), int(q.get("stopbits", 1)))
        raise LinkError("invalid", url, _("unknown link type (use tcp://, tls://, rtu-tcp:// or rtu:)"))


@dataclass
class LinkStats:
    """Counters and round-trip times of one link (times in seconds)."""

    requests: int = 0
    responses: int = 0
    errors: Counter = field(default_factory=Counter)
    rtt_last: float | None = None
    rtt_max: float = 0.0
    rtt_total: float = 0.0
    bytes_sent: int = 0
    bytes_received: int = 0

    @property
    def rtt_mean(self) -> float | None:
        return self.rtt_total / self.responses if self.responses else None

    def record_rtt(self, rtt: float) -> None:
        self.responses += 1
        self.rtt_last = rtt
        self.rtt_total += rtt
        self.rtt_max = max(self.rtt_max, rtt)


class ModbusLink:
    """A connected path to one or more Modbus devices.

    ``frame_delay`` (s) is the quiet kept between an answer and the next request.
    A ``tls`` link checks the server's certificate against ``pins`` (default:
    the user's pin store) before any request is sent.
    """

    def __init__(self, endpoint: Endpoint, *, timeout: float = 1.0, retries: int = 2, name: str = "",
                 frame_delay: float = 0.0, pins: tls.CertificatePins | None = None) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.retries = retries
        self.frame_delay = frame_delay
        self.name = name or endpoint.label
        self.stats = LinkStats()
        self.unit_stats: dict[int, LinkStats] = {}  # the same counters per unit id
        self.pins = pins if pins is not None or endpoint.kind != "tls" else tls.CertificatePins.default()
        self.certificate: tls.PeerCertificate | None = None
        self._quiet_until = 0.0
        self.listeners: list[FrameListener] = []
        self._lock = asyncio.Lock()
        self._rx_in_request = 0
        self._client = self._make_client()

    def _make_client(self) -> AsyncModbusTcpClient | AsyncModbusSerialClient:
        ep = self.endpoint
        common = dict(timeout=self.timeout, retries=0, trace_packet=self._trace, reconnect_delay=0)
        if ep.kind == "rtu":
            return AsyncModbusSerialClient(
                ep.device, framer=FramerType.RTU, baudrate=ep.baud, parity=ep.parity,
                stopbits=ep.stopbits, bytesize=ep.bytesize, **common,
            )  # fmt: skip
        if ep.kind == "tls":
            context = tls.client_context(ep.client_cert, ep.client_key)
            return AsyncModbusTlsClient(ep.host, port=ep.port, sslctx=context, **common)
        framer = FramerType.RTU if ep.kind == "rtu-tcp" else FramerType.SOCKET
        return AsyncModbusTcpClient(ep.host, port=ep.port, framer=framer, **common)

    # ---- connection

    @property
    def connected(self) -> bool:
        return self._client.connected

    async def connect(self) -> None:
        """Open the link; raise :class:`LinkError` saying why it cannot."""
        if self.connected:
            return
        if self.endpoint.kind == "rtu":
            self._check_serial_port()
        try:
            ok = await self._client.connect()
        except Exception as exc:  # termios.error, serial.SerialException, ValueError from pyserial
            if self.endpoint.kind != "rtu":
                raise
            raise LinkError("port-settings", self.endpoint.label,
                            _("the port refused these line settings ({reason})").format(reason=exc)) from None
        if not ok:
            raise await self._connect_failure()
        if self.endpoint.kind != "rtu":
            transport = self._client.ctx.transport
            sock = transport.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.endpoint.kind == "tls":
                self._check_certificate(transport.get_extra_info("ssl_object"))

    def _check_certificate(self, ssl_object) -> None:
        ep = self.endpoint
        try:
            self.certificate = self.pins.check(ep.host, ep.port, ssl_object.getpeercert(binary_form=True))
        except LinkError:
            self.close()
            raise

    def close(self) -> None:
        self._client.close()

    def _check_serial_port(self) -> None:
        port = serial.serial_for_url(self.endpoint.device, do_not_open=True)
        try:
            port.open()
        except serial.SerialException as exc:
            raise serial_port_error(self.endpoint.device, exc) from None
        except ValueError as exc:  # invalid URL or settings
            raise LinkError("port-missing", self.endpoint.device, str(exc)) from None
        finally:
            port.close()

    async def _connect_failure(self) -> LinkError:
        ep = self.endpoint
        if ep.kind == "rtu":
            return LinkError("port-busy", ep.device, _("the serial port could not be opened"))
        try:
            _reader, writer = await asyncio.wait_for(asyncio.open_connection(ep.host, ep.port), self.timeout)
            writer.close()
            detail, kind = _("connection closed by the device"), "disconnected"
            if ep.kind == "tls":
                detail, kind = _("the TLS handshake failed (the device may not serve Modbus/TCP Security "
                                  "on this port, or it wants a client certificate it trusts)"), "tls"
        except TimeoutError:
            detail = _("no answer to the connection request within {seconds:g} s").format(seconds=self.timeout)
            kind = "unreachable"
        except ConnectionRefusedError:
            detail, kind = _("connection refused (nothing listens on that port)"), "refused"
        except OSError as exc:
            detail, kind = _("cannot connect ({reason})").format(reason=exc.strerror or exc), "unreachable"
        return LinkError(kind, self.name, detail)

    # ---- requests

    def _unit_name(self, unit: int) -> str:
        """How messages name a device on this link: ``meter 1 unit 5``."""
        return _("{link} unit {unit}").format(link=self.name, unit=unit)

    def _trace(self, sending: bool, data: bytes) -> bytes:
        now = time.time()
        if sending:
            self.stats.bytes_sent += len(data)
        else:
            self.stats.bytes_received += len(data)
            self._rx_in_request += len(data)
        for listener in self.listeners:
            listener("tx" if sending else "rx", data, now)
        return data

    async def _execute(self, call: Callable[[], object], unit: int, function: int,
                       address: int | None, timeout: float | None) -> ModbusPDU:
        device = self._unit_name(unit)
        per_unit = self.unit_stats.setdefault(unit, LinkStats())
        async with self._lock:
            if not self.connected:
                try:
                    await self.connect()
                except LinkError as exc:
                    self._count_error(per_unit, exc.kind)
                    raise
            self._client.ctx.comm_params.timeout_connect = timeout or self.timeout
            last: LinkError | None = None
            for _attempt in range(self.retries + 1):
                if (quiet := self._quiet_until - time.perf_counter()) > 0:
                    await asyncio.sleep(quiet)
                self.stats.requests += 1
                per_unit.requests += 1
                self._rx_in_request = 0
                start = time.perf_counter()
                try:
                    response = await call()
                except ModbusIOException:
                    if self._rx_in_request:
                        last = LinkError("crc", device, _("garbled answer (CRC error, or wrong baud rate or parity)"), address)
                    elif not self.connected:
                        last = LinkError("disconnected", device, _("connection lost (closed by the device or the network)"),
                                         address)
                        if self.endpoint.kind == "tls":
                            last = LinkError("tls", device, _("the device closed the TLS connection (it may require "
                                                               "a client certificate that it trusts)"), address)
                        self._count_error(per_unit, last.kind)
                        break
                    else:
                        last = LinkError("timeout", device, _("no answer within {seconds:g} s").format(
                            seconds=timeout or self.timeout), address)
                    self._count_error(per_unit, last.kind)
                    continue
                except ConnectionException:
                    last = LinkError("disconnected", device, _("connection lost"), address)
                    self._count_error(per_unit, last.kind)
                    break
                except ModbusException as exc:
                    last = LinkError("invalid", device, _("invalid answer ({reason})").format(reason=exc), address)
                    self._count_error(per_unit, last.kind)
                    break
                finally:
                    self._quiet_until = time.perf_counter() + self.frame_delay
                rtt = time.perf_counter() - start
                self.stats.record_rtt(rtt)
                per_unit.record_rtt(rtt)
                if response.isError():
                    self._count_error(per_unit, "exception")
                    raise ModbusExceptionError(device, function, response.exception_code, address)
                return response
            assert last is not None
            raise last

    def _count_error(self, per_unit: LinkStats, kind: str) -> None:
        self.stats.errors[kind] += 1
        per_unit.errors[kind] += 1

    async def read_registers(self, function: int, address: int, count: int, unit: int,
                             timeout: float | None = None) -> np.ndarray:
        """Read ``count`` holding (3) or input (4) registers as a uint16 array."""
        client = self._client
        reader = client.read_holding_registers if function == 3 else client.read_input_registers
        response = await self._execute(
            lambda: reader(address, count=count, device_id=unit), unit, function, address, timeout
        )
        words = np.asarray(response.registers, dtype=np.uint16)
        if words.size != count:
            raise LinkError("invalid", self._unit_name(unit), _("asked for {count} registers, got {got}").format(
                count=count, got=words.size), address)
        return words

    async def write_registers(self, address: int, values: list[int], unit: int,
                              timeout: float | None = None) -> None:
        """Write registers with FC16 (FC06 for a single register)."""
        client = self._client
        if len(values) == 1:
            call = lambda: client.write_register(address, values[0], device_id=unit)  # noqa: E731
            function = 6
        else:
            call = lambda: client.write_registers(address, values, device_id=unit)  # noqa: E731
            function = 16
        await self._execute(call, unit, function, address, timeout)

    async def read_device_identification(self, unit: int, timeout: float | None = None) -> dict[int, bytes]:
        """FC43/14 Read Device Identification (basic + regular objects)."""
        response = await self._execute(
            lambda: self._client.read_device_information(read_code=2, object_id=0, device_id=unit),
            unit, 43, None, timeout,
        )
        return dict(response.information)

    async def read_file_record(self, file: int, record: int, count: int, unit: int,
                               timeout: float | None = None) -> bytes:
        """FC20 Read File Record: ``count`` registers from ``record`` of ``file``, as bytes."""
        request = FileRecord(file_number=file, record_number=record, record_length=2 * count)
        response = await self._execute(
            lambda: self._client.read_file_record([request], device_id=unit), unit, 20, record, timeout
        )
        data = response.records[0].record_data if len(response.records) == 1 else b""
        if len(data) != 2 * count:
            raise LinkError("invalid", self._unit_name(unit), _("asked for {count} registers of file {file}, got {got}").format(
                count=count, file=file, got=len(data) // 2), record)
        return data

    async def write_file_record(self, file: int, record: int, data: bytes, unit: int,
                                timeout: float | None = None) -> None:
        """FC21 Write File Record: ``data`` (an even number of bytes) at ``record`` of ``file``.

        The device echoes the request; an echo that differs is an invalid answer.
        """
        request = FileRecord(file_number=file, record_number=record, record_data=data)
        response = await self._execute(
            lambda: self._client.write_file_record([request], device_id=unit), unit, 21, record, timeout
        )
        echo = response.records[0] if len(response.records) == 1 else None
        if echo is None or (echo.file_number, echo.record_number, echo.record_data) != (file, record, data):
            raise LinkError("invalid", self._unit_name(unit),
                            _("the echo of the write to file {file} differs from the request").format(file=file), record)


def serial_port_error(device: str, exc: serial.SerialException) -> LinkError:
    """The error to show for a serial port that cannot be opened: missing, busy or not permitted."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code == errno.ENOENT or "No such file" in text or "could not open port" in text and "FileNotFound" in text:
        return LinkError("port-missing", device, _("no such serial port (is the adapter plugged in?)"))
    if code == errno.EBUSY or "busy" in text.lower() or "Access is denied" in text:
        return LinkError("port-busy", device, _("the serial port is in use by another program"))
    if code == errno.EACCES or "Permission denied" in text:
        return LinkError("port-permission", device,
                         _("permission denied (on Linux, add your user to the 'dialout' group)"))
    return LinkError("port-missing", device, _("cannot open the serial port ({reason})").format(reason=text))
