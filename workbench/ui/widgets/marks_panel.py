"""The marks list: every marked line of the bundle (the evidence for the checklist and the reply).

The marks themselves live in ``core.marks.Marks`` (the case store saves them); this panel shows
them, renames them in place (``Marks.rename``), deletes them with the Delete key, and asks the
window to jump to one with double-click or Enter.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.marks import Mark, Marks
from workbench.core.text.shorten import one_line
from workbench.ui.models.headers import ROOT, ModelIndex
from workbench.ui.models.list_table import ListTableModel

MarkRole = Qt.ItemDataRole.UserRole + 1  # the Mark of a row
LOCATION_COLUMN, NAME_COLUMN, TIME_COLUMN, TEXT_COLUMN = range(4)
_HEADERS = ("Line", "Name", "Time", "Text")
EXCERPT_CHARS = 160
TOOLTIP_CHARS = 2000

_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole

_EDITING = QAbstractItemView.State.EditingState


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One line of ``text`` for a table cell: whitespace runs collapsed, cut with "…"."""
    return one_line(text, limit)


class MarksTableModel(ListTableModel[Mark]):
    """Rows are a snapshot of a ``Marks`` (in its order), taken by ``refresh()``. Only the name
    column is editable; editing it renames the mark in the core structure."""

    headers = _HEADERS
    roles = frozenset({_DISPLAY, _EDIT, _TOOLTIP})
    item_role = MarkRole
    editable = frozenset({NAME_COLUMN})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._marks: Marks | None = None

    @property
    def marks(self) -> Marks | None:
        return self._marks

    def set_marks(self, marks: Marks | None) -> None:
        self._marks = marks
        self.refresh()

    def refresh(self) -> None:
        """Take a new snapshot after the marks changed elsewhere (``m`` in the log view)."""
        self.set_items(self._marks if self._marks is not None else [])

    def mark_at(self, row: int) -> Mark | None:
        return self.item_at(row)

    def row_of(self, path: str, line: int) -> int:
        """The row showing mark (``path``, ``line``), or -1."""
        return next((r for r, m in enumerate(self.items) if m.path == path and m.line == line), -1)

    def cell(self, mark: Mark, column: int, role: int) -> object:
        if role == _TOOLTIP:
            return mark.text[:TOOLTIP_CHARS] if column == TEXT_COLUMN else f"{mark.path}:{mark.line}"
        if column == NAME_COLUMN:
            return mark.name
        if role == _EDIT:
            return None
        if column == LOCATION_COLUMN:
            return f"{mark.path}:{mark.line}"
        if column == TIME_COLUMN:
            return mark.time or ""
        return excerpt(mark.text)

    def setData(self, index: ModelIndex, value: object, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid() or index.column() != NAME_COLUMN or self._marks is None:
            return False
        mark = self.items[index.row()]
        name = str(value).strip()
        if name == mark.name:
            return False
        self._marks.rename(mark.path, mark.line, name)
        self.items[index.row()] = self._lookup(mark)
        self.dataChanged.emit(index, index, [_DISPLAY, _EDIT])
        return True

    def _lookup(self, mark: Mark) -> Mark:
        """The current ``Mark`` for (path, line) in the core structure (it may be a new object)."""
        marks = self._marks if self._marks is not None else ()
        return next((m for m in marks if m.path == mark.path and m.line == mark.line), mark)

    def remove_row(self, row: int) -> Mark | None:
        """Delete the mark of ``row`` from the core structure and from the table."""
        mark = self.mark_at(row)
        if mark is None or self._marks is None:
            return None
        self.beginRemoveRows(ROOT, row, row)
        self._marks.remove(mark.path, mark.line)
        del self.items[row]
        self.endRemoveRows()
        return mark


class ElideMiddleDelegate(QStyledItemDelegate):
    """Cuts long text in the middle: a long path keeps its file name and line number."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class MarksTableView(QTableView):
    """Table of marks: Delete/Backspace asks to delete the selected rows, Enter activates the
    current one (on every platform; macOS would otherwise start editing)."""

    delete_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._location_delegate = ElideMiddleDelegate(self)
        self.setItemDelegateForColumn(LOCATION_COLUMN, self._location_delegate)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != _EDITING:
            self.delete_pressed.emit()
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != _EDITING:
            if self.currentIndex().isValid():
                self.activated.emit(self.currentIndex())
            event.accept()
        else:
            super().keyPressEvent(event)


class MarksPanel(QWidget):
    """Signals:
        activated(path, line): the user wants to see this mark (double-click or Enter); line is 1-based.
        removed(path, line): a mark was deleted here (Delete key).
        renamed(path, line, name): a mark was renamed here.
    """

    activated = Signal(str, int)
    removed = Signal(str, int)
    renamed = Signal(str, int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MarksTableModel(self)
        self.table = MarksTableView(self)
        self.table.setModel(self.model)
        self.summary = QLabel(self)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._widths = (200, 140, 170)  # location, name, time (px); text takes the rest
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.table.activated.connect(self._on_table_activated)
        self.table.delete_pressed.connect(self._on_table_delete_pressed)
        self.model.dataChanged.connect(self._on_model_data_changed)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.rowsRemoved.connect(self._on_model_rows_removed)
        for column, width in enumerate(self._widths):
            self.table.setColumnWidth(column, width)
        self._update_summary()

    def set_marks(self, marks: Marks | None) -> None:
        """Show ``marks`` (the open bundle's or case's); None shows an empty list."""
        self.model.set_marks(marks)

    def refresh(self) -> None:
        """Re-read the marks after they changed elsewhere; the current mark stays selected."""
        current = self.model.mark_at(self.table.currentIndex().row())
        self.model.refresh()
        if current is not None:
            self.select(current.path, current.line)

    def select(self, path: str, line: int) -> bool:
        """Make mark (``path``, ``line``) the current row; False when it is not in the list."""
        row = self.model.row_of(path, line)
        if row < 0:
            return False
        index = self.model.index(row, LOCATION_COLUMN)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        mark = self.model.mark_at(index.row())
        if mark is not None:
            self.activated.emit(mark.path, mark.line)

    @Slot()
    def _on_table_delete_pressed(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        if not rows:
            return
        for row in rows:  # bottom up, so the rows above keep their numbers
            mark = self.model.remove_row(row)
            if mark is not None:
                self.removed.emit(mark.path, mark.line)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(min(rows[-1], self.model.rowCount() - 1), 0))

    @Slot(QModelIndex, QModelIndex, list)
    def _on_model_data_changed(self, top_left: QModelIndex, _bottom_right: QModelIndex, _roles: list) -> None:
        mark = self.model.mark_at(top_left.row())
        if mark is not None and top_left.column() == NAME_COLUMN:
            self.renamed.emit(mark.path, mark.line, mark.name)

    @Slot()
    def _on_model_reset(self) -> None:
        self._update_summary()

    @Slot(QModelIndex, int, int)
    def _on_model_rows_removed(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        self._update_summary()

    def _update_summary(self) -> None:
        count = self.model.rowCount()
        if count == 0:
            self.summary.setText("No marks yet: press m on a log line to mark it.")
        else:
            noun = "mark" if count == 1 else "marks"
            self.summary.setText(f"{count} {noun} · Enter jumps · F2 renames · Delete removes")
