"""The diagnosis stored with a case: findings with their evidence and advice, and the way to the bundle.

The findings are the ones the case was opened with (or saved since); the bundle is the case's own
copy. The log viewer lives in the main window, so this tab only asks for it through signals:
``open_bundle_requested(path)`` and ``evidence_requested(path, file, line)``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.core.cases.store import CaseFile
from workbench.core.text.shorten import one_line
from workbench.ui.cases.case_models import FindingTableModel, ItemRole
from workbench.ui.widgets.panes import split_panes
from workbench.ui.widgets.tables import list_table

_EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 1  # (file, line) of an evidence entry
_FIX_FIELDS = (("target_version", "Target version"), ("upgrade_notes", "Upgrade notes"),
               ("config_change", "Config change"), ("code_change", "Code change"))


def finding_html(finding: dict[str, Any]) -> str:
    """Advice and fix of a finding as simple HTML for the detail pane."""
    parts = [f"<h3>{escape(str(finding.get('title', '')))}</h3>",
             f"<p><b>{escape(str(finding.get('severity', '')))}</b> · layer {escape(str(finding.get('layer', '')))}"
             f" · fix: {escape(str(finding.get('fix_type', '') or '—'))}</p>"]
    if finding.get("advice"):
        parts.append(f"<p>{escape(str(finding['advice']))}</p>")
    for key, label in _FIX_FIELDS:
        if finding.get(key):
            parts.append(f"<p><b>{label}:</b> {escape(str(finding[key]))}</p>")
    if finding.get("kb"):
        parts.append(f"<p><b>Knowledge base:</b> {escape(', '.join(map(str, finding['kb'])))}</p>")
    return "".join(parts)


def findings_of(case_file: CaseFile) -> list[dict]:
    """The case's findings document, else the findings inside its report."""
    findings = case_file.documents.get("findings")
    if not isinstance(findings, list):
        findings = (case_file.documents.get("report") or {}).get("findings") or []
    return [f for f in findings if isinstance(f, dict)]


class FindingsTab(QWidget):
    """Findings table, detail of the selected one, its evidence lines, and "Open bundle in viewer"."""

    open_bundle_requested = Signal(str)
    evidence_requested = Signal(str, str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bundle: Path | None = None
        self.model = FindingTableModel(self)
        self.table = self._make_table()
        self.detail = QTextBrowser(self)
        self.detail.setOpenLinks(False)
        self.evidence = QListWidget(self)
        self.evidence.setToolTip("Double-click a line to show it in the log viewer")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.open_button = QPushButton("Open bundle in viewer", self)
        self._build_layout()
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.evidence.itemActivated.connect(self._on_evidence_item_activated)
        self.open_button.clicked.connect(self._on_open_button_clicked)

    def _make_table(self) -> QTableView:
        table = list_table(self, self.model, widths=(70, 80, 330, 70, 80))
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the title
        return table

    def _build_layout(self) -> None:
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.detail)
        holder = QWidget(self)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("Evidence (file:line)", holder))
        box.addWidget(self.evidence, 1)
        lower.addWidget(holder)
        lower.setSizes([320, 420])
        split = split_panes(self, Qt.Orientation.Vertical, (self.table, lower), sizes=(170, 200))
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def load(self, case_file: CaseFile) -> None:
        """Show the findings and bundle state of ``case_file``."""
        findings = findings_of(case_file)
        self.model.set_items(findings)
        self.bundle = case_file.bundle if case_file.bundle_ok else None
        self.open_button.setEnabled(self.bundle is not None)
        self.open_button.setToolTip("" if self.bundle else self._bundle_problem(case_file))
        self.summary.setText(self._summary(case_file, findings))
        self.detail.clear()
        self.evidence.clear()
        if findings:
            self.table.selectRow(0)

    @staticmethod
    def _bundle_problem(case_file: CaseFile) -> str:
        if case_file.bundle is None:
            return "This case has no bundle"
        return f"The bundle copy is missing or changed since the case was made: {case_file.bundle}"

    @staticmethod
    def _summary(case_file: CaseFile, findings: list[dict]) -> str:
        report = case_file.documents.get("report") or {}
        missing = [str(m.get("ask") or m.get("field")) if isinstance(m, dict) else str(m)
                   for m in report.get("missing_info") or []]
        name = case_file.case.bundle_name or "no bundle"
        text = f"{len(findings)} finding{'s' * (len(findings) != 1)} · bundle: {name}"
        if case_file.bundle is not None and not case_file.bundle_ok:
            text += " (missing or changed!)"
        if missing:
            text += " · missing information: " + one_line("; ".join(missing), 160)
        return text

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.evidence.clear()
        if not rows:
            self.detail.clear()
            return
        finding = rows[0].data(ItemRole)
        self.detail.setHtml(finding_html(finding))
        for entry in finding.get("evidence") or []:
            file, line = str(entry.get("file", "")), int(entry.get("line") or 0)
            item = QListWidgetItem(f"{file}:{line}  {one_line(str(entry.get('text', '')), 160)}")
            item.setData(_EVIDENCE_ROLE, (file, line))
            item.setToolTip(str(entry.get("text", ""))[:2000])
            self.evidence.addItem(item)

    @Slot(QListWidgetItem)
    def _on_evidence_item_activated(self, item: QListWidgetItem) -> None:
        file, line = item.data(_EVIDENCE_ROLE)
        if self.bundle is not None:
            self.evidence_requested.emit(str(self.bundle), file, line)

    @Slot()
    def _on_open_button_clicked(self) -> None:
        if self.bundle is not None:
            self.open_bundle_requested.emit(str(self.bundle))
