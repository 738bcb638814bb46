"""Security set-up wizard for one device, following the manual's flow (ion7400-part1.md §2.5).

Pages: the current posture (audit) and the administrator's password; the
security mode and password rules; configuration methods; lockouts and event
priorities; protocols and ports; accounts with rights and new passwords (live
policy feedback, strength bar); the device's secrets (Iskra SG); a review of
the exact changes; then apply, each change verified, and save the security
configuration file (passwords left out, or encrypted with a passphrase).
Pages a model has nothing for are left out.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.errors import MeterDeskError
from app.i18n import _
from app.profiles.model import Register
from app.security import accounts as acc
from app.security import scf
from app.security.apply import DeviceReport, apply_security
from app.security.audit import DeviceAudit, Finding, Severity, audit
from app.security.client import Posture
from app.security.config import SecurityConfig, diff, problems
from app.security.credentials import DEFAULT_PROJECT, CredentialStore
from app.security.models import Section, model_for
from app.session import DeviceAddress
from ui.sessions import Sessions
from ui.wizards.common import (
    AdminPasswordBox,
    PasswordField,
    ResultsTable,
    SecurityWizard,
)

SEVERITY_COLOURS = {Severity.HIGH: "#f8d0d0", Severity.MEDIUM: "#fde3c0", Severity.LOW: "#fff3c4",
                    Severity.INFO: "#eef3fb"}  # fmt: skip


def finding_item(f: Finding) -> QTreeWidgetItem:
    """A row of severity (coloured), finding and recommendation, the manual's lines as tooltips."""
    item = QTreeWidgetItem([f.severity.text, f.title, f.recommendation])
    item.setBackground(0, QBrush(QColor(SEVERITY_COLOURS[f.severity])))
    item.setToolTip(1, f"{f.title}\n{f.source}")
    item.setToolTip(2, f"{f.recommendation}\n{f.source}")
    return item


def findings_tree(result: DeviceAudit, tree: QTreeWidget) -> None:
    """Fill ``tree`` with a :func:`finding_item` for each finding of an audit."""
    tree.clear()
    for f in result.findings:
        tree.addTopLevelItem(finding_item(f))
    for col in range(2):
        tree.resizeColumnToContents(col)


def new_findings_tree() -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(["", QCoreApplication.translate("SecurityPane", "Finding"),
                          QCoreApplication.translate("SecurityPane", "Recommendation")])
    tree.setRootIsDecorated(False)
    tree.setWordWrap(True)
    return tree


class PosturePage(QWizardPage):
    """Read the current posture and take the administrator's password."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Current security posture"))
        self.setSubTitle(self.tr("What %1 holds now, checked against its manual.").replace("%1", wizard.address.name))
        self.status = QLabel(self.tr("Reading…"))
        self.tree = new_findings_tree()
        self.admin = AdminPasswordBox(wizard.store, wizard.project)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        if wizard.model.has_login:
            box = QGroupBox(self.tr("Log in to apply changes"))
            QVBoxLayout(box).addWidget(self.admin)
            layout.addWidget(box)
            self.admin.set_account(wizard.address.name, wizard.model.account_label(wizard.model.admin_account))
            self.admin.sig_changed.connect(self.completeChanged)

    def initializePage(self) -> None:
        if self.w.posture is None and not self.w.busy:
            self.w.run(self.w.read_posture(), self._shown)

    def _shown(self) -> None:
        if self.w.audit is not None:
            result = self.w.audit
            self.status.setText(self.tr("%1 (%2, firmware %3): %4")
                                .replace("%1", result.device).replace("%2", result.model)
                                .replace("%3", result.firmware or "?")
                                .replace("%4", self.tr("clean") if result.clean
                                         else self.tr("worst finding: %1").replace("%1", result.worst.text)))
            findings_tree(result, self.tree)
        else:
            self.status.setText(self.tr("The device could not be read; check the link and try again."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.posture is not None and (not self.w.model.has_login or bool(self.admin.password))


class SettingsPage(QWizardPage):
    """One section of security settings, as widgets built from the profile's registers."""

    def __init__(self, wizard: SetupWizard, section: Section, subtitle: str) -> None:
        super().__init__()
        self.w = wizard
        self.section = section
        self.setTitle(_(section.title))
        self.setSubTitle(subtitle)
        self.form = QFormLayout(self)
        self.editors: dict[str, QWidget] = {}
        self._loading = False
        self.note = QLabel(wordWrap=True)
        profile = wizard.profile
        for name in section.registers:
            if not profile.has(name):
                continue
            reg = profile.register(name)
            editor = _editor(reg)
            editor.setToolTip(f"{reg.help}\n{reg.source}".strip())
            self.editors[name] = editor
            label = _channel_label(name) or reg.label
            self.form.addRow(label + (f" ({reg.unit})" if reg.unit else ""), editor)
            signal = editor.currentIndexChanged if isinstance(editor, QComboBox) else editor.valueChanged
            signal.connect(self._changed)
        self.form.addRow(self.note)

    def initializePage(self) -> None:
        values = {n: self.w.target.settings.get(n, self.w.current.settings.get(n)) for n in self.editors}
        self._loading = True
        for name, editor in self.editors.items():
            if values[name] is not None:
                _set_value(editor, values[name])
        self._loading = False
        self._changed()

    def _changed(self) -> None:
        if self._loading:
            return
        for name, editor in self.editors.items():
            self.w.target.settings[name] = _value(editor)
        found = problems(self.w.profile, self.w.model, self.w.target, self.w.current, passwords=False)
        self.note.setText("\n".join(found))
        self.note.setStyleSheet("color: #c62828;")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.note.text()


