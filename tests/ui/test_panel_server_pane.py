"""Panel Server pane (offscreen): plan check, commissioning and FAT report, audit log,
troubleshooting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QSpinBox

from app.wps.checklist import Outcome
from app.wps.plan import DeviceType, PanelPlan, PlannedDevice
from app.wps.troubleshoot import StatusLed, Symptom
from ui.panes.panel_server import (
    COL_QUANTITY,
    COL_TYPE,
    ERROR_BACKGROUND,
    WARNING_BACKGROUND,
    PanelServerPane,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "wps"


@pytest.fixture
def pane(qtbot):
    widget = PanelServerPane()
    qtbot.addWidget(widget)
    widget.resize(1180, 720)
    widget.show()
    return widget


@pytest.fixture
def errors(pane, monkeypatch):
    """Messages the tabs would show in dialogs."""
    shown: list[str] = []
    for tab in (pane.plan_tab, pane.commissioning_tab, pane.audit_tab):
        monkeypatch.setattr(tab, "show_error", lambda title, message: shown.append(message))
    return shown


def open_editor(table, row: int, column: int):
    """Make the cell current, which opens its editor, or edit it if it already was."""
    index = table.model().index(row, column)
    table.setCurrentCell(row, column)
    if table.indexWidget(index) is None:
        table.edit(index)
    return table.indexWidget(index)


def close_editor(qtbot, table, editor) -> None:
    """Press Enter in the editor; the delegate commits on the next event loop pass."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def edit_spin(qtbot, table, row: int, column: int, value: int) -> None:
    """Type ``value`` into the cell's spin-box editor and press Enter."""
    editor = open_editor(table, row, column)
    assert isinstance(editor, QSpinBox) and editor.minimum() == 1
    editor.setValue(value)
    close_editor(qtbot, table, editor)


def choose_type(qtbot, table, row: int, device_type: DeviceType) -> None:
    """Pick ``device_type`` in the cell's combo editor (committed at once)."""
    editor = open_editor(table, row, COL_TYPE)
    assert isinstance(editor, QComboBox)
    editor.setCurrentIndex(editor.findData(device_type.value))
    editor.activated.emit(editor.currentIndex())
    close_editor(qtbot, table, editor)


def rules(pane) -> list[str]:
    return [v.rule for v in pane.plan_tab.violations]


def list_texts(list_widget) -> list[str]:
    return [list_widget.item(i).text() for i in range(list_widget.count())]


# ---- Plan


def test_sixteen_powertags_break_the_limit_and_fifteen_do_not(pane, qtbot):
    tab = pane.plan_tab
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.plan().devices == (PlannedDevice(DeviceType.POWERTAG_ENERGY, 1),)
    edit_spin(qtbot, tab.table, 0, COL_QUANTITY, 16)
    assert tab.plan().count(DeviceType.POWERTAG_ENERGY) == 16
    assert "powertag.max" in rules(pane)
    error = tab.violation_list.item(0)
    assert error.text().startswith("Error: 16 PowerTag Energy sensors are planned")
    assert error.background().color() == ERROR_BACKGROUND
    assert "1 error(s)" in tab.summary.text()

    edit_spin(qtbot, tab.table, 0, COL_QUANTITY, 15)
    assert pane.plan_tab.violations == []
    assert list_texts(tab.violation_list) == ["The plan is within every limit of the guide."]


def test_a_heattag_lowers_the_powertag_limit(pane, qtbot):
    tab = pane.plan_tab
    tab.add_device(PlannedDevice(DeviceType.POWERTAG_ENERGY, 1, 11))
    assert rules(pane) == []
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    choose_type(qtbot, tab.table, 1, DeviceType.HEATTAG)
    assert tab.plan().count(DeviceType.HEATTAG) == 1
    assert rules(pane) == ["powertag.max_with_heattag"]
    assert "once a HeatTag sensor is paired, at most 10" in tab.violation_list.item(0).text()

    tab.table.selectRow(1)
    tab.remove_selected()
    assert tab.table.rowCount() == 1
    assert rules(pane) == []


