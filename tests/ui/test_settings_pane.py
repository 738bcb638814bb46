"""Settings pane against simulated devices: editing with validation, diff view, write report, templates."""

from __future__ import annotations

import pytest

from app.config import ChangeLog, load
from app.config.device_io import VERIFIED
from app.modbus.link import Endpoint
from app.profiles import profile_by_id
from app.session import DeviceAddress
from app.sim.lab import LabThread, bcpme_specs, ion7400_spec
from tests.ui.conftest import run_until
from ui.dialogs.template_apply import TemplateDialog
from ui.panes.settings import SettingsPane
from ui.panes.settings_log import ChangeLogDialog
from ui.sessions import Sessions


@pytest.fixture(scope="module")
def lab():
    specs = [ion7400_spec(f"meter {k}", port=0) for k in (1, 2, 3)]
    for spec in specs:
        spec.services.clear()
    specs += bcpme_specs("board", port=0)
    thread = LabThread(specs)
    thread.start()
    yield thread.lab
    thread.stop()


@pytest.fixture
def addresses(lab):
    found = {s.name: DeviceAddress(s.name, s.profile, Endpoint.parse(s.endpoint), s.unit, timeout=0.5)
             for s in lab.served}
    yield found
    for name, sim in lab.devices.items():  # every test starts from the commissioned settings
        if name.startswith("meter"):
            sim.settings.update(ct_primary=200, nominal_current=200, pt_secondary=230, volts_mode=0, pulse_kt=0.2,
                                device_name="ION7400-173393")
            for key in ("ct_primary", "nominal_current", "pt_secondary", "volts_mode", "pulse_kt", "device_name"):
                sim._store(sim.profile.register(key), sim.settings[key])


@pytest.fixture
def pane(qtbot, aloop, tmp_path):
    sessions = Sessions()
    widget = SettingsPane(sessions, data_dir=tmp_path / "data")
    widget.confirm = lambda plan: True
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    widget.shutdown()
    sessions.close_all()


def read(pane, aloop, address) -> None:
    pane.set_session(pane.sessions.session(address))
    pane.read_device()
    run_until(aloop, lambda: pane.device_config is not None and pane._task.done())


def type_into(pane, name: str, text: str) -> None:
    editor = pane.editors[name]
    if editor.combo is not None:
        editor.combo.setCurrentIndex(editor.combo.findText(text))
    else:
        editor.line.setText(text)
        editor.line.textEdited.emit(text)


def test_forms_follow_the_profile_groups(pane, aloop, addresses):
    read(pane, aloop, addresses["meter 1"])
    tabs = [pane.tabs.tabText(i) for i in range(pane.tabs.count())]
    assert tabs[:4] == ["Metering setup", "Serial (COM1)", "Ethernet", "Protocols and ports"]
    assert {"Clock and time sync", "Energy pulsing", "Burst recording (Sg/Sw HS Log)",
            "Waveform recorder and COMTRADE", "Differences", "Write report"} <= set(tabs)
    assert pane.editors["volts_mode"].combo.currentText() == "4W-WYE"
    assert pane.editors["ct_primary"].line.text() == "200"
    page = pane.pages[0]
    assert page.device_values["ct_primary"].text() == "200"
    assert not pane.write_button.isEnabled()  # nothing differs yet
    assert pane.device_label.text().startswith("meter 1 — tcp://127.0.0.1:") and "connected" in pane.device_label.text()
    type_into(pane, "ct_primary", "300")
    assert pane.write_button.isEnabled()
    pane.sessions.disconnect(pane.session)  # e.g. from the Connection pane
    assert not pane.write_button.isEnabled() and "not connected" in pane.device_label.text()


def test_values_are_checked_as_typed_and_write_stays_off_while_one_is_wrong(pane, aloop, addresses):
    read(pane, aloop, addresses["meter 1"])
    type_into(pane, "ct_primary", "400")
    assert pane.editors["ct_primary"].problem() is None
    assert pane.write_button.isEnabled()
    assert "background" in pane.pages[0].device_values["ct_primary"].styleSheet()  # differs from the device

    type_into(pane, "pt_primary", "0")
    assert "outside the allowed range 1..999999" in pane.editors["pt_primary"].problem()
    assert "border: 1px solid #c62828" in pane.editors["pt_primary"].line.styleSheet()
    assert not pane.write_button.isEnabled()
    assert "PT primary" in pane.problem_label.text()

    type_into(pane, "pt_primary", "abc")
    assert "'abc' is not a number" in pane.editors["pt_primary"].problem()
    type_into(pane, "pt_primary", "230")
    assert pane.write_button.isEnabled()

    type_into(pane, "pt_secondary", "400")  # a rule across two fields
    assert pane.editors["pt_secondary"].problem() is None
    assert "PT secondary must not exceed PT primary" in pane.editors["pt_secondary"].line.toolTip()
    assert not pane.write_button.isEnabled()
    type_into(pane, "pt_secondary", "230")
    assert pane.write_button.isEnabled()


