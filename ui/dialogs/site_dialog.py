"""Site and device dialogs, and the serial-port watcher that notices adapters being plugged in.

A site is a serial line (port, baud, parity, stop bits), a TCP device, or a
gateway that forwards to serial unit ids; TCP and gateway sites may use
Modbus/TCP Security with an optional client certificate. Nothing secret is
asked for here: certificates and keys are files the user points to.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.discovery.ports import SerialPort, check_serial_port, list_serial_ports
from app.modbus.errors import LinkError
from app.modbus.tls import MODBUS_TLS_PORT
from app.profiles import load_all
from app.project.model import SITE_KINDS, DeviceEntry, ProjectError, Site, check_device
from ui.widgets.serial_line import SerialLineCombos

PORT_POLL_MS = 2000
ERROR_STYLE = "color: #c62828;"
OK_STYLE = "color: #2e7d32;"


class SerialPortWatcher(QObject):
    """Lists serial ports every 2 s (cheap) and says when the set changes (hot-plug)."""

    sig_changed = Signal(list, list, list)  # ports now, names added, names removed

    def __init__(self, parent: QObject | None = None, interval_ms: int = PORT_POLL_MS) -> None:
        super().__init__(parent)
        self.ports: list[SerialPort] = list_serial_ports()
        self._timer = QTimer(self, interval=interval_ms, timeout=self.poll)
        self._timer.start()

    def poll(self) -> None:
        ports = list_serial_ports()
        before = {p.device for p in self.ports}
        now = {p.device for p in ports}
        changed = ports != self.ports
        self.ports = ports
        if changed:
            self.sig_changed.emit(ports, sorted(now - before), sorted(before - now))

    def stop(self) -> None:
        self._timer.stop()


def fill_port_combo(combo: QComboBox, ports: list[SerialPort]) -> None:
    """List ``ports`` (with descriptions) in an editable combo, keeping what the user typed."""
    text = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    for port in ports:
        combo.addItem(port.label, port.device)
    combo.setEditText(port_name(text, combo))
    combo.blockSignals(False)


def port_name(text: str, combo: QComboBox) -> str:
    """The port a combo's text means: an item's device, or what was typed."""
    text = text.strip()
    index = combo.findText(text)
    return combo.itemData(index) if index >= 0 else text.split(" — ")[0]


class SiteDialog(QDialog):
    """Create or edit a site; :meth:`site` gives the checked result."""

    def __init__(self, site: Site | None = None, parent: QWidget | None = None,
                 watcher: SerialPortWatcher | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit site") if site else self.tr("New site"))
        self._original = site
        self._build()
        self.watcher = watcher or SerialPortWatcher(self)
        self.watcher.sig_changed.connect(self._on_ports_changed)
        fill_port_combo(self.port_combo, self.watcher.ports)
        self._load(site or Site(self.tr("New site"), "tcp", host="192.168.1.10"))

    def _build(self) -> None:
        self.name_edit = QLineEdit()
        self.kind_combo = QComboBox()
        for kind, label in SITE_KINDS.items():
            self.kind_combo.addItem(self.tr(label), kind)
        # serial line
        self.port_combo = QComboBox(editable=True)
        self.port_combo.lineEdit().setPlaceholderText(self.tr("e.g. COM3 or /dev/ttyUSB0"))
        self.port_combo.currentTextChanged.connect(lambda _text: self.port_status.setText(""))
        self.check_button = QPushButton(self.tr("Check port"))
        self.check_button.setToolTip(self.tr("Open and close the port to see whether it is free"))
        self.check_button.clicked.connect(self.check_port)
        port_row = QHBoxLayout()
        port_row.addWidget(self.port_combo, 1)
        port_row.addWidget(self.check_button)
        self.port_status = QLabel()
        self.port_status.setWordWrap(True)
        self.line = line = SerialLineCombos(self)
        self.baud_combo, self.parity_combo, self.stop_combo = line.baud, line.parity, line.stopbits
        serial_page = QWidget()
        serial_form = QFormLayout(serial_page)
        serial_form.setContentsMargins(0, 0, 0, 0)
        serial_form.addRow(self.tr("Serial port"), port_row)
        serial_form.addRow("", self.port_status)
        serial_form.addRow(self.tr("Baud rate"), self.baud_combo)
        serial_form.addRow(self.tr("Parity"), self.parity_combo)
        serial_form.addRow(self.tr("Stop bits"), self.stop_combo)
        # TCP device or gateway
        self.host_edit = QLineEdit()
        self.port_spin = QSpinBox(minimum=1, maximum=65535, value=502)
        self.framing_combo = QComboBox()
        self.framing_combo.addItem(self.tr("Modbus TCP (Iskra SG, Modbus gateways)"), "tcp")
        self.framing_combo.addItem(self.tr("RTU frames passed through (ION EtherGate)"), "rtu-tcp")
        self.security_combo = QComboBox()
        self.security_combo.addItem(self.tr("None (plain Modbus TCP, unencrypted)"), "none")
        self.security_combo.addItem(self.tr("Modbus/TCP Security (TLS)"), "tls")
        self.cert_edit, cert_row = self._file_row(self.tr("Client certificate (PEM)"))
        self.key_edit, key_row = self._file_row(self.tr("Client private key (PEM, not encrypted)"))
        self.tls_note = QLabel(self.tr("The device's certificate is trusted on first use and pinned; "
                                       "a changed certificate is refused until you accept it."))
        self.tls_note.setWordWrap(True)
        tcp_page = QWidget()
        tcp_form = QFormLayout(tcp_page)
        tcp_form.setContentsMargins(0, 0, 0, 0)
        tcp_form.addRow(self.tr("Host"), self.host_edit)
        tcp_form.addRow(self.tr("Port"), self.port_spin)
        self.framing_label = QLabel(self.tr("Framing"))
        tcp_form.addRow(self.framing_label, self.framing_combo)
        tcp_form.addRow(self.tr("Security"), self.security_combo)
        self.cert_label = QLabel(self.tr("Client certificate"))
        tcp_form.addRow(self.cert_label, cert_row)
        self.key_label = QLabel(self.tr("Client key"))
        tcp_form.addRow(self.key_label, key_row)
        tcp_form.addRow(self.tls_note)
        self.pages = QStackedWidget()
        self.pages.addWidget(serial_page)
        self.pages.addWidget(tcp_page)
        # both
        self.timeout_spin = QDoubleSpinBox(minimum=0.05, maximum=60.0, singleStep=0.1, decimals=2, suffix=" s")
        self.delay_spin = QDoubleSpinBox(minimum=0.0, maximum=5.0, singleStep=0.005, decimals=3, suffix=" s")
        self.delay_spin.setToolTip(self.tr("Quiet time between an answer and the next request (slow RS-485 devices)"))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Kind"), self.kind_combo)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        timing = QFormLayout()
        timing.addRow(self.tr("Timeout"), self.timeout_spin)
        timing.addRow(self.tr("Inter-frame delay"), self.delay_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.pages)
        layout.addLayout(timing)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.kind_combo.currentIndexChanged.connect(self._on_kind)
        self.security_combo.currentIndexChanged.connect(self._on_security)

    def _file_row(self, caption: str) -> tuple[QLineEdit, QWidget]:
        edit = QLineEdit()
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(lambda: self._browse(edit, caption))
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(edit, 1)
        box.addWidget(browse)
        return edit, row

    def _browse(self, edit: QLineEdit, caption: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, caption, edit.text(), self.tr("PEM files (*.pem *.crt *.key);;All files (*)"))
        if path:
            edit.setText(path)

    def _load(self, site: Site) -> None:
        self.name_edit.setText(site.name)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(site.kind))
        self.port_combo.setEditText(site.port)
        self.line.set(site.baud, site.parity, site.stopbits)
        self.host_edit.setText(site.host)
        self.port_spin.setValue(site.tcp_port)
        self.framing_combo.setCurrentIndex(self.framing_combo.findData(site.framing))
        self.security_combo.setCurrentIndex(self.security_combo.findData(site.security))
        self.cert_edit.setText(site.client_cert)
        self.key_edit.setText(site.client_key)
        self.timeout_spin.setValue(site.timeout)
        self.delay_spin.setValue(site.frame_delay)
        self._on_kind()
        self._on_security()

    def _on_kind(self) -> None:
        kind = self.kind_combo.currentData()
        self.pages.setCurrentIndex(0 if kind == "serial" else 1)
        self.framing_label.setVisible(kind == "gateway")
        self.framing_combo.setVisible(kind == "gateway")

    def _on_security(self) -> None:
        tls = self.security_combo.currentData() == "tls"
        for widget in (self.cert_label, self.cert_edit.parentWidget(), self.key_label,
                       self.key_edit.parentWidget(), self.tls_note):
            widget.setVisible(tls)
        if tls and self.port_spin.value() == 502:
            self.port_spin.setValue(MODBUS_TLS_PORT)
        elif not tls and self.port_spin.value() == MODBUS_TLS_PORT:
            self.port_spin.setValue(502)

    def _on_ports_changed(self, ports: list[SerialPort], added: list[str], removed: list[str]) -> None:
        fill_port_combo(self.port_combo, ports)
        current = port_name(self.port_combo.currentText(), self.port_combo)
        if current in removed:
            self.port_status.setText(self.tr("%s was unplugged.") % current)
            self.port_status.setStyleSheet(ERROR_STYLE)
        elif added:
            self.port_status.setText(self.tr("Plugged in: %s") % ", ".join(added))
            self.port_status.setStyleSheet("")

    def check_port(self) -> bool:
        """Open and close the chosen port; show whether it is free, missing, busy or not permitted."""
        device = port_name(self.port_combo.currentText(), self.port_combo)
        if not device:
            self.port_status.setText(self.tr("Choose or type a serial port."))
            self.port_status.setStyleSheet(ERROR_STYLE)
            return False
        try:
            check_serial_port(device)
        except LinkError as exc:
            self.port_status.setText(str(exc))
            self.port_status.setStyleSheet(ERROR_STYLE)
            return False
        self.port_status.setText(self.tr("%s is free.") % device)
        self.port_status.setStyleSheet(OK_STYLE)
        return True

    def site(self) -> Site:
        """The site as entered (its devices kept when editing); raises :class:`ProjectError`."""
        kind = self.kind_combo.currentData()
        base = self._original or Site("")
        site = replace(
            base,
            name=self.name_edit.text().strip(), kind=kind,
            port=port_name(self.port_combo.currentText(), self.port_combo) if kind == "serial" else "",
            baud=self.baud_combo.currentData(), parity=self.parity_combo.currentData(),
            stopbits=self.stop_combo.currentData(),
            host=self.host_edit.text().strip() if kind != "serial" else "", tcp_port=self.port_spin.value(),
            framing=self.framing_combo.currentData() if kind == "gateway" else "tcp",
            security=self.security_combo.currentData() if kind != "serial" else "none",
            client_cert=self.cert_edit.text().strip() if kind != "serial" else "",
            client_key=self.key_edit.text().strip() if kind != "serial" else "",
            timeout=self.timeout_spin.value(), frame_delay=self.delay_spin.value(),
            devices=list(base.devices),
        )  # fmt: skip
        if site.security != "tls":
            site.client_cert = site.client_key = ""
        site.check()
        return site

    def accept(self) -> None:
        try:
            self.site()
        except ProjectError as exc:
            self.error_label.setText(str(exc))
            return
        super().accept()


def profile_items(combo: QComboBox, empty: str) -> None:
    """Fill ``combo`` with the Modbus profiles, after an entry for "none chosen"."""
    combo.addItem(empty, "")
    for profile in load_all().values():
        if profile.driver != "offline":
            combo.addItem(f"{profile.vendor} {profile.model}", profile.id)


class DeviceDialog(QDialog):
    """Add or edit a device on a site: name, unit id, profile."""

    def __init__(self, site: Site, device: DeviceEntry | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit device") if device else self.tr("Add device to %s") % site.name)
        self._site, self._original = site, device
        self.name_edit = QLineEdit(device.name if device else "")
        self.unit_spin = QSpinBox(minimum=1 if site.kind == "serial" else 0,
                                  maximum=247 if site.kind == "serial" else 255)
        self.unit_spin.setValue(device.unit if device else self._free_unit())
        self.profile_combo = QComboBox()
        profile_items(self.profile_combo, self.tr("(not chosen yet)"))
        self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(device.profile if device else "")))
        self.profile_combo.currentIndexChanged.connect(self._on_profile)
        self.identity_label = QLabel(device.identity.summary if device and device.identity.summary else "—")
        self.identity_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Unit id"), self.unit_spin)
        form.addRow(self.tr("Profile"), self.profile_combo)
        form.addRow(self.tr("Last identified as"), self.identity_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _free_unit(self) -> int:
        taken = {d.unit for d in self._site.devices}
        return next(u for u in range(1, 248) if u not in taken)

    def _on_profile(self) -> None:
        if not self.name_edit.text().strip() and self.profile_combo.currentData():
            self.name_edit.setText(self.profile_combo.currentText())

    def device(self) -> DeviceEntry:
        base = self._original or DeviceEntry("", 1)
        device = replace(base, name=self.name_edit.text().strip(), unit=self.unit_spin.value(),
                         profile=self.profile_combo.currentData())
        check_device(device, self._site.kind)
        clash = next((d for d in self._site.devices if d.unit == device.unit and d is not self._original), None)
        if clash is not None:
            raise ProjectError(self.tr("'%s' already has unit %d ('%s')") % (self._site.name, device.unit, clash.name))
        return device

    def accept(self) -> None:
        try:
            self.device()
        except ProjectError as exc:
            self.error_label.setText(str(exc))
            return
        super().accept()
