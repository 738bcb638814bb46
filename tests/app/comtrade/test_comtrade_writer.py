"""Writing COMTRADE (all formats, .cfg+.dat and .cff), extracts and CSV exports."""

from __future__ import annotations

import csv
import dataclasses

import numpy as np
import pytest

from app.comtrade import DataFormat, read
from app.comtrade.cfg import AnalogChannel, Config, DigitalChannel, SampleRate, Stamp
from app.comtrade.export import export_csv, extract, save_comtrade
from app.comtrade.writer import Samples, format_cfg, write


@pytest.fixture
def three_phase(data_dir):
    return read(data_dir / "three_phase_2013.cfg")


def samples_of(rec) -> Samples:
    return Samples(
        rec.sample_count,
        [rec.raw(k) for k in range(len(rec.analog_channels))],
        [rec.digital(k) for k in range(len(rec.digital_channels))],
        rec.stamps(),
    )


@pytest.mark.parametrize("fmt", list(DataFormat))
@pytest.mark.parametrize("cff", [False, True])
def test_round_trip_is_exact_for_integer_data(data_dir, tmp_path, fmt, cff):
    source = read(data_dir / "three_phase_2013.cfg", dtype=np.float64)
    out = tmp_path / ("copy.cff" if cff else "copy.cfg")
    write(out, source.config, samples_of(source), data_format=fmt, cff=cff)
    back = read(out, dtype=np.float64)
    assert back.warnings == []
    assert back.data_format is fmt and back.revision == 2013
    for k in range(3):
        np.testing.assert_array_equal(back.raw(k), source.raw(k))
        np.testing.assert_array_equal(back.analog(k), source.analog(k))
        assert back.analog_channels[k] == source.analog_channels[k]
    np.testing.assert_array_equal(back.digital(0), source.digital(0))
    np.testing.assert_array_equal(back.time, source.time)
    assert back.config.start == source.config.start
    assert (back.config.time_code, back.config.local_code) == ("+1", "+1")
    # float32 decoding differs between formats by at most one rounding step
    np.testing.assert_allclose(
        read(out).analog(0), source.analog(0), rtol=1.2e-7, atol=0
    )


@pytest.mark.parametrize("fmt", ["BINARY", "BINARY32", "FLOAT32"])
def test_binary_read_write_read_is_bit_exact(three_phase, tmp_path, fmt):
    write(
        tmp_path / "a.cfg", three_phase.config, samples_of(three_phase), data_format=fmt
    )
    first = read(tmp_path / "a.cfg")
    write(tmp_path / "b.cfg", first.config, samples_of(first))
    second = read(tmp_path / "b.cfg")
    assert (tmp_path / "a.dat").read_bytes() == (tmp_path / "b.dat").read_bytes()
    for k in range(3):
        np.testing.assert_array_equal(second.analog(k), first.analog(k))


def _float_record() -> tuple[Config, Samples]:
    start = Stamp(
        text="", when=__import__("datetime").datetime(2021, 2, 17, 17, 37, 12), day_ns=0
    )
    analog = (AnalogChannel(1, "out", unit="none", a=1.0, b=0.0, min=-1e9, max=1e9),)
    config = Config(
        station_name="X",
        rec_dev_id="Y",
        revision=2013,
        analog=analog,
        digital=(DigitalChannel(1, "bool"),),
        line_frequency=50.0,
        nrates=1,
        rates=(SampleRate(100.0, 50),),
        start=start,
        trigger=start,
        data_format=DataFormat.FLOAT32,
    )
    t = np.arange(50) / 100.0
    values = (
        (1234.5678 * np.sin(2 * np.pi * 3 * t)).astype(np.float32).astype(np.float64)
    )
    values[7] = np.nan
    return config, Samples(50, [values], [t > 0.2])


