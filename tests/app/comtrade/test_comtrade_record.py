"""The Record API a GUI uses: lazy channels, sides, lookup, progress, cancellation, errors."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from app.comtrade import ComtradeError, ReadCancelled, read
from app.comtrade import record as recmod
from app.errors import MeterDeskError


@pytest.fixture
def three_phase(data_dir):
    return read(data_dir / "three_phase_2013.cfg")


def test_description(three_phase):
    rec = three_phase
    assert (rec.station_name, rec.rec_dev_id, rec.revision) == (
        "TEST BAY",
        "UNIT-1",
        2013,
    )
    assert rec.sample_count == 100 and rec.duration == pytest.approx(0.099)
    assert rec.trigger_time == pytest.approx(0.06)
    assert rec.config.utc_offset_minutes == 60
    assert [c.name for c in rec.analog_channels] == ["Va", "Vb", "Vc"]
    assert rec.warnings == []


def test_channels_are_decoded_once_and_read_only(three_phase):
    first = three_phase.analog("Va")
    assert three_phase.analog(0) is first
    assert first.dtype == np.float32 and not first.flags.writeable
    with pytest.raises(ValueError):
        first[0] = 1.0
    assert first[0] == pytest.approx(110.0)  # (10000 + 1000) * 0.01
    assert three_phase.digital("TRIP").sum() == 40


def test_primary_and_secondary_values(three_phase):
    secondary = three_phase.analog(
        "Vb"
    )  # recorded as secondary (PS = S), ratio 110000/110
    assert three_phase.analog("Vb", "secondary") is secondary
    primary = three_phase.analog("Vb", side="primary")
    np.testing.assert_allclose(primary, secondary * 1000.0, rtol=1e-6)
    with pytest.raises(ComtradeError, match="side must be 'primary' or 'secondary'"):
        three_phase.analog("Vb", side="both")


def test_side_conversion_needs_factors(make_record):
    cfg = "S,D,1999\n1,1A,0D\n1,IA,,,A,1,0,0,-9,9,0,0,S\n50\n1\n1000,1\n01/01/2020,00:00:00.000000\n01/01/2020,00:00:00.000000\nASCII\n1\n"
    rec = read(make_record(cfg, "1,0,5\n"))
    assert rec.analog(0)[0] == 5.0
    with pytest.raises(
        ComtradeError,
        match=r"rec.cfg line 3, field 'primary': channel 'IA' has no usable",
    ):
        rec.analog(0, "primary")


def test_find_channels_by_name_case_or_index(three_phase):
    assert three_phase.find("Vc") == ("analog", 2)
    assert three_phase.find("trip") == ("digital", 0)
    assert three_phase.find("A2") == ("analog", 1)
    assert three_phase.find("D1") == ("digital", 0)
    with pytest.raises(ComtradeError, match="no channel named 'Vx'"):
        three_phase.find("Vx")
    with pytest.raises(ComtradeError, match="'TRIP' is a digital channel, not analog"):
        three_phase.analog("TRIP")
    with pytest.raises(ComtradeError, match="no analog channel at position 3"):
        three_phase.analog(3)


def test_load_all_reports_progress_and_honours_cancel(data_dir):
    seen = []
    rec = read(data_dir / "three_phase_2013.cfg", progress=seen.append, preload=True)
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert rec.analog(2).dtype == np.float32
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ReadCancelled, match="three_phase_2013.cfg: reading cancelled"):
        read(data_dir / "three_phase_2013.cfg", cancel=cancel)
    rec = read(data_dir / "three_phase_2013.cfg")
    with pytest.raises(ReadCancelled):
        rec.load_all(cancel=cancel)


def test_read_in_a_worker_thread(data_dir):
    result = {}

    def work():
        result["rec"] = read(data_dir / "three_phase_2013.cfg", dtype=np.float64)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert result["rec"].analog("Va").dtype == np.float64


def test_open_by_dat_path_and_cff(data_dir, tmp_path):
    rec = read(data_dir / "three_phase_2013.dat")
    assert rec.path.name == "three_phase_2013.cfg"
    cff = tmp_path / "one.cff"
    cfg = (data_dir / "three_phase_2013.cfg").read_bytes()
    dat = (data_dir / "three_phase_2013.dat").read_bytes()
    cff.write_bytes(
        b"--- file type: CFG ---\r\n" + cfg + b"--- file type: INF ---\r\n[x]\r\n"
        b"--- file type: HDR ---\r\nheader text\r\n--- file type: DAT ASCII ---\r\n"
        + dat
    )
    rec2 = read(cff)
    assert rec2.header.strip() == "header text" and rec2.info.strip() == "[x]"
    np.testing.assert_array_equal(rec2.analog("Va"), rec.analog("Va"))


def test_cff_header_quirks_and_binary_length(tmp_path, data_dir):
    cfg = (data_dir / "three_phase_2013.cfg").read_bytes().replace(b"ASCII", b"BINARY")
    rows = b"".join(
        np.array(
            [(k + 1, 0, (k, -k, 0), (1,))],
            dtype=[("n", "<u4"), ("t", "<u4"), ("a", "<i2", (3,)), ("s", "<u2", (1,))],
        ).tobytes()
        for k in range(100)
    )
    cff = tmp_path / "odd.cff"
    cff.write_bytes(
        b"-- file type  CFG ---\n"
        + cfg
        + b"--- file type: DAT BINARY: 1600 ---\n"
        + rows[:1400]
    )
    rec = read(cff)
    assert rec.sample_count == 87  # 16-byte records, the last one cut
    assert rec.analog("Vb")[86] == pytest.approx(-0.86)
    text = "\n".join(str(w) for w in rec.warnings)
    assert "odd.cff line 1: non-standard section header '-- file type  CFG ---'" in text
    assert "odd.cff line 17: DAT section declares 1600 bytes but holds 1400" in text
    assert "odd.cff: 8 trailing bytes ignored" in text
    assert (
        "odd.cff: the DAT holds 87 samples but the CFG declares 100; the record ends early"
        in text
    )


def test_errors_are_comtrade_errors_and_meterdesk_errors(tmp_path):
    with pytest.raises(ComtradeError) as err:
        read(tmp_path / "absent.cfg")
    assert isinstance(err.value, MeterDeskError)
    assert str(err.value) == "absent.cfg: file not found"
    (tmp_path / "a.dat").write_bytes(b"1,2\n")
    with pytest.raises(ComtradeError, match="a.dat: no .cfg file beside this DAT"):
        read(tmp_path / "a.dat")


def test_unexpected_faults_become_internal_comtrade_errors(data_dir, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(recmod, "record_times", broken)
    with pytest.raises(ComtradeError) as err:
        read(data_dir / "three_phase_2013.cfg")
    assert err.value.internal and "internal error while reading (KeyError" in str(
        err.value
    )


def test_skew_and_trigger_outside_the_record(make_record):
    cfg = (
        "S,D,1999\n1,1A,0D\n1,IA,,,A,1,0,250,-9,9,1,1,P\n50\n1\n1000,2\n"
        "01/01/2020,00:00:00.000000\n01/01/1970,00:00:00.000000\nASCII\n1\n"
    )
    rec = read(make_record(cfg, "1,0,5\n2,1000,6\n"))
    assert rec.channel_time(0).tolist() == pytest.approx([250e-6, 1250e-6])
    assert rec.trigger_time is None
    assert any(
        "rec.cfg line 8, field 'trigger time stamp': the trigger lies" in str(w)
        for w in rec.warnings
    )


def test_decoded_dtype_must_be_a_float(data_dir):
    with pytest.raises(
        ComtradeError, match="dtype must be float32 or float64, not int16"
    ):
        read(data_dir / "three_phase_2013.cfg", dtype=np.int16)
