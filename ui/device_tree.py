"""The "My devices" tree: sites with their devices; selecting one selects the session."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.session import DeviceAddress

_STATE_COLOURS = {"connected": "#2e7d32", "connecting": "#f9a825", "error": "#c62828"}


class DeviceTree(QTreeWidget):
    """Sites (top level) and devices; each device item carries its :class:`DeviceAddress`."""

    sig_device_selected = Signal(object)  # DeviceAddress
    sig_device_activated = Signal(object)  # DeviceAddress (double-click: connect)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([self.tr("Device"), self.tr("Link"), self.tr("State")])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.setRootIsDecorated(True)
        self.itemSelectionChanged.connect(self._on_selection)
        self.itemDoubleClicked.connect(self._on_double_click)
        self._sites: dict[str, QTreeWidgetItem] = {}
        self._devices: dict[DeviceAddress, QTreeWidgetItem] = {}

    def add_device(self, site: str, address: DeviceAddress) -> QTreeWidgetItem:
        item = self._devices.get(address)
        if item is not None:
            return item
        parent = self._sites.get(site)
        if parent is None:
            parent = self._sites[site] = QTreeWidgetItem(self, [site])
            parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            parent.setExpanded(True)
        link = address.endpoint.label + (f" #{address.unit}")
        if address.endpoint.kind != "rtu":
            link += "  (unencrypted)"
        item = QTreeWidgetItem(parent, [address.name, link, self.tr("not connected")])
        item.setData(0, Qt.ItemDataRole.UserRole, address)
        item.setToolTip(1, self.tr("Plain Modbus: traffic is not encrypted") if address.endpoint.kind != "rtu" else "")
        self._devices[address] = item
        return item

    def set_state(self, address: DeviceAddress, state: str, text: str) -> None:
        item = self._devices.get(address)
        if item is None:
            return
        item.setText(2, text)
        colour = _STATE_COLOURS.get(state)
        item.setForeground(2, QBrush(QColor(colour)) if colour else QBrush())

    def select(self, address: DeviceAddress) -> None:
        item = self._devices.get(address)
        if item is not None:
            self.setCurrentItem(item)

    def _on_selection(self) -> None:
        items = self.selectedItems()
        address = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        if address is not None:
            self.sig_device_selected.emit(address)

    def _on_double_click(self, item: QTreeWidgetItem, _column: int) -> None:
        address = item.data(0, Qt.ItemDataRole.UserRole)
        if address is not None:
            self.sig_device_activated.emit(address)
