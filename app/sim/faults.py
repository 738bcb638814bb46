"""Fault injection for the simulators, scriptable from tests.

A :class:`FaultPlan` is consulted for every request a server receives. Faults
that count (``drop_next``, ``corrupt_next``, ``silence_next``) are consumed as
they fire; ``delay`` and address exceptions stay until cleared.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FaultPlan:
    delay: float = 0.0  # seconds added before every answer
    drop_next: int = 0  # close the connection (TCP) / ignore (RTU) on the next N requests
    corrupt_next: int = 0  # flip a CRC byte of the next N RTU answers
    silence_next: int = 0  # send no answer to the next N requests
    exceptions: list[tuple[int, int, int, int]] = field(default_factory=list)  # (function, start, end, code)

    def raise_exception(self, function: int, start: int, end: int, code: int) -> None:
        """Answer ``code`` to any request of ``function`` touching ``[start, end)``."""
        self.exceptions.append((function, start, end, code))

    def exception_for(self, function: int, address: int, count: int) -> int:
        for fc, start, end, code in self.exceptions:
            if fc == function and address < end and start < address + count:
                return code
        return 0

    def take(self, name: str) -> bool:
        """Consume one occurrence of a counted fault; True if it fires."""
        left = getattr(self, name)
        if left > 0:
            setattr(self, name, left - 1)
            return True
        return False

    def clear(self) -> None:
        self.delay = 0.0
        self.drop_next = self.corrupt_next = self.silence_next = 0
        self.exceptions.clear()
