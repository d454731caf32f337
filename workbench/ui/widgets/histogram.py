"""Lines per level over time, above the log: stacked bars, a drag selection, a cursor line.

Our datetimes are naive UTC, and they are shown as written: the x axis is seconds since the
epoch read as UTC (``DateAxisItem(utcOffset=0)``), so no local-time shift creeps in.
Errors are often three lines among thousands; stacked bars alone would make them vanish, so a
thin "rug" under the bars marks every bucket holding a warning, an error or a fatal line.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from workbench.core.logs.histogram import Histogram
from workbench.ui.theme import chart_level_colors, theme_of

HEIGHT_PX = 110
EMPTY_TEXT = "no timestamps"
STACK_ORDER = ("fatal", "error", "warning", "info", "debug", "none")  # bottom to top
RUG_LEVELS = ("fatal", "error", "warning")  # most severe first
_RUG = (-0.09, 0.06)  # rug bottom and height, as fractions of the tallest bar
EPOCH = datetime(1970, 1, 1)


def to_seconds(moment: datetime) -> float:
    """Epoch seconds of a naive-UTC datetime (an aware one is converted to UTC first)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return (moment - EPOCH) / timedelta(seconds=1)


def to_datetime(seconds: float) -> datetime:
    """The naive-UTC datetime of epoch ``seconds``, to the millisecond (floats carry no more)."""
    return EPOCH + timedelta(milliseconds=round(seconds * 1000))


def _clock(moment: datetime, step: timedelta, with_date: bool = False) -> str:
    """``moment`` as text, with milliseconds when buckets are shorter than a second."""
    text = f"{moment:%Y-%m-%d %H:%M:%S}" if with_date else f"{moment:%H:%M:%S}"
    return text + f".{moment.microsecond // 1000:03d}" if step < timedelta(seconds=1) else text


class SelectionViewBox(pg.ViewBox):
    """A ViewBox that does not pan or zoom: a left drag selects an x range, a click picks a point.

    Signals (x in view coordinates):
        dragged(x_start, x_now, finished): during and at the end of a left-button drag.
        clicked(x, right_button): a click; the right button clears the selection.
    """

    dragged = Signal(float, float, bool)
    clicked = Signal(float, bool)

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        self.setMouseEnabled(x=False, y=False)

    def mouseDragEvent(self, ev: object, axis: int | None = None) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        ev.accept()
        start = self.mapSceneToView(ev.buttonDownScenePos()).x()
        self.dragged.emit(start, self.mapSceneToView(ev.scenePos()).x(), bool(ev.isFinish()))

    def mouseClickEvent(self, ev: object) -> None:
        if ev.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            ev.ignore()
            return
        ev.accept()
        self.clicked.emit(self.mapSceneToView(ev.scenePos()).x(), ev.button() == Qt.MouseButton.RightButton)


