"""Panel Server pane: plan, commission and troubleshoot a PrismaSeT Active Wireless
Panel Server (WPS).

The WPS has no Modbus or IP link; it is set up over Bluetooth from a phone app, so
this pane works offline on the guide's rules (:mod:`app.wps`): a panel plan checked
against every limit, the commissioning checklist with its Factory Acceptance Test
report, the exported audit log and the troubleshooting tables.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QModelIndex,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import MeterDeskError
from app.wps.audit_log import AuditEvent, AuditLog, load_audit_log
from app.wps.checklist import Checklist, Outcome, Section, Step
from app.wps.fat_report import (
    ReportHeader,
    render_fat_report,
    write_fat_report,
)
from app.wps.plan import (
    DeviceType,
    PanelPlan,
    PlanError,
    PlannedDevice,
    Severity,
    Violation,
    check,
)
from app.wps.troubleshoot import (
    Diagnosis,
    LedMeaning,
    PhaseLeds,
    Remedy,
    StatusLed,
    Symptom,
    diagnose,
    status_table_note,
)
from ui.report_files import with_default_suffix, write_pdf_report

ERROR_BACKGROUND = QColor("#f8d0d0")
ERROR_TEXT = QColor("#9b1111")
WARNING_BACKGROUND = QColor("#fff0c2")
WARNING_TEXT = QColor("#7a4f00")
OK_BACKGROUND = QColor("#d9f2d9")
SMALL_TEXT = "#555555"

MAX_SPIN = 99
"""Upper bound of the column, quantity and channel spin boxes: room above every limit."""

COL_TYPE, COL_COLUMN, COL_QUANTITY, COL_LABEL = range(4)
TYPE_ROLE = Qt.ItemDataRole.UserRole


class _Tab(QWidget):
    """A tab that asks for files and reports errors in dialogs (tests replace these)."""

    def ask_open_path(self, caption: str, filters: str) -> str:
        """The file the user chose to open, or "" when cancelled."""
        path, _chosen = QFileDialog.getOpenFileName(self, caption, "", filters)
        return path

    def ask_save_path(self, caption: str, filters: str) -> tuple[str, str]:
        """The file the user chose to write ("" when cancelled) and the chosen filter."""
        return QFileDialog.getSaveFileName(self, caption, "", filters)

    def show_error(self, title: str, message: str) -> None:
        """Tell the user what went wrong, in words."""
        QMessageBox.warning(self, title, message)


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__


# ---- Plan


class _DeviceDelegate(QStyledItemDelegate):
    """Editors of the device table: a combo for the type, spin boxes from 1."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex
    ) -> QWidget:
        if index.column() == COL_TYPE:
            combo = QComboBox(parent)
            for device_type in DeviceType:
                combo.addItem(device_type.label, device_type.value)
            combo.activated.connect(lambda: self.commitData.emit(combo))
            return combo
        if index.column() in (COL_COLUMN, COL_QUANTITY):
            spin = QSpinBox(parent)
            spin.setRange(1, MAX_SPIN)
            return spin
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if index.column() == COL_TYPE:
            editor.setCurrentIndex(editor.findData(index.data(TYPE_ROLE)))
        else:
            super().setEditorData(editor, index)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex
    ) -> None:
        if index.column() == COL_TYPE:
            model.setData(index, editor.currentData(), TYPE_ROLE)
            model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)
        else:
            super().setModelData(editor, model, index)


