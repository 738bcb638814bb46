"""Find devices: a bus scan of RTU unit ids on a serial line, or a network scan of hosts and ports.

Results arrive per address while the scan runs (progress bar, cancel).
Identified devices come with their profile; unknown ones show what was read
and a profile picker. The checked rows are handed back as sites with devices
(:attr:`ScanDialog.sig_add`) for the project.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.discovery.identify import Identification
from app.discovery.scan import (
    BusScan,
    Cancel,
    TargetResult,
    UnitResult,
    default_hosts,
    expand_hosts,
    expand_ports,
    scan_bus,
    scan_network,
)
from app.errors import MeterDeskError
from app.modbus.link import Endpoint, host_port
from app.profiles import load_all
from app.project.model import DeviceEntry, KnownIdentity, Site, site_for_endpoint
from ui.dialogs.site_dialog import (
    ERROR_STYLE,
    SerialPortWatcher,
    fill_port_combo,
    port_name,
    profile_items,
)
from ui.tasks import spawn
from ui.widgets.serial_line import SerialLineCombos

MAX_HOSTS = 4096
COLUMNS = (QT_TRANSLATE_NOOP("ScanDialog", "Add"), QT_TRANSLATE_NOOP("ScanDialog", "Address"),
           QT_TRANSLATE_NOOP("ScanDialog", "Unit"), QT_TRANSLATE_NOOP("ScanDialog", "Result"),
           QT_TRANSLATE_NOOP("ScanDialog", "Identified as"), QT_TRANSLATE_NOOP("ScanDialog", "Profile"),
           QT_TRANSLATE_NOOP("ScanDialog", "What was read"))  # fmt: skip
_LIKELY = QBrush(QColor("#fff3cd"))
_QUIET = {"silent", "closed", "open"}


class ScanDialog(QDialog):
    """Scan a serial bus or a network; ``site`` presets what to scan."""

    sig_add = Signal(list)  # list of (Site, list[DeviceEntry])

    def __init__(self, site: Site | None = None, parent: QWidget | None = None,
                 watcher: SerialPortWatcher | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Find devices"))
        self.resize(900, 560)
        self._site = site
        self._cancel: Cancel | None = None
        self._task = None
        self._rows: list[dict] = []
        self._profiles = load_all()
        self.bus_scan: BusScan | None = None
        self._build()
        self.watcher = watcher or SerialPortWatcher(self)
        self.watcher.sig_changed.connect(self._on_ports_changed)  # a method: disconnected when the dialog goes
        fill_port_combo(self.port_combo, self.watcher.ports)
        self._preset(site)

    # ---- layout

    def _build(self) -> None:
        self.mode_combo = QComboBox()
        self.mode_combo.addItem(self.tr("Serial bus: RTU unit ids on one line"), "bus")
        self.mode_combo.addItem(self.tr("Network: TCP hosts and ports"), "network")
        self.mode_combo.currentIndexChanged.connect(self._on_mode)

        self.port_combo = QComboBox(editable=True)
        self.line = line = SerialLineCombos(self)
        self.baud_combo, self.parity_combo, self.stop_combo = line.baud, line.parity, line.stopbits
        self.bus_units_edit = QLineEdit("1-247")
        self.bus_timeout_spin = QDoubleSpinBox(minimum=0.01, maximum=5.0, value=0.05, singleStep=0.01,
                                               decimals=3, suffix=" s")
        bus_page = QWidget()
        bus_form = QFormLayout(bus_page)
        bus_form.setContentsMargins(0, 0, 0, 0)
        bus_form.addRow(self.tr("Serial port"), self.port_combo)
        settings_row = QHBoxLayout()
        for widget in (self.baud_combo, self.parity_combo, self.stop_combo):
            settings_row.addWidget(widget)
        bus_form.addRow(self.tr("Baud, parity, stop bits"), settings_row)
        bus_form.addRow(self.tr("Unit ids"), self.bus_units_edit)
        bus_form.addRow(self.tr("Timeout per unit"), self.bus_timeout_spin)

        self.hosts_edit = QLineEdit(", ".join(default_hosts()))
        self.hosts_edit.setToolTip(self.tr("Addresses, ranges (10.0.0.1-20) or CIDR blocks, separated by commas. "
                                           "Only these addresses are contacted."))
        self.ports_edit = QLineEdit("502")
        self.ports_edit.setToolTip(self.tr("e.g. 502,10001 or 5020-5030"))
        self.net_units_edit = QLineEdit("1,255")
        self.net_units_edit.setToolTip(self.tr("Unit ids asked on every open port; give the range behind a "
                                               "gateway (e.g. 1-247) to find its meters"))
        self.net_timeout_spin = QDoubleSpinBox(minimum=0.05, maximum=10.0, value=0.5, singleStep=0.1,
                                               decimals=2, suffix=" s")
        self.concurrency_spin = QSpinBox(minimum=1, maximum=512, value=64)
        net_page = QWidget()
        net_form = QFormLayout(net_page)
        net_form.setContentsMargins(0, 0, 0, 0)
        net_form.addRow(self.tr("Hosts"), self.hosts_edit)
        net_form.addRow(self.tr("Ports"), self.ports_edit)
        net_form.addRow(self.tr("Unit ids"), self.net_units_edit)
        net_form.addRow(self.tr("Timeout"), self.net_timeout_spin)
        net_form.addRow(self.tr("Connections at once"), self.concurrency_spin)
        self.pages = QStackedWidget()
        self.pages.addWidget(bus_page)
        self.pages.addWidget(net_page)

        self.start_button = QPushButton(self.tr("Start scan"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel scan"), enabled=False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.apply_suggestion = QPushButton(self.tr("Use the suggested settings"), visible=False)
        self.apply_suggestion.clicked.connect(self._use_suggestion)
        controls = QHBoxLayout()
        controls.addWidget(self.start_button)
        controls.addWidget(self.cancel_button)
        controls.addWidget(self.progress, 1)

        self.show_quiet = QCheckBox(self.tr("Show addresses without a device"))
        self.show_quiet.toggled.connect(self._apply_visibility)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.add_button = QPushButton(self.tr("Add checked devices to the project"), enabled=False)
        self.add_button.clicked.connect(self._add)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.show_quiet)
        bottom.addStretch(1)
        bottom.addWidget(self.add_button)
        bottom.addWidget(close)

        form = QFormLayout()
        form.addRow(self.tr("Scan"), self.mode_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.pages)
        layout.addLayout(controls)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.apply_suggestion, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _preset(self, site: Site | None) -> None:
        if site is not None and site.kind == "serial":
            self.mode_combo.setCurrentIndex(self.mode_combo.findData("bus"))
            self.port_combo.setEditText(site.port)
            self.line.set(site.baud, site.parity, site.stopbits)
        else:
            self.mode_combo.setCurrentIndex(self.mode_combo.findData("network"))
            if site is not None:
                self.hosts_edit.setText(site.host)
                self.ports_edit.setText(str(site.tcp_port))
                self.net_units_edit.setText("1-247" if site.kind == "gateway" else "1,255")
        self._on_mode()

    def _on_ports_changed(self, ports: list, _added: list, _removed: list) -> None:
        fill_port_combo(self.port_combo, ports)

    def _on_mode(self) -> None:
        self.pages.setCurrentIndex(0 if self.mode_combo.currentData() == "bus" else 1)

    # ---- running

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Check the inputs and start the scan in the GUI's event loop."""
        try:
            job = self._bus_job() if self.mode_combo.currentData() == "bus" else self._network_job()
        except MeterDeskError as exc:
            self._show_error(str(exc))
            return
        self.table.setRowCount(0)
        self._rows.clear()
        self.verdict_label.setText(self.tr("Scanning…"))
        self.verdict_label.setStyleSheet("")
        self.apply_suggestion.hide()
        self.add_button.setEnabled(False)
        self._cancel = Cancel()
        self._set_running(True)
        self._task = spawn(job, self._show_error)
        self._task.add_done_callback(self._finished)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancelled = True
            self.verdict_label.setText(self.tr("Cancelling…"))

    def _finished(self, task) -> None:
        if not task.cancelled():  # a cancelled task belongs to a closed dialog
            self._set_running(False)

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.mode_combo.setEnabled(not running)
        self.pages.setEnabled(not running)
        self.add_button.setEnabled(not running and any(r["found"] for r in self._rows))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _show_error(self, message: str) -> None:
        self.verdict_label.setText(message)
        self.verdict_label.setStyleSheet(ERROR_STYLE)

    def _bus_job(self):
        device = port_name(self.port_combo.currentText(), self.port_combo)
        if not device:
            raise MeterDeskError(self.tr("choose the serial port to scan"))
        endpoint = Endpoint.serial(device, self.baud_combo.currentData(), self.parity_combo.currentData(),
                                   self.stop_combo.currentData())
        units = [u for u in expand_ports(self.bus_units_edit.text()) if 1 <= u <= 247]
        if not units:
            raise MeterDeskError(self.tr("give unit ids from 1 to 247, e.g. 1-247"))
        timeout = self.bus_timeout_spin.value()
        self.progress.setRange(0, len(units))
        self.progress.setValue(0)

        async def run() -> None:
            self.bus_scan = await scan_bus(endpoint, units, timeout=timeout, progress=self._progress,
                                           cancel=self._cancel, on_result=lambda r: self._bus_row(endpoint, r))
            scan = self.bus_scan
            text = scan.verdict + (self.tr(" (cancelled)") if scan.cancelled else "")
            self.verdict_label.setText(text)
            self.verdict_label.setStyleSheet(ERROR_STYLE if scan.garbled and not scan.found else "")
            self.apply_suggestion.setVisible(scan.suggestion is not None)

        return run()

    def _network_job(self):
        hosts: list[str] = []
        for spec in filter(None, (s.strip() for s in self.hosts_edit.text().replace(";", ",").split(","))):
            hosts += expand_hosts(spec, MAX_HOSTS)
        if not hosts:
            raise MeterDeskError(self.tr("give the hosts to scan (addresses, ranges or CIDR blocks)"))
        if len(hosts) > MAX_HOSTS:
            raise MeterDeskError(self.tr("%d hosts asked; at most %d per scan") % (len(hosts), MAX_HOSTS))
        ports = expand_ports(self.ports_edit.text())
        units = [u for u in expand_ports(self.net_units_edit.text()) if 0 <= u <= 255]
        if not units:
            raise MeterDeskError(self.tr("give unit ids from 0 to 255, e.g. 1,255 or 1-247"))
        self.progress.setRange(0, len(hosts) * len(ports))
        self.progress.setValue(0)

        async def run() -> None:
            hits = await scan_network(hosts, ports, units, timeout=self.net_timeout_spin.value(),
                                      concurrency=self.concurrency_spin.value(), progress=self._progress,
                                      cancel=self._cancel, on_target=self._network_rows)
            cancelled = self._cancel is not None and self._cancel.cancelled
            text = self.tr("%n device(s) found", "", len(hits)) + (self.tr(" (cancelled)") if cancelled else "")
            self.verdict_label.setText(text)

        return run()

    def _use_suggestion(self) -> None:
        suggestion = self.bus_scan.suggestion if self.bus_scan else None
        if suggestion is None:
            return
        self.line.set(suggestion.baud, suggestion.parity, suggestion.stopbits)
        self.apply_suggestion.hide()

    # ---- results

    def _bus_row(self, endpoint: Endpoint, result: UnitResult) -> None:
        texts = {"found": self.tr("device answers"), "silent": self.tr("no answer"),
                 "garbled": self.tr("garbled answer (wrong baud rate or parity?)")}
        self._add_row(endpoint, endpoint.device, result.unit, result.status, texts[result.status],
                      result.identification)

    def _network_rows(self, target: TargetResult) -> None:
        address = host_port(target.host, target.port)
        endpoint = Endpoint.tcp(address)
        if target.status == "closed":
            self._add_row(endpoint, address, None, "closed", self.tr("closed (no connection)"), None)
        elif target.status == "open":
            self._add_row(endpoint, address, None, "open", self.tr("open, no Modbus answer at these unit ids"), None)
        for hit in target.hits:
            self._add_row(endpoint, address, hit.identification.unit, "found", self.tr("device answers"),
                          hit.identification)

    def _add_row(self, endpoint: Endpoint, address: str, unit: int | None, status: str, result: str,
                 ident: Identification | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        found = status == "found"
        check = QTableWidgetItem()
        if found:
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            chosen = ident.profile_id or (ident.likely[0] if len(ident.likely) == 1 else "") if ident else ""
            check.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
        else:
            check.setFlags(Qt.ItemFlag.NoItemFlags)
        self.table.setItem(row, 0, check)
        what = ""
        if ident is not None:
            what = " ".join(x for x in (ident.vendor, ident.model) if x) or self.tr("unknown device")
            if ident.profile_id is None and ident.likely:
                what += self.tr(" (likely)")
            if ident.serial:
                what += self.tr(", serial %s") % ident.serial
        read = ident.detail or ident.source if ident else ""
        for column, text in ((1, address), (2, "" if unit is None else str(unit)), (3, result), (4, what),
                             (6, read)):
            self.table.setItem(row, column, QTableWidgetItem(text))
        if status == "garbled":
            self.table.item(row, 3).setForeground(QBrush(QColor("#c62828")))
        picker = None
        if found:
            picker = QComboBox()
            profile_items(picker, self.tr("(choose a profile)"))
            chosen = ident.profile_id or (ident.likely[0] if len(ident.likely) == 1 else "") if ident else ""
            picker.setCurrentIndex(max(0, picker.findData(chosen)))
            if ident is not None and ident.profile_id is None and chosen:
                picker.setToolTip(self.tr("Likely: the device has no identity registers; "
                                          "its settings read back valid for this profile. Please confirm."))
                self.table.item(row, 4).setBackground(_LIKELY)
            picker.currentIndexChanged.connect(
                lambda _i, item=check, p=picker: item.setCheckState(
                    Qt.CheckState.Checked if p.currentData() else Qt.CheckState.Unchecked))
            self.table.setCellWidget(row, 5, picker)
        self._rows.append({"endpoint": endpoint, "unit": unit, "found": found, "status": status,
                           "ident": ident, "picker": picker, "check": check})
        self.table.setRowHidden(row, status in _QUIET and not self.show_quiet.isChecked())

    def _apply_visibility(self) -> None:
        for row, entry in enumerate(self._rows):
            self.table.setRowHidden(row, entry["status"] in _QUIET and not self.show_quiet.isChecked())

    def found_rows(self) -> list[dict]:
        return [r for r in self._rows if r["found"]]

    def checked_sites(self) -> list[tuple[Site, list[DeviceEntry]]]:
        """The checked devices, grouped into sites by link (the site being scanned when one was given)."""
        groups: dict[Endpoint, list[dict]] = {}
        for row in self._rows:
            if row["found"] and row["check"].checkState() == Qt.CheckState.Checked:
                groups.setdefault(row["endpoint"], []).append(row)
        result = []
        for endpoint, rows in groups.items():
            site = self._site_for(endpoint, len(rows))
            result.append((site, [self._device(row) for row in rows]))
        return result

    def _site_for(self, endpoint: Endpoint, count: int) -> Site:
        if self._site is not None and self._site.endpoint() == endpoint:
            return self._site
        site = site_for_endpoint(endpoint)
        if endpoint.kind == "rtu":
            return site
        return replace(site, kind="gateway" if count > 1 else "tcp", timeout=self.net_timeout_spin.value() * 2)

    def _device(self, row: dict) -> DeviceEntry:
        ident: Identification | None = row["ident"]
        profile_id = row["picker"].currentData() if row["picker"] else ""
        profile = self._profiles.get(profile_id)
        model = (ident.model if ident and ident.profile_id else "") or (profile.model if profile else "")
        name = f"{model or self.tr('Device')} (unit {row['unit']})"
        known = KnownIdentity()
        if ident is not None and ident.profile_id or ident is not None and ident.source == "FC43/14":
            known = KnownIdentity.now(ident.vendor, ident.model, ident.serial, ident.firmware)
        return DeviceEntry(name, row["unit"], profile_id, known)

    def _add(self) -> None:
        sites = self.checked_sites()
        if sites:
            self.sig_add.emit(sites)
            self.verdict_label.setText(self.tr("%n device(s) added to the project.", "",
                                               sum(len(d) for _, d in sites)))
            self.add_button.setEnabled(False)

    def done(self, result: int) -> None:
        """Closing stops a running scan at once (its link is closed, nothing more is shown)."""
        self.cancel()
        if self.running:
            self._task.cancel()
        super().done(result)
