"""Tables set up one way: the big line tables of the viewer, and the small lists beside it.

``FixedRowTableView`` is the base of the raw-file and parsed-log tables: fixed section sizes are
what keep a 10M-row table instant (0.02 s to show, notes/style.md §2.1); anything that measures
rows (ResizeToContents, word wrap) would visit every line. ``list_table`` makes the small read-only
lists of the cases window and the diagnosis dock: one row per item, a text line high, no word wrap,
no row numbers, columns the user can resize from the widths given.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

MIN_ROW_PX = 20
_Selection = QAbstractItemView.SelectionMode
_Edit = QAbstractItemView.EditTrigger


def compact_rows(table: QTableView) -> None:
    """Rows one text line high (plus a little air): the style's default rows are twice what a list needs."""
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)


def list_table(parent: QWidget, model: QAbstractItemModel, *, widths: tuple[int, ...] = (),
               stretch_last: bool = False, selection: _Selection = _Selection.SingleSelection,
               edit_triggers: _Edit = _Edit.NoEditTriggers) -> QTableView:
    """A table of whole-row selection over ``model``; ``widths`` are the first columns' widths (px)."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    table.setEditTriggers(edit_triggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    compact_rows(table)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_last)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table


class FixedRowTableView(QTableView):
    """A ``QTableView`` for millions of rows in ``font``: fixed row heights, no wrap, no grid, no
    measuring; whole rows selected, several at a time."""

    def __init__(self, font: QFont, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(font)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setCornerButtonEnabled(False)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(1)
        rows.setDefaultSectionSize(max(MIN_ROW_PX, QFontMetrics(self.font()).height() + 4))
        columns = self.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        columns.setStretchLastSection(True)
