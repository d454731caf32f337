"""One stacked plot of the Graphs tab: curves on a left (and maybe a right) axis, a legend, a cursor.

The x axis is epoch seconds of naive-UTC datetimes read as UTC (``DateAxisItem(utcOffset=0)``),
as in the log histogram. Y is not zoomable: after every x change the row fits its y range from 0 (a
hair below, so a flat zero line stays visible) to the highest visible value, so a rate never
floats above an invisible baseline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont

from workbench.ui.stats.view_data import PlotGroup, PlotSeries

LEFT_AXIS_PX = 74
RIGHT_AXIS_PX = 46
SNAP_PX = 10.0  # a click this close to a sample picks the sample's time
Y_HEADROOM = 1.08  # room above the highest value, at least
LEGEND_GAP_PX = 4.0
RIGHT_STRETCH = 1.3
BASE_MARGIN = 0.03  # a flat zero line sits just above the axis, not on it
MIN_FREE = 0.45  # however tall the legend, curves keep this share of the plot's height
LEGEND_MAX = 12  # more series than this in one plot: no legend on it (it would hide the curves)


@dataclass
class Curve:
    """A drawn series and the view box it lives in (the right one for a right-axis metric)."""

    item: pg.PlotDataItem
    data: PlotSeries
    box: pg.ViewBox

    @property
    def visible(self) -> bool:
        return self.item.isVisible()

    def nearest(self, x: float) -> int | None:
        """Index of the sample closest in time to ``x`` (None when the series is empty)."""
        xs = self.data.seconds
        if not len(xs):
            return None
        i = int(np.searchsorted(xs, x))
        candidates = [j for j in (i - 1, i) if 0 <= j < len(xs)]
        return min(candidates, key=lambda j: abs(xs[j] - x))


def format_value(value: float, unit: str) -> str:
    """``1.23 Mbps``, ``41 ms``, ``2.5 %``, ``30 fps``, ``0.4/s``; ``–`` for no value."""
    if value != value:  # NaN
        return "–"
    if unit == "bps":
        return pg.siFormat(value, precision=3, suffix="bps")
    if unit == "1/s":
        return f"{value:.2g}/s"
    if unit in ("%", "s"):
        return f"{value:.1f} {unit}"
    if unit in ("", "count"):
        return f"{value:g}"
    return f"{value:.0f} {unit}"


def small_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
    return font


class PlotRow:
    """A PlotItem for one :class:`PlotGroup`, with its curves, a legend and a vertical cursor line.

    ``series_count``: how many curves will come; above ``LEGEND_MAX`` the plot shows no legend.
    """

    def __init__(self, plot: pg.PlotItem, group: PlotGroup, font: QFont, series_count: int = 0) -> None:
        self.plot = plot
        self.group = group
        self.curves: list[Curve] = []
        self.right_box: pg.ViewBox | None = None
        self.cursor = pg.InfiniteLine(angle=90, movable=False)
        self.legend = pg.LegendItem(offset=(4, 1), colCount=4, labelTextSize=f"{small_font(font).pointSizeF():.1f}pt",
                                    horSpacing=4, verSpacing=-6)
        self.has_legend = series_count <= LEGEND_MAX  # a conference has dozens of streams: the picker is their legend
        self._setup(font)
        self.legend.setVisible(self.has_legend)

    def _setup(self, font: QFont) -> None:
        plot, vb = self.plot, self.plot.vb
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.showGrid(x=True, y=True, alpha=0.18)
        vb.setMouseEnabled(x=True, y=False)
        vb.enableAutoRange(x=False, y=False)
        plot.addItem(self.cursor, ignoreBounds=True)
        self.cursor.setZValue(30)
        self.cursor.hide()
        self.legend.setParentItem(vb)
        self.legend.setZValue(40)
        left = plot.getAxis("left")
        left.setWidth(LEFT_AXIS_PX)
        left.enableAutoSIPrefix(self.group.unit == "bps")
        unit = self.group.unit if self.group.unit == "bps" else None
        plot.setLabel("left", self._axis_title(self.group.label, self.group.unit), units=unit)
        plot.showAxis("right")
        right = plot.getAxis("right")
        right.setWidth(RIGHT_AXIS_PX)
        if self.group.right_metrics:
            self._add_right_box()
            plot.setLabel("right", self._axis_title(self.group.right_label, self.group.right_unit))
        else:
            right.setStyle(showValues=False)
        for name in ("left", "right", "bottom"):
            plot.getAxis(name).setStyle(tickFont=small_font(font), tickLength=-4)
            plot.getAxis(name).label.setFont(small_font(font))
        vb.sigXRangeChanged.connect(self.fit_y)
        vb.sigResized.connect(self._sync_right_box)
        vb.sigResized.connect(self.fit_y)

    @staticmethod
    def _axis_title(label: str, unit: str) -> str:
        return label if unit in ("", "bps") else f"{label} ({unit})"

    def _add_right_box(self) -> None:
        """A second view box for the right axis (resolution next to fps), x-linked to the main one."""
        box = pg.ViewBox(enableMenu=False)
        box.setMouseEnabled(x=False, y=False)
        box.enableAutoRange(x=False, y=False)
        self.plot.scene().addItem(box)
        self.plot.getAxis("right").linkToView(box)
        box.setXLink(self.plot.vb)
        box.setZValue(self.plot.vb.zValue() - 1)  # mouse events go to the main view box
        self.right_box = box

    def dispose(self) -> None:
        """Take the right view box out of the scene: it sits beside the layout, so ``clear()`` misses it."""
        if self.right_box is not None and self.right_box.scene() is not None:
            self.right_box.scene().removeItem(self.right_box)
        self.right_box = None

    def _sync_right_box(self) -> None:
        if self.right_box is not None:
            self.right_box.setGeometry(self.plot.vb.sceneBoundingRect())
            self.right_box.linkedViewChanged(self.plot.vb, self.right_box.XAxis)

    def add_curve(self, data: PlotSeries, colour: QColor) -> Curve:
        """Draw ``data`` in ``colour`` (dashed for candidate-pair and remote-inbound series)."""
        dashed = data.series.stats_type in ("candidate-pair", "googCandidatePair", "remote-inbound-rtp")
        # whole pixels: without antialiasing a 1.6 px line draws 1 or 2 px wide depending on where it falls
        pen = pg.mkPen(colour, width=2, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
        item = pg.PlotDataItem(data.seconds, data.series.values, pen=pen, connect="finite", name=data.label)
        box = self.right_box if data.side == "right" and self.right_box is not None else self.plot.vb
        box.addItem(item)
        # long calls: draw only what is in view, a few points per pixel, peaks kept (set once in a
        # view box: pyqtgraph 0.14 fails when an item that clips to view is added to the scene)
        item.setClipToView(True)
        item.setDownsampling(auto=True, method="peak")
        if self.has_legend:
            self.legend.addItem(item, data.label)
        curve = Curve(item, data, box)
        self.curves.append(curve)
        return curve

    def fit_y(self) -> None:
        """Y from 0 to the highest visible value of the visible x range, per view box, under the legend."""
        low, high = self.plot.vb.viewRange()[0]
        headroom = self._headroom()
        for box in (self.plot.vb, self.right_box):
            if box is None:
                continue
            tops = [self._top(c, low, high) for c in self.curves if c.box is box and c.visible]
            top = max([t for t in tops if t > 0], default=1.0)
            # the right axis tops out lower, so a flat 30 fps and a flat 720p do not draw one line
            ceiling = top * headroom * (RIGHT_STRETCH if box is self.right_box else 1.0)
            box.setYRange(-ceiling * BASE_MARGIN, ceiling, padding=0)

    def _headroom(self) -> float:
        """How far above the highest value the range must reach so the legend covers no curve."""
        height = self.plot.vb.sceneBoundingRect().height()
        if height <= 0 or not self.has_legend:
            return Y_HEADROOM
        free = 1.0 - (self.legend.boundingRect().height() + LEGEND_GAP_PX) / height
        return max(Y_HEADROOM, 1.0 / max(free, MIN_FREE))

    @staticmethod
    def _top(curve: Curve, low: float, high: float) -> float:
        xs, values = curve.data.seconds, curve.data.series.values
        inside = values[(xs >= low) & (xs <= high)]
        finite = inside[np.isfinite(inside)]
        return float(finite.max()) if len(finite) else 0.0

    def contains(self, scene_pos: QPointF) -> bool:
        return self.plot.vb.sceneBoundingRect().contains(scene_pos)

    def x_at(self, scene_pos: QPointF) -> float:
        return self.plot.vb.mapSceneToView(scene_pos).x()

    def snap(self, scene_pos: QPointF) -> float:
        """The time of the sample nearest the click when one is within ``SNAP_PX``, else the clicked x."""
        x = self.x_at(scene_pos)
        best, best_distance = x, SNAP_PX
        for curve in self.curves:
            i = curve.nearest(x)
            if i is None or not curve.visible or not np.isfinite(curve.data.series.values[i]):
                continue
            point = curve.box.mapViewToScene(QPointF(curve.data.seconds[i], curve.data.series.values[i]))
            distance = float(np.hypot(point.x() - scene_pos.x(), point.y() - scene_pos.y()))
            if distance <= best_distance:
                best, best_distance = float(curve.data.seconds[i]), distance
        return best

    def readout(self, x: float, tolerance_s: float) -> list[str]:
        """``label value`` of every visible curve with a sample within ``tolerance_s`` of ``x``."""
        parts = []
        for curve in self.curves:
            i = curve.nearest(x)
            if i is None or not curve.visible or abs(curve.data.seconds[i] - x) > tolerance_s:
                continue
            value = format_value(float(curve.data.series.values[i]), curve.data.series.unit)
            parts.append(f"{curve.data.label} {value}")
        return parts

    def set_cursor(self, x: float | None) -> None:
        if x is None:
            self.cursor.hide()
        else:
            self.cursor.setValue(x)
            self.cursor.show()

    def apply_colours(self, text: QColor, axis: QColor, base: QColor, cursor: QColor) -> None:
        """Axis, label, legend and cursor colours of the theme."""
        for name in ("left", "right", "bottom"):
            item = self.plot.getAxis(name)
            item.setPen(axis)
            item.setTextPen(text)
        self.cursor.setPen(pg.mkPen(cursor, width=1.5))
        backdrop = QColor(base)
        backdrop.setAlpha(200)  # the legend sits on the curves: see-through, but readable
        self.legend.setBrush(backdrop)
        self.legend.setPen(None)
        self.legend.setLabelTextColor(text)
        for _sample, label in self.legend.items:
            label.setText(label.text, color=text)  # setLabelTextColor alone does not re-render the text
