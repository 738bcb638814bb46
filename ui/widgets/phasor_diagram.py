"""Phasor diagram, drawn the way the ION7400 shows phasors.

Angles are relative to the reference phasor (Va), which lies on the positive
horizontal axis; positive angles turn counter-clockwise. Voltages and
currents have separate scales: the largest voltage reaches the outer circle
and the largest current the inner dashed one, whatever their units, and the
legend gives every arrow's magnitude and angle. The API is data only, so the
same widget serves recorded (COMTRADE) and live (meter) phasors.

Delta systems (line-line voltages Vab, Vbc, Vca) are drawn in one of the
manual's two modes (ION7400 manual L6455-L6462): **Voltage**, the three line
voltages 120° apart as the system runs, or **Instrument**, what a two-element
meter measures: Vab and Vcb, 60° apart. :class:`PhasorView` adds the table of
magnitudes and angles beside the diagram and the mode switch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLocale, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsPolygonItem,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.analysis.angles import wrap_degrees
from ui.language import fixed
from ui.widgets.plot_style import BACKGROUND, FOREGROUND, channel_color

VOLTAGE_RADIUS = 1.0  # plot units reached by the largest voltage
CURRENT_RADIUS = 0.65  # plot units reached by the largest current
HEAD_LENGTH = 0.08  # arrow head length, plot units
HEAD_ANGLE = 22.0  # half opening of the arrow head, degrees
_PHASES = ("A", "B", "C", "N")
_LINES = ("AB", "BC", "CA")
INSTRUMENT, VOLTAGE = "instrument", "voltage"  # delta display modes

Phasor = tuple[str, float, float]  # (label, magnitude, angle in degrees)


@dataclass(frozen=True)
class Arrow:
    """One drawn phasor: what it shows and where its tip is (plot units)."""

    label: str
    kind: str  # "voltage" or "current"
    magnitude: float
    angle: float
    tip: tuple[float, float]
    phase: str = ""  # colour key: "A".."N", or "AB", "BC", "CA" for line voltages


def delta_voltages(voltages: Sequence[Phasor], mode: str) -> list[tuple[Phasor, str]]:
    """Line voltages (Vab, Vbc, Vca) as drawn in a delta ``mode``, each with its colour key.

    Instrument: Vab and Vcb (= −Vbc), 60° apart; Voltage: all three, 120° apart.
    """
    if mode == VOLTAGE:
        return [(p, _LINES[k]) for k, p in enumerate(voltages[:3])]
    if mode != INSTRUMENT:
        raise ValueError(f"unknown delta mode {mode!r}; use {INSTRUMENT!r} or {VOLTAGE!r}")  # untranslated: a caller's bug
    out = [(voltages[0], "AB")] if voltages else []
    if len(voltages) > 1:
        _, magnitude, angle = voltages[1]
        out.append((("Vcb", magnitude, wrap_degrees(angle + 180.0)), "BC"))
    return out


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
        self.delta_mode = VOLTAGE
        self._items: list = []
        self._last: tuple | None = None

    # ---- Public API

    def set_phasors(
        self,
        voltages: Sequence[Phasor],
        currents: Sequence[Phasor] = (),
        *,
        voltage_unit: str = "V",
        current_unit: str = "A",
        delta: bool = False,
    ) -> None:
        """Draw ``voltages`` and ``currents``, each ``(label, magnitude, angle in degrees)``.

        The n-th voltage and the n-th current take phase n's colour (A, B, C, N).
        With ``delta`` the voltages are Vab, Vbc, Vca, drawn in :attr:`delta_mode`.
        Non-finite entries are left out.
        """
        self.clear_phasors()
        self._last = (list(voltages), list(currents), voltage_unit, current_unit, delta)
        keyed_v = delta_voltages(voltages, self.delta_mode) if delta else _by_phase(voltages)
        keyed_v = [(p, key) for p, key in keyed_v if _finite(p)]
        keyed_i = [(p, key) for p, key in _by_phase(currents) if _finite(p)]
        self.voltage_scale = max((abs(p[1]) for p, _ in keyed_v), default=0.0)
        self.current_scale = max((abs(p[1]) for p, _ in keyed_i), default=0.0)
        for kind, phasors, scale, radius, unit in (
            ("voltage", keyed_v, self.voltage_scale, VOLTAGE_RADIUS, voltage_unit),
            ("current", keyed_i, self.current_scale, CURRENT_RADIUS, current_unit),
        ):
            for (label, magnitude, angle), key in phasors:
                length = radius * abs(magnitude) / scale if scale > 0 else 0.0
                color = channel_color(key, "V" if kind == "voltage" else "A")
                self._draw_arrow(length, angle, color, dashed=kind == "current",
                                 name=f"{label}  {_format(magnitude, unit)}  ∠ {fixed(angle, 1)}°")
                rad = math.radians(angle)
                self.arrows.append(
                    Arrow(label, kind, magnitude, angle, (length * math.cos(rad), length * math.sin(rad)), key)
                )
        outer, inner = self._scale_samples
        if keyed_v:
            self.legend.addItem(outer, self.tr("Outer circle: %s") % _format(self.voltage_scale, voltage_unit))
        if keyed_i:
            self.legend.addItem(inner, self.tr("Dashed circle: %s") % _format(self.current_scale, current_unit))

    def set_delta_mode(self, mode: str) -> None:
        """Draw delta systems in ``mode`` (:data:`INSTRUMENT` or :data:`VOLTAGE`); redraws at once."""
        if mode not in (INSTRUMENT, VOLTAGE):
            raise ValueError(f"unknown delta mode {mode!r}; use {INSTRUMENT!r} or {VOLTAGE!r}")  # untranslated: a caller's bug
        self.delta_mode = mode
        if self._last is not None:
            voltages, currents, v_unit, i_unit, delta = self._last
            self.set_phasors(voltages, currents, voltage_unit=v_unit, current_unit=i_unit, delta=delta)

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
    """A magnitude with an SI prefix and the display's decimal point: 230 V, 11.5 kV, 2.50 A."""
    return pg.siFormat(abs(value), precision=4, suffix=unit).replace(".", QLocale().decimalPoint())