def test_ambiguous_rules_are_warnings_that_say_so(pane):
    tab = pane.plan_tab
    tab.wps_column_spin.setValue(2)
    tab.add_device(PlannedDevice(DeviceType.ACTI9_ACTIVE, 2, 10))
    tab.add_device(PlannedDevice(DeviceType.NSX_AUXILIARY, 7, 6, "Incomers"))
    assert rules(pane) == ["devices.total", "column.distance"]
    texts = list_texts(tab.violation_list)
    assert all(t.startswith("Warning: ") and "Ambiguous in the manual: " in t for t in texts)
    assert "'Incomers' (6 × wireless indication auxiliaries" in texts[1]
    assert tab.violation_list.item(1).background().color() == WARNING_BACKGROUND
    assert tab.table.item(1, COL_TYPE).background().color() == WARNING_BACKGROUND
    assert tab.table.item(0, COL_TYPE).background().style() == Qt.BrushStyle.NoBrush


def test_channel_and_firmware_are_checked(pane):
    tab = pane.plan_tab
    tab.channel_spin.setValue(27)
    tab.firmware_edit.setText("1.0")
    assert rules(pane) == ["channel.range", "firmware.format"]
    tab.channel_spin.setValue(0)
    tab.firmware_edit.setText("")
    assert tab.plan().channel is None and tab.plan().firmware is None
    assert rules(pane) == []


def test_plan_saves_and_opens_as_json(pane, tmp_path, monkeypatch, errors):
    tab = pane.plan_tab
    plan = PanelPlan(
        wps_column=3, name="Board A", channel=20, firmware="001.002.000",
        devices=(PlannedDevice(DeviceType.HEATTAG, 3, 2, "Busbar"),
                 PlannedDevice(DeviceType.POWERTAG_ENERGY, 4, 12)),
    )  # fmt: skip
    tab.set_plan(plan)
    monkeypatch.setattr(tab, "ask_save_path", lambda *a: (str(tmp_path / "board"), "Panel plan (*.json)"))
    tab.save_plan()
    saved = tmp_path / "board.json"
    assert json.loads(saved.read_text(encoding="utf-8")) == plan.to_dict()

    tab.set_plan(PanelPlan())
    assert tab.table.rowCount() == 0
    monkeypatch.setattr(tab, "ask_open_path", lambda *a: str(saved))
    tab.open_plan()
    assert tab.plan() == plan
    assert rules(pane) == ["powertag.max_with_heattag"]
    assert errors == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "Expecting property name"),
        ("[1, 2]", "does not hold a panel plan"),
        ('{"wps_column": 1, "devices": [{"type": "toaster", "column": 1, "quantity": 1}]}',
         "unknown device type 'toaster'"),
        (None, "No such file"),
    ],
)  # fmt: skip
def test_bad_plan_files_are_reported_in_words(pane, tmp_path, monkeypatch, errors, content, expected):
    path = tmp_path / "plan.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    tab = pane.plan_tab
    tab.add_device(PlannedDevice(DeviceType.HEATTAG, 1))
    monkeypatch.setattr(tab, "ask_open_path", lambda *a: str(path))
    tab.open_plan()
    assert len(errors) == 1
    assert errors[0].startswith(f"Cannot open '{path}': ") and expected in errors[0]
    assert tab.table.rowCount() == 1  # the plan shown is kept


def test_saving_to_an_unwritable_place_is_reported(pane, tmp_path, monkeypatch, errors):
    tab = pane.plan_tab
    target = tmp_path / "missing" / "plan.json"
    monkeypatch.setattr(tab, "ask_save_path", lambda *a: (str(target), ""))
    tab.save_plan()
    assert errors == [f"Cannot write '{target}': No such file or directory"]


# ---- Commissioning


def record_all(tab, outcome: Outcome) -> None:
    for combo in tab.outcome_combos.values():
        combo.setCurrentIndex(combo.findData(outcome.value))


