import math

import numpy as np
import pytest

from app.errors import ValidationError
from app.modbus import codec
from app.profiles.model import Register


def reg(type_: str, **kw) -> Register:
    words = kw.pop("words", {"int16": 1, "uint16": 1, "int32": 2, "uint32": 2, "int64": 4, "uint64": 4,
                             "float32": 2, "float64": 4}.get(type_, 0))
    return Register(name=kw.pop("name", "x"), label="x", address=kw.pop("address", 0), reg=1, function=3,
                    type=type_, words=words, group="g", source="test", **kw)


@pytest.mark.parametrize("type_,value", [
    ("int16", -1234), ("uint16", 65000), ("int32", -70000), ("uint32", 4_000_000_000),
    ("int64", -(2**40)), ("uint64", 2**63 + 5), ("float32", 12.5), ("float64", math.pi),
])
@pytest.mark.parametrize("word_order", ["big", "little"])
def test_pack_decode_round_trip(type_, value, word_order):
    r = reg(type_, word_order=word_order, access="RW")
    assert codec.decode(r, codec.encode(r, value)) == value


def test_word_and_byte_order_layouts():
    big = reg("uint32")
    little_words = reg("uint32", word_order="little")
    swapped_bytes = reg("uint16", byte_order="little")
    assert codec.pack(big, 0x12345678) == [0x1234, 0x5678]
    assert codec.pack(little_words, 0x12345678) == [0x5678, 0x1234]
    assert codec.pack(swapped_bytes, 0x1234) == [0x3412]
    assert codec.decode(reg("float32"), [0x4148, 0x0000]) == 12.5  # big-endian float, MSW first


def test_manual_sentinels_decode_to_none():
    assert codec.decode(reg("float32", sentinels=(0xFFC00000,)), [0xFFC0, 0x0000]) is None
    assert codec.decode(reg("float32"), [0x7FC0, 0x0000]) is None  # any NaN is "not available"
    assert codec.decode(reg("int16", sentinels=(0x8000,)), [0x8000]) is None
    assert codec.decode(reg("int64", sentinels=(0x8000000000000000,)), [0x8000, 0, 0, 0]) is None
    assert codec.decode(reg("int16", sentinels=(0x8000,)), [0x8001]) == -32767


def test_strings_are_two_characters_per_register_nul_padded():
    r = reg("string", words=4, access="RW")
    assert codec.pack(r, "ION7") == [0x494F, 0x4E37, 0, 0]
    assert codec.decode(r, [0x494F, 0x4E37, 0, 0]) == "ION7"
    with pytest.raises(ValidationError, match="9 bytes of text, the maximum is 8"):
        codec.encode(r, "ION7400ab")


def test_scale_and_scale_register():
    fixed = reg("uint16", scale=0.1, access="RW", minimum=0.1, maximum=15)
    assert codec.encode(fixed, 2.5) == [25]
    assert codec.decode(fixed, [25]) == pytest.approx(2.5)
    with pytest.raises(ValidationError, match="not a multiple of the step 0.1"):
        codec.encode(fixed, 2.55)
    exp = reg("int16", name="scale_i")
    value = reg("uint16", name="i", address=1, scale_register="scale_i")
    decoder = codec.BlockDecoder([(exp, 0), (value, 1)])
    assert decoder.decode(np.array([0xFFFE, 1234], dtype=np.uint16)) == {"scale_i": -2, "i": pytest.approx(12.34)}


def test_validation_names_register_and_allowed_values():
    r = reg("uint32", name="pt_primary", minimum=1, maximum=999999, unit="V", access="RW")
    with pytest.raises(ValidationError, match=r"pt_primary \(reg 1\): 0 V is outside the allowed range 1..999999 V"):
        codec.encode(r, 0)
    e = reg("uint16", name="mode", enum={0: "4W-WYE", 1: "DELTA"}, access="RW")
    with pytest.raises(ValidationError, match=r"choose one of 0 \(4W-WYE\), 1 \(DELTA\)"):
        codec.encode(e, 7)
    with pytest.raises(ValidationError, match="read-only"):
        codec.encode(reg("uint16"), 1)


def test_parse_and_format_text():
    e = reg("uint16", enum={0: "4W-WYE", 1: "DELTA"}, access="RW")
    assert codec.parse_text(e, "delta") == 1
    ip = reg("uint32", format="ipv4", access="RW")
    assert codec.format_value(ip, codec.parse_text(ip, "169.254.0.10")) == "169.254.0.10"
    with pytest.raises(ValidationError, match="not an IPv4 address"):
        codec.parse_text(ip, "300.1.1.1")
    with pytest.raises(ValidationError, match="not a number; choose one of 4W-WYE, DELTA"):
        codec.parse_text(e, "star")
    assert codec.format_value(reg("float32", unit="V"), None) == "n/a"
    bits = reg("uint16", bits={0: "high", 1: "low"})
    assert codec.format_value(bits, 3) == "high, low"


def test_block_decoder_matches_scalar_decode():
    rng = np.random.default_rng(7)
    regs, pos = [], 0
    for i, t in enumerate(["float32", "int16", "uint32", "int64", "float64", "float32", "uint16"] * 5):
        order = "little" if i % 3 == 0 else "big"
        r = reg(t, name=f"p{i}", address=pos, word_order=order,
                sentinels=(0x8000,) if t == "int16" else ())
        regs.append(r)
        pos += r.words
    image = rng.integers(0, 65536, pos, dtype=np.uint16)
    image[regs[1].address] = 0x8000
    got = codec.BlockDecoder([(r, r.address) for r in regs]).decode(image)
    for r in regs:
        want = codec.decode(r, image[r.address:r.end].tolist())
        if want is None or (isinstance(want, float) and math.isnan(want)):
            assert got[r.name] is None
        else:
            assert got[r.name] == want
    assert got["p1"] is None
