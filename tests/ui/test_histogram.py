"""HistogramWidget: stacked bars per level, drag and click selections, the cursor, the empty state."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workbench.core.logs.histogram import Histogram
from workbench.ui.theme import apply_theme, chart_level_colors, palette
from workbench.ui.widgets.histogram import EMPTY_TEXT, HEIGHT_PX, HistogramWidget, to_datetime, to_seconds

START = datetime(2024, 5, 1, 10, 0, 0)
STEP = timedelta(seconds=10)


def _histogram() -> Histogram:
    counts = {
        "debug": np.array([5, 0, 0, 2, 0, 0], dtype=np.int64),
        "info": np.array([100, 50, 0, 300, 20, 10], dtype=np.int64),
        "warning": np.array([0, 3, 0, 0, 0, 1], dtype=np.int64),
        "error": np.array([0, 1, 0, 2, 0, 0], dtype=np.int64),
        "fatal": np.array([0, 0, 0, 0, 1, 0], dtype=np.int64),
        "none": np.array([7, 0, 0, 0, 0, 0], dtype=np.int64),
    }
    return Histogram(START, STEP, counts)


def _shown_widget(qtbot: QtBot) -> HistogramWidget:
    view = HistogramWidget()
    qtbot.addWidget(view)
    view.resize(800, HEIGHT_PX)
    view.set_histogram(_histogram())
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def widget(qtbot: QtBot) -> Iterator[HistogramWidget]:
    yield _shown_widget(qtbot)


def _scene_x(widget: HistogramWidget, moment: datetime) -> QPoint:
    """Viewport pixel of ``moment`` at mid height of the plot."""
    box = widget.view_box
    scene = box.mapViewToScene(QPointF(to_seconds(moment), 0.0))
    middle = box.mapRectToScene(box.boundingRect()).center()
    return widget.plot.mapFromScene(QPointF(scene.x(), middle.y()))


def test_bars_stack_every_level_with_the_right_totals(widget: HistogramWidget) -> None:
    expected = _histogram()
    assert widget.plot.isVisible() and not widget.empty_label.isVisible()
    assert set(widget.bars) == set(expected.counts)
    totals = np.zeros(6)
    for level, item in widget.bars.items():
        heights = np.asarray(item.opts["height"], dtype=float)
        np.testing.assert_array_equal(heights, expected.counts[level])
        np.testing.assert_array_equal(np.asarray(item.opts["y0"]), totals)  # stacked on the levels below
        totals += heights
    np.testing.assert_array_equal(totals, [112, 54, 0, 304, 21, 11])
    np.testing.assert_array_equal(widget.totals, totals)
    lefts = np.asarray(widget.bars["info"].opts["x0"])
    assert lefts[0] == to_seconds(START) and lefts[1] - lefts[0] == 10
    assert widget.height() == HEIGHT_PX


def test_rug_marks_buckets_with_warnings_or_worse(widget: HistogramWidget) -> None:
    xs = sorted(widget.rug.opts["x0"])
    flagged = [to_datetime(x) for x in xs]
    assert flagged == [START + STEP * i for i in (1, 3, 4, 5)]


def test_dragging_across_the_plot_selects_that_time_range(widget: HistogramWidget, qtbot: QtBot) -> None:
    viewport = widget.plot.viewport()
    begin, finish = _scene_x(widget, START + timedelta(seconds=12)), _scene_x(widget, START + timedelta(seconds=41))
    with qtbot.waitSignal(widget.range_selected, timeout=2000) as selected:
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=begin)
        for step in range(1, 6):
            qtbot.wait(20)  # pyqtgraph drops mouse moves closer together than its rate limit
            qtbot.mouseMove(viewport, begin + (finish - begin) * step / 5)
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=finish)
    low, high = selected.args
    assert isinstance(low, datetime) and isinstance(high, datetime)
    pixel = timedelta(seconds=60 / max(1, viewport.width()) * 2)  # two pixels of slack
    assert abs(low - (START + timedelta(seconds=12))) <= pixel
    assert abs(high - (START + timedelta(seconds=41))) <= pixel
    assert widget.region.isVisible()
    assert widget.selected_range() == (low, high)


def test_moving_the_region_emits_its_exact_datetimes(widget: HistogramWidget, qtbot: QtBot) -> None:
    low, high = START + timedelta(seconds=5, milliseconds=250), START + timedelta(seconds=33, milliseconds=125)
    widget.region.show()
    widget.region.setRegion((to_seconds(low), to_seconds(high)))
    with qtbot.waitSignal(widget.range_selected, timeout=1000) as selected:
        widget.region.sigRegionChangeFinished.emit(widget.region)  # what the end of a user's edge drag sends
    assert selected.args == [low, high]


def test_clicking_a_bar_selects_its_bucket_and_right_click_clears(widget: HistogramWidget, qtbot: QtBot) -> None:
    viewport = widget.plot.viewport()
    with qtbot.waitSignal(widget.range_selected, timeout=2000) as selected:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_scene_x(widget, START + timedelta(seconds=34)))
    assert selected.args == [START + STEP * 3, START + STEP * 4]
    with qtbot.waitSignal(widget.selection_cleared, timeout=2000):
        qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=_scene_x(widget, START))
    assert widget.selected_range() is None


def test_cursor_line_follows_the_current_row(widget: HistogramWidget) -> None:
    moment = START + timedelta(seconds=27, milliseconds=500)
    widget.set_cursor(moment)
    assert widget.cursor_line.isVisible()
    assert widget.cursor_line.value() == pytest.approx(to_seconds(moment))
    widget.set_cursor(None)
    assert not widget.cursor_line.isVisible()


def test_none_shows_the_no_timestamps_state(widget: HistogramWidget) -> None:
    widget.set_histogram(None)
    assert widget.empty_label.isVisible() and widget.empty_label.text() == EMPTY_TEXT
    assert not widget.plot.isVisible()
    assert widget.bars == {}
    widget.set_histogram(_histogram())
    assert widget.plot.isVisible() and len(widget.bars) == 6


def test_times_are_shown_as_written_without_a_local_time_shift(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    assert to_seconds(datetime(1970, 1, 1, 0, 0, 1)) == 1.0
    assert to_datetime(to_seconds(START)) == START
    monkeypatch.setenv("TZ", "Asia/Shanghai")  # UTC+8: a local-time axis would say 18:00
    time.tzset()
    try:
        view = _shown_widget(qtbot)  # made with TZ=Asia/Shanghai in force
        view.grab()  # paints the axis once, which sets up its font metrics
        axis = view.plot.getAxis("bottom")
        ticks = axis.tickValues(to_seconds(START), to_seconds(START + STEP * 6), 800)  # as a repaint asks
        labels = {text for spacing, values in ticks for text in axis.tickStrings(values, 1.0, spacing)}
    finally:
        monkeypatch.undo()
        time.tzset()
    assert any(text.startswith("10:00") for text in labels), labels
    assert not any("18:00" in text for text in labels), labels


def test_tooltip_names_the_bucket_and_its_levels(widget: HistogramWidget) -> None:
    text = widget._bucket_text(1)
    assert text.startswith("2024-05-01 10:00:10 – 10:00:20")
    assert "54 lines" in text and "1 error" in text and "3 warning" in text and "50 info" in text


def test_bars_and_background_follow_a_theme_switch(widget: HistogramWidget, themed_app: QApplication,
                                                   qtbot: QtBot) -> None:
    info = widget.bars["info"]
    apply_theme(themed_app, "dark")  # Qt delivers the palette change through the event loop
    qtbot.waitUntil(lambda: widget.bars["info"] is not info, timeout=2000)
    assert widget.bars["info"].opts["brush"] == chart_level_colors("dark")["info"]
    assert widget.plot.backgroundBrush().color() == palette("dark").color(QPalette.ColorRole.Base)
    info = widget.bars["info"]
    apply_theme(themed_app, "light")
    qtbot.waitUntil(lambda: widget.bars["info"] is not info, timeout=2000)
    assert widget.bars["info"].opts["brush"] == chart_level_colors("light")["info"]
