"""The diagnosis panel beside the log view: Findings, Checklist and Knowledge tabs.

Seam for the main window (everything else is internal):

    panel = DiagnosisPanel()
    panel.set_analysis(bundle, analysis)     # after analyze (see runner.analysis_runner); None clears
    panel.set_marks(controller.marks)        # the viewer's Marks: "Attach marks" reads them when pressed
    panel.evidence_activated.connect(controller.on_mark_activated)   # (path, 1-based line)
    panel.priority_changed.connect(...)      # the engineer's override, "P0".."P3"
    panel.checklist_changed.connect(...)     # the checklist as core to_json text, after every change
    panel.benign_added.connect(...)          # id of the benign rule saved locally (core local_benign)

``set_checklist(text)`` and ``set_priority_override(p)`` restore what a case stored. The panel drops
evidence lines that the engineer's benign patterns match (``benign.without_benign``), so a finding
marked benign disappears at once and after every re-analysis.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from workbench.core.analysis import Analysis
from workbench.core.bundle.model import Bundle
from workbench.core.checklist import ChecklistItem, build_checklist, from_json, to_json
from workbench.core.errors import WorkbenchError
from workbench.core.marks import Marks
from workbench.core.missing import ask_message, missing_info
from workbench.core.rules import add_benign
from workbench.core.rules.engine import ENV_VENDORS
from workbench.ui.diagnosis.benign import filtered_analysis
from workbench.ui.diagnosis.benign_dialog import BenignDialog
from workbench.ui.diagnosis.checklist_tab import ChecklistTab
from workbench.ui.diagnosis.findings_tab import FindingsTab
from workbench.ui.diagnosis.knowledge_tab import KnowledgeTab

FINDINGS_TAB, CHECKLIST_TAB, KNOWLEDGE_TAB = range(3)


def merge_decisions(fresh: list[ChecklistItem], old: list[ChecklistItem]) -> list[ChecklistItem]:
    """``fresh`` items (from a new analysis) keeping the engineer's decisions, notes and attached marks."""
    by_id = {item.id: item for item in old}
    for item in fresh:
        before = by_id.get(item.id)
        if before is None:
            continue
        item.decision, item.note = before.decision, before.note
        marked = [e for e in before.evidence if e.get("marked")]
        item.evidence += marked
        if marked:
            item.status = "evidence"
    return fresh


