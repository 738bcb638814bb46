"""Trends of live values from ring buffers, redrawn by a timer, never per sample.

Series read :class:`~app.live.ring.RingBuffer` objects that the poll engine
fills. A 25 Hz timer redraws the visible plot when something changed, so a
fast poll never floods the GUI. The plot follows the newest samples until the
user pans or zooms; *Follow* brings it back. *Pause* freezes the display
(the buffers keep filling). Export writes the plot as PNG or the samples as
CSV (timestamp, series, value, unit), the latter in a worker thread.
"""

from __future__ import annotations

import asyncio
import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import MeterDeskError
from app.live.csv_log import iso_timestamp
from app.live.ring import RingBuffer
from app.live.units import split_unit
from ui.tasks import spawn
from ui.widgets.plot_style import BACKGROUND, FOREGROUND, overlay_color, style_plot

REFRESH_HZ = 25
DEFAULT_SPAN = 300.0  # s shown while following

Samples = tuple[str, str, np.ndarray, np.ndarray]  # label, unit, times, values


@dataclass
class Series:
    """One trended value: its buffer, label and unit (values are drawn in the base unit)."""

    key: str
    label: str
    unit: str
    buffer: RingBuffer
    curve: pg.PlotDataItem


class TrendPlot(QWidget):
    """Trends with pause, follow/zoom and PNG/CSV export."""

    sig_error = Signal(str)  # an export failed, in words

    def __init__(self, parent: QWidget | None = None, span: float = DEFAULT_SPAN) -> None:
        super().__init__(parent)
        self.span = span
        self.series: dict[str, Series] = {}
        self.redraws = 0
        self._dirty = False
        self._following = True
        self._moving = False
        self._colors = 0

        self.plot_widget = pg.PlotWidget(background=BACKGROUND, axisItems={"bottom": pg.DateAxisItem()})
        self.plot = self.plot_widget.getPlotItem()
        style_plot(self.plot)
        self.plot.setMenuEnabled(False)
        self.legend = self.plot.addLegend(labelTextColor=FOREGROUND, offset=(10, 10))
        self.plot.getViewBox().sigRangeChangedManually.connect(self._on_user_range)

        self.pause_button = QToolButton(text=self.tr("Pause"), checkable=True)
        self.pause_button.setToolTip(self.tr("Freeze the display; samples keep being recorded"))
        self.pause_button.toggled.connect(self._on_pause)
        self.follow_button = QToolButton(text=self.tr("Follow"), checkable=True, checked=True)
        self.follow_button.setToolTip(self.tr("Show the newest samples; pan or zoom with the mouse to stop following"))
        self.follow_button.toggled.connect(self._on_follow)
        png = QPushButton(self.tr("Export PNG…"))
        png.clicked.connect(self._ask_png)
        data = QPushButton(self.tr("Export CSV…"))
        data.clicked.connect(self._ask_csv)
        self.hint = QLabel(self.tr("Tick values in the Values tab to trend them."))
        self.hint.setStyleSheet(f"color: {FOREGROUND}")
        self.hint.setWordWrap(True)
        bar = QHBoxLayout()
        for w in (self.pause_button, self.follow_button):
            bar.addWidget(w)
        bar.addWidget(self.hint, 1)
        bar.addWidget(png)
        bar.addWidget(data)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.plot_widget, 1)

        self.timer = QTimer(self, interval=1000 // REFRESH_HZ, timeout=self._tick)
        self.timer.start()

    # ---- series

    def add_series(self, key: str, label: str, unit: str, buffer: RingBuffer) -> None:
        """Trend ``buffer`` as ``label``; values in prefixed units are drawn in the base unit."""
        if key in self.series:
            return
        pen = pg.mkPen(overlay_color(self._colors), width=2)
        self._colors += 1
        _, base = split_unit(unit)
        curve = self.plot.plot(name=f"{label} ({base})" if base else label, pen=pen, connect="finite")
        self.series[key] = Series(key, label, unit, buffer, curve)
        self.hint.setVisible(False)
        self._update_axis_label()
        self.mark_dirty()

    def remove_series(self, key: str) -> None:
        series = self.series.pop(key, None)
        if series is None:
            return
        self.plot.removeItem(series.curve)
        self.legend.removeItem(series.curve)
        self.hint.setVisible(not self.series)
        self._update_axis_label()

    def clear_series(self) -> None:
        for key in list(self.series):
            self.remove_series(key)

    def mark_dirty(self) -> None:
        """New samples arrived: redraw at the next timer tick."""
        self._dirty = True

    def shutdown(self) -> None:
        self.timer.stop()

    # ---- drawing

    @property
    def paused(self) -> bool:
        return self.pause_button.isChecked()

    def redraw(self) -> None:
        """Draw every series from its buffer now."""
        newest = -math.inf
        for s in self.series.values():
            times, values = s.buffer.data()
            factor, _ = split_unit(s.unit)
            s.curve.setData(times, values * factor, connect="finite")
            if times.size:
                newest = max(newest, float(times[-1]))
        if self._following and math.isfinite(newest):
            self._moving = True
            self.plot.setXRange(newest - self.span, newest, padding=0.02)
            self.plot.enableAutoRange(axis="y")
            self._moving = False
        self._dirty = False
        self.redraws += 1

    def _tick(self) -> None:
        if self._dirty and not self.paused and self.isVisible():
            self.redraw()

    def _on_user_range(self, *_: object) -> None:
        if not self._moving:
            self.follow_button.setChecked(False)

    def _on_follow(self, on: bool) -> None:
        self._following = on
        if on:
            self.mark_dirty()

    def _on_pause(self, paused: bool) -> None:
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        if not paused:
            self.mark_dirty()

    def _update_axis_label(self) -> None:
        units = sorted({split_unit(s.unit)[1] for s in self.series.values() if s.unit})
        self.plot.setLabel("left", ", ".join(units) if units else "")

    # ---- export

    def export_png(self, path: str | Path) -> None:
        exporter = pyqtgraph.exporters.ImageExporter(self.plot)
        exporter.parameters()["width"] = max(800, self.plot_widget.width())
        exporter.export(str(path))

    def export_csv_rows(self) -> list[tuple[str, str, str, str]]:
        """The trended samples, series by series: (timestamp, series, value, unit); empty value = n/a."""
        return _csv_rows(self._samples())

    async def export_csv(self, path: str | Path) -> int:
        """Write the samples to ``path``, formatted and written in a worker thread; returns the rows written."""
        samples = self._samples()  # copies of the buffers, taken on the GUI thread that fills them
        return await asyncio.get_running_loop().run_in_executor(None, _write_csv, Path(path), samples)

    def _samples(self) -> list[Samples]:
        return [(s.label, s.unit, *s.buffer.data()) for s in self.series.values()]

    def _ask_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export trend as PNG"), "trend.png",
                                              self.tr("PNG images (*.png)"))
        if path:
            self.export_png(path)

    def _ask_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export trend samples as CSV"), "trend.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            spawn(self.export_csv(path), self.sig_error.emit)

    def keys(self) -> Iterable[str]:
        return self.series.keys()


def _csv_rows(samples: list[Samples]) -> list[tuple[str, str, str, str]]:
    return [(iso_timestamp(t), label, "" if np.isnan(v) else f"{v:.10g}", unit)
            for label, unit, times, values in samples for t, v in zip(times, values)]


def _write_csv(path: Path, samples: list[Samples]) -> int:
    rows = _csv_rows(samples)
    try:
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(("timestamp", "series", "value", "unit"))
            writer.writerows(rows)
    except OSError as exc:
        raise MeterDeskError(QCoreApplication.translate("TrendPlot", "cannot write %s: %s")
                             % (path, exc.strerror or exc)) from None
    return len(rows)
