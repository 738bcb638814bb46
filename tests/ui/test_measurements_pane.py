"""Measurements pane against the simulators (offscreen, real sockets): values, n/a, staleness,
phasors and the wiring diagnosis, the BCPME grid, trends, CSV logging and the Iskra devices."""

import csv
import math

import pytest
from PySide6.QtCore import Qt

from app.devices.bcpme_circuits import Severity
from app.modbus import codec
from app.sim.lab import LabThread, bcpme_specs
from app.sim.wiring import WiringFaults
from tests.ui.conftest import run_until
from ui.main import demo_addresses
from ui.panes.measurements import MeasurementsPane
from ui.sessions import Sessions
from ui.widgets.branch_grid import ALARM, COLOURS, CURRENT, PHASE
from ui.widgets.phasor_diagram import INSTRUMENT
from ui.widgets.value_table import STALE_COLOR, VALUE


@pytest.fixture
def pane(qtbot, aloop):
    sessions = Sessions()
    widget = MeasurementsPane(sessions)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    yield widget
    widget.shutdown()
    sessions.close_all()


@pytest.fixture
def board_lab():
    lab = LabThread(bcpme_specs("pdu", port=0))
    lab.start()
    yield lab.lab
    lab.stop()


def show(pane, aloop, lab, name, timeout=0.5):
    """Select ``name`` as the tree does, connect with the pane's button, wait for the first poll."""
    address = next(a for a in demo_addresses(lab.served) if a.name == name)
    session = pane.sessions.session(address, timeout=timeout)
    pane.set_session(session)
    assert pane.connect_button.isVisible()
    pane.connect_button.click()
    run_until(aloop, lambda: pane.poller is not None and pane.poller.stats.polls > 0)
    return session


def write_setting(sim, name, value):
    """Change a simulated device's setting the way a Modbus write does."""
    reg = sim.profile.register(name)
    assert not sim.write(reg.address, codec.encode(reg, value)).exception


def test_values_update_and_not_available_reads_n_a(pane, aloop, ion_lab):
    sim = ion_lab.devices["tcp meter"]
    write_setting(sim, "volts_mode", 1)  # DELTA: the meter has no line-neutral voltages
    show(pane, aloop, ion_lab, "tcp meter")
    table = pane.table
    assert table.text("voltage_an") == "n/a"
    assert table.text("voltage_ab").endswith(" V") and table.text("voltage_ab") != "n/a"
    assert table.text("current_a") == "100 A"
    sim.system.phases[0].i = 3.0  # 120 A primary through the 200:5 CTs
    run_until(aloop, lambda: table.text("current_a") == "120 A")
    assert table.text("current_a", column=3).startswith("120 A")  # max, with its time
    assert table.text("current_a", column=2).startswith("100 A")  # min
    assert pane.status_label.text().startswith("Live")
    pane.reset_extremes()
    assert table.text("current_a", column=2).startswith("120 A")


def test_stale_values_are_greyed_with_the_reason_and_recover(pane, aloop, ion_lab):
    show(pane, aloop, ion_lab, "tcp meter", timeout=0.2)
    bus = ion_lab.buses["tcp meter"]
    bus.faults.silence_next = 1000
    run_until(aloop, lambda: "no answer" in pane.status_label.text())
    item = pane.table.item("current_a")
    assert item.foreground(VALUE).color() == STALE_COLOR
    assert "stale since" in item.text(4) and "no answer within 0.2 s" in item.text(4)
    assert pane.table.text("current_a") == "100 A"  # the last value stays visible
    bus.faults.clear()
    run_until(aloop, lambda: pane.status_label.text().startswith("Live"), timeout=15)
    assert item.foreground(VALUE).color() != STALE_COLOR


def _shaft_end(diagram, label):
    index = [a.label for a in diagram.arrows].index(label)
    sample, _ = diagram.legend.items[index]
    xs, ys = sample.item.getData()
    return xs[-1], ys[-1]


