"""Traffic monitor: every Modbus frame the sessions exchange, in hex, with what it means.

Engineers use it to prove to a vendor what a device answered: frames are
shown byte for byte with a millisecond timestamp, direction, unit, decoded
function and exception text, and saved as plain text. The table is refreshed
from a timer (10 Hz), never per frame, so a busy bus cannot flood the GUI.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import MeterDeskError
from app.modbus.link import ModbusLink
from app.modbus.traffic import Frame, TrafficLog, stamp
from ui.sessions import Sessions

REFRESH_MS = 100
COLUMNS = (QT_TRANSLATE_NOOP("FrameModel", "Time"), QT_TRANSLATE_NOOP("FrameModel", "Device"),
           QT_TRANSLATE_NOOP("FrameModel", "Dir"), QT_TRANSLATE_NOOP("FrameModel", "Unit"),
           QT_TRANSLATE_NOOP("FrameModel", "Function"), QT_TRANSLATE_NOOP("FrameModel", "Exception"),
           QT_TRANSLATE_NOOP("FrameModel", "Bytes"), QT_TRANSLATE_NOOP("FrameModel", "Frame (hex)"))  # fmt: skip
_EXCEPTION_BRUSH = QBrush(QColor("#c62828"))

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class FrameModel(QAbstractTableModel):
    """The frames shown, oldest first, at most ``capacity`` rows."""

    def __init__(self, names: dict[tuple[str, int | None], str], capacity: int = 10_000) -> None:
        super().__init__()
        self.frames: list[Frame] = []
        self.names = names  # (link name, unit) -> device name
        self.capacity = capacity

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.frames)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        frame = self.frames[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(frame, column)
        if role == Qt.ItemDataRole.ForegroundRole and frame.exception_code is not None and column in (4, 5):
            return _EXCEPTION_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return frame.link
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return frame.exception_text or None
        return None

    def text(self, frame: Frame, column: int) -> str:
        match column:
            case 0:
                return stamp(frame.time)
            case 1:
                return self.names.get((frame.link, frame.unit), frame.link)
            case 2:
                return "→" if frame.direction == "tx" else "←"
            case 3:
                return "" if frame.unit is None else str(frame.unit)
            case 4:
                return frame.function_text
            case 5:
                return frame.exception_text
            case 6:
                return str(len(frame.data))
            case _:
                return frame.data.hex(" ").upper()

    def append(self, frames: list[Frame]) -> None:
        if not frames:
            return
        first = len(self.frames)
        self.beginInsertRows(QModelIndex(), first, first + len(frames) - 1)
        self.frames.extend(frames)
        self.endInsertRows()
        excess = len(self.frames) - self.capacity
        if excess > 0:
            self.beginRemoveRows(QModelIndex(), 0, excess - 1)
            del self.frames[:excess]
            self.endRemoveRows()

    def reset(self, frames: list[Frame]) -> None:
        self.beginResetModel()
        self.frames = frames[-self.capacity:]
        self.endResetModel()


class TrafficPane(QWidget):
    """Raw frames of every link the sessions open, filtered per device, pausable, savable."""

    title = QT_TRANSLATE_NOOP("MainWindow", "Traffic")

    def __init__(self, sessions: Sessions, parent: QWidget | None = None, capacity: int = 10_000) -> None:
        super().__init__(parent)
        self.sessions = sessions
        self.log = TrafficLog(capacity)
        self._seen = 0
        self._names: dict[tuple[str, int | None], str] = {}
        self.model = FrameModel(self._names, capacity)
        self._build()
        for link in sessions.pool.links():
            self.watch(link)
        sessions.pool.link_added.append(self.watch)
        sessions.sig_state_changed.connect(self._on_session)
        self._timer = QTimer(self, interval=REFRESH_MS, timeout=self.refresh)
        self._timer.start()

    def _build(self) -> None:
        self.device_combo = QComboBox()
        self.device_combo.addItem(self.tr("All devices"), None)
        self.device_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.device_combo.currentIndexChanged.connect(self._refilter)
        self.pause_box = QCheckBox(self.tr("Pause"))
        self.pause_box.setToolTip(self.tr("Stop recording frames (frames exchanged meanwhile are not kept)"))
        self.pause_box.toggled.connect(self._on_pause)
        self.follow_box = QCheckBox(self.tr("Follow"), checked=True)
        self.follow_box.setToolTip(self.tr("Keep the newest frame in view"))
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(self.clear)
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.setToolTip(self.tr("Save the frames shown as text (time, device, direction, meaning, hex)"))
        self.save_button.clicked.connect(self._ask_save)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Device")))
        bar.addWidget(self.device_combo)
        bar.addWidget(self.pause_box)
        bar.addWidget(self.follow_box)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(clear)
        bar.addWidget(self.save_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 4)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)  # long texts elide; tooltip has them
        header.resizeSection(5, 34 * self.table.fontMetrics().horizontalAdvance("0") + 20)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self._update_count()

    # ---- sources

    def watch(self, link: ModbusLink) -> None:
        self.log.watch(link)

    def _on_session(self, session) -> None:
        link = session.link
        if link is None:
            return
        key = (link.name, session.address.unit)
        if self._names.get(key) != session.address.name:
            self._names[key] = session.address.name
            label = f"{session.address.name} ({session.address.label})"
            self.device_combo.addItem(label, key)

    # ---- display

    def refresh(self) -> None:
        """Show the frames recorded since the last refresh (called by the timer)."""
        new = self.log.since(self._seen)
        self._seen = self.log.total
        wanted = self.device_combo.currentData()
        frames = [f for f in new if self._matches(f, wanted)]
        if frames:
            self.model.append(frames)
            if self.follow_box.isChecked():
                self.table.scrollToBottom()
            self._update_count()

    @staticmethod
    def _matches(frame: Frame, key: tuple[str, int | None] | None) -> bool:
        return key is None or (frame.link, frame.unit) == key

    def _refilter(self) -> None:
        wanted = self.device_combo.currentData()
        self.model.reset([f for f in self.log.frames if self._matches(f, wanted)])
        self._seen = self.log.total
        self._update_count()

    def _on_pause(self, paused: bool) -> None:
        self.log.paused = paused

    def clear(self) -> None:
        self.log.clear()
        self.model.reset([])
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("%n frame(s)", "", len(self.model.frames)))

    # ---- saving

    def save(self, path: Path) -> None:
        """Write the frames shown (after filtering) as text lines, with device names."""
        lines = []
        for frame in self.model.frames:
            device = self.model.text(frame, 1)
            arrow = "->" if frame.direction == "tx" else "<-"
            meaning = frame.function_text + (f", {frame.exception_text}" if frame.exception_text else "")
            lines.append(f"{stamp(frame.time)}  {device}  {arrow}  unit {frame.unit}  {meaning}  "
                         f"{frame.data.hex(' ').upper()}\n")
        try:
            Path(path).write_text("".join(lines), encoding="utf-8")
        except OSError as exc:
            raise MeterDeskError(self.tr("cannot save the traffic to %s: %s") % (path, exc.strerror or exc)) from None

    def _ask_save(self) -> None:
        name = time.strftime("modbus-traffic-%Y%m%d-%H%M%S.txt")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save traffic"), str(Path.home() / name),
                                              self.tr("Text files (*.txt)"))
        if not path:
            return
        try:
            self.save(Path(path))
        except MeterDeskError as exc:
            self.count_label.setText(str(exc))

    def shutdown(self) -> None:
        self._timer.stop()
        if self.watch in self.sessions.pool.link_added:
            self.sessions.pool.link_added.remove(self.watch)
        for link in self.sessions.pool.links():
            self.log.unwatch(link)
