"""Connection health in the main window: TLS pinning with the user's consent, reconnection after a drop."""

import pytest
from PySide6.QtWidgets import QApplication

from app.modbus.link import Endpoint
from app.project.model import DeviceEntry, Site
from app.sim.lab import LabThread, ion7400_spec
from tests.conftest import endpoint_of
from tests.ui.conftest import run_until
from ui.dialogs.certificate_dialog import CertificateChangedDialog
from ui.main_window import MainWindow


def tls_lab(port: int = 0) -> LabThread:
    spec = ion7400_spec("secure meter", port=port, tls=True)
    spec.services.clear()
    lab = LabThread([spec])
    lab.start()
    return lab


@pytest.fixture
def window(qtbot, aloop, tmp_path):
    w = MainWindow(data_dir=tmp_path / "data")
    w.show()
    yield w
    w.devices.set_modified(False)
    w.close()


def open_dialog() -> CertificateChangedDialog | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, CertificateChangedDialog) and w.isVisible()), None)


def test_tls_certificate_is_pinned_and_a_change_needs_the_users_consent(window, aloop, tmp_path):
    lab = tls_lab()
    endpoint = Endpoint.parse(lab.lab.served[0].endpoint)
    devices = window.devices
    site = devices.add_site(Site("Secure meter", "tcp", host=endpoint.host, tcp_port=endpoint.port, security="tls"))
    devices.add_device(site, DeviceEntry("ION7400", 1, "ion7400"))
    site_item = window.tree.topLevelItem(0)
    assert site_item.text(1) == f"{endpoint.host}:{endpoint.port}, TLS"
    item = site_item.child(0)
    window.tree.setCurrentItem(item)
    window.tree.itemDoubleClicked.emit(item, 0)
    pane = window.connection
    run_until(aloop, lambda: item.text(2) == "connected")
    pins = window.sessions.pool.pins
    pinned = pins.pinned(endpoint.host, endpoint.port)
    assert pins.path == tmp_path / "data" / "tls_pins.json" and pinned
    run_until(aloop, lambda: "pinned on first use" in pane.stat_labels["certificate"].text())
    assert pane.stat_labels["certificate"].toolTip() == pinned
    session = pane.session
    window.sessions.disconnect(session)
    lab.stop()

    impostor = tls_lab(endpoint.port)  # same address, another certificate
    try:
        window.tree.itemDoubleClicked.emit(item, 0)
        run_until(aloop, lambda: open_dialog() is not None)
        dialog = open_dialog()
        offered = session.certificate_change.offered.fingerprint
        assert dialog.pinned_label.text() == pinned and dialog.offered_label.text() == offered != pinned
        assert not dialog.trust_button.isEnabled()  # nothing is trusted by default
        assert impostor.lab.buses["secure meter"].requests == 0
        dialog.keep_button.click()
        run_until(aloop, lambda: open_dialog() is None)
        assert pins.pinned(endpoint.host, endpoint.port) == pinned
        assert session.state == "error" and "certificate has changed" in pane.status_label.text()
        assert item.text(2) == "link error"

        window.tree.itemDoubleClicked.emit(item, 0)  # a second try warns again, then the user trusts it
        run_until(aloop, lambda: open_dialog() is not None)
        dialog = open_dialog()
        dialog.confirm_box.setChecked(True)
        dialog.trust_button.click()
        run_until(aloop, lambda: item.text(2) == "connected")
        assert pins.pinned(endpoint.host, endpoint.port) == offered
        window.sessions.disconnect(session)  # the simulator stops cleanly once the client has gone
    finally:
        impostor.stop()


def test_a_dropped_link_reconnects_and_polling_resumes(window, aloop, ion_lab):
    host, port = endpoint_of(ion_lab, "tcp meter").removeprefix("tcp://").rsplit(":", 1)
    window.sessions.check_interval = 0.2
    site = window.devices.add_site(Site("Lab", "tcp", host=host, tcp_port=int(port), timeout=0.5))
    window.devices.add_device(site, DeviceEntry("Incomer", 1, "ion7400"))
    item = window.tree.topLevelItem(0).child(0)
    window.tree.setCurrentItem(item)
    window.tree.itemDoubleClicked.emit(item, 0)
    run_until(aloop, lambda: item.text(2) == "connected")
    session = window.connection.session
    faults = ion_lab.buses["tcp meter"].faults
    faults.drop_next = 1000  # the meter drops every connection (other panes poll it too)
    run_until(aloop, lambda: item.text(2) == "reconnecting…", timeout=5)
    assert "connection lost" in session.last_error and "trying again in" in session.last_error
    faults.drop_next = 0  # it is back
    run_until(aloop, lambda: item.text(2) == "connected", timeout=10)
    assert session.reconnects == 1
    checks = session.stats.responses
    run_until(aloop, lambda: session.stats.responses >= checks + 2, timeout=5)  # the heartbeat goes on
    labels = window.connection.stat_labels
    assert labels["reconnects"].text() == "1"
    assert labels["errors"].text().startswith("disconnected ")  # counted by kind
    assert labels["rtt"].text().endswith("ms")


def test_connecting_a_connected_device_leaves_it_connected(qtbot, aloop):
    from app.session import DeviceAddress
    from ui.sessions import Sessions

    lab = LabThread([ion7400_spec("meter", port=0)])
    lab.start()
    sessions = Sessions()
    states: list[str] = []
    sessions.sig_state_changed.connect(lambda s: states.append(s.state))
    try:
        session = sessions.session(DeviceAddress("meter", "ion7400", Endpoint.parse(lab.lab.served[0].endpoint), 1))
        first = aloop.create_task(sessions.connect(session))
        run_until(aloop, first.done)
        assert session.state == "connected"
        states.clear()
        second = aloop.create_task(sessions.connect(session))
        run_until(aloop, second.done)
        assert session.state == "connected" and states == []
    finally:
        sessions.close_all()
        lab.stop()


def test_a_forgotten_session_is_no_longer_kept_by_the_heartbeat(qtbot, aloop):
    from app.session import DeviceAddress
    from ui.sessions import Sessions

    lab = LabThread([ion7400_spec("meter", port=0)])
    lab.start()
    sessions = Sessions(check_interval=0.0)
    try:
        address = DeviceAddress("meter", "ion7400", Endpoint.parse(lab.lab.served[0].endpoint), 1)
        session = sessions.session(address)
        run_until(aloop, aloop.create_task(sessions.connect(session)).done)
        sessions._beat()
        run_until(aloop, lambda: not sessions._busy)
        assert session in sessions._last_check
        sessions.forget(address)
        assert session not in sessions._last_check and sessions.sessions() == []
    finally:
        sessions.close_all()
        lab.stop()