@pytest.mark.parametrize(
    ("fmt", "steps"), [("ASCII", 99998), ("BINARY", 32767), ("BINARY32", 2**31 - 1)]
)
def test_float_data_is_rescaled_to_integer_formats(tmp_path, fmt, steps):
    config, samples = _float_record()
    out = tmp_path / "f.cfg"
    written = write(out, config, samples, data_format=fmt)
    back = read(out, dtype=np.float64)
    a = written.analog[0].a
    assert a == pytest.approx(
        2 * np.nanmax(np.abs(samples.analog[0])) / (2 * steps), rel=0.01
    )
    got, want = back.analog(0), samples.analog[0]
    assert np.isnan(got[7])
    assert np.nanmax(np.abs(got - want)) <= 0.5 * a * 1.0001
    np.testing.assert_array_equal(back.digital(0), samples.digital[0])


def test_float32_round_trip_is_exact(tmp_path):
    config, samples = _float_record()
    write(tmp_path / "f.cff", config, samples, cff=True)
    back = read(tmp_path / "f.cff", dtype=np.float64)
    np.testing.assert_array_equal(back.analog(0), samples.analog[0])


def test_1991_binary_dodges_the_0xffff_marker(tmp_path):
    config, _ = _float_record()
    config = dataclasses.replace(config, revision=1991, data_format=DataFormat.BINARY)
    raw = np.array([-1.0, 0.0, 5.0, -3.0] * 10 + [1.0] * 10)
    write(tmp_path / "old.cfg", config, Samples(50, [raw], [np.zeros(50, bool)]))
    text = (tmp_path / "old.cfg").read_bytes()
    assert (
        text.startswith(b"X,Y\r\n2,1A,1D\r\n1,out,,,none,1,-1,0,")
        and b"1999" not in text
    )
    back = read(tmp_path / "old.cfg", dtype=np.float64)
    assert back.revision == 1991 and not np.isnan(back.analog(0)).any()
    np.testing.assert_array_equal(back.analog(0), raw)


def test_cfg_text_layout(three_phase):
    text = format_cfg(three_phase.config)
    lines = text.split("\r\n")
    assert lines[0] == "TEST BAY,UNIT-1,2013"
    assert lines[2] == "1,Va,A,Feeder 1,V,0.01,0,0,-32767,32767,110000,110,S"
    assert lines[9] == "01/02/2024,10:00:00.000000" and lines[12] == "1"
    assert lines[13:15] == ["+1,+1", "0,0"] and text.endswith("\r\n")
    renamed = dataclasses.replace(
        three_phase.config,
        analog=(dataclasses.replace(three_phase.config.analog[0], name="a,b\nc"),)
        + three_phase.config.analog[1:],
    )
    assert "1,a;b c,A" in format_cfg(renamed)


def test_nrates_zero_keeps_the_stamps(tmp_path, make_record):
    cfg = "S,D,1999\n1,1A,0D\n1,IA,,,A,1,0,0,-9,9,1,1,P\n50\n0\n0,3\n01/01/2020,00:00:00.000000\n01/01/2020,00:00:00.000000\nASCII\n2\n"
    rec = read(make_record(cfg, "1,0,5\n2,7,6\n3,100,7\n"))
    write(tmp_path / "b.cfg", rec.config, samples_of(rec), data_format="binary")
    back = read(tmp_path / "b.cfg")
    np.testing.assert_allclose(back.time, [0, 14e-6, 200e-6])
    assert back.config.nrates == 0 and back.config.timemult == 2