def test_phasor_diagram_draws_the_meters_phasors_at_their_angles(pane, aloop, ion_lab):
    show(pane, aloop, ion_lab, "tcp meter")
    tab = pane.phasors
    run_until(aloop, lambda: tab.diagnosis is not None)
    diagram = tab.view.diagram
    angles = {a.label: a.angle for a in diagram.arrows}
    assert angles == pytest.approx({"Va": 0.0, "Vb": -120.0, "Vc": 120.0, "Ia": -25.0, "Ib": -145.0, "Ic": 95.0})
    assert _shaft_end(diagram, "Va") == pytest.approx((1.0, 0.0))  # V1 on the positive horizontal axis
    x, y = _shaft_end(diagram, "Ic")  # currents on their own scale, counter-clockwise angles
    assert math.degrees(math.atan2(y, x)) == pytest.approx(95.0) and math.hypot(x, y) == pytest.approx(0.65)
    assert tab.view.table.rows()[3] == ("Ia", "100 A", "-25.0°")
    assert tab.diagnosis.ok and "Wiring looks correct" in tab.verdict.text()
    assert "positive 230 V" in tab.components.text()


FAULTS = [("reverse-ct=B", "reversed_ct", ("B",), "the CT of phase B is reversed"),
          ("swap-i=AC", "swapped_currents", ("A", "C"), "the CTs of phases A and C are swapped"),
          ("swap-v=AB", "swapped_voltages", ("A", "B"), "voltage leads A and B are swapped"),
          ("sequence=ACB", "sequence", ("A", "B", "C"), "phase sequence ACB instead of ABC"),
          ("rotate-i", "rotated_currents", ("A", "B", "C"), "the currents are one phase off their voltages"),
          ("drop-v=C", "missing_voltage", ("C",), "voltage Vc is missing"),
          ("drop-i=A", "missing_current", ("A",), "current Ia is missing")]


@pytest.mark.parametrize(("fault", "name", "phases", "message"), FAULTS, ids=[f[0] for f in FAULTS])
def test_each_injected_wiring_fault_is_named_in_the_gui(pane, aloop, ion_lab, fault, name, phases, message):
    ion_lab.devices["tcp meter"].system.wiring = WiringFaults.parse([fault])
    show(pane, aloop, ion_lab, "tcp meter")
    tab = pane.phasors
    run_until(aloop, lambda: tab.diagnosis is not None and not tab.diagnosis.ok)
    assert [(f.fault, f.phases) for f in tab.diagnosis.faults] == [(name, phases)]
    shown = tab.verdict.text() + tab.details.toPlainText()
    assert message[0].upper() + message[1:] in shown and "Check on site" in shown


def test_load_type_judges_the_power_factor(pane, aloop, ion_lab):
    show(pane, aloop, ion_lab, "tcp meter")
    tab = pane.phasors
    run_until(aloop, lambda: tab.diagnosis is not None)
    tab.set_load("resistive")
    assert [f.fault for f in tab.diagnosis.faults] == ["implausible_pf"]
    assert "implausible for a resistive load" in tab.verdict.text()


def test_delta_systems_in_instrument_and_voltage_modes(pane, aloop, ion_lab):
    write_setting(ion_lab.devices["tcp meter"], "volts_mode", 1)  # DELTA
    show(pane, aloop, ion_lab, "tcp meter")
    view = pane.phasors.view
    run_until(aloop, lambda: pane.phasors.diagnosis is not None and pane.phasors.phasors.system == "delta")
    assert not view.mode_combo.isHidden()
    voltages = [(a.label, round(a.angle)) for a in view.diagram.arrows if a.kind == "voltage"]
    assert voltages == [("Vab", 0), ("Vbc", -120), ("Vca", 120)]  # Voltage mode: 120° apart
    view.set_delta_mode(INSTRUMENT)
    voltages = [(a.label, round(a.angle)) for a in view.diagram.arrows if a.kind == "voltage"]
    assert voltages == [("Vab", 0), ("Vcb", 60)]  # Instrument mode: what two elements measure, 60° apart
    x, y = _shaft_end(view.diagram, "Vcb")
    assert math.degrees(math.atan2(y, x)) == pytest.approx(60.0)
    assert [row[0] for row in view.table.rows()] == ["Vab", "Vcb", "Ia", "Ib", "Ic"]
    assert pane.phasors.diagnosis.ok


