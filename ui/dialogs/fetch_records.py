"""Fetch COMTRADE records from a meter's SFTP site: log in, list, download new or all.

The password comes from the system keyring when one is stored for this
project, device and user; after a successful login the "remember" box
decides whether it is stored or forgotten. Without a usable keyring the box
offers to keep it for this session only (in memory), and says why. Keyring
calls run in a worker thread (a Secret Service may take seconds to answer or
ask to be unlocked); the buttons wait for the look-up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.comtrade.fetch import (
    HostKeyChanged,
    HostKeys,
    RemoteRecord,
    SftpTarget,
    download_records,
    is_downloaded,
    list_records,
    pending,
)
from app.errors import MeterDeskError
from app.security.credentials import DEFAULT_PROJECT, CredentialKey, CredentialStore
from ui.tasks import spawn

ERROR_STYLE = "color: #c62828;"


class FetchRecordsDialog(QDialog):
    """Lists a meter's COMTRADE records and downloads them into the device's folder."""

    sig_downloaded = Signal(list)
    """Records downloaded: the local paths (list of Path) of their .cfg/.cff files."""

    def __init__(
        self,
        *,
        device: str,
        host: str,
        port: int,
        dest: Path,
        store: CredentialStore,
        host_keys: HostKeys,
        username: str = "USER1",
        note: str = "",
        project: str = DEFAULT_PROJECT,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fetch COMTRADE records from %s") % device)
        self.resize(640, 460)
        self.device = device
        self.dest = dest
        self.store = store
        self.host_keys = host_keys
        self.project = project
        self.records: list[RemoteRecord] = []
        self._task: asyncio.Task | None = None
        self.password_task: asyncio.Task | None = None
        """The keyring look-up in progress (None when done)."""
        self._changed_key: HostKeyChanged | None = None
        self._build(host, port, username, note)
        self._load_password()

    # ---- layout

    def _build(self, host: str, port: int, username: str, note: str) -> None:
        form = QFormLayout()
        self.host_edit = QLineEdit(host)
        self.host_edit.setPlaceholderText(self.tr("meter IP address or name"))
        self.port_spin = QSpinBox(minimum=1, maximum=65535, value=port)
        self.user_edit = QLineEdit(username)
        self.password_edit = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.remember_box = QCheckBox()
        self.keyring_label = QLabel(wordWrap=True)
        form.addRow(self.tr("Host"), self.host_edit)
        form.addRow(self.tr("SFTP port"), self.port_spin)
        form.addRow(self.tr("User"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow("", self.remember_box)
        form.addRow("", self.keyring_label)
        self.note_label = QLabel(note, wordWrap=True)
        self.note_label.setVisible(bool(note))

        self.list_button = QPushButton(self.tr("List records"))
        self.list_button.setDefault(True)
        self.trust_button = QPushButton(self.tr("Trust the new host key"))
        self.trust_button.setVisible(False)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Record"), self.tr("Size"), self.tr("Date"), self.tr("State")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.progress = QProgressBar(textVisible=True)
        self.progress.setVisible(False)
        self.status_label = QLabel(wordWrap=True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = QPushButton(self.tr("Download new"))
        self.all_button = QPushButton(self.tr("Download all"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.close_button = QPushButton(self.tr("Close"))

        top = QHBoxLayout()
        top.addWidget(self.list_button)
        top.addWidget(self.trust_button)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.all_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note_label)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)

        self.list_button.clicked.connect(self.list_remote)
        self.trust_button.clicked.connect(self._trust_new_key)
        self.new_button.clicked.connect(lambda: self.download(new_only=True))
        self.all_button.clicked.connect(lambda: self.download(new_only=False))
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)
        self.user_edit.editingFinished.connect(self._load_password)
        self._update_buttons()

    # ---- credentials

    def _key(self, user: str) -> CredentialKey:
        return CredentialKey(self.project, self.device, user)

    def _load_password(self) -> None:
        """Look up the password of the user in the field, in a worker thread."""
        if self.password_task is not None:
            self.password_task.cancel()
        self.password_task = spawn(self._fill_password(self._key(self.user_edit.text().strip())), self._show_error)
        self._update_buttons()

    async def _fill_password(self, key: CredentialKey) -> None:
        try:
            status = await asyncio.to_thread(self.store.status)
            if status.usable:
                self.remember_box.setText(self.tr("Remember the password in the system keyring"))
                self.keyring_label.setText("")
            else:
                self.remember_box.setText(self.tr("Remember the password for this session only"))
                self.keyring_label.setText(
                    self.tr("No system keyring: %s. Passwords are never written to files.") % status.reason
                )
            try:
                stored = await asyncio.to_thread(self.store.get, key)
            except MeterDeskError as exc:
                self.keyring_label.setText(str(exc))
                return
            if stored is not None:
                self.password_edit.setText(stored)
            self.remember_box.setChecked(stored is not None)
        finally:
            if self.password_task is asyncio.current_task():
                self.password_task = None
                self._update_buttons()

    async def _keep_password(self, target: SftpTarget) -> None:
        """Store or forget the password of the user who logged in, as the box says."""
        key = self._key(target.username)
        try:
            if self.remember_box.isChecked():
                await asyncio.to_thread(self.store.set, key, target.password)
            else:
                await asyncio.to_thread(self.store.delete, key)
        except MeterDeskError as exc:
            self.keyring_label.setText(str(exc))

    # ---- actions

    def target(self) -> SftpTarget:
        return SftpTarget(
            self.host_edit.text().strip(),
            self.port_spin.value(),
            self.user_edit.text().strip(),
            self.password_edit.text(),
        )

    def list_remote(self) -> None:
        target = self.target()
        if not target.host:
            self._show_error(self.tr("Enter the meter's address."))
            return
        self._start(self._list(target), self.tr("Connecting to %s…") % target.label)

    async def _list(self, target: SftpTarget) -> None:
        try:
            self.records = await list_records(target, self.host_keys)
        except HostKeyChanged as exc:
            self._changed_key = exc
            self.trust_button.setVisible(True)
            raise
        await self._keep_password(target)
        self._fill_table()
        fresh = len(pending(self.records, self.dest))
        self._show_status(self.tr("%d record(s) on the meter, %d new.") % (len(self.records), fresh))

    def _trust_new_key(self) -> None:
        if self._changed_key is not None:
            self.host_keys.forget(self._changed_key.host, self._changed_key.port)
            self._changed_key = None
        self.trust_button.setVisible(False)
        self.list_remote()

    def download(self, new_only: bool) -> None:
        wanted = pending(self.records, self.dest) if new_only else self.records
        if not wanted:
            self._show_status(self.tr("No new records: everything is already downloaded."))
            return
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self._start(self._download(self.target(), wanted), self.tr("Downloading %d record(s)…") % len(wanted))

    async def _download(self, target: SftpTarget, records: list[RemoteRecord]) -> None:
        def progress(done: int, total: int, name: str) -> None:
            self.progress.setValue(int(1000 * done / total) if total else 1000)
            self.progress.setFormat(f"{name}  {pg.siFormat(done, suffix='B')} / {pg.siFormat(total, suffix='B')}")

        paths = await download_records(target, records, self.dest, self.host_keys, progress=progress)
        self._fill_table()
        self._show_status(self.tr("Downloaded %d record(s) into %s.") % (len(paths), self.dest))
        self.sig_downloaded.emit(paths)

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            self._show_status(self.tr("Cancelled."))

    def _start(self, coro, message: str) -> None:
        self._show_status(message)
        self._task = spawn(self._guarded(coro), self._show_error)
        self._update_buttons()

    async def _guarded(self, coro) -> None:
        try:
            await coro
        finally:
            self._task = None
            self.progress.setVisible(False)
            self._update_buttons()

    # ---- display

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            when = dt.datetime.fromtimestamp(record.mtime).strftime("%Y-%m-%d %H:%M:%S") if record.mtime else ""
            state = self.tr("downloaded") if is_downloaded(record, self.dest) else self.tr("new")
            cells = (f"{record.folder}/{record.name}", pg.siFormat(record.size, suffix="B"), when, state)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._task is not None or self.password_task is not None
        self.list_button.setEnabled(not busy)
        self.new_button.setEnabled(not busy and bool(self.records))
        self.all_button.setEnabled(not busy and bool(self.records))
        self.cancel_button.setEnabled(self._task is not None)

    def _show_status(self, message: str) -> None:
        self.status_label.setStyleSheet("")
        self.status_label.setText(message)

    def _show_error(self, message: str) -> None:
        self.status_label.setStyleSheet(ERROR_STYLE)
        self.status_label.setText(message)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.cancel()
        if self.password_task is not None:
            self.password_task.cancel()
            self.password_task = None
        super().closeEvent(event)
