"""LineTableModel and FileTreeModel: qtmodeltester, roles, and ownership of the LineIndex."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from workbench.core.bundle import Bundle, open_bundle
from workbench.core.text import LineIndex
from workbench.ui.models.file_tree import HEADERS, KIND, LINES, NAME, SIZE, WARNINGS, FileRole, FileTreeModel
from workbench.ui.models.line_table import TOOLTIP_CHARS, FullTextRole, LineTableModel

from .helpers import make_zip

pytestmark = pytest.mark.usefixtures("qapp")  # the tree model takes its icons from the app style

LONG = "x" * 3000
LINES_TEXT = ["first line", "second\tline with a tab", "", "bell \x07 here", LONG, "last line"]


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    path = tmp_path / "app.log"
    path.write_text("\n".join(LINES_TEXT) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def line_model(log_file: Path) -> Iterator[LineTableModel]:
    model = LineTableModel()
    model.set_index(LineIndex.build(log_file))
    yield model
    model.close()


@pytest.fixture
def bundle(tmp_path: Path) -> Iterator[Bundle]:
    path = make_zip(tmp_path / "b.zip", {
        "logs/sdk.log": b"a\nb\nc\n",
        "logs/old/sdk.1.log": b"x\n",
        "device_info.json": b'{"os": "Android 14"}\n',
        "blob.bin": bytes(range(256)) * 8,
        "README.txt": b"hello\n",
    })
    opened = open_bundle(path)
    yield opened
    opened.close()


def test_line_model_passes_modeltester(qtmodeltester: ModelTester, line_model: LineTableModel) -> None:
    qtmodeltester.check(line_model)


def test_line_model_columns_and_roles(line_model: LineTableModel) -> None:
    assert line_model.rowCount() == len(LINES_TEXT)
    assert [line_model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == ["Line", "Text"]
    assert line_model.index(0, 0).data() == "1"
    assert line_model.index(5, 0).data() == "6"
    assert line_model.index(0, 1).data() == "first line"
    assert line_model.index(3, 1).data() == "bell \u2407 here"  # control made visible
    cut = line_model.index(4, 1).data()
    assert cut.startswith("x" * 500) and cut.endswith("… (+2,500 bytes)")  # past 4×500 bytes: counted, not decoded
    assert line_model.index(4, 1).data(FullTextRole) == LONG
    assert line_model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "first line"
    assert line_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert line_model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None  # unserved role


def test_long_line_tooltip_is_capped_and_wraps(line_model: LineTableModel) -> None:
    tip = line_model.index(4, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("<p") and tip.count("x") == TOOLTIP_CHARS


def test_set_index_closes_the_previous_one(line_model: LineTableModel, log_file: Path) -> None:
    old = line_model.line_index
    closed: list[bool] = []
    old.close = lambda: closed.append(True)  # spy: LineIndex is a plain class
    resets: list[bool] = []
    line_model.modelReset.connect(lambda: resets.append(True))
    line_model.set_index(LineIndex.build(log_file))
    assert closed == [True] and resets == [True]
    line_model.set_index(None)
    assert line_model.rowCount() == 0 and line_model.index(0, 1).data() is None


def test_file_tree_passes_modeltester(qtmodeltester: ModelTester, bundle: Bundle) -> None:
    model = FileTreeModel()
    model.set_bundle(bundle)
    qtmodeltester.check(model)


def _names(model: FileTreeModel, parent: QModelIndex) -> list[str]:
    return [model.index(row, NAME, parent).data() for row in range(model.rowCount(parent))]


def test_file_tree_builds_folders_from_paths(bundle: Bundle) -> None:
    model = FileTreeModel()
    model.set_bundle(bundle)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(HEADERS))] == list(HEADERS)
    assert _names(model, QModelIndex()) == ["logs", "blob.bin", "device_info.json", "README.txt"]
    logs = model.index(0, NAME)
    assert _names(model, logs) == ["old", "sdk.log"]
    assert model.file_count() == len(bundle.files) == 5
    sdk = model.index_of_path("logs/sdk.log")
    item = sdk.data(FileRole)
    assert item is bundle.file("logs/sdk.log")
    assert sdk.siblingAtColumn(KIND).data() == "log"
    assert sdk.siblingAtColumn(LINES).data() == "3"
    assert sdk.siblingAtColumn(SIZE).data() == "6 B"
    assert logs.data(FileRole) is None and logs.siblingAtColumn(SIZE).data() is None
    assert model.parent(sdk) == logs
    assert not model.index_of_path("logs/missing.log").isValid()


def test_file_tree_warnings_column_counts_and_lists(bundle: Bundle) -> None:
    item = bundle.file("README.txt")
    item.warnings[:] = ["cut short: only the first 6 bytes could be read", "second problem"]
    model = FileTreeModel()
    model.set_bundle(bundle)
    cell = model.index_of_path("README.txt").siblingAtColumn(WARNINGS)
    assert cell.data() == "2"
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "cut short" in tip and "second problem" in tip
    assert model.index_of_path("logs/sdk.log").siblingAtColumn(WARNINGS).data() is None


def test_file_tree_empty_and_reset(bundle: Bundle) -> None:
    model = FileTreeModel()
    assert model.rowCount() == 0
    model.set_bundle(bundle)
    model.set_bundle(None)
    assert model.rowCount() == 0 and model.file_count() == 0
