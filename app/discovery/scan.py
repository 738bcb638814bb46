"""Bus scans (RTU unit ids on one serial line) and network scans (hosts × ports over TCP).

A bus scan probes each unit id with one small read and sorts the outcomes:
an answer (data or a Modbus exception) means a device; silence means none;
bytes that do not make a valid frame mean the line settings are wrong (baud
rate or parity). When only garbled answers come back, the scan tries the
other common settings on one of those units and suggests the one that works.

A network scan opens TCP connections concurrently (bounded), then probes the
unit ids asked for on every open port, so that devices behind a gateway are
found by unit id. Only the addresses the caller gives are touched.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from app.discovery.identify import Identification, identify
from app.errors import MeterDeskError
from app.i18n import _
from app.modbus.errors import LinkError, ModbusExceptionError
from app.modbus.link import Endpoint, ModbusLink, host_port

COMMON_BAUDS = (9600, 19200, 38400, 115200, 57600, 4800, 2400)
Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class Cancel:
    """Set ``cancelled`` to stop a scan between probes."""

    cancelled: bool = False


@dataclass(frozen=True)
class UnitResult:
    """Outcome of probing one unit id: ``found``, ``silent`` or ``garbled``."""

    unit: int
    status: str
    identification: Identification | None = None


@dataclass
class BusScan:
    endpoint: Endpoint
    results: list[UnitResult] = field(default_factory=list)
    suggestion: Endpoint | None = None
    cancelled: bool = False

    @property
    def found(self) -> list[UnitResult]:
        return [r for r in self.results if r.status == "found"]

    @property
    def garbled(self) -> list[UnitResult]:
        return [r for r in self.results if r.status == "garbled"]

    @property
    def verdict(self) -> str:
        """One line for users: devices found, a settings mismatch, or nothing."""
        if self.found:
            return _("{count} device(s) found on {link}").format(count=len(self.found), link=self.endpoint.label)
        if self.garbled:
            s = self.suggestion
            hint = _("; {settings} answers").format(
                settings=f"{s.baud} {s.bytesize}{s.parity}{s.stopbits}") if s else ""
            return _("line settings mismatch on {port}: unit(s) {units} answered with garbled frames "
                     "(wrong baud rate or parity){hint}").format(
                port=self.endpoint.device, units=", ".join(str(r.unit) for r in self.garbled[:8]), hint=hint)
        return _("no devices answered on {link}").format(link=self.endpoint.label)


async def probe(link: ModbusLink, unit: int, timeout: float) -> str:
    """``found``, ``silent`` or ``garbled`` for one unit id (one read of register 0)."""
    try:
        await link.read_registers(3, 0, 1, unit, timeout=timeout)
    except ModbusExceptionError as exc:
        # 10/11: a gateway saying no device answers at that unit id
        return "silent" if exc.code in (10, 11) else "found"
    except LinkError as exc:
        if exc.kind == "crc":
            return "garbled"
        if exc.kind == "timeout":
            return "silent"
        raise
    return "found"


async def scan_bus(
    endpoint: Endpoint,
    units: Iterable[int] = range(1, 248),
    *,
    timeout: float = 0.05,
    identify_found: bool = True,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    on_result: Callable[[UnitResult], None] | None = None,
) -> BusScan:
    """Probe ``units`` one after the other on a serial line (RS-485 allows nothing else).

    ``on_result`` hears each unit's outcome as it comes.
    """
    units = list(units)
    scan = BusScan(endpoint)
    link = ModbusLink(endpoint, timeout=timeout, retries=0)
    await link.connect()
    try:
        for done, unit in enumerate(units, 1):
            if cancel is not None and cancel.cancelled:
                scan.cancelled = True
                break
            status = await probe(link, unit, timeout)
            ident = await identify(link, unit, timeout=max(timeout, 0.3)) if status == "found" and identify_found else None
            scan.results.append(UnitResult(unit, status, ident))
            if on_result:
                on_result(scan.results[-1])
            if progress:
                progress(done, len(units))
    finally:
        link.close()
    if not scan.found and scan.garbled and not scan.cancelled:
        scan.suggestion = await suggest_settings(endpoint, scan.garbled[0].unit, timeout=max(timeout, 0.1))
    return scan


async def suggest_settings(endpoint: Endpoint, unit: int, timeout: float = 0.1) -> Endpoint | None:
    """Try the common baud rates and parities on ``unit``; return the first that answers."""
    for baud in COMMON_BAUDS:
        for parity, stopbits in (("N", 1), ("E", 1), ("O", 1), ("N", 2)):
            candidate = replace(endpoint, baud=baud, parity=parity, stopbits=stopbits)
            if candidate == endpoint:
                continue
            link = ModbusLink(candidate, timeout=timeout, retries=0)
            try:
                await link.connect()
                if await probe(link, unit, timeout) == "found":
                    return candidate
            except MeterDeskError:
                continue
            finally:
                link.close()
    return None


# ---- network


@dataclass(frozen=True)
class TargetResult:
    """Outcome at one host and port: ``closed``, ``open`` (no Modbus answer at the units asked) or ``found``."""

    host: str
    port: int
    status: str
    hits: tuple[NetworkHit, ...] = ()


@dataclass(frozen=True)
class NetworkHit:
    host: str
    port: int
    identification: Identification

    @property
    def endpoint(self) -> str:
        return f"tcp://{host_port(self.host, self.port)}"


def default_hosts() -> list[str]:
    """What to scan when the user gives nothing: this machine's IPv4 /24 subnet(s), then loopback."""
    specs = []
    for address in _local_ipv4():
        net = ipaddress.ip_network(f"{address}/24", strict=False)
        if str(net) not in specs:
            specs.append(str(net))
    return specs + ["127.0.0.1"]