class HistogramWidget(QWidget):
    """Signals:
        range_selected(start, end): naive-UTC datetimes of a dragged range or a clicked bucket.
        selection_cleared(): the selection was removed (right click).
    """

    range_selected = Signal(object, object)
    selection_cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedHeight(HEIGHT_PX)
        self.histogram: Histogram | None = None
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.totals = np.zeros(0, dtype=np.int64)  # lines per bucket, all levels
        self._x0 = 0.0  # left edge of the first bucket (epoch seconds)
        self._step = 1.0  # bucket width (seconds)
        self._placing = False  # True while we move the region ourselves (setRegion reports it as finished)
        self.view_box = SelectionViewBox()
        self.plot = pg.PlotWidget(self, viewBox=self.view_box, axisItems={"bottom": pg.DateAxisItem(utcOffset=0)})
        self.region = pg.LinearRegionItem(movable=True)
        self.cursor_line = pg.InfiniteLine(angle=90, movable=False)
        self.rug = pg.BarGraphItem(x0=[], width=1.0, y0=0.0, height=[])
        self.empty_label = QLabel(EMPTY_TEXT, self)
        self._build()
        self._connect()
        self._apply_palette()
        self.set_histogram(None)

    def _build(self) -> None:
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseTracking(True)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        for name in ("bottom", "left"):
            axis = self.plot.getAxis(name)
            axis.setStyle(tickFont=small, tickLength=-4)
        self.plot.getAxis("left").setWidth(40)
        for item in (self.rug, self.region, self.cursor_line):
            self.plot.addItem(item, ignoreBounds=True)
        self.region.setZValue(10)
        self.cursor_line.setZValue(20)
        self.region.hide()
        self.cursor_line.hide()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)  # greyed text: it is a state, not a message to act on
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(self.plot)

    def _connect(self) -> None:
        self.view_box.dragged.connect(self._on_view_box_dragged)
        self.view_box.clicked.connect(self._on_view_box_clicked)
        self.region.sigRegionChangeFinished.connect(self._on_region_change_finished)
        self.plot.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)

    # -- public -------------------------------------------------------------------------------

    def set_histogram(self, histogram: Histogram | None) -> None:
        """Draw ``histogram``; None (no line has a time) shows the "no timestamps" state."""
        self.histogram = histogram
        self.region.hide()
        self._render()

    def _render(self) -> None:
        """(Re)draw the bars of ``self.histogram`` in the current theme's colours."""
        histogram = self.histogram
        self._clear_bars()
        buckets = len(next(iter(histogram.counts.values()), ())) if histogram is not None else 0
        if histogram is None or buckets == 0:
            self.totals = np.zeros(0, dtype=np.int64)
            self._stack.setCurrentWidget(self.empty_label)
            return
        self._x0 = to_seconds(histogram.start)
        self._step = histogram.step / timedelta(seconds=1)
        self._draw_bars(histogram, buckets)
        self._stack.setCurrentWidget(self.plot)

    def set_cursor(self, moment: datetime | None) -> None:
        """Draw the vertical line at ``moment`` (the current row's time); None hides it."""
        if moment is None:
            self.cursor_line.hide()
            return
        self.cursor_line.setValue(to_seconds(moment))
        self.cursor_line.show()

    def clear_selection(self) -> None:
        self.region.hide()

    def selected_range(self) -> tuple[datetime, datetime] | None:
        """The selected range as naive-UTC datetimes, or None."""
        if not self.region.isVisible():
            return None
        low, high = self.region.getRegion()
        return to_datetime(low), to_datetime(high)

    def bucket_at(self, x: float) -> int:
        """The bucket under epoch second ``x``, or -1 outside the histogram."""
        if not len(self.totals) or not math.isfinite(x):
            return -1
        bucket = math.floor((x - self._x0) / self._step)
        return bucket if 0 <= bucket < len(self.totals) else -1

    # -- drawing ------------------------------------------------------------------------------

    def _clear_bars(self) -> None:
        for item in self.bars.values():
            self.plot.removeItem(item)
        self.bars.clear()
        self.rug.setOpts(x0=[], height=[])

    def _draw_bars(self, histogram: Histogram, buckets: int) -> None:
        colours = chart_level_colors(theme_of(self.palette()))
        lefts = self._x0 + self._step * np.arange(buckets, dtype=np.float64)
        base = np.zeros(buckets, dtype=np.float64)
        no_pen = pg.mkPen(None)
        for level in STACK_ORDER:
            counts = histogram.counts.get(level)
            if counts is None:
                continue
            heights = np.asarray(counts, dtype=np.float64)
            item = pg.BarGraphItem(x0=lefts, width=self._step, y0=base.copy(), height=heights,
                                   brush=colours[level], pen=no_pen)
            self.plot.addItem(item)
            self.bars[level] = item
            base += heights
        self.totals = base.astype(np.int64)
        top = float(base.max()) if buckets else 0.0
        top = top if top > 0 else 1.0
        self._draw_rug(histogram, lefts, top, colours)
        self.region.setBounds((lefts[0], lefts[-1] + self._step))
        self.plot.setXRange(lefts[0], lefts[-1] + self._step, padding=0)
        self.plot.setYRange(_RUG[0] * top, top * 1.04, padding=0)

    def _draw_rug(self, histogram: Histogram, lefts: np.ndarray, top: float, colours: dict[str, QColor]) -> None:
        """One small block under each bucket with a warning or worse, in the most severe level's colour."""
        xs: list[float] = []
        brushes: list[QColor] = []
        flagged = np.zeros(len(lefts), dtype=bool)
        for level in RUG_LEVELS:
            counts = histogram.counts.get(level)
            if counts is None:
                continue
            hits = (np.asarray(counts) > 0) & ~flagged
            flagged |= hits
            xs.extend(lefts[hits].tolist())
            brushes.extend([colours[level]] * int(hits.sum()))
        self.rug.setOpts(x0=xs, width=self._step, y0=_RUG[0] * top, height=[_RUG[1] * top] * len(xs),
                         brushes=brushes, pen=pg.mkPen(None))

    def _apply_palette(self) -> None:
        """Follow the application palette (light or dark theme) in the plot's own colours."""
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        self.plot.setBackground(pal.color(QPalette.ColorRole.Base))
        for name in ("bottom", "left"):
            axis = self.plot.getAxis(name)
            axis.setPen(pal.color(QPalette.ColorRole.Mid))
            axis.setTextPen(text)
        highlight = QColor(pal.color(QPalette.ColorRole.Highlight))
        self.cursor_line.setPen(pg.mkPen(text, width=1))
        fill = QColor(highlight)
        fill.setAlpha(60)
        self.region.setBrush(fill)
        hover = QColor(highlight)
        hover.setAlpha(90)
        self.region.setHoverBrush(hover)
        for line in self.region.lines:
            line.setPen(pg.mkPen(highlight, width=2))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
            self._render()  # bar colours come from the theme too; the selection stays

    # -- selection ----------------------------------------------------------------------------

    @Slot(float, float, bool)
    def _on_view_box_dragged(self, start: float, now: float, finished: bool) -> None:
        if not len(self.totals):
            return
        low, high = sorted((start, now))
        low, high = max(low, self._x0), min(high, self._x0 + self._step * len(self.totals))
        if high <= low:
            return
        self._place_region(low, high)
        if finished:
            self.range_selected.emit(to_datetime(low), to_datetime(high))

    @Slot(float, bool)
    def _on_view_box_clicked(self, x: float, right_button: bool) -> None:
        if right_button:
            if self.region.isVisible():
                self.region.hide()
                self.selection_cleared.emit()
            return
        bucket = self.bucket_at(x)
        if bucket < 0 or self.histogram is None:
            return
        self._place_region(self._x0 + self._step * bucket, self._x0 + self._step * (bucket + 1))
        self.range_selected.emit(*self.histogram.bucket_range(bucket))  # exact bucket edges, no float rounding

    def _place_region(self, low: float, high: float) -> None:
        self._placing = True
        try:
            self.region.setRegion((low, high))
        finally:
            self._placing = False
        self.region.show()

    @Slot(object)
    def _on_region_change_finished(self, _region: object) -> None:
        """The user moved the selection or one of its edges."""
        selected = self.selected_range()
        if selected is not None and not self._placing:
            self.range_selected.emit(*selected)

    @Slot(QPointF)
    def _on_scene_mouse_moved(self, position: QPointF) -> None:
        """Tooltip: the bucket's time range and its lines per level."""
        bucket = self.bucket_at(self.view_box.mapSceneToView(position).x())
        self.view_box.setToolTip(self._bucket_text(bucket) if bucket >= 0 else "")

    def _bucket_text(self, bucket: int) -> str:
        histogram = self.histogram
        if histogram is None:
            return ""
        start = histogram.start + histogram.step * bucket
        parts = [f"{_clock(start, histogram.step, True)} – {_clock(start + histogram.step, histogram.step)}",
                 f"{int(self.totals[bucket]):,} lines"]
        for level in ("fatal", "error", "warning", "info", "debug", "none"):
            counts = histogram.counts.get(level)
            if counts is not None and counts[bucket]:
                parts.append(f"{int(counts[bucket]):,} {level if level != 'none' else 'no level'}")
        return " · ".join(parts)
