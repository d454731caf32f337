"""The Graphs tab: a state strip and stacked plots of one PeerConnection on one shared time axis.

All plots are x-linked to the strip, so zooming or panning any of them (wheel, drag) moves them
all; y is fitted, never zoomed. The widget speaks naive-UTC datetimes to the rest of the window:
``time_clicked`` when a plot is clicked (the log view jumps there), ``range_changed`` when the
visible time range settles (the log view can zoom to it), and ``set_cursor`` for the log view's
current row.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QStackedLayout, QVBoxLayout, QWidget

from workbench.ui.stats.colors import curve_color
from workbench.ui.stats.plot_row import Curve, PlotRow
from workbench.ui.stats.series_picker import SeriesPicker
from workbench.ui.stats.strip import ROW_TITLES, StateStrip, legend_html
from workbench.ui.stats.view_data import PLOT_GROUPS, PcView, PlotGroup
from workbench.ui.theme import theme_of
from workbench.ui.widgets.histogram import to_datetime, to_seconds

RANGE_SETTLE_MS = 120  # a wheel zoom is many small steps: tell the log view once it settles
HOVER_HINT = "Hover a plot for values · wheel or drag to zoom/pan time · click to jump the log there"
EMPTY_TEXT = "no PeerConnection to graph"


def clock(seconds: float) -> str:
    """``09:15:02.620`` of epoch ``seconds`` (naive UTC, as written in the dump)."""
    moment = to_datetime(seconds)
    return f"{moment:%H:%M:%S}.{moment.microsecond // 1000:03d}"


class StatsGraphs(QWidget):
    """Signals:
        time_clicked(datetime): the user clicked a plot (at a sample when one is near the click).
        range_changed(datetime, datetime): the visible time range changed (zoom/pan), once it settles.
    """

    time_clicked = Signal(object)
    range_changed = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: PcView | None = None
        self.strip: StateStrip | None = None
        self.rows: list[PlotRow] = []
        self._hidden: set[str] = set()  # labels the user unticked (kept across PeerConnections)
        self._cursor: float | None = None
        self._quiet = False  # True while we move the range ourselves: that is no user zoom
        self._last_range: tuple[datetime, datetime] | None = None
        self.graphics = pg.GraphicsLayoutWidget()
        self.picker = SeriesPicker()
        self.strip_legend = QLabel()
        self.hover_label = QLabel(HOVER_HINT)
        self.reset_button = QPushButton("Reset zoom")
        self.empty_label = QLabel(EMPTY_TEXT)
        self._range_timer = QTimer(self)
        self._build()
        self._connect()
        self.set_view(None)

    def _build(self) -> None:
        self.graphics.ci.layout.setVerticalSpacing(0)
        self.graphics.ci.setContentsMargins(2, 2, 2, 2)
        self.picker.setMinimumWidth(150)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.graphics)
        splitter.addWidget(self.picker)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 210])
        self.strip_legend.setTextFormat(Qt.TextFormat.RichText)
        top = QHBoxLayout()
        top.addWidget(self.strip_legend, 1)
        top.addWidget(self.reset_button)
        self.hover_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(splitter, 1)
        column.addWidget(self.hover_label)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(content)
        self._range_timer.setSingleShot(True)
        self._range_timer.setInterval(RANGE_SETTLE_MS)

    def _connect(self) -> None:
        scene = self.graphics.scene()
        scene.sigMouseClicked.connect(self._on_scene_clicked)
        scene.sigMouseMoved.connect(self._on_scene_mouse_moved)
        self.picker.visibility_changed.connect(self._on_picker_visibility_changed)
        self.reset_button.clicked.connect(self.reset_zoom)
        self._range_timer.timeout.connect(self._on_range_timer_timeout)

    # -- public -------------------------------------------------------------------------------

    def set_view(self, view: PcView | None) -> None:
        """Graph ``view`` (one PeerConnection), zoomed out to its whole time span; None empties the tab."""
        self.view = view
        self._rebuild(None)

    def curves(self) -> list[Curve]:
        return [curve for row in self.rows for curve in row.curves]

    def row(self, key: str) -> PlotRow | None:
        """The plot of group ``key`` (``bitrate``, ``loss``…), if this PeerConnection has it."""
        return next((r for r in self.rows if r.group.key == key), None)

    def set_cursor(self, moment: datetime | None) -> None:
        """A vertical line at ``moment`` on the strip and every plot (None removes it)."""
        self._cursor = None if moment is None else to_seconds(moment)
        for item in self._cursor_owners():
            item.set_cursor(self._cursor)

    def visible_range(self) -> tuple[datetime, datetime] | None:
        if self.strip is None:
            return None
        low, high = self.strip.plot.vb.viewRange()[0]
        return to_datetime(low), to_datetime(high)

    def set_x_range(self, start: datetime, end: datetime) -> None:
        """Show ``start``–``end`` on all plots without emitting ``range_changed`` (the caller knows)."""
        if self.strip is not None and end > start:
            self._set_x_range(to_seconds(start), to_seconds(end), padding=0.0)

    @Slot()
    def reset_zoom(self) -> None:
        """Back to the PeerConnection's whole span (a user action: ``range_changed`` follows)."""
        if self.view is not None and self.view.start and self.view.end and self.strip is not None:
            self.strip.plot.setXRange(to_seconds(self.view.start), to_seconds(self.view.end), padding=0.01)

    # -- building -----------------------------------------------------------------------------

    def _cursor_owners(self) -> list[StateStrip | PlotRow]:
        return ([self.strip] if self.strip is not None else []) + list(self.rows)

    def _rebuild(self, keep: tuple[float, float] | None) -> None:
        self._quiet = True
        try:
            for row in self.rows:
                row.dispose()
            self.graphics.clear()
            self.picker.clear_series()
            self.rows, self.strip = [], None
            view = self.view
            if view is None or view.start is None or view.end is None:
                self._stack.setCurrentWidget(self.empty_label)
                self.strip_legend.clear()
                return
            self._stack.setCurrentIndex(1)
            self._add_strip(view)
            for group in PLOT_GROUPS:
                if view.plots_of(group.key):
                    self._add_row(view, group)
            self._finish(view, keep)
        finally:
            self._quiet = False

    def _new_plot(self, row: int) -> pg.PlotItem:
        return self.graphics.addPlot(row=row, col=0, axisItems={"bottom": pg.DateAxisItem(utcOffset=0)})

    def _add_strip(self, view: PcView) -> None:
        self.strip = StateStrip(self._new_plot(0), self.font())
        self.strip.plot.vb.sigXRangeChanged.connect(self._on_strip_x_range_changed)
        theme = theme_of(self.palette())
        self.strip.set_spans(view.spans, theme)
        self.strip_legend.setText(legend_html(sorted(self.strip.states(), key=_state_order), theme))

    def _add_row(self, view: PcView, group: PlotGroup) -> None:
        assert self.strip is not None
        row = PlotRow(self._new_plot(len(self.rows) + 1), group, self.font(), len(view.plots_of(group.key)))
        row.plot.setXLink(self.strip.plot)
        theme = theme_of(self.palette())
        tree_group = self.picker.add_group(row.group.label)
        for index, data in enumerate(view.plots_of(row.group.key)):
            colour = curve_color(theme, index)
            curve = row.add_curve(data, colour)
            visible = data.label not in self._hidden
            curve.item.setVisible(visible)
            curve.item.visibleChanged.connect(lambda c=curve: self._on_curve_visible_changed(c))
            self.picker.add_series(tree_group, data.key, data.label, colour, visible)
        self.graphics.ci.layout.setRowStretchFactor(len(self.rows) + 1, 1)
        self.rows.append(row)

    def _finish(self, view: PcView, keep: tuple[float, float] | None) -> None:
        assert self.strip is not None and view.start is not None and view.end is not None
        for index, row in enumerate(self.rows):
            row.plot.getAxis("bottom").setStyle(showValues=index == len(self.rows) - 1)
        if not self.rows:
            self.strip.plot.getAxis("bottom").setStyle(showValues=True)
            self.strip.plot.getAxis("bottom").setHeight(None)
        self._apply_palette()
        start, end = to_seconds(view.start), to_seconds(view.end)
        margin = max((end - start) * 0.05, 1.0)
        for vb in [self.strip.plot.vb, *(r.plot.vb for r in self.rows)]:
            vb.setLimits(xMin=start - margin, xMax=end + margin, minXRange=0.2)
        low, high = keep or (start, end)
        self._set_x_range(low, high, padding=0.0 if keep else 0.01)
        self.set_cursor(None if self._cursor is None else to_datetime(self._cursor))

    def _set_x_range(self, low: float, high: float, padding: float) -> None:
        quiet, self._quiet = self._quiet, True
        try:
            assert self.strip is not None
            self.strip.plot.setXRange(low, high, padding=padding)
            for row in self.rows:
                row.fit_y()
            self._last_range = self.visible_range()
        finally:
            self._quiet = quiet

    def _apply_palette(self) -> None:
        pal = self.palette()
        text, axis = pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.Mid)
        base = pal.color(QPalette.ColorRole.Base)
        self.graphics.setBackground(base)
        if self.strip is not None:
            self.strip.apply_colours(text, axis, text)
        for row in self.rows:
            row.apply_colours(text, axis, base, text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.strip is not None:
            self._rebuild(tuple(self.strip.plot.vb.viewRange()[0]))  # curve colours come from the theme

    # -- interaction --------------------------------------------------------------------------

    def hover_text(self, scene_pos: QPointF) -> str:
        """What the mouse is over: the strip's state, or each visible series' value at that time."""
        if self.strip is not None and self.strip.contains(scene_pos):
            span = self.strip.span_at(scene_pos)
            if span is None:
                return clock(self.strip.x_at(scene_pos))
            return (f"{clock(to_seconds(span.start))}–{clock(to_seconds(span.end))} · "
                    f"{ROW_TITLES[span.row]}: {span.state}")
        row = next((r for r in self.rows if r.contains(scene_pos)), None)
        if row is None:
            return ""
        x = row.x_at(scene_pos)
        parts = row.readout(x, self._tolerance(row))
        return f"{clock(x)} · " + (" · ".join(parts) if parts else "no sample here")

    @staticmethod
    def _tolerance(row: PlotRow) -> float:
        """Half a sampling interval (stats come about once a second): nearer samples are 'here'."""
        steps = [float(np.median(np.diff(c.data.seconds))) for c in row.curves if len(c.data.seconds) > 1]
        return max(min(steps, default=1.0) * 0.6, 0.05)

    @Slot(object)
    def _on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        text = self.hover_text(scene_pos)
        self.hover_label.setText(text or HOVER_HINT)
        self.graphics.setToolTip(text)

    @Slot(object)
    def _on_scene_clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.isAccepted() or event.double():
            return  # right button: nothing; accepted: a legend entry took it
        pos = event.scenePos()
        row = next((r for r in self.rows if r.contains(pos)), None)
        if row is not None:
            self.time_clicked.emit(to_datetime(row.snap(pos)))
        elif self.strip is not None and self.strip.contains(pos):
            self.time_clicked.emit(to_datetime(self.strip.x_at(pos)))

    @Slot(str, bool)
    def _on_picker_visibility_changed(self, key: str, visible: bool) -> None:
        for curve in self.curves():
            if curve.data.key == key and curve.visible != visible:
                curve.item.setVisible(visible)  # the curve's visibleChanged does the rest

    def _on_curve_visible_changed(self, curve: Curve) -> None:
        """From the picker or a click on the legend: keep both in step and refit the plot."""
        visible = curve.visible
        (self._hidden.discard if visible else self._hidden.add)(curve.data.label)
        self.picker.set_checked(curve.data.key, visible)
        for row in self.rows:
            if curve in row.curves:
                row.fit_y()

    def _on_strip_x_range_changed(self) -> None:
        if not self._quiet:
            self._range_timer.start()

    @Slot()
    def _on_range_timer_timeout(self) -> None:
        shown = self.visible_range()
        if shown is not None and shown != self._last_range:
            self._last_range = shown
            self.range_changed.emit(*shown)


_STATE_ORDER = ("new", "checking", "connecting", "connected", "completed", "disconnected", "failed", "closed",
                "none", "bandwidth", "cpu", "other")


def _state_order(state: str) -> int:
    return _STATE_ORDER.index(state) if state in _STATE_ORDER else len(_STATE_ORDER)
