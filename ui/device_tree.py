"""The "My devices" dock: the project's sites and devices, plus unsaved groups (demo, manual).

:class:`DeviceTree` shows sites (serial line, TCP device, gateway) with their
devices, each device carrying its :class:`DeviceAddress`; devices are dragged
between sites to move them. :class:`DevicesPanel` wraps it with the project:
adding and editing sites and devices, scanning, and the file commands (new,
open, save, save as, recent, import, export) that the main window's File menu
calls. Unsaved groups (the demo site, manual connections) are never written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHeaderView,
    QMenu,
    QMessageBox,
    QStyle,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from app.drivers.generic import Identity
from app.project.file import SUFFIX, RecentProjects, load_project, save_project
from app.project.model import (
    DeviceEntry,
    KnownIdentity,
    Project,
    ProjectError,
    Site,
    site_for_endpoint,
)
from app.project.paths import projects_dir
from app.session import DeviceAddress
from ui.dialogs.scan_dialog import ScanDialog
from ui.dialogs.site_dialog import DeviceDialog, SerialPortWatcher, SiteDialog
from ui.sessions import Sessions

_STATE_COLOURS = {"connected": "#2e7d32", "connecting": "#f9a825", "reconnecting": "#ef6c00", "error": "#c62828"}
_UNENCRYPTED = QColor("#8d6e00")
_KIND_ICONS = {"serial": QStyle.StandardPixmap.SP_DriveHDIcon, "tcp": QStyle.StandardPixmap.SP_ComputerIcon,
               "gateway": QStyle.StandardPixmap.SP_DriveNetIcon}
ROLE_ADDRESS = Qt.ItemDataRole.UserRole
ROLE_ENTRY = Qt.ItemDataRole.UserRole + 1
FILE_FILTER = QT_TRANSLATE_NOOP("DevicesPanel", "MeterDesk projects (*.mdproj);;All files (*)")



class DeviceTree(QTreeWidget):
    """Sites (top level) and their devices; each device item carries its :class:`DeviceAddress`.

    Item data ``ROLE_ENTRY`` is ``("site", Site)``, ``("device", Site, DeviceEntry)``
    for the project, or ``("group", name)`` / ``("address",)`` for unsaved groups.
    """

    sig_device_selected = Signal(object)  # DeviceAddress
    sig_device_activated = Signal(object)  # DeviceAddress (double-click: connect)
    sig_site_activated = Signal(object)  # Site (double-click: edit)
    sig_dropped = Signal(list, object)  # [(Site, DeviceEntry) or DeviceAddress], target Site

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([self.tr("Device"), self.tr("Link"), self.tr("State")])
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # elided; the tooltip has it all
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setTextElideMode(Qt.TextElideMode.ElideLeft)  # keep ", unencrypted" / ", TLS" in view
        self.setRootIsDecorated(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.itemSelectionChanged.connect(self._on_selection)
        self.itemDoubleClicked.connect(self._on_double_click)
        self._groups: dict[str, QTreeWidgetItem] = {}
        self._project_items: list[QTreeWidgetItem] = []
        self._devices: dict[DeviceAddress, QTreeWidgetItem] = {}
        self._states: dict[DeviceAddress, tuple[str, str]] = {}

    # ---- content

    def set_project(self, project: Project) -> None:
        """Show ``project``'s sites above the unsaved groups (device states are kept)."""
        for item in self._project_items:
            for i in range(item.childCount()):
                self._devices.pop(item.child(i).data(0, ROLE_ADDRESS), None)
            self.takeTopLevelItem(self.indexOfTopLevelItem(item))
        self._project_items = []
        for index, site in enumerate(project.sites):
            item = QTreeWidgetItem([site.name, site.link_label, ""])
            item.setData(0, ROLE_ENTRY, ("site", site))
            item.setIcon(0, self.style().standardIcon(_KIND_ICONS[site.kind]))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled)
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            self._mark_security(item, site)
            self.insertTopLevelItem(index, item)
            self._project_items.append(item)
            for device in site.devices:
                self._device_item(item, site.address(device), ("device", site, device), device)
            item.setExpanded(True)

    def _mark_security(self, item: QTreeWidgetItem, site: Site) -> None:
        if site.kind == "serial":
            item.setToolTip(1, self.tr("RS-485 line: %s") % site.link_label)
        elif site.encrypted:
            item.setToolTip(1, self.tr("%s: Modbus/TCP Security (TLS), server certificate pinned on first use")
                            % site.link_label)
        else:
            item.setForeground(1, QBrush(_UNENCRYPTED))
            item.setToolTip(1, self.tr("%s: plain Modbus TCP, traffic is not encrypted (the manuals advise "
                                       "segmented networks or an encrypted tunnel)") % site.link_label)

    def _device_item(self, parent: QTreeWidgetItem, address: DeviceAddress, entry: tuple,
                     device: DeviceEntry | None = None) -> QTreeWidgetItem:
        profile = address.profile_id or self.tr("no profile")
        link = f"#{address.unit} {profile}" if device is not None else f"{address.endpoint.label} #{address.unit}"
        if device is None and address.endpoint.kind in ("tcp", "rtu-tcp"):
            link += "  " + self.tr("(unencrypted)")
        state, text = self._states.get(address, ("disconnected", self.tr("not connected")))
        item = QTreeWidgetItem(parent, [address.name, link, text])
        item.setData(0, ROLE_ADDRESS, address)
        item.setData(0, ROLE_ENTRY, entry)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
        if device is not None and device.identity.summary:
            item.setToolTip(0, self.tr("Last identified as %s (%s)") % (device.identity.summary, device.identity.seen))
        elif device is None and address.endpoint.kind in ("tcp", "rtu-tcp"):
            item.setToolTip(1, self.tr("Plain Modbus: traffic is not encrypted"))
        if not address.profile_id:
            item.setForeground(1, QBrush(QColor("#c62828")))
        self._devices[address] = item
        self._paint_state(item, state)
        return item

    def add_device(self, group: str, address: DeviceAddress) -> QTreeWidgetItem:
        """Show ``address`` in the unsaved group ``group`` (demo site, manual connections)."""
        item = self._devices.get(address)
        if item is not None:
            return item
        parent = self._groups.get(group)
        if parent is None:
            parent = self._groups[group] = QTreeWidgetItem(self, [group])
            parent.setData(0, ROLE_ENTRY, ("group", group))
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = QFont(parent.font(0))
            font.setItalic(True)
            parent.setFont(0, font)
            parent.setToolTip(0, self.tr("Not saved in the project: drag a device onto a site to keep it"))
            parent.setExpanded(True)
        return self._device_item(parent, address, ("address",))

    def set_state(self, address: DeviceAddress, state: str, text: str) -> None:
        self._states[address] = (state, text)
        item = self._devices.get(address)
        if item is not None:
            item.setText(2, text)
            self._paint_state(item, state)

    @staticmethod
    def _paint_state(item: QTreeWidgetItem, state: str) -> None:
        colour = _STATE_COLOURS.get(state)
        item.setForeground(2, QBrush(QColor(colour)) if colour else QBrush())

    def select(self, address: DeviceAddress) -> None:
        item = self._devices.get(address)
        if item is not None:
            self.setCurrentItem(item)

    def addresses(self) -> list[DeviceAddress]:
        """Every device shown, in the tree's order, each once (a device may sit in a site and a group)."""
        found: dict[DeviceAddress, None] = {}
        it = QTreeWidgetItemIterator(self)
        while it.value():
            address = it.value().data(0, ROLE_ADDRESS)
            if isinstance(address, DeviceAddress):
                found.setdefault(address)
            it += 1
        return list(found)

    def item_of(self, address: DeviceAddress) -> QTreeWidgetItem | None:
        return self._devices.get(address)

    def site_item(self, name: str) -> QTreeWidgetItem | None:
        return next((i for i in self._project_items if i.text(0) == name), None)

    # ---- what is selected

    @staticmethod
    def entry(item: QTreeWidgetItem | None) -> tuple:
        return item.data(0, ROLE_ENTRY) if item is not None else ()

    def current_site(self) -> Site | None:
        """The project site selected, or the site of the selected project device."""
        entry = self.entry(self.currentItem())
        return entry[1] if entry and entry[0] in ("site", "device") else None

    def _on_selection(self) -> None:
        items = self.selectedItems()
        address = items[0].data(0, ROLE_ADDRESS) if len(items) == 1 else None
        if address is not None:
            self.sig_device_selected.emit(address)

    def _on_double_click(self, item: QTreeWidgetItem, _column: int) -> None:
        address = item.data(0, ROLE_ADDRESS)
        if address is not None:
            self.sig_device_activated.emit(address)
        elif self.entry(item) and self.entry(item)[0] == "site":
            self.sig_site_activated.emit(self.entry(item)[1])

    # ---- drag and drop (devices onto project sites)

    def _target_site(self, event: QDropEvent) -> Site | None:
        entry = self.entry(self.itemAt(event.position().toPoint()))
        return entry[1] if entry and entry[0] in ("site", "device") else None

    def dragEnterEvent(self, event) -> None:
        if event.source() is self:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.source() is self and self._target_site(event) is not None:
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        target = self._target_site(event)
        if target is None:
            event.ignore()
            return
        moved = []
        for item in self.selectedItems():
            entry = self.entry(item)
            if entry and entry[0] == "device":
                moved.append((entry[1], entry[2]))
            elif entry and entry[0] == "address":
                moved.append(item.data(0, ROLE_ADDRESS))
        # the panel rebuilds the tree from the project: Qt must not move or remove items itself
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if moved:
            self.sig_dropped.emit(moved, target)


