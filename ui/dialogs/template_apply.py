"""Apply a configuration as a template to several devices of the same model.

Device-specific settings (unit ids, IP addresses, names) are left out; a
value typed in a device's row writes that device's own. Every device's values
are checked before the first frame; then devices are written a few at a time
with progress, a result per device and a cancel that stops the devices not yet
started.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import ChangeLog, Configuration
from app.config.templates import (
    CANCELLED,
    DONE,
    FAILED,
    UNREACHABLE,
    DeviceOutcome,
    Target,
    apply_template,
    summary,
    template_of,
)
from app.errors import ValidationError
from app.i18n import _
from app.modbus import codec
from app.modbus.codec import Value
from app.session import DeviceAddress, LinkPool
from ui.tasks import spawn

STATUS_COLOURS = {DONE: "#2e7d32", FAILED: "#c62828", UNREACHABLE: "#c62828", CANCELLED: "#757575"}


class TemplateDialog(QDialog):
    """Write ``template`` to chosen devices among ``addresses`` (those of its model are listed)."""

    def __init__(self, template: Configuration, addresses: list[DeviceAddress], pool: LinkPool,
                 log: ChangeLog | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Apply settings to devices"))
        self.resize(900, 480)
        self.template = template
        self.pool = pool
        self.log = log
        self.outcomes: list[DeviceOutcome] = []
        self.cancel_event = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._rows: dict[int, int] = {}  # id(target) -> table row
        self.concurrency = 4  # devices written at once
        profile = template.profile
        self.addresses = [a for a in addresses if a.profile_id == profile.id]
        self.specific = [r for r in profile.settings() if r.device_specific]
        shared = template_of(template).values

        intro = QLabel(self.tr("Write %d settings of this %s configuration to the devices ticked below. Each "
                               "device is checked first, then written and verified setting by setting.")
                       % (len(shared), profile.model))
        intro.setWordWrap(True)
        left_out = ", ".join(r.label for r in self.specific) or self.tr("none")
        specific = QLabel(self.tr("Device-specific settings are never copied: %s. Type a value in a device's row "
                                  "to write that device's own; leave it empty to keep what the device has.")
                          % left_out)
        specific.setWordWrap(True)
        specific.setStyleSheet("color: #616161;")

        self.table = QTableWidget(len(self.addresses), 3 + len(self.specific))
        self.table.setHorizontalHeaderLabels([self.tr("Device"), self.tr("Link"),
                                              *(r.label for r in self.specific), self.tr("Result")])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, address in enumerate(self.addresses):
            name = QTableWidgetItem(address.name)
            name.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            name.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(row, 0, name)
            link = QTableWidgetItem(address.label)
            link.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 1, link)
            for k, _reg in enumerate(self.specific):
                self.table.setItem(row, 2 + k, QTableWidgetItem(""))
            self.table.setItem(row, self.result_column, QTableWidgetItem(""))
            self.table.item(row, self.result_column).setFlags(Qt.ItemFlag.ItemIsEnabled)

        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v of %m devices"))
        self.summary = QLabel(self.tr("No device of this model in My devices.") if not self.addresses else "")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.apply_button = QPushButton(self.tr("Apply"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.apply_button.setEnabled(bool(self.addresses))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(specific)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    @property
    def result_column(self) -> int:
        return 2 + len(self.specific)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def _row(self, name: str) -> int:
        """The table row of the device called ``name``."""
        return next(i for i, a in enumerate(self.addresses) if a.name == name)

    def set_checked(self, name: str, checked: bool) -> None:
        """Tick or untick a device by name."""
        for row, address in enumerate(self.addresses):
            if address.name == name:
                self.table.item(row, 0).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_value(self, name: str, setting: str, text: str) -> None:
        """Type a device's own value of a device-specific setting."""
        col = 2 + [r.name for r in self.specific].index(setting)
        self.table.item(self._row(name), col).setText(text)

    def targets(self) -> list[tuple[int, Target]]:
        """(row, target) of every ticked device; raises ValidationError naming a bad typed value."""
        chosen = []
        for row, address in enumerate(self.addresses):
            if self.table.item(row, 0).checkState() != Qt.CheckState.Checked:
                continue
            values: dict[str, Value] = {}
            for k, reg in enumerate(self.specific):
                text = self.table.item(row, 2 + k).text().strip()
                if text:
                    try:
                        values[reg.name] = codec.validate(reg, codec.parse_text(reg, text))
                    except ValidationError as exc:
                        raise ValidationError(f"{address.name}: {exc}") from None
            chosen.append((row, Target(address, values)))
        return chosen

    def start(self) -> None:
        """Check every ticked device, then write them; results fill in as they finish."""
        try:
            chosen = self.targets()
        except ValidationError as exc:
            self._show_summary(str(exc), False)
            return
        if not chosen:
            self._show_summary(self.tr("Tick at least one device."), False)
            return
        self.outcomes = []
        self.cancel_event.clear()
        self._rows = {id(t): row for row, t in chosen}
        for row, _t in chosen:
            self._set_result(row, self.tr("waiting…"), "#757575")
        self.progress.setRange(0, len(chosen))
        self.progress.setValue(0)
        self.apply_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancel"))
        self._show_summary(self.tr("Writing %d device(s)…") % len(chosen), True)
        self._task = spawn(self._apply([t for _r, t in chosen]), self._failed)

    async def _apply(self, targets: list[Target]) -> None:
        try:
            self.outcomes = await apply_template(self.template, targets, pool=self.pool, cancel=self.cancel_event,
                                                 concurrency=self.concurrency, on_result=self._on_result,
                                                 log=self.log)
        finally:
            self.apply_button.setEnabled(True)
            self.cancel_button.setText(self.tr("Close"))
        self._show_summary(summary(self.outcomes), all(o.ok for o in self.outcomes))

    def _on_result(self, outcome: DeviceOutcome) -> None:
        row = self._rows[id(outcome.target)]
        text = _(outcome.status) if outcome.report is None else f"{_(outcome.status)}: {outcome.report.summary()}"
        if outcome.report is None and outcome.message:
            text += f": {outcome.message}"
        self._set_result(row, text, STATUS_COLOURS.get(outcome.status, "#000000"))
        self.progress.setValue(self.progress.value() + 1)

    def _failed(self, message: str) -> None:
        self.apply_button.setEnabled(True)
        self.cancel_button.setText(self.tr("Close"))
        self._show_summary(message, False)

    def cancel(self) -> None:
        """While writing: stop the devices not yet started. Otherwise: close."""
        if self.running:
            self.cancel_event.set()
            self._show_summary(self.tr("Cancelling: devices being written finish, the others are not started…"),
                               False)
        else:
            self.reject()

    def reject(self) -> None:
        if self.running:
            self.cancel_event.set()
            return
        super().reject()

    def _set_result(self, row: int, text: str, colour: str) -> None:
        item = self.table.item(row, self.result_column)
        item.setText(text)
        item.setToolTip(text)
        item.setForeground(QBrush(QColor(colour)))

    def _show_summary(self, text: str, ok: bool) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet("" if ok else "color: #c62828;")

    def result_of(self, name: str) -> str:
        return self.table.item(self._row(name), self.result_column).text()

