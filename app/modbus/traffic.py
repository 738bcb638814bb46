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
from pathlib import Path

from app.errors import MeterDeskError
from app.modbus.errors import EXCEPTION_MEANINGS
from app.modbus.link import ModbusLink

FUNCTION_NAMES = {
    1: "read coils", 2: "read discrete inputs", 3: "read holding registers", 4: "read input registers",
    5: "write single coil", 6: "write single register", 15: "write multiple coils",
    16: "write multiple registers", 17: "report server id", 20: "read file record",
    21: "write file record", 43: "read device identification",
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
            return "incomplete frame"
        return f"FC{fc & 0x7F} {FUNCTION_NAMES.get(fc & 0x7F, 'function')}"

    @property
    def exception_text(self) -> str:
        code = self.exception_code
        return "" if code is None else f"exception {code:02d}: {EXCEPTION_MEANINGS.get(code, 'unknown')}"

    @property
    def summary(self) -> str:
        fc = self.function
        if fc is None:
            return "incomplete frame"
        if self.exception_code is not None:
            return f"exception {self.exception_code:02d} to FC{fc & 0x7F}: {EXCEPTION_MEANINGS.get(self.exception_code, 'unknown')}"
        return self.function_text

    def text(self) -> str:
        stamp = time.strftime("%H:%M:%S", time.localtime(self.time)) + f".{int(self.time % 1 * 1000):03d}"
        arrow = "->" if self.direction == "tx" else "<-"
        return f"{stamp} {self.link} {arrow} unit {self.unit} {self.summary}: {self.data.hex(' ').upper()}"


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
        return list(self.frames)[len(self.frames) - new:] if new > 0 else []

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
            raise MeterDeskError(f"cannot save the traffic to {path}: {exc.strerror}") from None
