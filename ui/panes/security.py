"""Security pane: posture audit of a device or of every device, the security event log
filtered by priority, and the security wizards.

Passwords typed here live in the system keyring; without a usable keyring the
banner says so and they are kept for this session only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import MeterDeskError
from app.i18n import _
from app.security import events as sec_events
from app.security.audit import DeviceAudit, ProjectAudit, audit
from app.security.credentials import DEFAULT_PROJECT, CredentialStore
from app.security.models import NoSecurityModelError, model_for
from app.security.report import render, write_html
from app.session import DeviceAddress, DeviceSession
from app.wps.audit_log import load_audit_log
from ui.device_tree import DeviceTree
from ui.report_files import with_default_suffix, write_pdf_report
from ui.sessions import Sessions
from ui.tasks import spawn
from ui.wizards.common import keyring_note, opener_for
from ui.wizards.decommission import DecommissionWizard
from ui.wizards.fleet import ApplyManyWizard, PasswordUpdaterWizard
from ui.wizards.setup import SetupWizard, finding_item

EVENT_COLUMNS = (QT_TRANSLATE_NOOP("SecurityPane", "Time"), QT_TRANSLATE_NOOP("SecurityPane", "Device"),
                 QT_TRANSLATE_NOOP("SecurityPane", "Priority"), QT_TRANSLATE_NOOP("SecurityPane", "Band"),
                 QT_TRANSLATE_NOOP("SecurityPane", "Event"), QT_TRANSLATE_NOOP("SecurityPane", "Account"),
                 QT_TRANSLATE_NOOP("SecurityPane", "Channel"), QT_TRANSLATE_NOOP("SecurityPane", "Source"))  # fmt: skip


class SecurityPane(QWidget):
    """Audit, event log and security wizards for the devices in "My devices"."""

    title = QT_TRANSLATE_NOOP("MainWindow", "Security")

    def __init__(self, sessions: Sessions, tree: DeviceTree | None = None, *,
                 store: CredentialStore | None = None, project: str = DEFAULT_PROJECT,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sessions = sessions
        self.device_tree = tree
        self.store = store or CredentialStore(session_fallback=True)
        self.project = project
        self.session: DeviceSession | None = None
        self.opener = opener_for(sessions)
        self.result = ProjectAudit([])
        self.events: list[sec_events.SecurityEvent] = []
        self.wizard = None
        self._build()
        self._update_buttons()

    # ---- layout

    def _build(self) -> None:
        keyring = self.store.status()  # one look-up: it may ask the Secret Service over D-Bus
        self.banner = QLabel(keyring_note(keyring), wordWrap=True)
        if not keyring.usable:
            self.banner.setStyleSheet("background: #fff3c4; padding: 4px;")
        self.device_label = QLabel(self.tr("Select a device in My devices."))
        self.audit_button = QPushButton(self.tr("Audit this device"))
        self.audit_all_button = QPushButton(self.tr("Audit all devices"))
        self.export_button = QPushButton(self.tr("Export report…"))
        self.setup_button = QPushButton(self.tr("Set-up wizard…"))
        self.apply_many_button = QPushButton(self.tr("Apply a configuration to many…"))
        self.passwords_button = QPushButton(self.tr("Update passwords…"))
        self.decommission_button = QPushButton(self.tr("Decommission…"))
        row1 = QHBoxLayout()
        for b in (self.audit_button, self.audit_all_button, self.export_button, self.decommission_button):
            row1.addWidget(b)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        for b in (self.setup_button, self.apply_many_button, self.passwords_button):
            row2.addWidget(b)
        row2.addStretch(1)

        self.findings = QTreeWidget()
        self.findings.setHeaderLabels([self.tr("Device / severity"), self.tr("Finding"), self.tr("Recommendation")])
        self.findings.setWordWrap(True)
        self.summary = QLabel()

        audit_tab = QWidget()
        audit_layout = QVBoxLayout(audit_tab)
        audit_layout.addWidget(self.summary)
        audit_layout.addWidget(self.findings, 1)

        self.read_events_button = QPushButton(self.tr("Read from this device"))
        self.import_button = QPushButton(self.tr("Import WPS audit log…"))
        self.filter_combo = QComboBox()
        for label, minimum in sec_events.FILTERS:
            self.filter_combo.addItem(_(label), minimum)
        self.event_table = QTableWidget(0, len(EVENT_COLUMNS))
        self.event_table.setHorizontalHeaderLabels([self.tr(c) for c in EVENT_COLUMNS])
        self.event_table.horizontalHeader().setStretchLastSection(True)
        self.event_table.verticalHeader().hide()
        self.event_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        events_tab = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(self.read_events_button)
        bar.addWidget(self.import_button)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("Show")))
        bar.addWidget(self.filter_combo)
        events_layout = QVBoxLayout(events_tab)
        events_layout.addLayout(bar)
        events_layout.addWidget(self.event_table, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(audit_tab, self.tr("Posture audit"))
        self.tabs.addTab(events_tab, self.tr("Security event log"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.device_label)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.tabs, 1)

        self.audit_button.clicked.connect(self.audit_current)
        self.audit_all_button.clicked.connect(self.audit_all)
        self.export_button.clicked.connect(self.export_report)
        self.setup_button.clicked.connect(self.open_setup_wizard)
        self.apply_many_button.clicked.connect(self.open_apply_many_wizard)
        self.passwords_button.clicked.connect(self.open_password_updater)
        self.decommission_button.clicked.connect(self.open_decommission_wizard)
        self.read_events_button.clicked.connect(self.read_events)
        self.import_button.clicked.connect(self.import_wps_log)
        self.filter_combo.currentIndexChanged.connect(self._show_events)

    # ---- devices

    def set_project(self, name: str) -> None:
        """Key passwords under the open project (keyring: project, device, user)."""
        self.project = name

    def set_session(self, session: DeviceSession | None) -> None:
        self.session = session
        if session is not None:
            self.device_label.setText(self.tr("Device: %1 (%2)").replace("%1", session.address.name)
                                      .replace("%2", session.address.profile.model))
        self._update_buttons()

    @property
    def address(self) -> DeviceAddress | None:
        return self.session.address if self.session is not None else None

    def addresses(self) -> list[DeviceAddress]:
        """Every device of "My devices" that has a security model."""
        if self.device_tree is None:
            return [self.address] if self.address else []
        return [a for a in self.device_tree.addresses() if _secured(a)]

    def _update_buttons(self) -> None:
        model = _model(self.address)
        self.audit_button.setEnabled(model is not None and model.profile_id != "wps")
        self.setup_button.setEnabled(model is not None and model.profile_id != "wps")
        self.read_events_button.setEnabled(model is not None and model.profile_id == "ion7400")
        self.decommission_button.setEnabled(model is not None and model.decommission)
        self.export_button.setEnabled(bool(self.result.devices))

    # ---- audit

    def audit_current(self) -> None:
        if self.address is not None:
            spawn(self._audit([self.address]), self.show_error)

    def audit_all(self) -> None:
        spawn(self._audit(self.addresses()), self.show_error)

    async def _audit(self, addresses: list[DeviceAddress]) -> None:
        self.summary.setText(self.tr("Auditing %1 device(s)…").replace("%1", str(len(addresses))))
        results: list[DeviceAudit] = []
        for address in addresses:
            try:
                async with self.opener(address) as client:
                    results.append(audit(await client.read_posture()))
            except MeterDeskError as exc:
                results.append(DeviceAudit(address.name, model_for(address.profile_id).title, "", error=str(exc)))
        self.show_audit(ProjectAudit(results))

    def show_audit(self, result: ProjectAudit) -> None:
        self.result = result
        self.findings.clear()
        for d in result.devices:
            model = self.tr("%s, firmware %s") % (d.model, d.firmware) if d.firmware else d.model
            top = QTreeWidgetItem([d.device, model, d.verdict])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.addChildren([finding_item(f) for f in d.findings])
            self.findings.addTopLevelItem(top)
            top.setExpanded(True)
        self.findings.resizeColumnToContents(0)
        self.findings.setColumnWidth(1, 400)
        counts = ", ".join(f"{result.count(s)} {s.text.lower()}" for s in sorted({f.severity for f in result.findings},
                                                                                  reverse=True))
        clean = sum(d.clean for d in result.devices)
        self.summary.setText(self.tr("%1 device(s), %2 clean. Findings: %3.").replace("%1", str(len(result.devices)))
                             .replace("%2", str(clean)).replace("%3", counts or self.tr("none")))
        self._update_buttons()

    def export_report(self) -> None:
        path, chosen = self.ask_save_path(self.tr("Export security audit"),
                                          self.tr("HTML page (*.html);;PDF document (*.pdf)"))
        if path:
            self.write_report(with_default_suffix(path, (".html", ".htm", ".pdf"), chosen))

    def write_report(self, path: Path) -> Path:
        html = render(self.result, project=self.project)
        try:
            if path.suffix.lower() == ".pdf":
                return write_pdf_report(path, html, self.tr("Security audit"))
            return write_html(path.with_suffix(".html") if not path.suffix else path, html)
        except MeterDeskError as exc:
            self.show_error(str(exc))
            return path

    # ---- events

    def read_events(self) -> None:
        if self.address is not None:
            spawn(self._read_events(self.address), self.show_error)

    async def _read_events(self, address: DeviceAddress) -> None:
        async with self.opener(address) as client:
            device_events = await client.read_events()
        self.events = [e for e in self.events if e.device != address.name] + sec_events.from_device(device_events)
        self._show_events()

    def import_wps_log(self) -> None:
        path = self.ask_open_path(self.tr("Import WPS audit log"), self.tr("Syslog files (*.log *.txt);;All files (*)"))
        if path:
            self.load_wps_log(Path(path))

    def load_wps_log(self, path: Path) -> None:
        try:
            log = load_audit_log(path)
        except MeterDeskError as exc:
            self.show_error(str(exc))
            return
        self.events += sec_events.from_wps(log, f"WPS ({path.name})")
        self._show_events()

    def shown_events(self) -> list[sec_events.SecurityEvent]:
        return sec_events.filtered(self.events, int(self.filter_combo.currentData()))

    def _show_events(self) -> None:
        rows = self.shown_events()
        self.event_table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            when = e.time.astimezone().strftime("%Y-%m-%d %H:%M:%S") if e.time else ""
            for c, text in enumerate((when, e.device, str(e.priority), e.band, e.event, e.account, e.channel,
                                      e.source)):
                item = QTableWidgetItem(text)
                if c == 3 and e.priority >= 64:
                    item.setBackground(QBrush(QColor("#f8d0d0" if e.priority >= 192 else "#fde3c0"
                                                     if e.priority >= 128 else "#fff3c4")))
                self.event_table.setItem(r, c, item)
        self.event_table.resizeColumnsToContents()

    # ---- wizards

    def _open(self, wizard) -> None:
        self.wizard = wizard
        wizard.finished.connect(lambda _result: self._wizard_closed())
        wizard.open()

    def _wizard_closed(self) -> None:
        if self.address is not None:
            self.audit_current()

    def open_setup_wizard(self) -> None:
        if self.address is not None:
            self._open(SetupWizard(self.address, self.store, project=self.project, sessions=self.sessions,
                                   parent=self))

    def open_apply_many_wizard(self) -> None:
        self._open(ApplyManyWizard(self.addresses(), self.store, project=self.project, sessions=self.sessions,
                                   parent=self))

    def open_password_updater(self) -> None:
        self._open(PasswordUpdaterWizard(self.addresses(), self.store, project=self.project, sessions=self.sessions,
                                         parent=self))

    def open_decommission_wizard(self) -> None:
        if self.address is not None:
            self._open(DecommissionWizard(self.address, self.store, project=self.project, sessions=self.sessions,
                                          parent=self))

    # ---- dialogs (overridable in tests)

    def ask_open_path(self, caption: str, filters: str) -> str:
        return QFileDialog.getOpenFileName(self, caption, "", filters)[0]

    def ask_save_path(self, caption: str, filters: str) -> tuple[str, str]:
        """The file chosen ("" when cancelled) and the chosen filter."""
        return QFileDialog.getSaveFileName(self, caption, "", filters)

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Security"), message)

    def shutdown(self) -> None:
        """Close an open wizard (the pane has no timers)."""
        if self.wizard is not None:
            self.wizard.close()


def _model(address: DeviceAddress | None):
    if address is None:
        return None
    try:
        return model_for(address.profile_id)
    except NoSecurityModelError:
        return None


def _secured(address: DeviceAddress) -> bool:
    model = _model(address)
    return model is not None and model.profile_id != "wps"