class ProtocolsPage(QWizardPage):
    """Protocols on or off and their ports."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Protocols and ports"))
        self.setSubTitle(self.tr("Disable the protocols you do not use; unencrypted ones are marked. "
                                 "Keep Secure ION on for configuration and upgrades (L1430)."))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Protocol"), self.tr("Enabled"), self.tr("Port")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.rows: list[tuple[str | None, QCheckBox | None, str | None, QSpinBox | None]] = []
        self._loading = False
        profile = wizard.profile
        for p in wizard.model.protocols:
            enable = p.enable if p.enable and profile.has(p.enable) and profile.register(p.enable).enum and \
                set(profile.register(p.enable).enum) == {0, 1} else None
            port = p.port if p.port and profile.has(p.port) else None
            if enable is None and port is None:
                continue
            row = self.table.rowCount()
            self.table.insertRow(row)
            name = QTableWidgetItem(p.label + ("" if p.encrypted else self.tr("  (not encrypted)")))
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, name)
            box = QCheckBox() if enable else None
            spin = QSpinBox(minimum=1, maximum=65535) if port else None
            if box:
                self.table.setCellWidget(row, 1, box)
                box.toggled.connect(self._changed)
            if spin:
                self.table.setCellWidget(row, 2, spin)
                spin.valueChanged.connect(self._changed)
            self.rows.append((enable, box, port, spin))
        self.table.resizeColumnsToContents()
        QVBoxLayout(self).addWidget(self.table)

    def initializePage(self) -> None:
        settings = {**self.w.current.settings, **self.w.target.settings}
        self._loading = True
        for enable, box, port, spin in self.rows:
            if box is not None and settings.get(enable) is not None:
                box.setChecked(bool(settings[enable]))
            if spin is not None and settings.get(port) is not None:
                spin.setValue(int(settings[port]))
        self._loading = False

    def _changed(self) -> None:
        if self._loading:
            return
        for enable, box, port, spin in self.rows:
            if box is not None:
                self.w.target.settings[enable] = int(box.isChecked())
            if spin is not None:
                self.w.target.settings[port] = spin.value()

    def set_enabled(self, register: str, on: bool) -> None:
        """Tick or untick the protocol whose switch is ``register``."""
        next(box for enable, box, _p, _s in self.rows if enable == register).setChecked(on)


class AccountsPage(QWizardPage):
    """Accounts: rights (ION7400) and new passwords, with live policy feedback."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.w = wizard
        model = wizard.model
        self.setTitle(self.tr("Users, passwords and rights"))
        self.setSubTitle(self.tr("Give every account in use its own password and only the rights it needs. "
                                 "Credentials do not expire: disable accounts nobody uses (L1286-L1319)."))
        self.accounts = QListWidget()
        for n in range(1, model.accounts + 1):
            item = QListWidgetItem(model.account_label(n))
            item.setData(Qt.ItemDataRole.UserRole, n)
            self.accounts.addItem(item)
        self.rights: dict[int, QCheckBox] = {}
        rights_box = QGroupBox(self.tr("Access rights"))
        grid = QGridLayout(rights_box)
        for bit in model.rights:
            box = QCheckBox(acc.right_name(bit))
            self.rights[bit] = box
            grid.addWidget(box, bit // 2, bit % 2)
            box.toggled.connect(self._rights_changed)
        rights_box.setVisible(bool(model.rights))
        self.state = QLabel(wordWrap=True)
        self.password = PasswordField(model.policy(wizard.current.settings))
        self.password.sig_changed.connect(self._password_changed)
        right = QVBoxLayout()
        right.addWidget(self.state)
        right.addWidget(rights_box)
        pw_box = QGroupBox(self.tr("New password"))
        QVBoxLayout(pw_box).addWidget(self.password)
        right.addWidget(pw_box)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        self.accounts.setMinimumWidth(250)
        layout.addWidget(self.accounts)
        layout.addLayout(right, 1)
        self.accounts.currentItemChanged.connect(self._show_account)
        self._typed: dict[int, str] = {}
        self._loading = False

    @property
    def account(self) -> int:
        item = self.accounts.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else 1

    def initializePage(self) -> None:
        settings = {**self.w.current.settings, **self.w.target.settings}
        self.password.set_policy(self.w.model.policy(settings))
        self.accounts.setCurrentRow(0)
        self._show_account()
        self._refresh_labels()

    def select(self, account: int) -> None:
        self.accounts.setCurrentRow(account - 1)

    def set_rights(self, rights: int) -> None:
        for bit, box in self.rights.items():
            box.setChecked(bool(rights >> bit & 1))

    def _rights_of(self, account: int) -> int:
        return self.w.target.rights.get(account, self.w.current.rights.get(account, acc.ALL_RIGHTS))

    def _show_account(self) -> None:
        n = self.account
        self._loading = True
        self.set_rights(self._rights_of(n))
        self.password.set_text(self._typed.get(n, ""))
        self._loading = False
        state = next((a for a in self.w.posture.accounts if a.account == n), None) if self.w.posture else None
        words = []
        if state is not None:
            words.append(self.tr("factory password") if state.factory_password else
                         self.tr("own password") if state.has_password else self.tr("no password"))
        if self.w.model.rights:
            words.append(acc.rights_text(self._rights_of(n)))
        self.state.setText(f"<b>{self.w.model.account_label(n)}</b>: " + "; ".join(words))

    def _rights_changed(self) -> None:
        if self._loading or not self.rights:
            return
        rights = sum(1 << bit for bit, box in self.rights.items() if box.isChecked())
        if rights != self.w.current.rights.get(self.account):
            self.w.target.rights[self.account] = rights
        else:
            self.w.target.rights.pop(self.account, None)
        self._refresh_labels()
        self.completeChanged.emit()

    def _password_changed(self) -> None:
        if self._loading:
            return
        n = self.account
        if self.password.empty:
            self._typed.pop(n, None)
            self.w.target.passwords.pop(n, None)
        else:
            self._typed[n] = self.password.entry.text()
            if self.password.password is not None:
                self.w.target.passwords[n] = self.password.password
            else:
                self.w.target.passwords.pop(n, None)
        self._refresh_labels()
        self.completeChanged.emit()

    def _refresh_labels(self) -> None:
        for row in range(self.accounts.count()):
            item = self.accounts.item(row)
            n = item.data(Qt.ItemDataRole.UserRole)
            marks = []
            if self.w.model.rights:
                rights = self._rights_of(n)
                count = rights.bit_count()
                marks.append(self.tr("disabled") if not rights else self.tr("all rights") if rights == acc.ALL_RIGHTS
                             else self.tr("%n right(s)", "", count))
            if n in self.w.target.passwords:
                marks.append(self.tr("new password"))
            item.setText(f"{self.w.model.account_label(n)} — {', '.join(marks)}" if marks else
                         self.w.model.account_label(n))

    def isComplete(self) -> bool:
        return all(n in self.w.target.passwords for n in self._typed)


class SecretsPage(QWizardPage):
    """Write-only secrets the device keeps (Wi-Fi and MQTT passwords)."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Wi-Fi and MQTT credentials"))
        self.setSubTitle(self.tr("Leave a field empty to keep what the device has. These cross Modbus in "
                                 "clear when set: set them on a trusted network."))
        self.fields: dict[str, PasswordField] = {}
        form = QFormLayout(self)
        for secret in wizard.model.secrets:
            field = PasswordField(secret.policy)
            field.sig_changed.connect(self._changed)
            self.fields[secret.register] = field
            form.addRow(_(secret.label), field)

    def _changed(self) -> None:
        for name, field in self.fields.items():
            if field.password is not None:
                self.w.target.secrets[name] = field.password
            else:
                self.w.target.secrets.pop(name, None)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return all(f.empty or f.password is not None for f in self.fields.values())


class ReviewPage(QWizardPage):
    """The exact changes, and anything that stops them."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Review"))
        self.setSubTitle(self.tr("These changes will be sent, each verified by read-back; passwords are "
                                 "verified by logging in with them."))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Setting"), self.tr("Now"), self.tr("New")])
        self.tree.setRootIsDecorated(False)
        self.problems = QLabel(wordWrap=True)
        self.problems.setStyleSheet("color: #c62828;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.problems)
        self.changes = []

    def initializePage(self) -> None:
        w = self.w
        self.changes = diff(w.profile, w.model, w.current, w.target)
        self.tree.clear()
        for c in self.changes:
            self.tree.addTopLevelItem(QTreeWidgetItem([c.label, c.old, c.new]))
        self.tree.resizeColumnToContents(0)
        found = problems(w.profile, w.model, w.target, w.current)
        if not self.changes:
            found.append(self.tr("Nothing to change."))
        self.problems.setText("\n".join(found))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.changes) and not self.problems.text()


