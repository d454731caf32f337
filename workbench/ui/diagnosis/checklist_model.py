"""The root-cause checklist as a tree: steps (identify → reproduce → root cause → solution → verification)
with their items; each item shows its question, status (the engineer's decision over the pre-filled
state), how many evidence lines it has, and the engineer's note.

The model shows core ``ChecklistItem`` objects in place: the tab changes them with core's
``confirm/reject/annotate/attach`` and then calls :meth:`ChecklistTreeModel.item_changed`.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from workbench.core.checklist import ChecklistItem, load_checklist
from workbench.core.errors import WorkbenchError
from workbench.ui.diagnosis.look import STATUS_LABELS, one_line, status_colour

ItemRole = Qt.ItemDataRole.UserRole + 1  # the ChecklistItem of a row (None on a step row)
QUESTION, STATUS, EVIDENCE, NOTE = range(4)
HEADERS = ("Item", "Status", "Evidence", "Note")

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole
_SERVED = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _FONT, ItemRole})
_STEP_ID = 0  # internalId of a step row; an item row's internalId is its step row + 1


def step_titles() -> dict[str, str]:
    """Step id → "Title (中文)" from the shipped flow; empty when the checklist files are broken."""
    try:
        steps = load_checklist().steps
    except WorkbenchError:
        return {}
    return {s.id: f"{s.title} ({s.title_zh})" if s.title_zh else s.title for s in steps}


def shown_status(item: ChecklistItem) -> str:
    """The engineer's decision when there is one, else the pre-filled status."""
    return item.decision or item.status


class ChecklistTreeModel(QAbstractItemModel):
    """Step rows with their items as children, in the order given (build_checklist's flow order)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: list[tuple[str, list[ChecklistItem]]] = []
        self._titles = step_titles()

    def set_items(self, items: list[ChecklistItem]) -> None:
        self.beginResetModel()
        order = list(dict.fromkeys(item.step for item in items))
        self._steps = [(step, [i for i in items if i.step == step]) for step in order]
        self.endResetModel()

    def item(self, index: ModelIndex) -> ChecklistItem | None:
        if not index.isValid() or index.internalId() == _STEP_ID:
            return None
        return self._steps[index.internalId() - 1][1][index.row()]

    def find(self, item_id: str, column: int = 0) -> QModelIndex:
        """The index of the item with ``item_id`` (invalid when there is none)."""
        for group, (_step, items) in enumerate(self._steps):
            for row, item in enumerate(items):
                if item.id == item_id:
                    return self.createIndex(row, column, group + 1)
        return QModelIndex()

    def item_changed(self, item_id: str) -> None:
        """Repaint the row of an item changed in place (decision, note, evidence)."""
        first, last = self.find(item_id, 0), self.find(item_id, len(HEADERS) - 1)
        if first.isValid():
            self.dataChanged.emit(first, last)
            step = first.parent()
            self.dataChanged.emit(step.siblingAtColumn(STATUS), step.siblingAtColumn(STATUS))

    def index(self, row: int, column: int, parent: ModelIndex = _ROOT) -> QModelIndex:
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _STEP_ID) if row < len(self._steps) else QModelIndex()
        if parent.internalId() != _STEP_ID or parent.column() != 0 or parent.row() >= len(self._steps):
            return QModelIndex()
        if row >= len(self._steps[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: ModelIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _STEP_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _STEP_ID)

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(self._steps)
        if parent.internalId() == _STEP_ID and parent.column() == 0:
            return len(self._steps[parent.row()][1])
        return 0

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        return len(HEADERS)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> object:
        if not index.isValid() or role not in _SERVED:
            return None
        if index.internalId() == _STEP_ID:
            return self._step_data(index, role)
        item = self._steps[index.internalId() - 1][1][index.row()]
        return self._item_data(item, index.column(), role)

    def _step_data(self, index: ModelIndex, role: int) -> object:
        step, items = self._steps[index.row()]
        if role == _FONT:
            font = QFont()
            font.setBold(True)
            return font
        if role == _DISPLAY and index.column() == QUESTION:
            return self._titles.get(step, step)
        if role == _DISPLAY and index.column() == STATUS:
            decided = sum(1 for i in items if i.decision)
            return f"{decided}/{len(items)} decided"
        return None

    def _item_data(self, item: ChecklistItem, column: int, role: int) -> object:
        status = shown_status(item)
        if role == ItemRole:
            return item
        if role == _FOREGROUND:
            return status_colour(status) if column == STATUS else None
        if role == _FONT:
            return None
        if role == _TOOLTIP:
            return item.note if column == NOTE and item.note else f"{item.question}\n\nHow: {item.how}"
        if column == QUESTION:
            prefix = f"[{item.layer}] " if item.step == "root_cause" and item.layer else ""
            return prefix + one_line(item.question, 160)
        if column == STATUS:
            return STATUS_LABELS.get(status, status)
        if column == EVIDENCE:
            return str(len(item.evidence)) if item.evidence else ""
        return one_line(item.note, 120)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if index.internalId() == _STEP_ID else base | Qt.ItemFlag.ItemNeverHasChildren
