"""The Measurements pane's Iskra parts: energy counters, the Bicom switch, and the devices behind an SG.

* Counters: every counter with its value, unit, direction and (where the
  meter has one) its decade exponent, read every 15 s.
* Bicom: the relay state and ON / OFF / Toggle; every command is confirmed
  first (it switches a real load) and verified by reading the state back.
* SG gateway: the devices its settings enable, each identified; *Show* polls
  one of them through the gateway.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.drivers.iskra import Attached, Counter, IskraBicom
from ui.language import general, number
from ui.tasks import spawn

COUNTER_COLUMNS = (QT_TRANSLATE_NOOP("CountersTable", "Counter"), QT_TRANSLATE_NOOP("CountersTable", "Value"),
                   QT_TRANSLATE_NOOP("CountersTable", "Unit"), QT_TRANSLATE_NOOP("CountersTable", "Direction"),
                   QT_TRANSLATE_NOOP("CountersTable", "Exponent"),
                   QT_TRANSLATE_NOOP("CountersTable", "Resettable"))  # fmt: skip


def counter_exponent_names(counters: list[Counter], has: Callable[[str], bool]) -> list[str]:
    """Exponent registers (``<counter>_exp``) of the counters whose meter has them."""
    return [f"{c.name}_exp" for c in counters if has(f"{c.name}_exp")]


class CountersTable(QTableWidget):
    """Energy counters as the meter configures them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COUNTER_COLUMNS), parent)
        self.setHorizontalHeaderLabels([self.tr(c) for c in COUNTER_COLUMNS])
        self.verticalHeader().hide()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)

    def show_counters(self, counters: list[Counter], exponents: dict[str, int | None]) -> None:
        self.setRowCount(len(counters))
        for row, c in enumerate(counters):
            if c.value is None:
                value = self.tr("n/a")
            elif c.unit:
                value = number(c.value, c.unit)
            else:
                value = self.tr("%s (no unit set)") % general(c.value)
            exponent = exponents.get(f"{c.name}_exp")
            cells = (c.label, value, c.unit or "—", c.direction or "—",
                     "—" if exponent is None else f"10^{exponent}", self.tr("yes") if c.resettable else self.tr("no"))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    item.setToolTip(f"{c.value!r} {c.unit}" if c.value is not None else "")
                self.setItem(row, col, item)


class SwitchBox(QGroupBox):
    """The Bicom relay: its state, and commands that ask first and check the result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Latching switch"), parent)
        self.device: IskraBicom | None = None
        self.state_label = QLabel(self.tr("State: —"))
        self.result_label = QLabel(wordWrap=True)
        self.buttons = {cmd: QPushButton(text) for cmd, text in
                        (("ON", self.tr("Switch ON")), ("OFF", self.tr("Switch OFF")), ("TOGGLE", self.tr("Toggle")))}
        row = QHBoxLayout()
        for command, button in self.buttons.items():
            button.clicked.connect(lambda _=False, c=command: self.send(c))
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        #: Asks the user; returns True to go ahead (tests replace it).
        self.confirm: Callable[[str], bool] = self._ask

    def set_device(self, device: IskraBicom | None) -> None:
        self.device = device
        self.result_label.clear()
        for button in self.buttons.values():
            button.setEnabled(device is not None)

    def show_state(self, text: str) -> None:
        self.state_label.setText(self.tr("State: %s") % text)

    def send(self, command: str) -> None:
        """Confirm, send ``command`` and report the verified outcome."""
        if self.device is None or not self.confirm(self.device.confirmation(command)):
            return
        for button in self.buttons.values():
            button.setEnabled(False)
        self.result_label.setText(self.tr("Sending %s…") % command)
        spawn(self._send(command), self._failed)

    async def _send(self, command: str) -> None:
        assert self.device is not None
        try:
            result = await self.device.switch(command)
        finally:
            for button in self.buttons.values():
                button.setEnabled(self.device is not None)
        mark = "✔" if result.ok else "✘"
        self.result_label.setText(f"{mark} {command}: {result.message}")
        self.result_label.setStyleSheet("" if result.ok else "color: #c62828")
        if result.after:
            self.show_state(result.after)

    def _failed(self, message: str) -> None:
        self.result_label.setText(f"✘ {message}")
        self.result_label.setStyleSheet("color: #c62828")

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Switch the load?"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes


class AttachedTable(QWidget):
    """The devices behind an SG gateway; *Show* asks the pane to poll one of them."""

    sig_show = Signal(object)  # Attached

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Slot"), self.tr("Unit"), self.tr("Model"), self.tr("Serial"), ""])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Devices the gateway's settings enable (SG manual L211-L213):")))
        layout.addWidget(self.table)
        self.attached: list[Attached] = []

    def show_attached(self, attached: list[Attached]) -> None:
        self.attached = attached
        self.table.setRowCount(len(attached))
        for row, a in enumerate(attached):
            for col, text in enumerate((a.slot, str(a.unit), a.model or "—", a.serial or "—")):
                self.table.setItem(row, col, QTableWidgetItem(text))
            if a.profile is not None:
                button = QPushButton(self.tr("Show"))
                button.clicked.connect(lambda _=False, item=a: self.sig_show.emit(item))
                self.table.setCellWidget(row, 4, button)
            else:
                self.table.setItem(row, 4, QTableWidgetItem(a.error or self.tr("unknown device")))
