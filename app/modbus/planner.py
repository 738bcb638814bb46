"""Turn a set of wanted registers into the fewest Modbus read requests.

Points are sorted by function code and address and packed greedily into
blocks of at most ``max_count`` registers. A block may bridge the gap between
two points only when the profile says every register in the gap is readable
and none of them is known to be unreadable; otherwise a new block starts.
For interval covering with a maximum span this greedy packing is optimal.

When a device answers "illegal data address" the reader splits the block
(:func:`split_block`) and records the registers that really fail in an
:class:`Unreadable` set, which later plans leave out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from app.modbus.codec import BlockDecoder, Value
from app.profiles.model import Register

MAX_READ_COUNT = 125  # registers per FC03/FC04 request (Modbus spec)

GapCheck = Callable[[int, int, int], bool]  # (function, start, end) -> readable?


@dataclass(frozen=True, slots=True)
class ReadBlock:
    """One read request: ``count`` registers from ``address`` with ``function``."""

    function: int
    address: int
    count: int
    registers: tuple[Register, ...]

    @property
    def end(self) -> int:
        return self.address + self.count


@dataclass
class Unreadable:
    """Registers a device refused with "illegal data address", per function code."""

    addresses: set[tuple[int, int]] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    def add(self, reg: Register) -> None:
        self.names.add(reg.name)
        self.addresses.update((reg.function, a) for a in range(reg.address, reg.end))

    def blocks_gap(self, function: int, start: int, end: int) -> bool:
        return any((function, a) in self.addresses for a in range(start, end))


def plan_reads(
    registers: Iterable[Register],
    gap_readable: GapCheck,
    *,
    max_count: int = MAX_READ_COUNT,
    unreadable: Unreadable | None = None,
) -> list[ReadBlock]:
    """Pack ``registers`` into the fewest blocks (see module docstring)."""
    skip = unreadable.names if unreadable else set()
    wanted = sorted(
        {r.name: r for r in registers if r.name not in skip}.values(),
        key=lambda r: (r.function, r.address),
    )
    blocks: list[ReadBlock] = []
    current: list[Register] = []
    for reg in wanted:
        if current:
            head, last = current[0], current[-1]
            bridgeable = (
                reg.function == head.function
                and reg.end - head.address <= max_count
                and reg.address >= last.end
                and (
                    reg.address == last.end
                    or (
                        gap_readable(reg.function, last.end, reg.address)
                        and not (unreadable and unreadable.blocks_gap(reg.function, last.end, reg.address))
                    )
                )
            )
            if not bridgeable:
                blocks.append(_block(current))
                current = []
        current.append(reg)
    if current:
        blocks.append(_block(current))
    return blocks


def split_block(block: ReadBlock) -> list[ReadBlock]:
    """Halve a refused block (by points, no gap bridging) to find the bad register."""
    regs = block.registers
    if len(regs) < 2:
        return []
    middle = len(regs) // 2
    return [_block(list(regs[:middle])), _block(list(regs[middle:]))]


def _block(regs: list[Register]) -> ReadBlock:
    head = regs[0]
    end = max(r.end for r in regs)
    return ReadBlock(head.function, head.address, end - head.address, tuple(regs))


class ReadPlan:
    """Blocks for a set of registers plus the decoder for their concatenated words."""

    def __init__(self, blocks: list[ReadBlock]) -> None:
        self.blocks = blocks
        self.offsets: list[int] = []
        points = []
        offset = 0
        for block in blocks:
            self.offsets.append(offset)
            points.extend((r, offset + r.address - block.address) for r in block.registers)
            offset += block.count
        self.size = offset
        self.decoder = BlockDecoder(points)

    def decode(self, words_per_block: list[np.ndarray]) -> dict[str, Value]:
        """Decode the answers to :attr:`blocks`, given in the same order."""
        image = np.concatenate(words_per_block) if len(words_per_block) > 1 else words_per_block[0]
        return self.decoder.decode(image)
