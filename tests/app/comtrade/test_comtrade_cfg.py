"""CFG parsing: the three revisions, real-world quirks (warnings) and fatal errors."""

from __future__ import annotations

import datetime as dt

import pytest

from app.comtrade import ComtradeError, DataFormat, read, read_config
from app.comtrade.cfg import parse_cfg, parse_time_code
from app.comtrade.errors import WarningLog
from app.comtrade.text import guess_encoding, split_lines

CFG_1999 = """STATION,DEVICE,1999
3,2A,1D
1,IA,A,Line,A,0.5,1.5,2,-32767,32767,600,5,S
2,VA,A,Line,kV,0.001,0,0,-32767,32767,110,0.11,P
1,TRIP,,Line,1
50
1
1000,4
22/08/2016,16:04:22.000000
22/08/2016,16:04:23.553000
ASCII
2.5
"""


def parse(text: str, file: str = "x.cfg"):
    log = WarningLog()
    config = parse_cfg(split_lines(text, file, log), file, log)
    return config, log.items()


def messages(warnings) -> str:
    return "\n".join(str(w) for w in warnings)


def test_1999_fields_are_read():
    config, warnings = parse(CFG_1999)
    assert warnings == []
    assert (config.station_name, config.rec_dev_id, config.revision) == (
        "STATION",
        "DEVICE",
        1999,
    )
    ia, va = config.analog
    assert (ia.name, ia.phase, ia.circuit, ia.unit) == ("IA", "A", "Line", "A")
    assert (ia.a, ia.b, ia.skew, ia.min, ia.max) == (0.5, 1.5, 2.0, -32767.0, 32767.0)
    assert (ia.primary, ia.secondary, ia.ps, ia.ratio) == (600.0, 5.0, "S", 120.0)
    assert va.ps == "P" and va.unit == "kV"
    trip = config.digital[0]
    assert (trip.name, trip.circuit, trip.normal) == ("TRIP", "Line", True)
    assert config.line_frequency == 50.0
    assert (config.nrates, config.rates[0].rate, config.declared_samples) == (
        1,
        1000.0,
        4,
    )
    assert config.start.when == dt.datetime(2016, 8, 22, 16, 4, 22)
    assert config.trigger_offset == pytest.approx(1.553)
    assert config.data_format is DataFormat.ASCII
    assert config.timemult == 2.5
    assert config.timestamp_unit == 1e-6


def test_1991_layout_has_no_revision_timemult_or_ps():
    text = """SEL,0
2,1A,1D
1,IA,,,A,0.5,-10,0,0,999900
1,EN,0
60
1
960,2
02/12/11,11:41:11.081315
02/12/11,11:41:11.147000
ASCII
"""
    config, warnings = parse(text)
    assert warnings == []
    assert config.revision == 1991 and config.rev_text == ""
    assert config.analog[0].primary == 1.0 and config.analog[0].ps == "P"
    assert config.digital[0].phase == "" and not config.digital[0].normal
    assert config.start.when == dt.datetime(2011, 2, 12, 11, 41, 11, 81315)  # mm/dd/yy
    assert config.timemult == 1.0


def test_2013_time_codes_and_nanosecond_stamps():
    text = CFG_1999.replace(",1999", ",2013").replace(
        "16:04:22.000000", "16:04:22.000000001"
    )
    text = text.replace("16:04:23.553000", "16:04:23.553000500") + "-5h30,x\nB,1\n"
    config, warnings = parse(text)
    assert warnings == []
    assert (
        config.time_code,
        config.local_code,
        config.tmq_code,
        config.leap_second,
    ) == ("-5h30", "x", "B", 1)
    assert config.utc_offset_minutes == -330
    assert config.timestamp_unit == 1e-9
    assert config.start.nanosecond == 1 and config.start.when.microsecond == 0
    assert config.trigger_offset == pytest.approx(1.5530005 - 1e-9, abs=1e-12)
    assert config.start.isoformat() == "2016-08-22T16:04:22.000000001"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("-5h30", -330),
        ("+9", 540),
        ("0", 0),
        ("10h15", 615),
        ("x", None),
        ("5:30", None),
    ],
)
def test_time_code(text, minutes):
    assert parse_time_code(text) == minutes