class DiagnosisPanel(QWidget):
    evidence_activated = Signal(str, int)
    priority_changed = Signal(str)
    checklist_changed = Signal(str)
    benign_added = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bundle: Bundle | None = None
        self.raw: Analysis | None = None  # as analyze returned it
        self.analysis: Analysis | None = None  # as shown: without benign evidence
        self.override: str | None = None
        self.state = QLabel(self)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.findings = FindingsTab(self)
        self.checklist = ChecklistTab(self)
        self.knowledge = KnowledgeTab(self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.findings, "Findings")
        self.tabs.addTab(self.checklist, "Checklist")
        self.tabs.addTab(self.knowledge, "Knowledge")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.state)
        layout.addWidget(self.tabs, 1)
        self._connect()
        self.set_analysis(None, None)

    def _connect(self) -> None:
        self.findings.evidence_activated.connect(self.evidence_activated)
        self.checklist.evidence_activated.connect(self.evidence_activated)
        self.findings.kb_requested.connect(self.open_article)
        self.findings.priority_changed.connect(self._on_priority_changed)
        self.findings.benign_requested.connect(self._on_benign_requested)
        self.checklist.changed.connect(self.checklist_changed)

    # -- seam --------------------------------------------------------------------------------------

    def set_analysis(self, bundle: Bundle | None, analysis: Analysis | None) -> None:
        """Show ``analysis`` of ``bundle``. Another bundle starts afresh; the same bundle analysed again
        keeps the engineer's priority override and checklist decisions, notes and attached marks."""
        if bundle is not self.bundle:
            self.override = None
            self.checklist.set_items([])
        self.bundle, self.raw = bundle, analysis
        self._show()

    def set_marks(self, marks: Marks | None) -> None:
        """The viewer's marks; "Attach marks" attaches those present when it is pressed."""
        self.checklist.set_marks(marks)

    def set_checklist(self, text: str) -> None:
        """Restore a checklist a case stored (core ``to_json`` text); text core cannot read is ignored."""
        try:
            items = from_json(text)
        except (ValueError, TypeError, AttributeError):
            return
        self.checklist.set_items(items)

    def checklist_json(self) -> str:
        return to_json(self.checklist.items)

    def set_priority_override(self, priority: str | None) -> None:
        """Show the engineer's stored priority instead of the suggestion (no signal)."""
        self.override = priority
        self.findings.priority.set_suggestion(self.analysis.priority if self.analysis else None, priority)

    def priority(self) -> str | None:
        """The priority in force: the engineer's, else the suggestion."""
        suggestion = self.analysis.priority if self.analysis else None
        return self.override or (suggestion or {}).get("priority")

    def show_progress(self, done: int, total: int, note: str = "") -> None:
        percent = f" {100 * done // total}%" if total else ""
        self.state.setText(f"Analysing…{percent} {note}".rstrip())

    def show_message(self, text: str) -> None:
        self.state.setText(text)

    def open_article(self, article_id: str) -> bool:
        """Show a knowledge-base article in the Knowledge tab and switch to it."""
        found = self.knowledge.show_article(article_id)
        if found:
            self.tabs.setCurrentIndex(KNOWLEDGE_TAB)
        return found

    # -- internals ---------------------------------------------------------------------------------

    def _show(self) -> None:
        bundle, raw = self.bundle, self.raw
        self.analysis = filtered_analysis(bundle, raw) if raw is not None else None
        findings = self.analysis.findings if self.analysis else []
        self.findings.set_findings(findings)
        self.findings.priority.set_suggestion(self.analysis.priority if self.analysis else None, self.override)
        self.findings.missing.set_message(ask_message(missing_info(bundle)) if bundle else "",
                                          analysed=bundle is not None)
        if bundle is not None and self.analysis is not None:
            items = build_checklist(findings, bundle)
            self.checklist.set_items(merge_decisions(items, self.checklist.items))
        self.tabs.setTabText(FINDINGS_TAB, f"Findings ({len(findings)})" if self.analysis else "Findings")
        self.state.setText(self._state_text())

    def _state_text(self) -> str:
        if self.analysis is None:
            return "Not analysed yet: open a bundle." if self.bundle is None else "Not analysed yet."
        hidden = len(self.raw.findings) - len(self.analysis.findings) if self.raw else 0
        benign = f" ({hidden} hidden as benign)" if hidden else ""
        return f"{len(self.analysis.findings)} finding(s){benign} · priority {self.priority() or '—'}"

    @Slot(str)
    def _on_priority_changed(self, priority: str) -> None:
        self.override = priority
        self.state.setText(self._state_text())
        self.priority_changed.emit(priority)

    def _vendor(self) -> str:
        fact = self.bundle.environment.get("sdk_vendor") if self.bundle else None
        return ENV_VENDORS.get(fact.value.lower(), "any") if fact else "any"

    @Slot(object, object)
    def _on_benign_requested(self, entry: dict, _finding: dict) -> None:
        dialog = BenignDialog(str(entry.get("text", "")), vendor=self._vendor(), parent=self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        regex, note, vendor = dialog.values()
        dialog.deleteLater()
        if not accepted:
            return
        try:
            rule = add_benign(regex, note, vendor, example=str(entry.get("text", "")).rstrip("…"))
        except (WorkbenchError, OSError) as exc:
            QMessageBox.warning(self, "Mark as benign", f"The pattern was not saved: {exc}")
            return
        self._show()
        self.benign_added.emit(rule.id)