class ApplyPage(QWizardPage):
    """Apply with verification, then save the security configuration file."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Apply and save"))
        self.setSubTitle(self.tr("Press Apply to send the changes. Then save the security configuration "
                                 "to reuse it on other devices."))
        self.apply_button = QPushButton(self.tr("Apply"))
        self.save_button = QPushButton(self.tr("Save security configuration…"), enabled=False)
        self.results = ResultsTable()
        self.summary = QLabel(wordWrap=True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)
        self.apply_button.clicked.connect(self.apply)
        self.save_button.clicked.connect(self.ask_save)
        self.report: DeviceReport | None = None

    def apply(self) -> None:
        self.apply_button.setEnabled(False)
        self.summary.setText(self.tr("Applying…"))
        self.w.run(self.w.apply(), self._applied)

    def _applied(self) -> None:
        report = self.w.report
        self.results.setRowCount(0)
        if report is not None:
            self.results.add_outcomes(report.device, report.outcomes, report.error)
            self.summary.setText(report.summary())
        self.apply_button.setEnabled(report is None or not report.ok)
        self.save_button.setEnabled(report is not None and report.ok)
        self.completeChanged.emit()

    def ask_save(self) -> None:
        dialog = SaveScfDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path = self.w.ask_save_path(self.tr("Save security configuration"),
                                    self.tr("Security configuration (*.scf)"))
        if path:
            self.w.save_configuration(path, dialog.passphrase())

    def isComplete(self) -> bool:
        return self.w.report is not None


class SaveScfDialog(QDialog):
    """Passwords in the file: left out, or encrypted with a passphrase."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Passwords in the file"))
        self.leave_out = QRadioButton(self.tr("Leave the passwords out"), checked=True)
        self.encrypt = QRadioButton(self.tr("Encrypt the passwords with a passphrase"))
        self.phrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password, enabled=False)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password, enabled=False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout(self)
        form.addRow(self.leave_out)
        form.addRow(self.encrypt)
        form.addRow(self.tr("Passphrase"), self.phrase)
        form.addRow(self.tr("Again"), self.again)
        form.addRow(self.buttons)
        self.encrypt.toggled.connect(self.phrase.setEnabled)
        self.encrypt.toggled.connect(self.again.setEnabled)
        for signal in (self.encrypt.toggled, self.phrase.textChanged, self.again.textChanged):
            signal.connect(self._check)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _check(self) -> None:
        ok = not self.encrypt.isChecked() or (len(self.phrase.text()) >= 8 and self.phrase.text() == self.again.text())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def passphrase(self) -> str | None:
        return self.phrase.text() if self.encrypt.isChecked() else None


