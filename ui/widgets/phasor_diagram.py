"""Phasor diagram, drawn the way the ION7400 shows phasors.

Angles are relative to the reference phasor (Va), which lies on the positive
horizontal axis; positive angles turn counter-clockwise. Voltages and
currents have separate scales: the largest voltage reaches the outer circle
and the largest current the inner dashed one, whatever their units, and the
legend gives every arrow's magnitude and angle. The API is data only, so the
same widget serves recorded (COMTRADE) and live (meter) phasors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem, QSizePolicy, QWidget

from ui.widgets.plot_style import BACKGROUND, FOREGROUND, channel_color

VOLTAGE_RADIUS = 1.0  # plot units reached by the largest voltage
CURRENT_RADIUS = 0.65  # plot units reached by the largest current
HEAD_LENGTH = 0.08  # arrow head length, plot units
HEAD_ANGLE = 22.0  # half opening of the arrow head, degrees
_PHASES = ("A", "B", "C", "N")

Phasor = tuple[str, float, float]  # (label, magnitude, angle in degrees)


@dataclass(frozen=True)
class Arrow:
    """One drawn phasor: what it shows and where its tip is (plot units)."""

    label: str
    kind: str  # "voltage" or "current"
    magnitude: float
    angle: float
    tip: tuple[float, float]


class PhasorDiagram(pg.GraphicsLayoutWidget):
    """Voltage and current phasors on separate scales, with a legend below them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground(BACKGROUND)
        self.setMinimumSize(260, 300)
        self.plot = self.addPlot(row=0, col=0)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        view = self.plot.getViewBox()
        view.setAspectLocked(True)
        view.setMouseEnabled(x=False, y=False)
        view.setRange(xRange=(-1.55, 1.55), yRange=(-1.22, 1.22), padding=0)
        self._scale_samples = self._draw_grid()
        self.legend = pg.LegendItem(labelTextSize="8pt", labelTextColor=FOREGROUND, verSpacing=-4, colCount=2)
        self.legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.ci.addItem(self.legend, row=1, col=0)
        self.ci.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.arrows: list[Arrow] = []
        self.voltage_scale = 0.0
        self.current_scale = 0.0
        self._items: list = []

    # ---- Public API

    def set_phasors(
        self,
        voltages: Sequence[Phasor],
        currents: Sequence[Phasor] = (),
        *,
        voltage_unit: str = "V",
        current_unit: str = "A",
    ) -> None:
        """Draw ``voltages`` and ``currents``, each ``(label, magnitude, angle in degrees)``.

        The n-th voltage and the n-th current take phase n's colour (A, B, C, N).
        Non-finite entries are left out.
        """
        self.clear_phasors()
        voltages = [p for p in voltages if math.isfinite(p[1]) and math.isfinite(p[2])]
        currents = [p for p in currents if math.isfinite(p[1]) and math.isfinite(p[2])]
        self.voltage_scale = max((abs(m) for _, m, _ in voltages), default=0.0)
        self.current_scale = max((abs(m) for _, m, _ in currents), default=0.0)
        for kind, phasors, scale, radius, unit in (
            ("voltage", voltages, self.voltage_scale, VOLTAGE_RADIUS, voltage_unit),
            ("current", currents, self.current_scale, CURRENT_RADIUS, current_unit),
        ):
            for index, (label, magnitude, angle) in enumerate(phasors):
                length = radius * abs(magnitude) / scale if scale > 0 else 0.0
                color = channel_color(_PHASES[index % len(_PHASES)], "V" if kind == "voltage" else "A")
                self._draw_arrow(length, angle, color, dashed=kind == "current",
                                 name=f"{label}  {_format(magnitude, unit)}  ∠ {angle:.1f}°")
                rad = math.radians(angle)
                self.arrows.append(
                    Arrow(label, kind, magnitude, angle, (length * math.cos(rad), length * math.sin(rad)))
                )
        outer, inner = self._scale_samples
        if voltages:
            self.legend.addItem(outer, self.tr("Outer circle: %s") % _format(self.voltage_scale, voltage_unit))
        if currents:
            self.legend.addItem(inner, self.tr("Dashed circle: %s") % _format(self.current_scale, current_unit))

    def clear_phasors(self) -> None:
        """Remove every arrow and legend entry."""
        for item in self._items:
            self.plot.removeItem(item)
        self._items.clear()
        self.legend.clear()
        self.arrows.clear()

    # ---- Private API

    def _draw_grid(self) -> tuple[pg.PlotDataItem, pg.PlotDataItem]:
        """Scale circles, 30° spokes and axis angles; returns the two circles (legend samples)."""
        light = pg.mkPen((120, 144, 156, 90), width=1)
        theta = np.linspace(0, 2 * np.pi, 181)
        circles = []
        for radius, style in ((VOLTAGE_RADIUS, Qt.PenStyle.SolidLine), (CURRENT_RADIUS, Qt.PenStyle.DashLine)):
            circle = pg.PlotDataItem(radius * np.cos(theta), radius * np.sin(theta),
                                     pen=pg.mkPen(FOREGROUND, width=1, style=style))
            self.plot.addItem(circle)
            circles.append(circle)
        for degrees in range(0, 180, 30):
            rad = math.radians(degrees)
            x, y = VOLTAGE_RADIUS * math.cos(rad), VOLTAGE_RADIUS * math.sin(rad)
            self.plot.addItem(pg.PlotCurveItem([-x, x], [-y, y], pen=light))
        for degrees, anchor in ((0, (0, 0.5)), (90, (0.5, 1)), (180, (1, 0.5)), (-90, (0.5, 0))):
            rad = math.radians(degrees)
            text = pg.TextItem(f"{degrees}°", color=(96, 125, 139), anchor=anchor)
            text.setPos(1.03 * math.cos(rad), 1.03 * math.sin(rad))
            self.plot.addItem(text)
        return circles[0], circles[1]

    def _draw_arrow(self, length: float, angle: float, color, *, dashed: bool, name: str) -> None:
        rad = math.radians(angle)
        tip = QPointF(length * math.cos(rad), length * math.sin(rad))
        pen = pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
        shaft = pg.PlotDataItem([0.0, tip.x()], [0.0, tip.y()], pen=pen)
        self.plot.addItem(shaft)
        self.legend.addItem(shaft, name)
        self._items.append(shaft)
        if length <= 0:
            return
        head = min(HEAD_LENGTH, 0.5 * length)
        corners = [tip]
        for side in (-1, 1):
            back = rad + math.pi + side * math.radians(HEAD_ANGLE)
            corners.append(QPointF(tip.x() + head * math.cos(back), tip.y() + head * math.sin(back)))
        polygon = QGraphicsPolygonItem(QPolygonF(corners))
        polygon.setPen(pg.mkPen(color, width=1))
        polygon.setBrush(QBrush(color) if not dashed else QBrush(Qt.BrushStyle.NoBrush))
        self.plot.addItem(polygon)
        self._items.append(polygon)


def _format(value: float, unit: str) -> str:
    """A magnitude with an SI prefix: 230 V, 11.5 kV, 2.50 A."""
    return pg.siFormat(abs(value), precision=4, suffix=unit)
