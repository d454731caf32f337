"""The parsed-log workflow of the window: parse lane, merged view, overrides, theme, keys, models."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from workbench.core.logs.filters import LogFilter
from workbench.ui.log_actions import key_text
from workbench.ui.main_window import MainWindow
from workbench.ui.models.log_table import LogTableModel
from workbench.ui.theme import apply_theme, level_colors
from workbench.ui.tree_menu import tree_menu
from workbench.ui.widgets.detail_pane import json_payload
from workbench.ui.widgets.log_view import LogView

from .log_helpers import LOGCAT, SDK, SDK_LINES, TIMEOUT_MS, open_parsed, shown, write_log_bundle


@pytest.fixture
def log_zip(tmp_path: Path) -> Path:
    return write_log_bundle(tmp_path / "logs.zip")


@pytest.fixture
def view(qtbot: QtBot, window: MainWindow, log_zip: Path) -> LogView:
    return open_parsed(qtbot, window, log_zip)


def test_log_table_model_passes_modeltester(qtmodeltester: ModelTester, view: LogView, window: MainWindow) -> None:
    rows = view.rows
    model = LogTableModel()
    model.set_marks(window.logs.marks)
    qtmodeltester.check(model)  # empty
    model.set_rows(rows)
    qtmodeltester.check(model)
    model.set_rows(window.logs.session.merged)
    qtmodeltester.check(model)
    model.set_rows(rows.filtered(LogFilter(match="nothing matches this")))
    qtmodeltester.check(model)


def test_raw_lines_first_then_columns_when_parsing_ends(qtbot: QtBot, window: MainWindow, log_zip: Path) -> None:
    progress: list[str] = []
    window.logs.session.progressed.connect(lambda _done, _total, note: progress.append(note))
    with qtbot.waitSignals([window.file_shown, window.logs.logs_ready], timeout=TIMEOUT_MS, order="strict"):
        window.open_path(log_zip)
    assert progress and not window.parse_label.isVisible()  # the status bar gauge came and went
    assert window.viewer.lines.model.rowCount() == len(SDK)  # the raw view was usable meanwhile
    assert window.viewer.showing_log and window.viewer.log.model.rowCount() == len(SDK)
    assert window.tree_model.index_of_path("logcat.txt").siblingAtColumn(2).data() == "logcat-threadtime"
    with qtbot.waitSignal(window.file_shown, timeout=TIMEOUT_MS):
        window.tree.setCurrentIndex(window.tree_model.index_of_path("note.txt"))
    assert window.viewer.currentWidget() is window.viewer.lines  # a note is not a log: raw lines
    with qtbot.waitSignal(window.viewer.log.rows_shown, timeout=TIMEOUT_MS):
        window.tree.setCurrentIndex(window.tree_model.index_of_path("logcat.txt"))
    assert window.viewer.showing_log and shown(window.viewer.log)[0] == ("logcat.txt", 1)
    assert window.file_label.text().startswith("logcat.txt:1 · line 1 of 4")


def test_whole_rows_take_their_level_colour(view: LogView) -> None:
    colours = level_colors("light")
    background = Qt.ItemDataRole.BackgroundRole
    assert view.model.index(6, 0).data(background).color() == colours["error"]
    assert view.model.index(6, 4).data(background).color() == colours["error"]
    assert view.model.index(4, 2).data(background).color() == colours["warning"]


def test_dark_theme_retints_rows_so_text_stays_readable(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    background = Qt.ItemDataRole.BackgroundRole
    window.set_theme("dark")
    try:
        tint = view.model.index(4, 2).data(background).color()
        assert tint == level_colors("dark")["warning"] and tint.lightness() < 128
    finally:
        window.set_theme("light")
    assert view.model.index(4, 2).data(background).color() == level_colors("light")["warning"]


def test_detail_pane_shows_the_line_and_its_json(view: LogView) -> None:
    view.go_to_row(1)
    assert view.detail.heading.text().startswith("logs/agorasdk.log:2 · 09:15:01.000 · info")
    text = view.detail.text.toPlainText()
    assert text.startswith(SDK_LINES[1]) and '\n  "appId": "3f1c****8e05",\n  "channelProfile": 1\n' in text
    assert json_payload("[2231][I] no json [here] {either") is None
    assert json_payload('tail {"a": [1, 2]} more') == {"a": [1, 2]}


def test_message_highlighting_is_painted(qtbot: QtBot, view: LogView) -> None:
    view.table.viewport().grab()  # paints the visible rows through the delegate
    spans = view.delegate.spans(view.model.index(3, 4).data())
    assert {"api", "channel", "uid"} <= {span.token for span in spans}


def test_merged_view_and_back_keep_the_line(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    view.go_to_row(6)
    window.named_actions["merged"].trigger()
    assert window.named_actions["merged"].isChecked() and view.rows.merged
    assert view.model.headerData(1, Qt.Orientation.Horizontal) == "File"
    assert view.current_location() == ("logs/agorasdk.log", 6)
    assert len(view.rows) == len(SDK) + len(LOGCAT) and "(merged)" in window.file_label.text()
    view.go_to_row(view.rows.view_row_of("logcat.txt", 2))
    window.named_actions["in_file"].trigger()  # "show this line in its file"
    assert not view.rows.merged and window.viewer.current.path == "logcat.txt"
    assert window.tree.currentIndex().data() == "logcat.txt"
    assert view.current_location() == ("logcat.txt", 2)
    window.named_actions["in_merged"].trigger()
    assert view.rows.merged and view.current_location() == ("logcat.txt", 2)
    with qtbot.waitSignal(view.rows_shown, timeout=TIMEOUT_MS):
        window.tree.setCurrentIndex(window.tree_model.index_of_path("logs/agorasdk.log"))
    assert not view.rows.merged and not window.named_actions["merged"].isChecked()


def test_format_override_reparses_the_file(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    assert view.rows.level(6) == "error"
    menu = tree_menu(window, "logs/agorasdk.log")
    text_action = next(a for a in menu.actions()[0].menu().actions() if a.data() == "text")
    with qtbot.waitSignal(window.logs.logs_ready, timeout=TIMEOUT_MS):
        text_action.trigger()
    assert window.logs.session.format_of("logs/agorasdk.log") == "text"
    assert {view.rows.level(i) for i in range(len(view.rows))} == {None}  # plain text has no levels
    assert view.model.columns == ("line", "time", "level", "message")
    assert window.bundle.file("logs/agorasdk.log").format == "text"
    menu = tree_menu(window, "logs/agorasdk.log")
    with qtbot.waitSignal(window.logs.logs_ready, timeout=TIMEOUT_MS):
        menu.actions()[0].menu().actions()[0].trigger()  # "Automatic (sniffed)"
    assert view.rows.level(6) == "error" and view.current_location() is not None


def test_time_offset_moves_a_file_in_the_merged_view(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    window.named_actions["merged"].trigger()
    assert [path for path, _line in shown(view)][:2] == ["logs/agorasdk.log", "logcat.txt"]
    menu = tree_menu(window, "logcat.txt")
    zones = menu.actions()[1].menu()
    plus_one = next(a for a in zones.actions() if a.data() == 60)
    with qtbot.waitSignal(window.logs.logs_ready, timeout=TIMEOUT_MS):
        plus_one.trigger()  # the phone wrote UTC+1: its lines come an hour earlier than written
    assert [path for path, _line in shown(view)][:4] == ["logcat.txt"] * 4
    row = view.rows.view_row_of("logcat.txt", 0)
    assert view.model.index(row, 2).data() == "08:15:00.500*"
    assert "time-zone override" in view.model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)


def test_dark_theme_recolours_the_rows(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    app = QApplication.instance()
    try:
        window.named_actions["dark"].trigger()
        assert view.model.index(6, 0).data(Qt.ItemDataRole.BackgroundRole).color() == level_colors("dark")["error"]
        assert app.palette().color(app.palette().ColorRole.Base).lightness() < 128
    finally:
        window.logs.set_theme("light")
        apply_theme(app, "light")
    assert view.model.index(6, 0).data(Qt.ItemDataRole.BackgroundRole).color() == QColor(level_colors("light")["error"])


def test_keys_drive_the_view(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    assert key_text(window.named_actions["next_hit"]) == "F3, N"
    window.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table, timeout=TIMEOUT_MS)
    qtbot.keyClick(view.table, Qt.Key.Key_E)
    assert view.current_location() == ("logs/agorasdk.log", 6)
    qtbot.keyClick(view.table, Qt.Key.Key_M)
    assert window.logs.marks.is_marked("logs/agorasdk.log", 7)
    qtbot.keyClick(view.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert view.rows.merged
    qtbot.keyClick(view.table, Qt.Key.Key_Slash)
    assert view.search_bar.isVisible() and QApplication.focusWidget() is view.search_bar.field
    qtbot.keyClicks(view.search_bar.field, "ne")  # letters type into the field, they are not commands
    assert view.search_bar.field.text() == "ne" and view.current_location() == ("logs/agorasdk.log", 6)


def test_shortcuts_sheet_and_recent_bundles(qtbot: QtBot, window: MainWindow, view: LogView, log_zip: Path) -> None:
    assert window.recent.paths() == [str(log_zip.resolve())]
    window.recent_menu.aboutToShow.emit()
    assert window.recent_menu.actions()[0].toolTip() == str(log_zip.resolve())
    window.named_actions["shortcuts"].trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if w.windowTitle() == "Keyboard shortcuts"]
    assert dialogs and dialogs[0].isVisible()
    dialogs[0].close()


def test_window_layout_is_remembered(qtbot: QtBot) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.marks_dock.raise_()
    first.dock.hide()
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.dock.isHidden()
    second.close()


def test_log_commands_wait_while_a_raw_file_is_shown(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    with qtbot.waitSignal(window.file_shown, timeout=TIMEOUT_MS):
        window.tree.setCurrentIndex(window.tree_model.index_of_path("note.txt"))
    window.named_actions["mark"].trigger()
    window.named_actions["next_error"].trigger()
    assert not window.logs.marks and window.file_label.text().startswith("note.txt")


def test_files_filter_of_the_merged_view(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    window.named_actions["merged"].trigger()
    bar = view.filter_bar
    assert bar.files_button.isVisibleTo(window)
    logcat = next(a for a in bar.files_menu.actions() if a.text() == "logcat.txt")
    with qtbot.waitSignal(view.filter_finished, timeout=TIMEOUT_MS):
        logcat.setChecked(False)
        bar.files_menu.triggered.emit(logcat)  # what a click in the menu sends
    assert {path for path, _line in shown(view)} == {"logs/agorasdk.log"}
    window.named_actions["merged"].trigger()  # one file again: the files choice is a merged-view thing
    with qtbot.waitSignal(view.rows_shown, timeout=TIMEOUT_MS):
        window.tree.setCurrentIndex(window.tree_model.index_of_path("logcat.txt"))
    assert len(view.rows) == len(LOGCAT) and view.filter_bar.spec.is_empty


def test_cases_window_opens_from_the_main_window_and_hands_bundles_back(qtbot: QtBot, window: MainWindow,
                                                                        tmp_path: Path) -> None:
    opened: list[str] = []
    window.open_path = opened.append  # the real one starts an import; the hand-over is what matters here
    cases = window.show_cases()
    assert window.show_cases() is cases  # one cases window at a time, linked once
    cases.open_bundle_requested.emit(str(tmp_path / "case.zip"))
    assert opened == [str(tmp_path / "case.zip")]
    cases.close()


def test_a_lone_big_log_shows_its_first_lines_before_the_import_ends(qtbot: QtBot, window: MainWindow,
                                                                     tmp_path: Path) -> None:
    from workbench.core.samples.biglog import write_big_log

    path = write_big_log(tmp_path / "big.log", 8 * 1024 * 1024)
    first = path.open(encoding="utf-8").readline().rstrip("\n")
    window.open_path(path)  # returns at once; the import runs in its lane
    lines = window.viewer.lines
    assert window.viewer.currentWidget() is lines and lines.model.rowCount() > 100
    assert lines.model.index(0, 1).data() == first
    qtbot.waitUntil(lambda: window.viewer.showing_log, timeout=TIMEOUT_MS)  # then columns, as usual
    assert window.viewer.log.rows.time_text(0).startswith("09:00:00")
