"""The change log, as a dialog: who changed which setting of which device, when; exportable as CSV."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import ChangeLog
from app.errors import MeterDeskError

COLUMNS = ("time", "user", "device", "label", "old", "new", "unit", "result", "where")


class ChangeLogDialog(QDialog):
    """The entries of ``log`` (only ``device``'s while "this device only" is ticked)."""

    def __init__(self, log: ChangeLog, device: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change log"))
        self.resize(980, 460)
        self.log = log
        self.device = device
        self.only_device = QCheckBox(self.tr("Only %s") % device if device else self.tr("Only this device"))
        self.only_device.setEnabled(device is not None)
        self.only_device.setChecked(device is not None)
        self.only_device.toggled.connect(self.refresh)
        self.where = QLabel(self.tr("Kept in %s") % log.path)
        self.where.setStyleSheet("color: #616161;")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("User"), self.tr("Device"), self.tr("Setting"),
                                              self.tr("Old"), self.tr("New"), self.tr("Unit"), self.tr("Result"),
                                              self.tr("Where")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel()
        export = QPushButton(self.tr("Export CSV…"))
        export.clicked.connect(self._export_dialog)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.only_device)
        bar.addStretch(1)
        bar.addWidget(export)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.where)
        layout.addWidget(buttons)
        self.refresh()

    def filter(self) -> str | None:
        return self.device if self.only_device.isChecked() else None

    def refresh(self) -> None:
        try:
            entries = self.log.entries(self.filter())
        except MeterDeskError as exc:
            self.status.setText(str(exc))
            return
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(reversed(entries)):  # newest first
            for col, name in enumerate(COLUMNS):
                self.table.setItem(row, col, QTableWidgetItem(str(getattr(entry, name))))
        self.status.setText(self.tr("%d change(s)") % len(entries))

    def export(self, path: str) -> int:
        """Write the entries shown as CSV; return how many."""
        try:
            count = self.log.export_csv(path, self.filter())
        except MeterDeskError as exc:
            self.status.setText(str(exc))
            return 0
        self.status.setText(self.tr("%d change(s) exported to %s") % (count, path))
        return count

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export change log"), "change-log.csv",
                                              self.tr("CSV (*.csv)"))
        if path:
            self.export(path)
