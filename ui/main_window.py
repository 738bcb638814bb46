"""Main window: navigation, the "My devices" tree and the panes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)

from app import __version__
from app.modbus.tls import CertificatePins
from app.project.paths import data_dir as default_data_dir
from app.session import DeviceAddress
from ui.device_tree import DevicesPanel
from ui.dialogs.certificate_dialog import CertificateChangedDialog
from ui.dialogs.preferences import PreferencesDialog
from ui.language import session_state
from ui.panes.analysis import AnalysisPane
from ui.panes.connection import ConnectionPane
from ui.panes.measurements import MeasurementsPane
from ui.panes.panel_server import PanelServerPane
from ui.panes.security import SecurityPane
from ui.panes.settings import SettingsPane
from ui.panes.traffic import TrafficPane
from ui.panes.upgrade import UpgradePane
from ui.sessions import Sessions

#: Groups of devices not saved in the project (translated where shown).
MANUAL_SITE = QT_TRANSLATE_NOOP("MainWindow", "Manual connections")
DEMO_SITE = QT_TRANSLATE_NOOP("MainWindow", "Demo site (simulated)")


class MainWindow(QMainWindow):
    """``data_dir`` holds projects, the recent-projects list and pinned TLS certificates
    (default: the user data folder)."""

    def __init__(self, parent: QWidget | None = None, data_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.resize(1180, 720)
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.sessions = Sessions(self, pins=CertificatePins(self.data_dir / "tls_pins.json"))

        self.devices = DevicesPanel(self.sessions, self.data_dir)
        self.tree = self.devices.tree
        self.devices_dock = dock = QDockWidget(self.tr("My devices"), self)
        dock.setObjectName("devices")
        dock.setWidget(self.devices)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        dock.setMinimumWidth(340)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)

        self.nav = QToolBar(self.tr("Navigation"))
        self.nav.setObjectName("navigation")
        self.nav.setMovable(False)
        self.nav.setIconSize(QSize(28, 28))
        self.nav.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, self.nav)
        self._nav_group = QActionGroup(self)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)

        self.connection = ConnectionPane(self.sessions, watcher=self.devices.watcher)  # one port listing for all
        self.add_pane(self.connection, QStyle.StandardPixmap.SP_DriveNetIcon)
        self.add_pane(SettingsPane(self.sessions, self.tree, self.data_dir), QStyle.StandardPixmap.SP_FileDialogListView)
        self.add_pane(MeasurementsPane(self.sessions), QStyle.StandardPixmap.SP_FileDialogInfoView)
        self.add_pane(PanelServerPane(), QStyle.StandardPixmap.SP_FileDialogDetailedView)
        self.add_pane(AnalysisPane(data_dir=self.data_dir), QStyle.StandardPixmap.SP_FileDialogContentsView)
        self.add_pane(UpgradePane(self.sessions, data_dir=self.data_dir), QStyle.StandardPixmap.SP_ArrowUp)
        self.add_pane(SecurityPane(self.sessions, self.tree), QStyle.StandardPixmap.SP_MessageBoxWarning)

        self.traffic = TrafficPane(self.sessions)
        self.traffic_dock = QDockWidget(self.tr("Traffic monitor"), self)
        self.traffic_dock.setObjectName("traffic")
        self.traffic_dock.setWidget(self.traffic)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.traffic_dock)
        self.traffic_dock.hide()

        self.tree.sig_device_selected.connect(self.select_device)
        self.tree.sig_device_activated.connect(self._connect_from_tree)
        self.connection.sig_connected.connect(self._on_connected)
        self.sessions.sig_state_changed.connect(self._on_state)
        self.sessions.sig_certificate_changed.connect(self._on_certificate_changed)
        self.status = QLabel(self.tr("Ready"))
        self.statusBar().addWidget(self.status, 1)
        self.devices.sig_modified.connect(self._update_title)
        self.devices.sig_project_changed.connect(self._update_title)
        self.devices.sig_project_changed.connect(self._share_project)
        self.devices.sig_message.connect(self.status.setText)
        self._build_menu()
        self._update_title()
        self._share_project()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        QTimer.singleShot(0, self._widen_devices_dock)  # once the layout has settled

    def _widen_devices_dock(self) -> None:
        wanted = self.devices.sizeHint().width()
        if self.devices_dock.width() < wanted:
            self.resizeDocks([self.devices_dock], [wanted], Qt.Orientation.Horizontal)

    def add_pane(self, pane: QWidget, icon: QStyle.StandardPixmap) -> QAction:
        """Add a pane to the navigation bar; the first one added is shown.

        A pane has a ``title``; it may have ``set_session(session)``, called with
        the device selected in the tree (or None), ``set_project(name)``, called
        when a project is opened (keyring entries are keyed by it), and
        ``shutdown()``, called when the window closes.
        """
        index = self.stack.addWidget(pane)
        action = QAction(self.style().standardIcon(icon), self.tr(pane.title), self, checkable=True)
        action.triggered.connect(lambda: self.stack.setCurrentIndex(index))
        self._nav_group.addAction(action)
        self.nav.addAction(action)
        if index == 0:
            action.setChecked(True)
        return action

    def show_pane(self, pane: QWidget) -> None:
        """Bring ``pane`` to the front, as its navigation button does."""
        self._nav_group.actions()[self.stack.indexOf(pane)].trigger()

    def add_site(self, site: str, addresses: list[DeviceAddress]) -> None:
        """Show ``addresses`` in the unsaved group ``site`` (:data:`DEMO_SITE`, or a name of the user's)."""
        for address in addresses:
            self.tree.add_device(self.tr(site), address)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        devices = self.devices
        file_menu.addAction(QAction(self.tr("&New project"), self, shortcut="Ctrl+N", triggered=devices.new_project))
        file_menu.addAction(QAction(self.tr("&Open project…"), self, shortcut="Ctrl+O",
                                    triggered=lambda: devices.open_project()))
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(lambda: devices.fill_recent_menu(self.recent_menu))
        file_menu.addAction(QAction(self.tr("&Save"), self, shortcut="Ctrl+S", triggered=devices.save))
        file_menu.addAction(QAction(self.tr("Save &as…"), self, shortcut="Ctrl+Shift+S",
                                    triggered=lambda: devices.save_as()))
        file_menu.addSeparator()
        file_menu.addAction(QAction(self.tr("&Import sites…"), self, triggered=lambda: devices.import_from()))
        file_menu.addAction(QAction(self.tr("&Export project…"), self, triggered=lambda: devices.export_to()))
        file_menu.addSeparator()
        file_menu.addAction(QAction(self.tr("&Preferences…"), self, triggered=self.show_preferences))
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self, shortcut="Ctrl+Q", triggered=self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        traffic_action = self.traffic_dock.toggleViewAction()
        traffic_action.setShortcut("Ctrl+T")
        view_menu.addAction(traffic_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(QAction(self.tr("&About MeterDesk"), self, triggered=self._about))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About MeterDesk"),
            self.tr("<b>MeterDesk %s</b><p>Configuration suite for power meters and gateways: "
                    "Modbus TCP and RTU, device profiles, simulators.</p>") % __version__,
        )

    def show_preferences(self) -> PreferencesDialog:
        """Open the Preferences dialog (the language applies on restart)."""
        dialog = PreferencesDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def panes(self) -> list[QWidget]:
        return [self.stack.widget(i) for i in range(self.stack.count())]

    def select_device(self, address: DeviceAddress) -> None:
        """Make ``address`` the current device of every pane."""
        self.connection.show_address(address)
        session = self.sessions.session(address)
        for pane in self.panes():
            if hasattr(pane, "set_session"):
                pane.set_session(session)

    def _connect_from_tree(self, address: DeviceAddress) -> None:
        self.connection.show_address(address)
        self.connection.connect_device()

    def _on_connected(self, address: DeviceAddress) -> None:
        self.tree.add_device(self.tr(MANUAL_SITE), address)
        self.tree.select(address)

    def _on_state(self, session) -> None:
        text = session_state(session.state)
        self.tree.set_state(session.address, session.state, text)
        self.status.setText(f"{session.address.name}: {text}")

        if session.state == "connected" and session.identity is not None:
            self.devices.remember_identity(session.address, session.identity)

    def _on_certificate_changed(self, session) -> None:
        """Warn with both fingerprints; only an explicit choice trusts the new certificate."""
        change = session.certificate_change
        dialog = CertificateChangedDialog(change, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def decided(result: int) -> None:
            if result != CertificateChangedDialog.DialogCode.Accepted:
                self.status.setText(self.tr("%s: certificate refused") % session.address.name)
                return
            self.sessions.pool.pins.pin(change.host, change.port, change.offered)
            self.sessions.disconnect(session)
            self._connect_from_tree(session.address)

        dialog.finished.connect(decided)
        dialog.open()  # not exec(): the event loop keeps serving the other devices

    def _share_project(self, *_args) -> None:
        """Tell the panes which project is open (their keyring entries are keyed by it)."""
        for pane in self.panes():
            if hasattr(pane, "set_project"):
                pane.set_project(self.devices.project.name)

    def _update_title(self, *_args) -> None:
        self.setWindowTitle(f"{self.devices.title}[*] — MeterDesk")
        self.setWindowModified(self.devices.modified)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self.devices.maybe_save():
            event.ignore()
            return
        for pane in [*self.panes(), self.traffic]:
            if hasattr(pane, "shutdown"):
                pane.shutdown()
        self.devices.watcher.stop()
        self.sessions.close_all()
        super().closeEvent(event)
