"""Harmonic spectrum bar chart: each order's magnitude in % of the fundamental.

The fundamental itself (always 100 %) is not drawn, so small harmonics stay
readable; order 0 is the DC component.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from ui.widgets.plot_style import BACKGROUND, style_plot

BAR_COLOR = "#1976d2"


class HarmonicChart(pg.PlotWidget):
    """Bars of harmonic orders 0, 2, 3... in % of the fundamental."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=BACKGROUND)
        self.setMinimumHeight(160)
        item = self.getPlotItem()
        style_plot(item)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.getViewBox().setMouseEnabled(x=False, y=False)
        item.setLabel("left", self.tr("% of fundamental"))
        item.setLabel("bottom", self.tr("Harmonic order"))
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7, brush=BAR_COLOR, pen=None)
        self.addItem(self.bars)
        self.orders = np.zeros(0, int)
        self.heights = np.zeros(0)

    def set_spectrum(self, orders: np.ndarray, percent: np.ndarray) -> None:
        """Show ``percent[i]`` (% of the fundamental) for ``orders[i]``; order 1 is left out."""
        keep = np.asarray(orders) != 1
        self.orders = np.asarray(orders)[keep]
        self.heights = np.nan_to_num(np.asarray(percent, np.float64)[keep])
        self.bars.setOpts(x=self.orders, height=self.heights)
        top = max(1.0, float(self.heights.max()) * 1.15) if self.heights.size else 1.0
        last = int(self.orders.max()) if self.orders.size else 1
        self.getPlotItem().getViewBox().setRange(xRange=(-0.8, last + 0.8), yRange=(0, top), padding=0)

    def clear_spectrum(self) -> None:
        self.set_spectrum(np.zeros(0, int), np.zeros(0))
