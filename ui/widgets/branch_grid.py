"""BCPME branch circuits and mains in one sortable, filterable grid, coloured against the thresholds.

Rows: the mains of each panel (phases A, B, C and neutral), then the logical
circuits, ordered by circuit number; a logical circuit of two or three
channels is a group row (multi-phase totals) with its channels below it.
Colours follow :class:`~app.devices.bcpme_circuits.Severity`: amber when a
circuit is beyond an inner threshold or has a warning event, red beyond an
outer one (HH/LL) or with an alarm event.

Logical circuits are entered as text, e.g. ``1-3-5, 2-4`` (board-wide
circuit numbers 1-84); the meter's own assignment registers are not public.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.devices.bcpme_circuits import (
    Alarm,
    Circuit,
    CurrentLimits,
    LogicalCircuit,
    Severity,
    alarm_severity,
    logical_circuits,
)
from app.drivers.bcpme import Mains
from app.errors import MeterDeskError, ValidationError
from app.live.branches import BoardSnapshot
from ui import language

COLUMNS = (QT_TRANSLATE_NOOP("BranchGrid", "Circuit"), QT_TRANSLATE_NOOP("BranchGrid", "Panel"),
           QT_TRANSLATE_NOOP("BranchGrid", "Phase"), QT_TRANSLATE_NOOP("BranchGrid", "Breaker (A)"),
           QT_TRANSLATE_NOOP("BranchGrid", "Current (A)"), QT_TRANSLATE_NOOP("BranchGrid", "Alarm"),
           QT_TRANSLATE_NOOP("BranchGrid", "Power (kW)"), QT_TRANSLATE_NOOP("BranchGrid", "PF"),
           QT_TRANSLATE_NOOP("BranchGrid", "Demand (A)"), QT_TRANSLATE_NOOP("BranchGrid", "Demand (kW)"),
           QT_TRANSLATE_NOOP("BranchGrid", "Max demand (A)"))  # fmt: skip
(CIRCUIT, PANEL, PHASE, BREAKER, CURRENT, ALARM, POWER, PF, DEMAND_A, DEMAND_KW, MAX_DEMAND) = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 2
COLOURS = {Severity.WARNING: ("#fff3cd", "#7a4f00"), Severity.ALARM: ("#f8d7da", "#8e1b1b")}
_EVENT_NAMES = {Alarm.HH: QT_TRANSLATE_NOOP("BranchGrid", "HH latched"),
                Alarm.H: QT_TRANSLATE_NOOP("BranchGrid", "H latched"),
                Alarm.L: QT_TRANSLATE_NOOP("BranchGrid", "L latched"),
                Alarm.LL: QT_TRANSLATE_NOOP("BranchGrid", "LL latched"),
                Alarm.OFF: QT_TRANSLATE_NOOP("BranchGrid", "off latched"),
                Alarm.HIGH: QT_TRANSLATE_NOOP("BranchGrid", "high"),
                Alarm.LOW: QT_TRANSLATE_NOOP("BranchGrid", "low")}  # fmt: skip


def parse_groups(text: str) -> list[list[int]]:
    """``"1-3-5, 2-4"`` → ``[[1, 3, 5], [2, 4]]``; raises :class:`ValidationError` naming the bad part."""
    groups = []
    for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        try:
            groups.append([int(n) for n in part.split("-")])
        except ValueError:
            raise ValidationError(QCoreApplication.translate(
                "BranchGrid", "logical circuit '%s': write circuit numbers joined by '-', e.g. 1-3-5") % part) from None
    return groups


class _Filter(QSortFilterProxyModel):
    """Text (circuit, phase, alarm) and "alarms only"; a group row stays when a member matches."""

    def __init__(self) -> None:
        super().__init__()
        self.alarms_only = False
        self.text = ""  # lower case; plain text, not a pattern ("1-3", "HH latched")
        self.setRecursiveFilteringEnabled(True)
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        self.text = text.strip().lower()
        self.invalidate()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        model = self.sourceModel()
        first = model.index(row, CIRCUIT, parent)
        if self.alarms_only and (model.data(first, SEVERITY_ROLE) or 0) == Severity.OK:
            return False
        if not self.text:
            return True
        texts = [model.data(model.index(row, c, parent)) or "" for c in (CIRCUIT, PHASE, ALARM)]
        return any(self.text in t.lower() for t in texts)


class BranchGrid(QWidget):
    """Every branch circuit and the mains of a BCPME board."""

    sig_groups_changed = Signal(list)  # list[list[int]], validated against the circuits read
    sig_trend_requested = Signal(int)  # circuit number whose current to trend

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit(placeholderText=self.tr("Filter: circuit, phase or alarm"), clearButtonEnabled=True)
        self.alarms_only = QCheckBox(self.tr("Alarms only"))
        self.groups_edit = QLineEdit(placeholderText=self.tr("Logical circuits, e.g. 1-3-5, 2-4"))
        self.groups_edit.setToolTip(self.tr("Adjacent channels metered as one multi-phase load (1 to 3 "
                                            "channels, same panel); board-wide circuit numbers"))
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #8e1b1b")
        self.summary = QLabel()
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.proxy = _Filter()
        self.proxy.setSourceModel(self.model)
        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(False)
        self.view.sortByColumn(CIRCUIT, Qt.SortOrder.AscendingOrder)
        self.view.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_menu)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.alarms_only)
        bar.addWidget(self.groups_edit, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self.message.hide()

        self.filter_edit.textChanged.connect(self._on_filter)
        self.alarms_only.toggled.connect(self._on_alarms_only)
        self.groups_edit.editingFinished.connect(self._on_groups_edited)
        self.groups: list[list[int]] = []
        self.snapshot: BoardSnapshot | None = None
        self._rows: dict[str, list[QStandardItem]] = {}
        self._structure: tuple = ()

    # ---- content

    def set_groups(self, groups: Sequence[Sequence[int]]) -> None:
        """Use these logical circuits (validated when circuits are shown)."""
        self.groups = [list(g) for g in groups]
        self.groups_edit.setText(", ".join("-".join(str(n) for n in g) for g in self.groups))
        if self.snapshot is not None:
            self.show_snapshot(self.snapshot)

    def show_snapshot(self, snapshot: BoardSnapshot, stale: str = "") -> None:
        """Show a board snapshot; ``stale`` (the reason) greys the values."""
        self.snapshot = snapshot
        try:
            logical = logical_circuits(snapshot.circuits, self.groups)
        except ValidationError as exc:
            self._say(str(exc))
            self.groups = []
            logical = logical_circuits(snapshot.circuits)
        structure = (tuple(m.panel for m in snapshot.mains), tuple(lc.numbers for lc in logical))
        rebuilt = structure != self._structure
        if rebuilt:
            self._rebuild(snapshot.mains, logical)
            self._structure = structure
        for mains in snapshot.mains:
            self._fill_mains(mains)
        for lc in logical:
            if len(lc.members) > 1:
                self._fill(f"group {lc.label}", _group_cells(lc), lc.severity, _alarm_text(lc.alarms, None, None))
            for c in lc.members:
                self._fill(f"circuit {c.number}", _circuit_cells(c), c.severity,
                           _alarm_text(c.alarms, c.limits, c.current))
        self._grey(bool(stale))
        if rebuilt:
            for column in range(len(COLUMNS)):
                self.view.resizeColumnToContents(column)
        alarms = snapshot.alarms()
        counts = {s: sum(c.severity == s for c in alarms) for s in (Severity.ALARM, Severity.WARNING)}
        text = self.tr("{circuits} circuits, {alarm} in alarm, {warning} with a warning").format(
            circuits=len(snapshot.circuits), alarm=counts[Severity.ALARM], warning=counts[Severity.WARNING])
        self.summary.setText(text + (self.tr(" — stale: {reason}").format(reason=stale) if stale else ""))
        self.proxy.invalidate()

    # ---- queries (tests, other widgets)

    def row_texts(self, key: str) -> list[str]:
        """Texts of a row: ``"circuit 5"``, ``"group 1-3-5"`` or ``"mains 1 A"``."""
        return [item.text() for item in self._rows[key]]

    def row_severity(self, key: str) -> Severity:
        return Severity(self._rows[key][0].data(SEVERITY_ROLE) or 0)

    def row_background(self, key: str) -> QColor:
        return self._rows[key][0].background().color()

    def visible_keys(self) -> list[str]:
        """Keys of the rows the filter shows, in view order."""
        keys = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, CIRCUIT, parent)
                keys.append(self.proxy.data(index, Qt.ItemDataRole.UserRole))
                walk(index)

        walk(QModelIndex())
        return keys

    # ---- building

    def _rebuild(self, mains: Sequence[Mains], logical: Sequence[LogicalCircuit]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        self._rows.clear()
        root = self.model.invisibleRootItem()
        for m in mains:
            parent = self._row(root, f"mains {m.panel}", self.tr("Mains, panel %s") % m.panel, sort=-10 + m.panel)
            for k, phase in enumerate("ABCN"):
                self._row(parent, f"mains {m.panel} {phase}", self.tr("Mains %s") % phase, sort=k)
        for lc in logical:
            parent = root
            if len(lc.members) > 1:
                parent = self._row(root, f"group {lc.label}", lc.label, sort=lc.number)
            for c in lc.members:
                self._row(parent, f"circuit {c.number}", str(c.number), sort=c.number)
        self.view.expandAll()

    def _row(self, parent: QStandardItem, key: str, label: str, sort: float) -> QStandardItem:
        items = [QStandardItem() for _ in COLUMNS]
        for item in items:
            item.setEditable(False)
        items[CIRCUIT].setText(label)
        items[CIRCUIT].setData(key, Qt.ItemDataRole.UserRole)
        items[CIRCUIT].setData(sort, SORT_ROLE)
        for column in (PANEL, BREAKER, CURRENT, POWER, PF, DEMAND_A, DEMAND_KW, MAX_DEMAND):
            items[column].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        items[PHASE].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        parent.appendRow(items)
        self._rows[key] = items
        return items[CIRCUIT]

    def _fill(self, key: str, cells: dict[int, object], severity: Severity, alarm: str) -> None:
        items = self._rows[key]
        for column, value in cells.items():
            items[column].setText(_text(value))
            items[column].setData(value if isinstance(value, (int, float)) else None, SORT_ROLE)
        items[ALARM].setText(alarm)
        items[ALARM].setData(int(severity), SORT_ROLE)
        items[CIRCUIT].setData(int(severity), SEVERITY_ROLE)
        background, foreground = COLOURS.get(severity, (None, None))
        for item in items:
            item.setBackground(QBrush(QColor(background)) if background else QBrush())
            item.setForeground(QBrush(QColor(foreground)) if foreground else QBrush())

    def _fill_mains(self, m: Mains) -> None:
        worst = Severity.OK
        for k, phase in enumerate("ABCN"):
            current = m.current[k]
            limits = m.limits[k]
            severity = max(alarm_severity(m.alarms[k]), limits.severity(current))
            worst = max(worst, severity)
            cells = {PANEL: m.panel, PHASE: phase, CURRENT: current, DEMAND_A: m.current_demand[k]}
            if k < 3:
                cells.update({POWER: m.power[k], PF: m.pf[k]})
            self._fill(f"mains {m.panel} {phase}", cells, severity, _alarm_text(m.alarms[k], limits, current))
        total = {PANEL: m.panel, POWER: m.power_total, PF: m.pf_total, DEMAND_KW: m.power_demand}
        self._fill(f"mains {m.panel}", total, worst, "")

    def _grey(self, stale: bool) -> None:
        if not stale:
            return
        grey = QBrush(QColor("#9e9e9e"))
        for items in self._rows.values():
            for item in items:
                item.setForeground(grey)

    # ---- user actions

    def _on_filter(self, text: str) -> None:
        self.proxy.set_text(text)

    def _on_alarms_only(self, on: bool) -> None:
        self.proxy.alarms_only = on
        self.proxy.invalidate()

    def _on_groups_edited(self) -> None:
        try:
            groups = parse_groups(self.groups_edit.text())
            if self.snapshot is not None:
                logical_circuits(self.snapshot.circuits, groups)
        except MeterDeskError as exc:
            self._say(str(exc))
            return
        self._say("")
        self.groups = groups
        self.sig_groups_changed.emit(groups)
        if self.snapshot is not None:
            self.show_snapshot(self.snapshot)

    def _on_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        key = self.proxy.data(index.siblingAtColumn(CIRCUIT), Qt.ItemDataRole.UserRole) if index.isValid() else None
        if not key or not key.startswith("circuit "):  # untranslated: a key of the snapshot
            return
        number = int(key.split()[1])
        menu = QMenu(self)
        menu.addAction(self.tr("Trend the current of circuit %s") % number,
                       lambda: self.sig_trend_requested.emit(number))
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


def _circuit_cells(c: Circuit) -> dict[int, object]:
    return {PANEL: c.panel, PHASE: c.phase_name, BREAKER: c.breaker, CURRENT: c.current, POWER: c.power,
            PF: c.pf, DEMAND_A: c.current_demand, DEMAND_KW: c.power_demand, MAX_DEMAND: c.max_current_demand}


def _group_cells(lc: LogicalCircuit) -> dict[int, object]:
    return {PANEL: lc.panel, PHASE: lc.phases, CURRENT: lc.current, POWER: lc.power, PF: lc.pf,
            DEMAND_A: lc.current_demand, DEMAND_KW: lc.power_demand}


def _alarm_text(alarms: Alarm, limits: CurrentLimits | None, current: float | None) -> str:
    """Event bits in words, else the threshold the present current is beyond."""
    words = [QCoreApplication.translate("BranchGrid", name) for bit, name in _EVENT_NAMES.items() if alarms & bit]
    if words or limits is None or current is None:
        return ", ".join(words)
    high, low = QCoreApplication.translate("BranchGrid", "high"), QCoreApplication.translate("BranchGrid", "low")
    for level, value, above in (("HH", limits.hh, True), ("LL", limits.ll, False), ("H", limits.h, True),
                                (high, limits.high, True), ("L", limits.l, False), (low, limits.low, False)):
        if value is not None and ((current > value) if above else (0 < current < value)):
            template = QCoreApplication.translate("BranchGrid", "above %s %s A") if above else \
                QCoreApplication.translate("BranchGrid", "below %s %s A")
            return template % (level, language.general(value))
    return ""


def _text(value: object) -> str:
    if value is None:
        return QCoreApplication.translate("BranchGrid", "n/a")

    if isinstance(value, float):
        return language.fixed(value, 3 if abs(value) < 10 else 2 if abs(value) < 1000 else 1)
    return str(value)