def test_nonstandard_revision_year_is_read_as_1999_with_a_warning():
    config, warnings = parse(CFG_1999.replace(",1999", ",2000"))
    assert config.revision == 1999 and config.rev_text == "2000"
    assert (
        "x.cfg line 1, field 'rev_year': non-standard revision year 2000; read as 1999"
        in messages(warnings)
    )


def test_padding_lower_case_ps_and_index_gap_are_warnings():
    text = CFG_1999.replace("1,IA,A,Line,A,", " 1, IA ,A,Line,A,").replace(
        ",S\n", ",s\n"
    )
    text = text.replace("\n2,VA", "\n3,VA")
    config, warnings = parse(text)
    assert config.analog[0].name == "IA" and config.analog[0].ps == "S"
    text_w = messages(warnings)
    assert "x.cfg line 3: fields padded with spaces" in text_w
    assert "x.cfg line 3, field 'PS': 's' in lower case" in text_w
    assert "x.cfg line 4, field 'An': analog channel indices are not 1..2" in text_w


def test_repeated_quirks_fold_into_one_warning():
    body = "".join(f"{k},D{k} ,,,0\n" for k in range(1, 41))
    text = CFG_1999.replace("3,2A,1D", "42,2A,40D").replace("1,TRIP,,Line,1\n", body)
    _, warnings = parse(text)
    padded = [w for w in warnings if "padded" in w.message]
    assert len(padded) == 1 and "(and 39 more like it)" in padded[0].message


def test_four_field_digital_lines_are_recovered():
    text = CFG_1999.replace("1,TRIP,,Line,1", "1,TRIP,1,Reserve")
    config, warnings = parse(text)
    trip = config.digital[0]
    assert (trip.normal, trip.circuit, trip.phase) == (True, "Reserve", "")
    assert "x.cfg line 5, field 'ph': 4-field digital line" in messages(warnings)


def test_stray_empty_field_in_an_analog_line_is_dropped():
    text = CFG_1999.replace("1,IA,A,Line,A,0.5", "1,IA,A,Line,,A,0.5")
    config, warnings = parse(text)
    assert config.analog[0].unit == "A" and config.analog[0].a == 0.5
    assert "stray empty field after 'ccbm'" in messages(warnings)


def test_tt_mismatch_and_count_suffix_are_warnings():
    config, warnings = parse(CFG_1999.replace("3,2A,1D", "5A,2A,1D"))
    assert len(config.analog) == 2 and len(config.digital) == 1
    w = messages(warnings)
    assert "field 'TT': '5A' has a letter suffix" in w
    assert "field 'TT': TT=5 but 2A + 1D = 3" in w


def test_time_stamp_quirks():
    text = CFG_1999.replace("22/08/2016,16:04:22.000000", "22/08/16,16 : 04:22.75011")
    text = text.replace("22/08/2016,16:04:23.553000", "08/22/2016,16:04:23.553000")
    config, warnings = parse(text)
    w = messages(warnings)
    assert "line 9, field 'start time stamp': spaces inside the time stamp ignored" in w
    assert "two-digit year '16'" in w
    assert "5 fractional second digits" in w
    assert (
        "line 10, field 'trigger time stamp': '08/22' is not dd/mm/yyyy; day and month swapped"
        in w
    )
    assert config.start.when == dt.datetime(2016, 8, 22, 16, 4, 22, 750110)
    assert config.trigger.when == dt.datetime(2016, 8, 22, 16, 4, 23, 553000)


def test_impossible_date_keeps_the_time_of_day():
    text = CFG_1999.replace("22/08/2016,16:04:22", "09/44/2025,16:04:22").replace(
        "22/08/2016,16:04:23", "09/44/2025,16:04:23"
    )
    config, warnings = parse(text)
    assert config.start.when is None and config.trigger.when is None
    assert config.trigger_offset == pytest.approx(1.553)
    assert "impossible date '09/44/2025'" in messages(warnings)


def test_nrates_zero_and_multiple_rates():
    config, _ = parse(CFG_1999.replace("1\n1000,4\n", "0\n0,4\n"))
    assert (
        config.nrates == 0 and config.uses_timestamps and config.declared_samples == 4
    )
    config, warnings = parse(CFG_1999.replace("1\n1000,4\n", "3\n1000,2\n50,4\n50,4\n"))
    assert [r.rate for r in config.rates] == [1000.0, 50.0, 50.0]
    assert not config.uses_timestamps
    assert "field 'endsamp': endsamp 4 does not increase" in messages(warnings)


