"""Upgrade pane: plan, back up, install and restore firmware, on one device or a fleet.

The pane follows the device selected in *My devices*. *Plan* reads the
device and shows the steps the package's rules and the manual's give (an
intermediate version first, the upgrade agent when needed) or why it is
refused, with the manual's warnings. *Start* asks for confirmation, then
backs everything up into a per-device, time-stamped folder, sends each
image over Modbus file records with a progress bar (bytes, rate, time
left), activates it, waits for the restart and checks the version, and
finally writes back the settings and energies chosen under *Keep after the
upgrade*, verifying each one. The upgrade log fills as it goes. *Cancel*
stops after the current block; starting again resumes after the last
verified block. The *Fleet* tab upgrades many devices with the same package.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.comtrade.fetch import HostKeys, SftpTarget
from app.errors import MeterDeskError
from app.project.paths import data_dir as default_data_dir
from app.security.credentials import DEFAULT_PROJECT, CredentialKey, CredentialStore
from app.session import DeviceAddress, DeviceSession, LinkPool
from app.upgrade.backup import BackupStore, restorable_groups
from app.upgrade.fleet import Fleet, FleetEntry
from app.upgrade.log import UpgradeLog
from app.upgrade.package import Package
from app.upgrade.plan import Plan
from app.upgrade.runner import Progress, Upgrade, UpgradeOptions, UpgradeResult
from ui import language
from ui.language import fixed
from ui.panes.upgrade_fleet import FleetBox
from ui.panes.upgrade_package import BAD_STYLE, OK_STYLE, PackageBox
from ui.sessions import Sessions
from ui.tasks import spawn

# Columns of the "keep after the upgrade" check boxes (three leave room for long group names).
KEEP_COLUMNS = 3
REFRESH_MS = 100  # progress shown at 10 Hz, whatever the block rate
REFUSED_COLOR = QColor("#b3261e")
WARNING_COLOR = QColor("#8a5300")
SKIPPED_COLOR = QColor("#707070")


class UpgradePane(QWidget):
    """Firmware upgrades with backup, verified transfer, restore and log."""

    title = QT_TRANSLATE_NOOP("MainWindow", "Upgrade")

    def __init__(
        self,
        sessions: Sessions | None = None,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        trusted_dirs: list[Path] | None = None,
        backup_root: Path | None = None,
        data_dir: Path | None = None,
        credentials: CredentialStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.sessions = sessions
        self.settings = settings or language.settings()
        data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.store = BackupStore(backup_root or data_dir / "upgrades")
        self.host_keys = HostKeys(data_dir / "known_hosts.json")
        self.credentials = credentials or CredentialStore(session_fallback=True)
        self.project = DEFAULT_PROJECT
        self.pool = sessions.pool if sessions is not None else LinkPool()
        self.session: DeviceSession | None = None
        self.plan: Plan | None = None
        self.task: asyncio.Task | None = None
        self.result: UpgradeResult | None = None
        self.log: UpgradeLog | None = None
        self._progress: Progress | None = None
        self._shown: Progress | None = None
        self._group_boxes: dict[str, QCheckBox] = {}
        self.package_box = PackageBox(self.settings, trusted_dirs)
        self.package_box.sig_package_changed.connect(self._package_changed)
        self.fleet_box = FleetBox(self._make_fleet)
        self._build()
        self._timer = QTimer(self, interval=REFRESH_MS, timeout=self._refresh)
        self._timer.start()
        self._update_buttons()

    # ---- layout

    def _build(self) -> None:
        self.device_label = QLabel(self.tr("Select a device in My devices."))
        self.plan_button = QPushButton(self.tr("Plan"))
        self.plan_button.setToolTip(self.tr("Read the device and show the steps; nothing is sent"))
        self.plan_button.clicked.connect(self.make_plan)
        head = QHBoxLayout()
        head.addWidget(self.device_label, 1)
        head.addWidget(self.plan_button)
        self.plan_list = QListWidget()
        self.plan_list.setWordWrap(True)

        self.keep_box = QGroupBox(self.tr("Keep after the upgrade (written back and verified)"))
        self.keep_grid = QGridLayout(self.keep_box)
        self.energy_check = QCheckBox(self.tr("Accumulated energies"), checked=True)
        self.sftp_check = QCheckBox(self.tr("Back up web pages and the COMTRADE list over SFTP as"), checked=True)
        self.sftp_user = QLineEdit("USER1")
        self.sftp_user.setMaximumWidth(110)
        self.comtrade_check = QCheckBox(self.tr("Download the COMTRADE records into the backup"))
        self.sftp_check.toggled.connect(self.comtrade_check.setEnabled)
        sftp_row = QHBoxLayout()
        sftp_row.addWidget(self.sftp_check)
        sftp_row.addWidget(self.sftp_user)
        sftp_row.addStretch(1)

        self.start_button = QPushButton(self.tr("Start upgrade…"))
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop after the current block; starting again resumes"))
        self.cancel_button.clicked.connect(self.cancel)
        self.fleet_add_button = QPushButton(self.tr("Add to fleet"))
        self.fleet_add_button.clicked.connect(self.add_to_fleet)
        self.progress_bar = QProgressBar(maximum=1000, textVisible=True)
        self.progress_label = QLabel()
        self.status_label = QLabel(wordWrap=True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions = QHBoxLayout()
        actions.addWidget(self.start_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.progress_bar, 1)
        actions.addWidget(self.fleet_add_button)

        self.log_view = QPlainTextEdit(readOnly=True)
        self.log_view.setPlaceholderText(self.tr("The upgrade log appears here as the upgrade runs."))
        self.log_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.folder_button = QPushButton(self.tr("Open backup folder"))
        self.folder_button.clicked.connect(self.open_folder)

        device_page = QWidget()
        page = QVBoxLayout(device_page)
        page.addLayout(head)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.plan_list)
        log_side = QWidget()
        log_layout = QVBoxLayout(log_side)
        log_layout.setContentsMargins(0, 0, 0, 0)
        log_layout.addWidget(self.log_view, 1)
        log_layout.addWidget(self.folder_button, 0, Qt.AlignmentFlag.AlignRight)
        split.addWidget(log_side)
        split.setSizes([360, 640])
        page.addWidget(split, 1)
        page.addWidget(self.keep_box)
        page.addLayout(sftp_row)
        page.addWidget(self.comtrade_check)
        page.addLayout(actions)
        page.addWidget(self.progress_label)
        page.addWidget(self.status_label)

        self.tabs = QTabWidget()
        self.tabs.addTab(device_page, self.tr("This device"))
        self.tabs.addTab(self.fleet_box, self.tr("Fleet"))
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(self.package_box)
        outer.addWidget(self.tabs)
        outer.setStretchFactor(1, 1)
        outer.setSizes([230, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(outer)

    # ---- following the selected device

    def set_project(self, name: str) -> None:
        """Key SFTP passwords under the open project (keyring: project, device, user)."""
        self.project = name

    def set_session(self, session: DeviceSession | None) -> None:
        if session is self.session or self.running:
            return
        self.session = session
        self.plan = None
        self.plan_list.clear()
        self.status_label.clear()
        for box in self._group_boxes.values():
            box.deleteLater()
        self._group_boxes.clear()
        if session is None:
            self.device_label.setText(self.tr("Select a device in My devices."))
        else:
            address = session.address
            self.device_label.setText(f"<b>{address.name}</b> — {address.profile.model}, {address.label}")
            for i, group in enumerate(restorable_groups(address.profile)):
                box = QCheckBox(group.label, checked=True)

                self._group_boxes[group.id] = box
                self.keep_grid.addWidget(box, *divmod(i, KEEP_COLUMNS))
            n = len(self._group_boxes)
            self.keep_grid.addWidget(self.energy_check, *divmod(n, KEEP_COLUMNS))
        self._update_buttons()

    @property
    def package(self) -> Package | None:
        return self.package_box.package

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def _package_changed(self, _package: Package | None) -> None:
        self.plan = None
        self.plan_list.clear()
        self._update_buttons()

    # ---- plan

    def options(self) -> UpgradeOptions:
        """The user's choices: groups and energies to keep, COMTRADE download."""
        groups = [g for g, box in self._group_boxes.items() if box.isChecked()]
        return UpgradeOptions(groups=groups, energy=self.energy_check.isChecked(),
                              download_comtrade=self.sftp_check.isChecked() and self.comtrade_check.isChecked())

    def make_plan(self) -> asyncio.Task | None:
        if self.session is None or self.package is None:
            return None
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Reading %s…") % self.session.address.name)
        return spawn(self._plan(self.session, self.package), self._failed)

    async def _connect(self, session: DeviceSession) -> None:
        if session.device is not None:
            return
        if self.sessions is not None:
            await self.sessions.connect(session)
        else:
            await session.connect()
        if session.device is None:
            raise MeterDeskError(self.tr("%s is not connected") % session.address.name)

    async def _plan(self, session: DeviceSession, package: Package) -> None:
        sftp = await self._sftp_target(session.address)  # web pages and option modules are planned over SFTP
        await self._connect(session)
        plan = await Upgrade(session.device, package, store=self.store, options=self.options(), sftp=sftp or None,
                             host_keys=self.host_keys).plan()
        if session is self.session:
            self.show_plan(plan)

    def show_plan(self, plan: Plan) -> None:
        self.plan = plan
        self.plan_list.clear()
        facts = plan.facts
        self.plan_list.addItem(self.tr("%1 runs firmware %2 with upgrade agent %3").replace("%1", facts.name)
                               .replace("%2", str(facts.version)).replace("%3", str(facts.agent)))
        for i, step in enumerate(plan.active_steps, 1):
            self.plan_list.addItem(f"{i}. {step.text}")
        for step in plan.steps:
            if step.skipped:
                self._add_item(self.tr("Skipped: %1 (%2)").replace("%1", step.text).replace("%2", step.skipped),
                               SKIPPED_COLOR)
        for refusal in plan.refusals:
            self._add_item(self.tr("Refused: %s") % refusal, REFUSED_COLOR, bold=True)
        for warning in plan.warnings:
            self._add_item(f"⚠ {warning}", WARNING_COLOR)
        for note in plan.notes:
            self.plan_list.addItem(note)
        if plan.ok and plan.active_steps:
            self._say(self.tr("Ready: %d steps. Nothing has been sent yet.") % len(plan.active_steps))
        elif plan.ok:
            self._say(plan.notes[0] if plan.notes else "")
        else:
            self._say(self.tr("The upgrade is refused; nothing will be sent."), error=True)
        self._update_buttons()

    def _add_item(self, text: str, color: QColor, bold: bool = False) -> None:
        item = QListWidgetItem(text)
        item.setForeground(color)
        if bold:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.plan_list.addItem(item)

    # ---- run

    def confirm(self, text: str) -> bool:
        """Ask before an upgrade starts (tests replace this)."""
        answer = QMessageBox.question(self, self.tr("Start the upgrade?"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def ask_password(self, user: str, device: str) -> str | None:
        """The SFTP password when the keyring has none (tests replace this)."""
        text, ok = QInputDialog.getText(self, self.tr("SFTP password"),
                                        self.tr("Password of %1 on %2:").replace("%1", user).replace("%2", device),
                                        QLineEdit.EchoMode.Password)
        return text if ok else None

    def start(self) -> asyncio.Task | None:
        plan, session, package = self.plan, self.session, self.package
        if plan is None or not plan.ok or not plan.active_steps or session is None or package is None:
            return None
        steps = "\n".join(f"{i}. {s.text}" for i, s in enumerate(plan.active_steps, 1))
        warnings = "\n".join(f"• {w}" for w in plan.warnings)
        if not self.confirm(self.tr("Upgrade %1?\n\n%2\n\n%3").replace("%1", session.address.name)
                            .replace("%2", steps).replace("%3", warnings)):
            return None
        self.task = spawn(self._run(session, package, plan), self._failed)
        self.task.add_done_callback(lambda _task: self._update_buttons())  # once the task is done, not from within
        self._update_buttons()
        return self.task

    async def _sftp_target(self, address: DeviceAddress) -> SftpTarget | None | bool:
        """SFTP login for the backup, None when not wanted, False when the user backed out.

        The keyring is read in a worker thread (a Secret Service may take its time to answer). The
        password dialog runs from a plain loop callback: a modal dialog inside a task would keep every
        other task (a fleet, the link heartbeat) from running until it closes.
        """
        if not self.sftp_check.isChecked() or address.endpoint.kind not in ("tcp", "tls"):
            return None
        user = self.sftp_user.text().strip()
        try:
            password = await asyncio.to_thread(self.credentials.get, CredentialKey(self.project, address.name, user))
        except MeterDeskError:
            password = None
        if password is None:
            loop = asyncio.get_running_loop()
            answer: asyncio.Future[str | None] = loop.create_future()
            loop.call_soon(lambda: answer.cancelled() or answer.set_result(self.ask_password(user, address.name)))
            password = await answer
            if password is None:
                return False
        return SftpTarget(address.endpoint.host, address.sftp_port, user, password)

    async def _run(self, session: DeviceSession, package: Package, plan: Plan) -> None:
        sftp = await self._sftp_target(session.address)
        if sftp is False:
            return
        self.log_view.clear()
        self.result = None
        self._progress = self._shown = None
        self.progress_bar.setValue(0)
        self.log = UpgradeLog(self._append_log)
        upgrade = Upgrade(session.device, package, store=self.store, options=self.options(), sftp=sftp or None,
                          host_keys=self.host_keys, on_progress=self._on_progress, log=self.log)
        self._say(self.tr("Upgrading %s…") % session.address.name)
        try:
            self.result = await upgrade.run(plan)
        except asyncio.CancelledError:
            self._say(self.tr("Cancelled. Starting again with this package resumes after the last verified "
                              "block; the backup is kept."), error=True)
            raise
        finally:
            self._refresh()
        result = self.result
        report = result.restore
        self._say(self.tr("Done: %1 runs firmware %2 (was %3); %4 values restored and verified. "
                          "Backup and log: %5").replace("%1", upgrade.device.name).replace("%2", str(result.after))
                  .replace("%3", str(result.before)).replace("%4", str(len(report.written)))
                  .replace("%5", str(result.folder)))
        self.progress_bar.setValue(self.progress_bar.maximum())
        self.progress_bar.setFormat(self.tr("done"))

    def _append_log(self, line: str) -> None:
        """Show a log line with its time of day (the file keeps the date too)."""
        self.log_view.appendPlainText(line.split(" ", 1)[-1])
        bar = self.log_view.verticalScrollBar()
        bar.setValue(bar.maximum())

    def cancel(self) -> None:
        if self.running:
            self.task.cancel()
        self.fleet_box.cancel()

    def _failed(self, message: str) -> None:
        self._say(message, error=True)
        self._update_buttons()

    def _say(self, text: str, error: bool = False) -> None:
        self.status_label.setStyleSheet(BAD_STYLE if error else OK_STYLE if text else "")
        self.status_label.setText(text)

    def open_folder(self) -> None:
        folder = self.upgrade_folder()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def upgrade_folder(self) -> Path | None:
        if self.result is not None:
            return self.result.folder
        if self.log is not None and self.log.path is not None:
            return self.log.path.parent
        return None

    # ---- progress (from the upgrade, shown by the timer)

    def _on_progress(self, progress: Progress) -> None:
        self._progress = progress

    def _refresh(self) -> None:
        p = self._progress
        if p is not None and p is not self._shown:
            self._shown = p
            if p.total:
                self.progress_bar.setValue(int(self.progress_bar.maximum() * p.done / p.total))
                self.progress_bar.setFormat(f"{fixed(p.done / 1024, 1)} / {fixed(p.total / 1024, 1)} kB")
                eta = self.tr(", %s s left") % f"{p.eta:.0f}" if p.eta is not None else ""
                rate = f"{fixed(p.rate / 1024, 1)} kB/s" if p.rate else ""
                self.progress_label.setText(self.tr("Step %1 of %2: %3 — %4%5").replace("%1", str(p.step))
                                            .replace("%2", str(p.steps)).replace("%3", p.text)
                                            .replace("%4", rate).replace("%5", eta))
            else:
                self.progress_label.setText(p.text)
        if self.fleet_box.running:
            self.fleet_box.refresh()

    # ---- fleet

    def add_to_fleet(self) -> None:
        if self.session is not None:
            self.fleet_box.add(self.session.address)
            self.tabs.setCurrentWidget(self.fleet_box)

    def _make_fleet(self, entries: list[FleetEntry], tcp_parallel: int) -> Fleet | None:
        if self.package is None:
            self.fleet_box.summary.setText(self.tr("Open a package first."))
            return None
        names = ", ".join(e.name for e in entries)
        if not self.confirm(self.tr("Upgrade %1 with %2? Recorded data and COMTRADE files will be erased and "
                                    "outputs may change state.").replace("%1", names)
                            .replace("%2", self.package.manifest.name)):
            return None
        return Fleet(self.package, entries, store=self.store, options=self.options(), tcp_parallel=tcp_parallel,
                     pool=self.pool, host_keys=self.host_keys)

    # ---- state

    def _update_buttons(self) -> None:
        running = self.running
        session = self.session
        ready = self.plan is not None and self.plan.ok and bool(self.plan.active_steps)
        self.plan_button.setEnabled(session is not None and self.package is not None and not running)
        self.start_button.setEnabled(ready and not running)
        self.cancel_button.setEnabled(running)
        self.fleet_add_button.setEnabled(session is not None)
        self.keep_box.setEnabled(not running)
        self.folder_button.setEnabled(self.upgrade_folder() is not None)

    def shutdown(self) -> None:
        """Stop the progress timer and any upgrade (it resumes when started again)."""
        self._timer.stop()
        self.cancel()
