"""Table of channel values at the two cursors: instantaneous value and one-cycle RMS."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

COLUMNS = (QT_TRANSLATE_NOOP("CursorTable", "Channel"), "C1", QT_TRANSLATE_NOOP("CursorTable", "RMS C1"), "C2",
           QT_TRANSLATE_NOOP("CursorTable", "RMS C2"))  # fmt: skip


@dataclass(frozen=True)
class CursorRow:
    """One channel's readings at C1 and C2 (NaN where there is none)."""

    label: str
    unit: str
    color: QColor
    value1: float
    rms1: float
    value2: float
    rms2: float
    digital: bool = False


def format_value(value: float | None, unit: str, digital: bool = False, *, precision: int = 4) -> str:
    """A reading as shown in the table: SI prefix and unit, the display's decimal point, "—" when there is none."""
    if value is None or not math.isfinite(value):
        return "—"
    if digital:
        return str(int(value))
    return pg.siFormat(value, precision=precision, suffix=unit, allowUnicode=True).replace(
        ".", QLocale().decimalPoint()
    )


class CursorTable(QTableWidget):
    """Channel | C1 | RMS C1 | C2 | RMS C2, one row per channel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)

    def set_rows(self, rows: list[CursorRow]) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = QTableWidgetItem(f"■ {row.label}")
            name.setForeground(row.color)
            self.setItem(r, 0, name)
            texts = (
                format_value(row.value1, row.unit, row.digital),
                "" if row.digital else format_value(row.rms1, row.unit),
                format_value(row.value2, row.unit, row.digital),
                "" if row.digital else format_value(row.rms2, row.unit),
            )
            for c, text in enumerate(texts, start=1):
                self.setItem(r, c, QTableWidgetItem(text))

    def cell_text(self, label: str, column: str) -> str:
        """The text shown for channel ``label`` in ``column`` (for tests and copy)."""
        col = COLUMNS.index(column)
        for r in range(self.rowCount()):
            if self.item(r, 0).text() == f"■ {label}":
                return self.item(r, col).text()
        raise KeyError(label)
