"""Commissioning checklist and its Factory Acceptance Test report."""

import re
from datetime import datetime

import pytest

from app.errors import MeterDeskError
from app.report_page import ReportError
from app.wps.checklist import (
    STEPS,
    Checklist,
    ChecklistError,
    Outcome,
    Section,
    procedure,
)
from app.wps.fat_report import ReportHeader, render_fat_report, write_fat_report
from app.wps.plan import DeviceType, PanelPlan, PlannedDevice

WHEN = datetime(2023, 3, 14, 10, 30)


def _ids(section: Section) -> list[str]:
    return [s.id for s in STEPS if s.section is section]


def test_the_guide_procedures_have_their_step_counts():
    assert len(_ids(Section.CONFIGURATION)) == 12  # L1364-1378
    assert len(_ids(Section.CLOUD_ACTIVATION)) == 7  # L1335-1346
    assert len(_ids(Section.CONFIGURATION_PREREQUISITES)) == 3  # L1356-1358
    assert len(_ids(Section.CLOUD_PREREQUISITES)) == 4  # L1326-1329


def test_steps_are_numbered_and_cite_the_guide():
    assert len({s.id for s in STEPS}) == len(STEPS)
    for step in STEPS:
        assert step.id.endswith(f".{step.number}")
        assert re.fullmatch(r"wps\.md §[\d.]+(, §[\d.]+)* / L\d.*", step.source), step
    config = {s.number: s for s in STEPS if s.section is Section.CONFIGURATION}
    assert config[6].text == "Set the Wireless Panel Server password (first connection)."
    assert config[6].source == "wps.md §8.2, §6.3 / L1372, L1150-1154"
    assert "L808" in config[5].note and "L1358" in config[5].note


def test_without_wireless_devices_only_cloud_activation_and_security_apply():
    sections = {s.section for s in procedure(with_wireless_devices=False)}
    assert sections == {
        Section.PHYSICAL_SECURITY, Section.CLOUD_PREREQUISITES, Section.CLOUD_ACTIVATION
    }
    assert procedure(with_wireless_devices=True) == STEPS


def test_configuration_comes_before_cloud_activation():
    order = [s.section for s in procedure(True)]
    assert order.index(Section.CONFIGURATION) < order.index(Section.CLOUD_ACTIVATION)


def test_verdict_follows_the_recorded_outcomes():
    checklist = Checklist(with_wireless_devices=False)
    assert checklist.verdict is Outcome.PENDING
    for step in checklist.steps:
        checklist.record(step.id, Outcome.PASSED)
    assert checklist.verdict is Outcome.PASSED
    checklist.record("security.3", Outcome.NOT_APPLICABLE, "room is fenced")
    assert checklist.verdict is Outcome.PASSED
    checklist.record("cloud.5", Outcome.FAILED, "LED stayed blinking green")
    assert checklist.verdict is Outcome.FAILED
    assert [s.id for s in checklist.with_outcome(Outcome.FAILED)] == ["cloud.5"]
    assert checklist.result("cloud.5").note == "LED stayed blinking green"
    checklist.record("cloud.5", Outcome.PASSED)
    assert checklist.verdict is Outcome.PASSED


def test_recording_an_unknown_step_is_refused():
    with pytest.raises(KeyError):
        Checklist(with_wireless_devices=False).record("config.1", Outcome.PASSED)


