"""One tab of the Settings pane: a profile's setting group, laid out like the manual's screen.

Each setting is a row: label, the device's value, the editor, unit, allowed
values and default, with the manual's help (in our words) underneath. Settings
that repeat per channel (``breaker_size_1`` … ``_42``) go into one table with a
row per channel, the device's value next to the editor. A group's calculators
sit to the right of the fields they feed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.devices.bcpme_settings import AlarmSetup
from app.modbus.codec import Value
from app.profiles.model import Group, Profile, Register
from ui.language import general
from ui.widgets.setting_editor import SettingEditor, typed_text

FAMILY_MIN = 4  # settings repeated at least this often become a table
CHANGED_STYLE = "background: #fff3cd; border-radius: 3px; padding: 0 3px;"
_INDEXED = re.compile(r"^(?P<prefix>.+)_(?P<n>\d+)$")


def allowed_text(reg: Register) -> str:
    """What the register accepts, in words."""
    if reg.enum is not None:
        return ", ".join(reg.enum.values())
    if reg.bits is not None:
        return QCoreApplication.translate("GroupPage", "any of the options")
    if reg.type == "string":
        return QCoreApplication.translate("GroupPage", "text, up to %d bytes") % (2 * reg.words)
    if reg.format == "ipv4":
        return QCoreApplication.translate("GroupPage", "IPv4 address")
    words = {"int16": (-(2**15), 2**15 - 1), "uint16": (0, 2**16 - 1), "int32": (-(2**31), 2**31 - 1),
             "uint32": (0, 2**32 - 1)}.get(reg.type)
    low = reg.minimum if reg.minimum is not None else (words[0] * reg.scale if words else None)
    high = reg.maximum if reg.maximum is not None else (words[1] * reg.scale if words else None)
    if low is None and high is None:
        return reg.type
    return f"{'' if low is None else general(low)} … {'' if high is None else general(high)}".strip()


def default_text(reg: Register) -> str:
    """The register's default as it is typed in its editor ("—" without one)."""
    return "—" if reg.default is None else typed_text(reg, reg.default)


def families(regs: list[Register]) -> tuple[list[Register], list[dict[str, list[Register]]]]:
    """Split a group into single settings and tables of per-channel families.

    A family is a prefix repeated over channels (``breaker_size_1`` … ``_42``);
    families over the same channels share a table (aux CT and breaker sizes).
    """
    by_prefix: dict[str, list[Register]] = defaultdict(list)
    for reg in regs:
        found = _INDEXED.match(reg.name)
        if found:
            by_prefix[found["prefix"]].append(reg)
    tables: dict[tuple[int, ...], dict[str, list[Register]]] = defaultdict(dict)
    for prefix, members in by_prefix.items():
        if len(members) >= FAMILY_MIN:
            tables[tuple(int(_INDEXED.match(r.name)["n"]) for r in members)][prefix] = members
    in_tables = {r.name for t in tables.values() for rs in t.values() for r in rs}
    return [r for r in regs if r.name not in in_tables], list(tables.values())


def family_label(reg: Register) -> str:
    """A channel setting's label without its channel ("Channel 5 breaker size" → "Breaker size")."""
    n = _INDEXED.match(reg.name)["n"]
    text = re.sub(rf"^\s*\w+\s+{n}\b\s*|\b{n}\b\s*", "", reg.label, count=1).strip()
    text = re.sub(r"\s*\(.*\)$", "", text)
    return text[:1].upper() + text[1:]


def channel_word(reg: Register) -> str:
    """What a channel is called in a label ("Channel 5 …" → "Channel", "Aux 2 …" → "Aux")."""
    n = _INDEXED.match(reg.name)["n"]
    found = re.match(rf"^\s*(\w+)\s+{n}\b", reg.label)
    return found[1] if found else QCoreApplication.translate("ChannelTable", "Channel")


