"""One case: a header, its SLA clocks, and tabs for the timeline, findings, checklist and drafts.

The clocks are recomputed from the store's events at ``now()`` whenever the case changes (an event
added here, a reply recorded) and on the window's live timer, so a public reply shows its clock as
met at once. ``changed(case_id)`` tells the window to refresh the case list as well.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QTabWidget, QVBoxLayout, QWidget

from workbench.core.cases.model import utc_now
from workbench.core.cases.policy import SlaPolicy
from workbench.core.cases.sla import clocks
from workbench.core.cases.store import CaseFile, CaseStore
from workbench.ui.cases.case_models import ClockTableModel
from workbench.ui.cases.checklist import ChecklistTab
from workbench.ui.cases.findings import FindingsTab
from workbench.ui.cases.reply_editor import ReplyEditor
from workbench.ui.cases.timeline import TimelineTab
from workbench.ui.widgets.tables import list_table

TIMELINE_TAB, FINDINGS_TAB, CHECKLIST_TAB, DRAFTS_TAB = range(4)
_ROW_HEIGHT_SLACK = 6


def header_html(case_file: CaseFile) -> str:
    """``#3 ACME — title`` over ``P1 · open · ticket · owner · product``."""
    case = case_file.case
    facts = [case.priority, case.status.replace("_", " "), case.channel.replace("_", " "), case.owner or "no owner",
             case.product or "product unknown"]
    title = f" — {escape(case.title)}" if case.title else ""
    return (f"<span style='font-size:13pt'><b>#{case.id} {escape(case.customer)}</b>{title}</span><br>"
            + " · ".join(escape(f) for f in facts))


class CaseView(QWidget):
    """Signals: ``changed(case_id)`` after any edit the list must reflect, ``open_bundle_requested(path)``
    and ``evidence_requested(path, file, line)`` for the main window's log viewer."""

    changed = Signal(int)
    open_bundle_requested = Signal(str)
    evidence_requested = Signal(str, str, int)

    def __init__(self, store: CaseStore, parent: QWidget | None = None, *, now: Callable[[], datetime] = utc_now,
                 policy: Callable[[], SlaPolicy | None] = lambda: None) -> None:
        super().__init__(parent)
        self.store = store
        self.now = now
        self.policy = policy
        self.case_file: CaseFile | None = None
        self.header = QLabel("Select a case on the left, or open a new one from a bundle.", self)
        self.header.setWordWrap(True)
        self.clock_model = ClockTableModel(self)
        self.clock_table = self._make_clock_table()
        self.timeline = TimelineTab(store, self, now=now)
        self.findings = FindingsTab(self)
        self.checklist = ChecklistTab(store, self)
        self.editor = ReplyEditor(store, self, now=now)
        self.tabs = QTabWidget(self)
        for widget, title in ((self.timeline, "Timeline"), (self.findings, "Findings"),
                              (self.checklist, "Checklist"), (self.editor, "Drafts")):
            self.tabs.addTab(widget, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.clock_table)
        layout.addWidget(self.tabs, 1)
        self._connect()
        self.setEnabled(False)

    def _connect(self) -> None:
        self.timeline.changed.connect(self._on_case_edited)
        self.editor.sent.connect(self._on_editor_sent)
        self.findings.open_bundle_requested.connect(self.open_bundle_requested)
        self.findings.evidence_requested.connect(self.evidence_requested)

    def _make_clock_table(self) -> QTableView:
        table = list_table(self, self.clock_model, widths=(120, 80, 130, 200, 90), stretch_last=True,
                           selection=QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a display of the clocks, nothing to act on
        return table

    def _fit_clock_table(self) -> None:
        """Exactly as tall as its (up to three) rows: no scroll bar, no empty space."""
        rows = self.clock_model.rowCount()
        height = self.clock_table.horizontalHeader().height() + _ROW_HEIGHT_SLACK
        height += sum(self.clock_table.rowHeight(row) for row in range(rows))
        self.clock_table.setFixedHeight(height)

    @property
    def case_id(self) -> int:
        return self.case_file.case.id if self.case_file else 0

    def load(self, case_id: int) -> None:
        """Show ``case_id`` (its drafts are saved first if another case was open)."""
        self.editor.save()
        self.case_file = self.store.open_case(case_id)
        self.setEnabled(True)
        self.header.setText(header_html(self.case_file))
        self.refresh_clocks()
        self.timeline.load(case_id)
        self.findings.load(self.case_file)
        self.checklist.load(case_id)
        self.editor.load(self.case_file)

    def clear(self) -> None:
        """No case selected."""
        self.editor.save()
        self.case_file = None
        self.header.setText("Select a case on the left, or open a new one from a bundle.")
        self.clock_model.set_items([])
        self.setEnabled(False)

    def refresh_clocks(self) -> None:
        """Recompute the clocks at ``now()`` from the stored events (the live timer calls this)."""
        if self.case_file is None:
            return
        case = self.store.get_case(self.case_id)
        self.clock_model.set_items(clocks(case, self.store.events(self.case_id), self.now(), self.policy()))
        self._fit_clock_table()

    @Slot(int)
    def _on_case_edited(self, case_id: int) -> None:
        if case_id != self.case_id:
            return
        self.case_file = self.store.open_case(case_id)
        self.header.setText(header_html(self.case_file))
        self.refresh_clocks()
        self.timeline.load(case_id)
        self.editor.update_case(self.case_file)  # new status/priority: what the templates say follows
        self.changed.emit(case_id)

    @Slot(int)
    def _on_editor_sent(self, case_id: int) -> None:
        self._on_case_edited(case_id)
        if self.case_file is not None:  # the sent draft is gone: show the next one for the new state
            self.editor.load(self.case_file)
