"""The log viewer: a fixed-row-height table over ``LineTableModel`` and a detail pane below it.

Fixed section sizes are what keep a 10M-row table instant (see ``FixedRowTableView``).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.core.text import DISPLAY_CHARS, LONG_LINE_BYTES
from workbench.ui.models.line_table import LINE_COLUMN, LineTableModel
from workbench.ui.widgets.panes import split_panes
from workbench.ui.widgets.tables import FixedRowTableView


def monospace_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    return font


class LineTableView(FixedRowTableView):
    """The raw lines of a file in the system's fixed-pitch font, rows alternately tinted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(monospace_font(), parent)
        self.setAlternatingRowColors(True)

    def fit_line_column(self, rows: int) -> None:
        """Size the "Line" column for the widest number this file has, once per file."""
        digits = max(len(f"{rows}"), 4)
        width = QFontMetrics(self.font()).horizontalAdvance("9" * digits) + 16
        header = self.horizontalHeader()
        if header.count() > LINE_COLUMN:
            header.setSectionResizeMode(LINE_COLUMN, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(LINE_COLUMN, width)


class LineView(QWidget):
    """Table of lines on top, the selected line in full underneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LineTableModel(self)
        self.table = LineTableView(self)
        self.table.setModel(self.model)
        self.detail_label = QLabel(self)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setFont(monospace_font())
        self.detail.setPlaceholderText("Select a line to see it in full.")
        self.detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._build_layout()
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.model.modelReset.connect(self._on_model_reset)

    def _build_layout(self) -> None:
        pane = QWidget(self)
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(0, 2, 0, 0)
        pane_layout.setSpacing(2)
        pane_layout.addWidget(self.detail_label)
        pane_layout.addWidget(self.detail)
        splitter = split_panes(self, Qt.Orientation.Vertical, (self.table, pane), stretch=(5, 1), sizes=(600, 110))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._on_model_reset()

    @Slot()
    def _on_model_reset(self) -> None:
        self.detail.clear()
        self.detail_label.setText("Line: none selected")
        self.table.fit_line_column(self.model.rowCount())

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        index = self.model.line_index
        if index is None or not current.isValid():
            self._on_model_reset()
            return
        row = current.row()
        text = index.text(row)
        length = index.length(row)
        note = f"Line {row + 1:,} · {length:,} bytes"
        if length > LONG_LINE_BYTES:
            note += f" · showing the first {LONG_LINE_BYTES:,} bytes"
        elif len(text) > DISPLAY_CHARS:
            note += f" · {len(text):,} chars, cut in the table"
        self.detail_label.setText(note)
        self.detail.setPlainText(text)

    def scroll_to_line(self, row: int) -> None:
        """Select and show line ``row`` (0-based)."""
        target = self.model.index(row, LINE_COLUMN)
        if target.isValid():
            self.table.setCurrentIndex(target)
            self.table.scrollTo(target, QAbstractItemView.ScrollHint.PositionAtCenter)
