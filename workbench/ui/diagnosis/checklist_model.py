"""The root-cause checklist as a tree: steps (identify → reproduce → root cause → solution → verification)
with their items; each item shows its question, status (the engineer's decision over the pre-filled
state), how many evidence lines it has, and the engineer's note.

The model shows core ``ChecklistItem`` objects in place: the tab changes them with core's
``confirm/reject/annotate/attach`` and then calls :meth:`ChecklistTreeModel.item_changed`.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt

from workbench.core.checklist import ChecklistItem, load_checklist
from workbench.core.errors import WorkbenchError
from workbench.core.text.shorten import one_line
from workbench.ui.diagnosis.look import STATUS_LABELS, status_colour
from workbench.ui.models.grouped_tree import GroupedTreeModel
from workbench.ui.models.headers import ModelIndex

ItemRole = Qt.ItemDataRole.UserRole + 1  # the ChecklistItem of a row (None on a step row)
QUESTION, STATUS, EVIDENCE, NOTE = range(4)
HEADERS = ("Item", "Status", "Evidence", "Note")

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole


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


class ChecklistTreeModel(GroupedTreeModel[ChecklistItem]):
    """Step rows with their items as children, in the order given (build_checklist's flow order)."""

    headers = HEADERS
    roles = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _FONT, ItemRole})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._titles = step_titles()

    def set_items(self, items: list[ChecklistItem]) -> None:
        order = list(dict.fromkeys(item.step for item in items))
        self.set_groups([(step, [i for i in items if i.step == step]) for step in order])

    def item(self, index: ModelIndex) -> ChecklistItem | None:
        return self.item_at(index)

    def find(self, item_id: str, column: int = 0) -> QModelIndex:
        """The index of the item with ``item_id`` (invalid when there is none)."""
        return self.index_where(lambda item: item.id == item_id, column)

    def item_changed(self, item_id: str) -> None:
        """Repaint the row of an item changed in place (decision, note, evidence)."""
        first, last = self.find(item_id, 0), self.find(item_id, len(HEADERS) - 1)
        if first.isValid():
            self.dataChanged.emit(first, last)
            step = first.parent()
            self.dataChanged.emit(step.siblingAtColumn(STATUS), step.siblingAtColumn(STATUS))

    def group_data(self, step: str, items: list[ChecklistItem], column: int, role: int) -> object:
        if role == _DISPLAY and column == QUESTION:
            return self._titles.get(step, step)
        if role == _DISPLAY and column == STATUS:
            decided = sum(1 for i in items if i.decision)
            return f"{decided}/{len(items)} decided"
        return None

    def item_data(self, step: str, item: ChecklistItem, column: int, role: int) -> object:
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
