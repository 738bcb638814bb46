"""Pieces the security wizards share: password fields with live policy feedback and a
strength bar, the administrator-password box with the keyring's state, result tables,
and running coroutines from wizard pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from app.drivers import open_device
from app.security.apply import (
    Opener,
    Outcome,
    connect,
    generate_password,
    key_for,
    status_text,
)
from app.security.client import SecurityClient
from app.security.credentials import (
    DEFAULT_PROJECT,
    CredentialError,
    CredentialStore,
    KeyringStatus,
)
from app.security.password_policy import PasswordPolicy
from app.security.strength import estimate
from app.session import DeviceAddress
from ui.sessions import Sessions
from ui.tasks import spawn

STRENGTH_COLOURS = ("#c62828", "#ef6c00", "#f9a825", "#7cb342", "#2e7d32")
STATUS_COLOURS = {"verified": "#d9f2d9", "written": "#e8f5e9", "unchanged": "#fff3c4", "failed": "#f8d0d0",
                  "unknown": "#f8d0d0", "mismatch": "#f8d0d0"}  # fmt: skip


def keyring_note(status: KeyringStatus) -> str:
    """What happens to passwords typed here, in words, for the keyring's ``status`` (:meth:`CredentialStore.status`)."""
    if status.usable:
        return QCoreApplication.translate("PasswordField", "Passwords are kept in the system keyring, never in files.")
    return QCoreApplication.translate("PasswordField", "No usable keyring (%1): passwords are asked for each session "
                                      "and kept in memory only. Nothing is written to disk.").replace("%1", status.reason)


