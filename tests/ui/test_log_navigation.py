"""Search, go to line/time, next error/warning, marks, copy and export, driven through the window."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from workbench.ui.log_export import ExportDialog
from workbench.ui.main_window import MainWindow
from workbench.ui.widgets.log_view import LogView

from .log_helpers import SDK, SDK_LINES, TIMEOUT_MS, open_parsed, write_log_bundle


@pytest.fixture
def view(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> LogView:
    return open_parsed(qtbot, window, write_log_bundle(tmp_path / "logs.zip"))


def line_of(view: LogView) -> int:
    """1-based line of the current row."""
    location = view.current_location()
    assert location is not None
    return location[1] + 1


def search(qtbot: QtBot, window: MainWindow, view: LogView, pattern: str) -> None:
    window.named_actions["find"].trigger()
    assert view.search_bar.isVisible()
    with qtbot.waitSignal(view.search.finished, timeout=TIMEOUT_MS):
        qtbot.keyClicks(view.search_bar.field, pattern)


def test_search_counts_and_steps_through_hits(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    search(qtbot, window, view, "channel=demo")
    assert view.search_bar.count.text() == "3 hits"
    hits = [n for n, row in enumerate(SDK, start=1) if "channel=demo" in row[3]]
    window.named_actions["next_hit"].trigger()
    assert line_of(view) == hits[0]
    assert "hit 1 of 3 hits" in window.file_label.text()
    window.named_actions["next_hit"].trigger()
    window.named_actions["next_hit"].trigger()
    assert line_of(view) == hits[2]
    window.named_actions["next_hit"].trigger()  # wraps around
    assert line_of(view) == hits[0]
    window.named_actions["previous_hit"].trigger()
    assert line_of(view) == hits[2]
    assert view.delegate.search is not None and view.delegate.search.pattern == "channel=demo"
    qtbot.keyClick(view.search_bar.field, Qt.Key.Key_Escape)
    assert not view.search_bar.isVisible() and view.delegate.search is None


def test_search_runs_across_the_merged_view(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    window.named_actions["merged"].trigger()
    search(qtbot, window, view, "(?i)audio")
    assert len(view.search.hits) == 3  # two logcat lines and one SDK line
    window.named_actions["next_hit"].trigger()
    assert view.current_location() == ("logcat.txt", 1)


def test_invalid_search_is_red_and_searches_nothing(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    window.named_actions["find"].trigger()
    with qtbot.assertNotEmitted(view.search.runner.finished, wait=400):
        qtbot.keyClicks(view.search_bar.field, "a(")
    assert "invalid regular expression" in view.search_bar.count.text()


def test_go_to_line_and_time(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    window.named_actions["go_to_line"].trigger()
    assert view.jump_bar.isVisible() and view.jump_bar.mode == "line"
    qtbot.keyClicks(view.jump_bar.field, "9")
    qtbot.keyClick(view.jump_bar.field, Qt.Key.Key_Return)
    assert line_of(view) == 9 and not view.jump_bar.isVisible()
    window.named_actions["go_to_time"].trigger()
    qtbot.keyClicks(view.jump_bar.field, "09:15:04.5")
    qtbot.keyClick(view.jump_bar.field, Qt.Key.Key_Return)
    assert line_of(view) == 6  # the first line at or after the time
    window.named_actions["go_to_time"].trigger()
    qtbot.keyClicks(view.jump_bar.field, "half past nine")
    qtbot.keyClick(view.jump_bar.field, Qt.Key.Key_Return)
    assert view.jump_bar.isVisible() and "cannot read the time" in view.jump_bar.message.text()


def test_next_and_previous_error_and_warning(window: MainWindow, view: LogView) -> None:
    levels = [row[1] for row in SDK]
    window.named_actions["next_error"].trigger()
    assert line_of(view) == levels.index("error") + 1
    window.named_actions["next_error"].trigger()
    assert line_of(view) == levels.index("fatal") + 1
    window.named_actions["previous_warning"].trigger()
    assert line_of(view) == 10
    window.named_actions["previous_warning"].trigger()
    assert line_of(view) == 5
    window.named_actions["next_warning"].trigger()
    assert line_of(view) == 10


def test_mark_a_line_and_find_it_in_the_marks_list(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    view.go_to_row(6)
    window.named_actions["mark"].trigger()
    marks = window.logs.marks
    assert marks.is_marked("logs/agorasdk.log", 7)
    mark = marks.get("logs/agorasdk.log", 7)
    assert mark.text == SDK_LINES[6] and mark.time == "2024-03-02T09:15:06.000"
    assert window.marks_panel.model.rowCount() == 1
    assert view.model.index(6, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    view.go_to_row(1)
    window.named_actions["mark"].trigger()
    view.go_to_row(11)
    window.named_actions["next_mark"].trigger()  # wraps to the first mark
    assert line_of(view) == 2
    window.named_actions["next_mark"].trigger()
    assert line_of(view) == 7
    window.named_actions["previous_mark"].trigger()
    assert line_of(view) == 2
    window.named_actions["mark"].trigger()  # unmark
    assert not marks.is_marked("logs/agorasdk.log", 2) and window.marks_panel.model.rowCount() == 1
    view.go_to_row(0)
    window.marks_panel.activated.emit("logs/agorasdk.log", 7)  # double-click in the marks list
    assert line_of(view) == 7


def test_marks_follow_the_line_into_another_file(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    window.named_actions["merged"].trigger()
    row = view.rows.view_row_of("logcat.txt", 2)
    view.go_to_row(row)
    window.named_actions["mark"].trigger()
    window.named_actions["merged"].trigger()  # back to the per-file view: the tree follows the line's file
    assert window.viewer.current.path == "logcat.txt"
    with qtbot.waitSignal(view.rows_shown, timeout=TIMEOUT_MS):
        window.tree.setCurrentIndex(window.tree_model.index_of_path("logs/agorasdk.log"))
    window.marks_panel.activated.emit("logcat.txt", 3)
    assert window.viewer.current.path == "logcat.txt" and view.current_location() == ("logcat.txt", 2)


def select_rows(view: LogView, first: int, last: int) -> None:
    selection = QItemSelection(view.model.index(first, 0), view.model.index(last, view.model.columnCount() - 1))
    view.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_copy_puts_the_raw_lines_on_the_clipboard(qtbot: QtBot, window: MainWindow, view: LogView) -> None:
    select_rows(view, 2, 4)
    with qtbot.waitSignal(view.copied, timeout=TIMEOUT_MS) as copied:
        window.named_actions["copy"].trigger()
    assert copied.args == [3] and QGuiApplication.clipboard().text() == "\n".join(SDK_LINES[2:5])
    with qtbot.waitSignal(view.copied, timeout=TIMEOUT_MS):
        qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)


def test_export_selection_to_csv_and_the_view_to_jsonl(qtbot: QtBot, window: MainWindow, view: LogView,
                                                       tmp_path: Path) -> None:
    select_rows(view, 3, 6)
    window.named_actions["export"].trigger()
    dialog = view.export_dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible() and dialog.selection.isChecked()
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    target = tmp_path / "out" / "lines.csv"
    target.parent.mkdir()
    dialog.path.setText(str(target))
    dialog.redact.setChecked(True)
    with qtbot.waitSignal(view.export_finished, timeout=TIMEOUT_MS) as done:
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert done.args == [str(target), 4]
    with open(target, encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert [r["line"] for r in records] == ["4", "5", "6", "7"]
    assert records[3]["level"] == "error" and records[3]["file"] == "logs/agorasdk.log"
    assert records[0]["time"].startswith("2024-03-02T09:15:03")
    assert records[0]["message"] == SDK[3][3]
    assert not list(target.parent.glob("*.part"))
    jsonl = tmp_path / "out" / "all.jsonl"
    window.named_actions["export"].trigger()
    dialog = view.export_dialog
    dialog.view.setChecked(True)
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    dialog.path.setText(str(jsonl))
    with qtbot.waitSignal(view.export_finished, timeout=TIMEOUT_MS):
        dialog.accept()
    objects = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(objects) == len(SDK) and objects[7]["message"] == SDK[7][3]


def test_redacted_export_masks_addresses(qtbot: QtBot, view: LogView, tmp_path: Path) -> None:
    from workbench.ui.log_export import ExportRequest

    target = tmp_path / "redacted.log"
    with qtbot.waitSignal(view.export_finished, timeout=TIMEOUT_MS):
        view.start_export(ExportRequest(target, "text", True, False))
    text = target.read_text(encoding="utf-8")
    assert "203.0.113.7" not in text and "reconnecting to 203." in text
    assert text.count("\n") == len(SDK)
