"""Every set of the third-party corpus opens: correct data, or precise warnings/errors.

Where the PyPI ``comtrade`` package (test-only oracle) also reads a set, the
sample values agree with it to float32 precision. Skipped when ../shared is
not beside the checkout.
"""

from __future__ import annotations

import contextlib
import io
import struct
import warnings

import numpy as np
import pytest

from app.comtrade import ComtradeError, DataFormat, read, read_config

WISP = "Esticonv__Wisp.Comtrade/ComtradeTests"
PC = "dparrini__python-comtrade/tests/sample_files"
JL = "tshort__COMTRADE.jl/test/data"
GO = "yonwoo9__go-comtrade/testdata"
ZS = "zhangsonggui__comtradeOfPython/tests/data"

# path, DAT override, (samples, analog, digital), format, warnings expected (substrings)
SETS = [
    (
        f"{WISP}/ExampleSet1/sample_ascii.cff",
        None,
        (40, 4, 4),
        "ASCII",
        ["5 fractional second digits"],
    ),
    (
        f"{WISP}/ExampleSet1/sample_ascii.cfg",
        None,
        (40, 4, 4),
        "ASCII",
        ["line 14, field 'start time stamp': 5 fractional"],
    ),
    (
        f"{WISP}/ExampleSet2/1.cfg",
        None,
        (5316, 4, 15),
        "ASCII",
        [
            "decoded as cp1251",
            "non-standard revision year 2000",
            "1.dat line 2: 5315 blank lines ignored",
        ],
    ),
    (
        f"{WISP}/ExampleSet2/2.cfg",
        None,
        (19680, 55, 112),
        "BINARY",
        [
            "decoded as cp1251",
            "2.cfg line 14, field 'An': analog channel indices are not 1..55",
            "2.cfg line 162, field 'ph': 4-field digital line: read as Dn,ch_id,y,ccbm (and 7 more like it)",
            "the DAT holds 19680 samples but the CFG declares 19679",
            "sample numbers start at 0",
        ],
    ),
    (
        f"{WISP}/ExampleSet2/3.cfg",
        None,
        (1360, 24, 64),
        "BINARY",
        ["fields padded with spaces"],
    ),
    (
        f"{WISP}/ExampleSet2/4.CFG",
        None,
        (2400, 6, 16),
        "BINARY",
        [
            "non-standard revision year 1997",
            "4.DAT: the DAT holds 2400 samples but the CFG declares 2399",
        ],
    ),
    (
        f"{WISP}/ExampleSet2/5.cfg",
        None,
        (202, 37, 300),
        "BINARY32",
        [
            "digital indices continue from the analog ones (38..337)",
            "5.cfg line 344, field 'trigger time stamp': the trigger lies",
        ],
    ),
    (f"{PC}/sample_ascii.cff", None, (40, 4, 4), "ASCII", ["'s' in lower case"]),
    (f"{PC}/sample_ascii.cfg", None, (40, 4, 4), "ASCII", []),
    (f"{PC}/sample_ascii.cfg", "sample_ascii_missing.dat", (40, 4, 4), "ASCII", []),
    (f"{PC}/sample_ascii_utf-8.cfg", "sample_ascii.dat", (40, 4, 4), "ASCII", []),
    (f"{PC}/sample_bin.cfg", None, (5, 4, 16), "BINARY", []),
    (f"{PC}/sample_bin.cfg", "sample_bin_missing.dat", (5, 4, 16), "BINARY", []),
    (
        f"{PC}/sample_float32.cff",
        None,
        (301, 1, 1),
        "FLOAT32",
        [
            "'float32' not in upper case",
            "time stamps disagree with the sampling rates at 300 samples",
        ],
    ),
    (f"{PC}/sample_iso8859-1.cfg", None, (40, 4, 4), "ASCII", ["decoded as cp1252"]),
    (
        f"{PC}/sample_iso8859-1_bin.cfg",
        None,
        (40, 4, 4),
        "BINARY",
        ["decoded as cp1252"],
    ),
    (
        f"{PC}/sample_sub_char.cfg",
        "sample_ascii.dat",
        (40, 4, 4),
        "ASCII",
        [
            "sample_sub_char.cfg line 19: 7 end-of-file padding bytes (Ctrl-Z/NUL) ignored"
        ],
    ),
    (
        "gabrieldelaparra__ComtradeHandler/ComtradeHandler.Wpf.App/Resources/Comtrade1.cfg",
        None,
        (7200, 23, 140),
        "FLOAT32",
        ["between samples 5154 and 5155"],
    ),
    (f"{JL}/1991-ascii-sel.cfg", None, (480, 24, 592), "ASCII", ["multiplier a is 0"]),
    (f"{JL}/1999-ascii-pq.cfg", None, (3584, 6, 0), "ASCII", []),
    (
        f"{JL}/1999-binary-hif-sel.cfg",
        None,
        (20700, 18, 48),
        "BINARY",
        [
            "84 end-of-file padding bytes",
            "1999-binary-hif-sel.dat: 8 end-of-file padding bytes",
        ],
    ),
    (
        f"{GO}/test1.cfg",
        None,
        (11001, 20, 84),
        "BINARY",
        ["non-standard revision year 2001"],
    ),
    (
        f"{GO}/test2.cfg",
        None,
        (950, 15, 7),
        "ASCII",
        [
            "decoded as gbk",
            "test2.cfg line 32, field 'endsamp': endsamp 950 does not increase",
        ],
    ),
    (
        "zhangsonggui__comtrade-io/tests/data/ascii_cff_2013.cff",
        None,
        (186, 96, 192),
        "ASCII",
        [
            "line 1: non-standard section header '--- file type  CFG ---'",
            "line 304: DAT section header names no format",
            "time_code/local_code and tmq_code/leapsec lines missing",
            "the DAT holds 186 samples but the CFG declares 45600; the record ends early",
        ],
    ),
    (
        f"{ZS}/D51_RCD_2346_20150917_105253_065_F.cfg",
        None,
        (2131, 24, 37),
        "ASCII",
        [
            "decoded as gbk",
            "line 27, field 'Dn': digital indices continue from the analog ones (25..61)",
            "between samples 289 and 290",
        ],
    ),
    (f"{ZS}/xtz.cfg", None, (3077, 48, 96), "BINARY", ["decoded as gbk"]),
    (f"{ZS}/ygz.cfg", None, (2830, 96, 128), "BINARY", ["decoded as gbk"]),
    (
        f"{ZS}/ymz.cfg",
        None,
        (2977, 80, 80),
        "BINARY",
        ["between samples 1256 and 1257 (0.17125 s by the stamps"],
    ),
]