def test_recording_steps_changes_the_verdict(pane):
    tab = pane.commissioning_tab
    total = len(tab.checklist.steps)
    assert tab.verdict_label.text() == f"<b>Verdict: incomplete ({total} of {total} steps open)</b>"
    record_all(tab, Outcome.PASSED)
    assert tab.checklist.verdict is Outcome.PASSED
    assert tab.verdict_label.text() == "<b>Verdict: passed</b>"

    combo = tab.outcome_combos["security.1"]
    combo.setCurrentIndex(combo.findData(Outcome.FAILED.value))
    tab.note_edits["security.1"].setText("label scratched")
    assert tab.checklist.result("security.1").note == "label scratched"
    assert tab.verdict_label.text() == f"<b>Verdict: failed (1 of {total} steps failed)</b>"

    combo.setCurrentIndex(combo.findData(Outcome.NOT_APPLICABLE.value))
    assert tab.checklist.verdict is Outcome.PASSED


def test_without_wireless_devices_the_configuration_steps_go_and_results_stay(pane):
    tab = pane.commissioning_tab
    record_all(tab, Outcome.PASSED)
    tab.wireless_check.setChecked(False)
    assert "config.1" not in tab.outcome_combos
    assert tab.checklist.result("security.1").outcome is Outcome.PASSED
    assert tab.checklist.verdict is Outcome.PASSED
    tab.wireless_check.setChecked(True)
    assert tab.checklist.result("config.1").outcome is Outcome.PENDING
    assert tab.outcome_combos["security.1"].currentData() == Outcome.PASSED.value