def test_round_trip_through_dict():
    checklist = Checklist(with_wireless_devices=True)
    checklist.record("config.7", Outcome.PASSED, "001.002.000 installed")
    checklist.record("pairing.1", Outcome.FAILED, "unknown PowerTag in list")
    data = checklist.to_dict()
    assert data == {
        "with_wireless_devices": True,
        "results": {
            "config.7": {"outcome": "passed", "note": "001.002.000 installed"},
            "pairing.1": {"outcome": "failed", "note": "unknown PowerTag in list"},
        },
    }
    again = Checklist.from_dict(data)
    assert [again.result(s.id) for s in again.steps] == [
        checklist.result(s.id) for s in checklist.steps
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "needs 'with_wireless_devices'"),
        ({"with_wireless_devices": False, "results": {"config.1": {"outcome": "passed"}}},
         "unknown step 'config.1'"),
        ({"with_wireless_devices": True, "results": {"config.1": {"outcome": "ok"}}},
         "step 'config.1': expected an outcome (pending, passed, failed"),
        ({"with_wireless_devices": True, "results": {"config.1": "passed"}},
         "step 'config.1': expected an outcome"),
        ({"with_wireless_devices": True,
          "results": {"config.1": {"outcome": "passed", "note": 3}}},
         "the note must be text"),
    ],
)
def test_bad_saved_data_is_a_user_error(data, message):
    with pytest.raises(ChecklistError) as caught:
        Checklist.from_dict(data)
    assert isinstance(caught.value, MeterDeskError)
    assert message in str(caught.value)


def _finished_checklist() -> Checklist:
    checklist = Checklist(with_wireless_devices=True)
    for step in checklist.steps:
        checklist.record(step.id, Outcome.PASSED)
    return checklist


HEADER = ReportHeader(
    site="Plant <North> & Co",
    switchboard="TGBT-1",
    serial_number="SN123",
    firmware="001.000.000",
    engineer="A. Tester",
    witness="B. Client",
)


def test_report_is_self_contained_html_with_every_step():
    html = render_fat_report(_finished_checklist(), HEADER, generated=WHEN)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    for absent in ("<script", "<link", "src=", "http://", "https://", "<img"):
        assert absent not in html
    assert "Result: Passed" in html
    assert "2023-03-14 10:30" in html
    for step in STEPS:
        assert step.source in html
    assert html.count('<td class="passed">passed</td>') == len(STEPS)
    assert "Unclear in the guide: The Bluetooth procedure asks for a steady green" in html


def test_report_escapes_user_text():
    checklist = _finished_checklist()
    checklist.record("pairing.1", Outcome.FAILED, "<b>rogue</b> device")
    html = render_fat_report(checklist, HEADER, generated=WHEN)
    assert "Plant &lt;North&gt; &amp; Co" in html
    assert "&lt;b&gt;rogue&lt;/b&gt; device" in html and "<b>rogue" not in html
    assert "Result: Failed (1 step failed)" in html


def test_report_of_an_unfinished_checklist_says_so():
    checklist = Checklist(with_wireless_devices=False)
    html = render_fat_report(checklist, ReportHeader(), generated=WHEN)
    n = len(checklist.steps)
    assert f"Result: Incomplete ({n} steps open)" in html
    assert "Configuration with wireless devices" not in html
    assert "Wireless devices</th><td>none" in html


def test_report_includes_the_plan_and_its_check():
    plan = PanelPlan(
        wps_column=2,
        devices=(
            PlannedDevice(DeviceType.HEATTAG, column=1, quantity=4, label="roof"),
            PlannedDevice(DeviceType.POWERTAG_ENERGY, column=2, quantity=6),
        ),
        name="TGBT-1",
        channel=15,
    )
    html = render_fat_report(_finished_checklist(), HEADER, plan, generated=WHEN)
    assert "<h2>Panel plan: TGBT-1</h2>" in html
    assert "IEEE 802.15.4 channel 15; 10 wireless devices." in html
    assert "4 HeatTag sensors are planned" in html
    assert "wps.md §4.3 / L241, L850" in html
    clean = PanelPlan(devices=(PlannedDevice(DeviceType.HEATTAG, column=1),))
    html = render_fat_report(_finished_checklist(), HEADER, clean, generated=WHEN)
    assert "The plan is within every limit of the guide." in html


def test_write_report(tmp_path):
    path = write_fat_report(tmp_path / "fat.html", _finished_checklist(), HEADER,
                            generated=WHEN)
    assert path.read_text(encoding="utf-8") == render_fat_report(
        _finished_checklist(), HEADER, generated=WHEN
    )
    with pytest.raises(ReportError, match="cannot write the report"):
        write_fat_report(tmp_path / "missing" / "fat.html", _finished_checklist(), HEADER)
