"""The Fleet tab of the Upgrade pane: a queue of devices upgraded with one package."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.session import DeviceAddress
from app.upgrade.fleet import FAILED, REFUSED, SUCCESS, Fleet, FleetEntry
from ui.tasks import spawn

COLUMNS = (QT_TRANSLATE_NOOP("FleetBox", "Device"), QT_TRANSLATE_NOOP("FleetBox", "Link"),
           QT_TRANSLATE_NOOP("FleetBox", "State"), QT_TRANSLATE_NOOP("FleetBox", "Progress"),
           QT_TRANSLATE_NOOP("FleetBox", "Result"))  # fmt: skip


class FleetBox(QWidget):
    """Devices to upgrade, their states and progress; start, pause, resume, cancel.

    ``make_fleet(entries, tcp_parallel)`` builds the :class:`Fleet` with the
    pane's package, backup store and options (None when no package is open).
    """

    def __init__(self, make_fleet: Callable[[list[FleetEntry], int], Fleet | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.make_fleet = make_fleet
        self.entries: list[FleetEntry] = []
        self.fleet: Fleet | None = None
        self.task: asyncio.Task | None = None
        self._bars: list[QProgressBar] = []
        self._build()
        self._update_buttons()

    def _build(self) -> None:
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.parallel_spin = QSpinBox(minimum=1, maximum=32, value=4)
        self.parallel_spin.setToolTip(self.tr("Devices on their own TCP connections upgraded at once; "
                                              "a serial line always takes one device at a time"))
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.clicked.connect(self.start)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.summary = QLabel(wordWrap=True)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(QLabel(self.tr("TCP devices at once")))
        row.addWidget(self.parallel_spin)
        row.addWidget(self.start_button)
        row.addWidget(self.pause_button)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.summary)

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def add(self, address: DeviceAddress, via_gateway: bool = False) -> bool:
        """Queue a device (once); False if it is already queued or a run is under way."""
        if self.running or any(e.address == address for e in self.entries):
            return False
        self.entries.append(FleetEntry(address, via_gateway))
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(address.name))
        self.table.setItem(row, 1, QTableWidgetItem(address.label))
        bar = QProgressBar(maximum=1000, textVisible=True)
        self._bars.append(bar)
        self.table.setCellWidget(row, 3, bar)
        self.refresh()
        self._update_buttons()
        return True

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
            del self.entries[row]
            del self._bars[row]
        self._update_buttons()

    def start(self) -> None:
        pending = [e for e in self.entries if e.state not in SUCCESS]
        fleet = self.make_fleet(pending, self.parallel_spin.value()) if pending else None
        if fleet is None:
            return
        for entry in pending:
            entry.state, entry.message, entry.progress = "queued", "", None
        self.fleet = fleet
        self.task = spawn(fleet.run(), self._failed)
        self.task.add_done_callback(self._finished)
        self._update_buttons()

    def _finished(self, _task: asyncio.Task) -> None:
        """The final states, summary and buttons, once the run's task is done (not from within it)."""
        self.refresh()
        self._update_buttons()

    def _failed(self, message: str) -> None:
        self.summary.setText(message)

    def toggle_pause(self) -> None:
        if self.fleet is None:
            return
        if self.fleet.paused:
            self.fleet.resume()
        else:
            self.fleet.pause()
        self._update_buttons()

    def cancel(self) -> None:
        if self.task is not None:
            if self.fleet is not None:
                self.fleet.resume()  # let paused devices see the cancel
            self.task.cancel()

    def refresh(self) -> None:
        """Show every entry's state, progress and result (called by the pane's timer while a run is under way)."""
        for row, entry in enumerate(self.entries):
            state = QTableWidgetItem(_(entry.state))

            self.table.setItem(row, 2, state)
            p = entry.progress
            bar = self._bars[row]
            if entry.state in SUCCESS:
                bar.setValue(bar.maximum())
                bar.setFormat(self.tr("done"))
            elif p is not None and p.total:
                bar.setValue(int(bar.maximum() * p.done / p.total))
                bar.setFormat(f"{p.step}/{p.steps} {p.done / 1024:.0f}/{p.total / 1024:.0f} kB")
            elif p is not None:
                bar.setFormat(p.phase_text)
            result = entry.message if entry.state in (FAILED, REFUSED) or entry.state in SUCCESS else ""
            if entry.state in SUCCESS and entry.after:
                result = self.tr("firmware %1 → %2").replace("%1", entry.before).replace("%2", entry.after)
            item = QTableWidgetItem(result)
            item.setToolTip(entry.message or entry.folder)
            self.table.setItem(row, 4, item)
        if self.entries and not self.running and any(e.state not in ("queued",) for e in self.entries):
            done = sum(e.state in SUCCESS for e in self.entries)
            self.summary.setText(self.tr("%1 of %2 devices upgraded or up to date")
                                 .replace("%1", str(done)).replace("%2", str(len(self.entries))))

    def _update_buttons(self) -> None:
        running = self.running
        self.start_button.setEnabled(bool(self.entries) and not running)
        self.remove_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.pause_button.setText(self.tr("Resume") if self.fleet is not None and self.fleet.paused
                                  else self.tr("Pause"))
        self.cancel_button.setEnabled(running)

    def state(self) -> dict[str, Any]:
        """Each device's state by name (for tests and the status bar)."""
        return {e.name: e.state for e in self.entries}
