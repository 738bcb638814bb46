"""Traffic monitor against the simulators: frames in hex with meaning, per-device filter, pause, save."""

import os

import pytest
from PySide6.QtCore import Qt

from app.modbus.errors import ModbusExceptionError
from tests.ui.conftest import run_until
from ui.main import demo_addresses
from ui.panes.traffic import COLUMNS, TrafficPane
from ui.sessions import Sessions
from ui.tasks import spawn


@pytest.fixture
def pane(qtbot, aloop, tmp_path):
    sessions = Sessions(check_interval=3600)  # no heartbeat frames in the way
    pane = TrafficPane(sessions)
    qtbot.addWidget(pane)
    yield pane
    pane.shutdown()
    sessions.close_all()


def connect(pane, aloop, lab, name):
    address = next(a for a in demo_addresses(lab.served) if a.name == name)
    session = pane.sessions.session(address)
    spawn(pane.sessions.connect(session), pytest.fail)
    run_until(aloop, lambda: session.state == "connected")
    return session


def cell(pane, row, column):
    return pane.model.text(pane.model.frames[row], column)


def test_frames_are_shown_with_direction_meaning_and_hex(pane, aloop, ion_lab):
    session = connect(pane, aloop, ion_lab, "tcp meter")
    run_until(aloop, lambda: pane.model.rowCount() >= 2)
    assert pane.model.columnCount() == len(COLUMNS)
    assert [cell(pane, 0, c) for c in (1, 2, 3, 4)] == ["tcp meter", "→", "1", "FC43 read device identification"]
    assert cell(pane, 1, 2) == "←"
    assert cell(pane, 0, 7).startswith("00 01 00 00 00 05 01 2B 0E")  # MBAP header, unit 1, FC43/14
    assert len(cell(pane, 0, 0)) == 12  # HH:MM:SS.mmm

    async def refused():
        with pytest.raises(ModbusExceptionError):
            await session.link.write_registers(56000, [9], unit=1)

    task = spawn(refused(), pytest.fail)
    run_until(aloop, task.done)
    run_until(aloop, lambda: cell(pane, pane.model.rowCount() - 1, 5) != "")
    last = pane.model.rowCount() - 1
    assert cell(pane, last, 4) == "FC6 write single register"
    assert cell(pane, last, 5) == "exception 03: illegal data value (value not allowed for this register, or read-only)"
    red = pane.model.data(pane.model.index(last, 5), Qt.ItemDataRole.ForegroundRole)
    assert red.color().name() == "#c62828"
    assert pane.model.data(pane.model.index(0, 5), Qt.ItemDataRole.ForegroundRole) is None


@pytest.mark.skipif(os.name != "posix", reason="uses a pseudo-terminal")
def test_filter_per_device_pause_and_save(pane, aloop, ion_lab, tmp_path):
    connect(pane, aloop, ion_lab, "tcp meter")
    rtu = connect(pane, aloop, ion_lab, "rtu meter")
    run_until(aloop, lambda: {cell(pane, r, 1) for r in range(pane.model.rowCount())} == {"tcp meter", "rtu meter"})
    index = next(i for i in range(pane.device_combo.count()) if pane.device_combo.itemText(i).startswith("rtu meter"))
    pane.device_combo.setCurrentIndex(index)
    assert pane.model.rowCount() > 0
    assert {cell(pane, r, 1) for r in range(pane.model.rowCount())} == {"rtu meter"}
    assert {cell(pane, r, 3) for r in range(pane.model.rowCount())} == {"100"}

    pane.pause_box.setChecked(True)
    shown = pane.model.rowCount()
    requests = rtu.stats.requests
    task = spawn(pane.sessions.check(rtu), pytest.fail)
    run_until(aloop, task.done)
    pane.refresh()
    assert rtu.stats.requests == requests + 1
    assert pane.model.rowCount() == shown  # nothing recorded while paused
    pane.pause_box.setChecked(False)
    task = spawn(pane.sessions.check(rtu), pytest.fail)
    run_until(aloop, task.done)
    pane.refresh()
    assert pane.model.rowCount() == shown + 2  # request and answer

    path = tmp_path / "traffic.txt"
    pane.save(path)
    lines = path.read_text().splitlines()
    assert len(lines) == shown + 2
    assert "rtu meter  ->  unit 100  FC3 read holding registers" in lines[-2]
    assert lines[-2].split("  ")[-1].startswith("64 03 ")  # unit 100, FC3: the RTU frame byte for byte
    assert pane.count_label.text() == f"{shown + 2} frame(s)"
