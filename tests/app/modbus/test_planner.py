from app.modbus.planner import ReadPlan, Unreadable, plan_reads, split_block
from app.profiles import profile_by_id
from app.profiles.model import Register


def reg(name, address, words=2, function=3):
    return Register(name=name, label=name, address=address, reg=address + 1, function=function,
                    type="float32" if words == 2 else "uint16", words=words, group="g", source="t")


def spans(*ranges):
    return lambda fc, start, end: any(fc == 3 and a <= start and end <= b for a, b in ranges)


def test_contiguous_points_make_one_block():
    blocks = plan_reads([reg("a", 10), reg("b", 12), reg("c", 14)], spans())
    assert [(b.address, b.count) for b in blocks] == [(10, 6)]


def test_gaps_bridged_only_where_readable():
    regs = [reg("a", 10), reg("b", 20), reg("c", 40)]
    assert [(b.address, b.count) for b in plan_reads(regs, spans())] == [(10, 2), (20, 2), (40, 2)]
    assert [(b.address, b.count) for b in plan_reads(regs, spans((0, 30)))] == [(10, 12), (40, 2)]
    assert [(b.address, b.count) for b in plan_reads(regs, spans((0, 100)))] == [(10, 32)]


def test_blocks_never_exceed_125_registers_nor_mix_function_codes():
    regs = [reg(f"p{i}", 2 * i) for i in range(100)] + [reg("ir", 0, function=4)]
    blocks = plan_reads(regs, spans((0, 1000)))
    assert all(b.count <= 125 for b in blocks)
    assert [(b.function, b.address, b.count) for b in blocks] == [(3, 0, 124), (3, 124, 76), (4, 0, 2)]
    assert sum(len(b.registers) for b in blocks) == 101


def test_unreadable_registers_are_skipped_and_not_bridged():
    regs = [reg("a", 10), reg("bad", 12), reg("c", 14)]
    bad = Unreadable()
    bad.add(regs[1])
    blocks = plan_reads(regs, spans((0, 100)), unreadable=bad)
    assert [(b.address, b.count) for b in blocks] == [(10, 2), (14, 2)]


def test_split_block_halves_by_points():
    block = plan_reads([reg("a", 0), reg("b", 2), reg("c", 8)], spans((0, 20)))[0]
    halves = split_block(block)
    assert [(h.address, h.count) for h in halves] == [(0, 2), (2, 8)]
    assert split_block(halves[0]) == []


def test_ion7400_full_measurement_refresh_is_six_requests():
    profile = profile_by_id("ion7400")
    plan = ReadPlan(plan_reads(profile.of_kind("measurement"), profile.is_readable_gap))
    assert [(b.address, b.count) for b in plan.blocks] == [
        (2699, 20), (2999, 112), (3143, 8), (3203, 40), (21299, 36), (56400, 24)  # the last: phasors
    ]
    assert plan.size == 240
