"""The filter bar driven like a user: type, toggle, wait for the rows, read what the table shows."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from workbench.core.logs.view import LogRows
from workbench.core.progress import CancelToken, ProgressFn
from workbench.ui.main_window import MainWindow
from workbench.ui.widgets import log_view
from workbench.ui.widgets.filter_bar import ERROR_STYLE, FilterBar, FilterSpec
from workbench.ui.widgets.log_view import LogView

from .log_helpers import SDK, TIMEOUT_MS, open_parsed, shown, shown_lines, wait_filter, write_log_bundle

ALL = list(range(1, len(SDK) + 1))


@pytest.fixture
def view(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> LogView:
    return open_parsed(qtbot, window, write_log_bundle(tmp_path / "logs.zip"))


def lines_with(*words: str) -> list[int]:
    return [n for n, row in enumerate(SDK, start=1) if any(w in row[3] for w in words)]


def test_parsed_log_is_shown_in_columns(view: LogView, window: MainWindow) -> None:
    model = view.model
    assert window.viewer.current.path == "logs/agorasdk.log"
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == \
        ["Line", "Time", "Level", "Thread", "Message"]
    assert [model.index(6, c).data() for c in range(5)] == ["7", "09:15:06.000", "ERROR", "2240", SDK[6][3]]
    assert shown_lines(view) == ALL
    status = window.file_label.text()
    assert status.startswith("logs/agorasdk.log:1 · line 1 of 12") and status.endswith("ASCII")


def test_typing_an_include_regex_filters_the_rows(qtbot: QtBot, view: LogView) -> None:
    bar = view.filter_bar
    wait_filter(qtbot, view, lambda: qtbot.keyClicks(bar.include, "heartbeat"))
    assert shown_lines(view) == lines_with("heartbeat") == [3, 6, 9]
    assert bar.status.text() == "3 matches"
    assert view.model.index(0, 4).data() == "heartbeat seq=1"
    wait_filter(qtbot, view, lambda: qtbot.keyClicks(bar.include, "|channel"))
    assert shown_lines(view) == lines_with("heartbeat", "channel")
    with qtbot.waitSignal(view.rows_shown, timeout=TIMEOUT_MS):
        bar.include.clear()  # an empty filter shows every line again, without a filter job
    assert shown_lines(view) == ALL


def test_exclude_and_ignore_case(qtbot: QtBot, view: LogView) -> None:
    bar = view.filter_bar
    wait_filter(qtbot, view, lambda: qtbot.keyClicks(bar.exclude, "HEARTBEAT"))
    assert shown_lines(view) == ALL  # case matters until "Aa" is checked
    wait_filter(qtbot, view, lambda: bar.ignore_case.setChecked(True))
    assert shown_lines(view) == [n for n in ALL if n not in (3, 6, 9)]


def test_level_toggles_hide_levels(qtbot: QtBot, view: LogView) -> None:
    bar = view.filter_bar
    wait_filter(qtbot, view, lambda: qtbot.mouseClick(bar.level_buttons["debug"], Qt.MouseButton.LeftButton))
    assert shown_lines(view) == [n for n in ALL if SDK[n - 1][1] != "debug"]
    wait_filter(qtbot, view, lambda: qtbot.mouseClick(bar.level_buttons["info"], Qt.MouseButton.LeftButton))
    assert {view.rows.level(i) for i in range(len(view.rows))} == {"warning", "error", "fatal"}


def test_threads_and_time_range(qtbot: QtBot, view: LogView) -> None:
    bar = view.filter_bar
    wait_filter(qtbot, view, lambda: qtbot.keyClicks(bar.threads, "2240"))
    assert shown_lines(view) == [n for n in ALL if SDK[n - 1][2] == 2240]
    bar.threads.clear()
    wait_filter(qtbot, view, lambda: (qtbot.keyClicks(bar.since, "09:15:04"), qtbot.keyClicks(bar.until, "09:15:07")))
    assert shown_lines(view) == [5, 6, 7, 8]


def test_context_lines_show_around_each_match(qtbot: QtBot, view: LogView) -> None:
    bar = view.filter_bar
    wait_filter(qtbot, view, lambda: qtbot.keyClicks(bar.include, "onError"))
    assert shown_lines(view) == [7]
    wait_filter(qtbot, view, lambda: bar.context.setValue(2))
    assert shown_lines(view) == [5, 6, 7, 8, 9]
    assert bar.status.text() == "1 matches · 5 lines with context"


def test_invalid_regex_is_shown_inline_in_red(qtbot: QtBot, view: LogView, monkeypatch: pytest.MonkeyPatch) -> None:
    boxes: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, n=name: boxes.append(n))
    bar = view.filter_bar
    with qtbot.assertNotEmitted(view.filter_finished, wait=400):
        qtbot.keyClicks(bar.include, "Channel(")
        qtbot.waitUntil(lambda: bar.status.styleSheet() == ERROR_STYLE, timeout=TIMEOUT_MS)
    assert "invalid regular expression" in bar.status.text()
    assert boxes == [] and shown_lines(view) == ALL  # nothing ran, nothing popped up
    wait_filter(qtbot, view, lambda: bar.include.setText(r"Channel\("))
    assert shown_lines(view) == [4] and bar.status.styleSheet() == ""


def test_lookaround_gets_a_hint_and_bad_time_too(qtbot: QtBot, view: LogView) -> None:
    bar = view.filter_bar
    bar.include.setText("(?=x)")
    bar.apply_now()
    assert "look-around" in bar.status.text()
    bar.include.clear()
    bar.since.setText("yesterday")
    bar.apply_now()
    assert "cannot read the time" in bar.status.text() and bar.status.styleSheet() == ERROR_STYLE


def test_stop_cancels_a_running_filter(qtbot: QtBot, view: LogView, monkeypatch: pytest.MonkeyPatch) -> None:
    real = log_view.run_filter

    def slow(base: LogRows, spec: FilterSpec, *, progress: ProgressFn, cancel: CancelToken) -> LogRows:
        while not cancel.cancelled:
            progress(1, 2, "filtering: 0 matches so far")
            time.sleep(0.02)
        return real(base, spec, progress=progress, cancel=cancel)

    monkeypatch.setattr(log_view, "run_filter", slow)
    bar = view.filter_bar
    with qtbot.waitSignal(view.filter_runner.progressed, timeout=TIMEOUT_MS):
        bar.include.setText("heartbeat")
        bar.apply_now()
    qtbot.waitUntil(bar.stop_button.isVisible, timeout=TIMEOUT_MS)  # after a moment: no flash for quick ones
    assert bar.progress.isVisible() and bar.status.text() == "0 matches so far"
    with qtbot.waitSignal(view.filter_runner.cancelled, timeout=TIMEOUT_MS):
        qtbot.mouseClick(bar.stop_button, Qt.MouseButton.LeftButton)
    assert not bar.stop_button.isVisible() and "stopped" in bar.status.text()
    assert shown_lines(view) == ALL


def test_histogram_selection_sets_the_time_range(qtbot: QtBot, view: LogView) -> None:
    qtbot.waitUntil(lambda: view.histogram.histogram is not None, timeout=TIMEOUT_MS)
    start, end = datetime(2024, 3, 2, 9, 15, 9), datetime(2024, 3, 2, 9, 15, 30)
    wait_filter(qtbot, view, lambda: view.histogram.range_selected.emit(start, end))
    assert view.filter_bar.since.text() == "2024-03-02 09:15:09.000"
    assert shown_lines(view) == [10, 11, 12]
    with qtbot.waitSignal(view.rows_shown, timeout=TIMEOUT_MS):
        view.histogram.selection_cleared.emit()
    assert shown_lines(view) == ALL


def test_filter_bar_spec_is_debounced(qtbot: QtBot) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    emitted: list[object] = []
    bar.changed.connect(emitted.append)
    qtbot.keyClicks(bar.include, "abc")
    assert emitted == []  # nothing before the debounce
    qtbot.waitUntil(lambda: len(emitted) == 1, timeout=2000)
    assert emitted[0].flt.match == "abc" and not emitted[0].is_empty
    bar.set_files(["a.log", "b.log"])
    bar.files_menu.actions()[1].setChecked(False)
    bar.apply_now()
    assert emitted[-1].files == frozenset({"a.log"})


def test_filters_hold_across_files_and_the_merged_view(qtbot: QtBot, view: LogView, window: MainWindow) -> None:
    wait_filter(qtbot, view, lambda: qtbot.keyClicks(view.filter_bar.include, "(?i)audio"))
    with qtbot.waitSignal(view.filter_finished, timeout=TIMEOUT_MS):
        window.named_actions["merged"].trigger()
    assert shown(view) == [("logcat.txt", 2), ("logcat.txt", 3), ("logs/agorasdk.log", 10)]
