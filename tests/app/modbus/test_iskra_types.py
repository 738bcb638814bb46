"""Iskra T4/T5/T6/T7 wire types: the manual's worked examples, scalar and vectorised."""

import math
import pickle

import numpy as np
import pytest

from app.errors import ValidationError
from app.modbus import codec
from app.modbus.codec import PowerFactor
from app.profiles.model import TYPE_WORDS, Register


def reg(type_: str, name: str = "x", address: int = 0, **kw) -> Register:
    return Register(name=name, label=name, address=address, reg=30000 + address, function=4, type=type_,
                    words=TYPE_WORDS[type_], group="g", source="test", **kw)


T4, T5, T6, T7 = (reg(f"iskra_t{n}") for n in (4, 5, 6, 7))

# register-maps.md §3 "Iskra data types" (I5): value, then the register words
EXAMPLES = [
    (T4, 10000 * 10**2, [0xA710]),
    (T5, 123.456, [0xFD01, 0xE240]),
    (T6, -123.456, [0xFDFE, 0x1DC0]),
]


@pytest.mark.parametrize("r,value,words", EXAMPLES)
def test_worked_examples_decode_and_pack(r, value, words):
    assert codec.decode(r, words) == value
    assert codec.pack(r, value) == words


def test_t7_power_factor_example_is_capacitive_import():
    value = codec.decode(T7, [0x00FF, 0x2694])  # 0.9876 CAP
    assert isinstance(value, PowerFactor)
    assert value == 0.9876 and value.capacitive and not value.export
    assert codec.format_value(T7, value) == "0.9876 Cap"
    assert codec.pack(T7, value) == [0x00FF, 0x2694]


def test_t7_inductive_is_negative_and_export_flag_survives():
    inductive_export = codec.decode(T7, [0xFF00, 0x2694])
    assert inductive_export == -0.9876 and not inductive_export.capacitive and inductive_export.export
    assert codec.format_value(T7, inductive_export) == "0.9876 Ind export"
    assert codec.pack(T7, inductive_export) == [0xFF00, 0x2694]
    zero = codec.decode(T7, [0x0000, 0x0000])
    assert zero == 0 and not zero.capacitive  # an inductive zero keeps its sign (-0.0)
    assert codec.pack(T7, 0.5) == [0x00FF, 5000]  # a plain positive float packs as capacitive import
    copy = pickle.loads(pickle.dumps(inductive_export))
    assert copy == inductive_export and copy.export


def test_exponent_bits_and_signs():
    assert codec.decode(T4, [0x0000 | 16383]) == 16383  # exponent 0, largest value
    assert codec.decode(T4, [0xC001]) == 1000  # exponent 3 (unsigned, 2 bits)
    assert codec.decode(T5, [0x0200, 0x0001]) == 100  # positive exponent
    assert codec.decode(T5, [0x80FF, 0xFFFF]) == pytest.approx(16777215e-128)  # most negative exponent
    assert codec.decode(T6, [0x0080, 0x0000]) == -(2**23)  # most negative 24-bit value
    assert codec.decode(T6, [0x007F, 0xFFFF]) == 2**23 - 1


@pytest.mark.parametrize("r,value", [
    (T5, 230.0), (T5, 49.99), (T5, 0.0), (T5, 1234567.0), (T5, 0.000123),
    (T6, -27.7), (T6, 6.5), (T6, -5_000_000.0), (T4, 4000), (T4, 16383), (T4, 1_638_300),
])
def test_pack_round_trips_values_the_type_can_carry(r, value):
    assert codec.decode(r, codec.pack(r, value)) == value


def test_pack_keeps_the_most_precise_mantissa_and_clamps():
    assert codec.decode(T5, codec.pack(T5, 229.87654321)) == 229.8765  # 7 digits fit in 24 bits
    assert codec.decode(T5, codec.pack(T5, -3.0)) == 0  # T5 is unsigned
    assert codec.decode(T4, codec.pack(T4, 10**9)) == 16383 * 1000  # beyond T4: the largest value


def test_scale_applies_after_the_exponent_and_validation_checks_representability():
    ct_primary = reg("iskra_t4", access="RW", scale=0.1, unit="A")  # register-maps.md §3e: A/10
    assert codec.decode(ct_primary, [0x8028]) == pytest.approx(400.0)  # 40 × 10² A/10
    assert codec.decode(ct_primary, codec.encode(ct_primary, 400)) == pytest.approx(400.0)
    setting = reg("iskra_t4", access="RW")
    assert codec.validate(setting, 123450) == 123450
    with pytest.raises(ValidationError, match="cannot be sent as Iskra T4; the nearest value it can carry is 123460"):
        codec.validate(setting, 123456)
    with pytest.raises(ValidationError, match="read-only"):
        codec.validate(T5, 1.0)


def test_block_decoder_matches_scalar_decode_for_iskra_and_plain_types():
    regs = [
        reg("iskra_t5", "u1", 0), reg("iskra_t6", "p1", 2), reg("iskra_t7", "pf1", 4),
        reg("iskra_t4", "ct", 6, scale=0.1), reg("int16", "angle", 7, scale=0.01),
        reg("iskra_t5", "u2", 8), reg("iskra_t7", "pf2", 10), reg("float32", "f", 12),
        reg("iskra_t5", "gone", 14, sentinels=(0xFFFFFFFF,)),
    ]
    values = {"u1": 230.1, "p1": -1234.5, "pf1": PowerFactor(-0.85, export=True), "ct": 400,
              "angle": -76.91, "u2": 0.0, "pf2": PowerFactor(0.2124), "f": 12.5, "gone": None}
    image = np.zeros(16, dtype=np.uint16)
    for r in regs:
        image[r.address : r.end] = codec.pack(r, values[r.name])
    decoded = codec.BlockDecoder((r, r.address) for r in regs).decode(image)
    for r in regs:
        expected = codec.decode(r, image[r.address : r.end].tolist())
        assert decoded[r.name] == expected, r.name
        assert type(decoded[r.name]) is type(expected), r.name
    assert decoded["pf1"].export and not decoded["pf1"].capacitive and decoded["pf2"].capacitive
    assert decoded["ct"] == pytest.approx(400) and decoded["gone"] is None and decoded["u1"] == 230.1
    assert math.copysign(1.0, decoded["pf1"]) == -1.0


def test_block_decoder_word_order_applies_to_iskra_types():
    swapped = reg("iskra_t5", "u", 0, word_order="little")
    image = np.array([0xE240, 0xFD01], dtype=np.uint16)
    assert codec.BlockDecoder([(swapped, 0)]).decode(image)["u"] == 123.456
    assert codec.decode(swapped, image.tolist()) == 123.456
