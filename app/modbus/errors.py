"""Link errors in words: what failed, on which device and register, and why."""

from __future__ import annotations

from app.errors import MeterDeskError
from app.i18n import N_, _

EXCEPTION_MEANINGS = {
    1: N_("illegal function (the device does not support this request)"),
    2: N_("illegal data address (register not mapped, or protected by device security)"),
    3: N_("illegal data value (value not allowed for this register, or read-only)"),
    4: N_("server device failure"),
    5: N_("acknowledge (request accepted, processing takes long)"),
    6: N_("server device busy"),
    8: N_("memory parity error"),
    10: N_("gateway path unavailable"),
    11: N_("gateway target device failed to respond"),
}


def exception_meaning(code: int) -> str:
    """What a Modbus exception code means, in words."""
    return _(EXCEPTION_MEANINGS[code]) if code in EXCEPTION_MEANINGS else _("unknown exception")


class LinkError(MeterDeskError):
    """A request failed. ``kind`` is one of: timeout, crc, exception, refused,
    unreachable, port-missing, port-busy, port-permission, port-settings, disconnected, invalid,
    tls (handshake failed), certificate (pinned certificate changed, or certificate files unusable)."""

    def __init__(self, kind: str, device: str, detail: str, address: int | None = None) -> None:
        self.kind = kind
        self.device = device
        self.detail = detail  # why, in words (without the device)
        self.address = address
        where = device if address is None else _("{device}, address {address}").format(device=device, address=address)
        super().__init__(_("{where}: {detail}").format(where=where, detail=detail))


class ModbusExceptionError(LinkError):
    """The device answered with a Modbus exception code."""

    def __init__(self, device: str, function: int, code: int, address: int | None) -> None:
        self.function = function
        self.code = code
        detail = _("function {function} refused with exception {code:02d}: {meaning}").format(
            function=function, code=code, meaning=exception_meaning(code))
        super().__init__("exception", device, detail, address)
