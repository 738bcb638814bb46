"""Security pane (offscreen) in the main window on a simulated site: audit of every device, report
export, event log filtered by priority, WPS audit-log import, wizards opened from the pane."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sim.iskra import iskra_sg_specs
from app.sim.lab import LabThread, bcpme_specs, ion7400_spec
from tests.keyring_fixtures import no_keyring  # noqa: F401 (fixture)
from tests.ui.conftest import run_until
from ui.main import demo_addresses
from ui.main_window import DEMO_SITE, MainWindow
from ui.panes.security import SecurityPane
from ui.wizards.setup import SetupWizard

pytestmark = pytest.mark.usefixtures("no_keyring")  # the pane says plainly that there is none
WPS_LOG = Path(__file__).resolve().parents[1] / "data" / "wps" / "audit_rfc5424.log"


@pytest.fixture
def site():
    specs = [ion7400_spec("ION7400 main incomer", port=0, services=[]), *bcpme_specs("BCPME", port=0),
             *iskra_sg_specs(0, None)]
    with LabThread(specs) as lab:
        yield lab.lab


@pytest.fixture
def window(qtbot, aloop, site, tmp_path, monkeypatch):
    monkeypatch.setenv("METERDESK_DATA_DIR", str(tmp_path / "data"))
    w = MainWindow()
    qtbot.addWidget(w)
    w.add_site(DEMO_SITE, demo_addresses(site.served))
    w.show()
    yield w
    w.close()


@pytest.fixture
def pane(window) -> SecurityPane:
    return next(p for p in window.panes() if isinstance(p, SecurityPane))


def select(window, name: str) -> None:
    site = window.tree.topLevelItem(0)
    item = next(site.child(i) for i in range(site.childCount()) if site.child(i).text(0) == name)
    window.tree.setCurrentItem(item)


def test_audit_of_every_device_and_report(window, pane, aloop, tmp_path):
    assert "No usable keyring" in pane.banner.text()
    assert {a.name for a in pane.addresses()} == {"ION7400 main incomer", "BCPME panel 1", "BCPME panel 2",
                                                  "Iskra SG-W1"}
    pane.audit_all_button.click()
    run_until(aloop, lambda: len(pane.result.devices) == 4, timeout=20)
    by_device = {d.device: d for d in pane.result.devices}
    assert not by_device["ION7400 main incomer"].clean
    assert any("factory password printed on its label" in f.title for f in by_device["BCPME panel 1"].findings)
    assert by_device["BCPME panel 2"].error  # the board's security answers through panel 1 only
    assert "4 device(s), 0 clean" in pane.summary.text()
    top = pane.findings.topLevelItem(0)
    assert top.text(0) == "ION7400 main incomer" and top.child(0).text(0) == "High"
    assert pane.export_button.isEnabled()
    html = pane.write_report(tmp_path / "audit.html")
    pdf = pane.write_report(tmp_path / "audit.pdf")
    assert "USER1 still has the factory password" in html.read_text(encoding="utf-8")
    assert pdf.read_bytes().startswith(b"%PDF")
    pane.ask_save_path = lambda *_: (str(tmp_path / "chosen"), "PDF document (*.pdf)")
    pane.export_report()  # a name typed without a suffix takes the chosen filter's
    assert (tmp_path / "chosen.pdf").read_bytes().startswith(b"%PDF")


def test_event_log_from_the_meter_and_a_wps_file_filtered_by_priority(window, pane, aloop, site):
    select(window, "ION7400 main incomer")
    assert pane.read_events_button.isEnabled() and pane.decommission_button.isEnabled()
    security = site.devices["ION7400 main incomer"].security
    security._attempt(1, 2, False)  # an invalid login (priority 128) and, at the default limits, no lockout
    security._attempt(5, 2, True)  # a valid login: priority 0, not recorded
    pane.read_events_button.click()
    run_until(aloop, lambda: pane.event_table.rowCount() == 1)
    assert [pane.event_table.item(0, c).text() for c in (1, 2, 3, 4, 5)] == [
        "ION7400 main incomer", "128", "Medium", "Invalid login", "USER2"]
    pane.load_wps_log(WPS_LOG)
    everything = len(pane.shown_events())
    assert everything > 1 and any(e.source.startswith("WPS audit log line") for e in pane.shown_events())
    pane.filter_combo.setCurrentIndex(pane.filter_combo.findData(128))
    medium = pane.shown_events()
    assert pane.event_table.rowCount() == len(medium) < everything
    assert all(e.priority >= 128 for e in medium)
    pane.filter_combo.setCurrentIndex(pane.filter_combo.findData(192))
    assert all(e.priority >= 192 for e in pane.shown_events())


def test_buttons_follow_the_device_and_open_wizards(window, pane, aloop):
    select(window, "Iskra SG-W1")
    assert pane.setup_button.isEnabled() and not pane.decommission_button.isEnabled()
    assert not pane.read_events_button.isEnabled()
    select(window, "ION7400 main incomer")
    pane.setup_button.click()
    wizard = pane.wizard
    assert isinstance(wizard, SetupWizard) and wizard.isVisible()
    run_until(aloop, lambda: wizard.posture is not None)
    wizard.reject()
    pane.shutdown()


def test_the_pane_reports_a_bad_wps_file(pane, tmp_path):
    shown = []
    pane.show_error = shown.append
    bad = tmp_path / "missing.log"
    pane.load_wps_log(bad)
    assert shown and "missing.log" in shown[0]