def test_fat_report_exports_as_html_and_pdf(pane, tmp_path, monkeypatch, errors):
    pane.plan_tab.add_device(PlannedDevice(DeviceType.POWERTAG_ENERGY, 1, 16, "Feeders"))
    tab = pane.commissioning_tab
    tab.header_edits["site"].setText("Plant <North>")
    tab.header_edits["witness"].setText("J. Doe")
    record_all(tab, Outcome.PASSED)
    combo = tab.outcome_combos["cloud.5"]
    combo.setCurrentIndex(combo.findData(Outcome.FAILED.value))

    html_path = tmp_path / "fat.html"
    monkeypatch.setattr(tab, "ask_save_path", lambda *a: (str(html_path), ""))
    tab.export_report()
    html = html_path.read_text(encoding="utf-8")
    assert "Result: Failed (1 step failed)" in html
    assert "Plant &lt;North&gt;" in html and "J. Doe" in html
    assert "16 PowerTag Energy sensors are planned" in html
    assert str(html_path) in tab.status_label.text()

    monkeypatch.setattr(tab, "ask_save_path", lambda *a: (str(tmp_path / "fat"), "PDF document (*.pdf)"))
    tab.export_report()
    pdf = (tmp_path / "fat.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) > 5000
    assert errors == []


def test_fat_report_without_plan_devices_leaves_the_plan_out(pane, tmp_path, monkeypatch):
    tab = pane.commissioning_tab
    monkeypatch.setattr(tab, "ask_save_path", lambda *a: (str(tmp_path / "fat.htm"), ""))
    tab.export_report()
    html = (tmp_path / "fat.htm").read_text(encoding="utf-8")
    assert "Result: Incomplete" in html and "Panel plan" not in html


@pytest.mark.parametrize("name", ["fat.html", "fat.pdf"])
def test_fat_report_write_errors_are_reported(pane, tmp_path, monkeypatch, errors, name):
    tab = pane.commissioning_tab
    target = tmp_path / "missing" / name
    monkeypatch.setattr(tab, "ask_save_path", lambda *a: (str(target), ""))
    tab.export_report()
    assert errors == [f"cannot write the report '{target}': No such file or directory"]
    assert tab.status_label.text() == ""


# ---- Audit log


def import_fixture(pane, monkeypatch, name: str) -> None:
    monkeypatch.setattr(pane.audit_tab, "ask_open_path", lambda *a: str(DATA / name))
    pane.audit_tab.import_log()


def test_audit_log_import_highlights_security_events_and_lists_problems(pane, monkeypatch, errors):
    import_fixture(pane, monkeypatch, "audit_rfc5424.log")
    tab = pane.audit_tab
    table = tab.table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    security = {"4": "temporary lock", "5": "denied access", "9": "rejected firmware",
                "12": "LoRaWAN enabled or disabled", "14": "password recovery"}  # fmt: skip
    for line, category in security.items():
        row = rows[line]
        assert table.item(row, 4).text() == category
        assert table.item(row, 5).background().color() == ERROR_BACKGROUND
        assert table.item(row, 5).font().bold()
    invalid_login = rows["3"]
    assert [table.item(invalid_login, c).text() for c in range(1, 6)] == [
        "2023-03-14T09:02:10Z", "wps-3f2a", "warning", "invalid login", "Invalid login attempt"
    ]  # fmt: skip
    assert table.item(invalid_login, 5).background().style() == Qt.BrushStyle.NoBrush

    problems = list_texts(tab.problem_list)
    assert [p.split(":")[0] for p in problems] == [
        "line 7", "line 10", "line 11", "line 13", "line 15", "line 18", "line 19"
    ]  # fmt: skip
    assert problems[1].startswith("line 10: priority <999> is out of range")
    assert tab.summary.text() == "audit_rfc5424.log: 12 events, 5 security events, 7 unreadable lines"
    assert errors == []

    tab.security_only.setChecked(True)
    shown = [table.item(r, 0).text() for r in range(table.rowCount()) if not table.isRowHidden(r)]
    assert shown == list(security)
    tab.security_only.setChecked(False)
    assert not any(table.isRowHidden(r) for r in range(table.rowCount()))


def test_bsd_audit_log_and_an_unreadable_file(pane, monkeypatch, errors):
    import_fixture(pane, monkeypatch, "audit_bsd.log")
    tab = pane.audit_tab
    assert tab.table.rowCount() == 4
    assert [p.split(":")[0] for p in list_texts(tab.problem_list)] == ["line 4", "line 6"]
    import_fixture(pane, monkeypatch, "no_such.log")
    assert len(errors) == 1 and "cannot read the audit log" in errors[0]
    assert tab.table.rowCount() == 4  # the log shown is kept


# ---- Troubleshooting


def choose(combo: QComboBox, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_troubleshooting_shows_causes_and_actions(pane):
    tab = pane.troubleshooting_tab
    assert "Choose the LED states" in tab.result_view.toPlainText()
    choose(tab.status_combo, StatusLed.BLINKING_RED.value)
    text = tab.result_view.toPlainText()
    assert "Cause: Firmware discrepancy, or a Wireless Panel Server malfunction was detected." in text
    assert "Guide: wps.md §9.1 / L1393" in text
    assert "Unclear in the guide: The LED table says" in text

    choose(tab.status_combo, StatusLed.BLINKING_ORANGE.value)
    assert "No row of the guide" in tab.result_view.toPlainText()
    tab.symptom_checks[Symptom.NO_LORA_AT_ACTIVATION].setChecked(True)
    assert [r.source for r in tab.diagnosis.remedies] == ["wps.md §9.1 / L1396", "wps.md §9.2 / L1402"]
    assert "Cause: LoRa communication has not been activated for more than 15 minutes." in (
        tab.result_view.toPlainText()
    )
    assert tab.result_view.isReadOnly()


def test_troubleshooting_phase_leds_and_symptoms_alone(pane):
    tab = pane.troubleshooting_tab
    choose(tab.phase_combo, "one lit")
    text = tab.result_view.toPlainText()
    assert "Voltage detected on one phase only" in text
    assert "Action: Single-phase: the installation is correct, no action." in text
    choose(tab.phase_combo, "")
    tab.symptom_checks[Symptom.DEVICE_NOT_DISCOVERED].setChecked(True)
    assert "The limit of 15 wireless devices detected has been reached." in tab.result_view.toPlainText()
    assert len(tab.diagnosis.remedies) == 2
