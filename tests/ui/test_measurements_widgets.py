"""Measurements widgets on their own: value table, trend plot, branch grid parsing, phasor view."""

import csv
import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView

from app.devices.bcpme_circuits import Alarm, Circuit, Layout, default_phase
from app.errors import ValidationError
from app.live.branches import BoardSnapshot
from app.live.points import PointState
from app.live.ring import RingBuffer
from app.profiles import profile_by_id
from tests.ui.conftest import run_until
from ui.widgets.branch_grid import BranchGrid, parse_groups
from ui.widgets.phasor_diagram import (
    INSTRUMENT,
    VOLTAGE,
    PhasorDiagram,
    PhasorView,
    delta_voltages,
)
from ui.widgets.trend_plot import TrendPlot
from ui.widgets.value_table import MAX, MIN, STATUS, VALUE, ValueTable

PROFILE = profile_by_id("ion7400")


def test_value_table_shows_values_extremes_and_staleness(qtbot):
    table = ValueTable()
    qtbot.addWidget(table)
    current = PointState(PROFILE.register("current_a"))
    mode = PointState(PROFILE.register("volts_mode"))
    table.set_points([("Current", [current]), ("Metering", [mode])])
    assert table.text("current_a") == "n/a" and table.text("current_a", STATUS) == "not read yet"
    current.update(1250.0, 0.0)
    current.update(1500.0, 60.0)
    mode.update(1, 60.0)
    table.refresh()
    assert table.text("current_a") == "1.5 kA"
    assert table.text("current_a", MIN).startswith("1.25 kA") and table.text("current_a", MAX).startswith("1.5 kA")
    assert table.text("volts_mode") == "DELTA"
    current.mark_stale("no answer within 1 s")
    table.refresh(["current_a"])
    assert "no answer within 1 s" in table.text("current_a", STATUS) and table.text("current_a") == "1.5 kA"
    seen = []
    table.sig_trend_toggled.connect(lambda name, on: seen.append((name, on)))
    table.set_trended("current_a", True)
    assert seen == [("current_a", True)] and table.trended() == ["current_a"]
    assert not table.item("volts_mode").flags() & Qt.ItemFlag.ItemIsUserCheckable  # enums are not trended


def test_value_table_columns_still_fit_their_contents_after_a_refresh(qtbot):
    table = ValueTable()
    qtbot.addWidget(table)
    table.show()
    point = PointState(PROFILE.register("current_a"))
    table.set_points([("Current", [point])])
    point.update(1.0, 0.0)
    table.refresh()
    QApplication.processEvents()
    narrow = table.columnWidth(VALUE)
    point.update(123.456789, 1.0)
    table.refresh()
    QApplication.processEvents()
    assert table.header().sectionResizeMode(VALUE) == QHeaderView.ResizeMode.ResizeToContents
    assert table.columnWidth(VALUE) > narrow and table.columnWidth(VALUE) >= table.sizeHintForColumn(VALUE)


def test_trend_plot_draws_base_units_and_exports_csv(qtbot, aloop, tmp_path):
    plot = TrendPlot()
    qtbot.addWidget(plot)
    plot.show()
    ring = RingBuffer(10)
    for k in range(5):
        ring.append(1_700_000_000.0 + k, None if k == 2 else 1.5 * k)
    plot.add_series("p", "Power", "kW", ring)
    run_until(aloop, lambda: plot.redraws > 0)
    xs, ys = plot.series["p"].curve.getData()
    assert list(xs[:2]) == [1_700_000_000.0, 1_700_000_001.0] and ys[1] == 1500.0  # drawn in W
    assert plot.plot.getAxis("left").labelText == "W"
    task = aloop.create_task(plot.export_csv(tmp_path / "t.csv"))
    run_until(aloop, task.done)
    assert task.result() == 5
    with open(tmp_path / "t.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["timestamp", "series", "value", "unit"]
    assert rows[2][1:] == ["Power", "1.5", "kW"] and rows[3][2] == ""  # n/a stays empty
    plot.remove_series("p")
    assert plot.hint.isVisibleTo(plot)
    plot.shutdown()


def test_logical_circuit_text():
    assert parse_groups("1-3-5, 2-4; 7") == [[1, 3, 5], [2, 4], [7]]
    assert parse_groups("  ") == []
    with pytest.raises(ValidationError, match="'1-x': write circuit numbers"):
        parse_groups("1-x")


def test_delta_modes_turn_vbc_into_vcb():
    voltages = [("Vab", 400.0, 0.0), ("Vbc", 400.0, -120.0), ("Vca", 400.0, 120.0)]
    assert [(p[0], p[2]) for p, _ in delta_voltages(voltages, INSTRUMENT)] == [("Vab", 0.0), ("Vcb", 60.0)]
    assert [key for _, key in delta_voltages(voltages, VOLTAGE)] == ["AB", "BC", "CA"]
    with pytest.raises(ValueError, match="unknown delta mode"):
        delta_voltages(voltages, "polar")


def test_phasor_view_redraws_in_the_chosen_mode(qtbot):
    view = PhasorView()
    qtbot.addWidget(view)
    view.set_phasors([("Vab", 400.0, 0.0), ("Vbc", 400.0, -120.0), ("Vca", 400.0, 120.0)],
                     [("Ia", 50.0, -55.0)], delta=True)
    assert not view.mode_combo.isHidden()
    view.set_delta_mode(INSTRUMENT)
    vcb = next(a for a in view.diagram.arrows if a.label == "Vcb")
    assert math.degrees(math.atan2(vcb.tip[1], vcb.tip[0])) == pytest.approx(60.0)
    assert view.table.rows()[1] == ("Vcb", "400 V", "60.0°")
    view.set_phasors([("Va", 230.0, 0.0)], [])
    assert view.mode_combo.isHidden()  # a wye system has no delta modes


def test_plain_diagram_keeps_its_api_for_recorded_phasors(qtbot):
    diagram = PhasorDiagram()
    qtbot.addWidget(diagram)
    diagram.set_phasors([("V1", 1.0, 0.0), ("V2", 1.0, 10.0), ("V3", 1.0, 20.0), ("V4", 1.0, 30.0),
                         ("V5", 1.0, 40.0)])
    assert [a.phase for a in diagram.arrows] == ["A", "B", "C", "N", "A"]  # colours wrap round
    with pytest.raises(ValueError):
        diagram.set_delta_mode("polar")


def test_branch_grid_filters_on_the_text_as_typed(qtbot):
    circuits = tuple(Circuit(panel=1, channel=ch, layout=Layout.TOP_FEED, phase=default_phase(Layout.TOP_FEED, ch),
                             current=5.0, alarms=Alarm.HH if ch == 9 else Alarm.NONE) for ch in range(1, 43))
    grid = BranchGrid()
    qtbot.addWidget(grid)
    grid.set_groups([[1, 3]])
    grid.show_snapshot(BoardSnapshot(circuits, (), {}))
    grid.filter_edit.setText("HH latched")  # a space and a dash are text, not pattern syntax
    assert grid.visible_keys() == ["circuit 9"]
    grid.filter_edit.setText("1-3")
    assert "group 1-3" in grid.visible_keys()
    grid.filter_edit.setText("")
    assert len(grid.visible_keys()) == 43  # the group row and the 42 circuits
