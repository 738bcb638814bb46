"""Link errors in words: what failed, on which device and register, and why."""

from __future__ import annotations

from app.errors import MeterDeskError

EXCEPTION_MEANINGS = {
    1: "illegal function (the device does not support this request)",
    2: "illegal data address (register not mapped, or protected by device security)",
    3: "illegal data value (value not allowed for this register, or read-only)",
    4: "server device failure",
    5: "acknowledge (request accepted, processing takes long)",
    6: "server device busy",
    8: "memory parity error",
    10: "gateway path unavailable",
    11: "gateway target device failed to respond",
}


class LinkError(MeterDeskError):
    """A request failed. ``kind`` is one of: timeout, crc, exception, refused,
    unreachable, port-missing, port-busy, port-permission, port-settings, disconnected, invalid,
    tls (handshake failed), certificate (pinned certificate changed, or certificate files unusable)."""

    def __init__(self, kind: str, device: str, detail: str, address: int | None = None) -> None:
        self.kind = kind
        self.device = device
        self.address = address
        where = f"{device}" + (f", address {address}" if address is not None else "")
        super().__init__(f"{where}: {detail}")


class ModbusExceptionError(LinkError):
    """The device answered with a Modbus exception code."""

    def __init__(self, device: str, function: int, code: int, address: int | None) -> None:
        self.function = function
        self.code = code
        meaning = EXCEPTION_MEANINGS.get(code, "unknown exception")
        super().__init__(
            "exception", device, f"function {function} refused with exception {code:02d}: {meaning}", address
        )