def _local_ipv4() -> list[str]:
    """The address of the interface with the default route (no packet is sent), if any."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only selects a route
            address = probe.getsockname()[0]
        except OSError:
            return []
    return [] if address.startswith(("127.", "0.")) else [address]


def expand_hosts(spec: str, limit: int = 4096) -> list[str]:
    """Hosts from ``a.b.c.d``, a CIDR (``10.0.0.0/24``), a range (``a.b.c.10-20``) or a name."""
    spec = spec.strip()
    try:
        if "/" in spec:
            net = ipaddress.ip_network(spec, strict=False)
            if net.num_addresses > limit + 2:
                raise MeterDeskError(_("{spec!r} covers {num_addresses} addresses; the limit is {limit}").format(
                    spec=spec, num_addresses=net.num_addresses, limit=limit))
            hosts = [str(h) for h in (net.hosts() if net.num_addresses > 2 else net)]
        elif "-" in spec and spec.count(".") == 3:
            head, _dot, last = spec.rpartition(".")
            first, _dash, end = last.partition("-")
            hosts = [f"{head}.{n}" for n in range(int(first), int(end) + 1)]
            ipaddress.ip_address(hosts[0]), ipaddress.ip_address(hosts[-1])
        else:
            hosts = [spec]
    except ValueError:
        raise MeterDeskError(_("{spec!r} is not an address, a range (a.b.c.1-20) or a CIDR block").format(
            spec=spec)) from None
    if len(hosts) > limit:
        raise MeterDeskError(_("{spec!r} covers {count} addresses; the limit is {limit}").format(
            spec=spec, count=len(hosts), limit=limit))
    return hosts


def expand_ports(spec: str) -> list[int]:
    """Ports from ``502``, ``5020-5030`` or ``502,10001``."""
    ports: list[int] = []
    for part in spec.split(","):
        first, sep, last = part.strip().partition("-")
        try:
            lo, hi = int(first), int(last) if sep else int(first)
        except ValueError:
            raise MeterDeskError(_("{part!r} is not a port or a port range").format(part=part)) from None
        if not 1 <= lo <= hi <= 65535:
            raise MeterDeskError(_("{part!r} is outside 1..65535").format(part=part))
        ports.extend(range(lo, hi + 1))
    return ports


async def _open(host: str, port: int, timeout: float) -> bool:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except (OSError, TimeoutError):
        return False
    writer.close()
    return True


async def scan_network(
    hosts: list[str],
    ports: list[int],
    units: Iterable[int] = (1, 255),
    *,
    timeout: float = 0.5,
    concurrency: int = 64,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    on_target: Callable[[TargetResult], None] | None = None,
) -> list[NetworkHit]:
    """Open TCP ports concurrently, then identify the asked units on each open port.

    ``on_target`` hears the outcome at every host and port as it comes.
    """
    units = list(units)
    targets = [(h, p) for h in hosts for p in ports]
    gate = asyncio.Semaphore(concurrency)
    hits: list[NetworkHit] = []
    done = 0

    async def one(host: str, port: int) -> None:
        nonlocal done
        async with gate:
            if cancel is None or not cancel.cancelled:
                found: list[NetworkHit] = []
                is_open = await _open(host, port, timeout)
                if is_open:
                    found = await _units_at(host, port, units, timeout)
                    hits.extend(found)
                if on_target:
                    status = "found" if found else "open" if is_open else "closed"
                    on_target(TargetResult(host, port, status, tuple(found)))
        done += 1
        if progress:
            progress(done, len(targets))

    await asyncio.gather(*(one(h, p) for h, p in targets))
    return sorted(hits, key=lambda h: (ipaddress.ip_address(h.host) if _is_ip(h.host) else h.host, h.port, h.identification.unit))


async def _units_at(host: str, port: int, units: list[int], timeout: float) -> list[NetworkHit]:
    link = ModbusLink(Endpoint.tcp(host_port(host, port)), timeout=timeout, retries=0)
    found = []
    try:
        await link.connect()
        for unit in units:
            try:
                status = await probe(link, unit, timeout)
            except LinkError as exc:
                if exc.kind == "disconnected":
                    break
                continue
            if status != "found":
                continue
            try:
                ident = await identify(link, unit, timeout)
            except LinkError:
                continue
            if ident.source or ident.profile_id:
                found.append(NetworkHit(host, port, ident))
    except LinkError:
        return []
    finally:
        link.close()
    return _drop_gateway_echoes(found)


def _drop_gateway_echoes(found: list[NetworkHit]) -> list[NetworkHit]:
    """A lone device that answers every unit id is listed once, at its first unit."""
    seen: dict[tuple, NetworkHit] = {}
    for hit in found:
        ident = hit.identification
        key = (ident.profile_id, ident.serial, ident.model) if ident.serial else (id(hit),)
        seen.setdefault(key, hit)
    return list(seen.values())


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