def test_bcpme_grid_shows_an_alarm_when_a_circuit_passes_its_threshold(pane, aloop, board_lab):
    show(pane, aloop, board_lab, "pdu panel 1")
    grid = pane.grid
    run_until(aloop, lambda: grid.snapshot is not None)
    assert pane.tabs.isTabVisible(pane.tabs.indexOf(grid))
    assert len([k for k in grid.visible_keys() if k.startswith("circuit ")]) == 84
    assert grid.row_texts("mains 2 A")[PHASE] == "A" and grid.row_severity("circuit 9") is Severity.OK
    board_lab.devices["pdu panel 1"].set_load(9, 18.0)  # HH is 70 % of the 20 A breaker: 14 A
    run_until(aloop, lambda: grid.row_severity("circuit 9") is Severity.ALARM)
    assert grid.row_texts("circuit 9")[CURRENT] == "18.00" and grid.row_texts("circuit 9")[ALARM] == "above HH 14 A"
    assert grid.row_background("circuit 9").name() == COLOURS[Severity.ALARM][0]
    assert "1 in alarm" in grid.summary.text()
    grid.alarms_only.setChecked(True)
    assert grid.visible_keys() == ["circuit 9"]
    grid.alarms_only.setChecked(False)
    grid.filter_edit.setText("HH")
    assert grid.visible_keys() == ["circuit 9"]


def test_bcpme_grid_sorts_and_groups_logical_circuits(pane, aloop, board_lab):
    show(pane, aloop, board_lab, "pdu panel 1")
    grid = pane.grid
    run_until(aloop, lambda: grid.snapshot is not None)
    grid.groups_edit.setText("1-3-5")
    grid.groups_edit.editingFinished.emit()
    assert grid.row_texts("group 1-3-5")[PHASE] == "ABC" and grid.row_texts("group 1-3-5")[CURRENT] == "12.00"
    assert "group 1-3-5" in grid.visible_keys()
    grid.groups_edit.setText("1-2")
    grid.groups_edit.editingFinished.emit()
    assert "not adjacent" in grid.message.text() and grid.groups == [[1, 3, 5]]
    grid.view.sortByColumn(CURRENT, Qt.SortOrder.DescendingOrder)  # highest current first
    circuits = [k for k in grid.visible_keys() if k.startswith("circuit ")]
    currents = [float(grid.row_texts(k)[CURRENT]) for k in circuits if k not in ("circuit 1", "circuit 3", "circuit 5")]
    assert currents == sorted(currents, reverse=True)


def test_trends_redraw_from_ring_buffers_pause_and_export(pane, aloop, ion_lab, tmp_path):
    show(pane, aloop, ion_lab, "tcp meter")
    pane.tabs.setCurrentWidget(pane.trend)
    pane.table.set_trended("current_a", True)
    trend = pane.trend
    assert list(trend.keys()) == ["current_a"]
    run_until(aloop, lambda: trend.redraws > 0 and len(trend.series["current_a"].curve.getData()[0]) >= 2)
    trend.pause_button.setChecked(True)
    frozen = trend.redraws
    run_until(aloop, lambda: len(pane.buffers["current_a"]) >= 4)
    assert trend.redraws == frozen  # the buffer keeps filling, the display does not move
    trend.pause_button.setChecked(False)
    run_until(aloop, lambda: trend.redraws > frozen)
    trend.export_png(tmp_path / "trend.png")
    assert (tmp_path / "trend.png").stat().st_size > 1000
    rows = trend.export_csv_rows()
    assert rows and rows[0][1] == "Current A" and float(rows[0][2]) == pytest.approx(100.0) and rows[0][3] == "A"
    pane.table.set_trended("current_a", False)
    assert not list(trend.keys())