@pytest.mark.parametrize(
    ("rel", "dat", "shape", "fmt", "expected"),
    SETS,
    ids=[f"{s[0]}+{s[1]}" for s in SETS],
)
def test_corpus_set_opens(corpus, rel, dat, shape, fmt, expected):
    path = corpus / rel
    rec = read(path, dat_path=path.parent / dat if dat else None)
    assert (
        rec.sample_count,
        len(rec.analog_channels),
        len(rec.digital_channels),
    ) == shape
    assert rec.data_format is DataFormat(fmt)
    text = "\n".join(str(w) for w in rec.warnings)
    for piece in expected:
        assert piece in text
    rec.load_all()
    assert np.all(np.diff(rec.time) >= 0)
    for k in range(len(rec.analog_channels)):
        assert rec.analog(k).shape == (rec.sample_count,)


def test_corpus_details(corpus):
    rec = read(corpus / f"{PC}/sample_iso8859-1_bin.cfg")
    assert (
        rec.station_name == "Estação de Medição"
        and rec.config.timemult == 0.00756699591875076
    )
    rec = read(
        corpus / f"{PC}/sample_ascii.cfg",
        dat_path=corpus / f"{PC}/sample_ascii_missing.dat",
    )
    assert np.isnan(rec.analog("IA")[1]) and np.isnan(
        rec.analog("IB")[2]
    )  # 99999 markers
    rec = read(
        corpus / f"{PC}/sample_bin.cfg",
        dat_path=corpus / f"{PC}/sample_bin_missing.dat",
    )
    assert np.isnan(rec.analog(0)).sum() >= 1  # 0x8000 markers
    rec = read(corpus / f"{WISP}/ExampleSet2/3.cfg")
    raw = (corpus / f"{WISP}/ExampleSet2/3.dat").read_bytes()
    size = 8 + 2 * 24 + 2 * 4
    last_stamp = struct.unpack_from("<I", raw, len(raw) - size + 4)[0]
    assert rec.config.uses_timestamps
    assert rec.duration == pytest.approx(last_stamp * 1e-6)
    rec = read(corpus / f"{ZS}/xtz.cfg")
    assert [(s.rate, s.stop - s.start) for s in rec.segments] == [
        (3200, 1280),
        (50, 36),
        (3200, 1472),
        (50, 289),
    ]
    rec = read(
        corpus
        / "gabrieldelaparra__ComtradeHandler/ComtradeHandler.Wpf.App/Resources/Comtrade1.cfg"
    )
    assert rec.config.timestamp_unit == 1e-9 and rec.config.utc_offset_minutes == 540
    assert rec.trigger_time == pytest.approx(0.999935656)
    rec = read(corpus / f"{JL}/1991-ascii-sel.cfg")
    assert (
        rec.revision == 1991
        and rec.start.when.isoformat() == "2011-02-12T11:41:11.081315"
    )


