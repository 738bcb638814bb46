"""The package box of the Upgrade pane: open a firmware package, see what it holds, or why it is refused."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.upgrade.keys import TrustedKeys
from app.upgrade.package import Package, open_package
from ui.tasks import spawn

KEY_DIRS_SETTING = "upgrade/trusted_key_dirs"
OK_STYLE = "color: #1b7a2b;"
BAD_STYLE = "color: #b3261e; font-weight: bold;"


class PackageBox(QGroupBox):
    """Open a package; it is checked (signature, hashes) off the GUI thread and shown, or refused."""

    sig_package_changed = Signal(object)  # Package | None

    def __init__(self, settings: QSettings, trusted_dirs: list[Path] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Firmware package"), parent)
        self.settings = settings
        self.extra_dirs = [Path(p) for p in (trusted_dirs if trusted_dirs is not None else self._saved_dirs())]
        self.package: Package | None = None
        self._build()

    def _saved_dirs(self) -> list[Path]:
        value = self.settings.value(KEY_DIRS_SETTING, [])
        return [Path(v) for v in ([value] if isinstance(value, str) else value or [])]

    def _build(self) -> None:
        self.open_button = QPushButton(self.tr("Open package…"))
        self.open_button.clicked.connect(self.choose)
        self.keys_button = QPushButton(self.tr("Trust keys in folder…"))
        self.keys_button.setToolTip(self.tr("Also accept packages signed by the public keys (*.pub) of a folder"))
        self.keys_button.clicked.connect(self.choose_key_folder)
        self.path_label = QLabel(self.tr("No package opened"))
        self.status_label = QLabel(wordWrap=True)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.path_label, 1)
        row.addWidget(self.keys_button)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Component"), self.tr("File"), self.tr("Version"),
                                              self.tr("Size"), self.tr("SHA-256")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + 4 * self.table.verticalHeader().defaultSectionSize() + 4)
        self.notes = QPlainTextEdit(readOnly=True)
        self.notes.setPlaceholderText(self.tr("Release notes"))
        self.notes.setMaximumWidth(320)
        contents = QHBoxLayout()
        contents.addWidget(self.table, 1)
        contents.addWidget(self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        layout.addLayout(contents, 1)

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open firmware package"), "",
                                              self.tr("Firmware packages (*.zip)"))
        if path:
            self.open_path(Path(path))

    def choose_key_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of trusted public keys"))
        if not folder:
            return
        self.extra_dirs.append(Path(folder))
        self.settings.setValue(KEY_DIRS_SETTING, [str(p) for p in self.extra_dirs])
        if self.package is not None:
            self.open_path(self.package.path)

    def open_path(self, path: Path) -> asyncio.Task:
        """Open and check ``path`` in a worker thread; the box shows the package or the refusal."""
        self.path_label.setText(str(path))
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Checking the signature and the components…"))
        return spawn(self._open(Path(path)), self._refused)

    async def _open(self, path: Path) -> None:
        package = await asyncio.to_thread(_open_checked, path, list(self.extra_dirs))
        self.show_package(package)

    def _refused(self, message: str) -> None:
        self.package = None
        self.table.setRowCount(0)
        self.notes.clear()
        self.status_label.setStyleSheet(BAD_STYLE)
        self.status_label.setText(self.tr("Refused: %s") % message)
        self.sig_package_changed.emit(None)

    def show_package(self, package: Package) -> None:
        self.package = package
        m = package.manifest
        self.status_label.setStyleSheet(OK_STYLE)
        self.status_label.setText(self.tr("%1 for %2: signed by trusted key %3; every component matches "
                                          "its SHA-256").replace("%1", m.name).replace("%2", ", ".join(m.models))
                                  .replace("%3", package.key))
        self.table.setRowCount(len(m.components))
        for row, c in enumerate(m.components):
            cells = (c.label, c.file, str(c.version), f"{QLocale().toString(c.size)} B", c.sha256[:16] + "…")

            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 4:
                    item.setToolTip(c.sha256)
                self.table.setItem(row, col, item)
        self.notes.setPlainText(package.release_notes)
        self.sig_package_changed.emit(package)


def _open_checked(path: Path, extra_dirs: list[Path]) -> Package:
    """Read the trusted keys (shipped and ``extra_dirs``), then open and check ``path`` (in a worker thread)."""
    return open_package(path, TrustedKeys.load(extra_dirs))
