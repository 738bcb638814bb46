"""DAT decoding: binary layouts built byte by byte, ASCII quirks, sentinels and time bases."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from app.comtrade import ComtradeError, read
from app.comtrade import dat as datmod


def cfg_text(
    fmt="BINARY",
    rev="1999",
    analog=2,
    digital=3,
    rates="1\n1000,4",
    timemult="1",
    extra="",
):
    lines = [
        f"ST,DEV,{rev}" if rev else "ST,DEV",
        f"{analog + digital},{analog}A,{digital}D",
    ]
    for k in range(analog):
        if rev:
            lines.append(f"{k + 1},A{k + 1},A,,V,0.5,{k},0,-32767,32767,100,1,P")
        else:
            lines.append(f"{k + 1},A{k + 1},A,,V,0.5,{k},0,-32767,32767")
    for k in range(digital):
        lines.append(f"{k + 1},D{k + 1},,,0" if rev else f"{k + 1},D{k + 1},0")
    lines += [
        "50",
        rates,
        "01/01/2020,00:00:00.000000",
        "01/01/2020,00:00:00.001000",
        fmt,
    ]
    if rev:
        lines.append(timemult)
    return "\n".join(lines) + "\n" + extra


def binary_rows(rows, analog_code="h", words=1):
    """Pack (n, t, [analog...], [status words...]) tuples little-endian."""
    out = b""
    for n, t, values, status in rows:
        out += struct.pack(
            f"<II{len(values)}{analog_code}{words}H", n, t, *values, *status
        )
    return out


def test_binary_values_digital_bits_and_times(make_record):
    rows = [
        (k + 1, k * 1000, [10 * k, -10 * k], [0b101 if k % 2 else 0b010])
        for k in range(4)
    ]
    rec = read(make_record(cfg_text(), binary_rows(rows)))
    assert rec.warnings == []
    assert rec.analog(0).tolist() == [0.0, 5.0, 10.0, 15.0]  # a=0.5, b=0
    assert rec.analog("A2").tolist() == [1.0, -4.0, -9.0, -14.0]  # b=1
    assert rec.digital(0).tolist() == [False, True, False, True]  # bit 0
    assert rec.digital(1).tolist() == [True, False, True, False]  # bit 1
    assert rec.digital(2).tolist() == [False, True, False, True]  # bit 2
    assert rec.time.tolist() == pytest.approx([0, 0.001, 0.002, 0.003])
    assert rec.sample_numbers().tolist() == [1, 2, 3, 4]


def test_more_than_16_digital_channels_use_the_next_word(make_record):
    rows = [(1, 0, [0], [0, 1 << 3]), (2, 1000, [0], [1 << 15, 0])]
    rec = read(
        make_record(
            cfg_text(analog=1, digital=20, rates="1\n1000,2"),
            binary_rows(rows, words=2),
        )
    )
    assert rec.digital(19).tolist() == [True, False]  # word 2, bit 3
    assert rec.digital(15).tolist() == [False, True]  # word 1, bit 15


@pytest.mark.parametrize(
    ("fmt", "rev", "code", "missing", "value"),
    [
        ("BINARY", "1999", "h", -32768, 7),
        ("BINARY", "2013", "h", -32768, -1),
        (
            "BINARY",
            "",
            "h",
            -1,
            -32768,
        ),  # 1991: 0xFFFF marks missing data, 0x8000 is a value
        ("BINARY32", "2013", "i", -(2**31), 123456789),
    ],
)
def test_missing_data_sentinels(make_record, fmt, rev, code, missing, value):
    rows = [(1, 0, [missing, value], [0]), (2, 1000, [value, missing], [0])]
    extra = "0,0\n0,0\n" if rev == "2013" else ""
    rec = read(
        make_record(
            cfg_text(fmt, rev, rates="1\n1000,2", extra=extra), binary_rows(rows, code)
        )
    )
    a1 = rec.analog(0)
    assert np.isnan(a1[0]) and a1[1] == pytest.approx(0.5 * value)
    assert np.isnan(rec.raw(1)[1]) and rec.raw(1)[0] == value
    rec.load_all()
    assert np.isnan(rec.analog(1)[1])


def test_float32_and_binary32_values(make_record):
    rows = [(1, 0, [1.25, -2.5e6], [0]), (2, 1000, [float("nan"), 3.0], [0])]
    cfg = cfg_text("FLOAT32", "2013", rates="1\n1000,2", extra="0,0\n0,0\n")
    rec = read(make_record(cfg, binary_rows(rows, "f")))
    assert rec.analog(0)[0] == 0.625 and np.isnan(rec.analog(0)[1])
    assert rec.analog(1).tolist() == [-1249999.0, 2.5]
    rows = [(1, 0, [2**31 - 1, -(2**31) + 1], [0])]
    cfg = cfg_text("BINARY32", "2013", rates="1\n1000,1", extra="0,0\n0,0\n")
    rec = read(make_record(cfg, binary_rows(rows, "i")), dtype=np.float64)
    assert rec.analog(0)[0] == 0.5 * (2**31 - 1)


def test_trailing_bytes_and_ctrl_z_padding(make_record):
    rows = binary_rows([(k + 1, k * 1000, [k, k], [0]) for k in range(4)])
    rec = read(make_record(cfg_text(), rows + b"\x1a" * 8))
    assert rec.sample_count == 4
    assert "rec.dat: 8 end-of-file padding bytes (Ctrl-Z/NUL) ignored" in [
        str(w) for w in rec.warnings
    ]
    rec = read(make_record(cfg_text(), rows + b"\x01\x02\x03"))
    assert any("3 trailing bytes ignored" in str(w) for w in rec.warnings)


def test_dat_longer_or_shorter_than_declared(make_record):
    rows = binary_rows([(k + 1, k * 1000, [k, k], [0]) for k in range(6)])
    rec = read(make_record(cfg_text(), rows))
    assert rec.sample_count == 6 and rec.time[-1] == pytest.approx(0.005)
    assert "rec.dat: the DAT holds 6 samples but the CFG declares 4; all are read" in [
        str(w) for w in rec.warnings
    ]
    rec = read(make_record(cfg_text(rates="1\n1000,40"), rows))
    assert any("the record ends early" in str(w) for w in rec.warnings)


def test_sample_numbers_from_zero_and_jumps_are_reported(make_record):
    rows = binary_rows([(k, k * 1000, [k, k], [0]) for k in (0, 1, 2, 7)])
    rec = read(make_record(cfg_text(), rows))
    text = "\n".join(str(w) for w in rec.warnings)
    assert "field 'n': sample numbers start at 0" in text
    assert "not consecutive at 1 place, first 2 then 7 at sample 4" in text


def test_empty_or_too_short_binary_dat_is_fatal(make_record):
    with pytest.raises(ComtradeError, match=r"rec.dat: the DAT is empty"):
        read(make_record(cfg_text(), b""))
    with pytest.raises(
        ComtradeError,
        match=r"rec.dat: no complete BINARY record: 5 bytes, one record is 14 bytes",
    ):
        read(make_record(cfg_text(), b"\x01\x00\x00\x00\x00"))


def test_large_binary_is_memory_mapped(make_record, monkeypatch):
    monkeypatch.setattr(datmod, "MMAP_THRESHOLD", 0)
    rows = binary_rows([(k + 1, k * 1000, [k, -k], [k % 2]) for k in range(4)])
    rec = read(make_record(cfg_text(), rows))
    assert isinstance(rec._table.rows, np.memmap)
    rec.load_all()
    assert rec.analog(0).tolist() == [0, 0.5, 1, 1.5]
    rec.close()
    assert rec.analog(0).tolist() == [0, 0.5, 1, 1.5]  # decoded values outlive the map
    with pytest.raises(ComtradeError, match="the record is closed"):
        rec.raw(0)


def test_binary_labelled_dat_holding_ascii_is_read_as_ascii(make_record):
    rec = read(make_record(cfg_text(), "1,0,1,2,0,0,1\n2,1000,3,4,1,0,0\n"))
    assert rec.analog(0).tolist() == [0.5, 1.5]
    assert (
        "rec.dat line 1: the CFG says BINARY but the DAT is ASCII text; read as ASCII"
        in [str(w) for w in rec.warnings]
    )


# -- ASCII -------------------------------------------------------------------


def test_ascii_quirks_fixture(data_dir):
    rec = read(data_dir / "quirks_1999.cfg")
    assert rec.station_name == "Подстанция 110 кВ"
    assert rec.sample_count == 11
    a = rec.analog("Ia")
    assert np.isnan(a[4])  # 99999 marks a missing sample (1999)
    assert a[[0, 1, 10]].tolist() == [1.0, 2.0, 11.0]
    assert np.isnan(rec.analog("Ib")[2])  # empty field
    assert rec.digital("Откл").tolist() == [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0]
    assert rec.digital_channels[0].circuit == "Реле"
    text = [str(w) for w in rec.warnings]
    assert "quirks_1999.dat: 3 end-of-file padding bytes (Ctrl-Z/NUL) ignored" in text
    assert "quirks_1999.dat line 3: 1 blank line ignored" in text
    assert (
        "quirks_1999.dat line 4, field 'Ib': 1 empty field read as missing samples"
        in text
    )
    assert (
        "quirks_1999.cfg line 5, field 'ph': 4-field digital line: read as Dn,ch_id,y,ccbm"
        in text
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\r\r\n"])
def test_ascii_line_endings(make_record, newline):
    lines = ["1,0,1,2,0,0,1", "2,1000,3,4,1,0,0", "3,2000,5,6,0,1,0"]
    rec = read(
        make_record(cfg_text("ASCII", rates="1\n1000,3"), newline.join(lines) + newline)
    )
    assert rec.analog(1).tolist() == [2.0, 3.0, 4.0]
    assert rec.digital(2).tolist() == [True, False, False]


def test_ascii_padding_signs_trailing_commas_and_truncated_last_line(make_record):
    dat = "   1,   0, +0001, -0002,0,0,1,\n   2, 1000,  0003,  0004,1,0,0,\n   3,2000,5,6,0,1,0,\n"
    rec = read(make_record(cfg_text("ASCII", rates="1\n1000,3"), dat))
    assert rec.analog(0).tolist() == [0.5, 1.5, 2.5]
    assert any("every record ends with a comma" in str(w) for w in rec.warnings)
    dat = "1,0,1,2,0,0,1\n2,1000,3,4,1,0,0\n3,2000,5,6"
    rec = read(make_record(cfg_text("ASCII", rates="1\n1000,3"), dat))
    assert rec.sample_count == 2
    assert (
        "rec.dat line 3, field 'D1': last record truncated (4 of 7 fields); dropped"
        in [str(w) for w in rec.warnings]
    )


def test_ascii_real_numbers_and_empty_time_stamps(make_record):
    dat = "1,,1.5,2e1,0,0,1\n2,,3,4,1,0,0\n"
    rec = read(make_record(cfg_text("ASCII", rates="1\n1000,2"), dat))
    assert rec.analog(0).tolist() == [0.75, 1.5]
    assert rec.analog(1).tolist() == [11.0, 3.0]
    assert rec.stamp_times is None
    assert not any(
        "empty field" in str(w) for w in rec.warnings
    )  # blank stamps are allowed


@pytest.mark.parametrize(
    ("dat", "message"),
    [
        (
            "1,0,1,2,0,0,1\n2,1000,3,x4,1,0,0\n",
            r"rec.dat line 2, field 'A2': 'x4' is not a number",
        ),
        (
            "1,0,,2,0,0,1\n2,1000,3,4,1,0,0\n3,2000,3,4,1,0,1.5.1\n",
            r"rec.dat line 3, field 'D3': '1.5.1' is not a number",
        ),
        (
            "1,0,1,2,0,0,1\n2,1000,3,4,1\n3,0,1,2,0,0,1\n",
            r"rec.dat line 2, field 'D2': record has 5 fields; the CFG implies 7",
        ),
        (
            "1,0,1,2,0,0,1,9,9\n",
            r"rec.dat line 1: record has 9 fields; the CFG implies 7",
        ),
        ("\n\n\x1a", r"rec.dat: the DAT holds no samples"),
    ],
)
def test_ascii_fatal_errors_name_line_and_field(make_record, dat, message):
    with pytest.raises(ComtradeError, match=message):
        read(make_record(cfg_text("ASCII", rates="1\n1000,3"), dat))


def test_1991_ascii_has_no_99999_sentinel(make_record):
    dat = "1,0,99999,2,0,0,1\n"
    rec = read(make_record(cfg_text("ASCII", rev="", rates="1\n1000,1"), dat))
    assert rec.analog(0)[0] == 0.5 * 99999


# -- time bases ----------------------------------------------------------------


def test_several_rates_step_with_the_rate_of_the_sample_before(make_record):
    rows = binary_rows([(k + 1, 0xFFFFFFFF, [k, k], [0]) for k in range(6)])
    rec = read(make_record(cfg_text(rates="3\n1000,2\n100,4\n1000,6"), rows))
    assert rec.time.tolist() == pytest.approx([0, 0.001, 0.002, 0.012, 0.022, 0.023])
    assert [(s.start, s.stop, s.rate) for s in rec.segments] == [
        (0, 2, 1000),
        (2, 4, 100),
        (4, 6, 1000),
    ]
    assert rec.segment_at(0.015).rate == 100
    assert rec.stamp_times is None and rec.warnings == []


def test_nrates_zero_uses_stamps_times_timemult(make_record):
    rows = binary_rows([(k + 1, t, [k, k], [0]) for k, t in enumerate([0, 10, 30, 60])])
    rec = read(make_record(cfg_text(rates="0\n0,4", timemult="0.5"), rows))
    assert rec.time.tolist() == pytest.approx([0, 5e-6, 15e-6, 30e-6])
    rows = binary_rows([(k + 1, 0xFFFFFFFF, [k, k], [0]) for k in range(4)])
    with pytest.raises(
        ComtradeError, match="field 'timestamp': the CFG gives no sampling rate"
    ):
        read(make_record(cfg_text(rates="0\n0,4"), rows))


def test_missing_stamps_are_interpolated_when_they_give_the_time(make_record):
    rows = binary_rows(
        [(k + 1, t, [k, k], [0]) for k, t in enumerate([0, 0xFFFFFFFF, 200, 300])]
    )
    rec = read(make_record(cfg_text(rates="0\n0,4"), rows))
    assert rec.time.tolist() == pytest.approx([0, 100e-6, 200e-6, 300e-6])
    assert any(
        "1 missing time stamp (first at sample 2) interpolated" in str(w)
        for w in rec.warnings
    )


def test_stamps_that_disagree_with_the_rates_are_reported(make_record):
    rows = binary_rows(
        [(k + 1, t, [k, k], [0]) for k, t in enumerate([0, 1000, 2000, 90000])]
    )
    rec = read(make_record(cfg_text(), rows))
    assert rec.time[-1] == pytest.approx(0.003)  # the rates win
    assert rec.stamp_times[-1] == pytest.approx(0.09)
    assert any(
        "disagree with the sampling rates at 1 sample, first between samples 3 and 4"
        in str(w)
        for w in rec.warnings
    )


def test_nanosecond_stamps_in_2013(make_record):
    cfg = cfg_text(rates="0\n0,2", rev="2013", extra="0,0\n0,0\n").replace(
        "00:00:00.000000", "00:00:00.000000000"
    )
    rec = read(
        make_record(cfg, binary_rows([(1, 0, [0, 0], [0]), (2, 500, [0, 0], [0])]))
    )
    assert rec.time.tolist() == pytest.approx([0, 500e-9])
