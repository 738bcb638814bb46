"""Decommissioning wizard: the ION7400's complete meter wipe, one confirmed step at a time.

Each destructive step has its own page: what it does, a confirmation box, and a
button that runs it. Steps run only in the manual's order (L1760-L1892). After
"restore the default security" the wizard logs in with the factory password.
The last page is a report of every step (HTML export), and the meter's
passwords are removed from the keyring once the wipe is complete.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app import __version__
from app.errors import MeterDeskError
from app.security.apply import key_for
from app.security.credentials import DEFAULT_PROJECT, CredentialError, CredentialStore
from app.security.decommission import FACTORY_ADMIN_PASSWORD, STEPS, Step
from app.security.models import model_for
from app.security.report import write_html
from app.session import DeviceAddress
from ui.sessions import Sessions
from ui.wizards.common import AdminPasswordBox, ResultsTable, SecurityWizard


class IntroPage(QWizardPage):
    def __init__(self, wizard: DecommissionWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Decommission %1").replace("%1", wizard.address.name))
        self.setSubTitle(self.tr("A complete meter wipe in nine steps, in the manual's order. Each step "
                                 "asks for confirmation; none can be undone."))
        text = QLabel(self.tr("Before you start: record the decommissioning (who, when, why), back up what "
                              "must be kept, and plan to remove firewall rules and monitoring entries for "
                              "this meter (ion7400-part1.md §2.15)."), wordWrap=True)
        self.admin = AdminPasswordBox(wizard.store, wizard.project)
        self.admin.set_account(wizard.address.name, "USER1")
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.admin)
        layout.addStretch(1)
        self.admin.sig_changed.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.admin.password)


class StepPage(QWizardPage):
    def __init__(self, wizard: DecommissionWizard, step: Step) -> None:
        super().__init__()
        self.w = wizard
        self.step = step
        self.setTitle(self.tr("Step %1 of %2: %3").replace("%1", str(step.number))
                      .replace("%2", str(len(STEPS))).replace("%3", step.title))
        self.setSubTitle(self.tr("Manual %1").replace("%1", step.source))
        what = QLabel(step.what, wordWrap=True)
        self.confirm = QCheckBox(self.tr("I confirm: carry out this step on %1").replace("%1", wizard.address.name))
        self.run_button = QPushButton(self.tr("Run step %1").replace("%1", str(step.number)), enabled=False)
        self.status = QLabel(wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(self.confirm)
        layout.addWidget(self.run_button)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.confirm.toggled.connect(self._confirmed)
        self.run_button.clicked.connect(self.run_step)

    def _confirmed(self, on: bool) -> None:
        self.run_button.setEnabled(on and self.step.number not in self.w.completed)

    def run_step(self) -> None:
        self.run_button.setEnabled(False)
        self.confirm.setEnabled(False)
        self.status.setText(self.tr("Running…"))
        self.w.run(self.w.run_step(self.step), self._finished)

    def _finished(self) -> None:
        ok = self.step.number in self.w.completed
        self.status.setText(self.tr("Done.") if ok else self.w.failures.get(self.step.number, ""))
        self.status.setStyleSheet("" if ok else "color: #c62828;")
        self.confirm.setEnabled(not ok)
        self.run_button.setEnabled(not ok and self.confirm.isChecked())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.step.number in self.w.completed


class ReportPage(QWizardPage):
    def __init__(self, wizard: DecommissionWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Decommissioning report"))
        self.table = ResultsTable()
        export = QPushButton(self.tr("Export report…"))
        self.note = QLabel(wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(export)
        export.clicked.connect(self.export)

    def initializePage(self) -> None:
        self.table.setRowCount(0)
        for step in STEPS:
            when = self.w.times.get(step.number)
            self.table.add(self.w.address.name, f"{step.number}. {step.title}",
                           "verified" if step.number in self.w.completed else "failed",
                           when.strftime("%Y-%m-%d %H:%M:%S") if when else "")
        self.note.setText(self.w.forget_passwords())

    def export(self) -> None:
        path = self.w.ask_save_path(self.tr("Export decommissioning report"), self.tr("HTML page (*.html)"))
        if path:
            try:
                write_html(path, self.w.report_html())
            except MeterDeskError as exc:
                self.w.show_error(str(exc))


class DecommissionWizard(SecurityWizard):
    """The complete meter wipe of one ION7400 (see the module docstring)."""

    def __init__(self, address: DeviceAddress, store: CredentialStore, *, project: str = DEFAULT_PROJECT,
                 sessions: Sessions | None = None, parent: QWidget | None = None) -> None:
        super().__init__(store, project=project, sessions=sessions, parent=parent)
        self.address = address
        self.model = model_for(address.profile_id)
        if not self.model.decommission:
            raise MeterDeskError(self.tr("%1 has no decommissioning steps in MeterDesk").replace("%1", self.model.title))
        self.setWindowTitle(self.tr("Decommission %1").replace("%1", address.name))
        self.completed: set[int] = set()
        self.failures: dict[int, str] = {}
        self.times: dict[int, datetime] = {}
        self.password: str | None = None
        self.intro = IntroPage(self)
        self.addPage(self.intro)
        self.step_pages = [StepPage(self, s) for s in STEPS]
        for page in self.step_pages:
            self.addPage(page)
        self.report_page = ReportPage(self)
        self.addPage(self.report_page)

    async def run_step(self, step: Step) -> None:
        password = self.password or self.intro.admin.password
        try:
            async with self.opener(self.address) as client:
                await client.login(1, password)
                await client.decommission(step.number)
                if not step.restores_security:
                    await client.logout()
        except MeterDeskError as exc:
            self.failures[step.number] = str(exc)
            return
        self.completed.add(step.number)
        self.times[step.number] = datetime.now().astimezone()
        self.password = FACTORY_ADMIN_PASSWORD if step.restores_security else password

    def forget_passwords(self) -> str:
        """Remove the meter's passwords from the keyring once every step is done."""
        if len(self.completed) < len(STEPS):
            return self.tr("The wipe is not complete: the meter's passwords stay in the keyring.")
        forgotten = 0
        for n in range(1, self.model.accounts + 1):
            try:
                forgotten += self.store.delete(key_for(self.project, self.address.name, self.model.account_label(n)))
            except CredentialError:
                pass
        return self.tr("Wipe complete. %1 password(s) of this meter removed from the keyring.").replace(
            "%1", str(forgotten))

    def report_html(self) -> str:
        """The decommissioning record: each step, whether and when it was done, and its manual section."""
        done, not_done = self.tr("done"), self.tr("not done")
        rows = "".join(
            f"<tr><td>{s.number}</td><td>{escape(s.title)}</td><td>{done if s.number in self.completed else not_done}"
            f"</td><td>{escape(self.times[s.number].isoformat(timespec='seconds')) if s.number in self.times else ''}"
            f"</td><td>{escape(s.source)}</td></tr>" for s in STEPS)  # fmt: skip
        title = self.tr("Decommissioning: %1").replace("%1", escape(self.address.name))
        headings = "".join(f"<th>{escape(h)}</th>" for h in (
            self.tr("Step"), self.tr("What"), self.tr("Result"), self.tr("When"), self.tr("Manual")))
        return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
                f"<p>{escape(self.model.title)} · MeterDesk {escape(__version__)}</p>"
                f"<table border='1' cellpadding='3'><tr>{headings}</tr>{rows}</table></body></html>")
