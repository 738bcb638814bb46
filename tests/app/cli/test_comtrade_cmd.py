"""``meterdesk comtrade info|export|analyze`` end to end."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.cli.main import main
from app.comtrade import DataFormat, read

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "tests" / "data" / "comtrade"
THREE = DATA / "three_phase_2013.cfg"
QUIRKS = DATA / "quirks_1999.cfg"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["comtrade", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_info_text_lists_everything(capsys):
    code, out, _ = run(capsys, "info", QUIRKS)
    assert code == 0
    assert "Revision:    1999 (rev_year '2000')" in out
    assert "Format:      ASCII" in out
    assert "Station:     Подстанция 110 кВ" in out
    assert "Rates:       1000 Hz to sample 10" in out
    assert "Samples:     11 (CFG declares 10)" in out
    assert "Time span:   0.000000 .. 0.010000 s" in out
    assert "(0.005000 s after the start)" in out
    assert "    1 Ia | A | Линия | A | 0.01 | 0 | 0 | 1000 | 5 | S" in out
    assert "Warnings (10):" in out
    assert (
        "  - quirks_1999.dat line 4, field 'Ib': 1 empty field read as missing samples"
        in out
    )


def test_info_json(capsys):
    code, out, _ = run(capsys, "info", THREE, "--json")
    assert code == 0
    d = json.loads(out)
    assert (d["revision"], d["format"], d["samples"], d["station"]) == (
        2013,
        "ASCII",
        100,
        "TEST BAY",
    )
    assert d["rates"] == [{"rate_hz": 1000.0, "end_sample": 100}]
    assert d["trigger_time_s"] == pytest.approx(0.06)
    assert d["analog"][1] | {"a": 0.01} == {
        "index": 2,
        "name": "Vb",
        "phase": "B",
        "circuit": "Feeder 1",
        "unit": "V",
        "a": 0.01,
        "b": 0.0,
        "skew_us": 0.0,
        "min": -32767.0,
        "max": 32767.0,
        "primary": 110000.0,
        "secondary": 110.0,
        "ps": "S",
    }
    assert d["digital"][0]["name"] == "TRIP" and d["warnings"] == []
    assert (d["time_code"], d["local_code"]) == ("+1", "+1")


def test_export_csv_window_channels_primary(capsys, tmp_path):
    out_csv = tmp_path / "out.csv"
    code, out, _ = run(
        capsys,
        "export",
        THREE,
        "--csv",
        out_csv,
        "--channels",
        "Va,TRIP",
        "--primary",
        "--start",
        "0.05",
        "--end",
        "0.0605",
    )
    assert code == 0 and "wrote 11 rows" in out
    rows = list(csv.reader(out_csv.open(encoding="utf-8")))
    assert rows[0] == ["time_s", "Va [V]", "TRIP"]
    assert float(rows[1][1]) == pytest.approx(
        -110.0 * 1000
    )  # cos(5 cycles of 50 Hz) at 0.05 s
    assert rows[-1][2] == "1" and rows[-2][2] == "0"


def test_export_comtrade_formats(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        "export",
        THREE,
        "--comtrade",
        tmp_path / "copy",
        "--format",
        "binary32",
        "--cff",
    )
    assert code == 0 and "copy.cff" in out and "BINARY32 2013" in out
    back, src = read(tmp_path / "copy.cff"), read(THREE)
    assert back.data_format is DataFormat.BINARY32
    np.testing.assert_array_equal(back.raw("Vc"), src.raw("Vc"))
    code, out, _ = run(
        capsys,
        "export",
        THREE,
        "--comtrade",
        tmp_path / "cut.cfg",
        "--channels",
        "Vb",
        "--end",
        "0.0095",
    )
    assert code == 0 and "cut.dat" in out and "1 analog + 0 digital, 10 samples" in out
    code, _, err = run(
        capsys, "export", THREE, "--comtrade", tmp_path / "x.cfg", "--primary"
    )
    assert code == 2 and "--primary/--secondary apply to --csv only" in err


def test_analyze_json_known_signal(capsys):
    code, out, _ = run(
        capsys, "analyze", THREE, "--channel", "Va", "--at", "0.05", "--json"
    )
    assert code == 0
    r = json.loads(out)
    assert r["rms"] == pytest.approx(np.sqrt(100**2 + 10**2) / np.sqrt(2), rel=1e-4)
    assert r["phasor_magnitude"] == pytest.approx(100 / np.sqrt(2), rel=1e-4)
    assert r["phasor_angle_deg"] == pytest.approx(0.0, abs=0.05)
    assert r["frequency_hz"] == pytest.approx(50.0, abs=1e-3)
    assert r["thd_percent"] == pytest.approx(10.0, rel=1e-3)
    assert r["harmonics"][3]["percent"] == pytest.approx(10.0, rel=1e-3)
    assert (r["window_samples"], r["values"]) == (20, "secondary")
    code, out, _ = run(
        capsys,
        "analyze",
        THREE,
        "--channel",
        "Vb",
        "--at",
        "0.05",
        "--primary",
        "--json",
    )
    r = json.loads(out)
    assert r["phasor_magnitude"] == pytest.approx(100_000 / np.sqrt(2), rel=1e-4)
    assert r["phasor_angle_deg"] == pytest.approx(-120.0, abs=0.05)


def test_analyze_text_defaults_to_the_trigger(capsys):
    code, out, _ = run(capsys, "analyze", THREE, "--channel", "Vc")
    assert code == 0
    assert (
        "Window:     0.041000 .. 0.060000 s (1 cycle of 50 Hz = 20 samples at 1000 Hz)"
        in out
    )
    assert "Phasor:     70.70" in out and "at 120.00" in out  # 0.01 V quantisation


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("analyze", THREE, "--channel", "TRIP"),
            "three_phase_2013.cfg: 'TRIP' is a digital channel",
        ),
        (
            ("analyze", THREE, "--channel", "Vx"),
            "three_phase_2013.cfg: no channel named 'Vx'",
        ),
        (("info", DATA / "absent.cfg"), "meterdesk: absent.cfg: file not found"),
    ],
)
def test_user_errors_exit_1_with_a_message(capsys, args, message):
    code, _, err = run(capsys, *args)
    assert code == 1 and message in err and "Traceback" not in err


def test_broken_file_names_file_line_and_field(capsys, tmp_path):
    bad = tmp_path / "bad.cfg"
    bad.write_text(
        THREE.read_text().replace("1,Va,A,Feeder 1,V,0.01", "1,Va,A,Feeder 1,V,0.0l")
    )
    (tmp_path / "bad.dat").write_bytes((DATA / "three_phase_2013.dat").read_bytes())
    code, _, err = run(capsys, "info", bad)
    assert code == 1
    assert err.strip() == "meterdesk: bad.cfg line 3, field 'a': '0.0l' is not a number"


def test_cli_runs_as_a_module():
    done = subprocess.run(
        [sys.executable, "-m", "app", "comtrade", "info", str(THREE), "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["samples"] == 100
    missing_action = subprocess.run(
        [sys.executable, "-m", "app", "comtrade"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert missing_action.returncode == 2 and "ACTION" in missing_action.stderr
