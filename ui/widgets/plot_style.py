"""Shared look of MeterDesk's plots: white background, dark axes, colours by phase.

Voltages take a phase's main colour and currents a darker shade of it, so a
phase keeps its hue everywhere (waveforms, phasors, tables).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor

BACKGROUND = "#ffffff"
FOREGROUND = "#37474f"
GRID_ALPHA = 0.18

_VOLTAGE = {"A": "#d32f2f", "B": "#ef8f00", "C": "#1976d2", "N": "#616161",
            "AB": "#8e24aa", "BC": "#00897b", "CA": "#6d4c41"}  # fmt: skip
_CURRENT = {"A": "#8e1b1b", "B": "#9c5d00", "C": "#0b3f86", "N": "#263238",
            "AB": "#5e1675", "BC": "#00564b", "CA": "#3e2b24"}  # fmt: skip
_OTHER = ("#2e7d32", "#5d4037", "#00838f", "#ad1457", "#4527a0", "#827717")
OVERLAY = ("#7b1fa2", "#00796b", "#c2185b", "#5d4037", "#303f9f", "#afb42b")


def channel_color(phase: str, quantity: str, index: int = 0) -> QColor:
    """Colour of a channel from its phase ("A".."N", "AB"...), its quantity ("V", "A") and position."""
    table = _VOLTAGE if quantity == "V" else _CURRENT if quantity == "A" else None
    if table is not None and phase in table:
        return QColor(table[phase])
    return QColor(_OTHER[index % len(_OTHER)])


def overlay_color(index: int) -> QColor:
    """Colour of the index-th trace overlaid from another record."""
    return QColor(OVERLAY[index % len(OVERLAY)])


def style_plot(item: pg.PlotItem, grid: bool = True) -> None:
    """Dark axes and text on the white background, optional light grid."""
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(FOREGROUND))
        axis.setTextPen(pg.mkPen(FOREGROUND))
    if grid:
        item.showGrid(x=True, y=True, alpha=GRID_ALPHA)
