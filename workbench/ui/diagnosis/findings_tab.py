"""The Findings tab: what is missing, the suggested priority (overridable), findings by layer, and the
selected finding's meaning, advice, fix type, knowledge-base links and evidence lines.

Signals:
    evidence_activated(path, line): show this line in the log view (1-based line).
    kb_requested(article_id): open this article (the panel switches to its Knowledge tab).
    priority_changed(priority): the engineer chose a priority ("P0".."P3").
    benign_requested(entry, finding): "Mark as benign…" on an evidence line (the panel asks and saves).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.priority import PRIORITIES
from workbench.ui.diagnosis.finding_model import FIX, SEVERITY, TITLE, FindingsTreeModel
from workbench.ui.diagnosis.texts import KB_SCHEME, finding_html
from workbench.ui.diagnosis.tree_tab import TreeDetailTab

NO_FINDINGS = "<p>No findings: select a finding on the left to see what it means and its evidence.</p>"


class MissingBox(QGroupBox):
    """The consolidated request for what the customer still has to send, with a Copy button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Missing information", parent)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton("Copy", self)
        self.copy_button.setToolTip("Copy the request to paste into the reply to the customer")
        self.message = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.set_message("", analysed=False)

    def set_message(self, message: str, analysed: bool = True) -> None:
        self.message = message
        if message:
            self.text.setText(message)
        else:
            self.text.setText("Nothing missing: the bundle has every fact the first reply needs." if analysed
                              else "No bundle analysed yet.")
        self.copy_button.setEnabled(bool(message))

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.message)


class PriorityRow(QWidget):
    """Suggested priority with its reason, and the combo the engineer overrides it with."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.addItems(list(PRIORITIES))
        self.combo.setToolTip("The case priority: the suggestion, or your own choice")
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.suggested: str | None = None
        self._reason = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Priority", self))
        layout.addWidget(self.combo)
        layout.addWidget(self.reason, 1)
        self.combo.currentTextChanged.connect(self._on_combo_text_changed)
        self.set_suggestion(None)

    def set_suggestion(self, suggestion: dict | None, override: str | None = None) -> None:
        """Show the suggestion; the combo shows ``override`` when the engineer chose one (no signal)."""
        self.suggested = suggestion.get("priority") if suggestion else None
        self.combo.blockSignals(True)
        self.combo.setCurrentText(override or self.suggested or "P3")
        self.combo.blockSignals(False)
        self.combo.setEnabled(suggestion is not None or override is not None)
        self._reason = str(suggestion.get("reason", "")) if suggestion else ""
        self._update_reason()

    def _update_reason(self) -> None:
        if self.suggested is None:
            self.reason.setText("no suggestion before the bundle is analysed")
            return
        chosen = self.combo.currentText()
        own = f" · overridden: {chosen}" if chosen != self.suggested else ""
        self.reason.setText(f"suggested {self.suggested}: {self._reason}{own}")

    @Slot(str)
    def _on_combo_text_changed(self, text: str) -> None:
        self._update_reason()
        self.changed.emit(text)


class FindingsTab(TreeDetailTab):
    kb_requested = Signal(str)
    priority_changed = Signal(str)
    benign_requested = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.missing = MissingBox(self)
        self.priority = PriorityRow(self)
        self.model = FindingsTreeModel(self)
        self.tree = self._make_tree({TITLE: QHeaderView.ResizeMode.Stretch,
                                     SEVERITY: QHeaderView.ResizeMode.ResizeToContents,
                                     FIX: QHeaderView.ResizeMode.ResizeToContents})
        self._make_detail()
        self.detail.setOpenLinks(False)  # knowledge-base links open the Knowledge tab, not a browser
        self.show_button = QPushButton("Show in log", self)
        self.benign_button = QPushButton("Mark as benign…", self)
        self.benign_button.setToolTip("This line is known noise: save a pattern so it no longer counts as evidence")
        self.summary = QLabel(self)
        self._build_layout()
        self._connect()
        self.set_findings([])

    def _build_layout(self) -> None:
        right = QWidget(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.evidence_label, 1)
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.benign_button)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.detail, 3)
        column.addLayout(buttons)
        column.addWidget(self.evidence, 2)
        splitter = self._split(right, stretch=(1, 1))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.missing)
        layout.addWidget(self.priority)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        self._connect_tree()
        self.detail.anchorClicked.connect(self._on_detail_anchor_clicked)
        self.show_button.clicked.connect(self._on_show_clicked)
        self.benign_button.clicked.connect(self._on_benign_clicked)
        self.priority.changed.connect(self.priority_changed)

    def set_findings(self, findings: list[dict]) -> None:
        """Show ``findings``; the finding selected before stays selected when it is still there."""
        current = self.current_finding()
        self.model.set_findings(findings)
        self.tree.expandAll()
        counts = ", ".join(f"{n} {layer}" for layer, n in self.model.layers())
        self.summary.setText(f"{len(findings)} finding(s): {counts}" if findings else "No findings.")
        self._keep_or_select_first(self.model.find(str(current.get("id"))) if current else QModelIndex())

    def select_finding(self, finding_id: str) -> bool:
        """Make the finding with ``finding_id`` current; False when it is not shown."""
        return self._select(self.model.find(finding_id))

    def current_finding(self) -> dict | None:
        return self.model.finding(self.tree.currentIndex())

    def _show_finding(self, finding: dict | None) -> None:
        entries = list(finding.get("evidence", [])) if finding else []
        self._show_detail(finding_html(finding) if finding else NO_FINDINGS, entries if finding else None)
        for button in (self.show_button, self.benign_button):
            button.setEnabled(bool(entries))

    def _show_current(self) -> None:
        self._show_finding(self.current_finding())

    @Slot(QUrl)
    def _on_detail_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == KB_SCHEME:
            self.kb_requested.emit(url.path())

    @Slot()
    def _on_show_clicked(self) -> None:
        if self.evidence.currentIndex().isValid():
            self.evidence.choose(self.evidence.currentIndex().row())

    @Slot()
    def _on_benign_clicked(self) -> None:
        entry, finding = self.evidence.current_entry(), self.current_finding()
        if entry is not None and finding is not None:
            self.benign_requested.emit(entry, finding)
