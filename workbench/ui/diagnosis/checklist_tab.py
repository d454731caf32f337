"""The Checklist tab: the support flow's items with their status and pre-filled evidence, a note field,
and Confirm / Reject / Save note / Attach marks for the selected item.

Every change goes through core (``confirm``, ``reject``, ``annotate``, ``attach``) and is announced
as ``changed(json)`` with the whole checklist (core ``to_json``), so a case can store it.

Signals:
    evidence_activated(path, line): show this line in the log view (1-based line).
    changed(json): the checklist after an engineer's change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.checklist import ChecklistItem, annotate, attach, confirm, reject, to_json
from workbench.core.marks import Marks
from workbench.ui.diagnosis.checklist_model import EVIDENCE, NOTE, QUESTION, STATUS, ChecklistTreeModel
from workbench.ui.diagnosis.texts import checklist_html
from workbench.ui.diagnosis.tree_tab import TreeDetailTab

NO_ITEM = "<p>Select an item of the checklist to see how to check it and its evidence.</p>"
_STRETCH = QHeaderView.ResizeMode.Stretch
_FIT = QHeaderView.ResizeMode.ResizeToContents
_INTERACTIVE = QHeaderView.ResizeMode.Interactive


class ChecklistTab(TreeDetailTab):
    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[ChecklistItem] = []
        self.marks: Marks | None = None
        self.model = ChecklistTreeModel(self)
        self.tree = self._make_tree({QUESTION: _STRETCH, STATUS: _FIT, EVIDENCE: _FIT, NOTE: _INTERACTIVE})
        self.tree.header().resizeSection(NOTE, 120)
        self._make_detail()
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText("Your note on this item (what you checked, what the customer said)")
        self.note.setMaximumHeight(72)
        self.confirm_button = QPushButton("Confirm", self)
        self.reject_button = QPushButton("Reject", self)
        self.note_button = QPushButton("Save note", self)
        self.attach_button = QPushButton("Attach marks", self)
        self.attach_button.setToolTip("Attach the lines marked in the log view to this item as evidence")
        self.summary = QLabel(self)
        self._build_layout()
        self._connect()
        self.set_items([])

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.confirm_button, self.reject_button, self.note_button, self.attach_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.detail, 2)
        column.addWidget(self.evidence_label)
        column.addWidget(self.evidence, 2)
        column.addWidget(self.note)
        column.addLayout(buttons)
        splitter = self._split(right, stretch=(3, 2))
        splitter.setSizes([600, 400])  # questions are long: the tree gets the larger share
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self._connect_tree()
        self.confirm_button.clicked.connect(self.confirm_current)
        self.reject_button.clicked.connect(self.reject_current)
        self.note_button.clicked.connect(self.annotate_current)
        self.attach_button.clicked.connect(self.attach_marks)

    # -- content -----------------------------------------------------------------------------------

    def set_items(self, items: list[ChecklistItem]) -> None:
        """Show ``items`` (no ``changed`` signal: nothing was changed by the engineer)."""
        current = self.current_item()
        self.items = items
        self.model.set_items(items)
        self.tree.expandAll()
        self._update_summary()
        self._keep_or_select_first(self.model.find(current.id) if current else QModelIndex())

    def set_marks(self, marks: Marks | None) -> None:
        """The viewer's marks (read when "Attach marks" is pressed)."""
        self.marks = marks

    def select_item(self, item_id: str) -> bool:
        return self._select(self.model.find(item_id))

    def current_item(self) -> ChecklistItem | None:
        return self.model.item(self.tree.currentIndex())

    def _update_summary(self) -> None:
        decided = sum(1 for i in self.items if i.decision)
        with_evidence = sum(1 for i in self.items if i.status == "evidence")
        self.summary.setText(f"{len(self.items)} items · {with_evidence} with evidence · {decided} decided"
                             if self.items else "No checklist before the bundle is analysed.")

    def _show_item(self, item: ChecklistItem | None) -> None:
        self._show_detail(checklist_html(item) if item else NO_ITEM, list(item.evidence) if item else None)
        self.note.setPlainText(item.note if item else "")
        for button in (self.confirm_button, self.reject_button, self.note_button, self.attach_button):
            button.setEnabled(item is not None)

    def _show_current(self) -> None:
        self._show_item(self.current_item())

    # -- the engineer's operations ------------------------------------------------------------------

    def _apply(self, operation: Callable[[ChecklistItem], object]) -> bool:
        item = self.current_item()
        if item is None:
            return False
        operation(item)
        self.model.item_changed(item.id)
        self._show_item(item)
        self._update_summary()
        self.changed.emit(to_json(self.items))
        return True

    @Slot()
    def confirm_current(self) -> bool:
        """Confirm the selected item, with the note field as its note."""
        return self._apply(lambda item: confirm(self.items, item.id, self.note.toPlainText().strip()))

    @Slot()
    def reject_current(self) -> bool:
        return self._apply(lambda item: reject(self.items, item.id, self.note.toPlainText().strip()))

    @Slot()
    def annotate_current(self) -> bool:
        """Save the note field as the selected item's note."""
        return self._apply(lambda item: annotate(self.items, item.id, self.note.toPlainText().strip()))

    @Slot()
    def attach_marks(self) -> int:
        """Attach the viewer's marks (not yet attached) to the selected item; how many were attached."""
        item = self.current_item()
        if item is None:
            return 0
        if not self.marks:
            self.summary.setText("No marks to attach: press m on a log line to mark it, then attach.")
            return 0
        have = {(str(e.get("file")), int(e.get("line", 0))) for e in item.evidence if e.get("marked")}
        fresh = [e for e in self.marks.evidence() if (e["file"], e["line"]) not in have]
        if fresh:
            self._apply(lambda current: [attach(self.items, current.id, entry) for entry in fresh])
        return len(fresh)