class DeviceValue(QLabel):
    """The device's value of a setting, highlighted when the edited value differs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("—", parent)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_value(self, text: str, changed: bool, tooltip: str = "") -> None:
        self.setText(text)
        self.setStyleSheet(CHANGED_STYLE if changed else "")
        self.setToolTip(tooltip or (self.tr("The edited value differs from the device") if changed else ""))


Deriver = Callable[[Mapping[str, Value], int], list[str]]


def bcpme_thresholds(values: Mapping[str, Value], channel: int) -> list[str]:
    """A BCPME channel's event thresholds in A: the panel's % of its breaker size."""
    limits = AlarmSetup.from_values(values).limits(values.get(f"breaker_size_{channel}"))
    return ["—" if v is None else general(v) for v in (limits.hh, limits.h, limits.l, limits.ll, limits.high, limits.low)]


#: Extra read-only columns computed from the edited values: (profile, family) → (headers, deriver).
DERIVED: dict[tuple[str, str], tuple[list[str], Deriver]] = {
    ("bcpme", "breaker_size"): (["HH (A)", "H (A)", "L (A)", "LL (A)", QT_TRANSLATE_NOOP("ChannelTable", "High (A)"),
                                 QT_TRANSLATE_NOOP("ChannelTable", "Low (A)")], bcpme_thresholds),
}


class ChannelTable(QTableWidget):
    """Per-channel settings of one group: a row per channel, device value and editor per setting."""

    def __init__(self, profile: Profile, families_: dict[str, list[Register]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.families = families_
        self.derived = [(p, DERIVED[(profile.id, p)]) for p in families_ if (profile.id, p) in DERIVED]
        channels = sorted({int(_INDEXED.match(r.name)["n"]) for rs in families_.values() for r in rs})
        self.channels = channels
        first = next(iter(families_.values()))[0]
        headers = [self.tr(channel_word(first))]
        for regs in families_.values():
            label = family_label(regs[0]) + (f" ({regs[0].unit})" if regs[0].unit else "")
            headers += [self.tr("Device"), label]
        for _prefix, (extra, _fn) in self.derived:
            headers += [self.tr(h) for h in extra]
        self.setColumnCount(len(headers))
        self.setRowCount(len(channels))
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.editors: dict[str, SettingEditor] = {}
        self.device_values: dict[str, DeviceValue] = {}
        self._derived_col = 1 + 2 * len(families_)
        for row, channel in enumerate(channels):
            item = QTableWidgetItem(str(channel))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setItem(row, 0, item)
            for k, regs in enumerate(families_.values()):
                reg = next((r for r in regs if int(_INDEXED.match(r.name)["n"]) == channel), None)
                if reg is None:
                    continue
                device = DeviceValue()
                editor = SettingEditor(reg)
                self.setCellWidget(row, 1 + 2 * k, device)
                self.setCellWidget(row, 2 + 2 * k, editor)
                self.device_values[reg.name] = device
                self.editors[reg.name] = editor
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize() + 4)
        self.resizeColumnsToContents()
        for col in range(self._derived_col, self.columnCount()):
            self.setColumnWidth(col, max(self.columnWidth(col), 64))
        self.setMinimumWidth(self.horizontalHeader().length() + self.verticalScrollBar().sizeHint().width()
                             + 2 * self.frameWidth() + 4)

    def update_derived(self, values: Mapping[str, Value]) -> None:
        col = self._derived_col
        for _prefix, (headers, fn) in self.derived:
            for row, channel in enumerate(self.channels):
                for k, text in enumerate(fn(values, channel)):
                    item = self.item(row, col + k)
                    if item is None:
                        item = QTableWidgetItem()
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                        self.setItem(row, col + k, item)
                    item.setText(text)
            col += len(headers)


class GroupPage(QScrollArea):
    """A setting group as one scrollable page; the pane reads and fills its editors by name."""

    sig_edited = Signal(str)

    def __init__(self, profile: Profile, group: Group, side: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.group = group
        self.setWidgetResizable(True)
        self.editors: dict[str, SettingEditor] = {}
        self.device_values: dict[str, DeviceValue] = {}
        self.tables: list[ChannelTable] = []
        regs = [r for r in profile.settings() if r.group == group.id]
        singles, tables = families(regs)
        singles.sort(key=lambda r: (r.function, r.address))  # repeated blocks (link 1, link 2) stay together

        body = QWidget()
        outer = QHBoxLayout(body)
        column = QVBoxLayout()
        outer.addLayout(column, 3)
        if singles:
            column.addLayout(self._grid(singles))
        for families_ in tables:
            table = ChannelTable(profile, families_)
            rows = table.verticalHeader().defaultSectionSize() * len(table.channels)
            table.setMinimumHeight(min(560, table.horizontalHeader().sizeHint().height() + rows
                                       + 2 * table.frameWidth() + 2))
            table.setMaximumHeight(table.minimumHeight() if len(table.channels) <= 12 else 16777215)
            caption = QLabel(" ".join(
                f"<b>{family_label(regs[0])}</b> ({allowed_text(regs[0])}{' ' + regs[0].unit if regs[0].unit else ''})"
                + (f": {regs[0].help}" if regs[0].help else "") for regs in families_.values()))
            caption.setWordWrap(True)
            caption.setStyleSheet("color: #424242; padding-top: 6px;")
            column.addWidget(caption)
            self.tables.append(table)
            self.editors.update(table.editors)
            self.device_values.update(table.device_values)
            column.addWidget(table, 1, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(0 if tables else 1)
        if side is not None:
            outer.addWidget(side, 1, Qt.AlignmentFlag.AlignTop)
        self.setWidget(body)
        for editor in self.editors.values():
            editor.sig_edited.connect(self.sig_edited)

    def _grid(self, regs: list[Register]) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        bold = QFont()
        bold.setBold(True)
        for col, text in enumerate((self.tr("Setting"), self.tr("Device"), self.tr("Value"), self.tr("Unit"),
                                    self.tr("Allowed"), self.tr("Default"))):
            head = QLabel(text)

            head.setFont(bold)
            grid.addWidget(head, 0, col)
        row = 1
        for reg in regs:
            label = QLabel(reg.label + (" ⟳" if reg.restart else ""))
            label.setToolTip(self._tooltip(reg))
            device = DeviceValue()
            editor = SettingEditor(reg)
            editor.setMinimumWidth(200)
            editor.setMaximumWidth(320)
            grid.addWidget(label, row, 0)
            grid.addWidget(device, row, 1)
            grid.addWidget(editor, row, 2)
            grid.addWidget(QLabel(reg.unit), row, 3)
            allowed = QLabel(allowed_text(reg))
            allowed.setWordWrap(True)
            allowed.setMaximumWidth(420)
            grid.addWidget(allowed, row, 4)
            grid.addWidget(QLabel(default_text(reg)), row, 5)
            self.editors[reg.name] = editor
            self.device_values[reg.name] = device
            row += 1
            notes = [reg.help] if reg.help else []
            if reg.restart:
                notes.append(self.tr("Applied after a device restart."))
            if reg.caution:
                notes.append(self.tr("Caution: ") + reg.caution)
            if notes:
                help_label = QLabel(" ".join(notes))
                help_label.setWordWrap(True)
                help_label.setStyleSheet("color: #616161; font-size: 11px; padding-bottom: 4px;")
                grid.addWidget(help_label, row, 0, 1, 6)
                row += 1
        grid.setColumnStretch(4, 1)
        return grid

    @staticmethod
    def _tooltip(reg: Register) -> str:
        where = f"register {reg.reg}" + (f", {reg.type}" if reg.type else "")
        return f"{reg.name} ({where})\n{reg.source}"

    def update_derived(self, values: Mapping[str, Value]) -> None:
        for table in self.tables:
            table.update_derived(values)