def test_diff_view_lists_each_changed_setting_with_units(pane, aloop, addresses, tmp_path):
    read(pane, aloop, addresses["meter 1"])
    type_into(pane, "ct_primary", "400")
    type_into(pane, "volts_mode", "DELTA")
    pane.diff_view.choose("Device", "Edited")
    assert pane.diff_view.rows() == [("Volts mode", "4W-WYE", "DELTA"), ("CT primary", "200", "400")]
    assert pane.diff_view.table.item(1, 4).text() == "A"

    assert pane.save_file(tmp_path / "edited.toml")
    type_into(pane, "ct_primary", "500")
    pane.diff_view.choose("File", "Edited")
    assert pane.diff_view.rows() == [("CT primary", "400", "500")]
    pane.diff_view.choose("Device", "File")
    assert [r[0] for r in pane.diff_view.rows()] == ["Volts mode", "CT primary"]


def test_write_verifies_reports_and_logs(pane, aloop, addresses, lab, tmp_path):
    read(pane, aloop, addresses["meter 2"])
    type_into(pane, "ct_primary", "400")
    type_into(pane, "nominal_current", "400")
    pane.write_button.click()
    run_until(aloop, lambda: pane.report_view.report is not None and pane._task.done())
    report = pane.report_view.report
    assert report.ok and [r.status for r in report.results] == [VERIFIED, VERIFIED]
    assert pane.report_view.table.item(0, 4).text() == "verified"
    assert pane.tabs.currentWidget() is pane.report_view
    assert lab.devices["meter 2"].settings["ct_primary"] == 400
    assert pane.device_config.values["ct_primary"] == 400  # read back after the write
    assert not pane.write_button.isEnabled()
    entries = ChangeLog(tmp_path / "data").entries()
    assert [(e.device, e.setting, e.old, e.new) for e in entries] == [
        ("meter 2", "ct_primary", "200 A", "400 A"), ("meter 2", "nominal_current", "200 A", "400 A")]
    dialog = ChangeLogDialog(pane.log, "meter 2", pane)
    assert dialog.table.rowCount() == 2
    assert dialog.export(str(tmp_path / "log.csv")) == 2


def test_a_refused_write_is_shown_per_setting(pane, aloop, addresses, lab):
    read(pane, aloop, addresses["meter 3"])
    type_into(pane, "ct_primary", "400")
    type_into(pane, "nominal_current", "300")
    sim = lab.devices["meter 3"]
    protected = sim.profile.register("ct_primary").address
    original = sim.write
    from app.sim.device import Reply

    sim.write = lambda address, values: Reply(exception=3) if address == protected else original(address, values)
    try:
        pane.write_button.click()
        run_until(aloop, lambda: pane.report_view.report is not None and pane._task.done())
    finally:
        del sim.write
    report = pane.report_view.report
    assert [(r.name, r.status) for r in report.results] == [("ct_primary", "refused"), ("nominal_current", VERIFIED)]
    assert pane.report_view.summary.text().startswith("✖")
    assert "1 refused" in pane.status.text()


def test_offline_file_new_edit_save_open(pane, tmp_path):
    pane.new_configuration(profile_by_id("ion7400"))
    assert pane.editors["pf_convention"].combo.currentText() == "IEEE"  # the profile's default
    assert pane.editors["ct_primary"].line.text() == ""
    type_into(pane, "ct_primary", "600")
    type_into(pane, "ct_secondary", "5")
    assert pane.save_file(tmp_path / "offline.json")
    saved = load(tmp_path / "offline.json")
    assert saved.values["ct_primary"] == 600 and saved.values["pf_convention"] == 0
    type_into(pane, "ct_primary", "-1")
    assert not pane.save_file(tmp_path / "bad.toml")
    assert "Fix the marked fields first" in pane.status.text()
    pane.open_file(tmp_path / "offline.json")
    assert pane.editors["ct_primary"].line.text() == "600"
    (tmp_path / "broken.toml").write_text('[meterdesk]\nprofile = "ion7400"\n[settings.metering]\nct_primary = 0\n')
    pane.open_file(tmp_path / "broken.toml")
    assert "broken.toml, line 4: ct_primary" in pane.status.text()


def test_calculators_feed_their_fields(pane):
    pane.new_configuration(profile_by_id("ion7400"))
    pulse = next(c for c in pane.calculators if c.calc.kind == "pulse_weight")
    pulse.peak.setValue(1600)
    pulse.rate.setValue(2)
    pulse.use()
    assert pane.editors["pulse_kt"].line.text() == "0.222222"
    type_into(pane, "pulse_output_mode", "KYZ")
    pulse.use()
    assert pane.editors["pulse_kt"].line.text() == "0.111111"
    assert "0.1111 kWh/pulse" in pulse.result.text()

    type_into(pane, "nominal_frequency", "60 Hz")
    type_into(pane, "burst_enabled", "Yes")
    burst = next(c for c in pane.calculators if c.calc.kind == "burst_depth")
    burst.before.setValue(1 / 12)
    burst.after.setValue(1 / 24)
    burst.bursts.setValue(100)
    burst.buffered.setValue(2)
    burst.use()
    values = [pane.editors[n].line.text() for n in ("burst_pre_records", "burst_post_records", "burst_depth",
                                                      "burst_buffer_depth")]
    assert values == ["10", "5", "1600", "32"]
    assert not any(p.is_error for p in pane.problems)
    type_into(pane, "burst_depth", "1000")  # not a whole number of bursts
    assert "whole number of bursts" in pane.editors["burst_depth"].line.toolTip()

    wave = next(c for c in pane.calculators if c.calc.kind == "waveform_length")
    type_into(pane, "waveform_samples_per_cycle", "128")
    type_into(pane, "waveform_cycles", "7")
    assert "128 × 7 at 60 Hz: <b>116.7 ms</b>, 896 samples" in wave.result.text()
    wave.wanted.setValue(500)
    wave.use()
    assert pane.editors["waveform_cycles"].line.text() == "30"