def _by_phase(phasors: Sequence[Phasor]) -> list[tuple[Phasor, str]]:
    return [(p, _PHASES[k % len(_PHASES)]) for k, p in enumerate(phasors)]


def _finite(p: Phasor) -> bool:
    return p[1] is not None and p[2] is not None and math.isfinite(p[1]) and math.isfinite(p[2])


class PhasorTable(QTableWidget):
    """Magnitude and angle of every drawn phasor, coloured like its arrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([self.tr("Phasor"), self.tr("Magnitude"), self.tr("Angle")])
        self.verticalHeader().hide()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Maximum)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_arrows(self, arrows: Sequence[Arrow], voltage_unit: str = "V", current_unit: str = "A") -> None:
        self.setRowCount(len(arrows))
        for row, arrow in enumerate(arrows):
            unit = voltage_unit if arrow.kind == "voltage" else current_unit
            cells = (arrow.label, _format(arrow.magnitude, unit), f"{fixed(arrow.angle, 1)}°")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                else:
                    item.setForeground(channel_color(arrow.phase, "V" if arrow.kind == "voltage" else "A"))
                self.setItem(row, col, item)
        self.setFixedWidth(self.horizontalHeader().length() + 2 * self.frameWidth())

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's text, row by row (label, magnitude, angle)."""
        return [tuple(self.item(r, c).text() for c in range(3)) for r in range(self.rowCount())]


class PhasorView(QWidget):
    """The diagram with its table of magnitudes and angles, and the delta display mode."""

    sig_delta_mode_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram = PhasorDiagram()
        self.table = PhasorTable()
        self.mode_combo = QComboBox()
        self.mode_combo.addItem(self.tr("Voltage (120°)"), VOLTAGE)
        self.mode_combo.addItem(self.tr("Instrument (60°)"), INSTRUMENT)
        self.mode_combo.setToolTip(self.tr("Delta systems: Voltage shows Vab, Vbc, Vca as the system runs; "
                                           "Instrument shows what a two-element meter measures, Vab and Vcb"))
        self.mode_combo.currentIndexChanged.connect(self._on_mode)
        self.mode_label = QLabel(self.tr("Delta display"))
        side = QVBoxLayout()
        mode_row = QHBoxLayout()
        mode_row.addWidget(self.mode_label)
        mode_row.addWidget(self.mode_combo, 1)
        side.addLayout(mode_row)
        side.addWidget(self.table)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.diagram, 3)
        layout.addLayout(side, 2)
        self._units = ("V", "A")
        self._set_delta_controls(False)

    def set_phasors(self, voltages: Sequence[Phasor], currents: Sequence[Phasor] = (), *,
                    voltage_unit: str = "V", current_unit: str = "A", delta: bool = False) -> None:
        self._units = (voltage_unit, current_unit)
        self._set_delta_controls(delta)
        self.diagram.set_phasors(voltages, currents, voltage_unit=voltage_unit, current_unit=current_unit,
                                 delta=delta)
        self.table.show_arrows(self.diagram.arrows, voltage_unit, current_unit)

    def clear(self) -> None:
        self.diagram.clear_phasors()
        self.table.setRowCount(0)

    def set_delta_mode(self, mode: str) -> None:
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(mode))

    def _on_mode(self) -> None:
        mode = self.mode_combo.currentData()
        self.diagram.set_delta_mode(mode)
        self.table.show_arrows(self.diagram.arrows, *self._units)
        self.sig_delta_mode_changed.emit(mode)

    def _set_delta_controls(self, delta: bool) -> None:
        self.mode_combo.setVisible(delta)
        self.mode_label.setVisible(delta)
