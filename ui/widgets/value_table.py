"""Live values grouped like the manual's screens: value, min and max with their times, staleness.

Rows show :class:`~app.live.points.PointState` objects; :meth:`ValueTable.refresh`
re-reads them (call it after every poll). A stale value stays visible, greyed,
with the reason in its status cell and tooltip. Numeric points carry a check
box that asks for a trend.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.live.points import PointState
from ui import language

STALE_COLOR = QColor("#9e9e9e")
COLUMNS = (QT_TRANSLATE_NOOP("ValueTable", "Point"), QT_TRANSLATE_NOOP("ValueTable", "Value"),
           QT_TRANSLATE_NOOP("ValueTable", "Min"), QT_TRANSLATE_NOOP("ValueTable", "Max"),
           QT_TRANSLATE_NOOP("ValueTable", "Status"))  # fmt: skip
POINT, VALUE, MIN, MAX, STATUS = range(len(COLUMNS))
_FITTED = (POINT, VALUE, MIN, MAX)  # columns as wide as their contents


class ValueTable(QTreeWidget):
    """Groups of points; check a numeric point to trend it."""

    sig_trend_toggled = Signal(str, bool)  # point name, checked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([self.tr(c) for c in COLUMNS])
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self._fit_columns(True)
        self.header().setStretchLastSection(True)
        self._rows: dict[str, tuple[QTreeWidgetItem, PointState]] = {}
        self._updating = False
        self.itemChanged.connect(self._on_item_changed)

    # ---- content

    def set_points(self, groups: Sequence[tuple[str, Sequence[PointState]]]) -> None:
        """Show ``groups`` of points, each ``(group label, points)``; replaces what was shown."""
        self._updating = True
        self.clear()
        self._rows.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        for label, points in groups:
            if not points:
                continue
            parent = QTreeWidgetItem(self, [label])
            parent.setFont(POINT, bold)
            parent.setFirstColumnSpanned(True)
            parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for point in points:
                item = QTreeWidgetItem(parent, [point.register.label])
                item.setData(POINT, Qt.ItemDataRole.UserRole, point.name)
                item.setToolTip(POINT, self.tr("%s (reg %s)") % (point.name, point.register.reg)
                                       + (f"\n{point.register.help}" if point.register.help else ""))
                for column in (VALUE, MIN, MAX):
                    item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if point.numeric:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(POINT, Qt.CheckState.Unchecked)
                else:  # enums, bits and text have no trend
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                self._rows[point.name] = (item, point)
            parent.setExpanded(True)
        self._updating = False
        self.refresh()

    def refresh(self, names: Iterable[str] | None = None) -> None:
        """Re-read the points (all, or ``names``) into their rows."""
        # A column sized to its contents measures all its rows again at every cell change, which made
        # one refresh cost rows × cells measurements (65 ms for an ION7400's poll); they are measured
        # once, after the batch.
        self._fit_columns(False)
        self._updating = True
        try:
            for name in self._rows if names is None else names:
                row = self._rows.get(name)
                if row is not None:
                    _show(*row)
        finally:
            self._updating = False
            self._fit_columns(True)

    def _fit_columns(self, fit: bool) -> None:
        mode = QHeaderView.ResizeMode.ResizeToContents if fit else QHeaderView.ResizeMode.Interactive
        for column in _FITTED:
            self.header().setSectionResizeMode(column, mode)

    # ---- queries

    def item(self, name: str) -> QTreeWidgetItem:
        return self._rows[name][0]

    def text(self, name: str, column: int = VALUE) -> str:
        return self._rows[name][0].text(column)

    def trended(self) -> list[str]:
        return [n for n, (item, _) in self._rows.items()
                if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.checkState(POINT) == Qt.CheckState.Checked]

    def set_trended(self, name: str, on: bool) -> None:
        self.item(name).setCheckState(POINT, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._updating or column != POINT:
            return
        name = item.data(POINT, Qt.ItemDataRole.UserRole)
        if name is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            self.sig_trend_toggled.emit(name, item.checkState(POINT) == Qt.CheckState.Checked)


def _show(item: QTreeWidgetItem, point: PointState) -> None:
    unit = point.register.unit
    number = point.number
    item.setText(VALUE, language.number(number, unit) if number is not None and not point.unreadable else point.text)
    item.setText(MIN, _extreme(point.minimum, unit, point.min_time))
    item.setText(MAX, _extreme(point.maximum, unit, point.max_time))
    item.setToolTip(MIN, _when(point.min_time))
    item.setToolTip(MAX, _when(point.max_time))
    if point.unreadable:
        status = QCoreApplication.translate("ValueTable", "the device refuses this register")
    elif point.stale:
        status = point.reason if point.time is None else \
            QCoreApplication.translate("ValueTable", "stale since %s: %s") % (_clock(point.time), point.reason)
    else:
        status = _clock(point.time)
    item.setText(STATUS, status)
    item.setToolTip(STATUS, status)
    exact = "" if point.value is None or isinstance(point.value, str) else f"{point.value!r} {unit}".strip()
    item.setToolTip(VALUE, exact)
    brush = QBrush(STALE_COLOR) if point.stale or point.unreadable else QBrush()
    for column in range(len(COLUMNS)):
        item.setForeground(column, brush)


def _extreme(value: float | None, unit: str, time: float | None) -> str:
    if value is None:
        return ""
    text = language.number(value, unit)
    return f"{text}  ({_clock(time)})" if time is not None else text


def _clock(epoch: float | None) -> str:
    return "" if epoch is None else datetime.fromtimestamp(epoch).strftime("%H:%M:%S")


def _when(epoch: float | None) -> str:
    """Date and time of ``epoch`` in the display locale, to the second."""
    return "" if epoch is None else language.date_time(epoch)


