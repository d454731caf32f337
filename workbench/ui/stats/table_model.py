"""A read-only table model over a list of rows (candidates, pairs, errors, events), and its view.

The stats tables are small (tens to a few thousand rows), so one generic ``QAbstractTableModel``
serves them all: each :class:`Column` says how to turn a row into text, and the model takes an
optional row tint and a "bold" test (the selected candidate pair).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object itself


@dataclass(frozen=True)
class Column:
    """A header and how to show a row in it; ``align_right`` for numbers."""

    header: str
    text: Callable[[Any], str]
    align_right: bool = False


class RowTableModel(QAbstractTableModel):
    """Rows shown through :class:`Column` definitions; ``tint(row)`` colours, ``bold(row)`` emphasises."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.tint: Callable[[Any], QColor | None] = lambda _row: None
        self.bold: Callable[[Any], bool] = lambda _row: False

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows) or index.column() >= len(self.columns):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()].text(row)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self.tint(row)
            return colour if colour is not None and colour.isValid() else None
        if role == Qt.ItemDataRole.FontRole and self.bold(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[index.column()].align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return str(section + 1)
        return None

    def as_text(self) -> str:
        """Header and rows, tab-separated, one line each (for the clipboard)."""
        lines = ["\t".join(c.header for c in self.columns)]
        lines += ["\t".join(c.text(row) for c in self.columns) for row in self.rows]
        return "\n".join(lines)


def table_view(model: RowTableModel) -> QTableView:
    """A compact, read-only, row-selecting table over ``model`` (fixed row height, no wrapping)."""
    view = QTableView()
    view.setModel(model)
    header = view.verticalHeader()
    header.hide()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header.setDefaultSectionSize(view.fontMetrics().height() + 6)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view