def test_bcpme_channel_table_and_installed_strips(pane, aloop, addresses):
    read(pane, aloop, addresses["board panel 2"])
    table = next(t for p in pane.pages for t in p.tables if "breaker_size_1" in t.editors)
    assert table.horizontalHeaderItem(3).text() == "HH (A)"
    assert table.item(4, 3).text() == "14"  # 70 % of 20 A
    type_into(pane, "breaker_size_5", "30")
    assert table.item(4, 3).text() == "21"
    type_into(pane, "hh_threshold", "80")
    assert table.item(4, 3).text() == "24"

    layout = pane.editors["strip_layout"]
    assert layout.combo.currentText() == "Bottom feed"
    installed = pane.installed["strip_layout"]
    installed.combo.setCurrentIndex(installed.combo.findText("Top feed"))
    assert "must match how the strips are installed" in layout.combo.toolTip()
    assert not pane.write_button.isEnabled()
    installed.combo.setCurrentIndex(installed.combo.findText("Bottom feed"))
    assert pane.write_button.isEnabled()


def test_template_applied_to_three_simulated_meters(pane, aloop, addresses, lab):
    read(pane, aloop, addresses["meter 1"])
    type_into(pane, "nominal_current", "250")
    type_into(pane, "device_name", "never copied")
    meters = [addresses[f"meter {k}"] for k in (1, 2, 3)]
    dialog = TemplateDialog(pane.edited_configuration(), [*meters, addresses["board panel 1"]],
                            pane.sessions.pool, pane.log, pane)
    assert [a.name for a in dialog.addresses] == ["meter 1", "meter 2", "meter 3"]  # same model only
    assert [r.name for r in dialog.specific] == ["com1_unit_id", "ipv4_address", "device_name"]
    dialog.set_value("meter 2", "device_name", "FEEDER-2")
    dialog.set_value("meter 3", "ipv4_address", "10.0.0.300")
    dialog.start()
    assert "meter 3: ipv4_address (reg 56202): '10.0.0.300' is not an IPv4 address" in dialog.summary.text()
    dialog.set_value("meter 3", "ipv4_address", "10.0.0.13")
    dialog.start()
    run_until(aloop, lambda: not dialog.running and dialog.outcomes)
    assert [o.status for o in dialog.outcomes] == [VERIFIED] * 3
    assert dialog.progress.value() == 3
    assert dialog.summary.text() == "3 of 3 devices verified: meter 1, meter 2, meter 3"
    assert all(dialog.result_of(m.name).startswith("verified") for m in meters)
    sims = [lab.devices[m.name] for m in meters]
    assert [s.settings["nominal_current"] for s in sims] == [250, 250, 250]
    assert [s.settings["device_name"] for s in sims] == ["ION7400-173393", "FEEDER-2", "ION7400-173393"]
    assert sims[2].settings["ipv4_address"] == 167772173


def test_template_cancel_stops_devices_not_started(pane, aloop, addresses, lab):
    read(pane, aloop, addresses["meter 1"])
    type_into(pane, "pulse_kt", "0.5")
    meters = [addresses[f"meter {k}"] for k in (1, 2, 3)]
    dialog = TemplateDialog(pane.edited_configuration(), meters, pane.sessions.pool, pane.log, pane)
    dialog.concurrency = 1
    dialog.set_checked("meter 2", False)
    shown = dialog._on_result

    def user_cancels_after_the_first(outcome):
        shown(outcome)
        dialog.cancel()  # pressed while meter 1's result comes in, before meter 3 starts

    dialog._on_result = user_cancels_after_the_first
    dialog.start()
    run_until(aloop, lambda: not dialog.running and dialog.outcomes)
    assert [(o.name, o.status) for o in dialog.outcomes] == [("meter 1", VERIFIED), ("meter 3", "cancelled")]
    assert dialog.result_of("meter 3").startswith("cancelled")
    assert dialog.summary.text().splitlines()[1] == "not done: meter 3 (cancelled)"
    assert lab.devices["meter 1"].settings["pulse_kt"] == pytest.approx(0.5)
    assert lab.devices["meter 3"].settings["pulse_kt"] == pytest.approx(0.2)
