"""What the Findings and Checklist tabs share: a grouped tree under a summary line on the left, the
selected row's detail and evidence lines on the right, and a selection that survives new content.

A subclass makes ``model`` and then the widgets through ``_make_tree`` and ``_make_detail`` (in the
order it wants them in the focus chain), lays out its right-hand column and hands it to ``_split``,
and says how the current row is shown in ``_show_current``.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.diagnosis.evidence import EvidenceView, evidence_caption
from workbench.ui.models.grouped_tree import GroupedTreeModel
from workbench.ui.widgets.panes import split_panes


class TreeDetailTab(QWidget):
    """Signals:
    evidence_activated(path, line): show this line in the log view (1-based line).
    """

    evidence_activated = Signal(str, int)
    model: GroupedTreeModel
    tree: QTreeView
    summary: QLabel
    detail: QTextBrowser
    evidence: EvidenceView
    evidence_label: QLabel
    splitter: QSplitter

    def _make_tree(self, resize_modes: dict[int, QHeaderView.ResizeMode]) -> QTreeView:
        """The tree over ``model``: whole rows selected, read-only, each column resized as given."""
        tree = QTreeView(self)
        tree.setModel(self.model)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = tree.header()
        header.setStretchLastSection(False)
        for column, mode in resize_modes.items():
            header.setSectionResizeMode(column, mode)
        return tree

    def _make_detail(self) -> None:
        """The detail pane, the evidence list and its caption."""
        self.detail = QTextBrowser(self)
        self.evidence = EvidenceView(self)
        self.evidence.setToolTip("Double-click or Enter: show the line in the log view")
        self.evidence_label = QLabel("Evidence", self)

    def _split(self, right: QWidget, stretch: tuple[int, int]) -> QSplitter:
        """``splitter``: the summary over the tree on the left, ``right`` beside it."""
        left = QWidget(self)
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.summary)
        left_column.addWidget(self.tree)
        self.splitter = split_panes(self, Qt.Orientation.Horizontal, (left, right), stretch=stretch)
        return self.splitter

    def _connect_tree(self) -> None:
        self.tree.selectionModel().selectionChanged.connect(self._on_tree_selection_changed)
        self.evidence.chosen.connect(self.evidence_activated)

    def _select(self, index: QModelIndex) -> bool:
        """Make ``index`` current and scroll to it; False when it is invalid (the row is not shown)."""
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        return index.isValid()

    def _keep_or_select_first(self, kept: QModelIndex) -> None:
        """After new content: ``kept`` (the row current before) when it is still shown, else the first
        item; with no items at all, the empty detail."""
        if self._select(kept):
            return
        first = self.model.index(0, 0, self.model.index(0, 0))
        if first.isValid():
            self.tree.setCurrentIndex(first)
        else:
            self._show_current()

    def _show_detail(self, html: str, entries: list[dict] | None) -> None:
        """``html`` in the detail pane, ``entries`` in the evidence list and its caption (None: no row
        selected, which the caption says differently from a row without evidence)."""
        self.detail.setHtml(html)
        self.evidence.set_entries(entries if entries is not None else [])
        self.evidence_label.setText(evidence_caption(entries))

    @Slot(QItemSelection, QItemSelection)
    def _on_tree_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_current()

    def _show_current(self) -> None:
        """Show the current row's detail and evidence (or what stands there when there is none)."""
        raise NotImplementedError
