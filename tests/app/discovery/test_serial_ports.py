"""Serial port listing and checks, on real pseudo-terminals."""

import os

import pytest
import serial

from app.discovery import ports
from app.discovery.ports import SerialPort, check_serial_port, list_serial_ports
from app.modbus.errors import LinkError
from app.modbus.link import serial_port_error

posix_only = pytest.mark.skipif(os.name != "posix", reason="uses a pseudo-terminal")


def test_ports_are_listed_with_descriptions_in_natural_order(monkeypatch):
    class Info:
        def __init__(self, device, description, hwid):
            self.device, self.description, self.hwid = device, description, hwid

    fake = [Info("COM10", "USB Serial Port (COM10)", "USB VID:PID=0403:6001"), Info("COM2", "n/a", "n/a"),
            Info("COM9", "Prolific USB-to-Serial", "USB VID:PID=067B:2303")]
    monkeypatch.setattr(ports.list_ports, "comports", lambda: fake)
    found = list_serial_ports()
    assert [p.device for p in found] == ["COM2", "COM9", "COM10"]
    assert found[0].label == "COM2"  # "n/a" says nothing
    assert found[2].label == "COM10 — USB Serial Port (COM10)"
    assert found[1].hwid == "USB VID:PID=067B:2303"


def test_this_machine_lists_without_error():
    assert all(isinstance(p, SerialPort) and p.device for p in list_serial_ports())


def test_missing_port_is_named():
    with pytest.raises(LinkError, match="no such serial port") as caught:
        check_serial_port("/dev/ttyMETERDESK-NOPE" if os.name == "posix" else "COM250")
    assert caught.value.kind == "port-missing"


@posix_only
def test_busy_port_is_reported_as_busy():
    master, slave = os.openpty()
    name = os.ttyname(slave)
    try:
        check_serial_port(name)  # free: no error
        holder = serial.Serial(name, exclusive=True)
        try:
            with pytest.raises(LinkError, match="in use by another program") as caught:
                check_serial_port(name)
            assert caught.value.kind == "port-busy"
        finally:
            holder.close()
    finally:
        os.close(master)
        os.close(slave)


@posix_only
@pytest.mark.skipif(os.name == "posix" and os.geteuid() == 0, reason="root may open any port")
def test_port_without_permission_says_what_to_do(tmp_path):
    master, slave = os.openpty()
    name = os.ttyname(slave)
    mode = os.stat(name).st_mode
    try:
        os.chmod(name, 0)
        with pytest.raises(LinkError, match="permission denied .*dialout") as caught:
            check_serial_port(name)
        assert caught.value.kind == "port-permission"
    finally:
        os.chmod(name, mode)
        os.close(master)
        os.close(slave)


def test_permission_error_wording():
    exc = serial.SerialException(13, "could not open port /dev/ttyUSB0: [Errno 13] Permission denied: '/dev/ttyUSB0'")
    error = serial_port_error("/dev/ttyUSB0", exc)
    assert error.kind == "port-permission" and "dialout" in str(error) and "/dev/ttyUSB0" in str(error)