def test_missing_2013_lines_and_lower_case_format():
    config, warnings = parse(
        CFG_1999.replace(",1999", ",2013").replace("ASCII", "binary32")
    )
    assert config.data_format is DataFormat.BINARY32
    w = messages(warnings)
    assert "field 'ft': 'binary32' not in upper case" in w
    assert "2013 time_code/local_code and tmq_code/leapsec lines missing" in w


def test_sub_characters_and_blank_lines():
    text = CFG_1999.replace("50\n", "\n50\n") + "\x1a\x1a\x1a"
    config, warnings = parse(text)
    assert config.line_frequency == 50
    w = messages(warnings)
    assert "x.cfg line 6: blank line ignored" in w
    assert "3 end-of-file padding bytes (Ctrl-Z/NUL) ignored" in w


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("1,IA,A,Line,A,0.5", "1,IA,A,Line,A,zero"),
            "x.cfg line 3, field 'a': 'zero' is not a number",
        ),
        (("ASCII", "HEX"), "x.cfg line 11, field 'ft': unknown data file type 'HEX'"),
        (
            ("1,TRIP,,Line,1", "1,TRIP"),
            "x.cfg line 5, field 'ph': digital channel line has 2 fields; expected 5",
        ),
        (("3,2A,1D", "3,2A"), "x.cfg line 2, field '##D': expected 'TT,##A,##D'"),
        (
            ("1\n1000,4\n", "one\n1000,4\n"),
            "x.cfg line 7, field 'nrates': 'one' is not an integer",
        ),
        (
            ("22/08/2016,16:04:22.000000", "ASCII"),
            "x.cfg line 9, field 'start time stamp': expected dd/mm/yyyy",
        ),
        (("2.5\n", ""), None),
    ],
)
def test_fatal_problems_name_file_line_and_field(change, message):
    text = CFG_1999.replace(*change)
    if message is None:  # a missing timemult is only a warning
        _, warnings = parse(text)
        assert "field 'timemult': missing; 1 assumed" in messages(warnings)
        return
    with pytest.raises(ComtradeError) as err:
        parse(text)
    assert str(err.value).startswith(message)


def test_truncated_cfg_says_which_line_is_missing():
    text = "\n".join(CFG_1999.splitlines()[:6]) + "\n"
    with pytest.raises(
        ComtradeError, match=r"x.cfg line 7: the CFG ends before the nrates line"
    ):
        parse(text)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Estação de Medição,Oscilógrafo", "cp1252"),
        ("Неизвестный регистратор,576", "cp1251"),
        ("南自线路保护PSL603,78", "gbk"),
        ("220kV母线Ⅰ_Ua,开关量95", "gbk"),
        ("SMARTSTATION hgvcj터파크387,IED", "utf-8"),
        ("plain ascii,IED", "utf-8"),
    ],
)
def test_encoding_guess(text, encoding):
    assert guess_encoding(text.encode(encoding)) == encoding


def test_cp1251_cfg_reads_with_a_warning_and_can_be_forced(tmp_path):
    path = tmp_path / "ru.cfg"
    path.write_bytes(CFG_1999.replace("STATION", "Подстанция").encode("cp1251"))
    config, warnings = read_config(path)
    assert config.station_name == "Подстанция" and config.encoding == "cp1251"
    assert "ru.cfg: text is not UTF-8; decoded as cp1251 (guessed)" in messages(
        warnings
    )
    config, warnings = read_config(path, encoding="cp1251")
    assert config.station_name == "Подстанция" and warnings == []
    with pytest.raises(ComtradeError, match="unknown text encoding 'klingon'"):
        read_config(path, encoding="klingon")


def test_read_config_of_a_cff_and_missing_files(tmp_path):
    cff = tmp_path / "one.cff"
    cff.write_text(
        "--- file type: CFG ---\n"
        + CFG_1999
        + "--- file type: DAT ASCII ---\n1,0,1,2,0\n"
    )
    config, _ = read_config(cff)
    assert config.analog[1].name == "VA"
    with pytest.raises(ComtradeError, match="nothing.cfg: file not found"):
        read_config(tmp_path / "nothing.cfg")
    lone = tmp_path / "lone.cfg"
    lone.write_text(CFG_1999)
    with pytest.raises(
        ComtradeError, match=r"lone.cfg: no data file lone.dat beside the CFG"
    ):
        read(lone)
