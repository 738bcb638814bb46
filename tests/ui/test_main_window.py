"""Main window and Connection pane against the simulators (offscreen, real sockets and pty)."""

import socket

import pytest
from PySide6.QtCore import QTimer

from tests.conftest import endpoint_of
from tests.ui.conftest import run_until
from ui.main import demo_addresses
from ui.main_window import DEMO_SITE, MainWindow


@pytest.fixture
def window(qtbot, aloop, ion_lab):
    w = MainWindow()
    qtbot.addWidget(w)
    w.add_site(DEMO_SITE, demo_addresses(ion_lab.served))
    w.show()
    yield w
    w.close()


def test_only_working_panes_are_listed(window):
    assert [a.text() for a in window.nav.actions()] == ["Connection", "Settings", "Measurements", "Panel Server", "Analysis",
                                                        "Upgrade", "Security"]


def test_one_serial_port_watcher_serves_the_window(window):
    assert window.connection.watcher is window.devices.watcher


def test_connect_over_tcp_shows_identity_and_statistics(window, aloop, ion_lab):
    pane = window.connection
    pane.profile_combo.setCurrentIndex(pane.profile_combo.findData("ion7400"))
    pane.kind_combo.setCurrentIndex(pane.kind_combo.findData("tcp"))
    port = int(endpoint_of(ion_lab, "tcp meter").rsplit(":", 1)[1])
    pane.port_spin.setValue(port)
    pane.connect_button.click()
    run_until(aloop, lambda: pane.ident_labels["model"].text() == "METSEION7400")
    assert pane.ident_labels["firmware"].text() == "4.6.0"
    assert pane.ident_labels["source"].text() == "FC43/14 + registers"
    pane.test_button.click()
    run_until(aloop, lambda: int(pane.stat_labels["requests"].text() or 0) >= 20)
    assert pane.stat_labels["errors"].text() == "none"
    assert pane.stat_labels["rtt"].text().endswith("ms")
    assert "connected" in window.status.text()


def test_connect_rtu_device_from_the_tree(window, aloop):
    site = window.tree.topLevelItem(0)
    rtu_item = next(site.child(i) for i in range(site.childCount()) if site.child(i).text(0) == "rtu meter")
    window.tree.itemDoubleClicked.emit(rtu_item, 0)
    pane = window.connection
    run_until(aloop, lambda: pane.session is not None and pane.session.state == "connected")
    assert pane.kind_combo.currentData() == "rtu"
    assert pane.unit_spin.value() == 100
    assert pane.ident_labels["serial"].text() == "MR-2111A123-01"
    assert rtu_item.text(2) == "connected"


def test_window_stays_responsive_while_a_slow_device_answers(window, aloop, ion_lab):
    ion_lab.buses["tcp meter"].faults.delay = 0.6  # every answer takes 0.6 s
    ticks = []
    timer = QTimer(interval=20, timeout=lambda: ticks.append(1))
    timer.start()
    address = next(a for a in demo_addresses(ion_lab.served) if a.name == "tcp meter")
    window.connection.show_address(address)
    window.connection.timeout_spin.setValue(3.0)
    window.connection.connect_button.click()
    took = run_until(aloop, lambda: window.connection.session.state == "connected", timeout=15)
    timer.stop()
    ion_lab.buses["tcp meter"].faults.delay = 0.0
    assert took > 1.0  # identification needs several slow answers
    assert len(ticks) >= 0.5 * took / 0.020  # the GUI timer kept running meanwhile


def test_refused_connection_is_shown_in_words(window, aloop):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    pane = window.connection
    pane.kind_combo.setCurrentIndex(pane.kind_combo.findData("tcp"))
    pane.port_spin.setValue(free)
    pane.connect_button.click()
    run_until(aloop, lambda: "refused" in pane.status_label.text())
    assert pane.session.state == "error"
    assert pane.connect_button.isEnabled()


def test_panes_key_passwords_under_the_open_project(qtbot, tmp_path):
    from app.project.file import save_project
    from app.project.model import Project

    window = MainWindow(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    assert window.devices.open_project(save_project(Project(name="Substation 4"), tmp_path / "sub4"))
    keyed = {p.title: p.project for p in window.panes() if hasattr(p, "set_project")}
    assert set(keyed) == {"Analysis", "Upgrade", "Security"}
    assert set(keyed.values()) == {"Substation 4"}
    window.devices.set_modified(False)
