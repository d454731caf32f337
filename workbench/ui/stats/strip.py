"""The thin state strip above the graphs: ICE state, connection state and limitation reason over time.

Each row is a run of coloured bars (one per :class:`Span`); the legend below the plots names the
colours. It shares the graphs' x axis, so a disconnect lines up with the bitrate dip under it.
"""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont

from workbench.ui.stats.colors import state_color
from workbench.ui.stats.plot_row import LEFT_AXIS_PX, RIGHT_AXIS_PX, small_font
from workbench.ui.stats.view_data import CONNECTION_ROW, ICE_ROW, LIMIT_ROW, STRIP_ROWS, Span
from workbench.ui.theme import ThemeName
from workbench.ui.widgets.histogram import to_seconds

ROW_TITLES = {ICE_ROW: "ICE", CONNECTION_ROW: "conn", LIMIT_ROW: "limit"}
ROW_PX = 13
_BAR = 0.8  # bar height as a fraction of a row


class StateStrip:
    """A PlotItem with one bar row per strip row (see ``STRIP_ROWS``)."""

    def __init__(self, plot: pg.PlotItem, font: QFont) -> None:
        self.plot = plot
        self.spans: list[Span] = []
        self.bars = pg.BarGraphItem(x0=[], width=[], y0=[], height=[])
        self.cursor = pg.InfiniteLine(angle=90, movable=False)
        self._setup(font)

    def _setup(self, font: QFont) -> None:
        plot = self.plot
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.vb.setMouseEnabled(x=True, y=False)
        plot.vb.enableAutoRange(x=False, y=False)
        plot.setYRange(0, len(STRIP_ROWS), padding=0)
        plot.addItem(self.bars)
        plot.addItem(self.cursor, ignoreBounds=True)
        self.cursor.setZValue(30)
        self.cursor.hide()
        height = ROW_PX * len(STRIP_ROWS) + 6
        plot.setMinimumHeight(height)
        plot.setMaximumHeight(height)
        left = plot.getAxis("left")
        left.setWidth(LEFT_AXIS_PX)
        left.setTicks([[(self._row_y(row) + 0.5, ROW_TITLES[row]) for row in STRIP_ROWS], []])
        left.setStyle(tickFont=small_font(font), tickLength=0)
        plot.showAxis("right")
        plot.getAxis("right").setWidth(RIGHT_AXIS_PX)
        plot.getAxis("right").setStyle(showValues=False, tickLength=0)
        plot.getAxis("bottom").setStyle(showValues=False, tickLength=0)
        plot.getAxis("bottom").setHeight(1)

    @staticmethod
    def _row_y(row: str) -> float:
        """Bottom of ``row``'s band: the first row is drawn on top."""
        return float(len(STRIP_ROWS) - 1 - STRIP_ROWS.index(row))

    def set_spans(self, spans: list[Span], theme: ThemeName) -> None:
        self.spans = list(spans)
        drawn = [s for s in spans if s.end > s.start]
        starts = [to_seconds(s.start) for s in drawn]
        widths = [to_seconds(s.end) - start for s, start in zip(drawn, starts, strict=True)]
        self.bars.setOpts(x0=starts, width=widths, y0=[self._row_y(s.row) + (1 - _BAR) / 2 for s in drawn],
                          height=[_BAR] * len(drawn), brushes=[state_color(theme, s.state) for s in drawn],
                          pens=[pg.mkPen(None)] * len(drawn))

    def states(self, row: str | None = None) -> set[str]:
        """States present (in ``row``, or in any row)."""
        return {s.state for s in self.spans if row is None or s.row == row}

    def contains(self, scene_pos: QPointF) -> bool:
        return self.plot.vb.sceneBoundingRect().contains(scene_pos)

    def x_at(self, scene_pos: QPointF) -> float:
        return self.plot.vb.mapSceneToView(scene_pos).x()

    def span_at(self, scene_pos: QPointF) -> Span | None:
        """The span under the mouse (its row from y, its time from x)."""
        point = self.plot.vb.mapSceneToView(scene_pos)
        index = len(STRIP_ROWS) - 1 - int(point.y())
        if not 0 <= index < len(STRIP_ROWS):
            return None
        row = STRIP_ROWS[index]
        hits = [s for s in self.spans if s.row == row and to_seconds(s.start) <= point.x() <= to_seconds(s.end)]
        return hits[-1] if hits else None

    def set_cursor(self, x: float | None) -> None:
        if x is None:
            self.cursor.hide()
        else:
            self.cursor.setValue(x)
            self.cursor.show()

    def apply_colours(self, text: QColor, axis: QColor, cursor: QColor) -> None:
        for name in ("left", "right", "bottom"):
            item = self.plot.getAxis(name)
            item.setPen(axis)
            item.setTextPen(text)
        self.cursor.setPen(pg.mkPen(cursor, width=1.5))


def legend_html(states: list[str], theme: ThemeName) -> str:
    """``■ connected ■ checking …``: the strip's colours, for the label under the plots."""
    return "&nbsp;&nbsp;".join(f"<span style='color:{state_color(theme, s).name()}'>■</span>&nbsp;{html.escape(s)}"
                               for s in states)