ErrorSink = Callable[[str, str], None]  # (title, message)


class DevicesPanel(QWidget):
    """The dock's content: a toolbar, the tree, and the project behind them.

    ``data_dir`` holds the projects folder and the recent-projects list;
    ``show_error`` presents user-facing errors (a message box by default).
    """

    sig_modified = Signal(bool)
    sig_project_changed = Signal(object)  # Project (another one was opened or created)
    sig_message = Signal(str)  # a line for the status bar

    def __init__(self, sessions: Sessions, data_dir: Path, parent: QWidget | None = None,
                 show_error: ErrorSink | None = None) -> None:
        super().__init__(parent)
        self.sessions = sessions
        self.data_dir = Path(data_dir)
        self.recent = RecentProjects(self.data_dir / "recent_projects.json")
        self.show_error: ErrorSink = show_error or (lambda title, text: QMessageBox.warning(self, title, text))
        self.project = Project()
        self.modified = False
        self.watcher = SerialPortWatcher(self)
        self.tree = DeviceTree()
        self.tree.sig_dropped.connect(self.drop_devices)
        self.tree.sig_site_activated.connect(self.edit_site)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemSelectionChanged.connect(self._update_actions)
        self._build()
        self.tree.set_project(self.project)

    def _build(self) -> None:
        style = self.style()
        bar = QToolBar()
        bar.setIconSize(QSize(16, 16))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_site_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder),
                                       self.tr("Site"), self, triggered=lambda: self.add_site())
        self.add_site_action.setToolTip(self.tr("Add a site: a serial line, a TCP device or a gateway"))
        self.add_device_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon),
                                         self.tr("Device"), self, triggered=lambda: self.add_device())
        self.add_device_action.setToolTip(self.tr("Add a device to the selected site"))
        self.scan_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
                                   self.tr("Find…"), self, triggered=lambda: self.scan())
        self.scan_action.setToolTip(self.tr("Scan a serial bus or the network for devices"))
        self.remove_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon),
                                     self.tr("Remove"), self, triggered=self.remove_selected)
        for action in (self.add_site_action, self.add_device_action, self.scan_action, self.remove_action):
            bar.addAction(action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.tree, 1)
        self._update_actions()

    def sizeHint(self) -> QSize:
        """Room for the name, link and state columns."""
        return QSize(540, 600)

    def _update_actions(self) -> None:
        site = self.tree.current_site()
        self.add_device_action.setEnabled(site is not None)
        entry = self.tree.entry(self.tree.currentItem())
        self.remove_action.setEnabled(bool(entry) and entry[0] in ("site", "device"))

    # ---- project state

    def set_modified(self, modified: bool = True) -> None:
        self.modified = modified
        self.sig_modified.emit(modified)

    def _changed(self) -> None:
        self.tree.set_project(self.project)
        self.set_modified(True)
        self._update_actions()

    @property
    def title(self) -> str:
        return self.project.name if self.project.path else self.tr("%s (not saved)") % self.project.name

    def _use(self, project: Project) -> None:
        for site in self.project.sites:
            for device in site.devices:
                self.sessions.forget(site.address(device))
        self.project = project
        self.tree.set_project(project)
        self.set_modified(False)
        self.sig_project_changed.emit(project)
        self._update_actions()

    # ---- files

    def new_project(self) -> bool:
        if not self.maybe_save():
            return False
        self._use(Project())
        return True

    def open_project(self, path: Path | None = None) -> bool:
        """Open ``path`` (asked for when None); a bad file changes nothing and is explained."""
        if path is None:
            path = self._ask_path(self.tr("Open project"), save=False)
            if path is None:
                return False
        if not self.maybe_save():
            return False
        try:
            project = load_project(path)
        except ProjectError as exc:
            self.show_error(self.tr("Cannot open the project"), str(exc))
            return False
        self._use(project)
        self._remember(path)
        self.sig_message.emit(self.tr("Opened %s") % path)
        return True

    def reopen_last(self) -> bool:
        """Open the most recent project, as the user left it (a file that cannot be read is explained)."""
        recent = self.recent.paths()
        return bool(recent) and self.open_project(recent[0])

    def save(self) -> bool:
        if self.project.path is None:
            return self.save_as()
        return self._write(self.project.path)

    def save_as(self, path: Path | None = None) -> bool:
        if path is None:
            path = self._ask_path(self.tr("Save project as"), save=True)
            if path is None:
                return False
        if not self._write(path):
            return False
        self.sig_project_changed.emit(self.project)
        return True

    def _write(self, path: Path) -> bool:
        try:
            written = save_project(self.project, path)
        except ProjectError as exc:
            self.show_error(self.tr("Cannot save the project"), str(exc))
            return False
        self.set_modified(False)
        self._remember(written)
        self.sig_message.emit(self.tr("Saved %s") % written)
        return True

    def export_to(self, path: Path | None = None) -> bool:
        """Write a copy of the project elsewhere (the open file stays the same)."""
        if path is None:
            path = self._ask_path(self.tr("Export project"), save=True)
            if path is None:
                return False
        copy = replace(self.project, path=None)
        try:
            written = save_project(copy, path)
        except ProjectError as exc:
            self.show_error(self.tr("Cannot export the project"), str(exc))
            return False
        self.sig_message.emit(self.tr("Exported to %s") % written)
        return True

    def import_from(self, path: Path | None = None) -> bool:
        """Add another project's sites to this one (renamed where names clash)."""
        if path is None:
            path = self._ask_path(self.tr("Import sites from a project"), save=False)
            if path is None:
                return False
        try:
            added = self.project.merge(load_project(path))
        except ProjectError as exc:
            self.show_error(self.tr("Cannot import"), str(exc))
            return False
        self._changed()
        self.sig_message.emit(self.tr("Imported %d site(s) from %s") % (len(added), path))
        return True

    def maybe_save(self) -> bool:
        """Ask to save unsaved changes; False if the user cancels."""
        if not self.modified or not self.project.sites and self.project.path is None:
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("Save the changes to %s?") % self.project.name,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _remember(self, path: Path) -> None:
        try:
            self.recent.add(path)
        except ProjectError as exc:
            self.sig_message.emit(str(exc))

    def _ask_path(self, caption: str, save: bool) -> Path | None:
        folder = projects_dir(self.data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        if save:
            start = str(self.project.path or folder / (self.project.name + SUFFIX))
            path, _ = QFileDialog.getSaveFileName(self, caption, start, self.tr(FILE_FILTER))
        else:
            path, _ = QFileDialog.getOpenFileName(self, caption, str(folder), self.tr(FILE_FILTER))
        return Path(path) if path else None

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        paths = self.recent.paths()
        for path in paths:
            action = menu.addAction(path.name.removesuffix(SUFFIX), lambda path=path: self.open_project(path))
            action.setToolTip(str(path))
        if not paths:
            menu.addAction(self.tr("No recent projects")).setEnabled(False)

    # ---- sites and devices

    def add_site(self, site: Site | None = None) -> Site | None:
        """Add ``site`` (asked for in a dialog when None)."""
        if site is None:
            dialog = SiteDialog(parent=self, watcher=self.watcher)
            site = _ask(dialog, dialog.site)
            if site is None:
                return None
        try:
            site = self.project.add_site(site)
        except ProjectError as exc:
            self.show_error(self.tr("Cannot add the site"), str(exc))
            return None
        self._changed()
        self._select_site(site)
        return site

    def edit_site(self, site: Site, edited: Site | None = None) -> None:
        if edited is None:
            dialog = SiteDialog(site, parent=self, watcher=self.watcher)
            edited = _ask(dialog, dialog.site)
            if edited is None:
                return
        if edited.name != site.name and self.project.site(edited.name) is not None:
            self.show_error(self.tr("Cannot rename the site"), self.tr("A site named %r exists already.") % edited.name)
            return
        for device in site.devices:
            self.sessions.forget(site.address(device))
        self.project.sites[self.project.sites.index(site)] = edited
        self._changed()

    def remove_site(self, site: Site) -> None:
        for device in site.devices:
            self.sessions.forget(site.address(device))
        self.project.sites.remove(site)
        self._changed()

    def add_device(self, site: Site | None = None, device: DeviceEntry | None = None) -> DeviceEntry | None:
        site = site or self.tree.current_site()
        if site is None:
            return None
        if device is None:
            dialog = DeviceDialog(site, parent=self)
            device = _ask(dialog, dialog.device)
            if device is None:
                return None
        site.devices.append(device)
        try:
            site.check()
        except ProjectError as exc:
            site.devices.remove(device)
            self.show_error(self.tr("Cannot add the device"), str(exc))
            return None
        self._changed()
        self.tree.select(site.address(device))
        return device

    def edit_device(self, site: Site, device: DeviceEntry) -> None:
        dialog = DeviceDialog(site, device, parent=self)
        edited = _ask(dialog, dialog.device)
        if edited is None:
            return
        self.sessions.forget(site.address(device))
        site.devices[site.devices.index(device)] = edited
        self._changed()

    def remove_device(self, site: Site, device: DeviceEntry) -> None:
        self.sessions.forget(site.address(device))
        site.devices.remove(device)
        self._changed()

    def remove_selected(self) -> None:
        entry = self.tree.entry(self.tree.currentItem())
        if not entry:
            return
        if entry[0] == "site":
            site = entry[1]
            if site.devices and QMessageBox.question(
                self, self.tr("Remove site"),
                self.tr("Remove %s and its %d device(s) from the project?") % (site.name, len(site.devices)),
            ) != QMessageBox.StandardButton.Yes:  # fmt: skip
                return
            self.remove_site(site)
        elif entry[0] == "device":
            self.remove_device(entry[1], entry[2])

    def drop_devices(self, moved: list, target: Site) -> None:
        """Move project devices to ``target``; devices from unsaved groups are copied into it."""
        problems = []
        for what in moved:
            if isinstance(what, DeviceAddress):
                try:
                    self.project.add_device(target, DeviceEntry(what.name, what.unit, what.profile_id,
                                                                sftp_port=what.sftp_port))
                except ProjectError as exc:
                    problems.append(str(exc))
                continue
            source, device = what
            old = source.address(device)
            try:
                self.project.move_device(device, source, target)
            except ProjectError as exc:
                problems.append(str(exc))
                continue
            self.sessions.forget(old)
        self._changed()
        if problems:
            self.show_error(self.tr("Some devices were not moved"), "\n".join(problems))

    def _select_site(self, site: Site) -> None:
        item = self.tree.site_item(site.name)
        if item is not None:
            self.tree.setCurrentItem(item)

    # ---- scanning and identity

    def scan(self, site: Site | None = None) -> ScanDialog:
        """Open the scan dialog (for ``site``, or the selected one); found devices join the project."""
        site = site or self.tree.current_site()
        if site is not None and site.kind == "serial":
            for session in self.sessions.sessions():  # the scan needs the port to itself
                if session.address.endpoint.kind == "rtu" and session.address.endpoint.device == site.port:
                    self.sessions.disconnect(session)
        dialog = ScanDialog(site, parent=self, watcher=self.watcher)
        dialog.sig_add.connect(self.add_scanned)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def add_scanned(self, found: list[tuple[Site, list[DeviceEntry]]]) -> None:
        """Add scanned devices: into the site scanned, a site on the same link, or a new site."""
        for site, devices in found:
            target = site if any(s is site for s in self.project.sites) else self.project.site_for(site.endpoint())
            if target is None:
                target = self.project.add_site(replace(site, devices=[]))
            elif target.kind == "serial":  # the devices answered with these line settings
                target.baud, target.parity, target.stopbits = site.baud, site.parity, site.stopbits
            taken = {d.unit for d in target.devices}
            target.devices += [d for d in devices if d.unit not in taken]
        self._changed()

    def remember_identity(self, address: DeviceAddress, identity: Identity) -> None:
        """Keep what a project device said it was (only a change marks the project modified)."""
        located = self.project.locate(address)
        if located is None:
            return
        _, device = located
        old = device.identity
        if (old.vendor, old.model, old.serial, old.firmware) == (identity.vendor, identity.model,
                                                                   identity.serial, identity.firmware):
            return
        device.identity = KnownIdentity.now(identity.vendor, identity.model, identity.serial, identity.firmware)
        self.set_modified(True)
        item = self.tree.item_of(address)
        if item is not None:
            item.setToolTip(0, self.tr("Last identified as %s (%s)") % (device.identity.summary, device.identity.seen))

    # ---- context menu

    def _context_menu(self, position) -> None:
        item = self.tree.itemAt(position)
        entry = self.tree.entry(item)
        menu = QMenu(self)
        if entry and entry[0] == "site":
            site = entry[1]
            menu.addAction(self.tr("Add device…"), lambda: self.add_device(site))
            menu.addAction(self.tr("Find devices on this site…"), lambda: self.scan(site))
            menu.addAction(self.tr("Edit site…"), lambda: self.edit_site(site))
            menu.addSeparator()
            menu.addAction(self.tr("Remove site"), self.remove_selected)
        elif entry and entry[0] == "device":
            site, device = entry[1], entry[2]
            menu.addAction(self.tr("Connect"), lambda: self.tree.sig_device_activated.emit(site.address(device)))
            menu.addAction(self.tr("Disconnect"), lambda: self.sessions.disconnect(
                self.sessions.session(site.address(device))))
            menu.addAction(self.tr("Edit device…"), lambda: self.edit_device(site, device))
            menu.addSeparator()
            menu.addAction(self.tr("Remove device"), lambda: self.remove_device(site, device))
        elif entry and entry[0] == "address":
            address = item.data(0, ROLE_ADDRESS)
            menu.addAction(self.tr("Connect"), lambda: self.tree.sig_device_activated.emit(address))
            menu.addAction(self.tr("Keep in the project"), lambda: self.keep(address))
        else:
            menu.addAction(self.add_site_action)
            menu.addAction(self.scan_action)
        menu.exec(self.tree.viewport().mapToGlobal(position))

    def keep(self, address: DeviceAddress) -> None:
        """Copy a device from an unsaved group into the project, on a site for its link."""
        site = self.project.site_for(address.endpoint) or self.project.add_site(site_for_endpoint(address.endpoint))
        self.drop_devices([address], site)


def _ask[T](dialog: QDialog, result: Callable[[], T]) -> T | None:
    """Run ``dialog`` modally and delete it; ``result()`` if it was accepted, else None."""
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    value = result() if accepted else None
    dialog.deleteLater()
    return value
