"""The case timeline: every event in time order, and buttons that add one through a small dialog.

Events are the truth of a case (issue 8): a status or priority change is an event like a message.
After each new event the view emits ``changed(case_id)`` so the window recomputes the SLA clocks and
the case list at once (a public reply stops the response clock the moment it is recorded).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.cases.model import PRIORITIES, STATUSES, utc_now
from workbench.core.cases.store import CaseStore
from workbench.core.errors import WorkbenchError
from workbench.ui.cases.case_models import EventTableModel
from workbench.ui.cases.look import EVENT_LABELS, event_icon
from workbench.ui.widgets.tables import list_table

# The events an engineer adds by hand, in button order ("created"/"reopened" come from the store).
ADDABLE = ("customer_message", "public_reply", "internal_note", "status_change", "priority_change")
_BUTTON_TEXT = {"customer_message": "Customer message…", "public_reply": "Public reply…",
                "internal_note": "Internal note…", "status_change": "Change status…",
                "priority_change": "Change priority…"}


def to_qdatetime(moment: datetime) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000))


def from_qdatetime(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toMSecsSinceEpoch() / 1000, UTC)


@dataclass
class NewEvent:
    """What the dialog asks the store to record."""

    kind: str
    at: datetime
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)


class EventDialog(QDialog):
    """Time, text and (for a status or priority change) the new value of one event."""

    def __init__(self, kind: str, at: datetime, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle(EVENT_LABELS.get(kind, kind))
        self.setWindowIcon(event_icon(kind))
        self.when = QDateTimeEdit(to_qdatetime(at), self)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.choice = QComboBox(self)
        choices = STATUSES[1:] if kind == "status_change" else PRIORITIES if kind == "priority_change" else ()
        for value in choices:
            self.choice.addItem(value.replace("_", " "), value)
        if current and self.choice.findData(current) >= 0:
            self.choice.setCurrentIndex(self.choice.findData(current))
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText("What was said or why (optional for a change)")
        form = QFormLayout(self)
        form.addRow("When", self.when)
        if choices:
            form.addRow("New status" if kind == "status_change" else "New priority", self.choice)
        form.addRow("Text", self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(460, 300)

    def value(self) -> NewEvent:
        data = {"to": self.choice.currentData()} if self.choice.count() else {}
        return NewEvent(self.kind, from_qdatetime(self.when.dateTime()), self.text.toPlainText().strip(), data)


class TimelineTab(QWidget):
    """Events of one case with "add" buttons. Emits ``changed(case_id)`` after recording an event."""

    changed = Signal(int)

    def __init__(self, store: CaseStore, parent: QWidget | None = None, *,
                 now: Callable[[], datetime] = utc_now) -> None:
        super().__init__(parent)
        self.store = store
        self.now = now
        self.case_id = 0
        self.model = EventTableModel(self)
        self.table = self._make_table()
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for kind in ADDABLE:
            button = QPushButton(event_icon(kind), _BUTTON_TEXT[kind], self)
            button.clicked.connect(lambda _checked=False, k=kind: self._on_add_clicked(k))
            self.buttons[kind] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def _make_table(self) -> QTableView:
        return list_table(self, self.model, widths=(130, 150, 70), stretch_last=True,
                          selection=QAbstractItemView.SelectionMode.ExtendedSelection)

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.model.set_items(self.store.events(case_id))
        self.table.scrollToBottom()

    def _on_add_clicked(self, kind: str) -> None:
        if not self.case_id:
            return
        case = self.store.get_case(self.case_id)
        current = case.status if kind == "status_change" else case.priority if kind == "priority_change" else ""
        dialog = EventDialog(kind, self.now(), current, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.record(dialog.value())

    def record(self, event: NewEvent) -> bool:
        """Write ``event`` to the store; a refused one (e.g. before creation) is explained in a box."""
        try:
            self.store.add_event(self.case_id, event.kind, at=event.at, text=event.text, data=event.data)
        except WorkbenchError as exc:
            QMessageBox.warning(self, "Cannot add the event", str(exc))
            return False
        self.load(self.case_id)
        self.changed.emit(self.case_id)
        return True
