"""Analysis pane: COMTRADE records as waveforms, with cursors, phasors and harmonics.

Records open from the toolbar (Open, Recent), by drag and drop of .cfg, .cff
or .dat files, or after fetching them from a meter over SFTP. Reading runs
in a worker thread with a progress bar and a Cancel button. Each record gets
a tab of stacked lanes on one time axis (0 = trigger); the side panel shows,
for the current tab, every channel's value and one-cycle RMS at the two
cursors, the phasor diagram and the harmonic spectrum at cursor C1, the
channel list (visibility, moving channels between lanes) and the record's
description and reader warnings. Channels of another open record can be
overlaid, aligned on the triggers. The view exports to PNG or SVG and the
visible data to CSV or COMTRADE. No device connection is needed.
"""

from __future__ import annotations

import asyncio
import itertools
import math
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.comtrade import ComtradeError, ReadCancelled, Record
from app.comtrade.channel_groups import GroupMode, group_lanes, phase_of, quantity_of
from app.comtrade.export import export_csv, save_comtrade
from app.comtrade.fetch import HostKeys, device_folder
from app.comtrade.plot_data import PlotRecord, prepare
from app.comtrade.probe import (
    analysis_frequency,
    cycle_window,
    phasors_at,
    rms_at,
    spectrum_at,
    state_at,
    value_at,
    whole_cycles,
)
from app.errors import MeterDeskError
from app.i18n import _
from app.project.paths import data_dir as default_data_dir
from app.security.credentials import DEFAULT_PROJECT, CredentialStore
from app.session import DeviceSession
from ui import language
from ui.background import BackgroundJobs
from ui.dialogs.fetch_records import FetchRecordsDialog
from ui.language import general
from ui.tasks import spawn
from ui.widgets.cursor_table import CursorRow, CursorTable, format_value
from ui.widgets.harmonic_chart import HarmonicChart
from ui.widgets.phasor_diagram import PhasorDiagram
from ui.widgets.plot_style import channel_color, overlay_color
from ui.widgets.waveform_view import LaneSpec, Trace, WaveformView

RECORD_SUFFIXES = (".cfg", ".cff", ".dat")
RECENT_KEY = "analysis/recent_files"
RECENT_MAX = 10
HARMONIC_CYCLES = (1, 2, 5, 10, 12)
ERROR_STYLE = "color: #c62828;"
_serials = itertools.count(1)


@dataclass(eq=False)
class RecordTab:
    """An open record, its view and how its channels are laid out."""

    data: PlotRecord
    view: WaveformView
    frequency: float | None
    mode: GroupMode = GroupMode.QUANTITY
    lanes: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, analog keys)
    hidden: set[str] = field(default_factory=set)
    overlays: list[tuple[RecordTab, int]] = field(default_factory=list)
    serial: int = field(default_factory=lambda: next(_serials))

    @property
    def record(self) -> Record:
        return self.data.record

    @property
    def name(self) -> str:
        return self.data.name


