"""The Settings pane's comparison and report tabs.

* :class:`DiffView`: one row per setting that differs between any two of the
  device, the file and the edited state, old and new values with units.
* :class:`ReportView`: the per-setting results of the last write.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import Configuration, WriteReport, diff
from app.config.device_io import MISMATCH, NOT_SENT, REFUSED, UNVERIFIED, VERIFIED
from app.i18n import _
from app.modbus import codec
from app.modbus.codec import Value
from app.profiles.model import Register

SOURCES = (QT_TRANSLATE_NOOP("DiffView", "Device"), QT_TRANSLATE_NOOP("DiffView", "File"),
           QT_TRANSLATE_NOOP("DiffView", "Edited"))

RESULT_COLOURS = {VERIFIED: "#2e7d32", MISMATCH: "#c62828", REFUSED: "#c62828", UNVERIFIED: "#ef6c00",
                  NOT_SENT: "#757575"}


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


class DiffView(QWidget):
    """Differences between two of device, file and edited state, one row per setting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.configs: dict[str, Configuration | None] = dict.fromkeys(SOURCES)
        self.old_combo, self.new_combo = QComboBox(), QComboBox()
        for combo, chosen in ((self.old_combo, "Device"), (self.new_combo, "Edited")):
            for source in SOURCES:
                combo.addItem(self.tr(source), source)
            combo.setCurrentIndex(SOURCES.index(chosen))
            combo.currentIndexChanged.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("From")))
        bar.addWidget(self.old_combo)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.new_combo)
        self.summary = QLabel()
        bar.addWidget(self.summary, 1)
        self.table = _table([self.tr("Setting"), self.tr("Group"), self.tr("From"), self.tr("To"), self.tr("Unit")])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def set_configuration(self, source: str, config: Configuration | None) -> None:
        self.configs[source] = config
        self.refresh()

    def choose(self, old: str, new: str) -> None:
        """Compare ``old`` (e.g. "Device") with ``new`` (e.g. "File")."""
        self.old_combo.setCurrentIndex(SOURCES.index(old))
        self.new_combo.setCurrentIndex(SOURCES.index(new))

    def refresh(self) -> None:
        old_name, new_name = self.old_combo.currentData(), self.new_combo.currentData()
        old, new = self.configs.get(old_name), self.configs.get(new_name)
        self.table.setHorizontalHeaderLabels([self.tr("Setting"), self.tr("Group"), self.tr(old_name),
                                              self.tr(new_name), self.tr("Unit")])
        if old is None or new is None or old.profile.id != new.profile.id:
            missing = [name for name, c in ((old_name, old), (new_name, new)) if c is None]
            self.summary.setText(self.tr("Nothing to compare: no %s configuration") % " or ".join(
                self.tr(m).lower() for m in missing) if missing else self.tr("Different device models"))
            _fill(self.table, [])
            return
        changes = diff(old, new)
        groups = {g.id: g.label for g in new.profile.groups}
        _fill(self.table, [[c.label, groups[c.register.group], _bare(c.register, c.old), _bare(c.register, c.new),
                            c.unit] for c in changes])
        self.summary.setText(self.tr("%d setting(s) differ") % len(changes) if changes
                             else self.tr("No differences"))

    def rows(self) -> list[tuple[str, str, str]]:
        """(setting, from, to) of every row, for tests and export."""
        return [tuple(self.table.item(r, c).text() for c in (0, 2, 3)) for r in range(self.table.rowCount())]


def _bare(reg: Register, value: Value) -> str:
    """A value without its unit (the unit has its own column); "—" when absent, as in :class:`Change`."""
    return "—" if value is None else codec.format_value(reg, value, with_unit=False)


class ReportView(QWidget):
    """What the last write did: one row per setting, and the warnings shown before it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(self.tr("Nothing written yet."))
        self.summary.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8d6e00;")
        self.table = _table([self.tr("Setting"), self.tr("Old"), self.tr("New"), self.tr("Read back"),
                             self.tr("Result"), self.tr("Details")])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warnings)
        layout.addWidget(self.table, 1)
        self.report: WriteReport | None = None

    def show_report(self, report: WriteReport) -> None:
        self.report = report
        self.summary.setText(("✔ " if report.ok else "✖ ") + report.summary())
        self.summary.setStyleSheet(f"font-weight: bold; color: {'#2e7d32' if report.ok else '#c62828'};")
        self.warnings.setText("\n".join(f"⚠ {w}" for w in report.warnings))
        rows = [[r.change.label, r.change.old_text, r.change.new_text, r.read_back_text, _(r.status), r.message]
                for r in report.results]
        _fill(self.table, rows)
        for row, r in enumerate(report.results):
            item = self.table.item(row, 4)
            item.setForeground(QBrush(QColor(RESULT_COLOURS.get(r.status, "#000000"))))
            item.setData(Qt.ItemDataRole.ToolTipRole, r.message)
