"""Measurements pane: live values, trends, phasors with wiring diagnosis, branch circuits, logging.

The pane follows the device selected in *My devices*. While that device is
connected, :class:`~app.live.poller.Poller` reads its measurement groups at
their profile rates on the GUI's qasync loop; every poll refreshes the value
table, feeds the ring buffers the trends draw from (at 25 Hz, not per
sample) and, when logging, appends to the CSV log. What else is shown depends
on the device:

* meters with phasor registers (ION7400): the phasor diagram and the wiring
  diagnosis;
* a BCPME board: the grid of its 84 circuits and the mains of both panels;
* Iskra meters: their energy counters; the Bicom: its switch; the SG gateway:
  the devices behind it, each of which can be shown here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.drivers.bcpme import BcpmeDevice
from app.drivers.generic import Device
from app.drivers.iskra import Attached, IskraBicom, IskraGateway, IskraMeter
from app.errors import MeterDeskError
from app.live.branches import BoardReader, BoardSnapshot
from app.live.csv_log import CsvLogger
from app.live.periodic import Periodic
from app.live.phasors import SETTINGS as PHASOR_SETTINGS
from app.live.phasors import has_phasors, phasor_registers, phasor_set
from app.live.poller import Poller, PollReport
from app.live.ring import RingBuffer
from app.modbus.codec import Value
from app.session import DeviceSession
from ui.panes.measurements_iskra import (
    AttachedTable,
    CountersTable,
    SwitchBox,
    counter_exponent_names,
)
from ui.panes.measurements_phasors import PhasorTab
from ui.sessions import Sessions
from ui.tasks import spawn
from ui.widgets.branch_grid import BranchGrid
from ui.widgets.trend_plot import TrendPlot
from ui.widgets.value_table import ValueTable

BOARD_PERIOD = 1.0  # s, BCPME circuits and mains
COUNTERS_PERIOD = 15.0  # s, Iskra energy counters
PHASOR_SETTINGS_PERIOD = 10.0  # s, volts mode and phase order
STALE_STYLE = "color: #c62828"


class MeasurementsPane(QWidget):
    """Live measurements of the device selected in the tree."""

    title = QT_TRANSLATE_NOOP("MainWindow", "Measurements")

    def __init__(self, sessions: Sessions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sessions = sessions
        self.session: DeviceSession | None = None
        self.device: Device | None = None
        self.poller: Poller | None = None
        self.settings_poller: Poller | None = None
        self.board: Periodic[BoardSnapshot] | None = None
        self.counters: Periodic | None = None
        self.logger: CsvLogger | None = None
        self.buffers: dict[str, RingBuffer] = {}
        self._jobs: list[Poller | Periodic] = []
        self._tasks: list[asyncio.Task] = []
        self._groups: dict[str, list[list[int]]] = {}  # BCPME logical circuits per device name
        self._gateway: IskraGateway | None = None  # the SG whose attached device is shown
        self._build()
        self.sessions.sig_state_changed.connect(self._on_state_changed)
        self._show_idle(self.tr("Select a device in My devices."))

    # ---- layout

    def _build(self) -> None:
        self.device_label = QLabel()
        self.device_label.setStyleSheet("font-weight: bold")
        self.status_label = QLabel(wordWrap=True)
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.clicked.connect(self._connect)
        self.back_button = QPushButton(self.tr("Back to the gateway"))
        self.back_button.clicked.connect(self._back_to_gateway)
        header = QHBoxLayout()
        header.addWidget(self.device_label)
        header.addWidget(self.status_label, 1)
        header.addWidget(self.back_button)
        header.addWidget(self.connect_button)

        self.table = ValueTable()
        self.table.sig_trend_toggled.connect(self._on_trend_toggled)
        self.reset_button = QPushButton(self.tr("Reset min/max"))
        self.reset_button.clicked.connect(self.reset_extremes)
        self.log_button = QPushButton(self.tr("Log to CSV…"))
        self.log_button.setCheckable(True)
        self.log_button.clicked.connect(self._on_log_clicked)
        self.log_interval = QDoubleSpinBox(minimum=0.0, maximum=3600.0, value=1.0, decimals=1, suffix=" s")
        self.log_interval.setToolTip(self.tr("Log at most this often (0: every poll)"))
        self.log_label = QLabel()
        tools = QHBoxLayout()
        tools.addWidget(self.reset_button)
        tools.addStretch(1)
        tools.addWidget(self.log_label)
        tools.addWidget(QLabel(self.tr("every")))
        tools.addWidget(self.log_interval)
        tools.addWidget(self.log_button)
        self.values_page = QWidget()
        values = QVBoxLayout(self.values_page)
        values.setContentsMargins(0, 0, 0, 0)
        values.addLayout(tools)
        values.addWidget(self.table, 1)
        self.switch = SwitchBox()
        values.addWidget(self.switch)

        self.trend = TrendPlot()
        self.trend.sig_error.connect(self._say_error)
        self.phasors = PhasorTab()
        self.grid = BranchGrid()
        self.grid.sig_groups_changed.connect(self._on_groups_changed)
        self.grid.sig_trend_requested.connect(self._trend_circuit)
        self.counters_table = CountersTable()
        self.attached = AttachedTable()
        self.attached.sig_show.connect(self._show_attached)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.values_page, self.tr("Values"))
        self.tabs.addTab(self.grid, self.tr("Branch circuits"))
        self.tabs.addTab(self.phasors, self.tr("Phasors"))
        self.tabs.addTab(self.counters_table, self.tr("Energy counters"))
        self.tabs.addTab(self.attached, self.tr("Behind the gateway"))
        self.tabs.addTab(self.trend, self.tr("Trends"))
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

    # ---- following the selected device

    def set_session(self, session: DeviceSession | None) -> None:
        """Show ``session``'s device (polling it while it is connected)."""
        if session is self.session and self.device is not None:
            return
        self._stop()
        self._gateway = None
        self.session = session
        self._sync()

    def _on_state_changed(self, session: DeviceSession) -> None:
        if session is self.session:
            self._sync()

    def _sync(self) -> None:
        session = self.session
        if session is None:
            self._show_idle(self.tr("Select a device in My devices."))
            return
        if session.device is None:
            self._stop()
            text = {"connecting": self.tr("Connecting…"), "error": session.last_error}.get(
                session.state, self.tr("Not connected: connect to see its measurements."))
            self._show_idle(text, session.address.name, can_connect=session.state != "connecting")
            return
        if self._gateway is None and session.device is not self.device:
            self._start(session.device, session.address.name)
        elif session.state == "reconnecting":
            self._set_status(session.last_error, stale=True)

    def _connect(self) -> None:
        if self.session is not None:
            self.connect_button.setEnabled(False)
            spawn(self.sessions.connect(self.session), self._say_error)

    # ---- starting and stopping

    def _start(self, device: Device, name: str) -> None:
        self._stop()
        self.device = device
        self.device_label.setText(name)
        self.connect_button.hide()
        self.back_button.setVisible(self._gateway is not None)
        bcpme = isinstance(device, BcpmeDevice)
        phasors = has_phasors(device.profile)
        self.poller = Poller(device, groups=["mains"] if bcpme else None)
        self.poller.listeners.append(self._on_poll)
        self._jobs.append(self.poller)
        groups = []
        for schedule in self.poller.schedules.values():
            label = self.tr("Mains (panel 1)") if bcpme and schedule.group.id == "mains" else schedule.group.label
            if schedule.group.id != "phasors":
                groups.append((label, [self.poller.points[n] for n in schedule.names]))
        self.table.set_points(groups)
        self.buffers = {name: RingBuffer() for name, point in self.poller.points.items() if point.numeric}
        self.phasors.clear(self.tr("Waiting for the first phasor reading…"))
        if phasors:
            names = [n for n in PHASOR_SETTINGS if device.profile.has(n)]
            self.settings_poller = Poller(device, names=names)
            for group in self.settings_poller.schedules:
                self.settings_poller.set_rate(group, PHASOR_SETTINGS_PERIOD)
            self.settings_poller.listeners.append(lambda report: self._update_phasors(report.error))
            self._jobs.append(self.settings_poller)
        if bcpme:
            self.grid.set_groups(self._groups.get(name, []))
            self.board = Periodic(BoardReader(device), BOARD_PERIOD)
            self.board.listeners.append(self._on_board)
            self._jobs.append(self.board)
        if isinstance(device, IskraMeter):
            self.counters = Periodic(lambda: _read_counters(device), COUNTERS_PERIOD)
            self.counters.listeners.append(self._on_counters)
            self._jobs.append(self.counters)
        self.switch.setVisible(isinstance(device, IskraBicom))
        self.switch.set_device(device if isinstance(device, IskraBicom) else None)
        if isinstance(device, IskraGateway):
            spawn(self._read_attached(device), self._say_error)
        self._show_tabs(values=True, branches=bcpme, phasors=phasors, counters=isinstance(device, IskraMeter),
                        attached=isinstance(device, IskraGateway))
        self._set_status(self.tr("Reading…"))
        self._tasks = [spawn(job.run(), self._say_error) for job in self._jobs]

    def _stop(self) -> None:
        for job in self._jobs:
            job.stop()
        for task in self._tasks:
            task.cancel()
        self._jobs.clear()
        self._tasks.clear()
        self.stop_logging()
        self.trend.clear_series()
        self.buffers.clear()
        self.poller = self.settings_poller = self.board = self.counters = None
        self.device = None

    def shutdown(self) -> None:
        """Stop polling, logging and the trend timer (the window is closing)."""
        self._stop()
        self.trend.shutdown()

    def _show_idle(self, text: str, name: str = "", can_connect: bool = False) -> None:
        self.device_label.setText(name)
        self.connect_button.setVisible(can_connect)
        self.connect_button.setEnabled(can_connect)
        self.back_button.hide()
        self.table.set_points([])
        self.switch.hide()
        self._show_tabs(values=True)
        self._set_status(text)

    def _show_tabs(self, **shown: bool) -> None:
        pages = {"values": self.values_page, "branches": self.grid, "phasors": self.phasors,
                 "counters": self.counters_table, "attached": self.attached, "trends": self.trend}
        shown.setdefault("trends", shown.get("values", False))
        for key, page in pages.items():
            self.tabs.setTabVisible(self.tabs.indexOf(page), bool(shown.get(key)))

    # ---- results

    def _on_poll(self, report: PollReport) -> None:
        poller = self.poller
        if poller is None:
            return
        names = [n for group in report.groups for n in poller.schedules[group].names]
        self.table.refresh(names)
        for name in names:  # a failed poll leaves a gap (n/a) in the trends
            buffer = self.buffers.get(name)
            if buffer is not None:
                buffer.append(report.time, poller.points[name].number if report.ok else None)
        self.trend.mark_dirty()
        if report.ok:
            stamp = datetime.fromtimestamp(report.time).strftime("%H:%M:%S")
            plural = "" if report.requests == 1 else "s"
            self._set_status(self.tr("Live · updated %s · %d request%s") % (stamp, report.requests, plural))
        else:
            self._set_status(report.error, stale=True)
        if "phasors" in report.groups:
            self._update_phasors(report.error)
        if isinstance(self.device, IskraBicom) and "relay_state" in poller.points:
            self.switch.show_state(poller.points["relay_state"].text)
        self._log()

    def _update_phasors(self, stale: str = "") -> None:
        """Show the phasors once both they and the settings saying how to read them are in."""
        if self.poller is None or self.device is None:
            return
        points = [*self.poller.points.values(), *(self.settings_poller.points.values() if self.settings_poller else ())]
        needed = set(phasor_registers(self.device.profile))
        if any(p.time is None for p in points if p.name in needed):
            return
        values: dict[str, Value] = {p.name: p.value for p in points}
        self.phasors.show_phasors(phasor_set(self.device.profile, values), stale=stale)

    def _on_board(self, job: Periodic[BoardSnapshot]) -> None:
        if job.result is None:
            self._set_status(job.error, stale=True)
            return
        self.grid.show_snapshot(job.result, stale=job.error)
        if not job.error:
            for number, circuit in ((c.number, c) for c in job.result.circuits):
                buffer = self.buffers.get(f"circuit {number} current")
                if buffer is not None:
                    buffer.append(job.time, circuit.current)
            self.trend.mark_dirty()

    def _on_counters(self, job: Periodic) -> None:
        if job.result is not None:
            self.counters_table.show_counters(*job.result)

    async def _read_attached(self, gateway: IskraGateway) -> None:
        self.attached.show_attached(await gateway.attached())

    def _show_attached(self, attached: Attached) -> None:
        """Poll a device behind the SG through the SG's link."""
        gateway = self.device
        if not isinstance(gateway, IskraGateway):
            return
        device = gateway.device(attached)
        self._gateway = gateway
        self._start(device, self.tr("%s (%s) via %s") % (attached.slot, attached.model, self.session.address.name))

    def _back_to_gateway(self) -> None:
        if self._gateway is not None:
            gateway, self._gateway = self._gateway, None
            self._start(gateway, self.session.address.name if self.session else gateway.name)

    # ---- min/max, trends, logging

    def reset_extremes(self) -> None:
        if self.poller is not None:
            self.poller.reset_extremes()
            self.table.refresh()

    def _on_trend_toggled(self, name: str, on: bool) -> None:
        if not on:
            self.trend.remove_series(name)
        elif self.poller is not None and name in self.buffers:
            reg = self.poller.points[name].register
            self.trend.add_series(name, reg.label, reg.unit, self.buffers[name])

    def _trend_circuit(self, number: int) -> None:
        key = f"circuit {number} current"
        self.buffers.setdefault(key, RingBuffer())
        self.trend.add_series(key, self.tr("Circuit %d current") % number, "A", self.buffers[key])
        self.tabs.setCurrentWidget(self.trend)

    def _on_groups_changed(self, groups: list[list[int]]) -> None:
        if self.session is not None:
            self._groups[self.session.address.name] = groups

    def start_logging(self, path: str, interval: float | None = None) -> None:
        """Log every polled value to ``path`` (CSV, rotated by size) until :meth:`stop_logging`."""
        self.stop_logging()
        self.logger = CsvLogger(path, interval=self.log_interval.value() if interval is None else interval)
        self.log_button.setChecked(True)
        self.log_button.setText(self.tr("Stop logging"))
        self.log_label.setText(self.tr("Logging to %s") % path)

    def stop_logging(self) -> None:
        if self.logger is not None:
            self.logger.close()
            self.log_label.setText(self.tr("Logged %d rows to %s") % (self.logger.rows, self.logger.current))
        self.logger = None
        self.log_button.setChecked(False)
        self.log_button.setText(self.tr("Log to CSV…"))

    def _on_log_clicked(self, checked: bool) -> None:
        if not checked:
            self.stop_logging()
            return
        default = f"{(self.device.name if self.device else 'meterdesk').replace('/', '_').replace(':', '_')}.csv"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Log to CSV"), default, self.tr("CSV files (*.csv)"))
        if path:
            self.start_logging(path)
        else:
            self.log_button.setChecked(False)

    def _log(self) -> None:
        if self.logger is None or self.poller is None or self.device is None:
            return
        try:
            self.logger.log(self.device.name, self.poller.points.values())
        except MeterDeskError as exc:
            self.stop_logging()
            self._say_error(str(exc))
            return
        self.log_label.setText(self.tr("Logging to %s · %d rows") % (self.logger.current, self.logger.rows))

    # ---- messages

    def _set_status(self, text: str, stale: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(STALE_STYLE if stale else "")
        self.status_label.setToolTip(text)

    def _say_error(self, text: str) -> None:
        self._set_status(text, stale=True)
        self.connect_button.setEnabled(True)


async def _read_counters(device: IskraMeter) -> tuple[list, Mapping[str, int | None]]:
    """The counters with units and directions, and the exponents of those that have one."""
    counters = await device.counters()
    names = counter_exponent_names(counters, device.profile.has)
    exponents = await device.read(names) if names else {}
    return counters, exponents
