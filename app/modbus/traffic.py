"""Traffic monitor: raw frames with timestamps, direction and a decoded summary.

A :class:`TrafficLog` listens to one or more links (``ModbusLink.listeners``)
and keeps the last ``capacity`` frames in a ring buffer. Engineers use it to
prove to a vendor what a device answered, so frames are kept byte for byte
and saved as plain text.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from app.errors import MeterDeskError
from app.i18n import N_, _
from app.modbus.errors import exception_meaning
from app.modbus.link import ModbusLink

#: Modbus function names, by function code (shown through :func:`app.i18n._`).
FUNCTION_NAMES = {
    1: N_("read coils"), 2: N_("read discrete inputs"), 3: N_("read holding registers"),
    4: N_("read input registers"), 5: N_("write single coil"), 6: N_("write single register"),
    15: N_("write multiple coils"), 16: N_("write multiple registers"), 17: N_("report server id"),
    20: N_("read file record"), 21: N_("write file record"), 43: N_("read device identification"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Frame:
    time: float  # s since the epoch
    link: str
    direction: str  # "tx" (request) or "rx" (answer)
    data: bytes
    framing: str  # "tcp" (MBAP) or "rtu"

    @property
    def unit(self) -> int | None:
        index = 6 if self.framing == "tcp" else 0
        return self.data[index] if len(self.data) > index else None

    @property
    def function(self) -> int | None:
        index = 7 if self.framing == "tcp" else 1
        return self.data[index] if len(self.data) > index else None

    @property
    def exception_code(self) -> int | None:
        """The Modbus exception code of an exception answer, else None."""
        fc = self.function
        if fc is None or not fc & 0x80:
            return None
        index = 8 if self.framing == "tcp" else 2
        return self.data[index] if len(self.data) > index else 0

    @property
    def function_text(self) -> str:
        """``FC3 read holding registers`` (the request's function for an exception answer)."""
        fc = self.function
        if fc is None:
            return _("incomplete frame")
        name = FUNCTION_NAMES.get(fc & 0x7F)
        return f"FC{fc & 0x7F} {_(name) if name else _('function')}"

    @property
    def exception_text(self) -> str:
        code = self.exception_code
        if code is None:
            return ""
        return _("exception {code:02d}: {meaning}").format(code=code, meaning=exception_meaning(code))

    @property
    def summary(self) -> str:
        fc = self.function
        if fc is None:
            return _("incomplete frame")
        if self.exception_code is not None:
            return _("exception {code:02d} to FC{function}: {meaning}").format(
                code=self.exception_code, function=fc & 0x7F, meaning=exception_meaning(self.exception_code))
        return self.function_text

    def text(self) -> str:
        arrow = "->" if self.direction == "tx" else "<-"
        return _("{time} {link} {arrow} unit {unit} {summary}: {data}").format(
            time=stamp(self.time), link=self.link, arrow=arrow, unit=self.unit, summary=self.summary,
            data=self.data.hex(" ").upper())


def stamp(when: float) -> str:
    """Local time of a frame, ``HH:MM:SS.mmm``."""
    return time.strftime("%H:%M:%S", time.localtime(when)) + f".{int(when % 1 * 1000):03d}"


class TrafficLog:
    """Frames from the links it watches, newest last; can be paused, filtered and saved."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.frames: deque[Frame] = deque(maxlen=capacity)
        self.paused = False
        self.total = 0  # frames recorded since the start, including those the buffer dropped
        self._watched: dict[ModbusLink, Callable] = {}

    def watch(self, link: ModbusLink) -> None:
        if link in self._watched:
            return
        framing = "rtu" if link.endpoint.kind in ("rtu", "rtu-tcp") else "tcp"

        def listener(direction: str, data: bytes, when: float) -> None:
            if not self.paused:
                self.frames.append(Frame(when, link.name, direction, bytes(data), framing))
                self.total += 1

        link.listeners.append(listener)
        self._watched[link] = listener

    def unwatch(self, link: ModbusLink) -> None:
        listener = self._watched.pop(link, None)
        if listener is not None and listener in link.listeners:
            link.listeners.remove(listener)

    def since(self, seen: int) -> list[Frame]:
        """Frames recorded after the first ``seen`` ones (as many as the buffer still holds)."""
        new = min(self.total - seen, len(self.frames))
        # from the newest end: a refresh costs the new frames, not a copy of the whole buffer
        return list(islice(reversed(self.frames), new))[::-1] if new > 0 else []

    def clear(self) -> None:
        self.frames.clear()

    def select(self, link_name: str | None = None, unit: int | None = None) -> list[Frame]:
        return [f for f in self.frames
                if (link_name is None or f.link == link_name) and (unit is None or f.unit == unit)]

    def save(self, path: str | Path, frames: Iterable[Frame] | None = None) -> None:
        frames = list(self.frames if frames is None else frames)
        try:
            Path(path).write_text("".join(f.text() + "\n" for f in frames), encoding="utf-8")
        except OSError as exc:
            raise MeterDeskError(_("cannot save the traffic to {path}: {reason}").format(
                path=path, reason=exc.strerror)) from None