class PasswordField(QWidget):
    """A new password typed twice, checked live against a policy, with a strength bar.

    :attr:`password` is the password when both entries match and the policy
    accepts it, else None. ``sig_changed`` fires on every edit.
    """

    sig_changed = Signal()

    def __init__(self, policy: PasswordPolicy, *, optional: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        self.optional = optional
        self.entry = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.entry.setPlaceholderText(self.tr("new password") if not optional else self.tr("leave empty to keep"))
        self.confirm.setPlaceholderText(self.tr("the same again"))
        self.show_box = QCheckBox(self.tr("Show"))
        self.generate_button = QPushButton(self.tr("Generate"))
        self.strength = QProgressBar(minimum=0, maximum=4, textVisible=True)
        self.strength.setMaximumHeight(16)
        self.feedback = QLabel(wordWrap=True)
        self.rules = QLabel(" ".join(policy.describe()[:4]), wordWrap=True)
        self.rules.setStyleSheet("color: palette(mid);")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.entry, 1)
        row.addWidget(self.confirm, 1)
        row.addWidget(self.show_box)
        row.addWidget(self.generate_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.strength)
        layout.addWidget(self.feedback)
        layout.addWidget(self.rules)
        self.entry.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self.show_box.toggled.connect(self._show)
        self.generate_button.clicked.connect(self.generate)
        self._update()

    def set_policy(self, policy: PasswordPolicy) -> None:
        self.policy = policy
        self.rules.setText(" ".join(policy.describe()[:4]))
        self._update()

    def set_text(self, text: str) -> None:
        self.entry.setText(text)
        self.confirm.setText(text)

    def clear(self) -> None:
        self.set_text("")

    def generate(self) -> None:
        self.set_text(generate_password(self.policy))
        self.show_box.setChecked(True)

    @property
    def empty(self) -> bool:
        return not self.entry.text() and not self.confirm.text()

    def problems(self) -> list[str]:
        text = self.entry.text()
        if self.empty:
            return [] if self.optional else [self.tr("type a password")]
        found = list(self.policy.check(text))
        if text != self.confirm.text():
            found.append(self.tr("the two entries differ"))
        return found

    @property
    def password(self) -> str | None:
        return None if self.empty or self.problems() else self.entry.text()

    def _show(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.entry.setEchoMode(mode)
        self.confirm.setEchoMode(mode)

    def _update(self) -> None:
        text = self.entry.text()
        strength = estimate(text)
        self.strength.setValue(strength.score if text else 0)
        self.strength.setFormat(self.tr("strength: %1").replace("%1", strength.label) if text else "")
        colour = STRENGTH_COLOURS[strength.score]
        self.strength.setStyleSheet(f"QProgressBar::chunk {{ background-color: {colour}; }}")
        problems = self.problems()
        cautions = self.policy.cautions(text) if text and not problems else []
        if problems:
            self.feedback.setStyleSheet("color: #c62828;")
            self.feedback.setText("; ".join(problems).capitalize())
        elif cautions:
            self.feedback.setStyleSheet("color: #ef6c00;")
            self.feedback.setText(cautions[0])
        else:
            self.feedback.setStyleSheet("color: #2e7d32;")
            self.feedback.setText(self.tr("Accepted by the device's rules.") if text else "")
        self.sig_changed.emit()


class AdminPasswordBox(QWidget):
    """The administrator's current password: from the keyring when it holds one, else typed.

    Once it has worked, MeterDesk keeps it in the keyring (or, with no usable
    keyring, in memory for this session only, as the note says).
    """

    sig_changed = Signal()

    def __init__(self, store: CredentialStore, project: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.project = project
        self.entry = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.note = QLabel(wordWrap=True)
        self.who = QLabel()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.who, self.entry)
        form.addRow("", self.note)
        self.entry.textChanged.connect(self.sig_changed)

    def set_account(self, device: str, account: str) -> None:
        self.who.setText(self.tr("Password of %1:").replace("%1", account))
        try:
            stored = self.store.get(key_for(self.project, device, account))
        except CredentialError:
            stored = None
        self.entry.setText(stored or "")
        text = keyring_note(self.store.status())
        self.note.setText(self.tr("Taken from the keyring. ") + text if stored else text)

    @property
    def password(self) -> str:
        return self.entry.text()


class ResultsTable(QTableWidget):
    """Device · item · status · message rows, coloured by status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels([self.tr("Device"), self.tr("Item"), self.tr("Result"), self.tr("Details")])
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().hide()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)

    def add(self, device: str, item: str, status: str, message: str) -> None:
        """A row; ``status`` is a key (verified, failed…), shown in the user's language."""
        row = self.rowCount()
        self.insertRow(row)
        for col, text in enumerate((device, item, status_text(status), message)):
            cell = QTableWidgetItem(text)
            cell.setToolTip(text)
            if col == 2 and status in STATUS_COLOURS:
                cell.setBackground(QBrush(QColor(STATUS_COLOURS[status])))
            self.setItem(row, col, cell)
        self.resizeColumnsToContents()

    def add_outcomes(self, device: str, outcomes: list[Outcome], error: str = "") -> None:
        if error:
            self.add(device, self.tr("(device)"), "failed", error)
        for o in outcomes:
            self.add(device, o.item, o.status, o.message)

    def statuses(self) -> list[tuple[str, str, str]]:
        return [(self.item(r, 0).text(), self.item(r, 1).text(), self.item(r, 2).text())
                for r in range(self.rowCount())]


class SecurityWizard(QWizard):
    """Base for the security wizards: passwords in ``store`` under ``project``, devices reached
    through :func:`opener_for`, coroutines run with errors shown, file dialogs overridable."""

    def __init__(self, store: CredentialStore, *, project: str = DEFAULT_PROJECT, sessions: Sessions | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(860, 620)
        self.store, self.project = store, project
        self.opener = opener_for(sessions)
        self.errors: list[str] = []
        self.busy = False

    def run(self, coro: Coroutine[Any, Any, Any], done: Callable[[], None] | None = None) -> None:
        """Run ``coro`` on the GUI's event loop; an error is shown in words."""
        self.busy = True

        async def wrapped() -> None:
            try:
                await coro
            finally:
                self.busy = False
                if done is not None:
                    done()

        spawn(wrapped(), self.show_error)

    def show_error(self, message: str) -> None:
        self.errors.append(message)
        QMessageBox.warning(self, self.windowTitle(), message)

    def ask_open_path(self, caption: str, filters: str) -> str:
        return QFileDialog.getOpenFileName(self, caption, "", filters)[0]

    def ask_save_path(self, caption: str, filters: str) -> str:
        return QFileDialog.getSaveFileName(self, caption, "", filters)[0]

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.windowTitle(), question)
        return answer == QMessageBox.StandardButton.Yes


def opener_for(sessions: Sessions | None) -> Opener:
    """How wizards reach a device: through the GUI's shared link to it when there is one
    (a serial bus takes one request at a time), else on a link of their own."""

    @asynccontextmanager
    async def open_client(address: DeviceAddress) -> AsyncIterator[SecurityClient]:
        if sessions is None:
            async with connect(address) as client:
                yield client
            return
        link = sessions.pool.acquire(address.endpoint)
        try:
            await link.connect()
            yield SecurityClient(open_device(address.profile, link, address.unit, address.name))
        finally:
            sessions.pool.release(link)

    return open_client
