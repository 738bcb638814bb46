"""Main window: navigation, the "My devices" tree and the panes."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
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
from app.session import DeviceAddress
from ui.device_tree import DeviceTree
from ui.panes.analysis import AnalysisPane
from ui.panes.connection import ConnectionPane
from ui.panes.measurements import MeasurementsPane
from ui.panes.panel_server import PanelServerPane
from ui.panes.security import SecurityPane
from ui.panes.settings import SettingsPane
from ui.panes.upgrade import UpgradePane
from ui.sessions import Sessions

MANUAL_SITE = "Manual connections"
DEMO_SITE = "Demo site (simulated)"


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("MeterDesk")
        self.resize(1180, 720)
        self.sessions = Sessions(self)

        self.tree = DeviceTree()
        dock = QDockWidget(self.tr("My devices"), self)
        dock.setObjectName("devices")
        dock.setWidget(self.tree)
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

        self.connection = ConnectionPane(self.sessions)
        self.add_pane(self.connection, QStyle.StandardPixmap.SP_DriveNetIcon)
        self.add_pane(SettingsPane(self.sessions, self.tree), QStyle.StandardPixmap.SP_FileDialogListView)
        self.add_pane(MeasurementsPane(self.sessions), QStyle.StandardPixmap.SP_FileDialogInfoView)
        self.add_pane(PanelServerPane(), QStyle.StandardPixmap.SP_FileDialogDetailedView)
        self.add_pane(AnalysisPane(), QStyle.StandardPixmap.SP_FileDialogContentsView)
        self.add_pane(UpgradePane(self.sessions), QStyle.StandardPixmap.SP_ArrowUp)
        self.add_pane(SecurityPane(self.sessions, self.tree), QStyle.StandardPixmap.SP_MessageBoxWarning)

        self.tree.sig_device_selected.connect(self.select_device)
        self.tree.sig_device_activated.connect(self._connect_from_tree)
        self.connection.sig_connected.connect(self._on_connected)
        self.sessions.sig_state_changed.connect(self._on_state)
        self.status = QLabel(self.tr("Ready"))
        self.statusBar().addWidget(self.status, 1)
        self._build_menu()

    def add_pane(self, pane: QWidget, icon: QStyle.StandardPixmap) -> QAction:
        """Add a pane to the navigation bar; the first one added is shown.

        A pane has a ``title``; it may have ``set_session(session)``, called with
        the device selected in the tree (or None), and ``shutdown()``, called
        when the window closes.
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
        for address in addresses:
            self.tree.add_device(site, address)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self, shortcut="Ctrl+Q", triggered=self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(QAction(self.tr("&About MeterDesk"), self, triggered=self._about))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About MeterDesk"),
            self.tr("<b>MeterDesk %s</b><p>Configuration suite for power meters and gateways: "
                    "Modbus TCP and RTU, device profiles, simulators.</p>") % __version__,
        )

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
        self.tree.add_device(MANUAL_SITE, address)
        self.tree.select(address)

    def _on_state(self, session) -> None:
        texts = {"connected": self.tr("connected"), "connecting": self.tr("connecting…"),
                 "disconnected": self.tr("not connected"), "error": self.tr("link error")}
        self.tree.set_state(session.address, session.state, texts[session.state])
        self.status.setText(f"{session.address.name}: {texts[session.state]}")

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        for pane in self.panes():
            if hasattr(pane, "shutdown"):
                pane.shutdown()
        self.sessions.close_all()
        super().closeEvent(event)
