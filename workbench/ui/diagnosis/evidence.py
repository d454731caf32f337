"""Evidence lines (``{"file", "line", "text"}``) as a list the engineer can open in the log viewer.

Double-click or Enter on a line emits ``EvidenceView.chosen(path, line)`` (1-based line), the same
shape as the marks panel's ``activated``: the main window jumps its log view there.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from workbench.core.text.shorten import one_line
from workbench.ui.theme import monospace_font

EvidenceRole = Qt.ItemDataRole.UserRole + 1  # the evidence dict of a row
TOOLTIP_CHARS = 2000

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def location(entry: dict) -> str:
    """``file:line`` of an evidence entry."""
    return f"{entry.get('file', '?')}:{entry.get('line', '?')}"


def entry_text(entry: dict) -> str:
    """What a row shows: location, a marker for lines the engineer attached, and the line's text."""
    origin = " [marked]" if entry.get("marked") else (f" [{entry['fact']}]" if entry.get("fact") else "")
    return f"{location(entry)}{origin}  {one_line(entry.get('text', ''), 240)}"


def evidence_caption(entries: list[dict] | None) -> str:
    """The label above an evidence list: "Evidence: 3 lines" (just "Evidence" when nothing is selected)."""
    if entries is None:
        return "Evidence"
    count = len(entries)
    hint = " · double-click to show in the log" if count else ""
    return f"Evidence: {count} line{'' if count == 1 else 's'}{hint}"


class EvidenceListModel(QAbstractListModel):
    """Rows are evidence dicts (a snapshot: ``set_entries`` replaces them)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[dict] = []

    def set_entries(self, entries: list[dict]) -> None:
        self.beginResetModel()
        self._entries = [e for e in entries if isinstance(e, dict)]
        self.endResetModel()

    def entry_at(self, row: int) -> dict | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> object:
        if not index.isValid() or role not in (_DISPLAY, _TOOLTIP, EvidenceRole):
            return None
        entry = self._entries[index.row()]
        if role == EvidenceRole:
            return entry
        if role == _TOOLTIP:
            return f"{location(entry)}\n{str(entry.get('text', ''))[:TOOLTIP_CHARS]}\n\nDouble-click or Enter: show it"
        return entry_text(entry)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class EvidenceView(QListView):
    """The evidence list: ``chosen(path, line)`` on double-click or Enter (never on a single click)."""

    chosen = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.evidence_model = EvidenceListModel(self)
        self.setModel(self.evidence_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setUniformItemSizes(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setFont(monospace_font())
        self.doubleClicked.connect(self._on_double_clicked)

    def set_entries(self, entries: list[dict]) -> None:
        self.evidence_model.set_entries(entries)
        if self.evidence_model.rowCount():
            self.setCurrentIndex(self.evidence_model.index(0))

    def current_entry(self) -> dict | None:
        return self.evidence_model.entry_at(self.currentIndex().row()) if self.currentIndex().isValid() else None

    def choose(self, row: int) -> None:
        """Emit ``chosen`` for ``row`` (what double-click and Enter do)."""
        entry = self.evidence_model.entry_at(row)
        if entry is None:
            return
        try:
            line = int(entry.get("line", 1))
        except (TypeError, ValueError):
            line = 1
        self.chosen.emit(str(entry.get("file", "")), max(1, line))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.choose(self.currentIndex().row())
            event.accept()
        else:
            super().keyPressEvent(event)

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        self.choose(index.row())
