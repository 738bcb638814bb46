"""Waveform view: stacked lanes on one time axis, two cursors and a trigger mark.

Each lane is a pyqtgraph plot; all lanes share the x axis (s, 0 at the
trigger). A :class:`Trace` draws a signal through its min/max
:class:`~app.analysis.envelope.Envelope`: whenever the visible range changes,
each curve receives only the samples in view, raw or as min/max pairs of the
envelope level that fits about 32 points per pixel, and pyqtgraph's 'peak'
auto-downsampling with clip-to-view thins those to the pixel grid. Pan and
zoom therefore cost about the same for a thousand samples or ten million.
Lanes whose traces have two units get a second y axis on the right; digital
traces are drawn as steps stacked in their lane.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QWidget

from app.analysis.envelope import Envelope
from ui.widgets.plot_style import BACKGROUND, FOREGROUND, style_plot

POINTS_PER_PIXEL = 32  # samples handed to a curve per pixel of plot width, at most
DOWNSAMPLE_FACTOR = 2.0  # peak-decimated chunks per pixel that pyqtgraph keeps (its default, 5, overdraws)
CURSOR_COLORS = ("#2e7d32", "#6a1b9a")
TRIGGER_COLOR = "#c62828"
DIGITAL_PITCH = 1.5  # vertical distance between stacked digital traces (a state spans 1)
_AXIS_WIDTH = 64
_RIGHT_AXIS_WIDTH = 52


@dataclass
class Trace:
    """A signal to draw: sample ``time`` (s) and the envelope of its values.

    The view shows ``time - shift`` (``shift`` is the trigger time, so that
    traces of several records align on their triggers) and ``scale`` times
    the values (e.g. primary to secondary).
    """

    key: str
    label: str
    unit: str
    time: np.ndarray
    envelope: Envelope
    color: QColor
    shift: float = 0.0
    scale: float = 1.0
    digital: bool = False


@dataclass
class LaneSpec:
    """A lane to build: its title and traces (analog ones, or digital ones)."""

    title: str
    traces: list[Trace] = field(default_factory=list)


class _Lane:
    """A built lane: its plot, its optional right-hand view box and its curves."""

    def __init__(self, spec: LaneSpec, plot: pg.PlotItem) -> None:
        self.spec = spec
        self.plot = plot
        self.right: pg.ViewBox | None = None
        self.units: list[str] = []
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.baselines: dict[str, float] = {}
        self.cursor_lines: list[pg.InfiniteLine] = []
        self.trigger_line: pg.InfiniteLine | None = None

    def box_of(self, trace: Trace) -> pg.ViewBox:
        if self.right is not None and trace.unit != self.units[0]:
            return self.right
        return self.plot.getViewBox()


class WaveformView(pg.GraphicsLayoutWidget):
    """Stacked lanes of traces with a shared time axis and two cursors."""

    sig_cursors_moved = Signal(float, float)
    """Cursor C1 or C2 moved: (t1, t2) in s on the view's axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground(BACKGROUND)
        self.ci.setSpacing(0)
        self.ci.setContentsMargins(4, 4, 8, 4)
        self._lanes: list[_Lane] = []
        self._traces: dict[str, Trace] = {}
        self._cursors = [0.0, 0.0]
        self._trigger = True
        self._syncing = False

    # ---- Public API

    def set_lanes(self, lanes: list[LaneSpec], *, trigger: bool = True) -> None:
        """Replace the lanes; the visible time range is kept when there was one."""
        previous = self.x_range() if self._lanes else None
        self.clear_lanes()
        self._trigger = trigger
        lanes = [spec for spec in lanes if spec.traces]
        axis_width = self._axis_width(lanes)
        with_right = any(len(_units(spec)) > 1 for spec in lanes)
        for row, spec in enumerate(lanes):
            plot = self.addPlot(row=row, col=0)
            lane = _Lane(spec, plot)
            self._build_lane(lane, axis_width, with_right)
            if row:
                plot.setXLink(self._lanes[0].plot)
            self._lanes.append(lane)
            for trace in spec.traces:
                self._traces[trace.key] = trace
        if not self._lanes:
            return
        for lane in self._lanes[:-1]:
            lane.plot.getAxis("bottom").setStyle(showValues=False)
        self._lanes[-1].plot.setLabel("bottom", self.tr("Time from trigger") if trigger else self.tr("Time"),
                                      units="s")
        self._lanes[0].plot.getViewBox().sigXRangeChanged.connect(self._on_range_changed)
        self.fit_y()
        start, stop = previous or self.full_range()
        self.set_x_range(start, stop)
        self.refresh()

    def clear_lanes(self) -> None:
        """Remove every lane."""
        if self._lanes:
            self._lanes[0].plot.getViewBox().sigXRangeChanged.disconnect(self._on_range_changed)
        for lane in self._lanes:
            if lane.right is not None:
                lane.plot.scene().removeItem(lane.right)
        self.ci.clear()
        self._lanes.clear()
        self._traces.clear()

    @property
    def lane_titles(self) -> list[str]:
        return [lane.spec.title for lane in self._lanes]

    def lane_keys(self) -> list[list[str]]:
        """The trace keys of each lane, top to bottom."""
        return [[t.key for t in lane.spec.traces] for lane in self._lanes]

    def trace(self, key: str) -> Trace:
        return self._traces[key]

    def curve(self, key: str) -> pg.PlotDataItem:
        """The curve item drawing trace ``key``."""
        for lane in self._lanes:
            if key in lane.curves:
                return lane.curves[key]
        raise KeyError(key)

    def set_scale(self, key: str, scale: float) -> None:
        """Multiply the values of trace ``key`` by ``scale`` (call :meth:`fit_y` and :meth:`refresh` after)."""
        self._traces[key].scale = scale

    def full_range(self) -> tuple[float, float]:
        """The time span (s) covered by all traces."""
        starts = [float(t.time[0] - t.shift) for t in self._traces.values() if len(t.time)]
        stops = [float(t.time[-1] - t.shift) for t in self._traces.values() if len(t.time)]
        if not starts:
            return 0.0, 1.0
        return min(starts), max(stops)

    def x_range(self) -> tuple[float, float]:
        if not self._lanes:
            return 0.0, 1.0
        start, stop = self._lanes[0].plot.getViewBox().viewRange()[0]
        return float(start), float(stop)

    def set_x_range(self, start: float, stop: float) -> None:
        if self._lanes and stop > start:
            self._lanes[0].plot.getViewBox().setXRange(start, stop, padding=0)

    def zoom_all(self) -> None:
        self.set_x_range(*self.full_range())

    def fit_y(self) -> None:
        """Set each lane's y range to the whole extent of its traces (scaled), with a margin."""
        for lane in self._lanes:
            if all(t.digital for t in lane.spec.traces):
                top = DIGITAL_PITCH * (len(lane.spec.traces) - 1) + 1.0
                lane.plot.getViewBox().setYRange(-0.25, top + 0.25, padding=0)
                continue
            boxes: dict[int, tuple[pg.ViewBox, list[float]]] = {}
            for trace in lane.spec.traces:
                box = lane.box_of(trace)
                lo, hi = trace.envelope.bounds()
                if np.isfinite(lo):
                    values = [lo * trace.scale, hi * trace.scale]
                    boxes.setdefault(id(box), (box, []))[1].extend(values)
            for box, values in boxes.values():
                lo, hi = min(values), max(values)
                if hi <= lo:
                    lo, hi = lo - 1.0, hi + 1.0
                margin = 0.08 * (hi - lo)
                box.setYRange(lo - margin, hi + margin, padding=0)

    def cursors(self) -> tuple[float, float]:
        """(t1, t2) in s on the view's axis."""
        return self._cursors[0], self._cursors[1]

    def set_cursors(self, t1: float, t2: float) -> None:
        self._cursors = [float(t1), float(t2)]
        self._sync_cursor_lines()
        self.sig_cursors_moved.emit(*self.cursors())

    def refresh(self) -> None:
        """Give every curve the samples of the visible range."""
        if not self._lanes:
            return
        start, stop = self.x_range()
        width = max(200, int(self._lanes[0].plot.getViewBox().width()))
        budget = POINTS_PER_PIXEL * width
        for lane in self._lanes:
            for key, curve in lane.curves.items():
                x, y = self._visible_data(self._traces[key], start, stop, budget)
                if self._traces[key].digital:
                    y = y + lane.baselines[key]
                curve.setData(x, y)

    # ---- Private API

    def _axis_width(self, lanes: list[LaneSpec]) -> int:
        metrics = QFontMetrics(self.font())
        names = [t.label for spec in lanes for t in spec.traces if t.digital]
        widest = max((metrics.horizontalAdvance(n) for n in names), default=0)
        return int(min(180, max(_AXIS_WIDTH, widest + 16)))

    def _build_lane(self, lane: _Lane, axis_width: int, with_right: bool) -> None:
        plot, spec = lane.plot, lane.spec
        style_plot(plot)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.getViewBox().setMouseEnabled(x=True, y=False)
        plot.getAxis("left").setWidth(axis_width)
        lane.units = _units(spec)
        digital = all(t.digital for t in spec.traces)
        if with_right:
            plot.showAxis("right")
            right_axis = plot.getAxis("right")
            right_axis.setWidth(_RIGHT_AXIS_WIDTH)
            right_axis.setStyle(showValues=len(lane.units) > 1)
        if len(lane.units) > 1:
            lane.right = pg.ViewBox()
            lane.right.setMouseEnabled(x=False, y=False)
            plot.scene().addItem(lane.right)
            plot.getAxis("right").linkToView(lane.right)
            plot.getAxis("right").setLabel(units=lane.units[1])
            lane.right.setXLink(plot)
            plot.getViewBox().sigResized.connect(lambda _vb, lane=lane: _align_right_box(lane))
            _align_right_box(lane)
        if digital:
            ticks = []
            for k, trace in enumerate(spec.traces):
                base = DIGITAL_PITCH * (len(spec.traces) - 1 - k)
                lane.baselines[trace.key] = base
                ticks.append((base + 0.5, trace.label))
            plot.getAxis("left").setTicks([ticks, []])
            plot.showGrid(x=True, y=False, alpha=0.18)
        else:
            title = "" if spec.title == lane.units[0] else spec.title
            plot.setLabel("left", title, units=lane.units[0] or None)
            legend = plot.addLegend(offset=(-6, 4), labelTextSize="8pt", labelTextColor=FOREGROUND,
                                    verSpacing=-6, colCount=max(1, (len(spec.traces) + 3) // 4))
            legend.setBrush(pg.mkBrush(255, 255, 255, 200))
        for trace in spec.traces:
            curve = pg.PlotDataItem(pen=pg.mkPen(trace.color, width=1), name=None if digital else trace.label,
                                    autoDownsampleFactor=DOWNSAMPLE_FACTOR)
            if lane.box_of(trace) is plot.getViewBox():
                plot.addItem(curve)  # named curves join the legend
            else:
                lane.right.addItem(curve)
                plot.legend.addItem(curve, trace.label)
            curve.setDownsampling(auto=True, method="peak")  # after addItem, which applies the plot's own
            curve.setClipToView(True)
            lane.curves[trace.key] = curve
        first = not self._lanes
        for k, color in enumerate(CURSOR_COLORS):
            line = pg.InfiniteLine(
                pos=self._cursors[k], movable=True, pen=pg.mkPen(color, width=1),
                hoverPen=pg.mkPen(color, width=3),
                label=f"C{k + 1}" if first else None,
                labelOpts={"position": 0.96, "color": color, "fill": (255, 255, 255, 220), "movable": False},
            )  # fmt: skip
            line.setZValue(20)
            line.sigPositionChanged.connect(lambda item, k=k: self._on_cursor_dragged(k, item))
            plot.addItem(line, ignoreBounds=True)
            lane.cursor_lines.append(line)
        if self._trigger:
            lane.trigger_line = pg.InfiniteLine(
                pos=0.0, movable=False, pen=pg.mkPen(TRIGGER_COLOR, width=1, style=Qt.PenStyle.DashLine),
                label=self.tr("Trigger") if first else None,
                labelOpts={"position": 0.85, "color": TRIGGER_COLOR, "fill": (255, 255, 255, 220)},
            )  # fmt: skip
            lane.trigger_line.setZValue(15)
            plot.addItem(lane.trigger_line, ignoreBounds=True)

    def _visible_data(
        self, trace: Trace, start: float, stop: float, budget: int
    ) -> tuple[np.ndarray, np.ndarray]:
        time = trace.time
        i0 = max(0, int(np.searchsorted(time, start + trace.shift, side="left")) - 1)
        i1 = min(len(time), int(np.searchsorted(time, stop + trace.shift, side="right")) + 1)
        x, y = trace.envelope.curve(time, i0, i1, budget)
        x = x - trace.shift
        if trace.digital:
            if len(x) and trace.envelope.level_for(i1 - i0, budget) is None:
                x, y = np.repeat(x, 2)[1:], np.repeat(y, 2)[:-1]  # steps: hold each state
            return x, y
        return x, y * np.float32(trace.scale) if trace.scale != 1.0 else y

    def _on_range_changed(self, *_args) -> None:
        self.refresh()

    def _on_cursor_dragged(self, k: int, line: pg.InfiniteLine) -> None:
        if self._syncing:
            return
        self._cursors[k] = float(line.value())
        self._sync_cursor_lines()
        self.sig_cursors_moved.emit(*self.cursors())

    def _sync_cursor_lines(self) -> None:
        self._syncing = True
        try:
            for lane in self._lanes:
                for k, line in enumerate(lane.cursor_lines):
                    if line.value() != self._cursors[k]:
                        line.setValue(self._cursors[k])
        finally:
            self._syncing = False


def _units(spec: LaneSpec) -> list[str]:
    units: list[str] = []
    for trace in spec.traces:
        if trace.unit not in units:
            units.append(trace.unit)
    return units or [""]


def _align_right_box(lane: _Lane) -> None:
    """Keep the right-hand view box over the lane's plot area."""
    main = lane.plot.getViewBox()
    lane.right.setGeometry(main.sceneBoundingRect())
    lane.right.linkedViewChanged(main, lane.right.XAxis)
