"""StatsPanel and its Graphs/Events tabs: series, the shared time axis, clicks, cursor, strip, lane."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPalette
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from workbench.core.stats.synthetic import Scenario
from workbench.core.stats.writers import internals_json, rtcstats_text
from workbench.ui.stats import StatsPanel
from workbench.ui.stats.graphs import EMPTY_TEXT, StatsGraphs
from workbench.ui.stats.panel import COMPUTING_TEXT
from workbench.ui.stats.plot_row import BASE_MARGIN, RIGHT_STRETCH, Curve
from workbench.ui.theme import palette
from workbench.ui.widgets.histogram import to_datetime, to_seconds

SCENARIO = Scenario(seconds=30, loss_pct=4.0, limitation="bandwidth", limited_from=12)
GRAPH_GROUPS = ("bitrate", "loss", "delay", "video", "events", "bwe")


def _write(tmp_path: Path, scenario: Scenario = SCENARIO, name: str = "webrtc_internals_dump.txt") -> Path:
    path = tmp_path / name
    path.write_text(internals_json(scenario), encoding="utf-8")
    return path


@pytest.fixture
def panel(qtbot: QtBot) -> Iterator[StatsPanel]:
    widget = StatsPanel()
    qtbot.addWidget(widget)
    widget.resize(1280, 860)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def _show(qtbot: QtBot, panel: StatsPanel, path: Path) -> None:
    with qtbot.waitSignal(panel.loaded, timeout=15_000):
        panel.set_dump(str(path), None)
    qtbot.wait(20)  # let the plots take their size


@pytest.fixture
def shown(qtbot: QtBot, panel: StatsPanel, tmp_path: Path) -> StatsPanel:
    _show(qtbot, panel, _write(tmp_path))
    return panel


def _curve(graphs: StatsGraphs, label: str) -> Curve:
    return next(c for c in graphs.curves() if c.data.label == label)


def _viewport_pos(graphs: StatsGraphs, curve: Curve, index: int) -> tuple[QPoint, float]:
    """Viewport pixel of sample ``index`` of ``curve`` and its time (epoch seconds)."""
    x, y = float(curve.data.seconds[index]), float(curve.data.series.values[index])
    scene = curve.box.mapViewToScene(QPointF(x, y))
    return graphs.graphics.mapFromScene(scene), x


# -- loading -----------------------------------------------------------------------------------


def test_panel_says_computing_then_shows_the_summary(qtbot: QtBot, panel: StatsPanel, tmp_path: Path) -> None:
    path = _write(tmp_path)
    with qtbot.waitSignal(panel.loaded, timeout=15_000) as loaded:
        panel.set_dump(str(path), None)
        assert panel.status_label.text() == COMPUTING_TEXT and not panel.tabs.isEnabled()
    assert loaded.args == [str(path)]
    assert panel.status_label.text() == "" and panel.tabs.isEnabled()
    summary = panel.summary_label.text()
    assert "1 PeerConnection" in summary and "7-1: checking → connected" in summary
    assert "audio opus" in summary and "video VP8" in summary
    assert [panel.tabs.tabText(i) for i in range(panel.tabs.count())] == ["Graphs", "ICE", "Events"]
    assert panel.current_pc() == "7-1"


def test_an_imported_dump_is_shown_without_reading_the_file_again(qtbot: QtBot, panel: StatsPanel,
                                                                   tmp_path: Path) -> None:
    from workbench.core.stats import load_dump

    path = tmp_path / "stats.rtcstats"
    path.write_text(rtcstats_text(SCENARIO), encoding="utf-8")
    dump = load_dump(path)
    path.unlink()  # the panel must not need it
    with qtbot.waitSignal(panel.loaded, timeout=15_000):
        panel.set_dump(str(path), dump)
    assert panel.graphs.row("bitrate") is not None


def test_a_file_that_is_no_dump_fails_in_words(qtbot: QtBot, panel: StatsPanel, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is no dump\n", encoding="utf-8")
    with qtbot.waitSignal(panel.failed, timeout=15_000) as failed:
        panel.set_dump(str(path), None)
    assert "not a WebRTC stats dump" in failed.args[0]
    assert panel.summary_label.text().startswith("Cannot show this stats dump")
    assert panel.tabs.isEnabled()


def test_a_dump_without_peer_connections_shows_the_empty_state(qtbot: QtBot, panel: StatsPanel,
                                                                tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text('{"getUserMedia": [], "PeerConnections": {}, "UserAgent": "Chrome/83"}', encoding="utf-8")
    _show(qtbot, panel, path)
    assert panel.summary_label.text() == "no PeerConnections"
    assert panel.graphs.empty_label.text() == EMPTY_TEXT and panel.graphs.empty_label.isVisible()
    assert panel.ice_view.local_model.rowCount() == 0 and panel.current_pc() == ""
    panel.set_dump("", None)
    assert panel.summary_label.text() == "No stats dump loaded"


# -- graphs ------------------------------------------------------------------------------------


def test_every_graph_group_has_curves_with_data(shown: StatsPanel) -> None:
    graphs = shown.graphs
    assert [row.group.key for row in graphs.rows] == list(GRAPH_GROUPS)
    for row in graphs.rows:
        assert row.curves, row.group.key
        for curve in row.curves:
            xs, ys = curve.item.getData()
            assert len(xs) == 30 and np.isfinite(ys).any(), curve.data.label
    labels = {c.data.label for c in graphs.curves()}
    assert {"out video bitrate", "in video bitrate", "in video loss", "remote-in video RTT", "out video fps",
            "out video height", "in video PLI/s", "in video NACK/s", "pair available"} <= labels
    bitrate = _curve(graphs, "out video bitrate").data.series.values
    assert np.nanmedian(bitrate) == pytest.approx(800_000, rel=0.05)  # 100 kB/s
    loss = _curve(graphs, "in video loss").data.series.values
    assert np.nanmax(loss) == pytest.approx(4.0, abs=0.1)
    assert _curve(graphs, "out video height").box is graphs.row("video").right_box
    assert {row.group.label for row in graphs.rows} == {
        graphs.picker.topLevelItem(i).text(0) for i in range(graphs.picker.topLevelItemCount())}


def test_zooming_one_plot_moves_all_and_reports_the_range(qtbot: QtBot, shown: StatsPanel) -> None:
    graphs = shown.graphs
    bitrate = graphs.row("bitrate")
    start = to_seconds(SCENARIO.at(8))
    end = to_seconds(SCENARIO.at(14.5))
    with qtbot.waitSignal(shown.range_changed, timeout=2_000) as changed:
        bitrate.plot.setXRange(start, end, padding=0)
    for plot in [graphs.strip.plot, *(row.plot for row in graphs.rows)]:
        low, high = plot.vb.viewRange()[0]
        assert low == pytest.approx(start, abs=1e-3) and high == pytest.approx(end, abs=1e-3)
    shown_start, shown_end = changed.args
    assert isinstance(shown_start, datetime)
    assert abs(shown_start - SCENARIO.at(8)) < timedelta(milliseconds=2)
    assert abs(shown_end - SCENARIO.at(14.5)) < timedelta(milliseconds=2)


def test_y_follows_the_zoom_from_zero(qtbot: QtBot, shown: StatsPanel) -> None:
    row = shown.graphs.row("video")
    heights = _curve(shown.graphs, "out video height").data
    limited = to_seconds(SCENARIO.at(SCENARIO.limited_from + 3))
    shown.graphs.picker.set_checked(_curve(shown.graphs, "in video height").data.key, False)  # 360p throughout
    row.plot.setXRange(limited, limited + 5, padding=0)  # only 180p samples of the sender in view
    low, high = row.right_box.viewRange()[1]
    assert low == pytest.approx(-high * BASE_MARGIN) and high / (row._headroom() * RIGHT_STRETCH) == pytest.approx(180)
    assert np.nanmax(heights.series.values) == 360
    row.plot.setXRange(to_seconds(SCENARIO.at(1)), limited + 5, padding=0)
    assert row.right_box.viewRange()[1][1] / (row._headroom() * RIGHT_STRETCH) == pytest.approx(360)


def test_the_log_view_can_zoom_the_graphs_without_an_echo(qtbot: QtBot, shown: StatsPanel) -> None:
    with qtbot.assertNotEmitted(shown.range_changed, wait=300):
        shown.set_x_range(SCENARIO.at(5), SCENARIO.at(10))
    low, high = shown.graphs.row("loss").plot.vb.viewRange()[0]
    assert to_datetime(low) == SCENARIO.at(5) and to_datetime(high) == SCENARIO.at(10)


def test_clicking_a_point_emits_its_time(qtbot: QtBot, shown: StatsPanel) -> None:
    graphs = shown.graphs
    curve = _curve(graphs, "out video bitrate")
    pos, x = _viewport_pos(graphs, curve, 15)
    with qtbot.waitSignal(shown.time_clicked, timeout=2_000) as clicked:
        qtbot.mouseClick(graphs.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos + QPoint(2, 1))
    moment = clicked.args[0]
    assert isinstance(moment, datetime)
    assert abs(moment - to_datetime(x)) < timedelta(milliseconds=1)  # snapped to the sample


def test_clicking_empty_plot_space_emits_the_time_under_the_mouse(qtbot: QtBot, shown: StatsPanel) -> None:
    graphs = shown.graphs
    row = graphs.row("loss")
    x = to_seconds(SCENARIO.at(20.4))
    top = row.plot.vb.viewRange()[1][1]
    pos = graphs.graphics.mapFromScene(row.plot.vb.mapViewToScene(QPointF(x, top * 0.45)))
    with qtbot.waitSignal(shown.time_clicked, timeout=2_000) as clicked:
        qtbot.mouseClick(graphs.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert abs(clicked.args[0] - SCENARIO.at(20.4)) < timedelta(seconds=0.3)


def test_hover_shows_time_and_values(shown: StatsPanel) -> None:
    graphs = shown.graphs
    curve = _curve(graphs, "out video bitrate")
    x, y = float(curve.data.seconds[10]), float(curve.data.series.values[10])
    text = graphs.hover_text(curve.box.mapViewToScene(QPointF(x, y)))
    moment = to_datetime(x)
    assert text.startswith(f"{moment:%H:%M:%S}.{moment.microsecond // 1000:03d}")
    assert "out video bitrate 8" in text and "kbps" in text
    graphs._on_scene_mouse_moved(curve.box.mapViewToScene(QPointF(x, y)))
    assert graphs.hover_label.text() == text


def test_set_cursor_draws_on_the_strip_and_every_plot(shown: StatsPanel) -> None:
    moment = SCENARIO.at(17.25)
    shown.set_cursor(moment)
    owners = [shown.graphs.strip, *shown.graphs.rows]
    assert len(owners) == 1 + len(GRAPH_GROUPS)
    for owner in owners:
        assert owner.cursor.isVisible() and owner.cursor.value() == pytest.approx(to_seconds(moment))
    shown.graphs.set_view(shown.view.pcs["7-1"])  # a rebuild keeps the cursor
    assert all(r.cursor.isVisible() for r in shown.graphs.rows)
    shown.set_cursor(None)
    assert not any(o.cursor.isVisible() for o in [shown.graphs.strip, *shown.graphs.rows])


def test_state_strip_holds_ice_connection_and_limitation_states(shown: StatsPanel) -> None:
    strip = shown.graphs.strip
    assert {"new", "checking", "connected"} <= strip.states("ICE")
    assert {"connecting", "connected"} <= strip.states("connection")
    assert strip.states("limitation") == {"none", "bandwidth"}
    limited = next(s for s in strip.spans if s.state == "bandwidth")
    assert abs(limited.start - SCENARIO.at(SCENARIO.limited_from + 1)) < timedelta(milliseconds=5)
    assert len(strip.bars.opts["x0"]) == len([s for s in strip.spans if s.end > s.start])
    assert "bandwidth" in shown.graphs.strip_legend.text() and "connected" in shown.graphs.strip_legend.text()
    hover = shown.graphs.hover_text(strip.plot.vb.mapViewToScene(QPointF(to_seconds(SCENARIO.at(20)), 0.5)))
    assert hover.endswith("limit: bandwidth")


def test_series_picker_and_legend_hide_curves_together(qtbot: QtBot, shown: StatsPanel) -> None:
    graphs = shown.graphs
    curve = _curve(graphs, "in video loss")
    graphs.picker.set_checked(curve.data.key, False)
    assert not curve.item.isVisible()
    other = _curve(graphs, "in audio loss")
    other.item.setVisible(False)  # what a click on its legend entry does
    assert not graphs.picker.is_checked(other.data.key)
    graphs.set_view(shown.view.pcs["7-1"])  # hidden series stay hidden across a rebuild
    assert not _curve(graphs, "in video loss").item.isVisible()
    graphs.picker.set_checked(_curve(graphs, "in video loss").data.key, True)
    assert _curve(graphs, "in video loss").item.isVisible()


def test_rebuilding_leaves_no_stale_view_boxes_behind(shown: StatsPanel) -> None:
    graphs = shown.graphs

    def boxes() -> int:
        return sum(isinstance(item, pg.ViewBox) for item in graphs.graphics.scene().items())

    expected = 1 + len(graphs.rows) + sum(r.right_box is not None for r in graphs.rows)
    assert boxes() == expected
    for _ in range(3):
        graphs.set_view(shown.view.pcs["7-1"])
    assert boxes() == expected  # the fps/height plot's right view box lives outside the layout


def test_dark_palette_recolours_and_keeps_the_zoom(qtbot: QtBot, shown: StatsPanel) -> None:
    graphs = shown.graphs
    shown.set_x_range(SCENARIO.at(3), SCENARIO.at(9))
    shown.setPalette(palette("dark"))
    assert graphs.graphics.backgroundBrush().color() == QColor(palette("dark").color(QPalette.ColorRole.Base))
    low, high = graphs.row("bitrate").plot.vb.viewRange()[0]
    assert to_datetime(low) == SCENARIO.at(3) and to_datetime(high) == SCENARIO.at(9)
    axis_text = graphs.row("bitrate").plot.getAxis("left").textPen().color()
    assert axis_text == palette("dark").color(QPalette.ColorRole.WindowText)


# -- events ------------------------------------------------------------------------------------


def test_events_tab_lists_dump_events_and_double_click_jumps(qtbot: QtBot, qtmodeltester: ModelTester,
                                                             shown: StatsPanel) -> None:
    events = shown.events_view
    qtmodeltester.check(events.model)
    texts = [events.model.index(r, 3).data() for r in range(events.model.rowCount())]
    assert any("iceconnectionstatechange: checking → connected" in t for t in texts)
    row = next(r for r, t in enumerate(texts) if "checking → connected" in t)
    index = events.model.index(row, 2)
    events.table.scrollTo(index)
    where = events.table.visualRect(index).center()
    with qtbot.assertNotEmitted(shown.time_clicked):
        qtbot.mouseClick(events.table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a single click selects
    with qtbot.waitSignal(shown.time_clicked, timeout=2_000) as clicked:
        qtbot.mouseDClick(events.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert clicked.args == [events.model.rows[row].time]
    events.only_pc.setChecked(True)
    assert all(e.pc in (None, "7-1") for e in events.model.rows)


# -- corpus --------------------------------------------------------------------------------------


def test_corpus_guilospanck_graphs_two_peer_connections(qtbot: QtBot, panel: StatsPanel, corpus: Path) -> None:
    _show(qtbot, panel, corpus / "internals-guilospanck" / "webrtc_internals_dump.txt")
    assert panel.pc_picker.count() == 2 and panel.pc_picker.isEnabled()
    assert "2 PeerConnections" in panel.summary_label.text() and "video VP8" in panel.summary_label.text()
    bitrate = panel.graphs.row("bitrate")
    assert bitrate is not None and any(np.nanmax(c.data.series.values) > 1e6 for c in bitrate.curves)
    assert "bandwidth" in panel.graphs.strip.states("limitation")
    local_before = list(panel.ice_view.local_model.rows)
    panel.select_pc("94-1")
    assert panel.graphs.view.pc_id == "94-1" and panel.ice_view.pc_id == "94-1"
    assert panel.ice_view.local_model.rows != local_before
    with qtbot.waitSignal(panel.range_changed, timeout=2_000):
        panel.graphs.row("delay").plot.setXRange(to_seconds(datetime(2026, 2, 3, 9, 15, 10)),
                                                 to_seconds(datetime(2026, 2, 3, 9, 15, 20)), padding=0)


def test_corpus_legacy_dump_drops_empty_candidate_pairs(qtbot: QtBot, panel: StatsPanel, corpus: Path) -> None:
    _show(qtbot, panel, corpus / "internals-andreiden-legacy" / "webrtc_internals_dump.txt")
    pairs = [c for c in panel.graphs.curves() if c.data.series.stats_type == "candidate-pair"]
    assert pairs and len({c.data.series.stats_id for c in pairs}) == 1  # only the pair that carried the call