@pytest.mark.parametrize(
    ("name", "analog", "digital"),
    [
        ("ascii_1999.cfg", 96, 192),
        ("binary_1999.cfg", 96, 192),
        ("binary_inf.cfg", 155, 201),
    ],
)
def test_cfg_only_sets(corpus, name, analog, digital):
    path = corpus / "_cfg_only/zhangsonggui__comtrade-io/tests/data" / name
    config, warnings_ = read_config(path)
    assert (len(config.analog), len(config.digital)) == (analog, digital)
    assert config.encoding == "gbk"
    if name == "binary_inf.cfg":
        assert config.timemult == 250
        assert "spaces inside the time stamp ignored" in "\n".join(map(str, warnings_))
        assert config.start.isoformat() == "2019-04-13T02:37:34.349250"
    with pytest.raises(
        ComtradeError, match=rf"{name}: no data file {name[:-4]}.dat beside the CFG"
    ):
        read(path)


def test_every_corpus_file_reads_or_fails_cleanly(corpus):
    paths = [
        p for p in corpus.rglob("*") if p.suffix.lower() in (".cfg", ".cff", ".dat")
    ]
    assert len(paths) >= 50
    for path in paths:
        try:
            read(path).load_all()
        except ComtradeError as exc:
            assert not exc.internal, str(exc)
            assert "no data file" in str(exc) or "no .cfg file" in str(exc), str(exc)


ORACLE = [
    (f"{WISP}/ExampleSet1/sample_ascii.cfg", None, {}),
    (f"{WISP}/ExampleSet2/2.cfg", None, {"encoding": "cp1251"}),
    (f"{WISP}/ExampleSet2/3.cfg", None, {}),
    (f"{WISP}/ExampleSet2/4.CFG", None, {}),
    (f"{WISP}/ExampleSet2/5.cfg", None, {}),
    (f"{PC}/sample_ascii.cff", None, {}),
    (f"{PC}/sample_bin.cfg", None, {}),
    (f"{PC}/sample_float32.cff", None, {}),
    (f"{PC}/sample_iso8859-1.cfg", None, {"encoding": "iso-8859-1"}),
    (f"{PC}/sample_iso8859-1_bin.cfg", None, {"encoding": "iso-8859-1"}),
    (
        "gabrieldelaparra__ComtradeHandler/ComtradeHandler.Wpf.App/Resources/Comtrade1.cfg",
        None,
        {},
    ),
    (f"{JL}/1991-ascii-sel.cfg", None, {}),
    (f"{JL}/1999-ascii-pq.cfg", None, {}),
    (f"{JL}/1999-binary-hif-sel.cfg", None, {}),
    (f"{GO}/test1.cfg", None, {}),
    (f"{GO}/test2.cfg", None, {"encoding": "gbk"}),
    (
        f"{ZS}/D51_RCD_2346_20150917_105253_065_F.cfg",
        None,
        {"encoding": "gbk", "hdr_file": "-none-"},
    ),
    (f"{ZS}/xtz.cfg", None, {"encoding": "gbk"}),
    (f"{ZS}/ygz.cfg", None, {"encoding": "gbk"}),
    (f"{ZS}/ymz.cfg", None, {"encoding": "gbk"}),
    (f"{PC}/sample_ascii.cfg", "sample_ascii_missing.dat", {}),
    (f"{PC}/sample_bin.cfg", "sample_bin_missing.dat", {}),
    (f"{PC}/sample_ascii_utf-8.cfg", "sample_ascii.dat", {}),
    (f"{PC}/sample_sub_char.cfg", "sample_ascii.dat", {}),
]


@pytest.mark.parametrize(
    ("rel", "dat", "kwargs"),
    ORACLE,
    ids=[f"{o[0].rsplit('/', 1)[-1]}+{o[1]}" for o in ORACLE],
)
def test_values_agree_with_pypi_comtrade(corpus, rel, dat, kwargs):
    comtrade = pytest.importorskip("comtrade")
    path = corpus / rel
    dat_path = path.parent / dat if dat else None
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = comtrade.load(
            str(path),
            str(dat_path) if dat_path else None,
            use_numpy_arrays=True,
            **kwargs,
        )
    ours = read(path, dat_path=dat_path)
    n = min(theirs.total_samples, ours.sample_count)
    assert n >= ours.sample_count - 1  # they stop at the declared count
    for k, ch in enumerate(ours.analog_channels):
        a = ours.analog(k)[:n].astype(np.float64)
        b = np.asarray(theirs.analog[k][:n], np.float64)
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
        scale = max(float(np.nanmax(np.abs(b), initial=0.0)), abs(ch.b), 1e-30)
        np.testing.assert_allclose(a, b, rtol=0, atol=2.4e-7 * scale, equal_nan=True)
    for k in range(len(ours.digital_channels)):
        np.testing.assert_array_equal(
            ours.digital(k)[:n], np.asarray(theirs.status[k][:n]).astype(bool)
        )
