"""Wizards for many devices: apply a security configuration file, and the password updater.

Both pick devices from "My devices", check what they can before anything is
sent (capability for a configuration file, the password policy for new
passwords) and end with one result per device; failed devices are listed
clearly and keep their old credentials in the keyring.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.errors import MeterDeskError
from app.security import scf
from app.security.apply import (
    DeviceReport,
    PasswordJob,
    apply_to_many,
    generate_password,
    update_passwords,
)
from app.security.config import SecurityConfig, capability
from app.security.credentials import DEFAULT_PROJECT, CredentialStore
from app.security.models import NoSecurityModelError, model_for
from app.security.password_policy import PasswordPolicy
from app.session import DeviceAddress
from ui.sessions import Sessions
from ui.wizards.common import (
    PasswordField,
    ResultsTable,
    SecurityWizard,
    keyring_note,
)

CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


class DevicePicker(QTreeWidget):
    """Devices with a check box each and a note column (capability, accounts…)."""

    def __init__(self, addresses: list[DeviceAddress], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([self.tr("Device"), self.tr("Model"), self.tr("Check")])
        self.setRootIsDecorated(False)
        for a in addresses:
            item = QTreeWidgetItem([a.name, a.profile_id, ""])
            item.setData(0, Qt.ItemDataRole.UserRole, a)
            item.setCheckState(0, UNCHECKED)
            self.addTopLevelItem(item)
        self.resizeColumnToContents(0)

    def items(self) -> list[QTreeWidgetItem]:
        return [self.topLevelItem(i) for i in range(self.topLevelItemCount())]

    def chosen(self) -> list[DeviceAddress]:
        """The ticked devices that can be chosen (flagged ones are disabled)."""
        return [i.data(0, Qt.ItemDataRole.UserRole) for i in self.items()
                if i.checkState(0) == CHECKED and i.flags() & Qt.ItemFlag.ItemIsEnabled]

    def choose(self, names: list[str]) -> None:
        for item in self.items():
            item.setCheckState(0, CHECKED if item.text(0) in names else UNCHECKED)

    def note(self, item: QTreeWidgetItem, text: str, bad: bool) -> None:
        item.setText(2, text)
        item.setForeground(2, QBrush(QColor("#c62828" if bad else "#2e7d32")))


# ---- apply a security configuration file to many devices


class FilePage(QWizardPage):
    def __init__(self, wizard: ApplyManyWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Security configuration file"))
        self.setSubTitle(self.tr("Open a .scf file saved by the set-up wizard. Its passwords, if it holds "
                                 "any, need the passphrase it was saved with."))
        self.path = QLineEdit(readOnly=True)
        browse = QPushButton(self.tr("Open…"))
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password, enabled=False)
        self.status = QLabel(wordWrap=True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.status)
        browse.clicked.connect(self.browse)
        self.passphrase.textChanged.connect(self.completeChanged)

    def browse(self) -> None:
        path = self.w.ask_open_path(self.tr("Open security configuration"), self.tr("Security configuration (*.scf)"))
        if path:
            self.open(path)

    def open(self, path: str) -> None:
        try:
            info = scf.info(path)
        except MeterDeskError as exc:
            self.status.setText(str(exc))
            self.w.info = None
        else:
            self.w.info = info
            self.status.setText(self.tr("For %1, saved %2%3.").replace("%1", info.profile_id)
                                .replace("%2", info.saved)
                                .replace("%3", self.tr("; passwords encrypted") if info.encrypted_secrets else
                                         self.tr("; no passwords")))
        self.path.setText(path)
        self.passphrase.setEnabled(self.w.info is not None and self.w.info.encrypted_secrets)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.info is not None

    def validatePage(self) -> bool:
        try:
            self.w.config = scf.load(self.path.text(), passphrase=self.passphrase.text() or None)
        except MeterDeskError as exc:
            self.status.setText(str(exc))
            return False
        return True


class TargetsPage(QWizardPage):
    def __init__(self, wizard: ApplyManyWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Devices"))
        self.setSubTitle(self.tr("Devices that cannot take this configuration are flagged and cannot be chosen."))
        self.picker = DevicePicker(wizard.addresses)
        QVBoxLayout(self).addWidget(self.picker)
        self.picker.itemChanged.connect(lambda *_: self.completeChanged.emit())

    def initializePage(self) -> None:
        config = self.w.config
        for item in self.picker.items():
            address: DeviceAddress = item.data(0, Qt.ItemDataRole.UserRole)
            try:
                lacks = capability(address.profile, model_for(address.profile_id), config)
            except NoSecurityModelError as exc:
                lacks = [str(exc)]
            self.picker.note(item, "; ".join(lacks) or self.tr("can take it"), bool(lacks))
            flags = item.flags()
            item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled if lacks else flags | Qt.ItemFlag.ItemIsEnabled)
            if lacks:
                item.setCheckState(0, UNCHECKED)

    def isComplete(self) -> bool:
        return bool(self.picker.chosen())


class ResultsPage(QWizardPage):
    """Runs the job on entry; one row per device and item."""

    def __init__(self, wizard: SecurityWizard, title: str) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(title)
        self.status = QLabel(wordWrap=True)
        self.table = ResultsTable()
        self.failed = QLabel(wordWrap=True)
        self.failed.setStyleSheet("color: #c62828;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.failed)
        self.reports: list[DeviceReport] = []
        self.done = False

    def initializePage(self) -> None:
        self.table.setRowCount(0)
        self.reports, self.done = [], False
        self.status.setText(self.tr("Working…"))
        self.w.run(self.w.work(self.show_report), self._finished)

    def show_report(self, report: DeviceReport) -> None:
        self.reports.append(report)
        self.table.add_outcomes(report.device, report.outcomes, report.error)
        self.status.setText(self.tr("%1 device(s) done…").replace("%1", str(len(self.reports))))

    def _finished(self) -> None:
        self.done = True
        bad = [r for r in self.reports if not r.ok]
        self.status.setText(self.tr("%1 of %2 device(s) done.").replace("%1", str(len(self.reports) - len(bad)))
                            .replace("%2", str(len(self.reports))))
        self.failed.setText("" if not bad else self.tr("Not done: %1. They keep their old credentials in the "
                                                       "keyring; where a device could not be asked, both the old "
                                                       "and the new password are kept.")
                            .replace("%1", ", ".join(r.device for r in bad)))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.done


class ApplyManyWizard(SecurityWizard):
    """Apply a security configuration file to many devices (ion7400-part1.md §2.9)."""

    def __init__(self, addresses: list[DeviceAddress], store: CredentialStore, *, project: str = DEFAULT_PROJECT,
                 sessions: Sessions | None = None, parent: QWidget | None = None) -> None:
        super().__init__(store, project=project, sessions=sessions, parent=parent)
        self.setWindowTitle(self.tr("Apply a security configuration to many devices"))
        self.addresses = addresses
        self.info: scf.ScfInfo | None = None
        self.config: SecurityConfig | None = None
        self.file_page = FilePage(self)
        self.targets_page = TargetsPage(self)
        self.results_page = ResultsPage(self, self.tr("Results"))
        for page in (self.file_page, self.targets_page, self.results_page):
            self.addPage(page)

    async def work(self, progress) -> None:
        await apply_to_many(self.config, self.targets_page.picker.chosen(), self.store, project=self.project,
                            progress=progress, opener=self.opener)


# ---- password updater


class AccountsPickPage(QWizardPage):
    def __init__(self, wizard: PasswordUpdaterWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Devices and accounts"))
        self.setSubTitle(self.tr("The administrator logs in with the password the keyring holds for it. "
                                 "Accounts: numbers such as 1 or 1,2 (USER1, USER2 on an ION7400)."))
        self.picker = DevicePicker([a for a in wizard.addresses if _has_login(a)])
        self.accounts = QLineEdit("1")
        self.note = QLabel(keyring_note(wizard.keyring), wordWrap=True)
        form = QFormLayout(self)
        form.addRow(self.picker)
        form.addRow(self.tr("Accounts"), self.accounts)
        form.addRow(self.note)
        self.picker.itemChanged.connect(lambda *_: self.completeChanged.emit())
        self.accounts.textChanged.connect(self.completeChanged)

    def account_numbers(self) -> list[int]:
        try:
            numbers = sorted({int(t) for t in self.accounts.text().replace(" ", "").split(",") if t})
        except ValueError:
            return []
        return numbers if numbers and all(n >= 1 for n in numbers) else []

    def isComplete(self) -> bool:
        return bool(self.picker.chosen()) and bool(self.account_numbers())


class NewPasswordsPage(QWizardPage):
    def __init__(self, wizard: PasswordUpdaterWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("New passwords"))
        self.setSubTitle(self.tr("Generated passwords are different for every device and account and go "
                                 "straight to the keyring."))
        self.generated = QRadioButton(self.tr("Generate a new password for each device and account"), checked=True)
        self.typed = QRadioButton(self.tr("Use this password everywhere"))
        self.field = PasswordField(_strictest([]), optional=False)
        self.field.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.generated)
        layout.addWidget(self.typed)
        layout.addWidget(self.field)
        layout.addStretch(1)
        self.typed.toggled.connect(self.field.setEnabled)
        self.typed.toggled.connect(self.completeChanged)
        self.field.sig_changed.connect(self.completeChanged)
        self.generated.setEnabled(wizard.keyring.usable)
        if not wizard.keyring.usable:
            self.typed.setChecked(True)

    def initializePage(self) -> None:
        self.field.set_policy(_strictest(self.w.pick_page.picker.chosen()))

    def isComplete(self) -> bool:
        return self.generated.isChecked() or self.field.password is not None

    def jobs(self) -> list[PasswordJob]:
        accounts = self.w.pick_page.account_numbers()
        jobs = []
        for address in self.w.pick_page.picker.chosen():
            policy = model_for(address.profile_id).policy({})
            jobs.append(PasswordJob(address, {n: self.field.password if self.typed.isChecked()
                                              else generate_password(policy) for n in accounts}))
        return jobs


class PasswordUpdaterWizard(SecurityWizard):
    """New passwords on many meters (ion7400-part1.md §2.10), kept in the keyring."""

    def __init__(self, addresses: list[DeviceAddress], store: CredentialStore, *, project: str = DEFAULT_PROJECT,
                 sessions: Sessions | None = None, parent: QWidget | None = None) -> None:
        super().__init__(store, project=project, sessions=sessions, parent=parent)
        self.setWindowTitle(self.tr("Update passwords on many devices"))
        self.addresses = addresses
        self.keyring = store.status()  # looked up once for both pages (it may ask a service over D-Bus)
        self.pick_page = AccountsPickPage(self)
        self.passwords_page = NewPasswordsPage(self)
        self.results_page = ResultsPage(self, self.tr("Results"))
        for page in (self.pick_page, self.passwords_page, self.results_page):
            self.addPage(page)

    async def work(self, progress) -> None:
        await update_passwords(self.passwords_page.jobs(), self.store, project=self.project, progress=progress,
                               opener=self.opener)


def _has_login(address: DeviceAddress) -> bool:
    try:
        return model_for(address.profile_id).has_login
    except NoSecurityModelError:
        return False


def _strictest(addresses: list[DeviceAddress]) -> PasswordPolicy:
    """Of the chosen models' policies, the one with the longest minimum (each device checks again)."""
    ids = sorted({a.profile_id for a in addresses}) or ["ion7400"]
    return max((model_for(i).policy({}) for i in ids), key=lambda p: p.min_length)