class PlanTab(_Tab):
    """The wireless devices planned around one WPS, checked live against the guide."""

    sig_plan_changed = Signal(object)  # PanelPlan

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.violations: list[Violation] = []
        self._build()
        self._refresh()

    def _build(self) -> None:
        self.name_edit = QLineEdit(placeholderText=self.tr("e.g. Main LV board, floor 2"))
        self.wps_column_spin = QSpinBox(minimum=1, maximum=MAX_SPIN)
        self.channel_spin = QSpinBox(minimum=0, maximum=MAX_SPIN)
        self.channel_spin.setSpecialValueText(self.tr("not set"))
        for spin in (self.wps_column_spin, self.channel_spin):
            spin.setMinimumWidth(120)
            spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.firmware_edit = QLineEdit(placeholderText=self.tr("not set (e.g. 001.000.000)"))
        form = QFormLayout()
        form.addRow(self.tr("Plan name:"), self.name_edit)
        form.addRow(self.tr("Panel Server column:"), self.wps_column_spin)
        form.addRow(self.tr("IEEE 802.15.4 channel:"), self.channel_spin)
        form.addRow(self.tr("Firmware:"), self.firmware_edit)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Device type"), self.tr("Column"), self.tr("Quantity"), self.tr("Label")]
        )
        self.table.setItemDelegate(_DeviceDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TYPE, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(COL_COLUMN, 80)
        self.table.setColumnWidth(COL_QUANTITY, 80)

        self.add_button = QPushButton(self.tr("Add device"), clicked=self._add_clicked)
        self.remove_button = QPushButton(self.tr("Remove selected"), clicked=self.remove_selected)
        self.open_button = QPushButton(self.tr("Open plan…"), clicked=self.open_plan)
        self.save_button = QPushButton(self.tr("Save plan…"), clicked=self.save_plan)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.open_button, self.save_button):
            buttons.addWidget(button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)

        self.summary = QLabel(wordWrap=True)
        self.violation_list = QListWidget()
        self.violation_list.setWordWrap(True)
        self.violation_list.setSpacing(2)
        self.violation_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.violation_list, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.name_edit.textChanged.connect(self._refresh)
        self.wps_column_spin.valueChanged.connect(self._refresh)
        self.channel_spin.valueChanged.connect(self._refresh)
        self.firmware_edit.textChanged.connect(self._refresh)
        self.table.itemChanged.connect(self._refresh)

    # ---- rows

    def add_device(self, device: PlannedDevice) -> None:
        """Append a row for ``device``."""
        row = self.table.rowCount()
        with QSignalBlocker(self.table):
            self.table.insertRow(row)
            type_item = QTableWidgetItem(device.type.label)
            type_item.setData(TYPE_ROLE, device.type.value)
            self.table.setItem(row, COL_TYPE, type_item)
            for column, value in ((COL_COLUMN, device.column), (COL_QUANTITY, device.quantity)):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.EditRole, value)
                self.table.setItem(row, column, item)
            self.table.setItem(row, COL_LABEL, QTableWidgetItem(device.label))
        self._refresh()

    def _add_clicked(self) -> None:
        self.add_device(PlannedDevice(DeviceType.POWERTAG_ENERGY, self.wps_column_spin.value()))
        self.table.setCurrentCell(self.table.rowCount() - 1, COL_TYPE)

    def remove_selected(self) -> None:
        """Remove the selected rows."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        self._refresh()

    def _row_device(self, row: int) -> PlannedDevice:
        return PlannedDevice(
            type=DeviceType(self.table.item(row, COL_TYPE).data(TYPE_ROLE)),
            column=int(self.table.item(row, COL_COLUMN).data(Qt.ItemDataRole.EditRole)),
            quantity=int(self.table.item(row, COL_QUANTITY).data(Qt.ItemDataRole.EditRole)),
            label=self.table.item(row, COL_LABEL).text().strip(),
        )

    # ---- plan

    def plan(self) -> PanelPlan:
        """The plan as edited."""
        channel = self.channel_spin.value()
        return PanelPlan(
            wps_column=self.wps_column_spin.value(),
            devices=tuple(self._row_device(row) for row in range(self.table.rowCount())),
            name=self.name_edit.text().strip(),
            channel=channel or None,
            firmware=self.firmware_edit.text().strip() or None,
        )

    def set_plan(self, plan: PanelPlan) -> None:
        """Show ``plan`` for editing, replacing the current one."""
        self.table.setRowCount(0)
        self.name_edit.setText(plan.name)
        self.wps_column_spin.setValue(plan.wps_column)
        self.channel_spin.setValue(plan.channel or 0)
        self.firmware_edit.setText(plan.firmware or "")
        for device in plan.devices:
            self.add_device(device)
        self._refresh()

    def _refresh(self) -> None:
        plan = self.plan()
        self.violations = check(plan)
        self._show_summary(plan)
        self._show_violations()
        self._mark_rows(plan)
        self.sig_plan_changed.emit(plan)

    def _show_summary(self, plan: PanelPlan) -> None:
        counts = [
            f"{plan.count(t)} × {t.label if plan.count(t) == 1 else t.plural}"
            for t in DeviceType
            if plan.count(t)
        ]
        errors = sum(1 for v in self.violations if v.severity is Severity.ERROR)
        warnings = len(self.violations) - errors
        planned = (
            self.tr("1 wireless device planned")
            if plan.total == 1
            else self.tr("{count} wireless devices planned").format(count=plan.total)
        )
        text = f"<b>{escape(planned)}</b>"
        if counts:
            text += ": " + escape(", ".join(counts))
        check_text = self.tr("Plan check: {errors} error(s), {warnings} warning(s)").format(
            errors=errors, warnings=warnings
        )
        self.summary.setText(f"{text}<br>{escape(check_text)}")

    def _show_violations(self) -> None:
        self.violation_list.clear()
        if not self.violations:
            item = QListWidgetItem(self.tr("The plan is within every limit of the guide."))
            item.setBackground(QBrush(OK_BACKGROUND))
            self.violation_list.addItem(item)
            return
        for violation in self.violations:
            self.violation_list.addItem(self._violation_item(violation))

    def _violation_item(self, violation: Violation) -> QListWidgetItem:
        error = violation.severity is Severity.ERROR
        word = self.tr("Error") if error else self.tr("Warning")
        lines = [f"{word}: {violation.message}"]
        if violation.ambiguous:
            lines.append(self.tr("Ambiguous in the manual: %s") % violation.ambiguous)
        lines.append(self.tr("Guide: %s") % violation.source)
        icon = QStyle.StandardPixmap.SP_MessageBoxCritical if error else QStyle.StandardPixmap.SP_MessageBoxWarning
        item = QListWidgetItem(self.style().standardIcon(icon), "\n".join(lines))
        item.setBackground(QBrush(ERROR_BACKGROUND if error else WARNING_BACKGROUND))
        item.setForeground(QBrush(ERROR_TEXT if error else WARNING_TEXT))
        item.setData(TYPE_ROLE, violation.rule)
        return item

    def _mark_rows(self, plan: PanelPlan) -> None:
        """Tint the rows a violation names (devices too far from the Panel Server)."""
        at_fault = {v.device for v in self.violations if v.device is not None}
        with QSignalBlocker(self.table):
            for row, device in enumerate(plan.devices):
                brush = QBrush(WARNING_BACKGROUND) if device in at_fault else QBrush()
                for column in range(self.table.columnCount()):
                    self.table.item(row, column).setBackground(brush)

    # ---- files

    def open_plan(self) -> None:
        """Ask for a plan file and show it."""
        path = self.ask_open_path(self.tr("Open panel plan"), self.tr("Panel plan (*.json);;All files (*)"))
        if not path:
            return
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise PlanError(self.tr("the file does not hold a panel plan (a JSON object)"))
            plan = PanelPlan.from_dict(data)
        except (OSError, ValueError, MeterDeskError) as exc:
            self.show_error(
                self.tr("Open panel plan"),
                self.tr("Cannot open '{path}': {reason}").format(path=path, reason=_reason(exc)),
            )
            return
        self.set_plan(plan)

    def save_plan(self) -> None:
        """Ask for a file name and write the plan there as JSON."""
        path, chosen = self.ask_save_path(self.tr("Save panel plan"), self.tr("Panel plan (*.json);;All files (*)"))
        if not path:
            return
        target = with_default_suffix(path, (".json",), chosen)
        try:
            target.write_text(json.dumps(self.plan().to_dict(), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            self.show_error(
                self.tr("Save panel plan"),
                self.tr("Cannot write '{path}': {reason}").format(path=target, reason=_reason(exc)),
            )


# ---- Commissioning


HEADER_FIELDS = ("site", "switchboard", "serial_number", "firmware", "engineer", "witness")


class CommissioningTab(_Tab):
    """The guide's commissioning steps, their outcomes and the FAT report."""

    def __init__(self, plan: PanelPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.checklist = Checklist(with_wireless_devices=True)
        self.outcome_combos: dict[str, QComboBox] = {}
        self.note_edits: dict[str, QLineEdit] = {}
        self._build()
        self._build_steps()

    def _outcome_words(self) -> dict[Outcome, str]:
        return {
            Outcome.PENDING: self.tr("Open"),
            Outcome.PASSED: self.tr("Pass"),
            Outcome.FAILED: self.tr("Fail"),
            Outcome.NOT_APPLICABLE: self.tr("Not applicable"),
        }

    def _build(self) -> None:
        labels = {
            "site": self.tr("Site:"),
            "switchboard": self.tr("Switchboard:"),
            "serial_number": self.tr("Serial number:"),
            "firmware": self.tr("Firmware:"),
            "engineer": self.tr("Engineer:"),
            "witness": self.tr("Witness:"),
        }
        self.header_edits = {name: QLineEdit() for name in HEADER_FIELDS}
        header_box = QGroupBox(self.tr("Report header"))
        grid = QGridLayout(header_box)
        for position, name in enumerate(HEADER_FIELDS):
            row, pair = divmod(position, 2)
            grid.addWidget(QLabel(labels[name]), row, pair * 2)
            grid.addWidget(self.header_edits[name], row, pair * 2 + 1)

        self.wireless_check = QCheckBox(
            self.tr("The switchboard holds wireless devices (adds the configuration steps)"),
            checked=True,
        )
        self.wireless_check.toggled.connect(self._wireless_toggled)
        self.verdict_label = QLabel()
        self.verdict_label.setMargin(4)
        self.export_button = QPushButton(self.tr("Export FAT report…"), clicked=self.export_report)
        self.status_label = QLabel(wordWrap=True)
        top = QHBoxLayout()
        top.addWidget(self.verdict_label, 1)
        top.addWidget(self.export_button)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(header_box)
        layout.addWidget(self.wireless_check)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.status_label)

    def _build_steps(self) -> None:
        self.outcome_combos.clear()
        self.note_edits.clear()
        container = QWidget()
        layout = QVBoxLayout(container)
        for section in Section:
            steps = [s for s in self.checklist.steps if s.section is section]
            if steps:
                layout.addWidget(self._section_box(section, steps))
        layout.addStretch(1)
        self.scroll.setWidget(container)
        self._show_verdict()

    def _section_box(self, section: Section, steps: list[Step]) -> QGroupBox:
        box = QGroupBox(section.label)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        words = self._outcome_words()
        for row, step in enumerate(steps):
            result = self.checklist.result(step.id)
            text = QLabel(self._step_html(step), wordWrap=True)
            text.setToolTip(step.id)
            combo = QComboBox()
            for outcome in Outcome:
                combo.addItem(words[outcome], outcome.value)
            combo.setCurrentIndex(combo.findData(result.outcome.value))
            note = QLineEdit(result.note, placeholderText=self.tr("Note"))
            self.outcome_combos[step.id] = combo
            self.note_edits[step.id] = note
            combo.currentIndexChanged.connect(lambda _index, s=step.id: self._record(s))
            note.textChanged.connect(lambda _text, s=step.id: self._record(s))
            grid.addWidget(QLabel(f"{step.number}."), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, row, 1)
            grid.addWidget(combo, row, 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(note, row, 3, Qt.AlignmentFlag.AlignTop)
        return box

    def _step_html(self, step: Step) -> str:
        small = [self.tr("Guide: %s") % step.source]
        if step.expect:
            small.insert(0, self.tr("Expect: %s") % step.expect)
        if step.note:
            small.append(self.tr("Unclear in the guide: %s") % step.note)
        details = "<br>".join(escape(line) for line in small)
        return f'{escape(step.text)}<br><span style="color:{SMALL_TEXT}; font-size:small">{details}</span>'

    def _record(self, step_id: str) -> None:
        outcome = Outcome(self.outcome_combos[step_id].currentData())
        self.checklist.record(step_id, outcome, self.note_edits[step_id].text())
        self._show_verdict()

    def _wireless_toggled(self, with_wireless_devices: bool) -> None:
        """Switch procedures, keeping what was recorded for the steps both share."""
        old = self.checklist
        self.checklist = Checklist(with_wireless_devices)
        for step in self.checklist.steps:
            if step in old.steps:
                kept = old.result(step.id)
                self.checklist.record(step.id, kept.outcome, kept.note)
        self._build_steps()

    def _show_verdict(self) -> None:
        verdict = self.checklist.verdict
        texts = {
            Outcome.PASSED: (self.tr("Verdict: passed"), OK_BACKGROUND),
            Outcome.FAILED: (
                self.tr("Verdict: failed ({count} of {total} steps failed)"), ERROR_BACKGROUND
            ),
            Outcome.PENDING: (
                self.tr("Verdict: incomplete ({count} of {total} steps open)"), WARNING_BACKGROUND
            ),
        }
        text, colour = texts[verdict]
        text = text.format(
            count=len(self.checklist.with_outcome(verdict)), total=len(self.checklist.steps)
        )
        self.verdict_label.setText(f"<b>{escape(text)}</b>")
        self.verdict_label.setStyleSheet(f"background-color: {colour.name()}; border-radius: 3px;")

    def set_plan(self, plan: PanelPlan) -> None:
        """The plan to print in the report (when it lists devices)."""
        self.plan = plan

    def header(self) -> ReportHeader:
        """The report header as typed."""
        return ReportHeader(**{name: edit.text().strip() for name, edit in self.header_edits.items()})

    def export_report(self) -> None:
        """Ask for a file and write the FAT report there as HTML or PDF."""
        path, chosen = self.ask_save_path(self.tr("Export FAT report"), self.tr("HTML page (*.html);;PDF document (*.pdf)"))
        if not path:
            return
        target = with_default_suffix(path, (".html", ".htm", ".pdf"), chosen)
        plan = self.plan if self.plan.devices else None
        try:
            if target.suffix.lower() == ".pdf":
                html = render_fat_report(self.checklist, self.header(), plan)
                write_pdf_report(target, html, self.tr("Factory Acceptance Test report"))
            else:
                write_fat_report(target, self.checklist, self.header(), plan)
        except MeterDeskError as exc:
            self.show_error(self.tr("Export FAT report"), str(exc))
            return
        self.status_label.setText(self.tr("FAT report written to %s") % target)


# ---- Audit log

LOG_COLUMNS = ("line", "time", "host", "severity", "category", "message")


class AuditLogTab(_Tab):
    """An audit log exported from EcoStruxure Power Commission, security events first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.log = AuditLog((), ())
        self._build()

    def _build(self) -> None:
        self.import_button = QPushButton(self.tr("Import syslog export…"), clicked=self.import_log)
        self.security_only = QCheckBox(self.tr("Security events only"))
        self.security_only.toggled.connect(self._apply_filter)
        self.summary = QLabel(self.tr("No audit log imported."), wordWrap=True)
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addWidget(self.security_only)
        top.addWidget(self.summary, 1)

        self.table = QTableWidget(0, len(LOG_COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Time"), self.tr("Host"), self.tr("Severity"),
             self.tr("Category"), self.tr("Message")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(LOG_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

        self.problem_list = QListWidget()
        problems_box = QGroupBox(self.tr("Lines that could not be read"))
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.addWidget(self.problem_list)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(problems_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def import_log(self) -> None:
        """Ask for a syslog export and show it."""
        path = self.ask_open_path(self.tr("Import syslog export"), self.tr("Syslog export (*.log *.txt *.syslog);;All files (*)"))
        if not path:
            return
        try:
            log = load_audit_log(path)
        except MeterDeskError as exc:
            self.show_error(self.tr("Import syslog export"), str(exc))
            return
        self.show_log(log, Path(path).name)

    def show_log(self, log: AuditLog, name: str) -> None:
        """Fill the table and the problem list from ``log`` (read from file ``name``)."""
        self.log = log
        self.table.setRowCount(len(log.events))
        for row, event in enumerate(log.events):
            self._fill_row(row, event)
        self.problem_list.clear()
        for problem in log.problems:
            item = QListWidgetItem(f"{problem} — {problem.text}")
            item.setToolTip(problem.text)
            self.problem_list.addItem(item)
        self.summary.setText(
            self.tr("{name}: {events} events, {security} security events, {problems} unreadable lines")
            .format(name=name, events=len(log.events), security=len(log.security_events),
                    problems=len(log.problems))
        )
        self._apply_filter()

    def _fill_row(self, row: int, event: AuditEvent) -> None:
        values = (
            str(event.line),
            event.time_text,
            event.host or "",
            event.severity.label if event.severity is not None else "",
            event.category.label if event.category is not None else "",
            event.message,
        )
        bold = QFont()
        bold.setBold(True)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if event.security:
                item.setBackground(QBrush(ERROR_BACKGROUND))
                item.setForeground(QBrush(ERROR_TEXT))
                item.setFont(bold)
                item.setToolTip(self.tr("Security event"))
            self.table.setItem(row, column, item)

    def _apply_filter(self) -> None:
        only_security = self.security_only.isChecked()
        for row, event in enumerate(self.log.events):
            self.table.setRowHidden(row, only_security and not event.security)


# ---- Troubleshooting


class TroubleshootingTab(QWidget):
    """LED states and symptoms in; causes and actions from the guide's tables out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagnosis = diagnose()
        self._build()
        self._refresh()

    def _build(self) -> None:
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("not observed"), "")
        for led in StatusLed:
            self.status_combo.addItem(led.label, led.value)
        self.phase_combo = QComboBox()
        self.phase_combo.addItem(self.tr("not observed"), "")
        for leds in PhaseLeds:
            self.phase_combo.addItem(leds.label, leds.value)
        form = QFormLayout()
        form.addRow(self.tr("Status LED:"), self.status_combo)
        form.addRow(self.tr("Phase LEDs (L1, L2, L3):"), self.phase_combo)

        symptoms_box = QGroupBox(self.tr("Symptoms"))
        symptoms_layout = QVBoxLayout(symptoms_box)
        self.symptom_checks: dict[Symptom, QCheckBox] = {}
        for symptom in Symptom:
            check_box = QCheckBox(symptom.label[0].upper() + symptom.label[1:])
            check_box.toggled.connect(self._refresh)
            symptoms_layout.addWidget(check_box)
            self.symptom_checks[symptom] = check_box
        symptoms_layout.addStretch(1)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(symptoms_box, 1)
        self.result_view = QTextBrowser()
        self.result_view.setReadOnly(True)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(self.result_view, 1)

        self.status_combo.currentIndexChanged.connect(self._refresh)
        self.phase_combo.currentIndexChanged.connect(self._refresh)

    def _refresh(self) -> None:
        status = self.status_combo.currentData()
        phases = self.phase_combo.currentData()
        symptoms = [s for s, box in self.symptom_checks.items() if box.isChecked()]
        self.diagnosis = diagnose(
            StatusLed(status) if status else None, PhaseLeds(phases) if phases else None, symptoms
        )
        self.result_view.setHtml(self._diagnosis_html(self.diagnosis, bool(status or phases or symptoms)))

    def _diagnosis_html(self, diagnosis: Diagnosis, observed: bool) -> str:
        if not observed:
            return f"<p>{escape(self.tr('Choose the LED states and the symptoms you observe.'))}</p>"
        parts = []
        if diagnosis.status is not None:
            parts.append(self._meaning_html(self.tr("Status LED"), diagnosis.status))
        if diagnosis.phases is not None:
            parts.append(self._meaning_html(self.tr("Phase LEDs"), diagnosis.phases))
        parts.append(f"<h3>{escape(self.tr('Causes and actions'))}</h3>")
        if diagnosis.remedies:
            parts += [self._remedy_html(remedy) for remedy in diagnosis.remedies]
        else:
            parts.append(
                f"<p>{escape(self.tr('No row of the guide’s troubleshooting tables matches these observations.'))}</p>"
            )
        return "\n".join(parts)

    def _meaning_html(self, title: str, meaning: LedMeaning) -> str:
        lines = [f"<h3>{escape(title)}</h3><p>{escape(meaning.meaning)}"]
        lines.append(self._small(self.tr("Guide: %s") % meaning.source))
        if meaning.inferred:
            lines.append(self._small(status_table_note()))
        if meaning.note:
            lines.append(f"<i>{escape(self.tr('Note: %s') % meaning.note)}</i>")
        return "<br>".join(lines) + "</p>"

    def _remedy_html(self, remedy: Remedy) -> str:
        lines = [
            f"<b>{escape(remedy.problem)}</b>",
            f"<b>{escape(self.tr('Cause:'))}</b> {escape(remedy.cause)}",
            f"<b>{escape(self.tr('Action:'))}</b> {escape(remedy.action)}",
            self._small(self.tr("Guide: %s") % remedy.source),
        ]
        if remedy.note:
            lines.append(f"<i>{escape(self.tr('Unclear in the guide: %s') % remedy.note)}</i>")
        return "<p>" + "<br>".join(lines) + "</p>"

    @staticmethod
    def _small(text: str) -> str:
        return f'<span style="color:{SMALL_TEXT}">{escape(text)}</span>'


# ---- Pane


class PanelServerPane(QWidget):
    """PrismaSeT Active Wireless Panel Server: plan, commissioning, audit log, LEDs."""

    title = QT_TRANSLATE_NOOP("MainWindow", "Panel Server")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel(
            self.tr(
                "PrismaSeT Active Wireless Panel Server: it has no Modbus or IP link and is "
                "set up over Bluetooth with the EcoStruxure Power Commission app. Plan its "
                "wireless devices, commission it and read its audit log here."
            ),
            wordWrap=True,
        )
        self.plan_tab = PlanTab()
        self.commissioning_tab = CommissioningTab(self.plan_tab.plan())
        self.audit_tab = AuditLogTab()
        self.troubleshooting_tab = TroubleshootingTab()
        self.plan_tab.sig_plan_changed.connect(self.commissioning_tab.set_plan)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.plan_tab, self.tr("Plan"))
        self.tabs.addTab(self.commissioning_tab, self.tr("Commissioning"))
        self.tabs.addTab(self.audit_tab, self.tr("Audit log"))
        self.tabs.addTab(self.troubleshooting_tab, self.tr("Troubleshooting"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
