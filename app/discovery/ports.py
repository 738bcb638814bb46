"""Serial ports: what is plugged in (pyserial ``list_ports``) and whether a port can be used.

Listing is cheap (a directory scan on Linux, a registry read on Windows), so
callers poll it every couple of seconds to notice USB adapters coming and going.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass

import serial
from serial.tools import list_ports

from app.i18n import _
from app.modbus.errors import LinkError
from app.modbus.link import serial_port_error


@dataclass(frozen=True, order=True)
class SerialPort:
    """A serial port the system knows: its name, what it is, and its hardware id (USB VID:PID…)."""

    device: str
    description: str = ""
    hwid: str = ""

    @property
    def label(self) -> str:
        known = self.description and self.description != "n/a" and self.description != self.device
        return f"{self.device} — {self.description}" if known else self.device


def _natural(port: SerialPort) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", port.device))


def list_serial_ports() -> list[SerialPort]:
    """The serial ports present now, in natural order (COM2 before COM10)."""
    ports = [SerialPort(p.device, p.description or "", p.hwid or "") for p in list_ports.comports()]
    return sorted(ports, key=_natural)


def check_serial_port(device: str) -> None:
    """Open and close ``device`` (exclusively); raise :class:`LinkError` saying why it cannot be used.

    The kinds are ``port-missing``, ``port-busy`` (another program has it) and
    ``port-permission``.
    """
    try:
        port = serial.serial_for_url(device, do_not_open=True, exclusive=True)
    except ValueError:  # exclusive is POSIX only, or not supported by this URL handler
        port = serial.serial_for_url(device, do_not_open=True)
    except serial.SerialException as exc:
        raise LinkError("port-missing", device, _("not a serial port or port URL ({reason})").format(reason=exc)) from None
    try:
        port.open()
    except serial.SerialException as exc:
        if getattr(exc, "errno", None) in (errno.EAGAIN, errno.EWOULDBLOCK) or "exclusively lock" in str(exc):
            raise LinkError("port-busy", device, _("the serial port is in use by another program")) from None
        raise serial_port_error(device, exc) from None
    except ValueError as exc:
        raise LinkError("port-missing", device, str(exc)) from None
    finally:
        port.close()
