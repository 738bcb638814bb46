"""Connection pane: pick a link and a profile, connect, see identity and link health.

The sessions' heartbeat keeps every connected device checked and reconnects
dropped ones; this pane shows the selected device's state, its own request
and error counters, its round-trip times and, on a TLS link, the certificate.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import MeterDeskError
from app.modbus.link import Endpoint, LinkStats, host_port
from app.modbus.tls import MODBUS_TLS_PORT
from app.profiles import load_all
from app.session import DeviceAddress, DeviceSession
from ui.dialogs.site_dialog import SerialPortWatcher, fill_port_combo, port_name
from ui.language import fixed, session_state
from ui.sessions import Sessions
from ui.tasks import spawn
from ui.widgets.serial_line import SerialLineCombos

STATS_REFRESH_MS = 500
LINK_KINDS = [("tcp", QT_TRANSLATE_NOOP("ConnectionPane", "Modbus TCP (unencrypted)")),
              ("tls", QT_TRANSLATE_NOOP("ConnectionPane", "Modbus/TCP Security (TLS)")),
              ("rtu", QT_TRANSLATE_NOOP("ConnectionPane", "Modbus RTU (serial)")),
              ("rtu-tcp", QT_TRANSLATE_NOOP("ConnectionPane", "Modbus RTU over TCP (unencrypted)"))]


class ConnectionPane(QWidget):
    """Connect to one device and watch its link; ``watcher`` lists the serial ports (shared with My devices)."""

    title = QT_TRANSLATE_NOOP("MainWindow", "Connection")
    sig_connected = Signal(object)  # DeviceAddress

    def __init__(self, sessions: Sessions, parent: QWidget | None = None,
                 watcher: SerialPortWatcher | None = None) -> None:
        super().__init__(parent)
        self.sessions = sessions
        self.session: DeviceSession | None = None
        self._profiles = load_all()
        self.watcher = watcher or SerialPortWatcher(self)
        self._build()
        self.watcher.sig_changed.connect(self._on_ports_changed)
        self.sessions.sig_state_changed.connect(self._on_state_changed)
        self._stats_timer = QTimer(self, interval=STATS_REFRESH_MS, timeout=self._refresh_stats)
        self._stats_timer.start()
        self._on_profile_changed()
        self._on_kind_changed()

    # ---- layout

    def _build(self) -> None:
        form_box = QGroupBox(self.tr("Device and link"))
        form = QFormLayout(form_box)
        self.name_edit = QLineEdit(self.tr("New device"))
        self.profile_combo = QComboBox()
        for p in self._profiles.values():
            if p.links.has_tcp or p.links.has_serial:
                self.profile_combo.addItem(f"{p.vendor} {p.model}", p.id)
        self.kind_combo = QComboBox()
        for kind, label in LINK_KINDS:
            self.kind_combo.addItem(self.tr(label), kind)
        self.host_edit = QLineEdit("127.0.0.1")
        self.port_spin = QSpinBox(minimum=1, maximum=65535, value=502)
        self.cert_edit = QLineEdit()
        self.cert_edit.setPlaceholderText(self.tr("optional PEM file"))
        self.key_edit = QLineEdit()
        self.key_edit.setPlaceholderText(self.tr("its private key (PEM)"))
        self.serial_combo = QComboBox(editable=True)
        self.serial_combo.lineEdit().setPlaceholderText(self.tr("e.g. COM3 or /dev/ttyUSB0"))
        self.serial_combo.setToolTip(self.tr("Ports are listed as adapters are plugged in or out"))
        serial_row = QHBoxLayout()
        serial_row.addWidget(self.serial_combo, 1)
        self.line = line = SerialLineCombos(self)
        self.baud_combo, self.parity_combo, self.stop_combo = line.baud, line.parity, line.stopbits
        self.unit_spin = QSpinBox(minimum=0, maximum=255, value=1)
        self.timeout_spin = QDoubleSpinBox(minimum=0.05, maximum=30.0, value=1.0, singleStep=0.5, suffix=" s")

        self.tcp_page = QWidget()
        tcp_form = QFormLayout(self.tcp_page)
        tcp_form.setContentsMargins(0, 0, 0, 0)
        tcp_form.addRow(self.tr("Host"), self.host_edit)
        tcp_form.addRow(self.tr("Port"), self.port_spin)
        self.cert_label = QLabel(self.tr("Client certificate"))
        self.key_label = QLabel(self.tr("Client key"))
        tcp_form.addRow(self.cert_label, self._with_browse(self.cert_edit))
        tcp_form.addRow(self.key_label, self._with_browse(self.key_edit))
        self.serial_page = QWidget()
        serial_form = QFormLayout(self.serial_page)
        serial_form.setContentsMargins(0, 0, 0, 0)
        serial_form.addRow(self.tr("Serial port"), serial_row)
        serial_form.addRow(self.tr("Baud rate"), self.baud_combo)
        serial_form.addRow(self.tr("Parity"), self.parity_combo)
        serial_form.addRow(self.tr("Stop bits"), self.stop_combo)
        self.link_stack = QStackedWidget()
        self.link_stack.addWidget(self.tcp_page)
        self.link_stack.addWidget(self.serial_page)

        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Profile"), self.profile_combo)
        form.addRow(self.tr("Link"), self.kind_combo)
        form.addRow(self.link_stack)
        form.addRow(self.tr("Unit id"), self.unit_spin)
        form.addRow(self.tr("Timeout"), self.timeout_spin)
        buttons = QHBoxLayout()
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setDefault(True)
        self.disconnect_button = QPushButton(self.tr("Disconnect"))
        self.test_button = QPushButton(self.tr("Test link"))
        self.test_button.setToolTip(self.tr("Send 20 light requests and update the round-trip times"))
        for b in (self.connect_button, self.disconnect_button, self.test_button):
            buttons.addWidget(b)
        form.addRow(buttons)
        self.status_label = QLabel(self.tr("Not connected."))
        self.status_label.setWordWrap(True)
        form.addRow(self.status_label)

        ident_box = QGroupBox(self.tr("Device identity"))
        ident_form = QFormLayout(ident_box)
        self.ident_labels: dict[str, QLabel] = {}
        for key, label in (("vendor", self.tr("Vendor")), ("model", self.tr("Model")),
                           ("serial", self.tr("Serial number")), ("firmware", self.tr("Firmware")),
                           ("name", self.tr("Meter name")), ("source", self.tr("Identified by"))):
            self.ident_labels[key] = QLabel("—")
            ident_form.addRow(label, self.ident_labels[key])

        stats_box = QGroupBox(self.tr("Connection health"))
        grid = QGridLayout(stats_box)
        self.stat_labels: dict[str, QLabel] = {}
        rows = [("link", self.tr("Link")), ("state", self.tr("State")), ("requests", self.tr("Requests")),
                ("responses", self.tr("Responses")), ("errors", self.tr("Errors")),
                ("rtt", self.tr("Round trip last / mean / max")), ("reconnects", self.tr("Reconnections")),
                ("link_total", self.tr("Whole link (all units)")), ("bytes", self.tr("Bytes sent / received")),
                ("certificate", self.tr("TLS certificate"))]
        for row, (key, label) in enumerate(rows):
            grid.addWidget(QLabel(label), row, 0)
            self.stat_labels[key] = QLabel("—")
            self.stat_labels[key].setWordWrap(True)
            grid.addWidget(self.stat_labels[key], row, 1)
        grid.setColumnStretch(1, 1)

        left = QVBoxLayout()
        left.addWidget(form_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(ident_box)
        right.addWidget(stats_box)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

        self.profile_combo.currentIndexChanged.connect(self._on_profile_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.connect_button.clicked.connect(self.connect_device)
        self.disconnect_button.clicked.connect(self.disconnect_device)
        self.test_button.clicked.connect(self.test_link)
        self.refresh_ports()
        self._update_buttons()

    def _with_browse(self, edit: QLineEdit) -> QWidget:
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(lambda: self._browse(edit))
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(edit, 1)
        box.addWidget(browse)
        return row

    def _browse(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a PEM file"), edit.text(),
                                              self.tr("PEM files (*.pem *.crt *.key);;All files (*)"))
        if path:
            edit.setText(path)

    def shutdown(self) -> None:
        """Stop the timers (the window is closing)."""
        self._stats_timer.stop()
        self.watcher.stop()

    # ---- form <-> address

    def refresh_ports(self) -> None:
        fill_port_combo(self.serial_combo, self.watcher.ports)

    def _on_ports_changed(self, ports, added: list[str], removed: list[str]) -> None:
        fill_port_combo(self.serial_combo, ports)
        if self.kind_combo.currentData() != "rtu":
            return
        if self._serial_device() in removed:
            self._show_error(self.tr("%s was unplugged.") % self._serial_device())
        elif added:
            self.status_label.setText(self.tr("Plugged in: %s") % ", ".join(added))
            self.status_label.setStyleSheet("")

    def _serial_device(self) -> str:
        return port_name(self.serial_combo.currentText(), self.serial_combo)

    def address(self) -> DeviceAddress:
        kind = self.kind_combo.currentData()
        where = host_port(self.host_edit.text().strip(), self.port_spin.value())
        if kind == "rtu":
            endpoint = Endpoint.serial(self._serial_device(), self.baud_combo.currentData(),
                                       self.parity_combo.currentData(), self.stop_combo.currentData())
        elif kind == "tls":
            endpoint = Endpoint.tls(where, self.cert_edit.text().strip(), self.key_edit.text().strip())
        else:
            endpoint = Endpoint.tcp(where, rtu=kind == "rtu-tcp")
        return DeviceAddress(self.name_edit.text().strip() or endpoint.label, self.profile_combo.currentData(),
                             endpoint, self.unit_spin.value())

    def show_address(self, address: DeviceAddress) -> None:
        """Fill the form from a device (e.g. picked in the tree) and show its session."""
        self.name_edit.setText(address.name)
        self.profile_combo.setCurrentIndex(self.profile_combo.findData(address.profile_id))
        ep = address.endpoint
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(ep.kind))
        if ep.kind == "rtu":
            self.serial_combo.setEditText(ep.device)
            self.line.set(ep.baud, ep.parity, ep.stopbits)
        else:
            self.host_edit.setText(ep.host)
            self.port_spin.setValue(ep.port)
            self.cert_edit.setText(ep.client_cert)
            self.key_edit.setText(ep.client_key)
        self.unit_spin.setValue(address.unit)
        self.timeout_spin.setValue(address.timeout)
        self.session = self.sessions.session(address)
        self._show_session()

    def _on_profile_changed(self) -> None:
        profile = self._profiles.get(self.profile_combo.currentData())
        if profile is None:
            return
        links = profile.links
        if links.tcp_port and self.kind_combo.currentData() != "tls":
            self.port_spin.setValue(links.tcp_port)
        if links.serial_baud:
            self.line.set(links.serial_baud, links.serial_parity, links.serial_stopbits)
        self._on_kind_changed()

    def _on_kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        shown = self.serial_page if kind == "rtu" else self.tcp_page
        for page in (self.tcp_page, self.serial_page):  # size the stack to the page shown
            policy = QSizePolicy.Policy.Preferred if page is shown else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.link_stack.setCurrentWidget(shown)
        self.link_stack.adjustSize()
        tls = kind == "tls"
        for widget in (self.cert_label, self.cert_edit.parentWidget(), self.key_label, self.key_edit.parentWidget()):
            widget.setVisible(tls)
        if tls and self.port_spin.value() != MODBUS_TLS_PORT:
            self.port_spin.setValue(MODBUS_TLS_PORT)
        elif not tls and self.port_spin.value() == MODBUS_TLS_PORT:
            profile = self._profiles.get(self.profile_combo.currentData())
            self.port_spin.setValue(profile.links.tcp_port if profile and profile.links.tcp_port else 502)
        profile = self._profiles.get(self.profile_combo.currentData())
        if profile is not None:
            self.unit_spin.setValue(profile.links.serial_unit if kind == "rtu" else profile.links.tcp_unit)

    # ---- actions

    def connect_device(self) -> None:
        try:
            address = self.address()
        except MeterDeskError as exc:  # e.g. an invalid host or port
            self._show_error(str(exc))
            return
        self.session = self.sessions.session(address, timeout=self.timeout_spin.value())
        self._show_session()
        self.status_label.setText(self.tr("Connecting to %s…") % address.label)
        spawn(self._connect(self.session), self._show_error)

    async def _connect(self, session: DeviceSession) -> None:
        await self.sessions.connect(session)
        if session is self.session:
            self.sig_connected.emit(session.address)

    def disconnect_device(self) -> None:
        if self.session is not None:
            self.sessions.disconnect(self.session)

    def test_link(self) -> None:
        if self.session is not None and self.session.state == "connected":
            spawn(self._test(self.session), self._show_error)

    async def _test(self, session: DeviceSession) -> None:
        for _ in range(20):
            await self.sessions.check(session)

    # ---- display

    def _show_error(self, message: str) -> None:
        self.status_label.setText(message)
        self.status_label.setStyleSheet("color: #c62828;")

    def _on_state_changed(self, session: DeviceSession) -> None:
        if session is self.session:
            self._show_session()

    def _show_session(self) -> None:
        session = self.session
        self._update_buttons()
        if session is None:
            return
        ident = session.identity
        for key, label in self.ident_labels.items():
            label.setText(getattr(ident, key, "") or "—" if ident else "—")
        texts = {
            "connected": self.tr("Connected to %s.") % session.address.label,
            "connecting": self.tr("Connecting to %s…") % session.address.label,
            "disconnected": self.tr("Not connected."),
            "error": session.last_error,
            "reconnecting": self.tr("Link lost, reconnecting: %s") % session.last_error,
        }
        self.status_label.setText(texts[session.state])
        self.status_label.setStyleSheet("color: #c62828;" if session.state in ("error", "reconnecting") else "")
        self._refresh_stats()

    def _update_buttons(self) -> None:
        state = self.session.state if self.session else "disconnected"
        self.connect_button.setEnabled(state in ("disconnected", "error"))
        self.disconnect_button.setEnabled(state in ("connected", "error", "connecting"))
        self.test_button.setEnabled(state == "connected")

    def _refresh_stats(self) -> None:
        session = self.session
        link = session.link if session else None
        labels = self.stat_labels
        if session is None:
            return
        labels["link"].setText(session.address.label)
        state = session_state(session.state)
        if session.state == "reconnecting" and session.retry_at is not None:
            state += self.tr(" (next try in %.0f s)") % max(0.0, session.retry_at - time.monotonic())
        labels["state"].setText(state)
        labels["reconnects"].setText(str(session.reconnects))
        if link is None:
            return
        stats: LinkStats = session.stats
        labels["requests"].setText(str(stats.requests))
        labels["responses"].setText(str(stats.responses))
        errors = ", ".join(f"{kind} {n}" for kind, n in sorted(stats.errors.items()))
        labels["errors"].setText(errors or self.tr("none"))
        if stats.rtt_last is not None:
            labels["rtt"].setText(" / ".join(fixed(t * 1e3, 1) for t in (stats.rtt_last, stats.rtt_mean, stats.rtt_max))
                                  + " ms")

        total = link.stats
        labels["link_total"].setText(self.tr("%d requests, %d errors") % (total.requests, sum(total.errors.values())))
        labels["bytes"].setText(f"{total.bytes_sent} / {total.bytes_received}")
        cert = link.certificate
        if link.endpoint.kind != "tls":
            labels["certificate"].setText(self.tr("none: plain Modbus is not encrypted")
                                          if link.endpoint.kind != "rtu" else "—")
        elif cert is not None:
            half = len(cert.fingerprint) // 2 + 1  # two lines of 16 byte pairs keep the pane narrow
            labels["certificate"].setText(f"{cert.subject}, {cert.trust}\nSHA-256 {cert.fingerprint[:half]}\n"
                                          f"{cert.fingerprint[half:]}")
            labels["certificate"].setToolTip(cert.fingerprint)
