"""CSV logging: rows, rotation, appending, and logging that survives a reconnect."""

import csv

import pytest

from app.errors import MeterDeskError
from app.live.csv_log import HEADER, CsvLogger
from app.live.points import PointState
from app.live.poller import Poller
from app.profiles import profile_by_id

PROFILE = profile_by_id("ion7400")


def rows(paths):
    out = []
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            assert next(reader) == list(HEADER)
            out += list(reader)
    return out


def point(name, value, time):
    p = PointState(PROFILE.register(name))
    p.update(value, time)
    return p


def test_rows_carry_time_device_point_value_and_unit(tmp_path):
    log = CsvLogger(tmp_path / "log.csv", interval=0)
    written = log.log("meter", [point("current_a", 100.5, 1_700_000_000.25), point("voltage_an", None, 1_700_000_000.25),
                                point("volts_mode", 1, 1_700_000_000.25)])
    log.close()
    assert written == 3
    (a, v, mode) = rows([tmp_path / "log.csv"])
    assert a[1:] == ["meter", "current_a", "100.5", "A"]
    assert a[0].startswith("2023-11-14T") and a[0][19:23] == ".250"  # local time, ms, with offset
    assert v[3] == "" and mode[3] == "DELTA"


def test_interval_and_new_samples_only(tmp_path):
    now = [0.0]
    log = CsvLogger(tmp_path / "log.csv", interval=5, clock=lambda: now[0])
    p = point("current_a", 1.0, 10.0)
    assert log.log("m", [p]) == 1
    p.update(2.0, 11.0)
    now[0] = 2.0
    assert log.log("m", [p]) == 0  # too soon
    now[0] = 5.0
    assert log.log("m", [p]) == 1
    now[0] = 10.0
    assert log.log("m", [p]) == 0  # no new reading since the last row
    p.mark_stale("timeout")
    p.time = 12.0
    assert log.log("m", [p], force=True) == 0  # stale values are not logged as fresh


def test_rotates_by_size_appends_on_restart_and_loses_nothing(tmp_path):
    path = tmp_path / "site" / "log.csv"
    log = CsvLogger(path, interval=0, max_bytes=1024)
    p = point("current_a", 0.0, 0.0)
    for k in range(60):
        p.update(float(k), float(k))
        log.log("meter", [p])
    log.close()
    parts = log.parts()
    assert len(parts) >= 3 and parts[0] == path and parts[1].name == "log-2.csv"
    assert all(part.stat().st_size < 1024 + 200 for part in parts)
    again = CsvLogger(path, interval=0, max_bytes=1024)  # a new session continues the last part
    assert again.current == parts[-1]
    p.update(60.0, 60.0)
    again.log("meter", [p])
    again.close()
    values = [float(r[3]) for r in rows(again.parts())]
    assert values == [float(k) for k in range(61)]


def test_bad_settings_and_unwritable_paths_are_reported(tmp_path):
    with pytest.raises(MeterDeskError, match="at least 1024"):
        CsvLogger(tmp_path / "x.csv", max_bytes=10)
    (tmp_path / "file").write_text("")
    log = CsvLogger(tmp_path / "file" / "log.csv", interval=0)
    with pytest.raises(MeterDeskError, match="cannot write the log"):
        log.log("m", [point("current_a", 1.0, 1.0)])


async def test_logging_keeps_going_across_a_dropped_connection(meter, meter_lab, tmp_path):
    poller = Poller(meter, groups=["current"])
    log = CsvLogger(tmp_path / "log.csv", interval=0)
    poller.listeners.append(lambda report: log.log(meter.name, poller.points.values()))
    bus = meter_lab.buses["meter"]
    await poller.poll(force=True)
    bus.faults.drop_next = 1
    failed = await poller.poll(force=True)
    await poller.poll(force=True)
    log.close()
    assert not failed.ok
    logged = rows([tmp_path / "log.csv"])
    per_poll = len(poller.points)
    assert len(logged) == 2 * per_poll  # both good polls, nothing for the failed one
    assert {r[2] for r in logged} == set(poller.points)
