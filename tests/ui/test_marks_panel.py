"""MarksPanel: the list shows the core Marks, renames in place, deletes with Delete, activates."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from pytestqt.qtbot import QtBot

from workbench.core.marks import Marks
from workbench.ui.widgets.marks_panel import (
    LOCATION_COLUMN,
    NAME_COLUMN,
    TEXT_COLUMN,
    TIME_COLUMN,
    MarkRole,
    MarksPanel,
    MarksTableModel,
    excerpt,
)


def _marks() -> Marks:
    marks = Marks()
    marks.toggle("sdk/agorasdk.log", 120, "INFO joinChannel channel=demo uid=42", "2024-05-01T10:00:01")
    marks.toggle("sdk/agorasdk.log", 7, "WARN  audio device\tbusy", "2024-05-01T09:59:58")
    marks.toggle("jvb.log", 3, "SEVERE 连接失败 " + "x" * 400)
    return marks


@pytest.fixture
def panel(qtbot: QtBot) -> Iterator[MarksPanel]:
    widget = MarksPanel()
    qtbot.addWidget(widget)
    widget.resize(700, 240)
    widget.set_marks(_marks())
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def _cell(panel: MarksPanel, row: int, column: int) -> str:
    return panel.model.index(row, column).data()


def test_rows_follow_the_marks_in_path_line_order(panel: MarksPanel) -> None:
    assert panel.model.rowCount() == 3
    assert [_cell(panel, r, LOCATION_COLUMN) for r in range(3)] == [
        "jvb.log:3", "sdk/agorasdk.log:7", "sdk/agorasdk.log:120"]
    assert _cell(panel, 1, TIME_COLUMN) == "2024-05-01T09:59:58"
    assert _cell(panel, 0, TIME_COLUMN) == ""
    assert _cell(panel, 1, TEXT_COLUMN) == "WARN audio device busy"  # whitespace collapsed
    long_text = _cell(panel, 0, TEXT_COLUMN)
    assert long_text.endswith("…") and len(long_text) <= 160
    assert "3 marks" in panel.summary.text()


def test_excerpt_keeps_short_text_and_cuts_long_text() -> None:
    assert excerpt("a  b\nc") == "a b c"
    assert excerpt("y" * 10, limit=5) == "yyyy…"


def test_name_is_renamed_in_place_through_the_editor(panel: MarksPanel, qtbot: QtBot) -> None:
    table = panel.table
    index = panel.model.index(2, NAME_COLUMN)
    table.setCurrentIndex(index)
    table.setFocus()
    with qtbot.waitSignal(panel.renamed, timeout=2000) as renamed:
        qtbot.keyClick(table, Qt.Key.Key_F2)  # EditKeyPressed opens the editor on the name cell
        editor = table.findChild(QLineEdit)
        assert editor is not None and editor.isVisible()
        editor.setText("  join ok  ")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert renamed.args == ["sdk/agorasdk.log", 120, "join ok"]
    assert panel.model.marks.get("sdk/agorasdk.log", 120).name == "join ok"
    assert _cell(panel, 2, NAME_COLUMN) == "join ok"
    assert table.state() != QAbstractItemView.State.EditingState


def test_only_the_name_column_is_editable(panel: MarksPanel) -> None:
    model = panel.model
    for column in (LOCATION_COLUMN, TIME_COLUMN, TEXT_COLUMN):
        index = model.index(0, column)
        assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
        assert not model.setData(index, "x")
    assert model.flags(model.index(0, NAME_COLUMN)) & Qt.ItemFlag.ItemIsEditable


def test_delete_key_removes_the_selected_marks(panel: MarksPanel, qtbot: QtBot) -> None:
    table = panel.table
    table.setFocus()
    table.selectRow(0)
    with qtbot.waitSignal(panel.removed, timeout=2000) as removed:
        qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert removed.args == ["jvb.log", 3]
    marks = panel.model.marks
    assert len(marks) == 2 and not marks.is_marked("jvb.log", 3)
    assert panel.model.rowCount() == 2
    table.selectAll()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert len(marks) == 0 and panel.model.rowCount() == 0
    assert "No marks" in panel.summary.text()


def test_enter_and_double_click_emit_activated_with_path_and_line(panel: MarksPanel, qtbot: QtBot) -> None:
    table = panel.table
    table.setFocus()
    table.setCurrentIndex(panel.model.index(1, LOCATION_COLUMN))
    with qtbot.waitSignal(panel.activated, timeout=2000) as activated:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert activated.args == ["sdk/agorasdk.log", 7]
    rect = table.visualRect(panel.model.index(2, TEXT_COLUMN))
    with qtbot.waitSignal(panel.activated, timeout=2000) as activated:
        # A real double-click is press, release, then the double-click event: the view needs the press.
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert activated.args == ["sdk/agorasdk.log", 120]


def test_refresh_picks_up_marks_added_elsewhere_and_keeps_the_current_one(panel: MarksPanel) -> None:
    panel.select("sdk/agorasdk.log", 7)
    panel.model.marks.toggle("a.log", 1, "first")
    panel.refresh()
    assert panel.model.rowCount() == 4
    assert panel.model.mark_at(panel.table.currentIndex().row()).key == ("sdk/agorasdk.log", 7)
    assert not panel.select("nowhere.log", 1)


def test_set_marks_none_shows_an_empty_list(panel: MarksPanel) -> None:
    panel.set_marks(None)
    assert panel.model.rowCount() == 0
    assert panel.model.index(0, 0).data(MarkRole) is None


def test_model_passes_qtmodeltester(qtmodeltester: object) -> None:
    model = MarksTableModel()
    model.set_marks(_marks())
    qtmodeltester.check(model, force_py=True)
    model.set_marks(Marks())
    qtmodeltester.check(model, force_py=True)