class SetupWizard(SecurityWizard):
    """The security set-up of one device (see the module docstring)."""

    def __init__(self, address: DeviceAddress, store: CredentialStore, *, project: str = DEFAULT_PROJECT,
                 sessions: Sessions | None = None, parent: QWidget | None = None) -> None:
        super().__init__(store, project=project, sessions=sessions, parent=parent)
        self.address = address
        self.profile = address.profile
        self.model = model_for(address.profile_id)
        self.setWindowTitle(self.tr("Security set-up: %1").replace("%1", address.name))
        self.posture: Posture | None = None
        self.audit: DeviceAudit | None = None
        self.current = SecurityConfig(address.profile_id)
        self.target = SecurityConfig(address.profile_id)
        self.report: DeviceReport | None = None
        self.saved: list[str] = []
        self.posture_page = PosturePage(self)
        self.addPage(self.posture_page)
        subtitles = {  # by a register of the ION7400's sections
            "security_mode": self.tr("Advanced mode is recommended. With IEEE 1686-2013 "
                                     "or NERC CIP-007-5 the minimum length is at least 6."),
            "web_enabled": self.tr("Turn off the ways of changing the meter you do not use."),
            "lockout_duration": self.tr(
                "Failed logins per channel before a lockout (0: never), how long it lasts, and how access "
                "events are logged (0 none, 1-63 info, 64 low, 128 medium, 192 high)."),
        }
        self.settings_pages = [SettingsPage(self, s, next((subtitles[r] for r in s.registers if r in subtitles), ""))
                               for s in self.model.sections]
        for page in self.settings_pages:
            self.addPage(page)
        self.protocols_page = ProtocolsPage(self)
        if self.protocols_page.rows:
            self.addPage(self.protocols_page)
        self.accounts_page = AccountsPage(self) if self.model.has_login else None
        if self.accounts_page is not None:
            self.addPage(self.accounts_page)
        self.secrets_page = SecretsPage(self) if self.model.secrets else None
        if self.secrets_page is not None:
            self.addPage(self.secrets_page)
        self.review_page = ReviewPage(self)
        self.apply_page = ApplyPage(self)
        self.addPage(self.review_page)
        self.addPage(self.apply_page)

    async def read_posture(self) -> None:
        async with self.opener(self.address) as client:
            posture = await client.read_posture()
        self.posture = posture
        self.audit = audit(posture)
        self.current = SecurityConfig.from_posture(posture)
        self.target = self.current.copy()

    async def apply(self) -> None:
        admin = self.posture_page.admin.password if self.model.has_login else None
        try:
            async with self.opener(self.address) as client:
                self.report = await apply_security(client, self.target, admin_password=admin, store=self.store,
                                                   project=self.project)
        except MeterDeskError as exc:
            self.report = DeviceReport(self.address.name, error=str(exc))

    def save_configuration(self, path: str, passphrase: str | None) -> None:
        """Write the security configuration file (secrets only encrypted, or not at all)."""
        try:
            saved = scf.save(self.target, path, passphrase=passphrase, device=self.address.name)
        except MeterDeskError as exc:
            self.show_error(str(exc))
            return
        self.saved.append(str(saved))


# ---- widgets from registers


def _editor(reg: Register) -> QWidget:
    if reg.enum:
        combo = QComboBox()
        for value, label in reg.enum.items():
            combo.addItem(label, value)
        return combo
    spin = QSpinBox()
    spin.setRange(int(reg.minimum if reg.minimum is not None else 0),
                  int(reg.maximum if reg.maximum is not None else 65535))
    return spin


def _set_value(editor: QWidget, value: int) -> None:
    if isinstance(editor, QComboBox):
        index = editor.findData(int(value))
        if index >= 0:
            editor.setCurrentIndex(index)
    else:
        editor.setValue(int(value))


def _value(editor: QWidget) -> int:
    return int(editor.currentData()) if isinstance(editor, QComboBox) else editor.value()


def _channel_label(name: str) -> str:
    if name.startswith("lockout_") and name[8:].isdigit():
        return QCoreApplication.translate("SetupWizard", "Lockout attempts: %1").replace(
            "%1", acc.channel_name(int(name[8:])))
    return ""