def test_csv_logging_keeps_going_across_a_reconnect(pane, aloop, ion_lab, tmp_path):
    show(pane, aloop, ion_lab, "tcp meter", timeout=0.3)
    log = tmp_path / "log.csv"
    pane.start_logging(str(log), interval=0)
    points = len(pane.poller.points)
    run_until(aloop, lambda: pane.logger.rows >= points)
    ion_lab.buses["tcp meter"].faults.drop_next = 1
    run_until(aloop, lambda: "connection lost" in pane.status_label.text(), timeout=15)
    before = pane.logger.rows
    run_until(aloop, lambda: pane.logger.rows > before, timeout=15)
    pane.stop_logging()
    with open(log, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["timestamp", "device", "point", "value", "unit"] and len(rows) - 1 >= before + 1
    assert "Logged" in pane.log_label.text()


def test_not_connected_device_offers_to_connect(pane, aloop, ion_lab):
    address = next(a for a in demo_addresses(ion_lab.served) if a.name == "tcp meter")
    pane.set_session(pane.sessions.session(address))
    assert pane.connect_button.isVisible() and "Not connected" in pane.status_label.text()
    assert pane.poller is None


def test_iskra_counters_with_units_and_directions(pane, aloop, sg_lab):
    show(pane, aloop, sg_lab, "IE38MD (left IR)")
    table = pane.counters_table
    run_until(aloop, lambda: table.rowCount() > 0)
    first = [table.item(0, c).text() for c in range(table.columnCount())]
    assert first[:4] == ["Non-resettable counter 1", "1.23457 MWh", "Wh", "import"]
    assert not pane.tabs.isTabVisible(pane.tabs.indexOf(pane.phasors))  # no phasor registers


def test_bicom_commands_ask_first_and_are_verified_by_read_back(pane, aloop, sg_lab):
    show(pane, aloop, sg_lab, "IR Bicom (right IR)")
    switch = pane.switch
    relay = sg_lab.devices["IR Bicom (right IR)"]
    asked = []
    switch.confirm = lambda question: asked.append(question) or False
    switch.buttons["ON"].click()
    assert asked and "switches its load" in asked[0] and relay.state == 0  # cancelled: nothing sent
    switch.confirm = lambda question: True
    switch.buttons["ON"].click()
    run_until(aloop, lambda: "verified: the relay is ON" in switch.result_label.text())
    assert relay.state == 1
    run_until(aloop, lambda: switch.state_label.text() == "State: ON")
    switch.buttons["TOGGLE"].click()
    run_until(aloop, lambda: "verified: the relay is OFF" in switch.result_label.text())


def test_devices_behind_the_gateway_can_be_shown(pane, aloop, sg_lab):
    show(pane, aloop, sg_lab, "Iskra SG-W1")
    attached = pane.attached
    run_until(aloop, lambda: attached.table.rowCount() > 0)
    slots = [attached.table.item(r, 0).text() for r in range(attached.table.rowCount())]
    assert "IR energy meter" in slots
    meter = next(a for a in attached.attached if a.slot == "IR energy meter")
    attached.sig_show.emit(meter)
    run_until(aloop, lambda: pane.poller is not None and pane.poller.stats.polls > 0)
    assert pane.device.profile.id == "iskra-ie38md" and pane.back_button.isVisible()
    assert pane.table.text("voltage_1").endswith(" V")
    pane.back_button.click()
    run_until(aloop, lambda: pane.poller is not None and pane.device.profile.id == "iskra-sg")
