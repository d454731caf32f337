"""The case's root-cause checklist: each item's status and note are edited in place and saved at once.

The checklist is the case document ``"checklist"``: a list of items (``step``, ``layer``, ``question``,
``status``, ``evidence``, ``answer``, ``note``), or an object holding such a list under ``"items"``
(any other keys are kept). ``workbench.core.checklist`` owns the format; when it is importable its
``from_json``/``to_json`` round-trip what is saved, so this panel never writes a checklist that the
core would not read back.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.cases.store import CaseStore
from workbench.core.text.shorten import one_line
from workbench.ui.cases.look import status_colour
from workbench.ui.models.headers import ModelIndex
from workbench.ui.models.list_table import ListTableModel
from workbench.ui.widgets.tables import list_table

log = logging.getLogger(__name__)

STEP, LAYER, QUESTION, STATUS, ANSWER, EVIDENCE, NOTE = range(7)
HEADERS = ("Step", "Layer", "Question", "Status", "Answer", "Evidence", "Note")
# What the diagnosis pre-fills ("evidence", "no_evidence", "not_checked") and what the engineer decides.
STATUSES = ("not_checked", "evidence", "no_evidence", "confirmed", "rejected")
DOCUMENT = "checklist"

_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_KEYS = {STEP: "step", LAYER: "layer", QUESTION: "question", STATUS: "status", ANSWER: "answer", NOTE: "note"}


def evidence_text(evidence: Any) -> str:
    """Evidence of an item on one line: ``file:line`` for entries that have them, else their text."""
    if not evidence:
        return ""
    entries = evidence if isinstance(evidence, list) else [evidence]
    parts = []
    for entry in entries:
        if isinstance(entry, dict) and entry.get("file"):
            parts.append(f"{entry['file']}:{entry.get('line', '')}".rstrip(":"))
        else:
            parts.append(one_line(str(entry.get("text", entry) if isinstance(entry, dict) else entry), 80))
    return "; ".join(parts)


def _core_codec() -> Any:
    try:
        from workbench.core import checklist as module  # written by another engineer; optional here
    except ImportError:
        return None
    return module if callable(getattr(module, "to_json", None)) and callable(getattr(module, "from_json", None)) \
        else None


def normalised(data: Any) -> Any:
    """``data`` round-tripped through the core checklist module when there is one (else as it is)."""
    codec = _core_codec()
    if codec is None:
        return data
    try:
        result = codec.to_json(codec.from_json(json.dumps(data, ensure_ascii=False)))
    except Exception:  # an older or newer format: keep what the engineer edited rather than lose it
        log.warning("the checklist module could not read the edited checklist; saved as edited", exc_info=True)
        return data
    return json.loads(result) if isinstance(result, str) else result


def load_items(store: CaseStore, case_id: int) -> tuple[Any, list[dict]]:
    """(the stored document, its list of items) — (None, []) when the case has no checklist."""
    document = store.document(case_id, DOCUMENT)
    if isinstance(document, list):
        return document, [item for item in document if isinstance(item, dict)]
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        return document, [item for item in document["items"] if isinstance(item, dict)]
    return None, []


class ChecklistModel(ListTableModel[dict]):
    """Checklist items; Status and Note are editable and each edit emits ``edited(row)``.

    The items are the document's own dicts: edits land in the document that is saved.
    """

    edited = Signal(int)
    headers = HEADERS
    roles = frozenset({_DISPLAY, _EDIT, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole})
    editable = frozenset({STATUS, NOTE})

    def cell(self, item: dict, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole:
            return status_colour(str(item.get("status"))) if column == STATUS else None
        if column == EVIDENCE:
            text = evidence_text(item.get("evidence"))
        elif column in _KEYS:
            text = str(item.get(_KEYS[column]) or "")
        else:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return text or None
        if role == _DISPLAY and column == STATUS:
            return text.replace("_", " ")
        return text if role == _EDIT else one_line(text, 160)

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid() or index.column() not in self.editable:
            return False
        item, key = self.items[index.row()], _KEYS[index.column()]
        text = str(value).strip() if value is not None else ""
        if index.column() == STATUS and not text:
            return False
        if str(item.get(key) or "") == text:
            return False
        item[key] = text
        self.dataChanged.emit(index, index, [_DISPLAY, _EDIT, Qt.ItemDataRole.ToolTipRole])
        self.edited.emit(index.row())
        return True

    def statuses(self) -> list[str]:
        """The status choices: the known ones plus any other the items use."""
        seen = [str(i.get("status")) for i in self.items if i.get("status") and i.get("status") not in STATUSES]
        return list(STATUSES) + sorted(set(seen))


class StatusDelegate(QStyledItemDelegate):
    """A combo box for the Status column."""

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:
        combo = QComboBox(parent)
        model = index.model()
        choices = model.statuses() if isinstance(model, ChecklistModel) else list(STATUSES)
        for status in choices:
            combo.addItem(status.replace("_", " "), status)
        return combo

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(_EDIT))))

    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), _EDIT)


class ChecklistTab(QWidget):
    """The checklist of one case, saved to the store after every edit. Emits ``saved(case_id)``."""

    saved = Signal(int)

    def __init__(self, store: CaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.case_id = 0
        self._document: Any = None
        self.model = ChecklistModel(self)
        self.table = self._make_table()
        self.empty = QLabel("No checklist for this case yet: the diagnosis fills it in when the bundle is analysed.")
        self.empty.setWordWrap(True)
        self.confirm_button = QPushButton("Confirm")
        self.reject_button = QPushButton("Reject")
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Selected items:"))
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.model.edited.connect(self._on_model_edited)
        self.confirm_button.clicked.connect(lambda: self.set_selected_status("confirmed"))
        self.reject_button.clicked.connect(lambda: self.set_selected_status("rejected"))

    def _make_table(self) -> QTableView:
        edit = QAbstractItemView.EditTrigger
        table = list_table(self, self.model, widths=(75, 65, 200, 95, 110, 100, 140),
                           selection=QAbstractItemView.SelectionMode.ExtendedSelection,
                           edit_triggers=edit.DoubleClicked | edit.EditKeyPressed | edit.SelectedClicked)
        table.setItemDelegateForColumn(STATUS, StatusDelegate(table))
        # The question is what one reads: it takes the width the other columns leave.
        table.horizontalHeader().setSectionResizeMode(QUESTION, QHeaderView.ResizeMode.Stretch)
        return table

    def load(self, case_id: int) -> None:
        """Show the checklist of ``case_id`` (or say there is none)."""
        self.case_id = case_id
        self._document, items = load_items(self.store, case_id)
        self.model.set_items(items)
        has = self._document is not None
        self.empty.setVisible(not has)
        for widget in (self.table, self.confirm_button, self.reject_button):
            widget.setEnabled(has)

    def set_selected_status(self, status: str) -> None:
        """Set ``status`` on the selected items (each edit is saved)."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        for row in rows:
            self.model.setData(self.model.index(row, STATUS), status)

    @Slot(int)
    def _on_model_edited(self, _row: int) -> None:
        if self._document is None or not self.case_id:
            return
        self.store.set_document(self.case_id, DOCUMENT, normalised(self._document))
        self.saved.emit(self.case_id)