class AnalysisPane(QWidget):
    """Open, view, measure and export COMTRADE records; fetch them from meters.

    ``settings`` keeps the recent files (default: MeterDesk's user settings);
    ``data_dir`` holds downloaded records (``records/<device>/COMTRADE_n``)
    and the pinned SSH host keys (default: the user data folder);
    ``credentials`` gives SFTP passwords (default: the system keyring, or
    this session's memory when there is none).
    """

    title = QT_TRANSLATE_NOOP("MainWindow", "Analysis")

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        data_dir: Path | None = None,
        credentials: CredentialStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or language.settings()
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.credentials = credentials or CredentialStore(session_fallback=True)
        self.project = DEFAULT_PROJECT
        self.host_keys = HostKeys(self.data_dir / "known_hosts.json")
        self.session: DeviceSession | None = None
        self.side = "primary"
        self.tabs_by_page: dict[QWidget, RecordTab] = {}
        self.jobs = BackgroundJobs()
        self._loading: asyncio.Task | None = None
        self._queue: list[Path] = []
        self._busy_task: asyncio.Task | None = None
        self.fetch_dialog: FetchRecordsDialog | None = None
        self.setAcceptDrops(True)
        self._build()

    # ---- layout

    def _build(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        icon = self.style().standardIcon
        self.open_action = QAction(icon(QStyle.StandardPixmap.SP_DialogOpenButton), self.tr("Open…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.open_action.triggered.connect(self.choose_files)
        self.toolbar.addAction(self.open_action)
        self.recent_menu = QMenu(self.tr("Recent"), self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        recent_button = QToolButton(text=self.tr("Recent"), popupMode=QToolButton.ToolButtonPopupMode.InstantPopup)
        recent_button.setMenu(self.recent_menu)
        self.toolbar.addWidget(recent_button)
        self.fetch_action = QAction(icon(QStyle.StandardPixmap.SP_ArrowDown), self.tr("Fetch from meter…"), self)
        self.fetch_action.triggered.connect(self.open_fetch_dialog)
        self.toolbar.addAction(self.fetch_action)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(QLabel(self.tr(" Lanes ")))
        self.group_combo = QComboBox()
        for mode, label in ((GroupMode.QUANTITY, self.tr("By quantity")), (GroupMode.PHASE, self.tr("By phase")),
                            (GroupMode.CHANNEL, self.tr("One per channel"))):  # fmt: skip
            self.group_combo.addItem(label, mode)
        self.group_combo.currentIndexChanged.connect(self._on_group_mode)
        self.toolbar.addWidget(self.group_combo)
        self.overlay_menu = QMenu(self.tr("Overlay"), self)
        self.overlay_menu.aboutToShow.connect(self._fill_overlay_menu)
        overlay_button = QToolButton(text=self.tr("Overlay"), popupMode=QToolButton.ToolButtonPopupMode.InstantPopup)
        overlay_button.setMenu(self.overlay_menu)
        overlay_button.setToolTip(self.tr("Draw a channel of another open record, aligned on the triggers"))
        self.toolbar.addWidget(overlay_button)
        fit = QAction(self.tr("Fit"), self, toolTip=self.tr("Show the whole record"))
        fit.triggered.connect(lambda: self.current and self.current.view.zoom_all())
        self.toolbar.addAction(fit)
        self.toolbar.addSeparator()
        sides = QActionGroup(self)
        self.primary_action = QAction(self.tr("Primary"), self, checkable=True, checked=True)
        self.secondary_action = QAction(self.tr("Secondary"), self, checkable=True)
        for action, side in ((self.primary_action, "primary"), (self.secondary_action, "secondary")):
            sides.addAction(action)
            action.triggered.connect(lambda _checked, side=side: self.set_side(side))
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.export_menu = QMenu(self.tr("Export"), self)
        for text, slot in ((self.tr("View as PNG…"), lambda: self._choose_export("png")),
                           (self.tr("View as SVG…"), lambda: self._choose_export("svg")),
                           (self.tr("Visible data as CSV…"), lambda: self._choose_export("csv")),
                           (self.tr("Visible data as COMTRADE…"), lambda: self._choose_export("cfg"))):  # fmt: skip
            self.export_menu.addAction(text, slot)
        export_button = QToolButton(text=self.tr("Export"), popupMode=QToolButton.ToolButtonPopupMode.InstantPopup)
        export_button.setIcon(icon(QStyle.StandardPixmap.SP_DialogSaveButton))
        export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        export_button.setMenu(self.export_menu)
        self.toolbar.addWidget(export_button)

        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(6, 0, 6, 0)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar(minimum=0, maximum=1000)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.progress_label)
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.setVisible(False)

        self.placeholder = QLabel(
            self.tr("Open a COMTRADE record (.cfg, .cff or .dat): use Open or Recent, drop files here, "
                    "or fetch the records of a meter.")
        )  # fmt: skip
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #607d8b; font-size: 11pt;")
        self.tabs = QTabWidget(tabsClosable=True, documentMode=True, movable=True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.center = QStackedWidget()
        self.center.addWidget(self.placeholder)
        self.center.addWidget(self.tabs)

        self.cursor_label = QLabel(wordWrap=True)
        self.cursor_table = CursorTable()
        cursor_box = QGroupBox(self.tr("Cursors"))
        cursor_layout = QVBoxLayout(cursor_box)
        cursor_layout.addWidget(self.cursor_label)
        cursor_layout.addWidget(self.cursor_table)

        self.phasors = PhasorDiagram()
        self.phasor_label = QLabel(wordWrap=True)
        phasor_page = QWidget()
        phasor_layout = QVBoxLayout(phasor_page)
        phasor_layout.addWidget(self.phasor_label)
        phasor_layout.addWidget(self.phasors, 1)

        self.harmonic_channel = QComboBox()
        self.harmonic_window = QComboBox()
        for cycles in HARMONIC_CYCLES:
            self.harmonic_window.addItem(self.tr("%d cycle(s) ending at C1") % cycles, cycles)
        self.harmonic_window.addItem(self.tr("Whole cycles from C1 to C2"), 0)
        self.harmonic_window.setCurrentIndex(HARMONIC_CYCLES.index(10))
        self.harmonic_channel.currentIndexChanged.connect(self._update_harmonics)
        self.harmonic_window.currentIndexChanged.connect(self._update_harmonics)
        self.harmonics = HarmonicChart()
        self.harmonic_label = QLabel(wordWrap=True)
        harmonic_page = QWidget()
        harmonic_layout = QVBoxLayout(harmonic_page)
        choose = QHBoxLayout()
        choose.addWidget(self.harmonic_channel, 1)
        choose.addWidget(self.harmonic_window, 1)
        harmonic_layout.addLayout(choose)
        harmonic_layout.addWidget(self.harmonic_label)
        harmonic_layout.addWidget(self.harmonics, 1)

        self.channel_tree = QTreeWidget()
        self.channel_tree.setHeaderLabels([self.tr("Channel"), self.tr("Phase"), self.tr("Unit")])
        self.channel_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.channel_tree.customContextMenuRequested.connect(self._channel_menu)
        self.channel_tree.itemChanged.connect(self._on_channel_checked)
        self.channel_tree.setToolTip(self.tr("Untick a channel to hide it; right-click an analog channel "
                                             "to move it to another lane."))
        self.info_text = QPlainTextEdit(readOnly=True)

        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(phasor_page, self.tr("Phasors"))
        self.side_tabs.addTab(harmonic_page, self.tr("Harmonics"))
        self.side_tabs.addTab(self.channel_tree, self.tr("Channels"))
        self.side_tabs.addTab(self.info_text, self.tr("Record"))
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(cursor_box)
        side.addWidget(self.side_tabs)
        side.setSizes([250, 520])
        side.setMinimumWidth(380)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.center)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        self.status_label = QLabel(wordWrap=True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.progress_row)
        layout.addWidget(split, 1)
        layout.addWidget(self.status_label)
        self._show_side_panel()

    # ---- pane protocol

    def set_project(self, name: str) -> None:
        """Key SFTP passwords under the open project (keyring: project, device, user)."""
        self.project = name

    def set_session(self, session: DeviceSession | None) -> None:
        """The device selected in the tree: the default source for "Fetch from meter"."""
        self.session = session

    def shutdown(self) -> None:
        """Stop background work and release the records (the window is closing)."""
        for task in (self._loading, self._busy_task):
            if task is not None:
                task.cancel()
        self.jobs.shutdown()
        if self.fetch_dialog is not None:
            self.fetch_dialog.close()
        for tab in list(self.tabs_by_page.values()):
            tab.record.close()

    # ---- opening

    @property
    def current(self) -> RecordTab | None:
        return self.tabs_by_page.get(self.tabs.currentWidget())

    @property
    def open_tabs(self) -> list[RecordTab]:
        return [self.tabs_by_page[self.tabs.widget(i)] for i in range(self.tabs.count())]

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open COMTRADE records"), str(self._last_folder()),
            self.tr("COMTRADE records (*.cfg *.cff *.dat *.CFG *.CFF *.DAT);;All files (*)"),
        )  # fmt: skip
        if paths:
            self.open_paths([Path(p) for p in paths])

    def open_paths(self, paths: list[Path]) -> asyncio.Task:
        """Open records one after the other in a worker thread; returns the task doing it.

        Paths given while records are being opened join the queue of that task.
        """
        self._queue.extend(Path(p) for p in paths)
        if self._loading is None:
            self._loading = spawn(self._open_queued(), self._show_error)
        return self._loading

    async def _open_queued(self) -> None:
        self._set_busy(True)
        done = 0
        try:
            while self._queue:
                path = self._queue.pop(0)
                done += 1
                existing = next((t for t in self.open_tabs if t.record.path.resolve() == path.resolve()), None)
                if existing is not None:
                    self.tabs.setCurrentWidget(existing.view)
                    continue
                total = done + len(self._queue)
                more = self.tr(" (%d of %d)") % (done, total) if total > 1 else ""
                self.progress_label.setText(self.tr("Opening %s%s…") % (path.name, more))
                self.progress_bar.setValue(0)
                try:
                    data = await self.jobs.run(
                        lambda progress, cancel, path=path: prepare(path, progress=progress, cancel=cancel),
                        self._on_progress,
                    )
                except ReadCancelled:
                    self._queue.clear()
                    self._show_status(self.tr("Opening cancelled."))
                    return
                except MeterDeskError as exc:
                    self._show_error(str(exc))
                    continue
                self._add_tab(data)
                self._remember(path)
                warnings = len(data.record.warnings)
                self._show_status(
                    self.tr("%s: %d samples, %s.") % (data.name, data.record.sample_count,
                    self.tr("%d reader warning(s), see Record") % warnings if warnings else self.tr("no warnings"))
                )  # fmt: skip
        finally:
            self._loading = None
            self._set_busy(False)

    def _on_progress(self, fraction: float) -> None:
        self.progress_bar.setValue(int(1000 * fraction))

    def cancel(self) -> None:
        """Cancel the opening or export in progress."""
        self.jobs.cancel_all()

    def _set_busy(self, busy: bool) -> None:
        self.progress_row.setVisible(busy)
        self.open_action.setEnabled(not busy)

    def _add_tab(self, data: PlotRecord) -> None:
        try:
            frequency = analysis_frequency(data.record)
        except ComtradeError:
            frequency = None
        view = WaveformView()
        tab = RecordTab(data, view, frequency, mode=self.group_combo.currentData())
        tab.hidden = {f"d{k}" for k in range(len(data.digital)) if not data.digital_changes(k)}
        tab.lanes = self._default_lanes(tab)
        self.tabs_by_page[view] = tab
        view.sig_cursors_moved.connect(lambda *_: view is self.tabs.currentWidget() and self._show_side_panel())
        self._rebuild(tab)
        cycle = 1.0 / frequency if frequency else 0.02
        start, stop = view.full_range()
        view.set_cursors(max(start, 0.0), min(stop, max(start, 0.0) + 3 * cycle))
        index = self.tabs.addTab(view, data.name)
        self.tabs.setTabToolTip(index, str(data.record.path))
        self.tabs.setCurrentIndex(index)
        self.center.setCurrentWidget(self.tabs)

    def close_tab(self, index: int) -> None:
        page = self.tabs.widget(index)
        tab = self.tabs_by_page.pop(page)
        self.tabs.removeTab(index)
        for other in self.open_tabs:
            if any(source is tab for source, _ in other.overlays):
                other.overlays = [(s, k) for s, k in other.overlays if s is not tab]
                self._rebuild(other)
        tab.view.clear_lanes()
        tab.record.close()
        page.deleteLater()
        if not self.tabs_by_page:
            self.center.setCurrentWidget(self.placeholder)
        self._show_side_panel()

    # ---- recent files and drops

    def recent_files(self) -> list[Path]:
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):
            value = [value]
        return [Path(v) for v in value or []]

    def _remember(self, path: Path) -> None:
        paths = [path.resolve()] + [p for p in self.recent_files() if p != path.resolve()]
        self.settings.setValue(RECENT_KEY, [str(p) for p in paths[:RECENT_MAX]])

    def _last_folder(self) -> Path:
        recent = self.recent_files()
        return recent[0].parent if recent else Path.home()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(path.name, lambda path=path: self.open_paths([path]))
            action.setToolTip(str(path))
            action.setEnabled(path.exists())
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear the list"), lambda: self.settings.setValue(RECENT_KEY, []))
        else:
            self.recent_menu.addAction(self.tr("No recent records")).setEnabled(False)

    @staticmethod
    def _dropped_records(event) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls()
                if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in RECORD_SUFFIXES]  # fmt: skip

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self._dropped_records(event):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt override)
        paths = self._dropped_records(event)
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # ---- lanes and traces

    def _default_lanes(self, tab: RecordTab) -> list[tuple[str, list[str]]]:
        channels = tab.record.analog_channels
        return [(lane.title, [f"a{k}" for k in lane.members]) for lane in group_lanes(channels, tab.mode)]

    def _scale(self, data: PlotRecord, k: int) -> float:
        try:
            return data.record.side_factor(k, self.side)
        except ComtradeError:
            return 1.0  # no usable ratio: shown as recorded (the Record tab says so)

    def _analog_trace(self, tab: RecordTab, k: int) -> Trace:
        ch = tab.record.analog_channels[k]
        return Trace(f"a{k}", ch.name, quantity_of(ch) or ch.unit, tab.record.time, tab.data.analog[k],
                     channel_color(phase_of(ch), quantity_of(ch), k), tab.data.shift, self._scale(tab.data, k))

    def _rebuild(self, tab: RecordTab) -> None:
        specs = []
        for title, keys in tab.lanes:
            traces = [self._analog_trace(tab, int(key[1:])) for key in keys if key not in tab.hidden]
            specs.append(LaneSpec(_(title), traces))  # titles from the core are English templates
        for n, (source, k) in enumerate(tab.overlays):
            ch = source.record.analog_channels[k]
            trace = Trace(f"o{source.serial}:{k}", f"{ch.name} ({source.name})", quantity_of(ch) or ch.unit,
                          source.record.time, source.data.analog[k], overlay_color(n), source.data.shift,
                          self._scale(source.data, k))  # fmt: skip
            lane = next((s for s in specs if s.traces and s.traces[0].unit == trace.unit), None)
            if lane is None:
                lane = LaneSpec(ch.unit or ch.name)
                specs.append(lane)
            lane.traces.append(trace)
        digital = [
            Trace(f"d{k}", ch.name, "", tab.record.time, tab.data.digital[k], channel_color("", "", k + 2),
                  tab.data.shift, digital=True)
            for k, ch in enumerate(tab.record.digital_channels) if f"d{k}" not in tab.hidden
        ]  # fmt: skip
        specs.append(LaneSpec(self.tr("Digital"), digital))
        tab.view.set_lanes(specs, trigger=tab.record.trigger_time is not None)

    def set_group_mode(self, mode: GroupMode | str) -> None:
        """Regroup the current record's lanes (forgets channels moved by hand)."""
        self.group_combo.setCurrentIndex(self.group_combo.findData(GroupMode(mode)))

    def _on_group_mode(self) -> None:
        tab = self.current
        if tab is None:
            return
        tab.mode = self.group_combo.currentData()
        tab.lanes = self._default_lanes(tab)
        self._rebuild(tab)
        self._show_side_panel()

    def move_channel(self, k: int, lane: int) -> None:
        """Move analog channel k of the current record to lane ``lane`` (a new lane if past the last)."""
        tab = self.current
        key = f"a{k}"
        lanes = [(title, [c for c in keys if c != key]) for title, keys in tab.lanes]
        if lane >= len(lanes):
            lanes.append((self.tr("Lane %d") % (len(lanes) + 1), []))
        lanes[lane][1].append(key)
        tab.lanes = [(title, keys) for title, keys in lanes if keys]
        self._rebuild(tab)
        self._show_side_panel()

    def set_channel_visible(self, key: str, visible: bool) -> None:
        """Show or hide a channel of the current record ("a3" analog, "d0" digital)."""
        tab = self.current
        (tab.hidden.discard if visible else tab.hidden.add)(key)
        self._rebuild(tab)
        self._show_side_panel()

    def add_overlay(self, source: RecordTab, k: int) -> None:
        """Draw analog channel k of ``source`` in the current record's view, aligned on the triggers."""
        tab = self.current
        if tab is None or source is tab or (source, k) in tab.overlays:
            return
        tab.overlays.append((source, k))
        self._rebuild(tab)
        self._show_side_panel()

    def _fill_overlay_menu(self) -> None:
        self.overlay_menu.clear()
        tab = self.current
        others = [t for t in self.open_tabs if t is not tab]
        if tab is None or not others:
            self.overlay_menu.addAction(self.tr("Open a second record to overlay its channels")).setEnabled(False)
            return
        for other in others:
            sub = self.overlay_menu.addMenu(other.name)
            for k, ch in enumerate(other.record.analog_channels):
                sub.addAction(ch.name, lambda other=other, k=k: self.add_overlay(other, k))
        if tab.overlays:
            self.overlay_menu.addSeparator()
            self.overlay_menu.addAction(self.tr("Remove overlays"), self._remove_overlays)

    def _remove_overlays(self) -> None:
        tab = self.current
        tab.overlays.clear()
        self._rebuild(tab)
        self._show_side_panel()

    def set_side(self, side: str) -> None:
        """Show primary or secondary values (plots, cursors, phasors, harmonics, CSV)."""
        self.side = side
        (self.primary_action if side == "primary" else self.secondary_action).setChecked(True)
        for tab in self.open_tabs:
            for key in [k for lane in tab.view.lane_keys() for k in lane]:
                if key.startswith("a"):
                    tab.view.set_scale(key, self._scale(tab.data, int(key[1:])))
                elif key.startswith("o"):
                    source, k = self._overlay_source(tab, key)
                    tab.view.set_scale(key, self._scale(source.data, k))
            tab.view.fit_y()
            tab.view.refresh()
        self._show_side_panel()

    # ---- side panel

    def _on_tab_changed(self) -> None:
        tab = self.current
        if tab is not None:
            self.group_combo.blockSignals(True)
            self.group_combo.setCurrentIndex(self.group_combo.findData(tab.mode))
            self.group_combo.blockSignals(False)
        self._fill_channel_tree()
        self._fill_info()
        self._fill_harmonic_channels()
        self._show_side_panel()

    def _show_side_panel(self) -> None:
        tab = self.current
        if tab is None:
            self.cursor_label.setText(self.tr("No record open."))
            self.cursor_table.set_rows([])
            self.phasors.clear_phasors()
            self.phasor_label.setText("")
            self.harmonics.clear_spectrum()
            self.harmonic_label.setText("")
            return
        t1, t2 = tab.view.cursors()
        dt = t2 - t1
        rate = self.tr(" (1/Δt = %s)") % _si(1.0 / abs(dt), "Hz") if dt else ""
        side = self.tr("primary values") if self.side == "primary" else self.tr("secondary values")
        self.cursor_label.setText(
            self.tr("C1 %s   C2 %s   Δt %s%s   · %s") % (_si(t1, "s"), _si(t2, "s"), _si(dt, "s"), rate, side)
        )
        self.cursor_table.set_rows(self._cursor_rows(tab, t1, t2))
        self._update_phasors()
        self._update_harmonics()

    def _cursor_rows(self, tab: RecordTab, t1: float, t2: float) -> list[CursorRow]:
        """Readings at the cursors; "—" where a cursor lies outside a trace's record."""
        rows = []
        for key in [k for lane in tab.view.lane_keys() for k in lane]:
            trace = tab.view.trace(key)
            if key.startswith("d"):
                k = int(key[1:])
                s1, s2 = (
                    float(state_at(tab.record, k, t + tab.data.shift)) if _inside(tab.record, t + tab.data.shift)
                    else math.nan
                    for t in (t1, t2)
                )  # fmt: skip
                rows.append(CursorRow(trace.label, "", trace.color, s1, math.nan, s2, math.nan, digital=True))
                continue
            source, k = (tab, int(key[1:])) if key.startswith("a") else self._overlay_source(tab, key)
            shift, record, freq = source.data.shift, source.record, source.frequency
            values = []
            for t in (t1, t2):
                if not _inside(record, t + shift):
                    values += [math.nan, math.nan]
                    continue
                values.append(value_at(record, k, t + shift) * trace.scale)
                try:
                    values.append(rms_at(record, k, t + shift, freq) * trace.scale if freq else math.nan)
                except ComtradeError:
                    values.append(math.nan)
            rows.append(CursorRow(trace.label, record.analog_channels[k].unit, trace.color, *values))
        return rows

    @staticmethod
    def _overlay_source(tab: RecordTab, key: str) -> tuple[RecordTab, int]:
        serial, k = key[1:].split(":")
        return next(s for s, _ in tab.overlays if s.serial == int(serial)), int(k)

    def _update_phasors(self) -> None:
        tab = self.current
        if tab is None or tab.frequency is None:
            self.phasors.clear_phasors()
            self.phasor_label.setText(self.tr("No line frequency: phasors cannot be computed.") if tab else "")
            return
        t1, _ = tab.view.cursors()
        if not _inside(tab.record, t1 + tab.data.shift):
            self.phasors.clear_phasors()
            self.phasor_label.setText(self.tr("Cursor C1 is outside the record."))
            return
        try:
            found = phasors_at(tab.record, t1 + tab.data.shift, tab.frequency, self._side_or_none(tab))
        except ComtradeError as exc:
            self.phasors.clear_phasors()
            self.phasor_label.setText(str(exc))
            return
        self.phasors.set_phasors(
            [(p.name, p.magnitude, p.angle) for p in found.voltages],
            [(p.name, p.magnitude, p.angle) for p in found.currents],
        )
        self.phasor_label.setText(
            self.tr("At C1, one cycle of %s; angles relative to %s.") % (_si(tab.frequency, "Hz"), found.reference)
            if found.reference else self.tr("No voltage or current channels.")
        )  # fmt: skip

    def _side_or_none(self, tab: RecordTab) -> str | None:
        """The side to ask the probes for, None when some channel has no usable ratio."""
        try:
            for k in range(len(tab.record.analog_channels)):
                tab.record.side_factor(k, self.side)
        except ComtradeError:
            return None
        return self.side

    def _fill_harmonic_channels(self) -> None:
        tab = self.current
        self.harmonic_channel.blockSignals(True)
        self.harmonic_channel.clear()
        if tab is not None:
            for k, ch in enumerate(tab.record.analog_channels):
                self.harmonic_channel.addItem(ch.name, k)
        self.harmonic_channel.blockSignals(False)

    def _update_harmonics(self) -> None:
        tab = self.current
        k = self.harmonic_channel.currentData()
        if tab is None or k is None or tab.frequency is None:
            self.harmonics.clear_spectrum()
            return
        t1, t2 = tab.view.cursors()
        cycles = self.harmonic_window.currentData()
        end = t1
        if cycles == 0:
            cycles = whole_cycles(t1, t2, tab.frequency)
            end = max(t1, t2)
        try:
            at = end + tab.data.shift
            spectrum = spectrum_at(tab.record, k, at, tab.frequency, cycles, self._side_or_none(tab))
            window = cycle_window(tab.record, at, tab.frequency, cycles)
        except ComtradeError as exc:
            self.harmonics.clear_spectrum()
            self.harmonic_label.setText(str(exc))
            return
        self.harmonics.set_spectrum(spectrum.orders, spectrum.percent)
        unit = tab.record.analog_channels[k].unit
        first = window.t_first - tab.data.shift
        last = float(tab.record.time[window.stop - 1]) - tab.data.shift
        self.harmonic_label.setText(
            self.tr("Fundamental %s at %s · THD %.2f %% · %d cycle(s), %s to %s")
            % (_si(spectrum.magnitude[1], unit), _si(tab.frequency, "Hz"), spectrum.thd, cycles, _si(first, "s"),
               _si(last, "s"))
        )  # fmt: skip

    def _fill_channel_tree(self) -> None:
        tab = self.current
        tree = self.channel_tree
        tree.blockSignals(True)
        tree.clear()
        if tab is not None:
            for kind, channels in (("a", tab.record.analog_channels), ("d", tab.record.digital_channels)):
                if not channels:
                    continue
                top = QTreeWidgetItem([self.tr("Analog") if kind == "a" else self.tr("Digital")])
                tree.addTopLevelItem(top)
                for k, ch in enumerate(channels):
                    key = f"{kind}{k}"
                    item = QTreeWidgetItem([ch.name, ch.phase, getattr(ch, "unit", "")])
                    item.setData(0, Qt.ItemDataRole.UserRole, key)
                    item.setCheckState(0, Qt.CheckState.Unchecked if key in tab.hidden else Qt.CheckState.Checked)
                    top.addChild(item)
                top.setExpanded(True)
            tree.resizeColumnToContents(0)
        tree.blockSignals(False)

    def _on_channel_checked(self, item: QTreeWidgetItem, column: int) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole)
        if key and column == 0:
            self.set_channel_visible(key, item.checkState(0) == Qt.CheckState.Checked)

    def _channel_menu(self, position) -> None:
        item = self.channel_tree.itemAt(position)
        key = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        tab = self.current
        if tab is None or not key or not key.startswith("a"):
            return
        menu = QMenu(self)
        move = menu.addMenu(self.tr("Move to lane"))
        for index, (title, _keys) in enumerate(tab.lanes):
            move.addAction(_(title), lambda index=index: self.move_channel(int(key[1:]), index))
        move.addAction(self.tr("New lane"), lambda: self.move_channel(int(key[1:]), len(tab.lanes)))
        menu.exec(self.channel_tree.viewport().mapToGlobal(position))

    def _fill_info(self) -> None:
        tab = self.current
        if tab is None:
            self.info_text.setPlainText("")
            return
        record = tab.record
        cfg = record.config
        trigger = (self.tr("%s after the first sample") % _si(record.trigger_time, "s")
                   if record.trigger_time is not None else self.tr("unknown"))  # fmt: skip
        rates = ", ".join(f"{general(seg.rate)} Hz × {seg.stop - seg.start}" for seg in record.segments)
        lines = [
            self.tr("File: %s") % record.path,
            self.tr("Station: %s   Device: %s") % (cfg.station_name, cfg.rec_dev_id),
            self.tr("Revision: %s   Format: %s") % (cfg.revision, cfg.data_format),
            self.tr("Line frequency: %s Hz   Sampling: %s") % (general(cfg.line_frequency), rates),
            self.tr("Samples: %s   Duration: %s") % (record.sample_count, _si(record.duration, "s")),
            self.tr("Start: %s") % cfg.start.isoformat(),
            self.tr("Trigger: %s (%s)") % (cfg.trigger.isoformat(), trigger),
            self.tr("Channels: %d analog, %d digital") % (len(record.analog_channels), len(record.digital_channels)),
        ]
        unscaled = [ch.name for k, ch in enumerate(record.analog_channels) if self._ratio_missing(tab, k)]
        if unscaled:
            lines.append(self.tr("No primary/secondary factors (shown as recorded): %s") % ", ".join(unscaled))
        lines.append("")
        lines.append(self.tr("Reader warnings (%d):") % len(record.warnings))
        lines.extend(f"  • {w}" for w in record.warnings)
        self.info_text.setPlainText("\n".join(lines))

    @staticmethod
    def _ratio_missing(tab: RecordTab, k: int) -> bool:
        try:
            tab.record.side_factor(k, "secondary")
        except ComtradeError:
            return True
        return False

    # ---- export

    def _choose_export(self, kind: str) -> None:
        if self.current is None:
            self._show_error(self.tr("Open a record first."))
            return
        filters = {"png": self.tr("PNG image (*.png)"), "svg": self.tr("SVG drawing (*.svg)"),
                   "csv": self.tr("CSV table (*.csv)"),
                   "cfg": self.tr("COMTRADE (*.cfg);;COMTRADE single file (*.cff)")}  # fmt: skip
        suggested = self._last_folder() / f"{Path(self.current.name).stem}.{kind}"
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export"), str(suggested), filters[kind])
        if not path:
            return
        path = Path(path)
        if kind == "cfg":
            wanted = ".cff" if "*.cff" in chosen else ".cfg"
            path = path if path.suffix.lower() in (".cfg", ".cff") else path.with_suffix(wanted)
        elif path.suffix.lower() != f".{kind}":
            path = path.with_suffix(f".{kind}")
        if kind in ("png", "svg"):
            self.export_view(path)
        elif kind == "csv":
            self.export_csv(path)
        else:
            self.export_comtrade(path)

    def export_view(self, path: Path) -> None:
        """Save the current record's lanes as a PNG or SVG picture."""
        view = self.current.view
        if path.suffix.lower() == ".svg":
            svg = QSvgGenerator()
            svg.setFileName(str(path))
            svg.setSize(view.size())
            svg.setViewBox(view.rect())
            svg.setResolution(view.logicalDpiX())
            svg.setTitle(self.current.name)
            painter = QPainter(svg)
            view.render(painter)
            written = painter.end()
        else:
            written = view.grab().save(str(path))
        if not written or not path.is_file():
            self._show_error(self.tr("Cannot write %s.") % path)
            return
        self._show_status(self.tr("Saved the view to %s.") % path)

    def _visible_window(self, tab: RecordTab) -> tuple[float | None, float | None]:
        """The visible time range on the record's axis; None for an end the view reaches past."""
        start, stop = tab.view.x_range()
        time = tab.record.time
        begin = start + tab.data.shift
        end = stop + tab.data.shift
        return (None if begin <= time[0] else begin), (None if end >= time[-1] else end)

    def _visible_channels(self, tab: RecordTab) -> list[tuple[str, int]]:
        """The record's channels in view, by position: recorders repeat names (spare inputs)."""
        keys = [k for lane in tab.view.lane_keys() for k in lane if k[0] in "ad"]
        analog = [("analog", int(k[1:])) for k in keys if k[0] == "a"]
        digital = [("digital", int(k[1:])) for k in keys if k[0] == "d"]
        return analog + digital

    def export_csv(self, path: Path) -> asyncio.Task:
        """Write the visible channels and time range of the current record as CSV."""
        tab = self.current
        start, end = self._visible_window(tab)
        channels = self._visible_channels(tab)
        side = self._side_or_none(tab)

        def work(progress, cancel):
            return export_csv(tab.record, path, channels, side=side, start=start, end=end,
                              progress=progress, cancel=cancel)  # fmt: skip

        return self._run_export(work, path)

    def export_comtrade(self, path: Path) -> asyncio.Task:
        """Write the visible channels and time range of the current record as COMTRADE (.cfg or .cff)."""
        tab = self.current
        start, end = self._visible_window(tab)
        channels = self._visible_channels(tab)

        def work(progress, cancel):
            config = save_comtrade(tab.record, path, cff=path.suffix.lower() == ".cff", start=start, end=end,
                                   channels=channels)  # fmt: skip
            progress(1.0)
            return config.declared_samples

        return self._run_export(work, path)

    def _run_export(self, work, path: Path) -> asyncio.Task:
        if self._busy_task is not None:
            self._show_error(self.tr("An export is already running."))
            return self._busy_task

        async def run() -> None:
            self._set_busy(True)
            self.progress_label.setText(self.tr("Exporting %s…") % path.name)
            self.progress_bar.setValue(0)
            try:
                rows = await self.jobs.run(work, self._on_progress)
            finally:
                self._set_busy(False)
                self._busy_task = None
            self._show_status(self.tr("Wrote %d samples to %s.") % (rows, path))

        self._busy_task = spawn(run(), self._show_error)
        return self._busy_task

    # ---- fetching from a meter

    def open_fetch_dialog(self) -> FetchRecordsDialog:
        """The dialog that downloads the current device's COMTRADE records over SFTP."""
        address = self.session.address if self.session is not None else None
        note = ""
        host, port, device = "", 22, self.tr("meter")
        if address is not None:
            device = address.name
            port = address.sftp_port
            if address.endpoint.kind == "tcp":
                host = address.endpoint.host
            else:
                note = self.tr("%s is connected over a serial line: COMTRADE records can only be downloaded "
                               "over Ethernet. Enter the meter's IP address.") % device  # fmt: skip
        if self.fetch_dialog is not None:
            self.fetch_dialog.close()
        dialog = FetchRecordsDialog(
            device=device, host=host, port=port, dest=device_folder(self.data_dir / "records", device),
            store=self.credentials, project=self.project, host_keys=self.host_keys, note=note, parent=self,
        )  # fmt: skip
        dialog.sig_downloaded.connect(lambda paths: self.open_paths(paths))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "fetch_dialog", None))
        self.fetch_dialog = dialog
        dialog.open()
        return dialog

    # ---- messages

    def _show_status(self, message: str) -> None:
        self.status_label.setStyleSheet("")
        self.status_label.setText(message)

    def _show_error(self, message: str) -> None:
        self.status_label.setStyleSheet(ERROR_STYLE)
        self.status_label.setText(message)


def _inside(record: Record, t: float) -> bool:
    """True when ``t`` (s on the record's axis) lies within the record."""
    return bool(record.time[0] <= t <= record.time[-1])


def _si(value: float | None, unit: str) -> str:
    """A value with SI prefix and unit to five digits, "—" when there is none."""
    return format_value(value, unit, precision=5)