def test_extract_window_and_channels(three_phase, tmp_path):
    config, samples = extract(
        three_phase, start=0.0495, end=0.0705, channels=["Vc", "TRIP"]
    )
    assert samples.count == 21
    assert [c.name for c in config.analog] == ["Vc"] and [
        c.name for c in config.digital
    ] == ["TRIP"]
    assert config.start.isoformat() == "2024-02-01T10:00:00.050000"
    assert config.rates == (SampleRate(1000.0, 21),)
    written = save_comtrade(
        three_phase,
        tmp_path / "cut.cff",
        "FLOAT32",
        cff=True,
        start=0.0495,
        end=0.0705,
        channels=["Vc", "TRIP"],
    )
    assert written.data_format is DataFormat.FLOAT32
    back = read(tmp_path / "cut.cff")
    np.testing.assert_allclose(
        back.analog("Vc"), three_phase.analog("Vc")[50:71], rtol=1.2e-7
    )
    np.testing.assert_array_equal(
        back.digital("TRIP"), three_phase.digital("TRIP")[50:71]
    )
    assert back.trigger_time == pytest.approx(0.01)


def test_extract_across_rate_segments(make_record, tmp_path):
    cfg = (
        "S,D,1999\n1,1A,0D\n1,IA,,,A,1,0,0,-9,9,1,1,P\n50\n2\n1000,3\n100,6\n"
        "01/01/2020,00:00:00.000000\n01/01/2020,00:00:00.000000\nASCII\n1\n"
    )
    rec = read(make_record(cfg, "".join(f"{k + 1},,{k}\n" for k in range(6))))
    config, _ = extract(rec, start=0.001, end=0.0135)
    assert config.rates == (SampleRate(1000.0, 2), SampleRate(100.0, 4))
    save_comtrade(rec, tmp_path / "seg.cfg", start=0.001, end=0.0135)
    back = read(tmp_path / "seg.cfg")
    np.testing.assert_allclose(back.time, rec.time[1:5] - rec.time[1])
    assert back.analog(0).tolist() == [1, 2, 3, 4]


def test_csv_export(three_phase, tmp_path, make_record):
    out = tmp_path / "t.csv"
    rows = export_csv(
        three_phase, out, ["Va", "TRIP"], side="primary", start=0.058, end=0.0605
    )
    assert rows == 3
    table = list(csv.reader(out.open(encoding="utf-8")))
    assert table[0] == ["time_s", "Va [V]", "TRIP"]
    assert [float(r[0]) for r in table[1:]] == pytest.approx([0.058, 0.059, 0.060])
    assert float(table[1][1]) == pytest.approx(
        float(three_phase.analog("Va")[58]) * 1000, rel=1e-6
    )
    assert [r[2] for r in table[1:]] == ["0", "0", "1"]
    cfg = "S,D,1999\n1,1A,0D\n1,IA,,,A,1,0,0,-9,9,1,1,P\n50\n1\n1000,2\n01/01/2020,00:00:00.000000\n01/01/2020,00:00:00.000000\nASCII\n1\n"
    rec = read(make_record(cfg, "1,0,99999\n2,1000,3\n"))
    export_csv(rec, out)
    assert out.read_text(encoding="utf-8").splitlines()[1] == "0.000000000,"


def test_impossible_dates_are_written_back_as_read(tmp_path, make_record):
    cfg = (
        "S,D,1999\n1,1A,0D\n1,IA,,,A,1,0,0,-9,9,1,1,P\n50\n0\n0.0,2\n"
        "09/44/2025,15:44:15.167000\n09/44/2025,15:44:15.168000\nASCII\n5.000000e-004\n"
    )
    rec = read(make_record(cfg, "1,0,5\n2,2,6\n"))
    assert rec.start.when is None and rec.trigger_time == pytest.approx(0.001)
    assert rec.time.tolist() == pytest.approx([0, 1e-9])  # stamps x timemult x 1 us
    write(tmp_path / "w.cfg", rec.config, samples_of(rec))
    assert b"09/44/2025,15:44:15.167000\r\n" in (tmp_path / "w.cfg").read_bytes()
    back = read(tmp_path / "w.cfg")
    assert back.time.tolist() == pytest.approx(
        [0, 1e-9]
    ) and back.trigger_time == pytest.approx(0.001)
    assert any("impossible date '09/44/2025'" in str(w) for w in back.warnings)
